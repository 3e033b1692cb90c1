//! A journal that stops being writable in the middle of a run (a full disk, a quota, a file-size
//! limit): no call leaves without its `sending` line on disk, the calls kept back say why, and
//! the journal never calls "not sent" an id the org no longer has.
//!
//! The failure is a real one: once the first answer is on disk, this process's file-size limit
//! (`RLIMIT_FSIZE`) is set to the journal file's size, so every later write to it fails with
//! `EFBIG`, as a write to a full disk fails with `ENOSPC`. The limit is the whole process's, the
//! test harness's own output included (a file, when CI sends it to one): so the two cases run
//! one after the other in the one test of this binary, and no other test can end (and print)
//! while the limit is set.

mod truthful_support;

use std::sync::{Arc, Mutex};

use zcrm_tui::journal::entry::Body;
use zcrm_tui::journal::store::Store;
use zcrm_tui::journal::{self, Fate, Journal};
use zcrm_tui::sandbox::{Sandbox, SandboxControl, SandboxOptions};
use zcrm_tui::zoho::{
    ClientConfig, IdOutcome, Removal, RemovalObserver, RemovalReport, RunOptions, ZohoClient,
};

fn set_file_size_limit(bytes: libc::rlim_t) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: plain system calls on this process. The signal ignored is the one a write past
    // the limit raises: its default kills the process; ignored, the write fails instead.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
}

/// Fills the disk, so to speak, once the first answer is recorded; counts the calls it is told
/// are sent.
struct FillsTheDisk {
    dir: std::path::PathBuf,
    filled: Mutex<bool>,
    sent: Mutex<usize>,
}

impl FillsTheDisk {
    fn new(j: &Journal) -> Arc<FillsTheDisk> {
        Arc::new(FillsTheDisk {
            dir: j.dir().to_path_buf(),
            filled: Mutex::new(false),
            sent: Mutex::new(0),
        })
    }
}

impl RemovalObserver for FillsTheDisk {
    fn sending(&self, _: usize, _: &[String], _: u32) {
        *self.sent.lock().unwrap() += 1;
    }
    fn retrying(&self, _: usize, _: u32, _: &str) {}
    fn answered(&self, _: usize, _: &[IdOutcome]) {
        let mut filled = self.filled.lock().unwrap();
        if !*filled {
            let size: u64 = std::fs::read_dir(&self.dir)
                .unwrap()
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
                .map(|e| e.metadata().unwrap().len())
                .max()
                .unwrap();
            set_file_size_limit(size);
            *filled = true;
        }
    }
}

fn client(sb: &Sandbox, concurrency: usize) -> ZohoClient {
    ZohoClient::with_options(
        ClientConfig {
            endpoints: sb.endpoints(),
            api_version: 8,
            credentials: sb.credentials(),
            concurrency,
        },
        truthful_support::options(),
    )
    .unwrap()
}

/// A sandbox (30 ms a call) with `n` more Leads, a journal on the target's disk, and the
/// delete of those Leads.
struct Setup {
    sb: Sandbox,
    ctl: SandboxControl,
    ids: Vec<String>,
    _dir: tempfile::TempDir,
    j: Journal,
    removal: Removal,
}

