//! Export of an operation's before-images, to re-import what was removed by mistake.

use serde_json::{Value, json};

use super::{Fate, OperationRecord};
use crate::zoho::{Record, client_codes, error::hint_for_code};

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

/// The columns of both results files.
pub const RESULTS_HEADER: [&str; 5] = ["id", "name", "code", "message", "hint"];

/// Each id's outcome as two CSVs, as Salesforce Data Loader writes its success and error files:
/// the ids removed (code `SUCCESS`; the message is Zoho's, or how a resume found it) and every
/// other id (Zoho's or the client's code, `NOT_ATTEMPTED`, `UNKNOWN_OUTCOME`), with the name
/// from the before-images where one was recorded.
pub fn export_results(record: &OperationRecord) -> Results {
    let mut r = Results {
        success: String::new(),
        errors: String::new(),
        successes: 0,
        failures: 0,
    };
    push_row(&mut r.success, RESULTS_HEADER.into_iter());
    push_row(&mut r.errors, RESULTS_HEADER.into_iter());
    let op = &record.summary.id;
    for (id, fate) in &record.fates {
        let name = name_of(record, id);
        let (code, message, hint) = match fate {
            Fate::Removed { message } => {
                r.successes += 1;
                push_row(
                    &mut r.success,
                    [id.as_str(), &name, "SUCCESS", message, ""].into_iter(),
                );
                continue;
            }
            Fate::Failed {
                code,
                message,
                hint,
            } => (code.clone(), message.clone(), hint.clone()),
            Fate::NotAttempted { reason } => (
                "NOT_ATTEMPTED".to_string(),
                reason.clone(),
                format!("Never sent: `zcrm-tui journal resume {op}` sends it."),
            ),
            Fate::Unknown => (
                client_codes::UNKNOWN_OUTCOME.to_string(),
                "sent, but no answer was recorded".to_string(),
                format!(
                    "{} `zcrm-tui journal resume {op}` checks it.",
                    hint_for_code(client_codes::UNKNOWN_OUTCOME)
                ),
            ),
        };
        r.failures += 1;
        push_row(
            &mut r.errors,
            [id.as_str(), &name, &code, &message, &hint].into_iter(),
        );
    }
    r
}

/// The two results files of [`export_results`].
pub struct Results {
    pub success: String,
    pub errors: String,
    pub successes: usize,
    pub failures: usize,
}

/// The record's name as its before-image holds it (a contact role's `name` too); empty when
/// no image, or no name field, was recorded.
fn name_of(record: &OperationRecord, id: &str) -> String {
    let image = record.before.iter().find_map(|v| match v {
        Value::Object(m) if m.get("id").and_then(Value::as_str) == Some(id) => Some(m),
        _ => None,
    });
    let Some(fields) = image else {
        return String::new();
    };
    if let Some(n) = fields.get("name").and_then(Value::as_str) {
        return n.to_string();
    }
    let shown = Record {
        id: id.to_string(),
        fields: fields.clone(),
    }
    .display_name();
    if shown == id { String::new() } else { shown }
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
                plan: None,
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
    fn results_put_unsent_and_unknown_ids_with_the_errors_and_say_how_to_resume() {
        let mut r = record(vec![
            json!({"id": "1", "First_Name": "Ann", "Last_Name": "Lee"}),
        ]);
        r.fates = vec![
            (
                "1".into(),
                Fate::Removed {
                    message: "record deleted".into(),
                },
            ),
            (
                "2".into(),
                Fate::NotAttempted {
                    reason: "stopped by the admin".into(),
                },
            ),
            ("3".into(), Fate::Unknown),
        ];
        let out = export_results(&r);
        assert_eq!((out.successes, out.failures), (1, 2));
        assert_eq!(
            out.success,
            "id,name,code,message,hint\r\n1,Ann Lee,SUCCESS,record deleted,\r\n"
        );
        let lines: Vec<&str> = out.errors.split("\r\n").collect();
        assert!(
            lines[1].starts_with("2,,NOT_ATTEMPTED,stopped by the admin,"),
            "{}",
            lines[1]
        );
        assert!(lines[1].contains("journal resume op"), "{}", lines[1]);
        assert!(lines[2].starts_with("3,,UNKNOWN_OUTCOME,"), "{}", lines[2]);
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
