//! The read APIs the app browses with: modules, related lists, records (paged), related records,
//! search, contact roles, the recycle bin, org and users.

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::call::{Call, is_numeric_id, split_ids};
use super::reply::{self, ApiError, ApiResult};
use super::search::Matcher;
use super::seed::ModuleMeta;
use super::state::{DeletedInfo, OrgState, display_name};

/// `per_page`'s maximum (and default).
pub const MAX_PER_PAGE: usize = 200;
/// Beyond this many records, `page` no longer works and `page_token` is required.
pub const DISCRETE_LIMIT: usize = 2000;
const MAX_FIELDS: usize = 50;

fn module_json(m: &ModuleMeta, seq: usize) -> Value {
    json!({
        "api_name": m.api_name,
        "module_name": m.module_name,
        "singular_label": m.singular_label,
        "plural_label": m.plural_label,
        "id": m.id,
        "api_supported": m.api_supported,
        "deletable": m.deletable,
        "creatable": m.creatable,
        "editable": m.editable,
        "viewable": m.viewable,
        "recycle_bin_on_delete": m.recycle_bin_on_delete,
        "generated_type": m.generated_type,
        "status": m.status,
        "visible": true,
        "sequence_number": seq,
    })
}

pub fn modules(state: &OrgState) -> ApiResult {
    let list: Vec<Value> = state
        .modules
        .iter()
        .enumerate()
        .map(|(i, m)| module_json(m, i + 1))
        .collect();
    Ok(reply::ok(json!({ "modules": list })))
}

pub fn module_one(state: &OrgState, name: &str) -> ApiResult {
    let (i, m) = state
        .modules
        .iter()
        .enumerate()
        .find(|(_, m)| m.api_name.eq_ignore_ascii_case(name))
        .ok_or_else(|| ApiError::invalid_module(2))?;
    Ok(reply::ok(json!({ "modules": [module_json(m, i + 1)] })))
}

/// The API-supported module named by the `?module=` parameter of a settings call.
fn module_param<'s>(state: &'s OrgState, call: &Call<'_>) -> Result<&'s ModuleMeta, ApiError> {
    let name = call
        .param("module")
        .filter(|m| !m.is_empty())
        .ok_or_else(|| ApiError::param_missing("module"))?;
    let m = state
        .module(&name)
        .ok_or_else(|| ApiError::invalid_module(0).with(json!({ "param_name": "module" })))?;
    if !m.api_supported {
        return Err(ApiError::unsupported_module(0).with(json!({ "param_name": "module" })));
    }
    Ok(m)
}

pub fn related_lists(state: &OrgState, call: &Call<'_>) -> ApiResult {
    let m = module_param(state, call)?;
    let list: Vec<Value> = m
        .related_lists
        .iter()
        .enumerate()
        .map(|(i, rl)| {
            let target_deletable = state.module(&rl.module).is_some_and(|t| t.deletable);
            json!({
                "id": rl.id,
                "api_name": rl.api_name,
                "display_label": rl.display_label,
                "name": rl.api_name,
                "module": { "api_name": rl.module, "id": rl.module_id },
                "href": format!("{}/{{ENTITYID}}/{}", m.api_name, rl.api_name),
                "type": "default",
                "status": "visible",
                "visible": true,
                "sequence_number": (i + 1).to_string(),
                "record_operations": { "delete": target_deletable, "disassociate": rl.delink },
            })
        })
        .collect();
    Ok(reply::ok(json!({ "related_lists": list })))
}

/// Zoho's `data_type` for a seeded value: a guess from the field's name and value, enough for
/// a client that reads the api names.
fn data_type(name: &str, sample: &Value) -> &'static str {
    match sample {
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "double",
        Value::Number(_) => "integer",
        Value::Array(_) => "multiselectpicklist",
        Value::Object(_) if matches!(name, "Owner" | "Created_By" | "Modified_By") => "ownerlookup",
        Value::Object(_) => "lookup",
        Value::String(_) if name.contains("Email") => "email",
        Value::String(_) if name.contains("Phone") || name.contains("Mobile") => "phone",
        Value::String(s) if s.len() >= 20 && s.as_bytes().get(10) == Some(&b'T') => "datetime",
        Value::String(s) if s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') => "date",
        _ => "text",
    }
}

