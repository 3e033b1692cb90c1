//! What a dry run prints: one line per id (found, locked, awaiting approval, missing), a note,
//! and a summary that counts each apart; or the same as JSON Lines.

use serde_json::json;

use crate::text::{json_line, strip_controls as clean};
use crate::zoho::LockState;

use super::super::operation::{Operation, calls_needed};
use super::super::output::{calls_word, lower_first, summary_base};

/// How a dry run resolved one id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub id: String,
    /// The record's name when it exists (and, for a delink, is related); `None` when missing.
    pub name: Option<String>,
    /// Found, but the removal would fail for it (locked, awaiting approval).
    pub lock: Option<LockState>,
    /// Where it was found, when that is not the id itself (delink by external value).
    pub detail: Option<String>,
}

impl Resolution {
    pub fn new(id: &str, name: Option<String>) -> Self {
        Self {
            id: id.to_string(),
            name,
            lock: None,
            detail: None,
        }
    }

    /// Found and free of locks: the removal should succeed.
    pub fn removable(&self) -> bool {
        self.name.is_some() && self.lock.is_none()
    }
}

/// The dry run's verdict on what a removal would find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DryRun {
    pub resolutions: Vec<Resolution>,
    /// A sentence about something that could not be checked, if any.
    pub caveat: Option<String>,
}

/// The ids of a dry run, counted by what would happen to them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub found: usize,
    pub locked: usize,
    pub awaiting_approval: usize,
    pub missing: usize,
}

impl Counts {
    /// Ids the real run would fail for.
    pub fn would_fail(&self) -> usize {
        self.locked + self.awaiting_approval + self.missing
    }
}

impl DryRun {
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for r in &self.resolutions {
            match (&r.name, &r.lock) {
                (None, _) => c.missing += 1,
                (Some(_), None) => c.found += 1,
                (Some(_), Some(LockState::Locked)) => c.locked += 1,
                (Some(_), Some(LockState::AwaitingApproval(_))) => c.awaiting_approval += 1,
            }
        }
        c
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
        let detail = r
            .detail
            .as_deref()
            .map(|d| format!("  ({})", clean(d)))
            .unwrap_or_default();
        match (&r.name, &r.lock) {
            (Some(name), None) => {
                out.push_str(&format!("found    {}  {}{detail}\n", r.id, clean(name)));
            }
            (Some(name), Some(lock)) => out.push_str(&format!(
                "{:<8} {}  {}  (will fail: {}){detail}\n",
                lock.describe(),
                r.id,
                clean(name),
                lock.error_code()
            )),
            (None, _) => out.push_str(&format!(
                "MISSING  {}  ({})\n",
                r.id,
                r.detail
                    .as_deref()
                    .map(clean)
                    .unwrap_or(missing_word(op).into())
            )),
        }
    }
    if let Some(c) = &dry.caveat {
        out.push_str(&format!("note: {}\n", clean(c)));
    }
    let calls = dry_run_calls(op, n);
    let c = dry.counts();
    let mut counts = vec![format!("{} found", c.found)];
    if c.locked > 0 {
        counts.push(format!("{} locked", c.locked));
    }
    if c.awaiting_approval > 0 {
        counts.push(format!("{} awaiting approval", c.awaiting_approval));
    }
    counts.push(format!("{} missing", c.missing));
    let fail = if c.would_fail() > 0 && c.would_fail() > c.missing {
        format!(": {} would fail", c.would_fail())
    } else {
        String::new()
    };
    out.push_str(&format!(
        "Dry run: would {} in {calls} {}; {}{fail}. Nothing was removed.\n",
        lower_first(&op.describe(n)),
        calls_word(calls),
        counts.join(", "),
    ));
    out
}

/// JSON Lines: `{"id","found","name","lock","would_fail"}` per id, then the summary.
pub fn json_dry_run(op: &Operation, dry: &DryRun) -> String {
    let mut out = String::new();
    for r in &dry.resolutions {
        let lock = r.lock.as_ref().map(|l| match l {
            LockState::Locked => "locked",
            LockState::AwaitingApproval(_) => "awaiting_approval",
        });
        let mut v = json!({
            "id": r.id, "found": r.name.is_some(), "name": r.name, "lock": lock,
            "would_fail": !r.removable(),
        });
        if let (Some(d), Some(m)) = (&r.detail, v.as_object_mut()) {
            m.insert("detail".into(), d.clone().into());
        }
        out.push_str(&json_line(&v));
        out.push('\n');
    }
    let n = dry.resolutions.len();
    let c = dry.counts();
    let mut summary = summary_base(op, true);
    summary.insert("requested".into(), n.into());
    summary.insert("found".into(), c.found.into());
    summary.insert("locked".into(), c.locked.into());
    summary.insert("awaiting_approval".into(), c.awaiting_approval.into());
    summary.insert("missing".into(), c.missing.into());
    summary.insert("would_fail".into(), c.would_fail().into());
    summary.insert("calls".into(), dry_run_calls(op, n).into());
    if let Some(c) = &dry.caveat {
        summary.insert("note".into(), c.clone().into());
    }
    out.push_str(&json_line(&json!({ "summary": summary })));
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

#[cfg(test)]
mod tests {
    use super::super::super::output::tests::leads;
    use super::*;
    use serde_json::Value;

    fn with_lock(id: &str, lock: LockState) -> Resolution {
        Resolution {
            lock: Some(lock),
            ..Resolution::new(id, Some(format!("Lead {id}")))
        }
    }

    #[test]
    fn dry_run_reports_missing_and_calls() {
        let dry = DryRun {
            resolutions: vec![
                Resolution::new("1", Some("Jane Doe".into())),
                Resolution::new("2", None),
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

    #[test]
    fn locked_and_awaiting_approval_are_listed_and_counted_apart() {
        let dry = DryRun {
            resolutions: vec![
                Resolution::new("1", Some("Free".into())),
                with_lock("2", LockState::Locked),
                with_lock(
                    "3",
                    LockState::AwaitingApproval("approval_process_pending".into()),
                ),
                Resolution::new("4", None),
            ],
            caveat: None,
        };
        let out = human_dry_run(&leads(), &dry);
        assert!(
            out.contains("locked   2  Lead 2  (will fail: RECORD_LOCKED)"),
            "{out}"
        );
        assert!(
            out.contains("awaiting approval 3  Lead 3  (will fail: NOT_APPROVED)"),
            "{out}"
        );
        assert!(
            out.ends_with(
                "; 1 found, 1 locked, 1 awaiting approval, 1 missing: 3 would fail. \
                 Nothing was removed.\n"
            ),
            "{out}"
        );
        let lines: Vec<Value> = json_dry_run(&leads(), &dry)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[1]["lock"], "locked");
        assert_eq!(lines[2]["lock"], "awaiting_approval");
        assert_eq!(lines[0]["would_fail"], false);
        assert_eq!(lines[1]["would_fail"], true);
        let s = &lines[4]["summary"];
        assert_eq!(
            (s["found"].as_u64(), s["locked"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(s["awaiting_approval"], 1);
        assert_eq!(s["would_fail"], 3);
    }

    #[test]
    fn names_and_notes_lose_control_characters() {
        let dry = DryRun {
            resolutions: vec![Resolution::new(
                "1",
                Some("Eve\u{1b}]0;owned\u{7}\nDeleted".into()),
            )],
            caveat: Some("base `\u{1b}[2J`".into()),
        };
        let out = human_dry_run(&leads(), &dry);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
        assert!(out.contains("found    1  Eve]0;ownedDeleted\n"), "{out:?}");
        assert!(out.contains("note: base `[2J`\n"), "{out:?}");
    }
}
