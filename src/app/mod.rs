//! The app's state and its `update`: pure (no terminal, no I/O). Keys and API events come in,
//! `ApiCommand`s come out for the API task to run.
//!
//! `App` keeps only what is shared: focus, the layer stack (dialogs and popups, and the
//! too-small screen; [`App::top`] decides what is drawn on top and who gets a key), the
//! connection's status and the requests in flight. Each pane is a component (`modules`,
//! `records`, `related_lists`, `related`, `log`) that owns its rows and answers its own API
//! events, routed to it by request id (`requests`). Removal is one path (`removal`); stop,
//! stop in `interrupt`, the journal view in `journal`, undo
//! and resume in `undo`; moving between panes in `navigate`.

pub mod bin_view;
mod by_query;
pub mod columns;
pub mod confirm;
pub mod connection;
pub mod copy;
pub mod detail;
mod events;
pub mod form;
mod interrupt;
mod journal;
pub mod journal_view;
mod layer_keys;
pub mod layers;
pub mod listed;
pub mod log;
mod log_search;
pub mod log_view;
pub mod modules;
mod mouse;
mod navigate;
pub mod palette;
pub mod panes;
pub mod paste;
pub mod picked;
pub mod plan_prompt;
pub mod preview;
pub mod query;
pub mod query_line;
pub mod read_only;
pub mod records;
pub mod related;
pub mod related_lists;
mod removal;
pub mod requests;
mod retry;
pub mod row;
mod running;
pub mod sort;
mod sorting;
pub mod stop;
pub mod table;
mod undo;
pub mod values;
pub mod views;
pub mod work;

use std::sync::Arc;

use tui_input::Input;

use crate::action::{Action, Mode};
use crate::api_task::{ApiCommand, ReqId};

use form::ExternalForm;
use layers::Layers;

pub use layers::{Layer, Notice, Top};
pub use modules::CONTACT_ROLES_ID;
pub use panes::{PER_PAGE, Pane, Panes, RecordRef};
pub use records::Source;
pub use removal::Removals;
pub use requests::{Owner, Requests};

/// Search needs at least this many characters.
pub const MIN_SEARCH: usize = 2;

/// Formats "now" for log lines; injected so snapshots can be fixed.
pub type Clock = Arc<dyn Fn() -> String + Send + Sync>;

pub fn local_clock() -> Clock {
    Arc::new(|| chrono::Local::now().format("%H:%M:%S").to_string())
}

/// What the status line shows about the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusInfo {
    /// "demo" or the profile name.
    pub profile: String,
    pub data_center: String,
    pub api_version: u8,
    /// The profile is marked `production = true`: named in a warning colour.
    pub production: bool,
    /// The org's API credits left, once an answer has said (Zoho says it past half the budget).
    pub credits_left: Option<u64>,
}

pub struct App {
    pub info: StatusInfo,
    /// The API domain this session is connected to: which org's journal entries it may act on.
    pub org: String,
    pub focus: Pane,
    pub layers: Layers,
    pub panes: Panes,
    /// The side panel of the focused record (160 columns or more).
    pub preview: preview::Preview,
    pub requests: Requests,
    pub removals: Removals,
    pub wf_trigger: bool,
    /// The filter being typed for the focused pane, with the value it replaces.
    pub filter_input: Option<(Input, String)>,
    /// Why removals cannot be journaled (and are therefore refused), if they cannot.
    pub journal_error: Option<String>,
    /// The operation an undo or resume is being planned for, and the plan's request.
    planning: Option<(ReqId, String)>,
    pub quit: bool,
    pub clock: Clock,
    /// Date and time in file names (a plan's default name); injected so snapshots can be fixed.
    pub file_stamp: Clock,
    pub spinner: usize,
    /// `NO_COLOR` unset.
    pub color: bool,
    /// One line of feedback (e.g. "Nothing selected"), cleared by the next key.
    pub message: Option<String>,
    /// Every progress state seen, in order (the flow tests read it).
    pub progress_seen: Vec<(ReqId, usize, usize)>,
    /// The newest progress's in-flight limit, for the status line while a removal runs.
    pub in_flight_limit: Option<usize>,
    /// Where the journal lives; `None`: the platform's data directory (or `$ZCRM_DATA_DIR`).
    pub journal_dir: Option<std::path::PathBuf>,
    /// The client refuses changes (a read-only profile); the runner sets it from the client.
    pub read_only: bool,
    /// What `y` / `Y` put on the clipboard, until the runner writes it.
    pub copy: copy::Copying,
}