/// A stable 19-digit id for a field, derived from its module and name.
fn field_id(module_id: &str, name: &str) -> String {
    let h = module_id
        .bytes()
        .chain(name.bytes())
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
    format!(
        "{}",
        1_000_000_000_000_000_000u64 + h % 9_000_000_000_000_000_000
    )
}

/// `GET /settings/fields?module=X`: the fields the module's seeded records carry.
pub fn fields(state: &OrgState, call: &Call<'_>) -> ApiResult {
    let m = module_param(state, call)?;
    let list: Vec<Value> = state
        .field_samples(&m.api_name)
        .into_iter()
        .map(|(api_name, sample)| {
            json!({
                "api_name": api_name,
                "field_label": api_name.replace('_', " "),
                "data_type": data_type(&api_name, &sample),
                "id": field_id(&m.id, &api_name),
                "visible": true,
            })
        })
        .collect();
    if list.is_empty() {
        return Ok(reply::no_content());
    }
    Ok(reply::ok(json!({ "fields": list })))
}

/// Where a page starts and how long it is.
struct Paging {
    offset: usize,
    per_page: usize,
    from_token: bool,
}

/// Page tokens are opaque to clients; ours name the listing they belong to and an offset.
fn token_for(key: &str, offset: usize) -> String {
    let h = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("sbx{:016x}{offset:08x}", h)
}

fn offset_of(key: &str, token: &str) -> Option<usize> {
    let tail = token.get(19..)?;
    let offset = usize::from_str_radix(tail, 16).ok()?;
    (token_for(key, offset) == token).then_some(offset)
}

fn number(call: &Call<'_>, name: &str, default: usize) -> Result<usize, ApiError> {
    match call.param(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| {
                ApiError::invalid_data(
                    "invalid data",
                    json!({ "param_name": name, "expected_data_type": "integer" }),
                )
            }),
    }
}

fn paging(call: &Call<'_>, key: &str) -> Result<Paging, ApiError> {
    let per_page = number(call, "per_page", MAX_PER_PAGE)?.min(MAX_PER_PAGE);
    if let Some(token) = call.param("page_token") {
        let offset = offset_of(key, &token).ok_or_else(|| {
            ApiError::invalid_data("invalid page token", json!({ "param_name": "page_token" }))
        })?;
        return Ok(Paging {
            offset,
            per_page,
            from_token: true,
        });
    }
    let page = number(call, "page", 1)?;
    let offset = (page - 1).saturating_mul(per_page);
    if offset >= DISCRETE_LIMIT {
        return Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
            format!("cannot get records beyond {DISCRETE_LIMIT}th record without page_token"),
        )
        .with(json!({ "limit": DISCRETE_LIMIT })));
    }
    Ok(Paging {
        offset,
        per_page,
        from_token: false,
    })
}

/// One page of `all` under `key`, with Zoho's `info`; an empty page is 204. Only the page's
/// items are turned into JSON, so paging through a large module stays linear.
fn page<T>(
    all: Vec<T>,
    p: &Paging,
    data_key: &str,
    token_key: &str,
    to_json: impl Fn(T) -> Value,
) -> Response {
    let total = all.len();
    let items: Vec<Value> = all
        .into_iter()
        .skip(p.offset)
        .take(p.per_page)
        .map(to_json)
        .collect();
    if items.is_empty() {
        return reply::no_content();
    }
    let more = p.offset + items.len() < total;
    let next = more.then(|| token_for(token_key, p.offset + items.len()));
    let mut info = json!({
        "per_page": p.per_page,
        "count": items.len(),
        "page": p.offset / p.per_page + 1,
        "more_records": more,
        "next_page_token": next,
        "previous_page_token": Value::Null,
        "page_token_expiry": Value::Null,
    });
    if p.from_token {
        info["page_token_expiry"] = json!("2099-12-31T00:00:00+00:00");
    }
    reply::ok(json!({ data_key: items, "info": info }))
}

