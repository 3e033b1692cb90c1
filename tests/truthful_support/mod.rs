//! Shared by the `truthful_*` tests: a sandbox, a client with short waits, a journal in a
//! temporary directory, and the check that every journaled fate agrees with the sandbox.
#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

use zcrm_tui::journal::entry::{Body, Entry, FORMAT, Intent, Org as OrgInfo};
use zcrm_tui::journal::store::Store;
use zcrm_tui::journal::{self, Fate, Journal, OperationRecord};
use zcrm_tui::sandbox::{Sandbox, SandboxControl, SandboxOptions};
use zcrm_tui::zoho::{
    ClientConfig, ClientOptions, Removal, RemovalReport, RunOptions, ZohoClient, ZohoError,
};

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

/// A client of `sb` with its own credentials, 4 calls at once, API v8.
pub fn client_for(sb: &Sandbox, options: ClientOptions) -> ZohoClient {
    ZohoClient::with_options(
        ClientConfig {
            endpoints: sb.endpoints(),
            api_version: 8,
            credentials: sb.credentials(),
            concurrency: 4,
        },
        options,
    )
    .expect("client builds")
}

pub async fn env() -> Env {
    let sb = Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox starts");
    let ctl = sb.control();
    let client = client_for(&sb, options());
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

    pub fn crashed_run(&self, op: &str, removal: Removal, before: Vec<serde_json::Value>) {
        write_crashed_run(self.journal.dir(), op, removal, before);
    }

    pub async fn execute(&self, removal: &Removal) -> Result<(String, RemovalReport), ZohoError> {
        journal::execute(
            &self.client,
            &self.journal,
            "test",
            removal,
            RunOptions::default(),
        )
        .await
    }

    pub async fn resume(
        &self,
        record: &OperationRecord,
        opts: RunOptions,
    ) -> Result<journal::resume::Resumed, ZohoError> {
        journal::resume(&self.client, &self.journal, "test", record, opts).await
    }
}

/// Writes what a run killed right after sending its one call leaves in the journal in `dir`:
/// the intent (with `before`, its before-images) and `sending`.
pub fn write_crashed_run(dir: &Path, op: &str, removal: Removal, before: Vec<serde_json::Value>) {
    let store = Store::open(dir).unwrap();
    let ids = removal.ids();
    let intent = Intent {
        before,
        ..Intent::new("environment", OrgInfo::default(), removal, ids.clone())
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

/// The first fate of a Leads delete that the sandbox contradicts: removed ids must sit in the
/// bin, failed (or unsent) ones still be listed. Unknown claims nothing.
pub fn untrue_fate(ctl: &SandboxControl, fates: &[(String, Fate)]) -> Option<String> {
    fates.iter().find_map(|(id, f)| {
        let holds = match f {
            Fate::Removed { .. } => ctl.in_recycle_bin("Leads", id),
            Fate::Failed { .. } | Fate::NotAttempted { .. } => ctl.record_exists("Leads", id),
            Fate::Unknown => true,
        };
        (!holds).then(|| format!("{id} is journaled {f:?}, which the sandbox contradicts"))
    })
}

pub fn assert_deletes_truthful(ctl: &SandboxControl, record: &OperationRecord) {
    if let Some(untrue) = untrue_fate(ctl, &record.fates) {
        panic!("{untrue}");
    }
}
