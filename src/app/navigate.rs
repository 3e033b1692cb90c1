//! Moving between panes and through rows: open, back, reload, filter, paging. What hangs below
//! a pane (a module's records, a record's lists, a list's records) is reset when it changes.

use crate::action::Action;
use crate::api_task::ApiCommand;

use super::modules::CONTACT_ROLES_ID;
use super::panes::{Pane, RecordRef, cancel_load};
use super::records::Source;
use super::{App, MIN_SEARCH};

/// Load the next page once the cursor comes this close to the last loaded row.
const PREFETCH_MARGIN: usize = 20;

impl App {
    /// Records or Related records under the cursor: the module their records are of (API name;
    /// `None` for contact roles and lists without one) and the focused row, if any. `None`
    /// outside those two panes. What `v`, `p` and the copy keys act on.
    pub(super) fn under_cursor(&self) -> Option<(Option<&str>, Option<&super::row::Row>)> {
        let p = &self.panes;
        match self.focus {
            Pane::Records => Some((
                p.records.module().map(|m| m.api_name.as_str()),
                p.records.table.focused(),
            )),
            Pane::Related => Some((
                p.related.of.as_ref().and_then(|(_, l)| l.module.as_deref()),
                p.related.table.focused(),
            )),
            _ => None,
        }
    }

    pub(super) fn move_cursor(&mut self, delta: isize) -> Vec<ApiCommand> {
        if self.focus == Pane::Log {
            self.panes.log.move_by(delta);
            return Vec::new();
        }
        let focus = self.focus;
        if let Some(t) = self.panes.table_mut(focus) {
            t.move_by(delta);
            t.seek_last = false;
        }
        self.maybe_more(focus)
    }

    /// `G`: the last row; where more pages are to come, they are loaded and the cursor follows.
    pub(super) fn last_row(&mut self) -> Vec<ApiCommand> {
        if self.focus == Pane::Log {
            self.panes.log.move_by(isize::MAX / 2);
            return Vec::new();
        }
        let focus = self.focus;
        if let Some(t) = self.panes.table_mut(focus) {
            t.seek_end();
        }
        self.maybe_more(focus)
    }

    /// Loads the next page once the cursor nears the end of the loaded rows (or `G` waits).
    pub(super) fn maybe_more(&mut self, pane: Pane) -> Vec<ApiCommand> {
        let Some(t) = self.panes.table(pane) else {
            return Vec::new();
        };
        let near_end = t.seek_last || t.cursor + PREFETCH_MARGIN >= t.visible_len();
        if !near_end || t.loading.is_some() {
            return Vec::new();
        }
        let Some(page) = t.next.clone() else {
            return Vec::new();
        };
        match pane {
            Pane::Records => self.panes.records.load_page(&mut self.requests, page),
            Pane::Related => self.panes.related.load_page(&mut self.requests, page),
            _ => Vec::new(),
        }
    }

    pub(super) fn open(&mut self) -> Vec<ApiCommand> {
        match self.focus {
            Pane::Modules => {
                let Some(row) = self.panes.modules.table.focused().cloned() else {
                    return Vec::new();
                };
                self.focus = Pane::Records;
                self.open_module(&row.id)
            }
            Pane::Records => {
                let Some(module) = self.panes.records.module().cloned() else {
                    self.message = Some("Contact roles have no related lists".into());
                    return Vec::new();
                };
                let Some(row) = self.panes.records.table.focused().cloned() else {
                    return Vec::new();
                };
                self.focus = Pane::RelatedLists;
                self.panes.lists.of = Some(RecordRef {
                    module,
                    id: row.id,
                    name: row.name,
                });
                self.panes.related.clear();
                self.panes.lists.load(&mut self.requests)
            }
            Pane::RelatedLists => {
                let (Some(rec), Some(info)) = (
                    self.panes.lists.of.clone(),
                    self.panes.lists.focused().cloned(),
                ) else {
                    return Vec::new();
                };
                self.focus = Pane::Related;
                self.panes.related.show(rec, info, &self.panes.columns);
                self.load_related_first()
            }
            Pane::Related => {
                self.message = Some("Related records open no further; d delinks".into());
                Vec::new()
            }
            Pane::Log => {
                self.panes.log.toggle();
                Vec::new()
            }
        }
    }

