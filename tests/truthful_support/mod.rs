//! Shared by the `truthful_*` tests: a sandbox, a client with short waits, a journal in a
//! temporary directory, and the check that every journaled fate agrees with the sandbox.
#![allow(dead_code)]

use std::time::Duration;

use zcrm_tui::journal::entry::{Body, Entry, FORMAT, Intent, Org as OrgInfo};
use zcrm_tui::journal::store::Store;
use zcrm_tui::journal::{Fate, Journal, OperationRecord};
use zcrm_tui::sandbox::{Sandbox, SandboxControl, SandboxOptions};
use zcrm_tui::zoho::{ClientConfig, ClientOptions, Removal, ZohoClient};

pub const CAMPAIGN: &str = "3652397000000327001";

pub struct Env {
    pub sb: Sandbox,
    pub ctl: SandboxControl,
    pub client: ZohoClient,
    pub journal: Journal,
    pub dir: tempfile::TempDir,
}

pub fn options() -> ClientOptions {
    ClientOptions {
        backoff_base: Duration::from_millis(5),
        backoff_max: Duration::from_millis(40),
        timeout: Duration::from_millis(1500),
        ..ClientOptions::default()
    }
}

pub async fn env() -> Env {
    let sb = Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox starts");
    let ctl = sb.control();
    let client = ZohoClient::with_options(
        ClientConfig {
            endpoints: sb.endpoints(),
            api_version: 8,
            credentials: sb.credentials(),
            concurrency: 4,
        },
        options(),
    )
    .expect("client builds");
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&dir.path().join("journal")).unwrap();
    Env {
        sb,
        ctl,
        client,
        journal,
        dir,
    }
}

impl Env {
    /// `n` new Leads, deletable.
    pub fn leads(&self, n: usize) -> Vec<String> {
        self.ctl.add_records("Leads", n)
    }

    pub fn delete(&self, ids: &[String]) -> Removal {
        Removal::DeleteRecords {
            module: "Leads".into(),
            ids: ids.to_vec(),
            wf_trigger: false,
        }
    }

    pub fn record(&self, op: &str) -> OperationRecord {
        self.journal
            .operation(op)
            .unwrap()
            .expect("the operation is journaled")
    }

    pub fn deletes_sent(&self) -> usize {
        self.ctl
            .requests()
            .iter()
            .filter(|r| r.method == "DELETE")
            .count()
    }

    /// Writes what a run killed right after sending its one call leaves: intent and `sending`.
    /// `before`: its before-images.
    pub fn crashed_run(&self, op: &str, removal: Removal, before: Vec<serde_json::Value>) {
        let store = Store::open(self.journal.dir()).unwrap();
        let ids = removal.ids();
        let intent = Intent {
            before,
            ..Intent::new("test", OrgInfo::default(), removal, ids.clone())
        };
        assert_eq!(intent.format, FORMAT);
        store
            .append(&Entry::now(op, Body::Intent(Box::new(intent))))
            .unwrap();
        store
            .append(&Entry::now(
                op,
                Body::Sending {
                    call: 0,
                    ids,
                    attempt: 1,
                },
            ))
            .unwrap();
    }
}

pub fn fate<'a>(record: &'a OperationRecord, id: &str) -> &'a Fate {
    &record
        .fates
        .iter()
        .find(|(i, _)| i == id)
        .unwrap_or_else(|| panic!("{id} not in the journal"))
        .1
}

pub fn is_removed(f: &Fate) -> bool {
    matches!(f, Fate::Removed { .. })
}

pub fn is_failed(f: &Fate) -> bool {
    matches!(f, Fate::Failed { .. })
}

/// Every known fate of a record delete agrees with the sandbox: removed ids sit in the bin,
/// failed (or unsent) ids are still listed. Unknown claims nothing.
pub fn assert_deletes_truthful(ctl: &SandboxControl, record: &OperationRecord) {
    for (id, f) in &record.fates {
        match f {
            Fate::Removed { .. } => {
                assert!(
                    ctl.in_recycle_bin("Leads", id),
                    "{id}: {f:?}, not in the bin"
                )
            }
            Fate::Failed { .. } | Fate::NotAttempted { .. } => {
                assert!(ctl.record_exists("Leads", id), "{id}: {f:?}, but removed")
            }
            Fate::Unknown => {}
        }
    }
}
