//! A plan: the records a removal would remove, written to a file for review and applied later
//! (`zcrm-tui apply FILE`) only to records that did not change meanwhile (see [`drift`]).
//!
//! The file is JSON (one object, pretty-printed so that a reviewer can read and diff it). It is
//! written whole or not at all (a temporary file renamed into place) and read back with every
//! way it can be unusable told apart: missing, empty, too large, cut short, not JSON, not a plan,
//! a format this build does not know, or contents that contradict themselves (a count that is
//! not the number of records, an id twice, an id that is not one). Nothing in it is trusted
//! until it has been checked; nothing is sent for a plan that fails a check.

pub mod drift;
mod file;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use crate::journal::entry::Org;
use crate::zoho::query::Selector;
use crate::zoho::{Record, ZohoClient};

pub use file::{MAX_PLAN_BYTES, PlanError, read, read_with_limit, write};

/// The format this build writes and reads.
pub const FORMAT: u32 = 1;

/// What a plan does to its records. Only record deletes are planned today.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanOperation {
    Delete { module: String, wf_trigger: bool },
}

impl PlanOperation {
    pub fn module(&self) -> &str {
        match self {
            PlanOperation::Delete { module, .. } => module,
        }
    }
}

/// One record as it was when the plan was made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRecord {
    pub id: String,
    pub name: String,
    /// As the API wrote it; `None` when the read did not give it (such a record is refused at
    /// apply time: its change cannot be ruled out).
    pub modified_time: Option<String>,
}

/// The org a plan was made against: where the journal says an operation ran (API domain,
/// accounts server, version), plus the org's own id when `GET /org` gave it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOrg {
    pub api_domain: String,
    pub accounts_url: String,
    pub api_version: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<String>,
}

impl PlanOrg {
    /// The org `client` reaches; `org_id` from [`ZohoClient::org_identity`] when known.
    pub fn of(client: &ZohoClient, org_id: Option<String>) -> PlanOrg {
        let Org {
            api_domain,
            accounts_url,
            api_version,
        } = crate::journal::execute::org_of(client);
        PlanOrg {
            api_domain,
            accounts_url,
            api_version,
            org_id,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    /// Written first so that a reader can tell the format before anything else.
    pub format: u32,
    pub plan_id: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub profile: String,
    pub org: PlanOrg,
    pub operation: PlanOperation,
    /// The query that chose the records; `None` when the admin gave the ids.
    #[serde(default)]
    pub query: Option<Selector>,
    /// How many records the query matched when counted (`None`: ids given).
    #[serde(default)]
    pub matched: Option<u64>,
    pub count: usize,
    pub records: Vec<PlanRecord>,
}

impl Plan {
    /// A plan of `records` (as read with their name fields and `Modified_Time`), made now.
    pub fn from_records(
        operation: PlanOperation,
        query: Option<Selector>,
        matched: Option<u64>,
        records: &[Record],
        profile: &str,
        org: PlanOrg,
    ) -> Plan {
        let records: Vec<PlanRecord> = records
            .iter()
            .map(|r| PlanRecord {
                id: r.id.clone(),
                name: r.display_name(),
                modified_time: r
                    .fields
                    .get("Modified_Time")
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_string),
            })
            .collect();
        let now = Utc::now();
        Plan {
            format: FORMAT,
            // The journal's operation ids, marked: a plan id is never taken for an operation's.
            plan_id: format!("plan-{}", crate::journal::new_op_id()),
            created_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
            profile: profile.to_string(),
            org,
            operation,
            query,
            matched,
            count: records.len(),
            records,
        }
    }

    /// [`Plan::from_records`] for the org `client` reaches, its id read from `GET /org` (left
    /// out when the org does not say: the API domain still ties the plan to the org).
    pub async fn of_client(
        client: &ZohoClient,
        profile: &str,
        operation: PlanOperation,
        (query, matched): (Option<Selector>, Option<u64>),
        records: &[Record],
    ) -> Plan {
        let org_id = client.org_identity().await.ok().and_then(|o| o.id);
        let org = PlanOrg::of(client, org_id);
        Plan::from_records(operation, query, matched, records, profile, org)
    }

    /// The ids, in the plan's order.
    pub fn ids(&self) -> Vec<String> {
        self.records.iter().map(|r| r.id.clone()).collect()
    }

    /// When it was made, for the summary; the text as written when it does not parse.
    pub fn made(&self) -> String {
        DateTime::parse_from_rfc3339(&self.created_at)
            .map(|t| {
                t.with_timezone(&Utc)
                    .format("%Y-%m-%d %H:%M UTC")
                    .to_string()
            })
            .unwrap_or_else(|_| self.created_at.clone())
    }
}

/// The fields a plan's records are read with: the module's name fields and `Modified_Time`.
pub fn plan_fields(module: &str) -> Vec<String> {
    let mut f = crate::zoho::display_fields(module);
    if !f.iter().any(|x| x == "Modified_Time") {
        f.push("Modified_Time".into());
    }
    f
}

#[cfg(test)]
mod tests;
