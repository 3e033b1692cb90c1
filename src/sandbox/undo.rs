//! What undoes a removal: relinking related records and restoring from the recycle bin (v8).

use serde_json::{Map, Value, json};

use super::call::{Call, is_numeric_id};
use super::paging::MAX_PER_PAGE;
use super::remove::MAX_IDS;
use super::reply::{self, ApiError, ApiResult, Item};
use super::state::OrgState;

pub(super) fn body_json(call: &Call<'_>) -> Result<Option<Value>, ApiError> {
    if call.body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(call.body).map(Some).map_err(|_| {
        ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "INVALID_DATA",
            "body is not a valid JSON",
        )
    })
}

/// `PUT /{module}/{id}/{related_list}/{related_id}` or `PUT /{module}/{id}/{related_list}` with
/// `{"data":[{"id":..}]}`: relate records again.
pub fn relink(
    state: &mut OrgState,
    call: &Call<'_>,
    module: &str,
    record: &str,
    related_list: &str,
    single: Option<String>,
) -> ApiResult {
    let rl = state
        .related_list(module, related_list)
        .cloned()
        .ok_or_else(ApiError::url_pattern)?;
    // Relinking works where delinking does (a deal's contact roles included: Zoho's way to
    // set a contact's role on a deal).
    if !rl.delink {
        return Err(ApiError::method());
    }
    if !is_numeric_id(record) {
        return Err(ApiError::unparsable("id"));
    }
    if state.live(module, record).is_none() {
        return Err(ApiError::invalid_data(
            "the id given seems to be invalid",
            json!({ "id": record }),
        ));
    }
    let data = body_json(call)?.and_then(|b| b.get("data").and_then(Value::as_array).cloned());
    // Each item: the related id and the relation's own fields to restore (e.g. Contact_Role).
    let ids: Vec<(String, Map<String, Value>)> = match (single, data) {
        (Some(id), data) => {
            let mut own = data
                .and_then(|d| d.first().and_then(Value::as_object).cloned())
                .unwrap_or_default();
            own.remove("id");
            vec![(id, own)]
        }
        (None, Some(data)) => data
            .iter()
            .map(|d| {
                let mut own = d.as_object().cloned().unwrap_or_default();
                let id = match own.remove("id") {
                    Some(Value::String(s)) => s,
                    Some(Value::Number(n)) => n.to_string(),
                    _ => String::new(),
                };
                (id, own)
            })
            .collect(),
        (None, None) => return Err(ApiError::param_missing("data")),
    };
    if ids.is_empty() {
        return Err(ApiError::param_missing("data"));
    }
    if ids.len() > MAX_IDS {
        return Err(ApiError::ids_limit(MAX_IDS));
    }
    let roles = rl.api_name == "Contact_Roles";
    let mut items = Vec::new();
    for (rid, mut own) in ids {
        if roles {
            match role_of(state, own.get("Contact_Role")) {
                Ok(role) => {
                    own.insert("Contact_Role".into(), role);
                }
                Err(e) => {
                    items.push(e.item(&rid));
                    continue;
                }
            }
        }
        if !is_numeric_id(&rid) || state.live(&rl.module, &rid).is_none() {
            items.push(Item::error(
                "INVALID_DATA",
                &rid,
                "the related id given seems to be invalid",
            ));
            continue;
        }
        state.link((module, record), (&rl.module, &rid));
        if !own.is_empty() {
            state.set_relation_fields((module, record), (&rl.module, &rid), own);
        }
        items.push(Item::success(&rid, "relation updated"));
    }
    Ok(reply::items("data", &items))
}

/// The records `fields` looks up (an account, a deal) that sit in the recycle bin; users and
/// layouts are not parents.
fn parents_in_bin(state: &OrgState, fields: &Map<String, Value>) -> Vec<String> {
    fields
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "Owner" | "Created_By" | "Modified_By" | "Layout"
            )
        })
        .filter_map(|(_, v)| v.get("id").and_then(Value::as_str))
        .filter(|id| state.module_of(id).is_some_and(|m| state.in_bin(m, id)))
        .map(str::to_string)
        .collect()
}

/// Why a contact-role item was refused, as "Add Contact Roles to a Specific Deal" answers.
enum RoleRefusal {
    Missing,
    Unknown,
}

impl RoleRefusal {
    fn item(&self, contact: &str) -> Item {
        match self {
            RoleRefusal::Missing => {
                Item::error("MANDATORY_NOT_FOUND", contact, "required field not found")
                    .detail("api_name", json!("Contact_Role"))
            }
            RoleRefusal::Unknown => Item::error("INVALID_DATA", contact, "invalid data")
                .detail("api_name", json!("Contact_Role")),
        }
    }
}

