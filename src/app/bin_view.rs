//! `B`: the Recycle Bin (API v8): what was deleted, by whom, when, and how many days each entry
//! has before Zoho purges it. Entries of one module can be restored (`u`) through the same
//! confirm dialog as an undo, and are journaled as a restore.

use std::collections::{BTreeMap, HashSet};

use tui_input::Input;

use crate::action::Action;
use crate::api_task::{ApiCommand, ApiResult, ReqId};
use crate::journal::{UndoKind, UndoPlan};
use crate::zoho::recycle_bin::{BinItem, BinPage};

use super::App;
use super::confirm::{ConfirmDialog, Origin, Work};
use super::layers::Layer;
use super::panes::failure_text;
use super::requests::Owner;

pub use crate::journal::undo::FROM_RECYCLE_BIN;

#[derive(Clone, Debug, Default)]
pub struct BinView {
    pub items: Vec<BinItem>,
    /// The next page to ask for, while the bin has more.
    pub next_page: Option<u32>,
    pub loading: Option<ReqId>,
    pub error: Option<String>,
    /// Index into `visible()`.
    pub cursor: usize,
    /// Selected ids with their module and name.
    pub selected: BTreeMap<String, (String, String)>,
    /// Ids a confirmed restore is working on.
    pub restoring: HashSet<String>,
    /// The filter being typed, and the one applied (module, name or who deleted it).
    pub filter: Option<Input>,
    pub query: String,
}

impl BinView {
    /// Indices into `items` passing the filter.
    pub fn visible(&self) -> Vec<usize> {
        let q = self.query.to_lowercase();
        self.items
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                q.is_empty()
                    || e.module.to_lowercase().contains(&q)
                    || e.name.to_lowercase().contains(&q)
                    || e.deleted_by
                        .as_deref()
                        .unwrap_or("")
                        .to_lowercase()
                        .contains(&q)
            })
            .map(|(i, _)| i)
            .collect()
    }

    pub fn focused(&self) -> Option<&BinItem> {
        self.visible().get(self.cursor).map(|&i| &self.items[i])
    }

    fn move_by(&mut self, delta: isize) {
        let max = self.visible().len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, max.max(0)) as usize;
    }

    /// What `u` restores: the selection, else the focused entry; never one being restored.
    fn targets(&self) -> Vec<(String, String, String)> {
        let all: Vec<(String, String, String)> = if self.selected.is_empty() {
            self.focused()
                .map(|e| vec![(e.id.clone(), e.module.clone(), e.name.clone())])
                .unwrap_or_default()
        } else {
            self.selected
                .iter()
                .map(|(id, (m, n))| (id.clone(), m.clone(), n.clone()))
                .collect()
        };
        all.into_iter()
            .filter(|(id, ..)| !self.restoring.contains(id))
            .collect()
    }
}

impl App {
    pub(super) fn open_bin(&mut self) -> Vec<ApiCommand> {
        let mut view = BinView::default();
        let cmd = self.load_bin_page(&mut view, 1);
        self.layers.push(Layer::Bin(Box::new(view)));
        vec![cmd]
    }

    fn load_bin_page(&mut self, view: &mut BinView, page: u32) -> ApiCommand {
        let req = self.requests.start(Owner::Bin, "recycle bin");
        view.loading = Some(req);
        ApiCommand::LoadBin { req, page }
    }

    pub(super) fn on_bin_page(&mut self, req: ReqId, res: ApiResult<BinPage>) -> Vec<ApiCommand> {
        let Some(view) = self.layers.bin_mut().filter(|v| v.loading == Some(req)) else {
            return Vec::new();
        };
        view.loading = None;
        match res {
            Ok(p) => {
                let page = view.next_page.unwrap_or(1);
                view.items.extend(p.items);
                view.next_page = p.more.then_some(page + 1);
                view.error = None;
            }
            Err(e) => view.error = Some(failure_text(&e)),
        }
        Vec::new()
    }

