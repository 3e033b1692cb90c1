//! `PUT /{module}` with `{"data": [{"id": .., field: value}, ..]}` and `PUT /{module}/{id}`:
//! Zoho's update-records call. Each record answers on its own (SUCCESS with the new
//! `Modified_Time` and `Modified_By`, or why not); the fields must exist in the module and
//! carry values of their type.

use std::collections::HashMap;

use axum::http::StatusCode;
use chrono::{DateTime, NaiveDate};
use serde_json::{Map, Value, json};

use super::call::{Call, is_numeric_id};
use super::field_meta::data_type;
use super::reply::{self, ApiError, ApiResult, Item};
use super::state::{OrgState, display_name};
use super::undo::body_json;

/// Records one call may update.
pub const MAX_RECORDS: usize = 100;

/// Fields Zoho sets itself: an update leaves them as they are.
const SYSTEM_FIELDS: &[&str] = &["Created_Time", "Created_By", "Modified_Time", "Modified_By"];

fn item(code: &'static str, message: &str, details: Value) -> Item {
    Item {
        ok: false,
        code,
        message: message.to_string(),
        details,
    }
}

fn path(i: usize, field: &str) -> String {
    format!("$.data[{i}].{field}")
}

/// Whether `v` is a value a field of `data_type` takes.
fn fits(data_type: &str, v: &Value) -> bool {
    match (data_type, v) {
        (_, Value::Null) => true,
        ("integer" | "double" | "currency", Value::Number(_)) => true,
        ("integer" | "double" | "currency", _) => false,
        ("boolean", b) => b.is_boolean(),
        ("datetime", Value::String(s)) => DateTime::parse_from_rfc3339(s).is_ok(),
        ("date", Value::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
        ("datetime" | "date", _) => false,
        ("lookup" | "ownerlookup", Value::Object(o)) => o.get("id").is_some_and(Value::is_string),
        ("lookup" | "ownerlookup", Value::String(_)) => true,
        ("lookup" | "ownerlookup", _) => false,
        ("multiselectpicklist", a) => a.is_array(),
        (_, s) => s.is_string(),
    }
}

/// A lookup as records hold it: `{"name", "id"}`, whether the caller sent the id alone or not.
fn lookup_value(state: &OrgState, v: &Value) -> Value {
    let id = match v {
        Value::String(s) => s.as_str(),
        Value::Object(o) => o.get("id").and_then(Value::as_str).unwrap_or_default(),
        _ => return v.clone(),
    };
    let name = state
        .module_of(id)
        .and_then(|m| state.live(m, id))
        .map(display_name);
    match name {
        Some(n) => json!({ "name": n, "id": id }),
        None => json!({ "id": id }),
    }
}

/// One record's update: its changes, or why it is refused.
fn check(
    state: &OrgState,
    call: &Call<'_>,
    module: &str,
    types: &HashMap<String, &'static str>,
    i: usize,
    rec: &Value,
    path_id: Option<&str>,
) -> Result<(String, Map<String, Value>), Item> {
    let Some(obj) = rec.as_object() else {
        return Err(item(
            "INVALID_DATA",
            "invalid data",
            json!({ "json_path": format!("$.data[{i}]") }),
        ));
    };
    let id = match path_id.or_else(|| obj.get("id").and_then(Value::as_str)) {
        Some(id) => id.to_string(),
        None => {
            return Err(item(
                "MANDATORY_NOT_FOUND",
                "required field not found",
                json!({ "api_name": "id", "json_path": path(i, "id") }),
            ));
        }
    };
    let current = is_numeric_id(&id)
        .then(|| state.live(module, &id))
        .flatten()
        .ok_or_else(|| {
            item(
                "INVALID_DATA",
                "the id given seems to be invalid",
                json!({ "api_name": "id", "json_path": path(i, "id") }),
            )
        })?;
    if current.get("$locked_for_me") == Some(&Value::Bool(true)) {
        return Err(
            Item::error("RECORD_LOCKED", &id, "cannot update a locked record")
                .detail("action", json!("update")),
        );
    }
    if current.get("$approval_state").and_then(Value::as_str) == Some("approval_process_pending") {
        return Err(Item::error(
            "NOT_APPROVED",
            &id,
            "cannot update record that is not approved yet",
        ));
    }
    if !call.may_touch(current) {
        return Err(Item::error(
            "AUTHORIZATION_FAILED",
            &id,
            &format!("User does not have sufficient privilege to update {module}"),
        ));
    }
    let mut changes = Map::new();
    for (k, v) in obj {
        if k == "id" || k.starts_with('$') || SYSTEM_FIELDS.contains(&k.as_str()) {
            continue;
        }
        let Some(t) = types.get(k) else {
            return Err(item(
                "INVALID_DATA",
                "invalid data",
                json!({ "api_name": k, "json_path": path(i, k) }),
            ));
        };
        if !fits(t, v) {
            return Err(item(
                "INVALID_DATA",
                "invalid data",
                json!({ "api_name": k, "json_path": path(i, k), "expected_data_type": t }),
            ));
        }
        let v = if matches!(*t, "lookup" | "ownerlookup") {
            lookup_value(state, v)
        } else {
            v.clone()
        };
        changes.insert(k.clone(), v);
    }
    // Full_Name is read-only and follows the name fields.
    if types.contains_key("Full_Name")
        && (changes.contains_key("First_Name") || changes.contains_key("Last_Name"))
    {
        let part = |f: &str| {
            changes
                .get(f)
                .or_else(|| current.get(f))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let full = format!("{} {}", part("First_Name"), part("Last_Name"));
        changes.insert("Full_Name".into(), json!(full.trim()));
    }
    Ok((id, changes))
}

pub fn update(
    state: &mut OrgState,
    call: &Call<'_>,
    module: &str,
    path_id: Option<String>,
) -> ApiResult {
    let body = body_json(call)?;
    let data = body
        .as_ref()
        .and_then(|b| b.get("data"))
        .and_then(Value::as_array)
        .filter(|d| !d.is_empty())
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "MANDATORY_NOT_FOUND",
                "required field not found",
            )
            .with(json!({ "api_name": "data", "json_path": "$.data" }))
        })?;
    if data.len() > MAX_RECORDS {
        return Err(
            ApiError::new(StatusCode::BAD_REQUEST, "LIMIT_EXCEEDED", "Limit Exceeded")
                .with(json!({ "limit": MAX_RECORDS, "api_name": "data", "json_path": "$.data" })),
        );
    }
    // One record through the path: its id is the path's.
    let data: Vec<Value> = match path_id {
        Some(_) => data.iter().take(1).cloned().collect(),
        None => data.clone(),
    };
    let types: HashMap<String, &'static str> = state
        .field_samples(module)
        .into_iter()
        .map(|(k, sample)| {
            let t = data_type(&k, &sample);
            (k, t)
        })
        .collect();
    let by = call.user_json();
    let mut items = Vec::with_capacity(data.len());
    for (i, rec) in data.iter().enumerate() {
        let (id, mut changes) = match check(state, call, module, &types, i, rec, path_id.as_deref())
        {
            Ok(c) => c,
            Err(refused) => {
                items.push(refused);
                continue;
            }
        };
        changes.insert("Modified_Time".into(), json!(call.now));
        changes.insert("Modified_By".into(), by.clone());
        state.update_record(module, &id, changes);
        let created = |f: &str| {
            state
                .live(module, &id)
                .and_then(|r| r.get(f))
                .cloned()
                .unwrap_or(Value::Null)
        };
        let created_by = match created("Created_By") {
            Value::Object(o) => json!({ "name": o.get("name"), "id": o.get("id") }),
            other => other,
        };
        items.push(Item {
            ok: true,
            code: "SUCCESS",
            message: "record updated".into(),
            details: json!({
                "Modified_Time": call.now,
                "Modified_By": by,
                "Created_Time": created("Created_Time"),
                "id": id,
                "Created_By": created_by,
            }),
        });
    }
    Ok(reply::items("data", &items))
}
