//! Reads that back the safety nets: which records sit in the recycle bin, which fields a module
//! has (for before-images), which records are still related. All are reads, retried by the
//! transport on 5xx and network failures.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::browse;
use super::error::ZohoError;
use super::paths::{ApiBase, segment};
use super::reply::{Body, list, str_field};
use super::transport::{ApiRequest, Transport};
use super::types::PageRequest;

/// A listing longer than this many pages is given up on (a loop guard, 200,000 rows).
const MAX_PAGES: u32 = 1000;

/// Which of `ids` are in the recycle bin: `GET /{module}/deleted?type=recycle`, page after
/// page (204 when the bin is empty), stopping once every id is found. In the order of `ids`.
pub async fn in_recycle_bin(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    ids: &[String],
) -> Result<Vec<String>, ZohoError> {
    let found = recycle_bin_entries(t, base, module, ids).await?;
    Ok(ids
        .iter()
        .filter(|id| found.contains_key(*id))
        .cloned()
        .collect())
}

/// The bin entries of `ids` (those found), with their `deleted_time` when given: the walk of
/// [`super::bin::deletions`], without who deleted them.
pub async fn recycle_bin_entries(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    ids: &[String],
) -> Result<HashMap<String, Option<String>>, ZohoError> {
    Ok(super::bin::deletions(t, base, module, ids)
        .await?
        .into_iter()
        .map(|(id, d)| (id, d.time))
        .collect())
}

/// One entry of `/{module}/deleted`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinEntry {
    pub id: String,
    /// As Zoho writes it (`2026-11-23T01:02:03-08:00`).
    pub deleted_time: Option<String>,
}

/// The entries of a page of `/{module}/deleted`, whether more follow, and the next page token.
pub fn parse_deleted(
    status: u16,
    body: &Body,
) -> Result<(Vec<BinEntry>, bool, Option<String>), ZohoError> {
    let entries = list(status, body, "data")?
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|e| {
            Some(BinEntry {
                id: str_field(e, "id")?,
                deleted_time: e
                    .get("deleted_time")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            })
        })
        .collect();
    let info = browse::page_info(body);
    Ok((entries, info.more_records, info.next_page_token))
}

/// Every field's API name of `module`: `GET /settings/fields?module=X`.
pub async fn field_names(
    t: &Transport,
    base: &ApiBase,
    module: &str,
) -> Result<Vec<String>, ZohoError> {
    segment(module, "module name")?;
    let url = base.url(
        &["settings".into(), "fields".into()],
        &[("module", module.to_string())],
    );
    let reply = t.send(&ApiRequest::get(url)).await?;
    parse_fields(reply.status, &reply.body)
}

/// `{"fields":[{"api_name":..},..]}` -> the api names, in order, without duplicates.
pub fn parse_fields(status: u16, body: &Body) -> Result<Vec<String>, ZohoError> {
    let mut seen = HashSet::new();
    Ok(list(status, body, "fields")?
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|f| str_field(f, "api_name"))
        .filter(|n| !n.is_empty() && seen.insert(n.clone()))
        .collect())
}

/// Every id related to `record_id` through `related_list`, page after page.
pub async fn related_ids(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    record_id: &str,
    related_list: &str,
) -> Result<HashSet<String>, ZohoError> {
    let mut out = HashSet::new();
    let mut req = PageRequest::first(Vec::new());
    for page in 1..=MAX_PAGES {
        req.page = page;
        let p = browse::related_records(t, base, module, record_id, related_list, &req).await?;
        out.extend(p.records.into_iter().map(|r| r.id));
        if !p.more_records {
            break;
        }
        req.page_token = p.next_page_token;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deleted_pages_and_fields_are_read() {
        let body = Some(json!({
            "data": [
                {"id": "1", "display_name": "A", "type": "recycle", "deleted_time": "2026-11-23T01:02:03+00:00"},
                {"id": 2}, "x"
            ],
            "info": {"more_records": true, "next_page_token": "tok"}
        }));
        let (entries, more, next) = parse_deleted(200, &body).unwrap();
        let ids: Vec<&str> = entries.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["1", "2"]);
        assert_eq!(
            entries[0].deleted_time.as_deref(),
            Some("2026-11-23T01:02:03+00:00")
        );
        assert_eq!(entries[1].deleted_time, None);
        assert!(more);
        assert_eq!(next.as_deref(), Some("tok"));
        assert_eq!(parse_deleted(204, &None).unwrap(), (vec![], false, None));
        let body = Some(json!({"fields": [
            {"api_name": "Last_Name", "field_label": "Last Name"},
            {"api_name": "Email"}, {"api_name": "Email"}, {"field_label": "no name"}
        ]}));
        assert_eq!(parse_fields(200, &body).unwrap(), ["Last_Name", "Email"]);
        assert!(parse_fields(200, &Some(json!({"fields": 3}))).is_err());
    }
}