    /// A key for the view, taken off the stack; it goes back unless the key closed it.
    pub(super) fn bin_key(&mut self, mut view: BinView, action: Action) -> Vec<ApiCommand> {
        let mut cmds = Vec::new();
        if let Some(input) = view.filter.as_mut() {
            match action {
                Action::Esc => view.filter = None,
                Action::Enter => view.filter = None,
                other => {
                    if let Some(r) = other.edit() {
                        input.handle(r);
                        view.query = input.value().trim().to_string();
                        view.cursor = 0;
                    }
                }
            }
            self.layers.push(Layer::Bin(Box::new(view)));
            return cmds;
        }
        match action {
            Action::Esc if !view.query.is_empty() => {
                view.query.clear();
                view.cursor = 0;
            }
            Action::Esc | Action::Quit | Action::RecycleBin => {
                if let Some(req) = view.loading.take() {
                    self.requests.finish(req);
                    cmds.push(ApiCommand::Cancel { req });
                }
                return cmds;
            }
            Action::Up => view.move_by(-1),
            Action::Down => view.move_by(1),
            Action::PageUp => view.move_by(-10),
            Action::PageDown => view.move_by(10),
            Action::First => view.cursor = 0,
            Action::Last => view.move_by(isize::MAX / 2),
            Action::Filter => view.filter = Some(Input::new(view.query.clone())),
            Action::ToggleSelect => {
                if let Some(e) = view.focused().cloned()
                    && !view.restoring.contains(&e.id)
                    && view.selected.remove(&e.id).is_none()
                {
                    view.selected.insert(e.id, (e.module, e.name));
                }
                view.move_by(1);
            }
            Action::SelectAll => {
                let vis = view.visible();
                if vis
                    .iter()
                    .all(|&i| view.selected.contains_key(&view.items[i].id))
                {
                    view.selected.clear();
                } else {
                    for i in vis {
                        let e = &view.items[i];
                        if !view.restoring.contains(&e.id) {
                            view.selected
                                .insert(e.id.clone(), (e.module.clone(), e.name.clone()));
                        }
                    }
                }
            }
            Action::Reload => {
                view = BinView {
                    query: view.query,
                    restoring: view.restoring,
                    ..BinView::default()
                };
                if let Some(req) = view.loading.take() {
                    self.requests.finish(req);
                }
                cmds.push(self.load_bin_page(&mut view, 1));
            }
            Action::Undo => {
                let dialog = self.restore_dialog(&view);
                self.layers.push(Layer::Bin(Box::new(view)));
                if let Some(d) = dialog {
                    self.layers.push(Layer::Confirm(Box::new(d)));
                }
                return cmds;
            }
            _ => {}
        }
        // Near the end of what is loaded, the next page comes.
        if view.loading.is_none()
            && let Some(page) = view.next_page
            && view.cursor + 20 >= view.visible().len()
        {
            cmds.push(self.load_bin_page(&mut view, page));
        }
        self.layers.push(Layer::Bin(Box::new(view)));
        cmds
    }

    /// The restore of the chosen entries, as an undo's dialog; `None` (with a message) when
    /// there is nothing to restore or they are of several modules.
    fn restore_dialog(&mut self, view: &BinView) -> Option<ConfirmDialog> {
        let targets = view.targets();
        let Some((_, module, _)) = targets.first().cloned() else {
            self.message = Some("Nothing to restore: the bin is empty here".into());
            return None;
        };
        if targets.iter().any(|(_, m, _)| *m != module) {
            self.message = Some(
                "The selection spans modules: restore one module at a time (/ filters by module)"
                    .into(),
            );
            return None;
        }
        let n = targets.len();
        let what = self.panes.modules.counted(n, &module);
        let plan = UndoPlan {
            op_id: FROM_RECYCLE_BIN.to_string(),
            kind: UndoKind::Restore {
                module: module.clone(),
            },
            ids: targets.iter().map(|(id, ..)| id.clone()).collect(),
            describe: format!("Restore {what} from the Recycle Bin"),
            relation_data: Default::default(),
        };
        let items: Vec<(String, String)> = targets
            .into_iter()
            .map(|(id, _, name)| (id, name))
            .collect();
        Some(ConfirmDialog::for_work(
            Work::Undo(plan),
            "Restore",
            format!("{what} from the Recycle Bin"),
            items,
            0,
            Origin::None,
        ))
    }

    /// A restore's outcome: the entries restored leave the view, the others are selectable
    /// again (their failure is in the log).
    pub(super) fn restored_from_bin(&mut self, ids: &[String], restored: &[String]) {
        if let Some(view) = self.layers.bin_mut() {
            let done: HashSet<&str> = restored.iter().map(String::as_str).collect();
            view.items.retain(|e| !done.contains(e.id.as_str()));
            for id in ids {
                view.restoring.remove(id);
            }
            view.move_by(0);
        }
    }

    /// A confirmed restore from the view: its entries are marked until the outcome.
    pub(super) fn mark_restoring(&mut self, ids: &[String]) {
        if let Some(view) = self.layers.bin_mut() {
            view.restoring.extend(ids.iter().cloned());
            for id in ids {
                view.selected.remove(id);
            }
        }
    }
}
