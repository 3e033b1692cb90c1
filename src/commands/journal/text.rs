//! How journal operations read: one line each in a list, a page for `show`, JSON for scripts.

use serde_json::{Value, json};

use crate::journal::{Fate, Folded, OperationSummary, short_time};
use crate::numbers::thousands;
use crate::text::{json_line, strip_controls as clean};
use crate::zoho::Removal;

use super::super::operation::Operation;

/// "delete", "delink", ..., and for undos "relink" or "restore".
pub fn operation_name(s: &OperationSummary) -> &'static str {
    let roles = matches!(&s.removal, Removal::Delink { related_list, .. } if related_list == "Contact_Roles");
    match (&s.undo_of, &s.removal) {
        // A deal's contact roles are removed through the delink path, but are roles to an admin.
        (Some(_), Removal::Delink { .. }) if roles => "re-add",
        (None, Removal::Delink { .. }) if roles => "remove",
        (Some(_), Removal::Delink { .. }) => "relink",
        (Some(_), Removal::DeleteRecords { .. }) => "restore",
        (Some(_), _) => "undo",
        (None, r) => Operation::of(r).name(),
    }
}

/// "Leads", "Contacts from Campaigns 365...", "Contacts to Campaigns 365..." (a relink).
pub fn target(s: &OperationSummary) -> String {
    let undo = s.undo_of.is_some();
    match &s.removal {
        Removal::DeleteRecords { module, .. } => module.clone(),
        Removal::Delink {
            module,
            record_id,
            related_list,
            ..
        } => {
            let dir = if undo { "to" } else { "from" };
            let what = if related_list == "Contact_Roles" {
                "contact roles"
            } else {
                related_list.as_str()
            };
            format!("{what} {dir} {module} {record_id}")
        }
        Removal::DelinkExternal(e) => format!(
            "{} {} from {} {}={}",
            e.related_list, e.related_external_value, e.module, e.external_field, e.external_value
        ),
        Removal::DeleteContactRoles { .. } => "contact roles".to_string(),
    }
}

/// "248/250 removed, 2 failed".
pub fn counts(s: &OperationSummary) -> String {
    let done = if s.undo_of.is_some() {
        "done"
    } else {
        "removed"
    };
    let mut c = format!("{}/{} {done}", s.removed, s.total);
    for (n, what) in [
        (s.failed, "failed"),
        (s.not_attempted, "not sent"),
        (s.unknown, "unknown"),
    ] {
        if n > 0 {
            c.push_str(&format!(", {n} {what}"));
        }
    }
    c
}

