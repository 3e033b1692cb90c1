//! The safety nets on the app's side: stopping a removal after its calls in flight, the journal
//! view, and undo and resume, which go through the same confirm dialog as removals. The journal
//! itself is read and written on the API task; this only asks for it and shows what comes back.

use std::collections::BTreeSet;

use super::confirm::{ConfirmDialog, Origin, Work};
use super::journal_view::{self, JournalView};
use super::stop::StopDialog;
use super::{App, Overlay, Pane, Source, plural};
use crate::action::Action;
use crate::api_task::{ApiCommand, CallEvent, ReqId, ResumeProposal, UndoProposal};
use crate::journal::UndoKind;

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
    // ---------------------------------------------------------------- stop

    /// `Ctrl-C` / `q` outside dialogs: quits when nothing is being removed; otherwise asks
    /// whether to stop (once stopping, `Ctrl-C` quits anyway and `q` says what it waits for).
    pub(super) fn interrupt(&mut self, force: bool) -> Vec<ApiCommand> {
        if self.removals.is_empty() {
            self.quit = true;
            return Vec::new();
        }
        let all_stopping = self
            .removals
            .keys()
            .all(|req| self.log.entries.iter().any(|e| e.req == *req && e.stopping));
        if all_stopping {
            if force {
                self.quit = true;
                return Vec::new();
            }
            self.message = Some(format!(
                "Stopping: waiting for {} in flight (Ctrl-C again quits now; the journal keeps \
                 their fate to resume)",
                plural(self.calls_in_flight(), "call", "calls")
            ));
            return Vec::new();
        }
        self.overlay = Overlay::Stop(StopDialog::default());
        Vec::new()
    }

    /// Calls sent and not yet answered, over every running removal.
    pub fn calls_in_flight(&self) -> usize {
        self.calls_in_flight.values().map(BTreeSet::len).sum()
    }

    pub(super) fn stop_all(&mut self) -> Vec<ApiCommand> {
        let reqs: Vec<ReqId> = self.removals.keys().copied().collect();
        for req in &reqs {
            if let Some(e) = self.log.entry_mut(*req) {
                e.stopping = true;
            }
        }
        self.message = Some(format!(
            "Stopping after {} in flight; the rest will not be sent",
            plural(self.calls_in_flight(), "call", "calls")
        ));
        reqs.into_iter()
            .map(|req| ApiCommand::Stop { req })
            .collect()
    }

    // ---------------------------------------------------------------- journal, undo, resume

    pub(super) fn open_journal(&mut self) -> Vec<ApiCommand> {
        let req = self.req("journal");
        self.journal_req = Some(req);
        self.overlay = Overlay::Journal(Box::new(JournalView {
            loading: Some(req),
            ..JournalView::default()
        }));
        vec![ApiCommand::LoadJournal { req }]
    }

    pub(super) fn journal_key(&mut self, mut view: JournalView, action: Action) -> Vec<ApiCommand> {
        let page = 10;
        let mut cmds = Vec::new();
        match action {
            Action::Esc if view.detail.is_some() => {
                view.detail = None;
                view.detail_scroll = 0;
            }
            Action::Esc | Action::Quit | Action::Journal => {
                if let Some(req) = view.loading.take() {
                    self.in_flight.remove(&req);
                }
                self.journal_req = None;
                return Vec::new();
            }
            Action::Up => view.move_by(-1),
            Action::Down => view.move_by(1),
            Action::PageUp => view.move_by(-page),
            Action::PageDown => view.move_by(page),
            Action::First => view.move_by(isize::MIN / 2),
            Action::Last => view.move_by(isize::MAX / 2),
            Action::Reload => {
                self.overlay = Overlay::Journal(Box::new(view));
                return self.open_journal();
            }
            Action::Enter if view.detail.is_none() => {
                if let Some(id) = view.focused().map(|op| op.id.clone()) {
                    let req = self.req("journal operation");
                    self.journal_req = Some(req);
                    view.loading = Some(req);
                    cmds.push(ApiCommand::LoadOperation { req, id });
                }
            }
            Action::Undo | Action::Resume => {
                if let Some(op) = view.target().cloned() {
                    let id = op.id.clone();
                    if action == Action::Resume && !journal_view::resumable(&op) {
                        self.message = Some(format!(
                            "Operation {id} is {}: nothing to resume",
                            op.state.name()
                        ));
                    } else {
                        cmds = if action == Action::Undo {
                            self.plan_undo(id)
                        } else {
                            self.plan_resume(id)
                        };
                        if let Some(req) = self.journal_req {
                            view.loading = Some(req);
                        }
                    }
                }
            }
            _ => {}
        }
        self.overlay = Overlay::Journal(Box::new(view));
        cmds
    }

    pub(super) fn plan_undo(&mut self, id: String) -> Vec<ApiCommand> {
        let req = self.req("undo plan");
        self.journal_req = Some(req);
        self.planning = Some(id.clone());
        self.message = Some(format!("Checking what undoing {id} would do…"));
        vec![ApiCommand::PlanUndo { req, id }]
    }

    pub(super) fn plan_resume(&mut self, id: String) -> Vec<ApiCommand> {
        let req = self.req("resume check");
        self.journal_req = Some(req);
        self.planning = Some(id.clone());
        self.message = Some(format!("Checking what is left of {id}…"));
        vec![ApiCommand::PlanResume { req, id }]
    }

    /// (singular, plural) labels of the modules.
    fn labels(&self) -> Vec<(String, String)> {
        self.module_infos
            .iter()
            .map(|m| (m.singular_label.clone(), m.plural_label.clone()))
            .collect()
    }

    /// "3 Contacts", "1 Contact" for `api_name` (a module or a related list named after one).
    fn counted(&self, n: usize, api_name: &str) -> String {
        match self.module_infos.iter().find(|m| m.api_name == api_name) {
            Some(m) => plural(n, &m.singular_label, &m.plural_label),
            None => format!("{n} {api_name}"),
        }
    }

    /// "Campaign" for `Campaigns`.
    fn singular(&self, api_name: &str) -> String {
        self.module_infos
            .iter()
            .find(|m| m.api_name == api_name)
            .map(|m| m.singular_label.clone())
            .unwrap_or_else(|| api_name.to_string())
    }

    /// The words of this session's log entry for operation `op_id`, if it is one.
    fn session_words(&self, op_id: &str) -> Option<(String, String)> {
        self.log
            .entries
            .iter()
            .find(|e| e.op_id.as_deref() == Some(op_id))
            .map(|e| (e.operation.clone(), e.target.clone()))
    }

    /// An undo plan came back: the same confirm dialog as a removal.
    pub(super) fn undo_dialog(&mut self, p: UndoProposal) {
        let n = p.plan.ids.len();
        let words = self.session_words(&p.plan.op_id);
        let (operation, target) = match (&p.plan.kind, words) {
            (UndoKind::Relink { .. }, Some((_, target))) => (
                "Relink",
                relabel(&target, n, &self.labels()).replacen(" from ", " to ", 1),
            ),
            (UndoKind::Restore { .. }, Some((_, target))) => (
                "Restore",
                format!(
                    "{} from the Recycle Bin",
                    relabel(&target, n, &self.labels())
                ),
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
                    self.counted(n, related_list),
                    self.singular(module)
                ),
            ),
            (UndoKind::Restore { module }, None) => (
                "Restore",
                format!("{} from the Recycle Bin", self.counted(n, module)),
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
        self.overlay = Overlay::Confirm(Box::new(dialog));
    }

    pub(super) fn resume_dialog(&mut self, p: ResumeProposal) {
        let n = p.items.len();
        let described = journal_view::describe(&p.of);
        let (verb, _) = described.split_once(' ').unwrap_or(("Remove", ""));
        let target = match self.session_words(&p.of.id) {
            Some((_, target)) => relabel(&target, n, &self.labels()),
            None => relabel(&strip_verb(&described), n, &self.labels()),
        };
        let target = format!("{target} (rest of {})", p.of.id);
        let operation = verb.to_string();
        let dialog = ConfirmDialog::for_work(
            Work::Resume {
                of: p.of.id.clone(),
                removal: p.removal,
            },
            &operation,
            target,
            p.items,
            0,
            Origin::None,
        );
        self.overlay = Overlay::Confirm(Box::new(dialog));
    }

    /// A call of a running removal was sent, retried or answered.
    pub(super) fn on_call(&mut self, req: ReqId, call: CallEvent) {
        let calls = self.calls_in_flight.entry(req).or_default();
        match call {
            CallEvent::Sending { call, .. } => {
                calls.insert(call);
            }
            CallEvent::Answered { call } => {
                calls.remove(&call);
            }
            CallEvent::Retrying {
                call,
                attempt,
                reason,
            } => {
                if let Some(e) = self.log.entry_mut(req) {
                    let again = if attempt > 1 {
                        format!(" (attempt {attempt})")
                    } else {
                        String::new()
                    };
                    e.notes
                        .push(format!("call {} retried{again}: {reason}", call + 1));
                }
            }
        }
    }

    /// After an undo or a resume: the rows shown may have come back or gone.
    pub(super) fn refresh_panes(&mut self) -> Vec<ApiCommand> {
        let mut cmds = Vec::new();
        if matches!(self.source, Some(Source::Module(_))) {
            let (focus, lists_for) = (self.focus, self.lists_for.clone());
            let related_for = self.related_for.clone();
            let cursor = self.records.cursor;
            cmds.extend(self.reload(Pane::Records));
            self.records.cursor = cursor;
            // Reloading the records resets what hangs below them; keep the admin where they were.
            if let Some(rec) = lists_for {
                self.lists_for = Some(rec);
                cmds.extend(self.load_lists());
            }
            if let Some(rel) = related_for {
                self.related_for = Some(rel);
                cmds.extend(self.load_related_first());
            }
            self.focus = focus;
        } else if self.source == Some(Source::ContactRoles) {
            cmds.extend(self.reload(Pane::Records));
        }
        cmds
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
