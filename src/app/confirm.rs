//! Step two of every removal, undo and resume: the confirm dialog. `ConfirmDialog::handle` is
//! the only code that yields confirmed `Work`; `App` turns that into the `ApiCommand`.

use tui_input::{Input, InputRequest};

use crate::action::Action;
use crate::zoho::Removal;

pub use super::listed::Listed;

pub use super::work::{MatchInfo, Work, what_happens};

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
    /// Ids with names and each one's most distinguishing value (its pane's second column, so
    /// that same-named records differ in the dialog), as they will be sent.
    pub items: Listed,
    /// Selected items the current filter hides.
    pub hidden: usize,
    /// Of the items, how many are locked and how many await approval: their delete will fail.
    pub locked: usize,
    pub awaiting: usize,
    /// The workflow-trigger setting, for record deletes.
    pub wf_trigger: Option<bool>,
    /// Focus starts on Cancel.
    pub focus_confirm: bool,
    pub typed: Input,
    pub scroll: usize,
    pub error: Option<String>,
    pub origin: Origin,
    /// Every match of a query: what it is and how much of it the sample shows.
    pub matching: Option<MatchInfo>,
}

/// What a key did to the dialog.
#[derive(Debug, PartialEq)]
pub enum Outcome {
    Open,
    Cancelled,
    Confirmed,
    /// `P`: write a plan of it instead (record deletes only; see [`ConfirmDialog::plan_of`]).
    Plan,
}

impl ConfirmDialog {
    pub fn new(
        op: Removal,
        operation: &str,
        target: String,
        items: impl Into<Listed>,
        hidden: usize,
        origin: Origin,
    ) -> Self {
        Self::for_work(Work::Remove(op), operation, target, items, hidden, origin)
    }

    pub fn for_work(
        work: Work,
        operation: &str,
        target: String,
        items: impl Into<Listed>,
        hidden: usize,
        origin: Origin,
    ) -> Self {
        Self {
            title: format!("{operation} {target}"),
            operation: operation.to_string(),
            target,
            wf_trigger: work.wf_trigger(),
            work,
            items: items.into(),
            hidden,
            locked: 0,
            awaiting: 0,
            focus_confirm: false,
            typed: Input::default(),
            scroll: 0,
            error: None,
            origin,
            matching: None,
        }
    }

    /// The number the admin confirms: the items listed, or every match of a query.
    pub fn count(&self) -> usize {
        match &self.work {
            Work::Matching(_) => self.work.id_count(),
            _ => self.items.len(),
        }
    }

    /// Above ten items, and always for every match of a query (the admin confirms a number
    /// the rows on screen do not show whole).
    pub fn needs_typed_count(&self) -> bool {
        self.count() > TYPED_CONFIRM_ABOVE || matches!(self.work, Work::Matching(_))
    }

    /// What a plan of this dialog holds: only a record delete can be planned (a plan's
    /// operation is one), picked by hand or every match of a query.
    pub fn plan_of(&self, profile: &str) -> Option<crate::api_task::PlanOf> {
        use crate::api_task::{PlanOf, PlanRecords};
        let (module, wf_trigger, records) = match &self.work {
            Work::Remove(Removal::DeleteRecords {
                module,
                ids,
                wf_trigger,
            }) => (module, *wf_trigger, PlanRecords::Ids(ids.clone())),
            Work::Matching(m) => (
                &m.module,
                m.wf_trigger,
                PlanRecords::Matching(m.selector.clone()),
            ),
            _ => return None,
        };
        Some(PlanOf {
            module: module.clone(),
            wf_trigger,
            profile: profile.to_string(),
            records,
        })
    }

    /// Whether `P` writes a plan here (and the hint line offers it): what [`Self::plan_of`]
    /// accepts, asked without building the plan (a frame asks, and a plan of 50,000 ids
    /// copies them all).
    pub fn plannable(&self) -> bool {
        matches!(
            &self.work,
            Work::Remove(Removal::DeleteRecords { .. }) | Work::Matching(_)
        )
    }

    fn scroll_by(&mut self, delta: isize) {
        let max = self.items.len().saturating_sub(1) as isize;
        self.scroll = (self.scroll as isize + delta).clamp(0, max.max(0)) as usize;
    }

    fn typed_ok(&self) -> bool {
        self.typed.value().trim() == self.count().to_string()
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
        let n = self.count();
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
        let n = self.count();
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
            Action::Char('P') if self.plannable() => return Outcome::Plan,
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
        let items: Vec<(String, String)> =
            ids.iter().map(|i| (i.clone(), format!("n{i}"))).collect();
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
    fn p_is_offered_exactly_where_a_plan_can_be_written() {
        let records = ConfirmDialog::new(
            Removal::DeleteRecords {
                module: "Leads".into(),
                ids: vec!["1".into()],
                wf_trigger: true,
            },
            "Delete",
            "1 Lead".into(),
            vec![("1".to_string(), "a".to_string())],
            0,
            Origin::None,
        );
        for d in [records, dialog(3)] {
            assert_eq!(d.plannable(), d.plan_of("p").is_some(), "{:?}", d.work);
        }
        assert!(!dialog(3).plannable(), "contact roles have no plan");
    }

    #[test]
    fn letters_do_not_reach_the_typed_count() {
        let mut big = dialog(20);
        big.handle(Action::Char('x'));
        assert_eq!(big.typed.value(), "");
    }

    #[test]
    fn every_match_is_confirmed_by_its_count_typed_not_by_the_sample() {
        let work = Work::Matching(crate::api_task::MatchRemoval {
            module: "Leads".into(),
            selector: crate::zoho::query::Selector::Where("Lead_Status = 'Junk Lead'".into()),
            count: 5,
            wf_trigger: true,
        });
        let sample: Vec<(String, String)> =
            vec![("1".into(), "a".into()), ("5".into(), "e".into())];
        let mut d =
            ConfirmDialog::for_work(work, "Delete", "5 Leads".into(), sample, 0, Origin::None);
        assert_eq!(d.count(), 5);
        assert!(d.needs_typed_count(), "even at 10 or fewer");
        assert_eq!(d.handle(Action::Yes), Outcome::Open);
        d.handle(Action::Char('2'));
        assert_eq!(
            d.handle(Action::Enter),
            Outcome::Open,
            "the sample's size is not the count"
        );
        d.handle(Action::Char('5'));
        assert_eq!(d.handle(Action::Enter), Outcome::Confirmed);
        // A count, one COQL read of up to 2,000 rows, one delete call.
        assert_eq!((d.work.read_calls(), d.work.calls()), (2, 3));
    }
}