/// The listing as a table. Two passes over the operations (widths, then rows) rather than
/// every cell held at once: at 50,000 operations that is tens of megabytes saved.
pub fn human_list(ops: &[OperationSummary]) -> String {
    let cells = |s: &OperationSummary| -> [String; 7] {
        [
            s.id.clone(),
            short_time(&s.time),
            s.profile.clone(),
            operation_name(s).to_string(),
            target(s),
            counts(s),
            s.state_word().to_string(),
        ]
    };
    let header = [
        "ID",
        "TIME (UTC)",
        "PROFILE",
        "OPERATION",
        "TARGET",
        "COUNTS",
        "STATE",
    ]
    .map(str::to_string);
    let mut widths = [0usize; 7];
    for r in std::iter::once(header.clone()).chain(ops.iter().map(cells)) {
        for (w, c) in widths.iter_mut().zip(&r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for r in std::iter::once(header).chain(ops.iter().map(cells)) {
        let start = out.len();
        for (i, (c, w)) in r.iter().zip(widths).enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            out.push_str(&format!("{c:<w$}"));
        }
        out.truncate(start + out[start..].trim_end().len());
        out.push('\n');
    }
    out
}

/// Operations `zcrm-tui journal` lists when not told: a screenful, newest first.
pub const DEFAULT_LIMIT: usize = 50;

/// The listing's last line when it shows only the newest: how many are older, how to see them.
pub fn older_line(older: usize, shown: usize) -> String {
    let more = (shown.max(1) * 2).max(DEFAULT_LIMIT);
    format!(
        "{} older operation{} not shown: `zcrm-tui journal --limit {more}` lists more, `--all` every one.",
        thousands(older as u64),
        if older == 1 { "" } else { "s" },
    )
}

fn summary_json(s: &OperationSummary) -> Value {
    let mut v = serde_json::to_value(s).unwrap_or_else(|_| json!({"id": s.id}));
    if let Value::Object(m) = &mut v {
        m.insert("operation".into(), operation_name(s).into());
        m.insert("target".into(), target(s).into());
    }
    v
}

/// JSON Lines: one object per operation, newest first.
pub fn json_list(ops: &[OperationSummary]) -> String {
    let mut out = String::new();
    for s in ops {
        out.push_str(&json_line(&summary_json(s)));
        out.push('\n');
    }
    out
}

fn fate_json(id: &str, f: &Fate) -> Value {
    let mut v = serde_json::to_value(f).unwrap_or_else(|_| json!({}));
    if let Value::Object(m) = &mut v {
        m.insert("id".into(), id.into());
    }
    v
}

/// One object: the operation, where it ran, its notes and every id's fate.
pub fn json_show(f: &Folded) -> String {
    let s = &f.record.summary;
    let v = json!({
        "operation": summary_json(s),
        "org": f.intent.org,
        "action": f.intent.action,
        "resume_of": f.intent.resume_of,
        "selection": f.intent.selection,
        "before_images": f.record.before.len(),
        "before_note": f.intent.before_note,
        "retries": f.retries,
        "notes": f.notes,
        "fates": f.record.fates.iter().map(|(id, fate)| fate_json(id, fate)).collect::<Vec<_>>(),
    });
    format!("{}\n", json_line(&v))
}

pub fn human_show(f: &Folded) -> String {
    let s = &f.record.summary;
    let i = &f.intent;
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{k:<15}{v}\n"));
    line("Operation", format!("{} ({})", s.id, s.state_word()));
    line("Time (UTC)", short_time(&s.time));
    line(
        "Profile",
        format!(
            "{} ({}, API v{})",
            s.profile, i.org.api_domain, i.org.api_version
        ),
    );
    line("What", format!("{} {}", operation_name(s), target(s)));
    if let Removal::DeleteRecords { wf_trigger, .. } = &s.removal
        && s.undo_of.is_none()
    {
        line(
            "Workflows",
            if *wf_trigger {
                "triggered"
            } else {
                "not triggered"
            }
            .to_string(),
        );
    }
    match s.undo_of.as_deref() {
        Some(crate::journal::undo::FROM_RECYCLE_BIN) => line(
            "Restores",
            "chosen in the TUI's Recycle Bin view".to_string(),
        ),
        Some(u) => line("Undo of", u.to_string()),
        None => {}
    }
    if let Some(r) = &i.resume_of {
        line("Resumes", r.clone());
    }
    if let Some(sel) = &i.selection {
        if let Some(q) = &sel.query {
            let matched = sel
                .matched
                .map(|n| format!(" ({} matched)", crate::numbers::thousands(n)))
                .unwrap_or_default();
            line("Selected by", format!("{}{matched}", clean(&q.describe())));
        }
        if let Some(p) = &sel.plan {
            line("Plan", clean(p).into_owned());
        }
    }
    line("Counts", counts(s));
    let mut before = format!("{}", f.record.before.len());
    if let Some(n) = &i.before_note {
        before.push_str(&format!(" ({n})"));
    }
    line("Before-images", before);
    for r in &f.retries {
        line("Retried", r.clone());
    }
    for n in &f.notes {
        line("Note", clean(n).into_owned());
    }
    out.push('\n');
    let done = match operation_name(s) {
        "relink" => "relinked",
        "restore" => "restored",
        _ => "removed",
    };
    for (id, fate) in &f.record.fates {
        let l = match fate {
            Fate::Removed { message } => format!("{done:<9}{id}  {}", clean(message)),
            Fate::Failed {
                code,
                message,
                hint,
            } => {
                let mut t = format!("failed   {id}  {} {}", clean(code), clean(message));
                if !hint.is_empty() {
                    t.push_str(&format!(" (hint: {})", clean(hint)));
                }
                t
            }
            Fate::NotAttempted { reason } => format!("not sent {id}  {}", clean(reason)),
            Fate::Unknown => format!(
                "unknown  {id}  sent, but no answer was recorded (`zcrm-tui journal resume {}` checks it)",
                s.id
            ),
        };
        out.push_str(&l);
        out.push('\n');
    }
    out
}
