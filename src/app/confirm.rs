//! Step two of every removal, undo and resume: the confirm dialog. `ConfirmDialog::handle` is
//! the only code that yields confirmed `Work`; `App` turns that into the `ApiCommand`.

use tui_input::{Input, InputRequest};

use crate::action::Action;
use crate::journal::{UndoKind, UndoPlan};
use crate::zoho::{CONTACT_ROLES, Removal, relation_fields};

/// What the dialog asks to do, exactly as it will be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Work {
    Remove(Removal),
    /// What is left of the interrupted operation `of`.
    Resume {
        of: String,
        removal: Removal,
    },
    Undo(UndoPlan),
}

impl Work {
    pub fn id_count(&self) -> usize {
        match self {
            Work::Remove(r) | Work::Resume { removal: r, .. } => r.ids().len(),
            Work::Undo(plan) => plan.ids.len(),
        }
    }

    /// The workflow-trigger setting, for record deletes.
    fn wf_trigger(&self) -> Option<bool> {
        match self {
            Work::Remove(Removal::DeleteRecords { wf_trigger, .. })
            | Work::Resume {
                removal: Removal::DeleteRecords { wf_trigger, .. },
                ..
            } => Some(*wf_trigger),
            _ => None,
        }
    }
}

impl Work {
    /// The calls it takes: at most 100 ids each (delink by external id: one).
    pub fn calls(&self) -> usize {
        match self {
            Work::Remove(Removal::DelinkExternal(_)) => 1,
            _ => self.id_count().div_ceil(100).max(1),
        }
    }
}

/// Whether and how the work can be undone, and what goes with it (Zoho's documented behaviour),
/// in the admin's words. `api_version`: restore from the recycle bin is v8 only.
pub fn what_happens(work: &Work, api_version: u8) -> Vec<String> {
    let removal = match work {
        Work::Remove(r) | Work::Resume { removal: r, .. } => r,
        Work::Undo(plan) => {
            return vec![match plan.kind {
                UndoKind::Restore { .. } => {
                    "They come back from the Recycle Bin as they were deleted.".into()
                }
                UndoKind::Relink {
                    ref related_list, ..
                } if related_list == CONTACT_ROLES => {
                    "The contacts get their roles back on the deal; nothing else changes.".into()
                }
                UndoKind::Relink { .. } if !plan.relation_data.is_empty() => {
                    "The relations come back with what they carried; nothing else changes.".into()
                }
                UndoKind::Relink { .. } => "The relations come back; nothing else changes.".into(),
            }];
        }
    };
    match removal {
        Removal::DeleteRecords { .. } => vec![
            if api_version >= 8 {
                "They go to the Recycle Bin for 60 days; u restores them.".into()
            } else {
                "They go to the Recycle Bin for 60 days (restore needs API v8: use Zoho's \
                 web UI)."
                    .into()
            },
            "Subforms go with them; notes, attachments and tasks go to the bin too.".into(),
        ],
        Removal::Delink {
            module,
            related_list,
            ..
        } if related_list == CONTACT_ROLES && module == "Deals" => {
            vec!["Only the roles go; the contacts stay. u re-adds them with their roles.".into()]
        }
        Removal::Delink {
            module,
            related_list,
            ..
        } => match relation_fields(module, related_list) {
            [] => {
                vec!["The records themselves stay; only the relation goes. u relinks them.".into()]
            }
            carried => vec![format!(
                "Only the relation and its {} go. u relinks them with it.",
                carried.join(", ")
            )],
        },
        Removal::DelinkExternal(_) => vec![
            "The records themselves stay; only the relation goes (relink it in Zoho: undo \
             cannot relink by external ID)."
                .into(),
        ],
        Removal::DeleteContactRoles { .. } => {
            vec!["Contact roles have no recycle bin: this cannot be undone.".into()]
        }
    }
}

/// Above this many items the admin must type the count instead of pressing `y`.
pub const TYPED_CONFIRM_ABOVE: usize = 10;

/// Where the rows of a removal live, so their pane can be updated when the results come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    Records(String),
    Related(String),
    /// Delink by external id: no pane shows those rows.
    None,
}

