//! Undo and resume go through the same confirm dialog as removals: `u` / `R` ask the API task
//! for a plan (what the journal says was removed, or what is left), and the answer opens the
//! dialog, or says why not.

use crate::action::Action;
use crate::api_task::{ApiCommand, ApiResult, ReqId, ResumeProposal, UndoProposal};
use crate::journal::UndoKind;
use crate::zoho::CONTACT_ROLES;

use super::App;
use super::confirm::{ConfirmDialog, Origin, Work};
use super::journal_view;
use super::layers::{Layer, Notice};
use super::log::EntryState;
use super::panes::{Pane, plural};
use super::requests::Owner;

/// "Relink 3 Contacts to …" -> "3 Contacts to …".
pub(super) fn strip_verb(describe: &str) -> String {
    describe
        .split_once(' ')
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_else(|| describe.to_string())
}

/// A log target ("2 Leads", "1 Contact from Campaign 'Spring Expo'") with its count changed to
/// `n` (an undo covers only the ids that were removed; a resume only what is left). `labels`:
/// (singular, plural) of the modules, to say "1 Lead" rather than "1 Leads".
pub(super) fn relabel(target: &str, n: usize, labels: &[(String, String)]) -> String {
    let Some((count, rest)) = target.split_once(' ') else {
        return target.to_string();
    };
    if count.parse::<usize>().ok() == Some(n) {
        return target.to_string();
    }
    if count.parse::<usize>().is_err() {
        return target.to_string();
    }
    let (noun, tail) = match rest.find(" from ") {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let noun = match noun {
        "contact role" | "contact roles" => plural(n, "contact role", "contact roles"),
        _ => match labels
            .iter()
            .find(|(one, many)| noun == one || noun == many)
        {
            Some((one, many)) => plural(n, one, many),
            None => format!("{n} {noun}"),
        },
    };
    format!("{noun}{tail}")
}

impl App {
    /// `u` / `R` on the panes: they act on the focused log line's operation.
    pub(super) fn undo_or_resume_logged(&mut self, action: Action) -> Vec<ApiCommand> {
        let entry = match self.focus {
            Pane::Log => self.panes.log.focused_entry(),
            _ => None,
        };
        let Some(entry) = entry else {
            self.message = Some(
                "u / R act on an operation: focus the Log (Tab) or open the journal (J)".into(),
            );
            return Vec::new();
        };
        let Some(id) = entry.op_id.clone() else {
            self.message = Some(match entry.state {
                EntryState::Running { .. } => {
                    "This operation is still running: wait for its result".into()
                }
                _ => "This operation was not journaled: nothing was sent, nothing to undo".into(),
            });
            return Vec::new();
        };
        if action == Action::Undo {
            self.plan_undo(id)
        } else {
            self.plan_resume(id)
        }
    }

    pub(super) fn plan_undo(&mut self, id: String) -> Vec<ApiCommand> {
        let req = self.requests.start(Owner::Journal, "undo plan");
        self.planning = Some((req, id.clone()));
        self.message = Some(format!("Checking what undoing {id} would do…"));
        vec![ApiCommand::PlanUndo { req, id }]
    }

    pub(super) fn plan_resume(&mut self, id: String) -> Vec<ApiCommand> {
        let req = self.requests.start(Owner::Journal, "resume check");
        self.planning = Some((req, id.clone()));
        self.message = Some(format!("Checking what is left of {id}…"));
        vec![ApiCommand::PlanResume { req, id }]
    }

    /// The operation this plan answer is for, if it is the plan still wanted.
    fn planned(&mut self, req: ReqId) -> Option<String> {
        match self.planning.take() {
            Some((r, id)) if r == req => Some(id),
            other => {
                self.planning = other;
                None
            }
        }
    }

    pub(super) fn on_undo_planned(&mut self, req: ReqId, res: Result<UndoProposal, String>) {
        let Some(of) = self.planned(req) else {
            return;
        };
        self.message = None;
        match res {
            Ok(p) => self.undo_dialog(p),
            Err(why) => {
                let mut lines = vec![why];
                // Never a dead end: what was removed can always be exported.
                if !lines[0].contains("journal export") {
                    lines.push(format!(
                        "What it removed can be exported for re-import: zcrm-tui journal \
                         export {of} --format csv"
                    ));
                }
                self.layers.replace_top_journal(Layer::Notice(Notice {
                    title: "Undo not possible".into(),
                    lines,
                }))
            }
        }
    }

    pub(super) fn on_resume_planned(&mut self, req: ReqId, res: ApiResult<ResumeProposal>) {
        if self.planned(req).is_none() {
            return;
        }
        self.message = None;
        match res {
            Ok(p) => self.resume_dialog(p),
            Err(e) => self.layers.replace_top_journal(Layer::Notice(Notice {
                title: "Nothing to resume".into(),
                lines: vec![e.message, e.hint],
            })),
        }
    }

    /// The words of this session's log entry for operation `op_id`, if it is one.
    fn session_words(&self, op_id: &str) -> Option<(String, String)> {
        self.panes
            .log
            .entries
            .iter()
            .find(|e| e.op_id.as_deref() == Some(op_id))
            .map(|e| (e.operation.clone(), e.target.clone()))
    }

    /// An undo plan came back: the same confirm dialog as a removal.
    fn undo_dialog(&mut self, p: UndoProposal) {
        let n = p.plan.ids.len();
        let modules = &self.panes.modules;
        let labels = modules.labels();
        let words = self.session_words(&p.plan.op_id);
        let (operation, target) = match (&p.plan.kind, words) {
            (UndoKind::Relink { related_list, .. }, Some((_, target)))
                if related_list == CONTACT_ROLES =>
            {
                (
                    "Re-add",
                    relabel(&target, n, &labels).replacen(" from ", " to ", 1),
                )
            }
            (UndoKind::Relink { .. }, Some((_, target))) => (
                "Relink",
                relabel(&target, n, &labels).replacen(" from ", " to ", 1),
            ),
            (UndoKind::Restore { .. }, Some((_, target))) => (
                "Restore",
                format!("{} from the Recycle Bin", relabel(&target, n, &labels)),
            ),
            // An operation of an earlier session: its words from the module labels.
            (
                UndoKind::Relink {
                    module,
                    record_id,
                    related_list,
                },
                None,
            ) => (
                "Relink",
                format!(
                    "{} to {} {record_id}",
                    modules.counted(n, related_list),
                    modules.singular(module)
                ),
            ),
            (UndoKind::Restore { module }, None) => (
                "Restore",
                format!("{} from the Recycle Bin", modules.counted(n, module)),
            ),
        };
        let dialog = ConfirmDialog::for_work(
            Work::Undo(p.plan),
            operation,
            target,
            p.items,
            0,
            Origin::None,
        );
        self.layers
            .replace_top_journal(Layer::Confirm(Box::new(dialog)));
    }

    fn resume_dialog(&mut self, p: ResumeProposal) {
        let n = p.items.len();
        let labels = self.panes.modules.labels();
        let described = journal_view::describe(&p.of);
        let (verb, _) = described.split_once(' ').unwrap_or(("Remove", ""));
        let target = match self.session_words(&p.of.id) {
            Some((_, target)) => relabel(&target, n, &labels),
            None => relabel(&strip_verb(&described), n, &labels),
        };
        let target = format!("{target} (rest of {})", p.of.id);
        let operation = verb.to_string();
        // Its rows, where a pane shows them, are marked while it runs, as a removal's are.
        let origin = super::removal::origin_of(&p.removal);
        let dialog = ConfirmDialog::for_work(
            Work::Resume {
                of: p.of.id.clone(),
                removal: p.removal,
            },
            &operation,
            target,
            p.items,
            0,
            origin,
        );
        self.layers
            .replace_top_journal(Layer::Confirm(Box::new(dialog)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_resume_titles_follow_the_count() {
        let labels = [
            ("Lead".to_string(), "Leads".to_string()),
            ("Contact".to_string(), "Contacts".to_string()),
        ];
        assert_eq!(relabel("2 Leads", 2, &labels), "2 Leads");
        assert_eq!(relabel("3 Leads", 1, &labels), "1 Lead");
        assert_eq!(relabel("3 Widgets", 1, &labels), "1 Widgets");
        assert_eq!(
            relabel("1 Contact from Campaign 'Spring Expo'", 2, &labels),
            "2 Contacts from Campaign 'Spring Expo'"
        );
        assert_eq!(relabel("2 contact roles", 1, &labels), "1 contact role");
        assert_eq!(
            relabel("Deals 'x' from Contacts 'y'", 1, &labels),
            "Deals 'x' from Contacts 'y'"
        );
        assert_eq!(
            strip_verb("Relink 3 Contacts to Campaigns 1"),
            "3 Contacts to Campaigns 1"
        );
    }
}
