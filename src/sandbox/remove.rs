//! The four removals of the seed pages: delete records, delink related records (by id or by
//! external id), delete contact roles.

use serde_json::{Value, json};

use super::call::{Call, is_numeric_id, split_ids};
use super::reply::{self, ApiError, ApiResult, Item};
use super::state::OrgState;

/// The seed pages' limit on ids per call.
pub const MAX_IDS: usize = 100;

/// The ids of a removal: the one in the path, or `?ids=` (required, at most 100).
fn ids_of(call: &Call<'_>, single: Option<String>) -> Result<Vec<String>, ApiError> {
    let ids = match single {
        Some(id) => vec![id],
        None => split_ids(&call.param("ids").unwrap_or_default()),
    };
    if ids.is_empty() {
        return Err(ApiError::param_missing("ids"));
    }
    if ids.len() > MAX_IDS {
        return Err(ApiError::ids_limit(MAX_IDS));
    }
    Ok(ids)
}

/// Ids must be numbers; the seed pages answer a malformed one with UNABLE_TO_PARSE_DATA_TYPE
/// ("either the request body or parameters is in wrong format") for the whole call.
fn require_numeric(ids: &[String]) -> Result<(), ApiError> {
    if ids.iter().all(|i| is_numeric_id(i)) {
        Ok(())
    } else {
        Err(ApiError::unparsable("ids"))
    }
}

/// `X-EXTERNAL: {Module}.{Field}[,{Module}.{Field}]`: the external field used for each module.
pub(super) fn external_fields(call: &Call<'_>) -> Result<Option<Vec<(String, String)>>, ApiError> {
    let Some(h) = call.header("X-EXTERNAL") else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for part in h.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('.') {
            Some((m, f)) if !m.is_empty() && !f.is_empty() => {
                out.push((m.to_string(), f.to_string()));
            }
            _ => {
                return Err(ApiError::invalid_data(
                    "invalid external field given in X-EXTERNAL header",
                    json!({ "header_name": "X-EXTERNAL" }),
                ));
            }
        }
    }
    Ok(Some(out))
}

pub(super) fn field_for<'a>(fields: &'a [(String, String)], module: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(m, _)| m.eq_ignore_ascii_case(module))
        .map(|(_, f)| f.as_str())
}

/// `DELETE /{module}?ids=..[&wf_trigger=]` and `DELETE /{module}/{id}`.
pub fn delete_records(
    state: &mut OrgState,
    call: &Call<'_>,
    module: &str,
    single: Option<String>,
) -> ApiResult {
    let deletable = state.module(module).is_some_and(|m| m.deletable);
    if !deletable {
        return Err(ApiError::unsupported_module(0));
    }
    let ids = ids_of(call, single)?;
    let external = external_fields(call)?;
    let ext_field = external
        .as_deref()
        .and_then(|f| field_for(f, module))
        .map(str::to_string);
    if ext_field.is_none() {
        require_numeric(&ids)?;
    }
    let wf_trigger = match call.bool_param("wf_trigger") {
        Ok(v) => v.unwrap_or(true),
        Err(()) => {
            return Err(ApiError::invalid_data(
                "invalid data",
                json!({ "param_name": "wf_trigger", "expected_data_type": "boolean" }),
            ));
        }
    };
    let mut items = Vec::with_capacity(ids.len());
    for given in &ids {
        let id = match &ext_field {
            Some(f) => match state.find_by_field(module, f, given) {
                Some(id) => id,
                None => {
                    items.push(
                        Item::error("INVALID_DATA", given, "record not deleted")
                            .detail("api_name", json!(f)),
                    );
                    continue;
                }
            },
            None => given.clone(),
        };
        let Some(fields) = state.live(module, &id) else {
            items.push(Item::error("INVALID_DATA", &id, "record not deleted"));
            continue;
        };
        if !call.may_touch(fields) {
            items.push(Item::error(
                "AUTHORIZATION_FAILED",
                &id,
                "User does not have sufficient privilege to delete records",
            ));
            continue;
        }
        if fields.get("$locked_for_me") == Some(&Value::Bool(true)) {
            items.push(
                Item::error("RECORD_LOCKED", &id, "cannot delete a locked record")
                    .detail("action", json!("delete")),
            );
            continue;
        }
        if fields.get("$approval_state").and_then(Value::as_str) == Some("approval_process_pending")
        {
            items.push(Item::error(
                "NOT_APPROVED",
                &id,
                "cannot delete record that is not approved yet",
            ));
            continue;
        }
        state.delete(module, &id, call.now.clone(), call.deleted_by());
        if wf_trigger {
            state.workflow_runs += 1;
        }
        items.push(Item::success(&id, "record deleted"));
    }
    Ok(reply::items("data", &items))
}