fn fields_param(call: &Call<'_>, required: bool) -> Result<Option<Vec<String>>, ApiError> {
    let fields = call
        .param("fields")
        .map(|f| split_ids(&f))
        .unwrap_or_default();
    if fields.is_empty() {
        return if required {
            Err(ApiError::param_missing("fields"))
        } else {
            Ok(None)
        };
    }
    if fields.len() > MAX_FIELDS {
        return Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "LIMIT_EXCEEDED",
            format!("Limit Exceeded, You cannot give more than {MAX_FIELDS} fields"),
        )
        .with(json!({ "limit": MAX_FIELDS, "param_name": "fields" })));
    }
    Ok(Some(fields))
}

/// The record with only the asked fields (plus `id`); absent fields are `null`, as Zoho sends.
fn project(rec: &Map<String, Value>, fields: Option<&[String]>) -> Value {
    let Some(fields) = fields else {
        return Value::Object(rec.clone());
    };
    let mut out = Map::new();
    out.insert("id".into(), rec.get("id").cloned().unwrap_or(Value::Null));
    for f in fields {
        out.insert(f.clone(), rec.get(f).cloned().unwrap_or(Value::Null));
    }
    Value::Object(out)
}

fn sorted<'a>(
    call: &Call<'_>,
    mut recs: Vec<&'a Map<String, Value>>,
) -> Result<Vec<&'a Map<String, Value>>, ApiError> {
    let order = call.param("sort_order");
    if order.as_deref().is_some_and(|o| o != "asc" && o != "desc") {
        return Err(ApiError::invalid_data(
            "invalid data",
            json!({ "param_name": "sort_order", "supported_values": ["asc", "desc"] }),
        ));
    }
    // Zoho: `sort_order` alone sorts by id.
    let Some(by) = call
        .param("sort_by")
        .or_else(|| order.as_ref().map(|_| "id".to_string()))
    else {
        return Ok(recs);
    };
    if !["id", "Created_Time", "Modified_Time"].contains(&by.as_str()) {
        return Err(ApiError::invalid_data(
            "invalid data",
            json!({ "param_name": "sort_by", "supported_values": ["id", "Created_Time", "Modified_Time"] }),
        ));
    }
    let key = |r: &Map<String, Value>| -> (usize, String) {
        let s = r
            .get(&by)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        // Ids compare as numbers: shorter is smaller.
        (if by == "id" { s.len() } else { 0 }, s)
    };
    recs.sort_by_key(|r| key(r));
    if order.as_deref() != Some("asc") {
        recs.reverse();
    }
    Ok(recs)
}