/// The role a contact is given on a deal: `{"id":..}`, `{"name":..,"id":..}` or the role's name
/// (v3's form), stored as `{"name","id"}` of a live role.
fn role_of(state: &OrgState, given: Option<&Value>) -> Result<Value, RoleRefusal> {
    let (id, name) = match given {
        None | Some(Value::Null) => return Err(RoleRefusal::Missing),
        Some(Value::String(n)) => (None, Some(n.as_str())),
        Some(Value::Object(o)) => (
            o.get("id").and_then(Value::as_str),
            o.get("name").and_then(Value::as_str),
        ),
        Some(_) => return Err(RoleRefusal::Unknown),
    };
    state
        .live_roles()
        .into_iter()
        .find(|r| match id {
            Some(id) => r.id == id,
            None => name.is_some_and(|n| r.name == n),
        })
        .map(|r| json!({ "name": r.name, "id": r.id }))
        .ok_or(RoleRefusal::Unknown)
}

fn restore_ids(state: &mut OrgState, ids: &[String]) -> ApiResult {
    if ids.is_empty() {
        return Err(ApiError::param_missing("ids"));
    }
    if ids.len() > MAX_IDS {
        return Err(ApiError::ids_limit(MAX_IDS));
    }
    let asked: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    // Whether each asked record in the bin has a parent there that this call does not restore
    // too (a parent restored by the same call brings its child back).
    // Looked up by id, not by a pass over the bin: restoring a bin of 1,000,000 a hundred at a
    // time must not cost a pass over it per call.
    let waiting: std::collections::HashMap<&str, bool> = asked
        .iter()
        .filter_map(|id| {
            let fields = state.binned(state.module_of(id)?, id)?;
            let missing = parents_in_bin(state, fields)
                .iter()
                .any(|p| !asked.contains(p.as_str()));
            Some((*id, missing))
        })
        .collect();
    let mut items = Vec::new();
    for id in ids {
        let module = state.module_of(id).map(str::to_string);
        let Some(m) = module.filter(|m| state.in_bin(m, id)) else {
            items.push(Item::error(
                "INVALID_DATA",
                id,
                "the given id is not in the recycle bin",
            ));
            continue;
        };
        if waiting.get(id.as_str()).copied().unwrap_or(false) {
            items.push(Item::error(
                "CANNOT_RESTORE_WITHOUT_PARENT",
                id,
                "the parent record of this record is in the recycle bin; restore it first",
            ));
            continue;
        }
        state.restore(&m, id);
        items.push(Item::success(id, "record restored"));
    }
    Ok(reply::items("recycle_bin", &items))
}

/// `POST /settings/recycle_bin/actions/restore` with `{"ids":[...]}`.
pub fn restore_many(state: &mut OrgState, call: &Call<'_>) -> ApiResult {
    let body = body_json(call)?.ok_or_else(|| ApiError::param_missing("ids"))?;
    let ids: Vec<String> = body
        .get("ids")
        .and_then(Value::as_array)
        .ok_or_else(|| ApiError::param_missing("ids"))?
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        })
        .collect();
    restore_ids(state, &ids)
}

/// `POST /settings/recycle_bin/{id}/actions/restore`.
pub fn restore_one(state: &mut OrgState, id: &str) -> ApiResult {
    restore_ids(state, &[id.to_string()])
}

/// `GET /settings/recycle_bin/{id}`: the one record, shaped as in the listing; 204 when the
/// bin does not hold it.
pub fn bin_one(state: &OrgState, id: &str) -> ApiResult {
    if !is_numeric_id(id) {
        return Err(ApiError::unparsable("id"));
    }
    let found = state.bin().find(|(_, i, _, d)| *i == id && !d.purged);
    let Some((m, i, f, d)) = found else {
        return Ok(reply::no_content());
    };
    let entry = super::browse::bin_entry(state, m, i, f, d);
    Ok(reply::ok(json!({
        "recycle_bin": [entry],
        "info": { "per_page": MAX_PER_PAGE, "count": 1, "page": 1, "more_records": false },
    })))
}

/// `DELETE /settings/recycle_bin?ids=..` and `DELETE /settings/recycle_bin/{id}`: delete for
/// good; such records can no longer be restored.
pub fn purge(state: &mut OrgState, call: &Call<'_>, single: Option<String>) -> ApiResult {
    let ids = match single {
        Some(id) => vec![id],
        None => super::call::split_ids(&call.param("ids").unwrap_or_default()),
    };
    if ids.is_empty() {
        return Err(ApiError::param_missing("ids"));
    }
    if ids.len() > MAX_IDS {
        return Err(ApiError::ids_limit(MAX_IDS));
    }
    if !ids.iter().all(|i| is_numeric_id(i)) {
        return Err(ApiError::unparsable("ids"));
    }
    let mut items = Vec::new();
    for id in &ids {
        let module = state.module_of(id).map(str::to_string);
        match module {
            Some(m) if state.purge(&m, id) => {
                items.push(Item::success(id, "record deleted permanently"));
            }
            _ => items.push(Item::error(
                "INVALID_DATA",
                id,
                "the given id is not in the recycle bin",
            )),
        }
    }
    Ok(reply::items("recycle_bin", &items))
}
