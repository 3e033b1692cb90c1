//! The read calls the TUI needs: modules, related lists, records, related records, search,
//! contact roles. Reads may be retried on 5xx and network failures (see the transport).

use futures::StreamExt;
use serde_json::{Map, Value};

use super::error::ZohoError;
use super::fields::display_fields;
use super::ids::{chunk_ids, prepare_id, prepare_ids};
use super::lock::documented_delink;
use super::paths::{ApiBase, segment};
use super::reply::{Body, list, str_field};
use super::transport::{ApiRequest, Transport};
use super::types::{
    ContactRole, ModuleInfo, Page, PageRequest, Record, RelatedListInfo, SearchQuery,
};

/// `per_page` and `fields` limits of the records API.
const MAX_PER_PAGE: u32 = 200;
const MAX_FIELDS: usize = 50;

/// `GET /settings/modules`: every module, unfiltered (the UI keeps `api_supported && deletable`).
pub async fn list_modules(t: &Transport, base: &ApiBase) -> Result<Vec<ModuleInfo>, ZohoError> {
    let url = base.url(&["settings".into(), "modules".into()], &[]);
    let reply = t.send(&ApiRequest::get(url)).await?;
    parse_modules(reply.status, &reply.body)
}

pub fn parse_modules(status: u16, body: &Body) -> Result<Vec<ModuleInfo>, ZohoError> {
    Ok(list(status, body, "modules")?
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|m| {
            let api_name = str_field(m, "api_name")?;
            let text = |k: &str| str_field(m, k).unwrap_or_else(|| api_name.clone());
            Some(ModuleInfo {
                module_name: text("module_name"),
                plural_label: text("plural_label"),
                singular_label: text("singular_label"),
                id: str_field(m, "id").unwrap_or_default(),
                api_supported: flag(m, "api_supported"),
                deletable: flag(m, "deletable"),
                api_name,
            })
        })
        .collect())
}

/// `GET /settings/related_lists?module=X`.
pub async fn related_lists(
    t: &Transport,
    base: &ApiBase,
    module: &str,
) -> Result<Vec<RelatedListInfo>, ZohoError> {
    segment(module, "module name")?;
    let url = base.url(
        &["settings".into(), "related_lists".into()],
        &[("module", module.to_string())],
    );
    let reply = t.send(&ApiRequest::get(url)).await?;
    parse_related_lists(module, reply.status, &reply.body)
}

pub fn parse_related_lists(
    module: &str,
    status: u16,
    body: &Body,
) -> Result<Vec<RelatedListInfo>, ZohoError> {
    Ok(list(status, body, "related_lists")?
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|r| {
            let api_name = str_field(r, "api_name")?;
            let related_module = match r.get("module") {
                Some(Value::Object(m)) => str_field(m, "api_name"),
                Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
                _ => None,
            };
            let ops = r.get("record_operations").and_then(Value::as_object);
            let can_delink = match ops
                .and_then(|o| o.get("disassociate"))
                .and_then(Value::as_bool)
            {
                Some(b) => b,
                None => {
                    documented_delink(module, &api_name)
                        || related_module
                            .as_deref()
                            .is_some_and(|m| documented_delink(module, m))
                }
            };
            Some(RelatedListInfo {
                id: str_field(r, "id").unwrap_or_default(),
                display_label: str_field(r, "display_label").unwrap_or_else(|| api_name.clone()),
                module: related_module,
                can_delink,
                api_name,
            })
        })
        .collect())
}

/// `GET /{module}?fields=..&per_page=..&page=..|page_token=..`.
pub async fn records(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    req: &PageRequest,
) -> Result<Page, ZohoError> {
    let segs = [segment(module, "module name")?];
    let mut query = page_query(module, req)?;
    if let Some(sort) = &req.sort {
        query.push(("sort_by", sort.by.clone()));
        let order = if sort.ascending { "asc" } else { "desc" };
        query.push(("sort_order", order.to_string()));
    }
    let url = base.url(&segs, &query);
    let reply = t.send(&ApiRequest::get(url)).await?;
    parse_page(reply.status, &reply.body)
}

/// `GET /{module}?ids=..&fields=..`, 100 ids per call, in the order of the ids given.
pub async fn records_by_ids(
    t: &Transport,
    base: &ApiBase,
    pace: &super::pace::Pace,
    module: &str,
    ids: &[String],
    fields: &[String],
) -> Result<Vec<Record>, ZohoError> {
    let segs = [segment(module, "module name")?];
    let fields = fields_param(module, fields)?;
    let ids = prepare_ids(ids, "record ids")?;
    let urls: Vec<String> = chunk_ids(&ids)
        .iter()
        .map(|chunk| {
            base.url(
                &segs,
                &[("ids", chunk.join(",")), ("fields", fields.clone())],
            )
        })
        .collect();
    let pages: Vec<Result<Page, ZohoError>> = futures::stream::iter(urls)
        .map(|url| async move {
            let reply = t.send_paced(&ApiRequest::get(url), Some(pace)).await?;
            parse_page(reply.status, &reply.body)
        })
        // Unordered: a page waiting out a 429 must not hold back the others (the records are
        // put back in the order of the ids below).
        .buffer_unordered(pace.ceiling())
        .collect()
        .await;
    let mut found = std::collections::HashMap::with_capacity(ids.len());
    for page in pages {
        for r in page?.records {
            found.entry(r.id.clone()).or_insert(r);
        }
    }
    Ok(ids.iter().filter_map(|id| found.remove(id)).collect())
}