#[derive(Clone, Debug)]
pub struct ConfirmDialog {
    pub work: Work,
    /// "Delete 2 Leads".
    pub title: String,
    /// Operation name and target for the log ("Delete", "2 Leads").
    pub operation: String,
    pub target: String,
    /// Ids with names, as they will be sent.
    pub items: Vec<(String, String)>,
    /// Selected items the current filter hides.
    pub hidden: usize,
    /// Of the items, how many are locked and how many await approval: their delete will fail.
    pub locked: usize,
    pub awaiting: usize,
    /// Each item's most distinguishing value (its pane's second column), so that same-named
    /// records differ in the dialog.
    pub details: std::collections::HashMap<String, String>,
    /// The workflow-trigger setting, for record deletes.
    pub wf_trigger: Option<bool>,
    /// Focus starts on Cancel.
    pub focus_confirm: bool,
    pub typed: Input,
    pub scroll: usize,
    pub error: Option<String>,
    pub origin: Origin,
}

/// What a key did to the dialog.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Open,
    Cancelled,
    Confirmed,
}

impl ConfirmDialog {
    pub fn new(
        op: Removal,
        operation: &str,
        target: String,
        items: Vec<(String, String)>,
        hidden: usize,
        origin: Origin,
    ) -> Self {
        Self::for_work(Work::Remove(op), operation, target, items, hidden, origin)
    }

    pub fn for_work(
        work: Work,
        operation: &str,
        target: String,
        items: Vec<(String, String)>,
        hidden: usize,
        origin: Origin,
    ) -> Self {
        Self {
            title: format!("{operation} {target}"),
            operation: operation.to_string(),
            target,
            wf_trigger: work.wf_trigger(),
            work,
            items,
            hidden,
            locked: 0,
            awaiting: 0,
            details: Default::default(),
            focus_confirm: false,
            typed: Input::default(),
            scroll: 0,
            error: None,
            origin,
        }
    }

    pub fn needs_typed_count(&self) -> bool {
        self.items.len() > TYPED_CONFIRM_ABOVE
    }

    fn scroll_by(&mut self, delta: isize) {
        let max = self.items.len().saturating_sub(1) as isize;
        self.scroll = (self.scroll as isize + delta).clamp(0, max.max(0)) as usize;
    }

    fn typed_ok(&self) -> bool {
        self.typed.value().trim() == self.items.len().to_string()
    }

    /// A count is being typed that does not (yet) match: Enter checks it, no button is lit.
    pub fn typing_wrong(&self) -> bool {
        self.needs_typed_count() && !self.typed.value().is_empty() && !self.typed_ok()
    }

    /// What Enter presses is what is lit: with a typed count, the action button is reachable
    /// (and lit) only once the count matches.
    fn typed_changed(&mut self) {
        self.focus_confirm = self.typed_ok();
    }

    /// A click on a button. Cancel is pressed by it; the action button is only lit (never
    /// pressed by a stray click): confirming still takes `y`, Enter or the typed count.
    pub fn click(&mut self, on_cancel: bool) -> Outcome {
        self.error = None;
        let n = self.items.len();
        if on_cancel {
            return Outcome::Cancelled;
        }
        if self.needs_typed_count() && !self.typed_ok() {
            self.error = Some(format!("Type {n} first: the button unlocks then"));
        } else {
            self.focus_confirm = true;
            self.error = Some(format!(
                "{} is lit: Enter{} confirms, a click does not",
                self.operation,
                if self.needs_typed_count() {
                    ""
                } else {
                    " or y"
                }
            ));
        }
        Outcome::Open
    }

