//! Field values for people: lookups and owners by name, dates in the local zone with the zone
//! shown, booleans and currencies as such, not raw JSON.

use chrono::{DateTime, Local, NaiveDate};
use serde_json::Value;

use crate::zoho::FieldMeta;

/// The value as an admin reads it; `None` when there is nothing to show (null, empty).
pub fn for_people(v: &Value, meta: Option<&FieldMeta>) -> Option<String> {
    let data_type = meta.map_or("", |m| m.data_type.as_str());
    let text = match v {
        Value::Null => return None,
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => match (data_type, n.as_f64()) {
            ("currency", Some(x)) => format!("{x:.2}"),
            _ => n.to_string(),
        },
        Value::String(s) if s.trim().is_empty() => return None,
        Value::String(s) => time_for_people(s).unwrap_or_else(|| s.clone()),
        Value::Object(o) => {
            let name = o.get("name").and_then(Value::as_str);
            let id = o.get("id").and_then(Value::as_str);
            let email = o.get("email").and_then(Value::as_str);
            match (name, id, email) {
                (Some(n), _, Some(e)) => format!("{n} <{e}>"),
                (Some(n), Some(i), None) => format!("{n} ({i})"),
                (Some(n), None, None) => n.to_string(),
                (None, Some(i), _) => i.to_string(),
                _ => Value::Object(o.clone()).to_string(),
            }
        }
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(|x| for_people(x, None)).collect();
            if parts.is_empty() {
                return None;
            }
            parts.join(", ")
        }
    };
    Some(text)
}

/// `2025-11-30T16:24:00+00:00` -> `2025-11-30 16:24 (UTC+00:00)` in the local zone; a plain
/// date stays a date.
fn time_for_people(s: &str) -> Option<String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        let local = t.with_timezone(&Local);
        return Some(local.format("%Y-%m-%d %H:%M (UTC%:z)").to_string());
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn values_read_as_people_read_them() {
        let cur = FieldMeta {
            api_name: "Amount".into(),
            label: "Amount".into(),
            data_type: "currency".into(),
        };
        assert_eq!(
            for_people(&json!(1200), Some(&cur)).as_deref(),
            Some("1200.00")
        );
        assert_eq!(for_people(&json!(true), None).as_deref(), Some("yes"));
        assert_eq!(for_people(&json!(null), None), None);
        assert_eq!(for_people(&json!(" "), None), None);
        assert_eq!(
            for_people(
                &json!({"name": "Priya Raman", "id": "5", "email": "p@x"}),
                None
            )
            .as_deref(),
            Some("Priya Raman <p@x>")
        );
        assert_eq!(
            for_people(&json!({"name": "Kestrel", "id": "7"}), None).as_deref(),
            Some("Kestrel (7)")
        );
        let t = for_people(&json!("2025-11-30T16:24:00+00:00"), None).unwrap();
        assert!(t.starts_with("2025-11-3") && t.contains("(UTC"), "{t}");
        assert_eq!(
            for_people(&json!("2026-10-05"), None).as_deref(),
            Some("2026-10-05")
        );
        assert_eq!(
            for_people(&json!(["a", null, "b"]), None).as_deref(),
            Some("a, b")
        );
    }
}
