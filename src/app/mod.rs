//! The app's state and its `update`: pure (no terminal, no I/O). Keys and API events come in,
//! `ApiCommand`s come out for the API task to run.

pub mod confirm;
pub mod form;
pub mod journal_view;
pub mod log;
mod safety;
pub mod stop;
pub mod table;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use tui_input::{Input, InputRequest};

use crate::action::{Action, Mode};
use crate::api_task::{ApiCommand, ApiEvent, ApiFailure, ReqId};
use crate::tui::StatusInfo;
use crate::zoho::{
    ContactRole, IdOutcome, ModuleInfo, Page, PageRequest, Record, RelatedListInfo, Removal,
    SearchQuery, display_fields,
};

use confirm::{ConfirmDialog, Origin, Outcome, Work};
use form::{ExternalForm, FormOutcome};
use journal_view::JournalView;
use log::{EntryState, Log, LogEntry};
use stop::{StopDialog, StopOutcome};
use table::{Row, Table};

/// The id of the "Contact Roles" entry in the Modules pane (not a module of the API).
pub const CONTACT_ROLES_ID: &str = "#contact_roles";
/// Rows per page asked of the API (its maximum).
pub const PER_PAGE: u32 = 200;
/// Load the next page when the cursor comes this close to the last loaded row.
const PREFETCH_MARGIN: usize = 20;
/// Beyond this many records Zoho wants `page_token` instead of `page`.
const DISCRETE_PAGE_LIMIT: u32 = 2000;
/// Search needs at least this many characters.
pub const MIN_SEARCH: usize = 2;

/// Formats "now" for log lines; injected so snapshots can be fixed.
pub type Clock = Arc<dyn Fn() -> String + Send + Sync>;

pub fn local_clock() -> Clock {
    Arc::new(|| chrono::Local::now().format("%H:%M:%S").to_string())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Modules,
    Records,
    RelatedLists,
    Related,
    Log,
}

impl Pane {
    const ORDER: [Pane; 5] = [
        Pane::Modules,
        Pane::Records,
        Pane::RelatedLists,
        Pane::Related,
        Pane::Log,
    ];

    fn index(self) -> usize {
        Self::ORDER.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// What the Records pane shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Module(ModuleInfo),
    ContactRoles,
}

/// The record whose related lists are shown, and the list chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRef {
    pub module: ModuleInfo,
    pub id: String,
    pub name: String,
}

pub enum Overlay {
    None,
    Help,
    Confirm(Box<ConfirmDialog>),
    Form(Box<ExternalForm>),
    /// Asked by `Ctrl-C` / `q` while a removal runs.
    Stop(StopDialog),
    Journal(Box<JournalView>),
    /// Something the admin must read (e.g. why an operation cannot be undone); any key closes.
    Notice(Notice),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub lines: Vec<String>,
}

pub struct App {
    pub info: StatusInfo,
    pub focus: Pane,
    pub modules: Table,
    pub module_infos: Vec<ModuleInfo>,
    pub records: Table,
    pub source: Option<Source>,
    pub lists: Table,
    pub list_infos: Vec<RelatedListInfo>,
    pub lists_for: Option<RecordRef>,
    pub related: Table,
    pub related_for: Option<(RecordRef, RelatedListInfo)>,
    pub log: Log,
    pub wf_trigger: bool,
    pub overlay: Overlay,
    /// The filter being typed for the focused pane, with the value it replaces.
    pub filter_input: Option<(Input, String)>,
    /// Requests in flight: id -> what (for the status line).
    pub in_flight: BTreeMap<ReqId, String>,
    /// Removals (undos, resumes) in flight: id -> where their rows are.
    removals: BTreeMap<ReqId, Origin>,
    /// Undos and resumes in flight: once done, the panes are read again (rows come back or go).
    refresh_after: BTreeSet<ReqId>,
    /// Calls of each running removal sent and not yet answered (what a stop waits for).
    calls_in_flight: BTreeMap<ReqId, BTreeSet<usize>>,
    /// Why removals cannot be journaled (and are therefore refused), if they cannot.
    pub journal_error: Option<String>,
    /// The journal view's pending request (a listing, one operation, an undo or resume plan).
    journal_req: Option<ReqId>,
    /// The operation an undo or resume is being planned for.
    planning: Option<String>,
    next_req: ReqId,
    pub quit: bool,
    pub clock: Clock,
    pub spinner: usize,
    /// `NO_COLOR` unset.
    pub color: bool,
    /// One line of feedback (e.g. "Nothing selected"), cleared by the next key.
    pub message: Option<String>,
    /// Every progress state seen, in order (the flow tests read it).
    pub progress_seen: Vec<(ReqId, usize, usize)>,
    /// Where the journal lives; `None`: the platform's data directory (or `$ZCRM_DATA_DIR`).
    pub journal_dir: Option<std::path::PathBuf>,
}

fn failure_text(f: &ApiFailure) -> String {
    format!("{} — {}", f.message, f.hint)
}

