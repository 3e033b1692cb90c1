//! 1,000 records removed through `journal::execute` while the sandbox misbehaves: 500s, 429s,
//! connections dropped after the delete landed, truncated JSON, empty 2xx bodies, answers lost
//! after the work was done, late landings past the client's timeout, an expired token, a
//! concurrency limit of 5. Afterwards the journal must account for every id exactly once, agree
//! with the sandbox's state, and no call may have carried more than 100 ids.

use crate::truthful_support;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use truthful_support::client_for;
use zcrm_tui::journal::entry::Body;
use zcrm_tui::journal::{self, Fate, Journal, OpState};
use zcrm_tui::sandbox::{Fault, Sandbox, SandboxControl, SandboxOptions};
use zcrm_tui::zoho::{ClientOptions, IdOutcome, Removal, RemovalObserver, RunOptions};

/// Turns the faults on once the before-images are read (the first removal call is about to
/// go), and expires every access token when the fourth call is sent.
struct Saboteur {
    ctl: SandboxControl,
    sent: AtomicUsize,
}

impl RemovalObserver for Saboteur {
    fn sending(&self, _call: usize, _ids: &[String], _attempt: u32) {
        let n = self.sent.fetch_add(1, Ordering::SeqCst);
        if n == 0 {
            self.ctl.inject_faults(&[
                Fault::InternalError,
                Fault::TooManyRequests,
                Fault::DropAfterApply,
                Fault::TruncatedAfterApply,
                Fault::InternalErrorAfterApply,
                Fault::EmptyAfterApply,
                Fault::LostAfterApply,
                Fault::LateLanding,
            ]);
            self.ctl.set_fault_mix(
                0.2,
                &[
                    Fault::InternalError,
                    Fault::TooManyRequests,
                    Fault::DropAfterApply,
                    Fault::TruncatedAfterApply,
                    Fault::EmptyAfterApply,
                    Fault::LostAfterApply,
                    Fault::LateLanding,
                ],
            );
        }
        if n == 3 {
            self.ctl.expire_access_tokens();
        }
    }
    fn retrying(&self, _call: usize, _attempt: u32, _reason: &str) {}
    fn answered(&self, _call: usize, _outcomes: &[IdOutcome]) {}
}

