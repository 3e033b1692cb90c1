//! Export of an operation's before-images, to re-import what was removed by mistake.

use serde_json::{Value, json};

use super::OperationRecord;

/// `{"operation": {...summary...}, "data": [before-images]}`, pretty-printed. `data` has the
/// shape of the API's insert body (`POST /{module}`), ids included.
pub fn export_json(record: &OperationRecord) -> String {
    let v = json!({
        "operation": record.summary,
        "data": record.before,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_else(|_| v.to_string());
    s.push('\n');
    s
}

/// One row per before-image; columns are the union of their field names (`id` first, then in
/// the order first seen, each record's own fields alphabetically). Nested values (lookups such as `Owner`) are written as compact JSON.
pub fn export_csv(record: &OperationRecord) -> String {
    let mut columns: Vec<String> = Vec::new();
    for image in &record.before {
        if let Value::Object(m) = image {
            for k in m.keys() {
                if !columns.iter().any(|c| c == k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    if let Some(i) = columns.iter().position(|c| c == "id") {
        let id = columns.remove(i);
        columns.insert(0, id);
    }
    let mut out = String::new();
    if columns.is_empty() {
        return out;
    }
    push_row(&mut out, columns.iter().map(String::as_str));
    for image in &record.before {
        let Value::Object(m) = image else { continue };
        let cells: Vec<String> = columns
            .iter()
            .map(|c| m.get(c).map(cell).unwrap_or_default())
            .collect();
        push_row(&mut out, cells.iter().map(String::as_str));
    }
    out
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn push_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    let mut first = true;
    for c in cells {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&quote(c));
    }
    out.push_str("\r\n");
}

/// RFC 4180 quoting.
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{OpState, OperationRecord, OperationSummary};
    use crate::zoho::Removal;

    fn record(before: Vec<Value>) -> OperationRecord {
        OperationRecord {
            summary: OperationSummary {
                id: "op".into(),
                time: "2026-11-23T11:00:00.000Z".into(),
                profile: "prod".into(),
                api_domain: "https://www.zohoapis.eu".into(),
                removal: Removal::DeleteRecords {
                    module: "Leads".into(),
                    ids: vec!["1".into(), "2".into()],
                    wf_trigger: true,
                },
                undo_of: None,
                total: 2,
                removed: 2,
                failed: 0,
                not_attempted: 0,
                unknown: 0,
                state: OpState::Finished,
            },
            before,
            fates: Vec::new(),
        }
    }

    #[test]
    fn csv_has_the_union_of_fields_with_id_first_and_quotes_what_needs_it() {
        let r = record(vec![
            json!({"Last_Name": "Doe, Jr.", "id": "1", "Owner": {"id": "9", "name": "Ann"}}),
            json!({"id": "2", "Email": "say \"hi\"", "Amount": 12.5, "Active": true, "Gone": null}),
        ]);
        let csv = export_csv(&r);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "id,Last_Name,Owner,Active,Amount,Email,Gone");
        assert_eq!(
            lines[1],
            r#"1,"Doe, Jr.","{""id"":""9"",""name"":""Ann""}",,,,"#
        );
        assert_eq!(lines[2], r#"2,,,true,12.5,"say ""hi""","#);
        assert_eq!(lines.len(), 4, "two rows and the final line break");
    }

    #[test]
    fn json_export_holds_the_operation_and_the_images() {
        let r = record(vec![json!({"id": "1", "Last_Name": "Doe"})]);
        let v: Value = serde_json::from_str(&export_json(&r)).unwrap();
        assert_eq!(v["operation"]["id"], "op");
        assert_eq!(v["operation"]["removal"]["op"], "delete_records");
        assert_eq!(v["data"][0]["Last_Name"], "Doe");
        assert_eq!(export_csv(&record(Vec::new())), "");
    }
}