impl App {
    pub fn new(info: StatusInfo) -> Self {
        Self {
            info,
            org: String::new(),
            focus: Pane::Modules,
            layers: Layers::default(),
            panes: Panes::default(),
            preview: preview::Preview::default(),
            requests: Requests::default(),
            removals: Removals::default(),
            wf_trigger: true,
            filter_input: None,
            journal_error: None,
            planning: None,
            quit: false,
            clock: local_clock(),
            file_stamp: Arc::new(|| chrono::Local::now().format("%Y%m%d-%H%M%S").to_string()),
            spinner: 0,
            color: true,
            message: None,
            progress_seen: Vec::new(),
            in_flight_limit: None,
            journal_dir: None,
            read_only: false,
            copy: copy::Copying::default(),
        }
    }

    /// The first commands: open the journal, load the module list.
    pub fn start(&mut self) -> Vec<ApiCommand> {
        let mut cmds = vec![ApiCommand::OpenJournal {
            dir: self.journal_dir.clone(),
            profile: self.info.profile.clone(),
        }];
        cmds.extend(self.panes.modules.load(&mut self.requests));
        cmds
    }

    pub fn is_busy(&self) -> bool {
        !self.requests.is_empty()
    }

    /// The terminal's size: below the minimum the too-small screen is on top.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.layers.resize(width, height);
    }

    /// The size changed: the side panel may appear or go (the runner sends what this asks).
    pub fn resized(&mut self, width: u16, height: u16) -> Vec<ApiCommand> {
        self.resize(width, height);
        self.follow_preview()
    }

    /// What is on top: drawn last, and the only thing that receives keys.
    pub fn top(&self) -> Top<'_> {
        self.layers.top()
    }

    /// The top dialog or popup, if one is open (whether or not the screen is too small).
    pub fn top_layer(&self) -> Option<&Layer> {
        self.layers.last()
    }

    pub fn mode(&self) -> Mode {
        match self.top() {
            Top::TooSmall { .. } => Mode::Dialog,
            Top::Layer(
                Layer::Form(_) | Layer::Help(_) | Layer::Query(_) | Layer::PlanPrompt(_),
            ) => Mode::Text,
            Top::Layer(Layer::Detail(d)) if d.find.is_some() => Mode::Text,
            Top::Layer(Layer::Bin(b)) if b.filter.is_some() => Mode::Text,
            Top::Layer(_) => Mode::Dialog,
            Top::Panes if self.filter_input.is_some() => Mode::Text,
            Top::Panes => Mode::Normal,
        }
    }

    pub fn table(&self, pane: Pane) -> Option<&table::Table> {
        self.panes.table(pane)
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

    /// The one place that decides who gets a key: the top of [`App::top`]. The side panel
    /// follows whatever the key did to the cursor.
    pub fn update(&mut self, action: Action) -> Vec<ApiCommand> {
        let mut cmds = self.dispatch(action);
        cmds.extend(self.follow_preview());
        cmds
    }

    fn dispatch(&mut self, action: Action) -> Vec<ApiCommand> {
        self.message = None;
        if let Top::TooSmall { .. } = self.top() {
            // Nothing is drawn but the too-small screen: only quitting acts.
            return match action {
                Action::Quit => self.interrupt(false),
                Action::ForceQuit => self.interrupt(true),
                _ => Vec::new(),
            };
        }
        if action == Action::ForceQuit && !matches!(self.top_layer(), Some(Layer::Stop(_))) {
            return self.interrupt(true);
        }
        if self.refused_read_only(&action) {
            return Vec::new();
        }
        if matches!(action, Action::Click { .. } | Action::Wheel { .. }) {
            return self.mouse(action);
        }
        if let Action::Paste(text) = action {
            return self.paste(text);
        }
        match self.layers.pop() {
            Some(layer) => self.layer_key(layer, action),
            None if self.filter_input.is_some() && self.focus == Pane::Log => {
                self.log_filter_key(action);
                Vec::new()
            }
            None if self.filter_input.is_some() => self.filter_key(action),
            None => self.normal(action),
        }
    }

    /// Keys on the panes, no layer open.
    fn normal(&mut self, action: Action) -> Vec<ApiCommand> {
        let page = self.page_rows() as isize;
        if self.focus == Pane::Log
            && let Some(cmds) = self.log_key(&action)
        {
            return cmds;
        }
        if let Some(cmds) = self.query_key(&action) {
            return cmds;
        }
        match action {
            Action::Quit => return self.interrupt(false),
            Action::Help => self.layers.push(Layer::Help(Box::default())),
            Action::Journal => return self.open_journal(),
            Action::RecycleBin => return self.open_bin(),
            Action::Detail => return self.open_detail(),
            Action::Preview => self.toggle_preview(),
            Action::Undo | Action::Resume => return self.undo_or_resume_logged(action),
            Action::Up => return self.move_cursor(-1),
            Action::Down => return self.move_cursor(1),
            Action::PageUp => return self.move_cursor(-page),
            Action::PageDown => return self.move_cursor(page),
            Action::First => return self.move_cursor(isize::MIN / 2),
            Action::Last => return self.last_row(),
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
                    if let Some(t) = self.panes.table_mut(self.focus) {
                        t.toggle_focused();
                    }
                    return self.move_cursor(1);
                }
                self.message = Some("Select rows in Records or Related records".into());
            }
            Action::SelectAll => {
                if matches!(self.focus, Pane::Records | Pane::Related) {
                    if let Some(t) = self.panes.table_mut(self.focus) {
                        t.toggle_all();
                    }
                } else {
                    self.message = Some("Select rows in Records or Related records".into());
                }
            }
            Action::Filter => {
                if let Some(t) = self.panes.table(self.focus) {
                    let current = t.filter.clone();
                    self.filter_input = Some((Input::new(current.clone()), current));
                }
            }
            Action::Remove => self.ask_removal(),
            Action::Copy => self.copy_id(),
            Action::CopyMenu => self.open_copy_menu(),
            Action::OpenUrl => return self.show_web_url(),
            Action::ExternalForm => {
                let module = self.panes.records.module().map(|m| m.api_name.clone());
                self.layers
                    .push(Layer::Form(Box::new(ExternalForm::new(module.as_deref()))));
            }
            Action::ToggleWorkflow => {
                self.wf_trigger = !self.wf_trigger;
                self.message = Some(format!(
                    "Workflow triggers {} for record deletes",
                    if self.wf_trigger { "on" } else { "off" }
                ));
            }
            Action::Reload => return self.reload(self.focus),
            Action::Sort => return self.sort(false),
            Action::SortFlip => return self.sort(true),
            Action::Retry | Action::FailuresOnly => {
                self.message = Some("x and f act on the log: focus it (Tab)".into())
            }
            _ => {}
        }
        Vec::new()
    }

    /// Rows the focused pane shows at once (what `PgUp` / `PgDn` move), from the screen's size
    /// and the layout's shares: the panes take what the status line, the log and the footer
    /// leave; Related lists 40% of the right side, Related records the rest.
    pub fn page_rows(&self) -> usize {
        let Some((w, h)) = self.layers.size() else {
            return 10;
        };
        let at = crate::ui::layout::areas(
            ratatui::layout::Rect::new(0, 0, w, h),
            self.focus,
            self.preview_shown(),
        );
        let rows = at.rows(self.focus).height;
        usize::from(rows.max(1))
    }

    /// What is loading right now, for the status line.
    pub fn loading_label(&self) -> Option<&str> {
        self.requests.latest()
    }
}

#[cfg(test)]
pub(crate) mod tests;
