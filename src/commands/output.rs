//! What the removal commands print: human lines or JSON Lines, both built as strings so they
//! can be tested without running anything. Dry runs print through `dry_run::report`.

use serde_json::{Value, json};

use crate::numbers::thousands;
use crate::text::{json_line, strip_controls as clean};
use crate::zoho::{IdOutcome, Progress, RemovalReport};

use super::operation::Operation;

/// The progress line of a run on a terminal: ids answered, and the calls it may have in
/// flight now (it drops after a 429 and climbs back).
pub fn progress_line(verb: &str, p: &Progress) -> String {
    format!(
        "{verb}: {}/{} ids answered · up to {} calls at once",
        thousands(p.done as u64),
        thousands(p.total as u64),
        p.in_flight_limit
    )
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

pub fn calls_word(n: usize) -> &'static str {
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
                out.push_str(&format!(
                    "failed   {id}: {} {}",
                    clean(code),
                    clean(message)
                ));
                if !hint.is_empty() {
                    out.push_str(&format!(" (hint: {})", clean(hint)));
                }
                out.push('\n');
            }
            IdOutcome::NotAttempted { id, reason } => {
                out.push_str(&format!("not sent {id}: {}\n", clean(reason)));
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
        out.push_str(&json_line(&v));
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
    out.push_str(&json_line(&json!({ "summary": summary })));
    out.push('\n');
    out
}

pub fn summary_base(op: &Operation, dry_run: bool) -> serde_json::Map<String, Value> {
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

/// "Delete 2 Leads" -> "delete 2 Leads", for the middle of a sentence.
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn the_progress_line_shows_the_current_limit() {
        let p = Progress {
            done: 2_300,
            total: 10_000,
            in_flight_limit: 8,
        };
        assert_eq!(
            progress_line("deleting", &p),
            "deleting: 2,300/10,000 ids answered · up to 8 calls at once"
        );
    }

    /// A delete of Leads, for the tests of what commands print.
    pub(crate) fn leads() -> Operation {
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
}
