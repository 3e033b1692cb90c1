//! What the API will refuse to remove, known before anything is sent: records locked for the
//! user or awaiting approval (deletes answer `RECORD_LOCKED` / `NOT_APPROVED`), and related
//! lists whose relations the API cannot delink.
//!
//! Zoho marks a record with `$locked_for_me: true` while it is locked for the current user (an
//! approval, a merge or a Zia process in progress) and with `$approval_state` while an
//! approval process holds it; a record outside any process has no `$approval_state`, or
//! `"approved"`. Browse reads must ask for [`LOCK_FIELDS`] (the API returns only the fields
//! asked for) for [`lock_state`] to see them.
//!
//! The CLI's `--dry-run` and the TUI's row markers and confirm dialog all read these, so that
//! both say the same thing about the same record.

use serde_json::Value;

use super::types::Record;

/// The fields to add to a read so that [`lock_state`] can tell.
pub const LOCK_FIELDS: [&str; 2] = ["$locked_for_me", "$approval_state"];

/// The one `$approval_state` under which a record can be removed.
const APPROVED: &str = "approved";

/// Why a record cannot be removed now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LockState {
    /// `$locked_for_me` is true: a delete answers `RECORD_LOCKED`.
    Locked,
    /// `$approval_state` is set and not `"approved"` (in the seed and most orgs:
    /// `"approval_process_pending"`); the state as Zoho wrote it. A delete answers `NOT_APPROVED`.
    AwaitingApproval(String),
}

impl LockState {
    /// `"locked"` or `"awaiting approval"`: the word shown next to the record.
    pub fn describe(&self) -> &'static str {
        match self {
            LockState::Locked => "locked",
            LockState::AwaitingApproval(_) => "awaiting approval",
        }
    }

    /// The per-id error code the removal would get.
    pub fn error_code(&self) -> &'static str {
        match self {
            LockState::Locked => "RECORD_LOCKED",
            LockState::AwaitingApproval(_) => "NOT_APPROVED",
        }
    }
}

/// Whether `record` is locked or awaiting approval; `None` when it can be removed as far as its
/// fields tell (also when [`LOCK_FIELDS`] were not asked for). A record both locked and awaiting
/// approval is `Locked`: the lock is what the API reports first.
pub fn lock_state(record: &Record) -> Option<LockState> {
    if record.fields.get(LOCK_FIELDS[0]) == Some(&Value::Bool(true)) {
        return Some(LockState::Locked);
    }
    match record.fields.get(LOCK_FIELDS[1]) {
        Some(Value::String(s)) if !s.trim().is_empty() && s.trim() != APPROVED => {
            Some(LockState::AwaitingApproval(s.trim().to_string()))
        }
        _ => None,
    }
}

/// Relations the delink pages document as supported (base module -> related module), used when
/// the related-list metadata does not say whether it can be disassociated.
const DOCUMENTED_DELINKS: &[(&str, &[&str])] = &[
    ("Campaigns", &["Leads", "Contacts"]),
    (
        "Products",
        &[
            "Leads",
            "Accounts",
            "Contacts",
            "Deals",
            "Potentials",
            "Price_Books",
        ],
    ),
    ("Appointments", &["Services"]),
];

/// Whether the seed pages list `module -> related` (by module or related-list API name) as a
/// supported delink. The listed relations are many-to-many, so either side may delink them; a
/// deal's contact roles have their own removal ("Remove Contact Role from a Specific Deal").
pub fn documented_delink(module: &str, related: &str) -> bool {
    let listed = |a: &str, b: &str| {
        DOCUMENTED_DELINKS
            .iter()
            .any(|(m, rel)| *m == a && rel.contains(&b))
    };
    fn deals(m: &str) -> &str {
        if m == "Potentials" { "Deals" } else { m }
    }
    let (module, related) = (deals(module), deals(related));
    listed(module, related)
        || listed(related, module)
        || (module == "Deals" && related == "Contact_Roles")
}

/// The sentence said when a related list's relations cannot be delinked
/// (`RelatedListInfo::can_delink` false), e.g. "The API cannot delink Open Activities from
/// Leads". `list_label` is the list's display label, `module_plural` the parent module's plural
/// label.
pub fn cannot_delink(list_label: &str, module_plural: &str) -> String {
    format!("The API cannot delink {list_label} from {module_plural}")
}

/// [`cannot_delink`], followed by why and what to do instead, for the relations Zoho keeps by
/// a lookup on the related record (`module` and `related_list` are API names).
pub fn cannot_delink_why(
    module: &str,
    related_list: &str,
    list_label: &str,
    module_plural: &str,
) -> String {
    let why = match (module, related_list) {
        ("Accounts", "Contacts") => "Contacts are linked to an Account by their Account_Name \
             lookup; clear the lookup on each Contact instead"
            .to_string(),
        ("Accounts", "Deals") => "Deals are linked to an Account by their Account_Name lookup; \
             clear the lookup on each Deal instead"
            .to_string(),
        (_, "Tasks" | "Activities" | "Open_Activities" | "Closed_Activities") => format!(
            "activities are linked by their own Who_Id/What_Id lookup; clear it on each \
             activity, or delete the activities, instead of delinking them from {module_plural}"
        ),
        _ => "only the relations the delink pages list can be delinked (Campaigns with Leads \
             and Contacts; Products with Leads, Accounts, Contacts, Deals and Price Books; \
             Services with Appointments; a deal's contact roles)"
            .to_string(),
    };
    format!("{}: {why}", cannot_delink(list_label, module_plural))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(fields: Value) -> Record {
        Record {
            id: "1".into(),
            fields: fields.as_object().cloned().unwrap_or_default(),
        }
    }

    #[test]
    fn locked_and_awaiting_approval_are_told_apart() {
        let locked = lock_state(&record(json!({"$locked_for_me": true})));
        assert_eq!(locked, Some(LockState::Locked));
        assert_eq!(LockState::Locked.describe(), "locked");
        assert_eq!(LockState::Locked.error_code(), "RECORD_LOCKED");
        let pending = lock_state(&record(
            json!({"$approval_state": "approval_process_pending"}),
        ));
        assert_eq!(
            pending,
            Some(LockState::AwaitingApproval(
                "approval_process_pending".into()
            ))
        );
        let p = pending.unwrap();
        assert_eq!(
            (p.describe(), p.error_code()),
            ("awaiting approval", "NOT_APPROVED")
        );
        let both = json!({"$locked_for_me": true, "$approval_state": "approval_process_pending"});
        assert_eq!(lock_state(&record(both)), Some(LockState::Locked));
    }

    #[test]
    fn approved_absent_null_and_unlocked_records_are_free() {
        for fields in [
            json!({}),
            json!({"Full_Name": "Jane"}),
            json!({"$locked_for_me": false, "$approval_state": "approved"}),
            json!({"$locked_for_me": null, "$approval_state": null}),
            json!({"$approval_state": " "}),
            json!({"$locked_for_me": "true"}),
        ] {
            assert_eq!(lock_state(&record(fields.clone())), None, "{fields}");
        }
    }

    #[test]
    fn the_delink_refusal_names_list_and_module() {
        assert_eq!(
            cannot_delink("Open Activities", "Leads"),
            "The API cannot delink Open Activities from Leads"
        );
        let why = cannot_delink_why("Accounts", "Contacts", "Contacts", "Accounts");
        assert_eq!(
            why,
            "The API cannot delink Contacts from Accounts: Contacts are linked to an Account by \
             their Account_Name lookup; clear the lookup on each Contact instead"
        );
    }
}
