//! The settings and org reads: modules, related lists, fields, contact-role definitions, the
//! org and its users.

use serde_json::{Value, json};

use super::call::{Call, is_numeric_id};
use super::field_meta::field_json;
use super::paging::MAX_PER_PAGE;
use super::reply::{self, ApiError, ApiResult};
use super::seed::ModuleMeta;
use super::state::OrgState;

pub(super) fn module_json(m: &ModuleMeta, seq: usize) -> Value {
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
pub(super) fn module_param<'s>(
    state: &'s OrgState,
    call: &Call<'_>,
) -> Result<&'s ModuleMeta, ApiError> {
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

/// `GET /settings/fields?module=X`: the fields the module's seeded records carry, typed.
pub fn fields(state: &OrgState, call: &Call<'_>) -> ApiResult {
    let m = module_param(state, call)?;
    let list: Vec<Value> = state
        .field_samples(&m.api_name)
        .into_iter()
        .map(|(api_name, sample)| field_json(state, &m.api_name, &m.id, &api_name, &sample))
        .collect();
    if list.is_empty() {
        return Ok(reply::no_content());
    }
    Ok(reply::ok(json!({ "fields": list })))
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

/// `GET /org`. An org file without `zgid` gets the one its `domain_name` (`org{zgid}`) names.
pub fn org(state: &OrgState) -> ApiResult {
    let mut org = state.org.clone();
    if let Value::Object(o) = &mut org
        && !o.contains_key("zgid")
    {
        let zgid = o
            .get("domain_name")
            .and_then(Value::as_str)
            .and_then(|d| d.strip_prefix("org"))
            .filter(|z| !z.is_empty() && z.bytes().all(|b| b.is_ascii_digit()))
            .map_or(Value::Null, |z| json!(z));
        o.insert("zgid".into(), zgid);
    }
    Ok(reply::ok(json!({ "org": [org] })))
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