#[test]
fn a_thousand_deletes_under_faults_are_each_accounted_for_once() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let sb = rt
        .block_on(Sandbox::start(SandboxOptions {
            max_concurrency: Some(5),
            ..SandboxOptions::default()
        }))
        .unwrap();
    let ctl = sb.control();
    // Held past the client's timeout below, then carried out anyway.
    ctl.set_late_landing(Duration::from_millis(1500));
    let seeded: Vec<String> = ctl.record_ids("Leads");
    let ids = ctl.add_records("Leads", 1000);
    assert_eq!(ids.len(), 1000);
    let client = client_for(
        &sb,
        ClientOptions {
            backoff_base: Duration::from_millis(20),
            backoff_max: Duration::from_millis(200),
            timeout: Duration::from_secs(1),
            ..ClientOptions::default()
        },
    );
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("journal")).unwrap();
    let grants_before = ctl.token_grants();

    let removal = Removal::DeleteRecords {
        module: "Leads".into(),
        ids: ids.clone(),
        wf_trigger: false,
    };
    let opts = RunOptions {
        observer: Some(Arc::new(Saboteur {
            ctl: ctl.clone(),
            sent: AtomicUsize::new(0),
        })),
        ..RunOptions::default()
    };
    let (op, report) = rt
        .block_on(journal::execute(&client, &journal, "test", &removal, opts))
        .expect("the removal runs");
    ctl.clear_faults();
    // A call that landed late after the run gave up on it is in the bin now: what the journal
    // says must hold against the final state.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while ctl.late_landings_pending() > 0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(ctl.late_landings_pending(), 0);

    // The faults did strike, in at least 10% of the removal calls.
    let deletes: Vec<_> = ctl
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .collect();
    let faulted = deletes
        .iter()
        .filter(|r| r.status == 0 || r.status >= 400)
        .count();
    assert!(
        faulted * 10 >= deletes.len(),
        "{faulted} of {} delete calls faulted",
        deletes.len()
    );
    assert!(
        ctl.token_grants() > grants_before,
        "the expired token was refreshed"
    );
    // No call carried more than 100 ids.
    assert!(ctl.requests().iter().all(|r| r.ids <= 100));

    // The journal: the operation ended, every id once, matching the report.
    let record = journal
        .operation(&op)
        .unwrap()
        .expect("the operation is recorded");
    assert_eq!(record.summary.state, OpState::Finished);
    assert_eq!(record.summary.total, 1000);
    let journal_ids: Vec<&String> = record.fates.iter().map(|(id, _)| id).collect();
    let distinct: HashSet<&String> = journal_ids.iter().copied().collect();
    assert_eq!(distinct.len(), 1000);
    assert_eq!(distinct, ids.iter().collect::<HashSet<_>>());
    let reported: HashMap<&str, &IdOutcome> = report.outcomes.iter().map(|o| (o.id(), o)).collect();
    assert_eq!(reported.len(), 1000);
    for (id, fate) in &record.fates {
        let o = reported[id.as_str()];
        assert_eq!(
            matches!(fate, Fate::Removed { .. }),
            o.is_removed(),
            "journal and report disagree on {id}"
        );
        // A known fate is the truth: removed <=> in the recycle bin.
        if *fate != Fate::Unknown {
            assert_eq!(
                matches!(fate, Fate::Removed { .. }),
                ctl.in_recycle_bin("Leads", id),
                "journal says {fate:?} for {id}"
            );
        }
    }

    // Line by line: each id's final outcome was written exactly once, and every attempt of a
    // call carried at most 100 ids.
    let mut answered: HashMap<String, usize> = HashMap::new();
    // The daily files (the index beside them is not a journal file).
    let files = journal::store::Store::open(journal.dir())
        .unwrap()
        .files()
        .unwrap();
    for f in files {
        let (entries, skipped) = journal::store::read_file(&f).unwrap();
        assert_eq!(skipped, 0);
        for e in entries.into_iter().filter(|e| e.op == op) {
            match e.body {
                Body::Answered { outcomes, .. } | Body::Resolved { outcomes, .. } => {
                    for o in outcomes {
                        *answered.entry(o.id).or_default() += 1;
                    }
                }
                Body::Sending { ids, .. } => assert!(ids.len() <= 100),
                _ => {}
            }
        }
    }
    assert_eq!(answered.len(), 1000);
    assert!(answered.values().all(|n| *n == 1), "an id answered twice");

    // Ids the client could not confirm either way are settled by a resume, which checks the
    // recycle bin first and sends only what is really left.
    let s = &record.summary;
    eprintln!(
        "after the run: {} removed, {} failed, {} unknown; {faulted} of {} deletes faulted",
        s.removed,
        s.failed,
        s.unknown,
        deletes.len()
    );
    if record.summary.unknown > 0 || record.summary.not_attempted > 0 {
        rt.block_on(journal::resume(
            &client,
            &journal,
            "test",
            &record,
            RunOptions::default(),
        ))
        .expect("the resume runs");
    }
    let record = journal.operation(&op).unwrap().unwrap();
    assert_eq!(record.summary.unknown, 0);
    for (id, fate) in &record.fates {
        assert_eq!(
            matches!(fate, Fate::Removed { .. }),
            ctl.in_recycle_bin("Leads", id),
            "journal says {fate:?} for {id}"
        );
        if !matches!(fate, Fate::Removed { .. }) {
            assert!(ctl.record_exists("Leads", id), "{id} vanished unreported");
        }
    }
    assert!(
        record.summary.removed >= 900,
        "only {} removed",
        record.summary.removed
    );
    // Nothing outside the request was removed; no call carried more than 100 ids.
    for id in &seeded {
        assert!(!ctl.in_recycle_bin("Leads", id), "{id} was never asked for");
    }
    assert!(ctl.requests().iter().all(|r| r.ids <= 100));
    rt.block_on(sb.shutdown());
}
