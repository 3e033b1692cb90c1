//! What the removal commands print: human lines or JSON Lines, both built as strings so they
//! can be tested without running anything.

use serde_json::{Value, json};

use crate::zoho::{IdOutcome, RemovalReport};

use super::operation::{Operation, calls_needed};

/// How a dry run resolved one id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub id: String,
    /// The record's name when it exists (and, for a delink, is related); `None` when missing.
    pub name: Option<String>,
}

/// Counts of a finished removal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub requested: usize,
    pub removed: usize,
    pub failed: usize,
    pub not_attempted: usize,
    pub calls: usize,
}

impl Tally {
    pub fn of(report: &RemovalReport) -> Self {
        let mut t = Tally {
            requested: report.outcomes.len(),
            removed: 0,
            failed: 0,
            not_attempted: 0,
            calls: report.calls,
        };
        for o in &report.outcomes {
            match o {
                IdOutcome::Removed { .. } => t.removed += 1,
                IdOutcome::Failed { .. } => t.failed += 1,
                IdOutcome::NotAttempted { .. } => t.not_attempted += 1,
            }
        }
        t
    }
    pub fn all_removed(&self) -> bool {
        self.removed == self.requested
    }
}

fn calls_word(n: usize) -> &'static str {
    if n == 1 { "call" } else { "calls" }
}

/// "Deleted 248 of 250 Leads in 3 calls (2 failed)".
pub fn summary_line(op: &Operation, t: &Tally) -> String {
    let mut s = format!(
        "{} {} of {} {}{} in {} {}",
        op.verb_past(),
        t.removed,
        t.requested,
        op.items(t.requested),
        op.target(),
        t.calls,
        calls_word(t.calls)
    );
    let mut extra = Vec::new();
    if t.failed > 0 {
        extra.push(format!("{} failed", t.failed));
    }
    if t.not_attempted > 0 {
        extra.push(format!("{} not sent", t.not_attempted));
    }
    if !extra.is_empty() {
        s.push_str(&format!(" ({})", extra.join(", ")));
    }
    s
}

/// One line per id that was not removed (code, message and hint).
pub fn failure_lines(report: &RemovalReport) -> String {
    let mut out = String::new();
    for o in &report.outcomes {
        match o {
            IdOutcome::Removed { .. } => {}
            IdOutcome::Failed {
                id,
                code,
                message,
                hint,
                ..
            } => {
                out.push_str(&format!("failed   {id}: {code} {message}"));
                if !hint.is_empty() {
                    out.push_str(&format!(" (hint: {hint})"));
                }
                out.push('\n');
            }
            IdOutcome::NotAttempted { id, reason } => {
                out.push_str(&format!("not sent {id}: {reason}\n"));
            }
        }
    }
    out
}

/// One line per id that was not removed, then the summary line.
pub fn human_report(op: &Operation, report: &RemovalReport) -> String {
    let mut out = failure_lines(report);
    out.push_str(&summary_line(op, &Tally::of(report)));
    out.push('\n');
    out
}

/// JSON Lines: one object per id (`{"outcome":"removed"|"failed"|"not_attempted","id":...}`),
/// then `{"summary":{...}}`.
pub fn json_report(op: &Operation, report: &RemovalReport, op_id: Option<&str>) -> String {
    let mut out = String::new();
    for o in &report.outcomes {
        let v = serde_json::to_value(o).unwrap_or_else(|_| json!({"id": o.id()}));
        out.push_str(&v.to_string());
        out.push('\n');
    }
    let t = Tally::of(report);
    let mut summary = summary_base(op, false);
    if let Some(id) = op_id {
        summary.insert("op_id".into(), id.into());
    }
    summary.insert("requested".into(), t.requested.into());
    summary.insert("removed".into(), t.removed.into());
    summary.insert("failed".into(), t.failed.into());
    summary.insert("not_attempted".into(), t.not_attempted.into());
    summary.insert("calls".into(), t.calls.into());
    out.push_str(&json!({ "summary": summary }).to_string());
    out.push('\n');
    out
}

fn summary_base(op: &Operation, dry_run: bool) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("operation".into(), op.name().into());
    m.insert("dry_run".into(), dry_run.into());
    match op {
        Operation::Delete { module, wf_trigger } => {
            m.insert("module".into(), module.clone().into());
            m.insert("wf_trigger".into(), (*wf_trigger).into());
        }
        Operation::Delink {
            module,
            record_id,
            related_list,
        } => {
            m.insert("module".into(), module.clone().into());
            m.insert("record_id".into(), record_id.clone().into());
            m.insert("related_list".into(), related_list.clone().into());
        }
        Operation::DelinkExternal(e) => {
            m.insert("module".into(), e.module.clone().into());
            m.insert("external_field".into(), e.external_field.clone().into());
            m.insert("external_value".into(), e.external_value.clone().into());
            m.insert("related_list".into(), e.related_list.clone().into());
        }
        Operation::DeleteRoles => {
            m.insert("module".into(), "Contacts/roles".into());
        }
    }
    m
}

/// The dry run's verdict on what a removal would find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DryRun {
    pub resolutions: Vec<Resolution>,
    /// A sentence about something that could not be checked, if any.
    pub caveat: Option<String>,
}