async fn setup(n: usize) -> Setup {
    let sb = Sandbox::start(SandboxOptions {
        latency: std::time::Duration::from_millis(30),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let ctl = sb.control();
    let ids = ctl.add_records("Leads", n);
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let j = Journal::open(&dir.path().join("journal")).unwrap();
    let removal = Removal::DeleteRecords {
        module: "Leads".into(),
        ids: ids.clone(),
        wf_trigger: false,
    };
    Setup {
        sb,
        ctl,
        ids,
        _dir: dir,
        j,
        removal,
    }
}

/// Runs `run` with the disk filling up after its first answer, the limit lifted afterwards.
async fn with_disk_filling<F>(
    j: &Journal,
    run: impl FnOnce(RunOptions) -> F,
) -> (String, RemovalReport, usize)
where
    F: std::future::Future<Output = Result<(String, RemovalReport), zcrm_tui::zoho::ZohoError>>,
{
    let watcher = FillsTheDisk::new(j);
    let opts = RunOptions {
        observer: Some(watcher.clone()),
        ..RunOptions::default()
    };
    let result = run(opts).await;
    set_file_size_limit(libc::RLIM_INFINITY);
    let (op, report) = result.expect("the run started: its intent was written");
    assert!(*watcher.filled.lock().unwrap(), "the disk filled mid-run");
    let told = *watcher.sent.lock().unwrap();
    (op, report, told)
}

/// The calls the org saw of `method` match the `sending` lines of `op` on disk, and the app
/// was told of those only; the ids kept back say the journal kept them.
fn sent_only_what_was_recorded(
    ctl: &SandboxControl,
    j: &Journal,
    op: &str,
    method: &str,
    report: &RemovalReport,
    told: usize,
) {
    let seen = ctl.requests().iter().filter(|r| r.method == method).count();
    let (entries, _) = Store::open(j.dir()).unwrap().read_all().unwrap();
    let written = entries
        .iter()
        .filter(|e| e.op == op && matches!(e.body, Body::Sending { .. }))
        .count();
    assert_eq!(
        seen, written,
        "{method} calls the org saw vs `sending` lines on disk"
    );
    assert_eq!(told, written, "calls the app was told were sent");
    let kept: Vec<&str> = (report.outcomes.iter())
        .filter_map(|o| match o {
            IdOutcome::NotAttempted { reason, .. } => Some(reason.as_str()),
            _ => None,
        })
        .collect();
    assert!(!kept.is_empty(), "the run stopped when the journal broke");
    for reason in kept {
        assert!(reason.contains("journal"), "kept back for {reason:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_the_journal_cannot_be_written_no_call_leaves_unrecorded() {
    a_delete_sends_nothing_unrecorded().await;
    an_undo_does_not_send_the_call_whose_sending_line_failed().await;
}

async fn a_delete_sends_nothing_unrecorded() {
    let Setup {
        sb,
        ctl,
        ids,
        _dir,
        j,
        removal,
    } = setup(2_000).await;
    let c = client(&sb, 4);
    let (op, report, told) =
        with_disk_filling(&j, |o| journal::execute(&c, &j, "test", &removal, o)).await;
    sent_only_what_was_recorded(&ctl, &j, &op, "DELETE", &report, told);
    for o in &report.outcomes {
        let exists = ctl.record_exists("Leads", o.id());
        match o {
            IdOutcome::Removed { .. } => assert!(!exists, "{} reported removed", o.id()),
            IdOutcome::NotAttempted { .. } => assert!(exists, "{} not sent, but gone", o.id()),
            other => panic!("unexpected outcome {other:?}"),
        }
    }
    // Read back, the journal never says "not sent" of a record the org no longer has.
    let record = j
        .operation(&op)
        .unwrap()
        .expect("the operation is recorded");
    assert_eq!(record.fates.len(), ids.len());
    for (id, fate) in &record.fates {
        let exists = ctl.record_exists("Leads", id);
        match fate {
            Fate::Removed { .. } => assert!(!exists, "{id}: journal says removed"),
            Fate::NotAttempted { .. } => assert!(exists, "{id}: journal says not sent, but gone"),
            Fate::Unknown => {}
            other => panic!("{id}: unexpected fate {other:?}"),
        }
    }
    sb.shutdown().await;
}

/// An undo (a restore) has no images to write between its calls: the line that fails is a
/// call's `sending`, and that call must not leave.
async fn an_undo_does_not_send_the_call_whose_sending_line_failed() {
    let Setup {
        sb,
        ctl,
        ids,
        _dir,
        j,
        removal,
    } = setup(500).await;
    let (deleted, report) =
        journal::execute(&client(&sb, 4), &j, "test", &removal, RunOptions::default())
            .await
            .unwrap();
    assert_eq!(report.removed(), 500);
    let record = j.operation_for_runs(&deleted).unwrap().unwrap();
    let plan = journal::undo_plan(&record, 8).unwrap();
    ctl.clear_requests();
    // One call at a time: the line that fails next is, most often, the next call's `sending`.
    let c = client(&sb, 1);
    let (op, report, told) =
        with_disk_filling(&j, |o| journal::undo(&c, &j, "test", &plan, o)).await;
    sent_only_what_was_recorded(&ctl, &j, &op, "POST", &report, told);
    let restored = ids
        .iter()
        .filter(|id| ctl.record_exists("Leads", id))
        .count();
    assert_eq!(report.removed(), restored, "restored as reported");
    assert!((100..500).contains(&restored), "{restored} restored");
    sb.shutdown().await;
}
