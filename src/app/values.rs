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

/// The value in a table cell: as [`for_people`] but one short line: owners and lookups by name
/// only, times in the local zone to the minute (the zone is the same for every row), currencies
/// with thousands grouped, Zoho's `-None-` picklist value as nothing. Empty when there is nothing.
pub fn for_cell(v: &Value, meta: Option<&FieldMeta>) -> String {
    let data_type = meta.map_or("", |m| m.data_type.as_str());
    match v {
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| for_people(v, meta))
            .unwrap_or_default(),
        Value::Number(n) if data_type == "currency" => n.as_f64().map(grouped).unwrap_or_default(),
        Value::String(s) if s == "-None-" => String::new(),
        Value::String(s) => match DateTime::parse_from_rfc3339(s) {
            Ok(t) => t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
            Err(_) => for_people(v, meta).unwrap_or_default(),
        },
        Value::Array(a) => {
            let parts: Vec<String> = a
                .iter()
                .map(|x| for_cell(x, None))
                .filter(|x| !x.is_empty())
                .collect();
            parts.join(", ")
        }
        _ => for_people(v, meta).unwrap_or_default(),
    }
}

/// `1234567.5` -> `1,234,567.50`.
fn grouped(x: f64) -> String {
    let text = format!("{:.2}", x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((text.as_str(), "00"));
    let out = crate::numbers::group_digits(int);
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}{out}.{frac}")
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

    #[test]
    fn cells_are_one_short_line() {
        let cur = FieldMeta {
            api_name: "Amount".into(),
            label: "Amount".into(),
            data_type: "currency".into(),
        };
        assert_eq!(for_cell(&json!(178000), Some(&cur)), "178,000.00");
        assert_eq!(for_cell(&json!(-1234.5), Some(&cur)), "-1,234.50");
        assert_eq!(for_cell(&json!(999), Some(&cur)), "999.00");
        assert_eq!(for_cell(&json!(false), None), "no");
        assert_eq!(for_cell(&json!("-None-"), None), "");
        assert_eq!(for_cell(&json!(null), None), "");
        assert_eq!(
            for_cell(
                &json!({"name": "Priya Raman", "id": "5", "email": "p@x"}),
                None
            ),
            "Priya Raman"
        );
        let t = for_cell(&json!("2025-11-30T16:24:00+00:00"), None);
        assert!(t.starts_with("2025-11-3") && t.len() == 16, "{t}");
        assert_eq!(for_cell(&json!("2026-10-05"), None), "2026-10-05");
    }
}
