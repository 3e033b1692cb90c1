//! The real binary removing 1,000 Leads one call at a time against a slow sandbox: killed
//! (SIGKILL) or interrupted (Ctrl-C) in the middle, then `journal resume` finishes the job.
//! Every id ends removed exactly once, and the journal knows every id's fate.

use crate::cli_support as support;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::*;
use zcrm_tui::journal::{Fate, Journal, OpState};
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};

struct Slow {
    rt: tokio::runtime::Runtime,
    sb: Option<Sandbox>,
    home: tempfile::TempDir,
}

impl Slow {
    fn start() -> Slow {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let sb = rt
            .block_on(Sandbox::start(SandboxOptions {
                latency: Duration::from_millis(150),
                ..SandboxOptions::default()
            }))
            .unwrap();
        Slow {
            rt,
            sb: Some(sb),
            home: tempfile::tempdir().unwrap(),
        }
    }

    fn sb(&self) -> &Sandbox {
        self.sb.as_ref().unwrap()
    }

    fn data(&self) -> std::path::PathBuf {
        self.home.path().join("zdata")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let e = self.sb().endpoints();
        let c = self.sb().credentials();
        let mut cmd = bin(self.home.path());
        cmd.args(args)
            .args([
                "--api-domain",
                &e.api_domain,
                "--accounts-url",
                &e.accounts_url,
                "--client-id",
                &c.client_id,
            ])
            .env("ZCRM_CLIENT_SECRET", c.client_secret.expose())
            .env("ZCRM_REFRESH_TOKEN", c.refresh_token.expose())
            .env("ZCRM_DATA_DIR", self.data());
        cmd
    }

    /// Starts `delete Leads` of 1,000 new records, one call at a time.
    fn start_delete(&self) -> (Child, Vec<String>) {
        let ids = self.sb().control().add_records("Leads", 1000);
        let file = write_file(self.home.path(), "ids.txt", &ids.join("\n"), 0o600);
        let child = self
            .cmd(&[
                "delete",
                "Leads",
                "--ids-file",
                file.to_str().unwrap(),
                "--yes",
                "--wf-trigger",
                "false",
                "--concurrency",
                "1",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        (child, ids)
    }

    /// How many times each id was carried by a DELETE the sandbox carried out.
    fn deleted_counts(&self) -> HashMap<String, usize> {
        let mut n = HashMap::new();
        for r in self.sb().control().requests() {
            if r.method != "DELETE" || !(r.status == 200 || r.status == 207) {
                continue;
            }
            let ids: Vec<String> = match r.query.split('&').find_map(|kv| kv.strip_prefix("ids=")) {
                Some(list) => list.split(',').map(str::to_string).collect(),
                None => r
                    .path
                    .rsplit('/')
                    .next()
                    .map(str::to_string)
                    .into_iter()
                    .collect(),
            };
            for id in ids {
                *n.entry(id).or_default() += 1;
            }
        }
        n
    }
}

impl Drop for Slow {
    fn drop(&mut self) {
        if let Some(sb) = self.sb.take() {
            self.rt.block_on(sb.shutdown());
        }
    }
}

/// `answered` lines written so far in the journal directory.
fn answered_lines(dir: &Path) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    rd.filter_map(Result::ok)
        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
        .map(|t| {
            t.lines()
                .filter(|l| l.contains(r#""kind":"answered""#))
                .count()
        })
        .sum()
}

fn wait_for_answers(dir: &Path, child: &mut Child, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while answered_lines(dir) < n {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the removal ended before it could be interrupted"
        );
        assert!(Instant::now() < deadline, "no answers journaled in time");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Resumes `op` and checks that every id was removed exactly once, as the journal says.
fn resume_and_check(s: &Slow, op: &str, ids: &[String]) {
    let o = run(&mut s.cmd(&["journal", "resume", op, "--yes"]));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(&format!("Resumed operation {op}")),
        "{}",
        stdout(&o)
    );

    let ctl = s.sb().control();
    let counts = s.deleted_counts();
    for id in ids {
        assert!(ctl.in_recycle_bin("Leads", id), "{id} not removed");
        assert_eq!(
            counts.get(id),
            Some(&1),
            "{id} removed {:?} times",
            counts.get(id)
        );
    }
    let journal = Journal::open(&s.data().join("journal")).unwrap();
    let record = journal.operation(op).unwrap().unwrap();
    assert_eq!(record.summary.state, OpState::Stopped);
    assert_eq!(
        record.summary.removed,
        1000,
        "{:?}",
        (record.summary.unknown, record.summary.not_attempted)
    );
    assert!(
        record
            .fates
            .iter()
            .all(|(_, f)| matches!(f, Fate::Removed { .. })),
        "every fate is known"
    );
    // The resume is an operation of its own that names the one it finished.
    let ops = journal.operations().unwrap();
    assert_eq!(ops.len(), 2);
    let details = journal.details(&ops[0].id).unwrap().unwrap();
    assert_eq!(details.intent.resume_of.as_deref(), Some(op));
    assert_eq!(details.record.summary.state, OpState::Finished);
}

#[test]
fn a_killed_removal_is_resumed_to_completion() {
    let s = Slow::start();
    let (mut child, ids) = s.start_delete();
    wait_for_answers(&s.data().join("journal"), &mut child, 3);
    child.kill().unwrap(); // SIGKILL: no chance to write anything more
    child.wait().unwrap();

    let journal = Journal::open(&s.data().join("journal")).unwrap();
    let ops = journal.operations().unwrap();
    assert_eq!(ops.len(), 1);
    let killed = &ops[0];
    assert_eq!(killed.state, OpState::Running, "no end was written");
    assert!(killed.removed >= 300 && killed.removed < 1000, "{killed:?}");
    assert_eq!(killed.removed + killed.unknown + killed.not_attempted, 1000);

    // `journal show` says what is open.
    let o = run(bin(s.home.path())
        .args(["journal", "show", &killed.id])
        .env("ZCRM_DATA_DIR", s.data()));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("(interrupted)"), "{}", stdout(&o));

    resume_and_check(&s, &killed.id, &ids);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_after_the_calls_in_flight_and_resume_finishes() {
    let s = Slow::start();
    let (mut child, ids) = s.start_delete();
    wait_for_answers(&s.data().join("journal"), &mut child, 2);
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Stopping after the calls in flight"),
        "{}",
        stderr(&out)
    );
    let text = stdout(&out);
    assert!(text.contains("not sent"), "{text}");
    assert!(text.contains("zcrm-tui journal resume"), "{text}");

    let journal = Journal::open(&s.data().join("journal")).unwrap();
    let op = journal.operations().unwrap().remove(0);
    assert_eq!(op.state, OpState::Stopped);
    assert_eq!(op.unknown, 0, "the calls in flight finished");
    assert!(op.not_attempted > 0 && op.removed > 0, "{op:?}");
    assert_eq!(op.removed + op.not_attempted, 1000);

    resume_and_check(&s, &op.id, &ids);
}
