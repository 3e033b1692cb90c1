//! `P` in the confirm dialog: the plan of a record delete, written to a file for another admin
//! to review (`zcrm-tui apply FILE` later). The records are read with their names and
//! `Modified_Time` (picked ids by id, a query's matches as its removal reads them, with
//! progress); nothing but reads is sent and nothing is removed.

use std::path::Path;

use tokio::sync::mpsc::UnboundedSender;

use super::matches::{fields_for, query_failure, read_matches};
use super::{ApiEvent, ApiFailure, PlanOf, PlanRecords, PlanWritten, ReqId};
use crate::plan::{self, Plan, PlanError, PlanOperation};
use crate::zoho::ZohoClient;

/// The code of a refusal because the file is there already (the admin gives another name).
pub const PLAN_EXISTS: &str = "PLAN_EXISTS";

fn failure(code: &str, message: String, hint: String) -> ApiFailure {
    ApiFailure {
        code: code.into(),
        message,
        hint,
    }
}

/// Reads the records, writes the plan (never over an existing file) and says how it went.
pub(super) async fn write_plan(
    client: &ZohoClient,
    events: &UnboundedSender<ApiEvent>,
    req: ReqId,
    path: &Path,
    of: &PlanOf,
) -> ApiEvent {
    ApiEvent::PlanWritten(req, written(client, events, req, path, of).await)
}

async fn written(
    client: &ZohoClient,
    events: &UnboundedSender<ApiEvent>,
    req: ReqId,
    path: &Path,
    of: &PlanOf,
) -> Result<PlanWritten, ApiFailure> {
    // Said before anything is read: a long read must not end in "exists already".
    if path.exists() {
        return Err(exists(path));
    }
    let fields = plan::plan_fields(&of.module);
    let (records, query, missing) = match &of.records {
        PlanRecords::Ids(ids) => {
            // In the order the admin picked them; ids no longer there are left out.
            let ordered = client
                .records_by_ids(&of.module, ids, &fields)
                .await
                .map_err(|e| ApiFailure::from(&e))?;
            let missing = ids.len() - ordered.len();
            (ordered, (None, None), missing)
        }
        PlanRecords::Matching(selector) => {
            let total = client
                .count_matching(&of.module, selector)
                .await
                .map_err(|e| query_failure(&e))?;
            let fields = fields_for(selector, fields);
            let read =
                read_matches(client, events, req, &of.module, selector, &fields, total).await?;
            (read, (Some(selector.clone()), Some(total)), 0)
        }
    };
    if records.is_empty() {
        return Err(failure(
            "NOTHING_TO_PLAN",
            "none of the records exists any more: no plan was written".into(),
            "Reload (r) to see what is there now.".into(),
        ));
    }
    let operation = PlanOperation::Delete {
        module: of.module.clone(),
        wf_trigger: of.wf_trigger,
    };
    let plan = Plan::of_client(client, &of.profile, operation, query, &records).await;
    let shown = path.display().to_string();
    plan::write(path, &plan, false).map_err(|e| match e {
        PlanError::Exists { .. } => exists(path),
        other => failure("PLAN_WRITE", other.to_string(), other.hint()),
    })?;
    Ok(PlanWritten {
        path: shown,
        count: plan.count,
        missing,
    })
}

fn exists(path: &Path) -> ApiFailure {
    failure(
        PLAN_EXISTS,
        format!("{} exists already: it was not overwritten", path.display()),
        "Give another file name.".into(),
    )
}