/// `GET /{module}?fields=..` (paged) and `GET /{module}?ids=..&fields=..`.
pub fn list(state: &OrgState, call: &Call<'_>, module: &str) -> ApiResult {
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
    let key = format!("{module}|{}", call.param("sort_by").unwrap_or_default());
    let p = paging(call, &key)?;
    let recs = sorted(call, state.live_records(module))?;
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

/// `GET /{module}/search?word=|email=|phone=|criteria=`.
pub fn search(state: &OrgState, call: &Call<'_>, module: &str) -> ApiResult {
    let matcher = if let Some(c) = call.param("criteria") {
        Matcher::criteria(&c).map_err(|reason| {
            ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "INVALID_QUERY",
                "invalid query formed",
            )
            .with(json!({ "param_name": "criteria", "reason": reason }))
        })?
    } else if let Some(e) = call.param("email") {
        Matcher::Email(e)
    } else if let Some(p) = call.param("phone") {
        Matcher::Phone(p)
    } else if let Some(w) = call.param("word") {
        Matcher::Word(w)
    } else {
        return Err(ApiError::param_missing("criteria"));
    };
    let fields = fields_param(call, false)?;
    // The token belongs to this search, whatever page it is used for.
    let key = format!("{module}|search|{matcher:?}");
    let p = paging(call, &key)?;
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
    let all: Vec<Value> = state
        .bin()
        .into_iter()
        .filter(|(m, ..)| m == module)
        .filter(|(.., d)| match kind.as_str() {
            "recycle" => !d.purged,
            "permanent" => d.purged,
            _ => true,
        })
        .map(|(_, _, f, d)| deleted_entry(call, f, &d))
        .collect();
    Ok(page(all, &p, "data", &key, |v| v))
}

/// `GET /settings/recycle_bin[?module=X]`.
pub fn recycle_bin(state: &OrgState, call: &Call<'_>) -> ApiResult {
    let only = call.param("module");
    let key = format!("bin|{}", only.clone().unwrap_or_default());
    let p = paging(call, &key)?;
    let all: Vec<Value> = state
        .bin()
        .into_iter()
        .filter(|(.., d)| !d.purged)
        .filter(|(m, ..)| only.as_ref().is_none_or(|o| o.eq_ignore_ascii_case(m)))
        .map(|(m, id, f, d)| {
            let module_id = state.module(&m).map(|x| x.id.clone()).unwrap_or_default();
            json!({
                "id": id,
                "display_name": display_name(f),
                "deleted_time": d.time,
                "module": { "api_name": m, "id": module_id },
                "deleted_by": { "name": d.by.0, "id": d.by.1 },
                "owner": f.get("Owner").map(|o| json!({ "name": o.get("name"), "id": o.get("id") })),
            })
        })
        .collect();
    Ok(page(all, &p, "recycle_bin", &key, |v| v))
}

pub fn roles(state: &OrgState) -> ApiResult {
    let list: Vec<Value> = state
        .live_roles()
        .into_iter()
        .map(OrgState::role_json)
        .collect();
    if list.is_empty() {
        return Ok(reply::no_content());
    }
    Ok(reply::ok(json!({ "contact_roles": list })))
}

pub fn role(state: &OrgState, id: &str) -> ApiResult {
    if !is_numeric_id(id) {
        return Err(ApiError::unparsable("id"));
    }
    Ok(match state.live_roles().into_iter().find(|r| r.id == id) {
        Some(r) => reply::ok(json!({ "contact_roles": [OrgState::role_json(r)] })),
        None => reply::no_content(),
    })
}

pub fn org(state: &OrgState) -> ApiResult {
    Ok(reply::ok(json!({ "org": [state.org] })))
}

/// `GET /users[?type=CurrentUser|AllUsers]`.
pub fn users(state: &OrgState, call: &Call<'_>) -> ApiResult {
    let current = call.param("type").as_deref() == Some("CurrentUser");
    let list: Vec<Value> = state
        .users
        .iter()
        .filter(|u| !current || u.id == call.user.id)
        .map(|u| {
            json!({
                "id": u.id,
                "full_name": u.full_name,
                "email": u.email,
                "profile": u.profile,
                "role": u.role,
                "status": "active",
            })
        })
        .collect();
    let count = list.len();
    Ok(reply::ok(json!({
        "users": list,
        "info": { "per_page": MAX_PER_PAGE, "count": count, "page": 1, "more_records": false },
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_tokens_round_trip_and_are_bound_to_their_listing() {
        let t = token_for("Leads|", 400);
        assert_eq!(offset_of("Leads|", &t), Some(400));
        assert_eq!(offset_of("Contacts|", &t), None);
        assert_eq!(offset_of("Leads|", "garbage"), None);
    }
}