    pub fn handle(&mut self, action: Action) -> Outcome {
        self.error = None;
        let typed = self.needs_typed_count();
        let n = self.items.len();
        match action {
            Action::Esc | Action::No | Action::Quit => return Outcome::Cancelled,
            Action::Up => self.scroll_by(-1),
            Action::Down => self.scroll_by(1),
            Action::PageUp => self.scroll_by(-5),
            Action::PageDown => self.scroll_by(5),
            Action::First => self.scroll = 0,
            Action::Last => self.scroll_by(isize::MAX / 2),
            Action::Left | Action::Right | Action::NextPane | Action::PrevPane => {
                if !typed || self.typed_ok() {
                    self.focus_confirm = !self.focus_confirm;
                } else {
                    self.error = Some(format!("Type {n} first: the button unlocks then"));
                }
            }
            Action::Yes if !typed => return Outcome::Confirmed,
            Action::Yes => self.error = Some(format!("{n} items: type {n} and press Enter")),
            Action::Enter if self.typing_wrong() => {
                let wrong = self.typed.value().trim().to_string();
                self.typed = Input::default();
                self.typed_changed();
                self.error = Some(format!("{wrong} is not {n}: type {n}, then Enter"));
            }
            Action::Enter => {
                return if self.focus_confirm {
                    Outcome::Confirmed
                } else {
                    Outcome::Cancelled
                };
            }
            Action::Char(c) if typed && c.is_ascii_digit() => {
                self.typed.handle(InputRequest::InsertChar(c));
                self.typed_changed();
            }
            Action::Backspace if typed => {
                self.typed.handle(InputRequest::DeletePrevChar);
                self.typed_changed();
            }
            _ => {}
        }
        Outcome::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dialog(n: usize) -> ConfirmDialog {
        let ids: Vec<String> = (0..n).map(|i| format!("{}", 1000 + i)).collect();
        let items = ids.iter().map(|i| (i.clone(), format!("n{i}"))).collect();
        ConfirmDialog::new(
            Removal::DeleteContactRoles { ids },
            "Delete",
            format!("{n} contact roles"),
            items,
            0,
            Origin::None,
        )
    }

    #[test]
    fn focus_starts_on_cancel_and_enter_cancels() {
        let mut d = dialog(2);
        assert!(!d.focus_confirm);
        assert_eq!(d.handle(Action::Enter), Outcome::Cancelled);
    }

    #[test]
    fn y_confirms_small_removals_only() {
        assert_eq!(dialog(10).handle(Action::Yes), Outcome::Confirmed);
        let mut big = dialog(11);
        assert_eq!(big.handle(Action::Yes), Outcome::Open);
        assert!(big.error.is_some());
        for c in "12".chars() {
            big.handle(Action::Char(c));
        }
        assert_eq!(big.handle(Action::Enter), Outcome::Open);
        // The wrong count is cleared and said, not kept behind an empty-looking field.
        assert_eq!(big.typed.value(), "");
        assert_eq!(
            big.error.as_deref(),
            Some("12 is not 11: type 11, then Enter")
        );
        for c in "11".chars() {
            big.handle(Action::Char(c));
        }
        assert!(
            big.focus_confirm,
            "a matching count lights the action button"
        );
        assert_eq!(big.handle(Action::Enter), Outcome::Confirmed);
    }

    #[test]
    fn enter_presses_what_is_lit_with_a_typed_count() {
        let mut big = dialog(15);
        // Typing 14, Enter: cleared; typing 15 then gives 15, not 1415.
        for c in "14".chars() {
            big.handle(Action::Char(c));
        }
        assert!(!big.focus_confirm);
        assert_eq!(big.handle(Action::Enter), Outcome::Open);
        for c in "15".chars() {
            big.handle(Action::Char(c));
        }
        assert_eq!(big.typed.value(), "15");
        // The count matches: Delete is lit. Moving to Cancel makes Enter cancel.
        assert!(big.focus_confirm);
        big.handle(Action::Left);
        assert!(!big.focus_confirm);
        assert_eq!(big.handle(Action::Enter), Outcome::Cancelled);
        // The button cannot be reached before the count matches.
        let mut other = dialog(15);
        other.handle(Action::Right);
        assert!(!other.focus_confirm);
        assert!(other.error.is_some());
        assert_eq!(other.handle(Action::Enter), Outcome::Cancelled);
    }

    #[test]
    fn letters_do_not_reach_the_typed_count() {
        let mut big = dialog(20);
        big.handle(Action::Char('x'));
        assert_eq!(big.typed.value(), "");
    }

    #[test]
    fn the_dialog_says_whether_it_can_be_undone() {
        let delete = Work::Remove(Removal::DeleteRecords {
            module: "Leads".into(),
            ids: (0..250).map(|i| i.to_string()).collect(),
            wf_trigger: true,
        });
        assert_eq!(delete.calls(), 3);
        let v8 = what_happens(&delete, 8).join(" ");
        assert!(
            v8.contains("Recycle Bin for 60 days; u restores them"),
            "{v8}"
        );
        assert!(v8.contains("Subforms go with them"), "{v8}");
        assert!(
            what_happens(&delete, 7)
                .join(" ")
                .contains("restore needs API v8")
        );
        let roles = Work::Remove(Removal::DeleteContactRoles {
            ids: vec!["1".into()],
        });
        assert_eq!(roles.calls(), 1);
        assert!(what_happens(&roles, 8)[0].contains("cannot be undone"));
        let delink = Work::Remove(Removal::Delink {
            module: "Campaigns".into(),
            record_id: "1".into(),
            related_list: "Contacts".into(),
            ids: vec!["2".into()],
        });
        assert!(
            what_happens(&delink, 8)[0]
                .contains("Only the relation and its Member_Status go. u relinks")
        );
        let roles = Work::Remove(crate::zoho::deal_roles("9", &["2".into()]));
        assert!(what_happens(&roles, 8)[0].contains("u re-adds them with their roles"));
    }
}
