//! Selection by query on the API task: the count, a page of matches, the custom views (loads),
//! and the removal of every match (a journaled run that counts again, reads the ids, then
//! removes them through `journal::execute_selected`).

use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::runs::Run;
use super::{ApiCommand, ApiEvent, ApiFailure, MatchRemoval, ReqId};
use crate::journal::{self, Selection};
use crate::zoho::query::Selector;
use crate::zoho::{LOCK_FIELDS, Removal, RemovalReport, RunOptions, ZohoClient, ZohoError};

/// Rows a page of matches holds on screen: the records API's page, whatever the query.
pub const MATCH_PAGE: u64 = 200;

/// A refused query in words: Zoho's code and message, then what its `details` name (the
/// column, the clause, the reason), so that a SYNTAX_ERROR says where.
pub fn query_failure(e: &ZohoError) -> ApiFailure {
    let mut f = ApiFailure::from(e);
    if let ZohoError::Api { details, .. } = e
        && let Some(said) = details_text(details)
    {
        f.message = format!("{} — {said}", f.message);
    }
    if matches!(
        e,
        ZohoError::Api { status: 400, .. } | ZohoError::InvalidInput(_)
    ) {
        f.hint = "Correct the query and press Enter again (: opens the line, ↑ brings the last \
                  one back); nothing was changed."
            .into();
    }
    f
}

