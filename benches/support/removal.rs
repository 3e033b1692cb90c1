//! What the removal benches share: a sandbox with generated Leads, the journaled delete the CLI
//! and the TUI run, and the pattern of Zoho's SDK samples.

use zcrm_tui::journal::{self, Journal};
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::zoho::{MAX_IDS_PER_CALL, Removal, RemovalReport, RunOptions, ZohoClient};

pub const MODULE: &str = "Leads";

/// A sandbox shaped by `options` with `records` generated Leads, and their ids.
pub async fn sandbox(options: SandboxOptions, records: usize) -> (Sandbox, Vec<String>) {
    let sb = Sandbox::start(options)
        .await
        .expect("sandbox starts on 127.0.0.1");
    let ids = sb.control().add_records(MODULE, records);
    assert_eq!(ids.len(), records, "sandbox generated the records");
    (sb, ids)
}

/// zcrm-tui as the admin runs it (CLI and TUI): before-images fetched first, every call
/// journaled with an fsync, through `journal::execute`.
pub async fn journaled(client: &ZohoClient, ids: Vec<String>, opts: RunOptions) -> RemovalReport {
    let dir = tempfile::tempdir().expect("a temporary journal directory");
    let journal = Journal::open(dir.path()).expect("the journal opens");
    let removal = Removal::DeleteRecords {
        module: MODULE.to_string(),
        ids,
        wf_trigger: false,
    };
    match journal::execute(client, &journal, "bench", &removal, opts).await {
        Ok((_, report)) => report,
        Err(e) => panic!("journal::execute refused the removal: {e}"),
    }
}

/// Zoho's SDK samples: build a list of up to 100 ids, call delete, wait for the answer, next.
pub async fn sdk_pattern(client: &ZohoClient, ids: &[String]) -> Vec<RemovalReport> {
    let mut out = Vec::new();
    for chunk in ids.chunks(MAX_IDS_PER_CALL) {
        match client.delete_records(MODULE, chunk, false, None).await {
            Ok(r) => out.push(r),
            Err(e) => panic!("delete_records refused the input: {e}"),
        }
    }
    out
}
