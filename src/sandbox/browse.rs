//! The record reads: records (paged, by ids, one), related records, search, the deleted
//! records and the recycle bin. Settings reads are in `settings`, paging in `paging`.

use serde_json::{Map, Value, json};

use super::call::{Call, is_numeric_id, split_ids};
use super::paging::{MAX_PER_PAGE, Paging, fields_param, page, paging, project, sorted};
use super::reply::{self, ApiError, ApiResult};
use super::search::{SEARCH_LIMIT, search_limit_reached, search_matcher};
use super::state::{DeletedInfo, OrgState, display_name};

/// `GET /{module}?fields=..` (paged) and `GET /{module}?ids=..&fields=..`, over the records
/// `keep` keeps (those of a custom view, `custom_views::records`).
pub fn list_where(
    state: &OrgState,
    call: &Call<'_>,
    module: &str,
    keep: impl Fn(&Map<String, Value>) -> bool,
) -> ApiResult {
    let fields = fields_param(call, true)?;
    if let Some(ids) = call.param("ids") {
        let ids = split_ids(&ids);
        if ids.len() > super::remove::MAX_IDS {
            return Err(ApiError::ids_limit(super::remove::MAX_IDS));
        }
        if !ids.iter().all(|i| is_numeric_id(i)) {
            return Err(ApiError::unparsable("ids"));
        }
        let found: Vec<Value> = ids
            .iter()
            .filter_map(|id| state.live(module, id))
            .map(|r| project(r, fields.as_deref()))
            .collect();
        let p = Paging {
            offset: 0,
            per_page: MAX_PER_PAGE,
            from_token: false,
        };
        return Ok(page(found, &p, "data", module, |v| v));
    }
    let key = format!(
        "{module}|{}|{}",
        call.param("sort_by").unwrap_or_default(),
        call.param("cvid").unwrap_or_default()
    );
    let p = paging(call, &key)?;
    let mut recs = state.live_records(module);
    recs.retain(|r| keep(r));
    let recs = sorted(call, recs)?;
    Ok(page(recs, &p, "data", &key, |r| {
        project(r, fields.as_deref())
    }))
}

/// `GET /{module}/{id}`: the whole record (or the asked fields); 204 when there is none.
/// With `X-EXTERNAL: {module}.{field}`, `id` is that field's value.
pub fn record(state: &OrgState, call: &Call<'_>, module: &str, id: &str) -> ApiResult {
    let external = super::remove::external_fields(call)?;
    let field = external
        .as_deref()
        .and_then(|f| super::remove::field_for(f, module));
    let id = match field {
        Some(f) => match state.find_by_field(module, f, id) {
            Some(found) => found,
            None => return Ok(reply::no_content()),
        },
        None if !is_numeric_id(id) => return Err(ApiError::unparsable("id")),
        None => id.to_string(),
    };
    let fields = fields_param(call, false)?;
    Ok(match state.live(module, &id) {
        Some(r) => reply::ok(json!({ "data": [project(r, fields.as_deref())] })),
        None => reply::no_content(),
    })
}

/// `GET /{module}/{id}/{related_list}[/{related_id}]?fields=..`.
pub fn related(
    state: &OrgState,
    call: &Call<'_>,
    module: &str,
    id: &str,
    related_list: &str,
    one: Option<&str>,
) -> ApiResult {
    let rl = state
        .related_list(module, related_list)
        .ok_or_else(ApiError::url_pattern)?;
    if !is_numeric_id(id) || one.is_some_and(|r| !is_numeric_id(r)) {
        return Err(ApiError::unparsable("id"));
    }
    if state.live(module, id).is_none() {
        return Err(ApiError::invalid_data(
            "the id given seems to be invalid",
            json!({ "id": id }),
        ));
    }
    let fields = fields_param(call, true)?;
    let key = format!("{module}|{id}|{}", rl.api_name);
    let p = paging(call, &key)?;
    let all = state
        .related_records(module, id, &rl.module)
        .into_iter()
        .filter(|r| one.is_none_or(|o| r.get("id").and_then(Value::as_str) == Some(o)))
        .map(|r| {
            let mut v = project(r, fields.as_deref());
            let rid = r.get("id").and_then(Value::as_str).unwrap_or_default();
            // The relation's own fields (a contact's role on a deal) show with the record.
            if let (Some(own), Value::Object(out)) = (
                state.relation_fields((module, id), (&rl.module, rid)),
                &mut v,
            ) {
                for (k, val) in own {
                    if fields.as_ref().is_none_or(|f| f.contains(k)) {
                        out.insert(k.clone(), val.clone());
                    }
                }
            }
            v
        })
        .collect();
    Ok(page(all, &p, "data", &key, |v| v))
}