    pub(super) fn back(&mut self) -> Vec<ApiCommand> {
        let focus = self.focus;
        // Esc first abandons a load, then clears a filter, then goes back.
        if let Some(t) = self.panes.table_mut(focus) {
            t.seek_last = false;
            if let Some(cmd) = cancel_load(t, &mut self.requests) {
                t.abandoned = true;
                self.message = Some("Load abandoned".into());
                return vec![cmd];
            }
            if !t.filter.is_empty() {
                let server = t.server_filter;
                t.filter.clear();
                t.server_filter = false;
                t.clamp();
                if server {
                    return self.reload(Pane::Records);
                }
                return Vec::new();
            }
        }
        self.focus = match focus {
            Pane::Modules => Pane::Modules,
            Pane::Records => Pane::Modules,
            Pane::RelatedLists => Pane::Records,
            Pane::Related => Pane::RelatedLists,
            Pane::Log => Pane::Records,
        };
        Vec::new()
    }

    pub(super) fn filter_key(&mut self, action: Action) -> Vec<ApiCommand> {
        let focus = self.focus;
        let server = focus == Pane::Records && self.panes.records.is_server_filtered();
        let Some((input, previous)) = self.filter_input.as_mut() else {
            return Vec::new();
        };
        let req = match action {
            Action::Esc => {
                let previous = previous.clone();
                self.filter_input = None;
                if let Some(t) = self.panes.table_mut(focus)
                    && !t.server_filter
                {
                    t.filter = previous;
                    t.clamp();
                }
                return Vec::new();
            }
            Action::Enter => {
                let value = input.value().trim().to_string();
                self.filter_input = None;
                return self.apply_filter(focus, value);
            }
            other => match other.edit() {
                Some(r) => r,
                None => return Vec::new(),
            },
        };
        input.handle(req);
        let value = input.value().to_string();
        // Local panes filter as you type; records wait for Enter (a server search).
        if !server && let Some(t) = self.panes.table_mut(focus) {
            t.filter = value;
            t.server_filter = false;
            t.clamp();
        }
        Vec::new()
    }

    fn apply_filter(&mut self, pane: Pane, value: String) -> Vec<ApiCommand> {
        if !(pane == Pane::Records && self.panes.records.is_server_filtered()) {
            if let Some(t) = self.panes.table_mut(pane) {
                t.filter = value;
                t.clamp();
            }
            return Vec::new();
        }
        let t = &mut self.panes.records.table;
        if value.is_empty() {
            if t.server_filter || !t.filter.is_empty() {
                t.filter.clear();
                t.server_filter = false;
                return self.reload(Pane::Records);
            }
            return Vec::new();
        }
        if value.chars().count() < MIN_SEARCH {
            self.message = Some(format!("Type at least {MIN_SEARCH} characters to search"));
            return Vec::new();
        }
        t.filter = value;
        t.server_filter = true;
        self.reload(Pane::Records)
    }

    /// `r` (and a search or filter change): reads the pane again; the cursor comes back to the
    /// record it was on.
    pub(super) fn reload(&mut self, pane: Pane) -> Vec<ApiCommand> {
        let focused = self
            .panes
            .table(pane)
            .and_then(|t| t.focused())
            .map(|r| r.id.clone());
        let cmds = self.reload_only(pane);
        if let Some(t) = self.panes.table_mut(pane) {
            t.return_to = focused;
        }
        cmds
    }