impl DryRun {
    pub fn missing(&self) -> usize {
        self.resolutions.iter().filter(|r| r.name.is_none()).count()
    }
}

fn missing_word(op: &Operation) -> &'static str {
    match op {
        Operation::Delink { .. } | Operation::DelinkExternal(_) => "not found or not related",
        _ => "not found",
    }
}

pub fn human_dry_run(op: &Operation, dry: &DryRun) -> String {
    let n = dry.resolutions.len();
    let mut out = String::new();
    for r in &dry.resolutions {
        match &r.name {
            Some(name) => out.push_str(&format!("found    {}  {name}\n", r.id)),
            None => out.push_str(&format!("MISSING  {}  ({})\n", r.id, missing_word(op))),
        }
    }
    if let Some(c) = &dry.caveat {
        out.push_str(&format!("note: {c}\n"));
    }
    let calls = dry_run_calls(op, n);
    out.push_str(&format!(
        "Dry run: would {} in {calls} {}; {} found, {} missing. Nothing was removed.\n",
        lower_first(&op.describe(n)),
        calls_word(calls),
        n - dry.missing(),
        dry.missing()
    ));
    out
}

pub fn json_dry_run(op: &Operation, dry: &DryRun) -> String {
    let mut out = String::new();
    for r in &dry.resolutions {
        out.push_str(&json!({"id": r.id, "found": r.name.is_some(), "name": r.name}).to_string());
        out.push('\n');
    }
    let n = dry.resolutions.len();
    let mut summary = summary_base(op, true);
    summary.insert("requested".into(), n.into());
    summary.insert("found".into(), (n - dry.missing()).into());
    summary.insert("missing".into(), dry.missing().into());
    summary.insert("calls".into(), dry_run_calls(op, n).into());
    if let Some(c) = &dry.caveat {
        summary.insert("note".into(), c.clone().into());
    }
    out.push_str(&json!({ "summary": summary }).to_string());
    out.push('\n');
    out
}

/// The removal calls the real run would make.
fn dry_run_calls(op: &Operation, n: usize) -> usize {
    match op {
        Operation::DelinkExternal(_) => n,
        _ => calls_needed(n),
    }
}

/// "Delete 2 Leads" -> "delete 2 Leads", for the middle of a sentence.
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leads() -> Operation {
        Operation::Delete {
            module: "Leads".into(),
            wf_trigger: true,
        }
    }

    fn mixed() -> RemovalReport {
        RemovalReport {
            outcomes: vec![
                IdOutcome::Removed {
                    id: "1".into(),
                    message: "record deleted".into(),
                },
                IdOutcome::Failed {
                    id: "2".into(),
                    code: "INVALID_DATA".into(),
                    message: "record not deleted".into(),
                    details: json!({"id": "2"}),
                    hint: "It may be deleted already.".into(),
                },
            ],
            calls: 1,
        }
    }

    #[test]
    fn summary_reads_like_a_sentence() {
        let t = Tally {
            requested: 250,
            removed: 248,
            failed: 2,
            not_attempted: 0,
            calls: 3,
        };
        assert_eq!(
            summary_line(&leads(), &t),
            "Deleted 248 of 250 Leads in 3 calls (2 failed)"
        );
    }

    #[test]
    fn human_report_lists_failures_with_code_message_and_hint() {
        let out = human_report(&leads(), &mixed());
        assert_eq!(
            out,
            "failed   2: INVALID_DATA record not deleted (hint: It may be deleted already.)\n\
             Deleted 1 of 2 Leads in 1 call (1 failed)\n"
        );
    }

    #[test]
    fn json_report_is_one_object_per_id_then_a_summary() {
        let out = json_report(&leads(), &mixed(), Some("20261123-110512-3fa9c1"));
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0]["outcome"], "removed");
        assert_eq!(lines[1]["outcome"], "failed");
        assert_eq!(lines[1]["code"], "INVALID_DATA");
        assert_eq!(lines[2]["summary"]["removed"], 1);
        assert_eq!(lines[2]["summary"]["failed"], 1);
        assert_eq!(lines[2]["summary"]["module"], "Leads");
        assert_eq!(lines[2]["summary"]["op_id"], "20261123-110512-3fa9c1");
    }

    #[test]
    fn dry_run_reports_missing_and_calls() {
        let dry = DryRun {
            resolutions: vec![
                Resolution {
                    id: "1".into(),
                    name: Some("Jane Doe".into()),
                },
                Resolution {
                    id: "2".into(),
                    name: None,
                },
            ],
            caveat: None,
        };
        let out = human_dry_run(&leads(), &dry);
        assert!(out.contains("found    1  Jane Doe"));
        assert!(out.contains("MISSING  2"));
        assert!(out.ends_with(
            "Dry run: would delete 2 Leads in 1 call; 1 found, 1 missing. Nothing was removed.\n"
        ));
        let j = json_dry_run(&leads(), &dry);
        let last: Value = serde_json::from_str(j.lines().last().unwrap()).unwrap();
        assert_eq!(last["summary"]["missing"], 1);
        assert_eq!(last["summary"]["dry_run"], true);
    }
}