/// `GET /{module}/{id}/{related_list}?fields=..&page=..`.
pub async fn related_records(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    record_id: &str,
    related_list: &str,
    req: &PageRequest,
) -> Result<Page, ZohoError> {
    let segs = [
        segment(module, "module name")?,
        segment(&prepare_id(record_id, "record id")?, "record id")?,
        segment(related_list, "related list name")?,
    ];
    // The related records' fields: the related list usually bears the related module's name.
    let url = base.url(&segs, &page_query(related_list, req)?);
    let reply = t.send(&ApiRequest::get(url)).await?;
    parse_page(reply.status, &reply.body)
}

/// `GET /{module}/search?word=|email=|phone=|criteria=`.
pub async fn search(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    query: &SearchQuery,
    req: &PageRequest,
) -> Result<Page, ZohoError> {
    let (name, value) = match query {
        SearchQuery::Word(v) => ("word", v),
        SearchQuery::Email(v) => ("email", v),
        SearchQuery::Phone(v) => ("phone", v),
        SearchQuery::Criteria(v) => ("criteria", v),
    };
    let value = value.trim();
    if value.is_empty() {
        return Err(ZohoError::InvalidInput(format!("empty search {name}")));
    }
    let segs = [segment(module, "module name")?, "search".to_string()];
    let mut query = vec![(name, value.to_string())];
    query.extend(page_query(module, req)?);
    let url = base.url(&segs, &query);
    let reply = t.send(&ApiRequest::get(url)).await?;
    parse_page(reply.status, &reply.body)
}

/// `GET /Contacts/roles`.
pub async fn contact_roles(t: &Transport, base: &ApiBase) -> Result<Vec<ContactRole>, ZohoError> {
    let url = base.url(&["Contacts".into(), "roles".into()], &[]);
    let reply = t.send(&ApiRequest::get(url)).await?;
    parse_contact_roles(reply.status, &reply.body)
}

pub fn parse_contact_roles(status: u16, body: &Body) -> Result<Vec<ContactRole>, ZohoError> {
    list(status, body, "contact_roles")?
        .iter()
        .map(|r| {
            let r = r.as_object().ok_or_else(|| ZohoError::Malformed {
                status,
                reason: "a contact role is not an object".into(),
            })?;
            Ok(ContactRole {
                id: str_field(r, "id").ok_or_else(|| ZohoError::Malformed {
                    status,
                    reason: "a contact role has no id".into(),
                })?,
                name: str_field(r, "name").unwrap_or_default(),
                sequence_number: r.get("sequence_number").and_then(|v| match v {
                    Value::Number(n) => n.as_i64(),
                    Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                }),
            })
        })
        .collect()
}

/// A page of records: `data` plus `info`. Records without an id are a malformed reply.
pub fn parse_page(status: u16, body: &Body) -> Result<Page, ZohoError> {
    let records = list(status, body, "data")?
        .iter()
        .map(|r| {
            let mut fields: Map<String, Value> =
                r.as_object().cloned().ok_or_else(|| ZohoError::Malformed {
                    status,
                    reason: "a record is not an object".into(),
                })?;
            let id = fields
                .remove("id")
                .as_ref()
                .and_then(super::reply::id_of)
                .ok_or_else(|| ZohoError::Malformed {
                    status,
                    reason: "a record has no id".into(),
                })?;
            Ok(Record { id, fields })
        })
        .collect::<Result<Vec<_>, ZohoError>>()?;
    let info = page_info(body);
    Ok(Page {
        records,
        more_records: info.more_records,
        page: info.page,
        next_page_token: info.next_page_token,
    })
}

/// The `info` of a listing: whether more follow, this page's number, the next page's token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageInfo {
    pub more_records: bool,
    pub page: Option<u32>,
    pub next_page_token: Option<String>,
}

pub fn page_info(body: &Body) -> PageInfo {
    let info = body
        .as_ref()
        .and_then(|b| b.get("info"))
        .and_then(Value::as_object);
    PageInfo {
        more_records: info.is_some_and(|i| flag(i, "more_records")),
        page: info
            .and_then(|i| i.get("page"))
            .and_then(Value::as_u64)
            .and_then(|p| u32::try_from(p).ok()),
        next_page_token: info
            .and_then(|i| i.get("next_page_token"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
    }
}

fn flag(obj: &Map<String, Value>, key: &str) -> bool {
    match obj.get(key) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true",
        _ => false,
    }
}

/// `fields`, `per_page`, then `page_token` or `page`. No fields given: the module's display
/// fields (the API refuses a records call without `fields`).
fn page_query(module: &str, req: &PageRequest) -> Result<Vec<(&'static str, String)>, ZohoError> {
    if req.per_page == 0 || req.per_page > MAX_PER_PAGE {
        return Err(ZohoError::InvalidInput(format!(
            "per_page {} is out of range (1 to {MAX_PER_PAGE})",
            req.per_page
        )));
    }
    let mut q = vec![
        ("fields", fields_param(module, &req.fields)?),
        ("per_page", req.per_page.to_string()),
    ];
    match &req.page_token {
        Some(token) if !token.is_empty() => q.push(("page_token", token.clone())),
        _ => q.push(("page", req.page.max(1).to_string())),
    }
    Ok(q)
}

pub(crate) fn fields_param(module: &str, fields: &[String]) -> Result<String, ZohoError> {
    let fields: Vec<String> = if fields.is_empty() {
        display_fields(module)
    } else {
        fields.to_vec()
    };
    if fields.len() > MAX_FIELDS {
        return Err(ZohoError::InvalidInput(format!(
            "{} fields asked; the API returns at most {MAX_FIELDS}",
            fields.len()
        )));
    }
    if let Some(bad) = fields.iter().find(|f| {
        f.is_empty()
            || !f
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'$')
    }) {
        return Err(ZohoError::InvalidInput(format!(
            "invalid field name {bad:?}"
        )));
    }
    Ok(fields.join(","))
}

#[cfg(test)]
mod tests;