/// `DELETE /{module}/{id}/{related_list}[/{related_id}|?ids=]`, by ids or, with `X-EXTERNAL`,
/// by external values.
pub fn delink(
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
    // The relation exists (GET works) but the API cannot remove it.
    if !rl.delink {
        return Err(ApiError::method());
    }
    let external = external_fields(call)?;
    let target = rl.module.clone();
    let base_field = external.as_deref().and_then(|f| field_for(f, module));
    // The related values are external too when the header names the related module, or the
    // base module (then the related module's own external field applies, as in the seed page).
    let related_field: Option<String> = match external.as_deref() {
        None => None,
        Some(f) => match (field_for(f, &target), base_field) {
            (Some(rf), _) => Some(rf.to_string()),
            (None, Some(_)) => state.module(&target).and_then(|m| m.external_field.clone()),
            (None, None) => {
                return Err(ApiError::invalid_data(
                    "the X-EXTERNAL header names neither module of the URL",
                    json!({ "header_name": "X-EXTERNAL" }),
                ));
            }
        },
    };
    let base_id = match base_field {
        Some(f) => state.find_by_field(module, f, record).ok_or_else(|| {
            ApiError::invalid_data(
                "the external id given seems to be invalid",
                json!({ "api_name": f }),
            )
        })?,
        None => {
            if !is_numeric_id(record) {
                return Err(ApiError::unparsable("id"));
            }
            record.to_string()
        }
    };
    let Some(base) = state.live(module, &base_id) else {
        return Err(ApiError::invalid_data(
            "the id given seems to be invalid",
            json!({ "id": base_id }),
        ));
    };
    if !call.may_touch(base) {
        return Err(
            ApiError::authorization_failed("related records data").with(json!({ "id": base_id }))
        );
    }
    let ids = ids_of(call, single)?;
    if related_field.is_none() {
        require_numeric(&ids)?;
    }
    let mut items = Vec::with_capacity(ids.len());
    for given in &ids {
        let rid = match &related_field {
            Some(f) => match state.find_by_field(&target, f, given) {
                Some(id) => id,
                None => {
                    items.push(
                        Item::error(
                            "INVALID_DATA",
                            given,
                            "the related id given seems to be invalid",
                        )
                        .detail("api_name", json!(f)),
                    );
                    continue;
                }
            },
            None => given.clone(),
        };
        if state.related((module, &base_id), (&target, &rid)) {
            state.unlink((module, &base_id), (&target, &rid));
            items.push(Item::success(&rid, "relation removed"));
        } else {
            items.push(Item::error("INVALID_DATA", &rid, "relation not found"));
        }
    }
    Ok(reply::items("data", &items))
}

/// `DELETE /Contacts/roles?ids=..` and `DELETE /Contacts/roles/{id}`. The org must keep at
/// least one contact role.
pub fn delete_roles(state: &mut OrgState, call: &Call<'_>, single: Option<String>) -> ApiResult {
    // Contact roles are org-wide: a rep limited to their own records may not remove them.
    if call.user.own_records_only {
        return Err(ApiError::authorization_failed("contact roles"));
    }
    let ids = ids_of(call, single)?;
    require_numeric(&ids)?;
    let mut items = Vec::with_capacity(ids.len());
    for id in &ids {
        let live = state.live_roles().len();
        let Some(role) = state.roles.iter_mut().find(|r| &r.id == id && !r.deleted) else {
            items.push(Item::error("INVALID_DATA", id, "contact role not deleted"));
            continue;
        };
        if live <= 1 {
            items.push(
                Item::error(
                    "LOWER_LIMIT_REACHED",
                    id,
                    "at least one contact role must remain",
                )
                .detail("limit", json!(1)),
            );
            continue;
        }
        role.deleted = true;
        items.push(Item::success(id, "contact role deleted"));
    }
    Ok(reply::items("contact_roles", &items))
}
