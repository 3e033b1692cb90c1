//! Group commit (issue 15): appends that arrive together share one fsync, and each still
//! returns only once its own line is in the file and synced.

use std::sync::{Arc, Barrier};

use zcrm_tui::journal::entry::{Body, EndState, Entry};
use zcrm_tui::journal::store::Store;

#[test]
fn concurrent_appends_are_each_in_the_file_when_they_return_with_fewer_fsyncs() {
    // On the disk the journal really uses: a tmpfs fsync costs nothing and groups nothing.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let store = Store::open(dir.path()).unwrap();
    let threads = 8;
    let each = 40;
    let start = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let store = store.clone();
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                for i in 0..each {
                    let op = format!("op-{t}-{i}");
                    let end = Body::End {
                        state: EndState::Finished,
                        note: Some(format!("line {i} of thread {t}")),
                    };
                    store.append(&Entry::now(&op, end)).unwrap();
                    // Returned: the line is in the file, whole, for any reader.
                    let files = store.files().unwrap();
                    let text = std::fs::read_to_string(&files[0]).unwrap();
                    assert!(
                        text.lines()
                            .any(|l| l.contains(&format!("\"op\":\"{op}\""))),
                        "{op} not in the file after its append returned"
                    );
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let appends = (threads * each) as u64;
    let (entries, skipped) = store.read_all().unwrap();
    assert_eq!((entries.len() as u64, skipped), (appends, 0));
    let fsyncs = store.fsyncs();
    eprintln!("{fsyncs} fsyncs for {appends} appends from {threads} threads");
    assert!(
        fsyncs >= 1 && fsyncs < appends,
        "{fsyncs} fsyncs for {appends} concurrent appends"
    );
}

#[test]
fn a_lone_append_is_synced_on_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    for i in 0..3 {
        let end = Body::End {
            state: EndState::Finished,
            note: None,
        };
        store.append(&Entry::now(&format!("op{i}"), end)).unwrap();
        assert_eq!(store.fsyncs(), i + 1, "nothing waits for company");
    }
}

use crate::truthful_support;

/// Passes each answer on only after checking that its `answered` line is already in the file.
/// It holds the first answer a while, as a slow disk or a busy receiver would: the answers that
/// arrive meanwhile come together by construction, not by how fast this machine's disk syncs
/// (on a disk whose fsync is quicker than the gap between two answers, none would ever wait).
struct SeesItWritten {
    dir: std::path::PathBuf,
    seen: std::sync::Mutex<Vec<usize>>,
    hold: std::time::Duration,
}

impl zcrm_tui::zoho::RemovalObserver for SeesItWritten {
    fn sending(&self, _: usize, _: &[String], _: u32) {}
    fn retrying(&self, _: usize, _: u32, _: &str) {}
    fn answered(&self, call: usize, _: &[zcrm_tui::zoho::IdOutcome]) {
        let files = Store::open(&self.dir).unwrap().files().unwrap();
        let text: String = files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect();
        let line = format!("\"kind\":\"answered\",\"call\":{call},");
        assert!(
            text.contains(&line),
            "call {call} acted on before it was written"
        );
        let first = {
            let mut seen = self.seen.lock().unwrap();
            seen.push(call);
            seen.len() == 1
        };
        if first {
            std::thread::sleep(self.hold);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_syncs_answers_that_come_together_once_and_passes_each_on_only_once_written() {
    use zcrm_tui::journal::{self, Journal};
    use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
    use zcrm_tui::zoho::{Removal, RunOptions};

    let sb = Sandbox::start(SandboxOptions {
        latency: std::time::Duration::from_millis(40),
        ..SandboxOptions::default()
    })
    .await
    .unwrap();
    let ids = sb.control().add_records("Leads", 2_000);
    let client = truthful_support::client_for(&sb, truthful_support::options());
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let j = Journal::open(&dir.path().join("journal")).unwrap();
    let seen = Arc::new(SeesItWritten {
        dir: j.dir().to_path_buf(),
        seen: Default::default(),
        hold: std::time::Duration::from_millis(300),
    });
    let removal = Removal::DeleteRecords {
        module: "Leads".into(),
        ids,
        wf_trigger: false,
    };
    let opts = RunOptions {
        observer: Some(seen.clone()),
        ..RunOptions::default()
    };
    let (op, report) = journal::execute(&client, &j, "test", &removal, opts)
        .await
        .unwrap();
    assert_eq!(report.removed(), 2_000);
    let mut calls = seen.seen.lock().unwrap().clone();
    calls.sort();
    assert_eq!(calls, (0..20).collect::<Vec<_>>(), "every answer passed on");
    let (entries, _) = Store::open(j.dir()).unwrap().read_all().unwrap();
    let lines = entries.len() as u64;
    eprintln!("{} fsyncs for {lines} lines", j.fsyncs());
    assert!(
        j.fsyncs() < lines,
        "{} fsyncs for {lines} lines",
        j.fsyncs()
    );
    let r = j.operation(&op).unwrap().unwrap();
    assert_eq!(r.summary.removed, 2_000);
    assert!(
        entries
            .last()
            .is_some_and(|e| matches!(e.body, Body::End { .. }))
    );
    sb.shutdown().await;
}
