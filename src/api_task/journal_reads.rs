//! The journal reads the API task answers for the app: a page of the listing, one operation, and what an
//! undo or a resume would do (planning sends nothing that changes data; a resume plan may read
//! the org to check ids of unknown fate).

use std::collections::HashMap;

use super::{
    ApiCommand, ApiEvent, ApiFailure, ApiResult, ResumeProposal, UndoProposal, command_req, res,
};
use crate::journal::{self, Journal, OperationRecord};
use crate::zoho::{Record, ZohoClient};

/// Ids with the names their before-images give (the id itself where there is none).
fn named(ids: &[String], before: &[serde_json::Value]) -> Vec<(String, String)> {
    let names: HashMap<&str, String> = before
        .iter()
        .filter_map(|v| {
            let fields = v.as_object()?;
            let id = fields.get("id")?.as_str()?;
            let name = Record {
                id: id.to_string(),
                fields: fields.clone(),
            }
            .display_name();
            Some((id, name))
        })
        .collect();
    ids.iter()
        .map(|id| {
            let name = names
                .get(id.as_str())
                .cloned()
                .unwrap_or_else(|| id.clone());
            (id.clone(), name)
        })
        .collect()
}

/// Undo and resume act only on the org the operation ran against (the CLI asks the same).
pub(super) fn this_org(client: &ZohoClient, r: &OperationRecord) -> Result<(), String> {
    let s = &r.summary;
    journal::same_org(
        &s.id,
        &s.profile,
        &s.api_domain,
        &client.config().endpoints.api_domain,
    )
}

pub(super) fn other_org(why: String) -> ApiFailure {
    ApiFailure {
        code: "OTHER_ORG".into(),
        message: why,
        hint: "Connect with the profile the operation ran with to undo or resume it.".into(),
    }
}

pub(super) async fn journal_read(
    client: &ZohoClient,
    journal: ApiResult<Journal>,
    cmd: ApiCommand,
) -> ApiEvent {
    let req = command_req(&cmd);
    // Names for the dialog, not whole images: an undo of 50,000 records would hold them all.
    let record = |j: &Journal, id: &str| -> ApiResult<OperationRecord> {
        match j.operation_named(id) {
            Ok(Some(r)) => Ok(r),
            Ok(None) => Err(ApiFailure {
                code: "NOT_FOUND".into(),
                message: format!("no operation {id} in the journal"),
                hint: "J lists the journaled operations.".into(),
            }),
            Err(e) => Err(ApiFailure::journal(&e)),
        }
    };
    match cmd {
        ApiCommand::LoadJournal { skip, limit, .. } => ApiEvent::Operations(
            req,
            journal.and_then(|j| j.page(skip, limit).map_err(|e| ApiFailure::journal(&e))),
        ),
        ApiCommand::LoadOperation { id, .. } => ApiEvent::Operation(
            req,
            journal.and_then(|j| j.operation(&id).map_err(|e| ApiFailure::journal(&e))),
        ),
        ApiCommand::PlanUndo { id, .. } => {
            let planned = journal
                .and_then(|j| record(&j, &id))
                .map_err(|f| format!("{} — {}", f.message, f.hint))
                .and_then(|r| {
                    this_org(client, &r)?;
                    let plan = journal::undo_plan(&r, client.config().api_version)?;
                    let items = named(&plan.ids, &r.before);
                    Ok(UndoProposal { plan, items })
                });
            ApiEvent::UndoPlanned(req, planned)
        }
        ApiCommand::PlanResume { id, .. } => {
            let r = match journal.and_then(|j| record(&j, &id)) {
                Ok(r) => r,
                Err(f) => return ApiEvent::ResumePlanned(req, Err(f)),
            };
            if let Err(why) = this_org(client, &r) {
                return ApiEvent::ResumePlanned(req, Err(other_org(why)));
            }
            let planned = journal::resume_plan(client, &r).await.map(|removal| {
                let items = named(&removal.ids(), &r.before);
                ResumeProposal {
                    of: r.summary.clone(),
                    removal,
                    items,
                }
            });
            ApiEvent::ResumePlanned(req, res(planned))
        }
        _ => ApiEvent::Removed(
            req,
            Err(ApiFailure {
                code: "INTERNAL".into(),
                message: "not a journal read".into(),
                hint: String::new(),
            }),
        ),
    }
}
