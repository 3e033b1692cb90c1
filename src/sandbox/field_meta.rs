//! Field metadata as `GET /settings/fields` answers it: each field's Zoho data type, a
//! picklist's values, a lookup's module. The seed holds records, not a layout, so types come
//! from Zoho's standard fields by name and from the values the records carry.

use serde_json::{Map, Value, json};

use super::state::OrgState;

/// Zoho's standard currency fields.
const CURRENCY: &[&str] = &[
    "Amount",
    "Annual_Revenue",
    "Unit_Price",
    "Price",
    "Budgeted_Cost",
    "Actual_Cost",
    "Expected_Revenue",
    "Grand_Total",
    "Sub_Total",
    "Expected_Revenue__s",
];

/// Zoho's standard picklists among the seeded fields.
const PICKLISTS: &[&str] = &[
    "Lead_Source",
    "Lead_Status",
    "Industry",
    "Rating",
    "Stage",
    "Pipeline",
    "Status",
    "Type",
    "Priority",
    "Product_Category",
    "Manufacturer",
    "Pricing_Model",
    "Salutation",
];

/// Zoho's `data_type` for a field, from its name and a non-null sample value.
pub(super) fn data_type(name: &str, sample: &Value) -> &'static str {
    if CURRENCY.contains(&name) {
        return "currency";
    }
    if PICKLISTS.contains(&name) && sample.is_string() {
        return "picklist";
    }
    match sample {
        Value::Bool(_) => "boolean",
        // Zoho names a decimal field's type `double`.
        Value::Number(n) if n.is_f64() => "double",
        Value::Number(_) => "integer",
        Value::Array(_) => "multiselectpicklist",
        Value::Object(_) if matches!(name, "Owner" | "Created_By" | "Modified_By") => "ownerlookup",
        Value::Object(_) => "lookup",
        Value::String(_) if name.contains("Email") => "email",
        Value::String(_) if name.contains("Phone") || name.contains("Mobile") => "phone",
        Value::String(_) if name == "Website" => "website",
        Value::String(s) if s.len() >= 20 && s.as_bytes().get(10) == Some(&b'T') => "datetime",
        Value::String(s) if s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') => "date",
        _ => "text",
    }
}

/// A stable 19-digit id for a field (or another piece of metadata), derived from its module
/// and name.
pub(super) fn field_id(module_id: &str, name: &str) -> String {
    let h = crate::hash::fnv1a(&[module_id.as_bytes(), name.as_bytes()]);
    format!(
        "{}",
        1_000_000_000_000_000_000u64 + h % 9_000_000_000_000_000_000
    )
}

/// The distinct values the module's records give a picklist, in first-seen order.
fn pick_list_values(state: &OrgState, module: &str, module_id: &str, field: &str) -> Vec<Value> {
    let mut seen: Vec<&str> = Vec::new();
    for r in state.live_records(module) {
        if let Some(v) = r.get(field).and_then(Value::as_str)
            && !seen.contains(&v)
        {
            seen.push(v);
        }
    }
    seen.iter()
        .enumerate()
        .map(|(i, v)| {
            json!({
                "display_value": v,
                "actual_value": v,
                "sequence_number": i + 1,
                "id": field_id(module_id, &format!("{field}|{v}")),
                "type": "used",
            })
        })
        .collect()
}

/// One field's metadata; `sample` is a non-null value of it, when the records have one.
pub(super) fn field_json(
    state: &OrgState,
    module: &str,
    module_id: &str,
    api_name: &str,
    sample: &Value,
) -> Value {
    let data_type = data_type(api_name, sample);
    let mut f = Map::new();
    f.insert("api_name".into(), json!(api_name));
    f.insert("field_label".into(), json!(api_name.replace('_', " ")));
    f.insert("display_label".into(), json!(api_name.replace('_', " ")));
    f.insert("data_type".into(), json!(data_type));
    f.insert("id".into(), json!(field_id(module_id, api_name)));
    f.insert("visible".into(), json!(true));
    match data_type {
        "picklist" => {
            let values = pick_list_values(state, module, module_id, api_name);
            f.insert("pick_list_values".into(), Value::Array(values));
        }
        "lookup" => {
            // The module a lookup points to is the module of the record its value names.
            let target = sample
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| state.module_of(id))
                .and_then(|m| state.module(m));
            let module_json = target.map_or(
                Value::Null,
                |t| json!({ "api_name": t.api_name, "id": t.id }),
            );
            f.insert(
                "lookup".into(),
                json!({ "module": module_json, "display_label": api_name.replace('_', " ") }),
            );
        }
        "currency" => {
            f.insert(
                "currency".into(),
                json!({ "rounding_option": "normal", "precision": 2 }),
            );
        }
        _ => {}
    }
    Value::Object(f)
}
