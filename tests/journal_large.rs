//! A large operation's journal is written in bounded lines (issue 12, case 7): an intent of
//! 20,001 ids with their before-images is a head and parts, never one giant line, and reads
//! back whole.

use crate::truthful_support;

use std::collections::HashSet;

use truthful_support::{client_for, options};
use zcrm_tui::journal::entry::Body;
use zcrm_tui::journal::lines::{BEFORE_BYTES_PER_LINE, IDS_PER_LINE};
use zcrm_tui::journal::{self, Fate, Journal};
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::zoho::{Removal, RunOptions};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_intent_is_written_in_bounded_lines_and_read_back_whole() {
    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let ctl = sb.control();
    let n = 2 * IDS_PER_LINE + 1;
    let ids = ctl.add_records("Leads", n);
    let client = client_for(&sb, options());
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open(&dir.path().join("journal")).unwrap();
    let removal = Removal::DeleteRecords {
        module: "Leads".into(),
        ids: ids.clone(),
        wf_trigger: false,
    };
    let (op, report) = journal::execute(&client, &j, "test", &removal, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(report.removed(), n);

    let mut parts = 0;
    for f in std::fs::read_dir(j.dir()).unwrap() {
        let path = f.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            assert!(
                line.len() <= 2 * BEFORE_BYTES_PER_LINE,
                "a line of {} bytes",
                line.len()
            );
        }
        let (entries, skipped) = journal::store::read_file(&path).unwrap();
        assert_eq!(skipped, 0);
        for e in entries {
            match e.body {
                Body::Intent(i) => {
                    assert!(i.ids.is_empty(), "the head carries no ids");
                    assert!(i.parts.unwrap_or(0) >= 3);
                }
                Body::IntentPart { .. } => parts += 1,
                _ => {}
            }
        }
    }
    assert!(parts >= 3, "{parts} parts");

    let record = j.operation(&op).unwrap().unwrap();
    assert_eq!(record.summary.total, n);
    let read: Vec<&String> = record.fates.iter().map(|(id, _)| id).collect();
    assert_eq!(read, ids.iter().collect::<Vec<_>>(), "every id, in order");
    assert!(
        record
            .fates
            .iter()
            .all(|(_, f)| matches!(f, Fate::Removed { .. }))
    );
    let imaged: HashSet<&str> = record
        .before
        .iter()
        .filter_map(|v| v["id"].as_str())
        .collect();
    assert_eq!(imaged.len(), n, "every before-image");
    sb.shutdown().await;
}