fn field_text(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// The column shown next to a record's name: its first display field that is not a name.
fn record_row(module: &str, r: &Record) -> Row {
    let name = r.display_name();
    let skip = [
        "Full_Name",
        "First_Name",
        "Last_Name",
        "Owner",
        "Created_Time",
    ];
    let detail = display_fields(module)
        .iter()
        .filter(|f| !skip.contains(&f.as_str()))
        .filter_map(|f| r.fields.get(f).and_then(field_text))
        .find(|t| *t != name)
        .unwrap_or_default();
    Row::new(r.id.clone(), name, detail)
}

fn plural(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

impl App {
    pub fn new(info: StatusInfo) -> Self {
        Self {
            info,
            focus: Pane::Modules,
            modules: Table::default(),
            module_infos: Vec::new(),
            records: Table::default(),
            source: None,
            lists: Table::default(),
            list_infos: Vec::new(),
            lists_for: None,
            related: Table::default(),
            related_for: None,
            log: Log::default(),
            wf_trigger: true,
            overlay: Overlay::None,
            filter_input: None,
            in_flight: BTreeMap::new(),
            removals: BTreeMap::new(),
            calls_in_flight: BTreeMap::new(),
            refresh_after: BTreeSet::new(),
            journal_error: None,
            journal_req: None,
            planning: None,
            next_req: 1,
            quit: false,
            clock: local_clock(),
            spinner: 0,
            color: true,
            message: None,
            progress_seen: Vec::new(),
            journal_dir: None,
        }
    }

    /// The first commands: open the journal, load the module list.
    pub fn start(&mut self) -> Vec<ApiCommand> {
        let req = self.req("modules");
        self.modules.loading = Some(req);
        vec![
            ApiCommand::OpenJournal {
                dir: self.journal_dir.clone(),
                profile: self.info.profile.clone(),
            },
            ApiCommand::LoadModules { req },
        ]
    }

    fn req(&mut self, what: &str) -> ReqId {
        let id = self.next_req;
        self.next_req += 1;
        self.in_flight.insert(id, what.to_string());
        id
    }

    pub fn is_busy(&self) -> bool {
        !self.in_flight.is_empty()
    }

    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Overlay::Form(_) => Mode::Text,
            Overlay::Confirm(_)
            | Overlay::Help
            | Overlay::Stop(_)
            | Overlay::Journal(_)
            | Overlay::Notice(_) => Mode::Dialog,
            Overlay::None if self.filter_input.is_some() => Mode::Text,
            Overlay::None => Mode::Normal,
        }
    }

    pub fn table(&self, pane: Pane) -> Option<&Table> {
        match pane {
            Pane::Modules => Some(&self.modules),
            Pane::Records => Some(&self.records),
            Pane::RelatedLists => Some(&self.lists),
            Pane::Related => Some(&self.related),
            Pane::Log => None,
        }
    }

    fn table_mut(&mut self, pane: Pane) -> Option<&mut Table> {
        match pane {
            Pane::Modules => Some(&mut self.modules),
            Pane::Records => Some(&mut self.records),
            Pane::RelatedLists => Some(&mut self.lists),
            Pane::Related => Some(&mut self.related),
            Pane::Log => None,
        }
    }

    /// Module infos by api name.
    fn module_info(&self, api_name: &str) -> Option<&ModuleInfo> {
        self.module_infos.iter().find(|m| m.api_name == api_name)
    }

    /// A key press: maps it in the current mode and updates.
    pub fn on_key(&mut self, key: crossterm::event::KeyEvent) -> Vec<ApiCommand> {
        match crate::action::from_key(key, self.mode()) {
            Some(a) => self.update(a),
            None => Vec::new(),
        }
    }

    pub fn tick(&mut self) {
        self.spinner = self.spinner.wrapping_add(1);
    }

    // ---------------------------------------------------------------- actions

    pub fn update(&mut self, action: Action) -> Vec<ApiCommand> {
        self.message = None;
        if action == Action::ForceQuit && !matches!(self.overlay, Overlay::Stop(_)) {
            return self.interrupt(true);
        }
        match std::mem::replace(&mut self.overlay, Overlay::None) {
            Overlay::Stop(mut d) => match d.handle(action) {
                StopOutcome::Open => {
                    self.overlay = Overlay::Stop(d);
                    Vec::new()
                }
                StopOutcome::KeepGoing => {
                    self.message = Some("Going on: nothing was stopped".into());
                    Vec::new()
                }
                StopOutcome::Stop => self.stop_all(),
            },
            Overlay::Notice(n) => {
                if !matches!(
                    action,
                    Action::Esc | Action::Enter | Action::Quit | Action::No
                ) {
                    self.overlay = Overlay::Notice(n);
                }
                Vec::new()
            }
            Overlay::Journal(view) => self.journal_key(*view, action),
            Overlay::Help => {
                if !matches!(
                    action,
                    Action::Esc | Action::Help | Action::Quit | Action::Enter
                ) {
                    self.overlay = Overlay::Help;
                }
                Vec::new()
            }
            Overlay::Confirm(mut dialog) => match dialog.handle(action) {
                Outcome::Open => {
                    self.overlay = Overlay::Confirm(dialog);
                    Vec::new()
                }
                Outcome::Cancelled => {
                    self.message = Some("Cancelled: nothing was sent".into());
                    Vec::new()
                }
                Outcome::Confirmed => self.confirmed(*dialog),
            },
            Overlay::Form(mut f) => {
                let known: Vec<String> = self
                    .module_infos
                    .iter()
                    .map(|m| m.api_name.clone())
                    .collect();
                match f.handle(action, &known) {
                    FormOutcome::Open => {
                        self.overlay = Overlay::Form(f);
                    }
                    FormOutcome::Closed => {}
                    FormOutcome::Submit(req) => {
                        let target = format!(
                            "{} '{}' from {} '{}' (by external ID)",
                            req.related_list,
                            req.related_external_value,
                            req.module,
                            req.external_value
                        );
                        let items = vec![(
                            req.related_external_value.clone(),
                            format!(
                                "{} {} = {}",
                                req.module, req.external_field, req.external_value
                            ),
                        )];
                        self.overlay = Overlay::Confirm(Box::new(ConfirmDialog::new(
                            Removal::DelinkExternal(req),
                            "Delink",
                            target,
                            items,
                            0,
                            Origin::None,
                        )));
                    }
                }
                Vec::new()
            }
            Overlay::None if self.filter_input.is_some() => self.filter_key(action),
            Overlay::None => self.normal(action),
        }
    }

    fn normal(&mut self, action: Action) -> Vec<ApiCommand> {
        let page = 10;
        match action {
            Action::Quit => return self.interrupt(false),
            Action::Help => self.overlay = Overlay::Help,
            Action::Journal => return self.open_journal(),
            Action::Undo | Action::Resume => {
                let entry = match self.focus {
                    Pane::Log => self.log.focused_entry(),
                    _ => None,
                };
                let Some(entry) = entry else {
                    self.message = Some(
                        "u / R act on an operation: focus the Log (Tab) or open the journal (J)"
                            .into(),
                    );
                    return Vec::new();
                };
                let Some(id) = entry.op_id.clone() else {
                    self.message = Some(match entry.state {
                        EntryState::Running { .. } => {
                            "This operation is still running: wait for its result".into()
                        }
                        _ => "This operation was not journaled: nothing was sent, nothing to undo"
                            .into(),
                    });
                    return Vec::new();
                };
                return if action == Action::Undo {
                    self.plan_undo(id)
                } else {
                    self.plan_resume(id)
                };
            }
            Action::Up => return self.move_cursor(-1),
            Action::Down => return self.move_cursor(1),
            Action::PageUp => return self.move_cursor(-page),
            Action::PageDown => return self.move_cursor(page),
            Action::First => return self.move_cursor(isize::MIN / 2),
            Action::Last => return self.move_cursor(isize::MAX / 2),
            Action::NextPane => self.focus = Pane::ORDER[(self.focus.index() + 1) % 5],
            Action::PrevPane => self.focus = Pane::ORDER[(self.focus.index() + 4) % 5],
            Action::Right if self.focus.index() < 3 => {
                self.focus = Pane::ORDER[self.focus.index() + 1]
            }
            Action::Left => {
                if self.focus == Pane::Log {
                    self.focus = Pane::Records;
                } else if self.focus.index() > 0 {
                    self.focus = Pane::ORDER[self.focus.index() - 1]
                }
            }
            Action::Enter => return self.open(),
            Action::Esc => return self.back(),
            Action::ToggleSelect => {
                if matches!(self.focus, Pane::Records | Pane::Related) {
                    if let Some(t) = self.table_mut(self.focus) {
                        t.toggle_focused();
                    }
                    return self.move_cursor(1);
                }
                self.message = Some("Select rows in Records or Related records".into());
            }
            Action::SelectAll => {
                if matches!(self.focus, Pane::Records | Pane::Related) {
                    if let Some(t) = self.table_mut(self.focus) {
                        t.toggle_all();
                    }
                } else {
                    self.message = Some("Select rows in Records or Related records".into());
                }
            }
            Action::Filter => {
                if let Some(t) = self.table(self.focus) {
                    let current = t.filter.clone();
                    self.filter_input = Some((Input::new(current.clone()), current));
                }
            }
            Action::Remove => self.ask_removal(),
            Action::ExternalForm => {
                let module = match &self.source {
                    Some(Source::Module(m)) => Some(m.api_name.clone()),
                    _ => None,
                };
                self.overlay = Overlay::Form(Box::new(ExternalForm::new(module.as_deref())));
            }
            Action::ToggleWorkflow => {
                self.wf_trigger = !self.wf_trigger;
                self.message = Some(format!(
                    "Workflow triggers {} for record deletes",
                    if self.wf_trigger { "on" } else { "off" }
                ));
            }
            Action::Reload => return self.reload(self.focus),
            _ => {}
        }
        Vec::new()
    }

    fn move_cursor(&mut self, delta: isize) -> Vec<ApiCommand> {
        if self.focus == Pane::Log {
            self.log.move_by(delta);
            return Vec::new();
        }
        let focus = self.focus;
        if let Some(t) = self.table_mut(focus) {
            t.move_by(delta);
        }
        self.maybe_more(focus)
    }

    /// Loads the next page once the cursor nears the end of the loaded rows.
    fn maybe_more(&mut self, pane: Pane) -> Vec<ApiCommand> {
        let Some(t) = self.table(pane) else {
            return Vec::new();
        };
        let near_end = t.cursor + PREFETCH_MARGIN >= t.visible_len();
        if !near_end || t.loading.is_some() || t.next.is_none() {
            return Vec::new();
        }
        let Some(page) = t.next.clone() else {
            return Vec::new();
        };
        match pane {
            Pane::Records => self.load_records_page(page),
            Pane::Related => self.load_related_page(page),
            _ => Vec::new(),
        }
    }

    fn open(&mut self) -> Vec<ApiCommand> {
        match self.focus {
            Pane::Modules => {
                let Some(row) = self.modules.focused().cloned() else {
                    return Vec::new();
                };
                self.focus = Pane::Records;
                self.open_module(&row.id)
            }
            Pane::Records => {
                let Some(Source::Module(module)) = self.source.clone() else {
                    self.message = Some("Contact roles have no related lists".into());
                    return Vec::new();
                };
                let Some(row) = self.records.focused().cloned() else {
                    return Vec::new();
                };
                self.focus = Pane::RelatedLists;
                self.lists_for = Some(RecordRef {
                    module,
                    id: row.id,
                    name: row.name,
                });
                self.related.reset("");
                self.related_for = None;
                self.load_lists()
            }
            Pane::RelatedLists => {
                let (Some(rec), Some(row)) =
                    (self.lists_for.clone(), self.lists.focused().cloned())
                else {
                    return Vec::new();
                };
                let Some(info) = self
                    .list_infos
                    .iter()
                    .find(|l| l.api_name == row.id)
                    .cloned()
                else {
                    return Vec::new();
                };
                self.focus = Pane::Related;
                self.related_for = Some((rec, info));
                self.load_related_first()
            }
            Pane::Related => {
                self.message = Some("Related records open no further; d delinks".into());
                Vec::new()
            }
            Pane::Log => {
                self.log.toggle();
                Vec::new()
            }
        }
    }

    fn back(&mut self) -> Vec<ApiCommand> {
        let focus = self.focus;
        // Esc first abandons a load, then clears a filter, then goes back.
        if let Some(t) = self.table_mut(focus) {
            if let Some(req) = t.loading.take() {
                self.in_flight.remove(&req);
                self.message = Some("Load abandoned".into());
                return vec![ApiCommand::Cancel { req }];
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

    fn filter_key(&mut self, action: Action) -> Vec<ApiCommand> {
        let focus = self.focus;
        let Some((input, previous)) = self.filter_input.as_mut() else {
            return Vec::new();
        };
        let req = match action {
            Action::Esc => {
                let previous = previous.clone();
                self.filter_input = None;
                if let Some(t) = self.table_mut(focus)
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
            Action::Char(c) => InputRequest::InsertChar(c),
            Action::Backspace => InputRequest::DeletePrevChar,
            Action::DeleteChar => InputRequest::DeleteNextChar,
            Action::Left => InputRequest::GoToPrevChar,
            Action::Right => InputRequest::GoToNextChar,
            Action::Home => InputRequest::GoToStart,
            Action::End => InputRequest::GoToEnd,
            _ => return Vec::new(),
        };
        input.handle(req);
        let value = input.value().to_string();
        // Local panes filter as you type; records wait for Enter (a server search).
        if !self.is_server_filtered(focus)
            && let Some(t) = self.table_mut(focus)
        {
            t.filter = value;
            t.server_filter = false;
            t.clamp();
        }
        Vec::new()
    }

    fn is_server_filtered(&self, pane: Pane) -> bool {
        pane == Pane::Records && matches!(self.source, Some(Source::Module(_)))
    }

    fn apply_filter(&mut self, pane: Pane, value: String) -> Vec<ApiCommand> {
        if !self.is_server_filtered(pane) {
            if let Some(t) = self.table_mut(pane) {
                t.filter = value;
                t.clamp();
            }
            return Vec::new();
        }
        if value.is_empty() {
            if self.records.server_filter || !self.records.filter.is_empty() {
                self.records.filter.clear();
                self.records.server_filter = false;
                return self.reload(Pane::Records);
            }
            return Vec::new();
        }
        if value.chars().count() < MIN_SEARCH {
            self.message = Some(format!("Type at least {MIN_SEARCH} characters to search"));
            return Vec::new();
        }
        self.records.filter = value;
        self.records.server_filter = true;
        self.reload(Pane::Records)
    }

    fn reload(&mut self, pane: Pane) -> Vec<ApiCommand> {
        match pane {
            Pane::Modules | Pane::Log => {
                let mut cmds = self.cancel(Pane::Modules);
                let context = self.modules.context.clone();
                self.modules.reset(context);
                let req = self.req("modules");
                self.modules.loading = Some(req);
                cmds.push(ApiCommand::LoadModules { req });
                cmds
            }
            Pane::Records => match self.source.clone() {
                Some(Source::Module(m)) => self.open_module(&m.api_name),
                Some(Source::ContactRoles) => self.open_module(CONTACT_ROLES_ID),
                None => Vec::new(),
            },
            Pane::RelatedLists => self.load_lists(),
            Pane::Related => self.load_related_first(),
        }
    }

    fn cancel(&mut self, pane: Pane) -> Vec<ApiCommand> {
        match self.table_mut(pane).and_then(|t| t.loading.take()) {
            Some(req) => {
                self.in_flight.remove(&req);
                vec![ApiCommand::Cancel { req }]
            }
            None => Vec::new(),
        }
    }

    /// Shows a module's records (or the contact roles) in the Records pane.
    fn open_module(&mut self, id: &str) -> Vec<ApiCommand> {
        let mut cmds = self.cancel(Pane::Records);
        cmds.extend(self.cancel(Pane::RelatedLists));
        cmds.extend(self.cancel(Pane::Related));
        let keep_search = match &self.source {
            Some(Source::Module(m)) if m.api_name == id && self.records.server_filter => {
                Some(self.records.filter.clone())
            }
            _ => None,
        };
        let keep_selected = match &self.source {
            Some(Source::Module(m)) if m.api_name == id => Some(self.records.selected.clone()),
            Some(Source::ContactRoles) if id == CONTACT_ROLES_ID => {
                Some(self.records.selected.clone())
            }
            _ => None,
        };
        self.records.reset(format!("records:{id}"));
        if let Some(sel) = keep_selected {
            self.records.selected = sel;
        }
        self.lists.reset("");
        self.list_infos.clear();
        self.lists_for = None;
        self.related.reset("");
        self.related_for = None;
        if id == CONTACT_ROLES_ID {
            self.source = Some(Source::ContactRoles);
            let req = self.req("contact roles");
            self.records.loading = Some(req);
            cmds.push(ApiCommand::LoadContactRoles { req });
            return cmds;
        }
        let Some(module) = self.module_info(id).cloned() else {
            return cmds;
        };
        self.source = Some(Source::Module(module));
        if let Some(term) = keep_search {
            self.records.filter = term;
            self.records.server_filter = true;
        }
        cmds.extend(self.load_records_page(PageRequest {
            fields: display_fields(id),
            page: 1,
            per_page: PER_PAGE,
            page_token: None,
        }));
        cmds
    }

    fn load_records_page(&mut self, page: PageRequest) -> Vec<ApiCommand> {
        let Some(Source::Module(m)) = self.source.clone() else {
            return Vec::new();
        };
        let module = m.api_name.clone();
        if self.records.server_filter {
            let req = self.req(&format!("search {module}"));
            self.records.loading = Some(req);
            return vec![ApiCommand::Search {
                req,
                module,
                query: SearchQuery::Word(self.records.filter.clone()),
                page,
            }];
        }
        let req = self.req(&format!("{module} records"));
        self.records.loading = Some(req);
        vec![ApiCommand::LoadRecords { req, module, page }]
    }

    fn load_lists(&mut self) -> Vec<ApiCommand> {
        let mut cmds = self.cancel(Pane::RelatedLists);
        let Some(rec) = self.lists_for.clone() else {
            return cmds;
        };
        self.lists
            .reset(format!("lists:{}:{}", rec.module.api_name, rec.id));
        self.list_infos.clear();
        let req = self.req("related lists");
        self.lists.loading = Some(req);
        cmds.push(ApiCommand::LoadRelatedLists {
            req,
            module: rec.module.api_name,
        });
        cmds
    }

    fn load_related_first(&mut self) -> Vec<ApiCommand> {
        let mut cmds = self.cancel(Pane::Related);
        let Some((rec, list)) = self.related_for.clone() else {
            return cmds;
        };
        let selected = if self.related.context == related_context(&rec, &list) {
            self.related.selected.clone()
        } else {
            BTreeMap::new()
        };
        self.related.reset(related_context(&rec, &list));
        self.related.selected = selected;
        let fields = display_fields(list.module.as_deref().unwrap_or(&list.api_name));
        cmds.extend(self.load_related_page(PageRequest {
            fields,
            page: 1,
            per_page: PER_PAGE,
            page_token: None,
        }));
        cmds
    }

    fn load_related_page(&mut self, page: PageRequest) -> Vec<ApiCommand> {
        let Some((rec, list)) = self.related_for.clone() else {
            return Vec::new();
        };
        let req = self.req(&format!("{} of {}", list.display_label, rec.name));
        self.related.loading = Some(req);
        vec![ApiCommand::LoadRelated {
            req,
            module: rec.module.api_name,
            record_id: rec.id,
            related_list: list.api_name,
            page,
        }]
    }

    // ---------------------------------------------------------------- removals (step one)

    /// `d`: builds the removal from what is selected and opens the confirm dialog. Sends nothing.
    fn ask_removal(&mut self) {
        match self.focus {
            Pane::Records => {
                let targets = self.records.targets();
                if targets.is_empty() {
                    self.message = Some("Nothing to remove".into());
                    return;
                }
                let hidden = self.records.hidden_selected();
                let ids: Vec<String> = targets.iter().map(|(i, _)| i.clone()).collect();
                let origin = Origin::Records(self.records.context.clone());
                let dialog = match &self.source {
                    Some(Source::Module(m)) => ConfirmDialog::new(
                        Removal::DeleteRecords {
                            module: m.api_name.clone(),
                            ids,
                            wf_trigger: self.wf_trigger,
                        },
                        "Delete",
                        plural(targets.len(), &m.singular_label, &m.plural_label),
                        targets,
                        hidden,
                        origin,
                    ),
                    Some(Source::ContactRoles) => ConfirmDialog::new(
                        Removal::DeleteContactRoles { ids },
                        "Delete",
                        plural(targets.len(), "contact role", "contact roles"),
                        targets,
                        hidden,
                        origin,
                    ),
                    None => return,
                };
                self.overlay = Overlay::Confirm(Box::new(dialog));
            }
            Pane::Related => {
                let Some((rec, list)) = self.related_for.clone() else {
                    return;
                };
                if !list.can_delink {
                    self.message = Some(format!(
                        "The API cannot delink {} from {}",
                        list.display_label, rec.module.plural_label
                    ));
                    return;
                }
                let targets = self.related.targets();
                if targets.is_empty() {
                    self.message = Some("Nothing to delink".into());
                    return;
                }
                let (singular, plural_label) = list
                    .module
                    .as_deref()
                    .and_then(|m| self.module_info(m))
                    .map(|m| (m.singular_label.clone(), m.plural_label.clone()))
                    .unwrap_or_else(|| (list.display_label.clone(), list.display_label.clone()));
                let target = format!(
                    "{} from {} '{}'",
                    plural(targets.len(), &singular, &plural_label),
                    rec.module.singular_label,
                    rec.name
                );
                let ids = targets.iter().map(|(i, _)| i.clone()).collect();
                let dialog = ConfirmDialog::new(
                    Removal::Delink {
                        module: rec.module.api_name.clone(),
                        record_id: rec.id.clone(),
                        related_list: list.api_name.clone(),
                        ids,
                    },
                    "Delink",
                    target,
                    targets,
                    self.related.hidden_selected(),
                    Origin::Related(self.related.context.clone()),
                );
                self.overlay = Overlay::Confirm(Box::new(dialog));
            }
            _ => {
                self.message =
                    Some("Nothing to remove here: focus Records or Related records".into())
            }
        }
    }

    /// Step two: the dialog was confirmed. The only place a removal, undo or resume command is
    /// built.
    fn confirmed(&mut self, dialog: ConfirmDialog) -> Vec<ApiCommand> {
        let total = dialog.work.id_count();
        let req = self.req(&dialog.title);
        self.removals.insert(req, dialog.origin.clone());
        self.log.push(LogEntry::running(
            req,
            (self.clock)(),
            &dialog.operation,
            &dialog.target,
            total,
        ));
        let cmd = match dialog.work {
            Work::Remove(op) => ApiCommand::Remove { req, op },
            Work::Resume { of, .. } => {
                self.refresh_after.insert(req);
                ApiCommand::Resume { req, of }
            }
            Work::Undo(plan) => {
                self.refresh_after.insert(req);
                ApiCommand::Undo { req, plan }
            }
        };
        vec![cmd]
    }

    // ---------------------------------------------------------------- API events

    pub fn on_api(&mut self, event: ApiEvent) -> Vec<ApiCommand> {
        match event {
            ApiEvent::Modules(req, res) => {
                if self.modules.loading != Some(req) {
                    return Vec::new();
                }
                self.done(req);
                self.modules.loading = None;
                match res {
                    Ok(mods) => {
                        self.module_infos = mods
                            .into_iter()
                            .filter(|m| m.api_supported && m.deletable)
                            .collect();
                        self.modules.rows = self
                            .module_infos
                            .iter()
                            .map(|m| {
                                Row::new(
                                    m.api_name.clone(),
                                    m.plural_label.clone(),
                                    m.api_name.clone(),
                                )
                            })
                            .collect();
                        self.modules.rows.push(Row::new(
                            CONTACT_ROLES_ID,
                            "Contact Roles",
                            "Contacts/roles",
                        ));
                        self.modules.clamp();
                    }
                    Err(e) => self.modules.error = Some(failure_text(&e)),
                }
            }
            ApiEvent::Records(req, res) => {
                if self.records.loading != Some(req) {
                    return Vec::new();
                }
                self.done(req);
                self.records.loading = None;
                let module = match &self.source {
                    Some(Source::Module(m)) => m.api_name.clone(),
                    _ => return Vec::new(),
                };
                match res {
                    Ok(page) => {
                        let next = next_page(&page, &module, self.records.rows.len());
                        self.records
                            .rows
                            .extend(page.records.iter().map(|r| record_row(&module, r)));
                        self.records.next = next;
                        self.records.error = None;
                        return self.maybe_more(Pane::Records);
                    }
                    Err(e) => self.records.error = Some(failure_text(&e)),
                }
            }
            ApiEvent::ContactRoles(req, res) => {
                if self.records.loading != Some(req) {
                    return Vec::new();
                }
                self.done(req);
                self.records.loading = None;
                match res {
                    Ok(roles) => {
                        self.records.rows = roles.iter().map(role_row).collect();
                        self.records.clamp();
                    }
                    Err(e) => self.records.error = Some(failure_text(&e)),
                }
            }
            ApiEvent::RelatedLists(req, res) => {
                if self.lists.loading != Some(req) {
                    return Vec::new();
                }
                self.done(req);
                self.lists.loading = None;
                match res {
                    Ok(lists) => {
                        self.lists.rows = lists
                            .iter()
                            .map(|l| {
                                Row::new(
                                    l.api_name.clone(),
                                    l.display_label.clone(),
                                    if l.can_delink { "delink" } else { "view only" },
                                )
                            })
                            .collect();
                        self.list_infos = lists;
                        self.lists.clamp();
                    }
                    Err(e) => self.lists.error = Some(failure_text(&e)),
                }
            }
            ApiEvent::Related(req, res) => {
                if self.related.loading != Some(req) {
                    return Vec::new();
                }
                self.done(req);
                self.related.loading = None;
                let Some((_, list)) = &self.related_for else {
                    return Vec::new();
                };
                let module = list.module.clone().unwrap_or_else(|| list.api_name.clone());
                match res {
                    Ok(page) => {
                        let next = next_page(&page, &module, self.related.rows.len());
                        self.related
                            .rows
                            .extend(page.records.iter().map(|r| record_row(&module, r)));
                        self.related.next = next;
                        return self.maybe_more(Pane::Related);
                    }
                    Err(e) => self.related.error = Some(failure_text(&e)),
                }
            }
            ApiEvent::Progress(req, p) => {
                self.progress_seen.push((req, p.done, p.total));
                if let Some(e) = self.log.entry_mut(req)
                    && let EntryState::Running { .. } = e.state
                {
                    e.state = EntryState::Running {
                        done: p.done,
                        total: p.total,
                    };
                }
            }
            ApiEvent::Removed(req, res) => {
                self.done(req);
                self.calls_in_flight.remove(&req);
                let origin = self.removals.remove(&req).unwrap_or(Origin::None);
                let refresh = self.refresh_after.remove(&req) && res.is_ok();
                if self.removals.is_empty() {
                    // Nothing left to stop: a stop dialog or "stopping" notice would now lie.
                    if matches!(self.overlay, Overlay::Stop(_)) {
                        self.overlay = Overlay::None;
                    }
                    if self
                        .message
                        .as_deref()
                        .is_some_and(|m| m.starts_with("Stopping"))
                    {
                        self.message = None;
                    }
                }
                let Some(entry) = self.log.entry_mut(req) else {
                    return Vec::new();
                };
                match res {
                    Ok(report) => {
                        let not_attempted = report
                            .outcomes
                            .iter()
                            .filter(|o| matches!(o, IdOutcome::NotAttempted { .. }))
                            .count();
                        entry.state = EntryState::Done {
                            removed: report.removed(),
                            failed: report.failed() - not_attempted,
                            not_attempted,
                        };
                        entry.stopping = false;
                        entry.outcomes = report.outcomes.clone();
                        let removed: Vec<String> = report
                            .outcomes
                            .iter()
                            .filter(|o| o.is_removed())
                            .map(|o| o.id().to_string())
                            .collect();
                        let failed: Vec<(String, String)> = report
                            .outcomes
                            .iter()
                            .filter_map(|o| match o {
                                IdOutcome::Failed { id, code, .. } => {
                                    Some((id.clone(), code.clone()))
                                }
                                IdOutcome::NotAttempted { id, .. } => {
                                    Some((id.clone(), "NOT_SENT".to_string()))
                                }
                                IdOutcome::Removed { .. } => None,
                            })
                            .collect();
                        let table = match &origin {
                            Origin::Records(ctx) if *ctx == self.records.context => {
                                Some(&mut self.records)
                            }
                            Origin::Related(ctx) if *ctx == self.related.context => {
                                Some(&mut self.related)
                            }
                            _ => None,
                        };
                        if let Some(t) = table {
                            t.apply_outcomes(&removed, &failed);
                        }
                    }
                    Err(e) => {
                        entry.stopping = false;
                        entry.state = EntryState::Error {
                            message: e.message,
                            hint: e.hint,
                        }
                    }
                }
                if refresh {
                    return self.refresh_panes();
                }
            }
            ApiEvent::JournalOpened(res) => {
                if let Err(e) = res {
                    self.message = Some(format!(
                        "Journal unavailable: removals are refused until it can be written ({})",
                        e.message
                    ));
                    self.journal_error = Some(failure_text(&e));
                }
            }
            ApiEvent::Call(req, call) => self.on_call(req, call),
            ApiEvent::Journaled(req, op_id) => {
                if let Some(e) = self.log.entry_mut(req) {
                    e.op_id = Some(op_id);
                }
            }
            ApiEvent::Operations(req, res) => {
                self.done(req);
                if let Overlay::Journal(view) = &mut self.overlay
                    && view.loading == Some(req)
                {
                    view.loading = None;
                    match res {
                        Ok(ops) => {
                            view.ops = ops;
                            view.error = None;
                            view.cursor = view.cursor.min(view.ops.len().saturating_sub(1));
                        }
                        Err(e) => view.error = Some(failure_text(&e)),
                    }
                }
            }
            ApiEvent::Operation(req, res) => {
                self.done(req);
                if let Overlay::Journal(view) = &mut self.overlay
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
            ApiEvent::UndoPlanned(req, res) => {
                self.done(req);
                if self.journal_req != Some(req) {
                    return Vec::new();
                }
                self.journal_req = None;
                self.message = None;
                let of = self.planning.take();
                match res {
                    Ok(p) => self.undo_dialog(p),
                    Err(why) => {
                        let mut lines = vec![why];
                        // Never a dead end: what was removed can always be exported.
                        if let Some(id) = of
                            && !lines[0].contains("journal export")
                        {
                            lines.push(format!(
                                "What it removed can be exported for re-import: zcrm-tui journal \
                                 export {id} --format csv"
                            ));
                        }
                        self.overlay = Overlay::Notice(Notice {
                            title: "Undo not possible".into(),
                            lines,
                        })
                    }
                }
            }
            ApiEvent::ResumePlanned(req, res) => {
                self.done(req);
                if self.journal_req != Some(req) {
                    return Vec::new();
                }
                self.journal_req = None;
                self.planning = None;
                self.message = None;
                match res {
                    Ok(p) => self.resume_dialog(p),
                    Err(e) => {
                        self.overlay = Overlay::Notice(Notice {
                            title: "Nothing to resume".into(),
                            lines: vec![e.message, e.hint],
                        })
                    }
                }
            }
        }
        Vec::new()
    }

    fn done(&mut self, req: ReqId) {
        self.in_flight.remove(&req);
    }

    /// What is loading right now, for the status line.
    pub fn loading_label(&self) -> Option<&str> {
        self.in_flight.values().next_back().map(String::as_str)
    }

    /// Whether any removal, undo or resume is running.
    pub fn removing(&self) -> bool {
        !self.removals.is_empty()
    }

    /// The removal in progress with the most work left, as (done, total).
    pub fn removal_progress(&self) -> Option<(usize, usize)> {
        self.log.entries.iter().find_map(|e| match e.state {
            EntryState::Running { done, total } => Some((done, total)),
            _ => None,
        })
    }
}

fn related_context(rec: &RecordRef, list: &RelatedListInfo) -> String {
    format!(
        "related:{}:{}:{}",
        rec.module.api_name, rec.id, list.api_name
    )
}

fn role_row(r: &ContactRole) -> Row {
    Row::new(
        r.id.clone(),
        r.name.clone(),
        r.sequence_number
            .map(|n| format!("#{n}"))
            .unwrap_or_default(),
    )
}

/// The request for the page after `page`, if the server has more. Page numbers up to Zoho's
/// 2,000-record limit, the page token beyond.
fn next_page(page: &Page, module: &str, loaded_before: usize) -> Option<PageRequest> {
    if !page.more_records {
        return None;
    }
    let loaded = loaded_before + page.records.len();
    let number = page.page.unwrap_or((loaded as u32).div_ceil(PER_PAGE)) + 1;
    let token = if (number - 1) * PER_PAGE >= DISCRETE_PAGE_LIMIT {
        page.next_page_token.clone()
    } else {
        None
    };
    Some(PageRequest {
        fields: display_fields(module),
        page: number,
        per_page: PER_PAGE,
        page_token: token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pretends removal `req` was confirmed and is running.
    fn running(app: &mut App, req: ReqId) {
        app.removals.insert(req, Origin::None);
        app.log
            .push(LogEntry::running(req, "t".into(), "Delete", "2 Leads", 2));
    }

    fn demo_app() -> App {
        App::new(StatusInfo {
            profile: "demo".into(),
            data_center: "us".into(),
            api_version: 8,
        })
    }

    fn page(n: usize, more: bool, number: Option<u32>, token: Option<&str>) -> Page {
        Page {
            records: (0..n)
                .map(|i| Record {
                    id: i.to_string(),
                    fields: serde_json::Map::new(),
                })
                .collect(),
            more_records: more,
            page: number,
            next_page_token: token.map(str::to_string),
        }
    }

    #[test]
    fn pages_by_number_then_by_token_beyond_2000() {
        assert!(next_page(&page(10, false, Some(1), None), "Leads", 0).is_none());
        let p2 = next_page(&page(200, true, Some(1), Some("t1")), "Leads", 0).unwrap();
        assert_eq!((p2.page, p2.page_token.as_deref()), (2, None));
        let p11 = next_page(&page(200, true, Some(10), Some("t10")), "Leads", 1800).unwrap();
        assert_eq!((p11.page, p11.page_token.as_deref()), (11, Some("t10")));
    }

    #[test]
    fn ctrl_c_asks_before_stopping_a_removal_and_quits_when_idle() {
        let mut app = demo_app();
        app.start();
        running(&mut app, 99);
        assert!(app.update(Action::ForceQuit).is_empty());
        assert!(!app.quit);
        assert!(matches!(app.overlay, Overlay::Stop(_)));
        // Esc keeps going; q asks again; y stops (and only now a command leaves).
        assert!(app.update(Action::Esc).is_empty());
        assert!(matches!(app.overlay, Overlay::None));
        app.update(Action::Quit);
        assert_eq!(app.update(Action::Yes), vec![ApiCommand::Stop { req: 99 }]);
        assert!(app.log.entries[0].stopping);
        // Stopping already: q explains, Ctrl-C quits.
        app.update(Action::Quit);
        assert!(!app.quit && app.message.is_some());
        app.update(Action::ForceQuit);
        assert!(app.quit);
        // Nothing running: Ctrl-C quits at once.
        let mut idle = App::new(app.info.clone());
        idle.update(Action::ForceQuit);
        assert!(idle.quit);
    }

    #[test]
    fn a_removal_that_ends_closes_its_stop_dialog_and_notice() {
        let mut app = demo_app();
        app.start();
        running(&mut app, 99);
        app.update(Action::Quit);
        assert!(matches!(app.overlay, Overlay::Stop(_)));
        let report = crate::zoho::RemovalReport {
            outcomes: vec![IdOutcome::Removed {
                id: "1".into(),
                message: "record deleted".into(),
            }],
            calls: 1,
        };
        app.on_api(ApiEvent::Removed(99, Ok(report.clone())));
        // The removal finished while the dialog was up: there is nothing left to stop.
        assert!(matches!(app.overlay, Overlay::None));
        assert!(app.update(Action::Yes).is_empty());

        running(&mut app, 100);
        app.update(Action::Quit);
        assert_eq!(app.update(Action::Yes), vec![ApiCommand::Stop { req: 100 }]);
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.starts_with("Stopping"))
        );
        app.on_api(ApiEvent::Removed(100, Ok(report)));
        assert_eq!(app.message, None);
    }

    #[test]
    fn d_alone_never_emits_a_command() {
        let mut app = demo_app();
        let req = match app.start().as_slice() {
            [
                ApiCommand::OpenJournal { .. },
                ApiCommand::LoadModules { req },
            ] => *req,
            other => panic!("{other:?}"),
        };
        app.on_api(ApiEvent::Modules(req, Ok(vec![])));
        app.focus = Pane::Records;
        let cmds = app.open_module(CONTACT_ROLES_ID);
        let req = match cmds.as_slice() {
            [ApiCommand::LoadContactRoles { req }] => *req,
            other => panic!("{other:?}"),
        };
        app.on_api(ApiEvent::ContactRoles(
            req,
            Ok(vec![ContactRole {
                id: "5".into(),
                name: "Buyer".into(),
                sequence_number: None,
            }]),
        ));
        assert!(app.update(Action::Remove).is_empty());
        assert!(matches!(app.overlay, Overlay::Confirm(_)));
        match app.update(Action::Yes).as_slice() {
            [ApiCommand::Remove { op, .. }] => assert_eq!(
                *op,
                Removal::DeleteContactRoles {
                    ids: vec!["5".into()]
                }
            ),
            other => panic!("{other:?}"),
        }
        // A removal is running: q does not walk away from it.
        app.update(Action::Quit);
        assert!(!app.quit);
    }
}
