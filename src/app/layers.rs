//! What is on screen above the panes: dialogs and popups on one stack. The same function,
//! [`App::top`](super::App::top), tells the renderer what to draw on top and the key router who
//! gets a key; the "terminal too small" screen is itself the top while it shows, so nothing under
//! it can be confirmed blind.

use super::bin_view::BinView;
use super::confirm::ConfirmDialog;
use super::connection::ConnectionError;
use super::copy::CopyMenu;
use super::detail::DetailView;
use super::form::ExternalForm;
use super::journal_view::JournalView;
use super::log_view::LineView;
use super::palette::Palette;
use super::paste::PendingLookup;
use super::plan_prompt::PlanPrompt;
use super::query_line::QueryLine;
use super::stop::StopDialog;
use super::views::ViewsList;

/// Below this the layout cannot hold four panes, a log and the dialogs.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

/// Rows of the Log pane (borders included) on a screen `height` rows high.
pub fn log_height(height: u16) -> u16 {
    if height >= 30 { 10 } else { 6 }
}

pub enum Layer {
    /// Every key, searchable; `Enter` runs the chosen one.
    Help(Box<Palette>),
    Confirm(Box<ConfirmDialog>),
    Form(Box<ExternalForm>),
    /// Asked by `Ctrl-C` / `q` while a removal runs.
    Stop(StopDialog),
    Journal(Box<JournalView>),
    /// `v`: one record's every field.
    Detail(Box<DetailView>),
    /// Something the admin must read (e.g. why an operation cannot be undone); any key closes.
    Notice(Notice),
    /// `Enter` on a log line: it whole.
    LogLine(Box<LineView>),
    /// A start-up or connection error, whole; `r` retries.
    Connection(Box<ConnectionError>),
    /// `B`: the Recycle Bin.
    Bin(Box<BinView>),
    /// Pasted ids that are not loaded: `Enter` looks them up.
    Lookup(Box<PendingLookup>),
    /// `Y`: what to copy.
    Copy(Box<CopyMenu>),
    /// `o`: the record's web URL, to copy (`y`) or select.
    Link(String),
    /// `:` in Records: the query line, in the footer.
    Query(Box<QueryLine>),
    /// `V` in Records: the module's custom views.
    Views(Box<ViewsList>),
    /// `P` in a record delete's confirm dialog: where to write its plan (the dialog inside).
    PlanPrompt(Box<PlanPrompt>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub title: String,
    pub lines: Vec<String>,
}

/// Who is on top: what is drawn last and what receives keys.
pub enum Top<'a> {
    TooSmall { width: u16, height: u16 },
    Layer(&'a Layer),
    Panes,
}

#[derive(Default)]
pub struct Layers {
    stack: Vec<Layer>,
    /// The terminal's size, once known (the runner tells it before every frame and on resize).
    size: Option<(u16, u16)>,
}

impl Layers {
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Some((width, height));
    }

    pub fn size(&self) -> Option<(u16, u16)> {
        self.size
    }

    pub fn too_small(&self) -> Option<(u16, u16)> {
        self.size.filter(|&(w, h)| w < MIN_WIDTH || h < MIN_HEIGHT)
    }

    pub fn top(&self) -> Top<'_> {
        if let Some((width, height)) = self.too_small() {
            return Top::TooSmall { width, height };
        }
        match self.stack.last() {
            Some(l) => Top::Layer(l),
            None => Top::Panes,
        }
    }

    pub fn last(&self) -> Option<&Layer> {
        self.stack.last()
    }

    pub fn last_mut(&mut self) -> Option<&mut Layer> {
        self.stack.last_mut()
    }

    /// Bottom-up, as drawn.
    pub fn iter(&self) -> impl Iterator<Item = &Layer> {
        self.stack.iter()
    }

    pub fn push(&mut self, layer: Layer) {
        self.stack.push(layer);
    }

    pub fn pop(&mut self) -> Option<Layer> {
        self.stack.pop()
    }

    /// Opens `layer` in the journal view's place when the view is on top (its undo or resume
    /// answer turns it into that dialog), else above what is there.
    pub fn replace_top_journal(&mut self, layer: Layer) {
        if matches!(self.stack.last(), Some(Layer::Journal(_))) {
            self.stack.pop();
        }
        self.stack.push(layer);
    }

    /// Closes every layer `is` matches (e.g. a stop dialog once nothing is left to stop).
    pub fn close(&mut self, is: impl Fn(&Layer) -> bool) {
        self.stack.retain(|l| !is(l));
    }

    pub fn any(&self, is: impl Fn(&Layer) -> bool) -> bool {
        self.stack.iter().any(is)
    }

    /// The connection error popup, wherever it is in the stack.
    pub fn connection_mut(&mut self) -> Option<&mut ConnectionError> {
        self.stack.iter_mut().find_map(|l| match l {
            Layer::Connection(c) => Some(c.as_mut()),
            _ => None,
        })
    }

    /// The custom views list, wherever it is in the stack.
    pub fn views_mut(&mut self) -> Option<&mut ViewsList> {
        self.stack.iter_mut().rev().find_map(|l| match l {
            Layer::Views(v) => Some(v.as_mut()),
            _ => None,
        })
    }

    /// The plan prompt writing request `req`, wherever it is in the stack (a connection
    /// error may have opened above it).
    pub fn plan_prompt_mut(&mut self, req: crate::api_task::ReqId) -> Option<&mut PlanPrompt> {
        self.stack.iter_mut().rev().find_map(|l| match l {
            Layer::PlanPrompt(p) if p.writing == Some(req) => Some(p.as_mut()),
            _ => None,
        })
    }

    /// The Recycle Bin view, wherever it is in the stack (a confirm dialog may be over it).
    pub fn bin_mut(&mut self) -> Option<&mut BinView> {
        self.stack.iter_mut().rev().find_map(|l| match l {
            Layer::Bin(v) => Some(v.as_mut()),
            _ => None,
        })
    }

    /// The journal view, if it is on top.
    pub fn journal_mut(&mut self) -> Option<&mut JournalView> {
        match self.stack.last_mut() {
            Some(Layer::Journal(v)) => Some(v),
            _ => None,
        }
    }
}