    fn reload_only(&mut self, pane: Pane) -> Vec<ApiCommand> {
        match pane {
            Pane::Modules | Pane::Log => self.panes.modules.load(&mut self.requests),
            Pane::Records => match self.panes.records.source.clone() {
                Some(Source::Module(m)) => self.open_module(&m.api_name),
                Some(Source::ContactRoles) => self.open_module(CONTACT_ROLES_ID),
                None => Vec::new(),
            },
            Pane::RelatedLists => self.panes.lists.load(&mut self.requests),
            Pane::Related => self.load_related_first(),
        }
    }

    /// Shows a module's records (or the contact roles) in the Records pane.
    pub(super) fn open_module(&mut self, id: &str) -> Vec<ApiCommand> {
        let reqs = &mut self.requests;
        let mut cmds: Vec<ApiCommand> = [
            cancel_load(&mut self.panes.records.table, reqs),
            cancel_load(&mut self.panes.lists.table, reqs),
            cancel_load(&mut self.panes.related.table, reqs),
        ]
        .into_iter()
        .flatten()
        .collect();
        let records = &mut self.panes.records;
        let same = match &records.source {
            Some(Source::Module(m)) => m.api_name == id,
            Some(Source::ContactRoles) => id == CONTACT_ROLES_ID,
            None => false,
        };
        let keep_search =
            (same && records.table.server_filter).then(|| records.table.filter.clone());
        let keep_selected = same.then(|| std::mem::take(&mut records.table.selected));
        // The module's records again: a query (or one being counted) no longer selects them.
        records.query = None;
        if let Some((req, _)) = records.counting.take() {
            reqs.finish(req);
        }
        records.table.reset(super::removal::records_context(id));
        if let Some(sel) = keep_selected {
            records.table.selected = sel;
        }
        records.table.removing = self.removals.ids_for(&records.table.context);
        self.panes.lists.clear();
        self.panes.related.clear();
        if id == CONTACT_ROLES_ID {
            self.panes
                .records
                .show(Source::ContactRoles, &self.panes.columns);
            cmds.extend(self.panes.records.load_roles(&mut self.requests));
            return cmds;
        }
        let Some(module) = self.panes.modules.info(id).cloned() else {
            return cmds;
        };
        let records = &mut self.panes.records;
        records.show(Source::Module(module), &self.panes.columns);
        if let Some(term) = keep_search {
            records.table.filter = term;
            records.table.server_filter = true;
        }
        let first = records.first_request();
        cmds.extend(records.load_page(&mut self.requests, first));
        cmds
    }

    pub(super) fn load_related_first(&mut self) -> Vec<ApiCommand> {
        let cmds = self.panes.related.load_first(&mut self.requests);
        let t = &mut self.panes.related.table;
        t.removing = self.removals.ids_for(&t.context);
        cmds
    }

    /// After an undo or a resume: the rows shown may have come back or gone.
    pub(super) fn refresh_panes(&mut self) -> Vec<ApiCommand> {
        let mut cmds = Vec::new();
        match self.panes.records.source {
            Some(Source::Module(_)) => {
                let focus = self.focus;
                let lists_for = self.panes.lists.of.clone();
                let related_for = self.panes.related.of.clone();
                let cursor = self.panes.records.table.cursor;
                cmds.extend(self.reload(Pane::Records));
                self.panes.records.table.cursor = cursor;
                // Reloading the records resets what hangs below them; keep the admin where
                // they were.
                if let Some(rec) = lists_for {
                    self.panes.lists.of = Some(rec);
                    cmds.extend(self.panes.lists.load(&mut self.requests));
                }
                if let Some(rel) = related_for {
                    let (rec, list) = rel;
                    self.panes.related.show(rec, list, &self.panes.columns);
                    cmds.extend(self.load_related_first());
                }
                self.focus = focus;
            }
            Some(Source::ContactRoles) => cmds.extend(self.reload(Pane::Records)),
            None => {}
        }
        cmds
    }
}