/// `{"column_name": "X", "reason": "y"}` -> `reason: y · column_name: X` (the reason first).
fn details_text(details: &Value) -> Option<String> {
    let obj = details.as_object()?;
    let mut keys: Vec<&String> = obj.keys().collect();
    keys.sort_by_key(|k| (k.as_str() != "reason", k.as_str()));
    let parts: Vec<String> = keys
        .into_iter()
        .map(|k| match &obj[k] {
            Value::String(s) => format!("{k}: {s}"),
            other => format!("{k}: {other}"),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// COQL selects fields by name only: the lock fields of the records API are not among them.
pub(super) fn fields_for(sel: &Selector, fields: Vec<String>) -> Vec<String> {
    match sel {
        Selector::Where(_) => fields
            .into_iter()
            .filter(|f| !LOCK_FIELDS.contains(&f.as_str()))
            .collect(),
        _ => fields,
    }
}

/// The loads of selection by query; `None` for any other command.
/// Every one of `total` matches, with `ReadingMatches` progress for request `req` from 0.
pub(super) async fn read_matches(
    client: &ZohoClient,
    events: &tokio::sync::mpsc::UnboundedSender<ApiEvent>,
    req: ReqId,
    module: &str,
    selector: &Selector,
    fields: &[String],
    total: u64,
) -> Result<Vec<crate::zoho::Record>, ApiFailure> {
    let _ = events.send(ApiEvent::ReadingMatches(req, 0, total));
    let progress = |read: usize| {
        let _ = events.send(ApiEvent::ReadingMatches(req, read, total));
    };
    client
        .all_matching_known(module, selector, fields, total, &progress)
        .await
        .map_err(|e| query_failure(&e))
}

pub(super) async fn match_load(client: &ZohoClient, cmd: &ApiCommand) -> Option<ApiEvent> {
    Some(match cmd {
        ApiCommand::CountMatching {
            req,
            module,
            selector,
        } => ApiEvent::Counted(
            *req,
            client
                .count_matching(module, selector)
                .await
                .map_err(|e| query_failure(&e)),
        ),
        ApiCommand::LoadMatches {
            req,
            module,
            selector,
            fields,
            cursor,
        } => {
            let fields = fields_for(selector, fields.clone());
            let read = |fields: Vec<String>| async move {
                client
                    .matching_page(module, selector, &fields, cursor.as_ref(), MATCH_PAGE)
                    .await
            };
            let got = read(fields.clone()).await;
            // As for the module's records: an org that refuses the lock fields is read without.
            let asked = crate::zoho::PageRequest {
                fields,
                page: 1,
                per_page: MATCH_PAGE as u32,
                page_token: None,
                sort: None,
            };
            let got = match super::loads::without_lock_fields(&got, &asked) {
                Some(plain) => read(plain.fields).await,
                None => got,
            };
            ApiEvent::Matches(*req, got.map_err(|e| query_failure(&e)))
        }
        ApiCommand::LoadViews { req, module } => ApiEvent::Views(
            *req,
            client
                .custom_views(module)
                .await
                .map_err(|e| ApiFailure::from(&e)),
        ),
        _ => return None,
    })
}

fn refused(code: &str, message: String, hint: &str) -> ApiFailure {
    ApiFailure {
        code: code.into(),
        message,
        hint: hint.into(),
    }
}

const RUN_AGAIN: &str = "Run the query again (: then Enter), look at what it selects now and \
                         confirm the new count.";

impl Run {
    /// Counts again, reads every match, then removes them, journaled with the query. Stops
    /// before removing anything when the count is not the one the admin confirmed (records
    /// changed since), or when the admin stops the reading.
    pub(super) async fn remove_matching(
        &self,
        req: ReqId,
        of: &MatchRemoval,
        stop: CancellationToken,
        opts: RunOptions,
    ) -> Result<(String, RemovalReport), ApiFailure> {
        let client = &self.client;
        let now = client
            .count_matching(&of.module, &of.selector)
            .await
            .map_err(|e| query_failure(&e))?;
        if now != of.count {
            return Err(refused(
                "COUNT_CHANGED",
                format!(
                    "the query matches {} records now, not the {} you confirmed: nothing was \
                     removed",
                    crate::numbers::thousands(now),
                    crate::numbers::thousands(of.count)
                ),
                RUN_AGAIN,
            ));
        }
        let total = of.count;
        let read = tokio::select! {
            got = read_matches(client, &self.events, req, &of.module, &of.selector, &[], total) => got?,
            _ = stop.cancelled() => {
                return Err(refused(
                    "STOPPED",
                    "stopped while reading the matches: nothing was removed".into(),
                    "Nothing was sent but reads; run the query again when you want to.",
                ));
            }
        };
        if read.len() as u64 != of.count {
            return Err(refused(
                "COUNT_CHANGED",
                format!(
                    "{} records were read, not the {} you confirmed (records changed while \
                     reading): nothing was removed",
                    crate::numbers::thousands(read.len() as u64),
                    crate::numbers::thousands(of.count)
                ),
                RUN_AGAIN,
            ));
        }
        let items: Vec<(String, String)> = read
            .iter()
            .map(|r| (r.id.clone(), r.display_name()))
            .collect();
        let ids = items.iter().map(|(i, _)| i.clone()).collect();
        let _ = self.events.send(ApiEvent::MatchesRead(req, items));
        let removal = Removal::DeleteRecords {
            module: of.module.clone(),
            ids,
            wf_trigger: of.wf_trigger,
        };
        let selection = Selection {
            query: Some(of.selector.clone()),
            matched: Some(of.count),
            plan: None,
        };
        journal::execute_selected(
            client,
            &self.journal,
            &self.profile,
            &removal,
            selection,
            opts,
        )
        .await
        .map_err(|e| ApiFailure::from(&e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_query_names_what_zoho_pointed_at() {
        let e = ZohoError::Api {
            status: 400,
            code: crate::zoho::ErrorCode::parse("INVALID_QUERY"),
            message: "Invalid query formed".into(),
            details: serde_json::json!({"column_name": "Lead_Stat", "reason": "column given seems to be invalid"}),
        };
        let f = query_failure(&e);
        assert!(
            f.message.ends_with(
                "Invalid query formed — reason: column given seems to be invalid · column_name: Lead_Stat"
            ),
            "{}",
            f.message
        );
        assert!(f.hint.starts_with("Correct the query"), "{}", f.hint);
    }
}
