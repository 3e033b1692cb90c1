//! Reads for the panes: modules, records, search results, related lists and records, contact
//! roles. Each answers with the event its pane waits for.

use super::ApiCommand;
use super::{ApiEvent, ApiFailure, RecordDetail, command_req, res};
use crate::zoho::{ErrorCode, LOCK_FIELDS, PageRequest, ZohoClient, ZohoError};

/// A browse read that asked for the lock fields and was refused INVALID_DATA: the same read
/// without them (rows then carry no lock marker; the removal still reports RECORD_LOCKED).
pub(super) fn without_lock_fields<T>(
    got: &Result<T, ZohoError>,
    page: &PageRequest,
) -> Option<PageRequest> {
    let refused = matches!(
        got,
        Err(ZohoError::Api {
            code: ErrorCode::InvalidData,
            ..
        })
    );
    let asked = page
        .fields
        .iter()
        .any(|f| LOCK_FIELDS.contains(&f.as_str()));
    (refused && asked).then(|| PageRequest {
        fields: page
            .fields
            .iter()
            .filter(|f| !LOCK_FIELDS.contains(&f.as_str()))
            .cloned()
            .collect(),
        ..page.clone()
    })
}

/// How long the cursor must rest on a record before the side panel asks for it.
const PREVIEW_REST: std::time::Duration = std::time::Duration::from_millis(250);

pub(super) async fn run_load(client: &ZohoClient, cmd: ApiCommand) -> ApiEvent {
    if let Some(ev) = super::matches::match_load(client, &cmd).await {
        return ev;
    }
    match cmd {
        ApiCommand::LoadModules { req } => ApiEvent::Modules(req, res(client.list_modules().await)),
        ApiCommand::LoadRecords { req, module, page } => {
            let got = client.records(&module, &page).await;
            let got = match without_lock_fields(&got, &page) {
                Some(plain) => client.records(&module, &plain).await,
                None => got,
            };
            ApiEvent::Records(req, res(got))
        }
        ApiCommand::Search {
            req,
            module,
            query,
            page,
        } => {
            let got = client.search(&module, &query, &page).await;
            let got = match without_lock_fields(&got, &page) {
                Some(plain) => client.search(&module, &query, &plain).await,
                None => got,
            };
            ApiEvent::Records(req, res(got))
        }
        ApiCommand::LoadRelatedLists { req, module } => {
            ApiEvent::RelatedLists(req, res(client.related_lists(&module).await))
        }
        ApiCommand::LoadRelated {
            req,
            module,
            record_id,
            related_list,
            page,
        } => {
            let got = client
                .related_records(&module, &record_id, &related_list, &page)
                .await;
            let got = match without_lock_fields(&got, &page) {
                Some(plain) => {
                    client
                        .related_records(&module, &record_id, &related_list, &plain)
                        .await
                }
                None => got,
            };
            ApiEvent::Related(req, res(got))
        }
        ApiCommand::LoadDetail { req, module, id } => {
            let (record, fields, web_url) = tokio::join!(
                client.record(&module, &id),
                client.field_meta(&module),
                client.web_url(&module, &id)
            );
            let detail = record.map(|record| RecordDetail {
                record,
                // Labels and the link are a comfort: without them the api names are shown.
                fields: fields.unwrap_or_default(),
                web_url,
            });
            ApiEvent::Detail(req, res(detail))
        }
        ApiCommand::LoadRelatedCounts { req, module, id } => {
            ApiEvent::RelatedCounts(req, res(client.related_counts(&module, &id).await))
        }
        ApiCommand::LoadBin { req, page } => {
            ApiEvent::Bin(req, res(client.recycle_bin_page(None, page).await))
        }
        ApiCommand::LoadPreview {
            req,
            module,
            id,
            with_fields,
        } => {
            tokio::time::sleep(PREVIEW_REST).await;
            let (record, fields) = if with_fields {
                tokio::join!(client.record(&module, &id), client.field_meta(&module))
            } else {
                (client.record(&module, &id).await, Ok(Vec::new()))
            };
            let detail = record.map(|record| RecordDetail {
                record,
                fields: fields.unwrap_or_default(),
                web_url: None,
            });
            ApiEvent::Detail(req, res(detail))
        }
        ApiCommand::LookupIds { req, module, ids } => {
            let fields = crate::zoho::display_fields(&module);
            ApiEvent::LookedUp(
                req,
                res(client.records_by_ids(&module, &ids, &fields).await),
            )
        }
        ApiCommand::LoadContactRoles { req } => {
            ApiEvent::ContactRoles(req, res(client.contact_roles().await))
        }
        ApiCommand::LoadWebUrl { req, module, id } => {
            ApiEvent::WebUrl(req, client.web_url(&module, &id).await)
        }
        // Handled by `serve`; never reaches here.
        other => ApiEvent::Removed(
            command_req(&other),
            Err(ApiFailure {
                code: "INTERNAL".into(),
                message: "not a load".into(),
                hint: String::new(),
            }),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_lock_field_read_is_asked_again_without_them() {
        let page =
            crate::app::panes::first_page(crate::app::columns::browse_fields("Leads", &[]), None);
        assert!(page.fields.iter().any(|f| f == "$locked_for_me"));
        let refused: Result<(), ZohoError> = Err(ZohoError::Api {
            status: 400,
            code: ErrorCode::InvalidData,
            message: "invalid field".into(),
            details: serde_json::Value::Null,
        });
        let plain = without_lock_fields(&refused, &page).expect("asked again");
        assert!(plain.fields.iter().all(|f| !f.starts_with('$')));
        assert_eq!(plain.fields.len(), page.fields.len() - LOCK_FIELDS.len());
        // Not again without them, nor for another error, nor for a success.
        assert!(without_lock_fields(&refused, &plain).is_none());
        let other: Result<(), ZohoError> = Err(ZohoError::Api {
            status: 400,
            code: ErrorCode::LimitExceeded,
            message: "x".into(),
            details: serde_json::Value::Null,
        });
        assert!(without_lock_fields(&other, &page).is_none());
        assert!(without_lock_fields(&Ok(()), &page).is_none());
    }
}
