//! The journal view's keys and answers. The journal itself is read on the API task; this only
//! asks for it and shows what comes back.

use crate::action::Action;
use crate::api_task::{ApiCommand, ApiEvent};
use crate::journal;

use super::App;
use super::journal_view::{self, JournalView};
use super::layers::{Layer, Notice};
use super::panes::failure_text;
use super::requests::Owner;

impl App {
    pub(super) fn open_journal(&mut self) -> Vec<ApiCommand> {
        let req = self.requests.start(Owner::Journal, "journal");
        self.layers.push(Layer::Journal(Box::new(JournalView {
            loading: Some(req),
            ..JournalView::default()
        })));
        vec![ApiCommand::LoadJournal {
            req,
            skip: 0,
            limit: journal_view::PAGE,
        }]
    }

    /// The next older page, when the cursor has come near the end of what is loaded.
    fn more_journal(&mut self, view: &mut JournalView) -> Option<ApiCommand> {
        if !view.wants_more() {
            return None;
        }
        let req = self.requests.start(Owner::Journal, "journal page");
        view.more = Some(req);
        Some(ApiCommand::LoadJournal {
            req,
            skip: view.ops.len(),
            limit: journal_view::PAGE,
        })
    }

    /// A key for the journal view, taken off the stack; it goes back unless the key closed it.
    pub(super) fn journal_key(&mut self, mut view: JournalView, action: Action) -> Vec<ApiCommand> {
        let page = 10;
        let mut cmds = Vec::new();
        match action {
            Action::Esc if view.detail.is_some() => {
                view.detail = None;
                view.detail_scroll = 0;
            }
            Action::Esc | Action::Quit | Action::Journal => {
                for req in [view.loading.take(), view.more.take()]
                    .into_iter()
                    .flatten()
                {
                    self.requests.finish(req);
                }
                return Vec::new();
            }
            Action::Up => view.move_by(-1),
            Action::Down => view.move_by(1),
            Action::PageUp => view.move_by(-page),
            Action::PageDown => view.move_by(page),
            Action::First => view.move_by(isize::MIN / 2),
            Action::Last => view.move_by(isize::MAX / 2),
            Action::Reload => {
                for req in [view.loading.take(), view.more.take()]
                    .into_iter()
                    .flatten()
                {
                    self.requests.finish(req);
                }
                return self.open_journal();
            }
            Action::Enter if view.detail.is_none() => {
                if let Some(id) = view.focused().map(|op| op.id.clone()) {
                    let req = self.requests.start(Owner::Journal, "journal operation");
                    view.loading = Some(req);
                    cmds.push(ApiCommand::LoadOperation { req, id });
                }
            }
            Action::Undo | Action::Resume => {
                if let Some(op) = view.target().cloned() {
                    let id = op.id.clone();
                    // Another org's operation is refused here, before anything is asked.
                    if let Err(why) =
                        journal::same_org(&op.id, &op.profile, &op.api_domain, &self.org)
                    {
                        self.layers.push(Layer::Journal(Box::new(view)));
                        self.layers.push(Layer::Notice(Notice {
                            title: if action == Action::Undo {
                                "Undo not possible".into()
                            } else {
                                "Resume not possible".into()
                            },
                            lines: vec![
                                why,
                                "Connect with the profile the operation ran with to undo or \
                                 resume it."
                                    .into(),
                            ],
                        }));
                        return Vec::new();
                    }
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
                        if let Some((req, _)) = &self.planning {
                            view.loading = Some(*req);
                        }
                    }
                }
            }
            _ => {}
        }
        cmds.extend(self.more_journal(&mut view));
        self.layers.push(Layer::Journal(Box::new(view)));
        cmds
    }

    /// A journal answer: a listing, one operation, or an undo or resume plan.
    pub(super) fn on_journal_event(&mut self, event: ApiEvent) {
        match event {
            ApiEvent::Operations(req, res) => {
                let Some(view) = self.layers.journal_mut() else {
                    return;
                };
                let first = view.loading == Some(req);
                if !first && view.more != Some(req) {
                    return;
                }
                if first {
                    view.loading = None;
                } else {
                    view.more = None;
                }
                match res {
                    Ok(page) if first => {
                        view.ops = page.ops;
                        view.older = page.older;
                        view.error = None;
                        view.cursor = view.cursor.min(view.ops.len().saturating_sub(1));
                    }
                    Ok(page) => {
                        view.append(page);
                        view.error = None;
                    }
                    Err(e) => view.error = Some(failure_text(&e)),
                }
            }
            ApiEvent::Operation(req, res) => {
                if let Some(view) = self.layers.journal_mut()
                    && view.loading == Some(req)
                {
                    view.loading = None;
                    match res {
                        Ok(Some(record)) => {
                            view.detail = Some(record);
                            view.detail_scroll = 0;
                        }
                        Ok(None) => view.error = Some("That operation is no longer there".into()),
                        Err(e) => view.error = Some(failure_text(&e)),
                    }
                }
            }
            ApiEvent::UndoPlanned(req, res) => self.on_undo_planned(req, res),
            ApiEvent::ResumePlanned(req, res) => self.on_resume_planned(req, res),
            _ => {}
        }
    }
}