/// `GET /{module}/search?word=|email=|phone=|criteria=`: pages reach `SEARCH_LIMIT` results at
/// most; a page past them answers `LIMIT_REACHED`.
pub fn search(state: &OrgState, call: &Call<'_>, module: &str) -> ApiResult {
    let matcher = search_matcher(call)?.ok_or_else(|| ApiError::param_missing("criteria"))?;
    let fields = fields_param(call, false)?;
    // The token belongs to this search, whatever page it is used for.
    let key = format!("{module}|search|{matcher:?}");
    // Past the limit Zoho names the search limit, not the listing's page limit.
    let p = match paging(call, &key) {
        Err(e) if e.code == "DISCRETE_PAGINATION_LIMIT_EXCEEDED" => None,
        p => Some(p?),
    };
    let p = p
        .filter(|p| p.offset < SEARCH_LIMIT)
        .ok_or_else(search_limit_reached)?;
    let all: Vec<_> = state
        .live_records(module)
        .into_iter()
        .filter(|r| matcher.matches(r))
        .collect();
    Ok(page(all, &p, "data", &key, |r| {
        project(r, fields.as_deref())
    }))
}

fn deleted_entry(call: &Call<'_>, fields: &Map<String, Value>, d: &DeletedInfo) -> Value {
    let created_by = fields
        .get("Created_By")
        .map(|c| json!({ "name": c.get("name"), "id": c.get("id") }))
        .unwrap_or_else(|| call.user_json());
    json!({
        "id": fields.get("id"),
        "display_name": display_name(fields),
        "type": if d.purged { "permanent" } else { "recycle" },
        "deleted_time": d.time,
        "deleted_by": { "name": d.by.0, "id": d.by.1 },
        "created_by": created_by,
    })
}

/// `GET /{module}/deleted?type=all|recycle|permanent`.
pub fn deleted(state: &OrgState, call: &Call<'_>, module: &str) -> ApiResult {
    let kind = call.param("type").unwrap_or_else(|| "all".into());
    if !["all", "recycle", "permanent"].contains(&kind.as_str()) {
        return Err(ApiError::invalid_data(
            "invalid data",
            json!({ "param_name": "type", "supported_values": ["all", "recycle", "permanent"] }),
        ));
    }
    let key = format!("{module}|deleted|{kind}");
    let p = paging(call, &key)?;
    // Only the page's entries become JSON: a page of a 50,000-entry bin stays cheap.
    let all: Vec<_> = state
        .bin()
        .filter(|(m, ..)| *m == module)
        .filter(|(.., d)| match kind.as_str() {
            "recycle" => !d.purged,
            "permanent" => d.purged,
            _ => true,
        })
        .collect();
    Ok(page(all, &p, "data", &key, |(_, _, f, d)| {
        deleted_entry(call, f, d)
    }))
}

/// `GET /settings/recycle_bin[?module=X]`.
pub fn recycle_bin(state: &OrgState, call: &Call<'_>) -> ApiResult {
    let only = call.param("module");
    let key = format!("bin|{}", only.clone().unwrap_or_default());
    let p = paging(call, &key)?;
    let all: Vec<_> = state
        .bin()
        .filter(|(.., d)| !d.purged)
        .filter(|(m, ..)| only.as_ref().is_none_or(|o| o.eq_ignore_ascii_case(m)))
        .collect();
    Ok(page(all, &p, "recycle_bin", &key, |(m, id, f, d)| {
        bin_entry(state, m, id, f, d)
    }))
}

/// One record of the recycle bin as `GET /settings/recycle_bin` lists it.
pub(super) fn bin_entry(
    state: &OrgState,
    module: &str,
    id: &str,
    fields: &Map<String, Value>,
    d: &DeletedInfo,
) -> Value {
    let module_id = state
        .module(module)
        .map(|x| x.id.clone())
        .unwrap_or_default();
    json!({
        "id": id,
        "display_name": display_name(fields),
        "deleted_time": d.time,
        "module": { "api_name": module, "id": module_id },
        "deleted_by": { "name": d.by.0, "id": d.by.1 },
        "owner": fields.get("Owner").map(|o| json!({ "name": o.get("name"), "id": o.get("id") })),
    })
}
