//! The log pane's entries: one per removal, expandable to one line per id (failures first),
//! narrowed by `f` (failures only) and `/` (a local filter).

use std::collections::HashMap;

use crate::api_task::ReqId;
use crate::zoho::{IdOutcome, Removal, client_codes};

use super::confirm::Origin;
use super::log_search::SearchCache;

#[derive(Clone, Debug, PartialEq)]
pub enum EntryState {
    Running {
        done: usize,
        total: usize,
    },
    Done {
        removed: usize,
        /// Sent and refused (not counting `not_attempted`).
        failed: usize,
        /// Never sent (stopped by the admin, or an earlier failure made the rest pointless).
        not_attempted: usize,
    },
    /// Not a removal: something done that the admin should find again (a plan written).
    Said(String),
    /// The whole operation was refused before any per-id result.
    Error {
        message: String,
        hint: String,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct LogEntry {
    pub req: ReqId,
    /// Formatted by the app's clock when the operation was confirmed.
    pub time: String,
    /// "Delete", "Delink".
    pub operation: String,
    /// "2 Leads", "3 Contacts from Campaign 'Spring Expo'".
    pub target: String,
    pub state: EntryState,
    pub outcomes: Vec<IdOutcome>,
    pub expanded: bool,
    /// The journal's id of the operation, once known: what `u` and `R` act on.
    pub op_id: Option<String>,
    /// What happened on the way, in words ("call 3 retried: HTTP 500 INTERNAL_ERROR").
    pub notes: Vec<String>,
    /// The admin asked to stop: no new call goes out.
    pub stopping: bool,
    /// Each id's name as the confirm dialog listed it: the outcomes carry only ids.
    pub names: HashMap<String, String>,
    /// What `x` sends again (with only the retryable ids) and where its rows live; `None` for an
    /// undo, which is planned again from the journal instead.
    pub retry: Option<(Removal, Origin)>,
    /// Each outcome's words, lowercase, for `/`.
    search: SearchCache,
}

impl LogEntry {
    /// A new entry, running, for removal `req` of `total` ids.
    pub fn running(req: ReqId, time: String, operation: &str, target: &str, total: usize) -> Self {
        Self {
            req,
            time,
            operation: operation.to_string(),
            target: target.to_string(),
            state: EntryState::Running { done: 0, total },
            outcomes: Vec::new(),
            expanded: false,
            op_id: None,
            notes: Vec::new(),
            stopping: false,
            names: HashMap::new(),
            retry: None,
            search: SearchCache::default(),
        }
    }

    /// Detail lines shown when expanded: the notes first, then one per id.
    pub fn detail_count(&self) -> usize {
        self.notes.len() + self.outcomes.len()
    }

    pub fn name_of(&self, id: &str) -> Option<&str> {
        self.names.get(id).map(String::as_str)
    }

    /// Ids `x` may send again: refused or never sent. Removed ones are gone, and an unknown
    /// outcome may have landed: only the admin, after checking in Zoho, can tell.
    pub fn retryable(&self) -> Vec<String> {
        self.outcomes
            .iter()
            .filter(|o| is_retryable(o))
            .map(|o| o.id().to_string())
            .collect()
    }

    fn has_failures(&self) -> bool {
        match self.state {
            EntryState::Running { .. } | EntryState::Said(_) => false,
            EntryState::Done {
                failed,
                not_attempted,
                ..
            } => failed + not_attempted > 0,
            EntryState::Error { .. } => true,
        }
    }

    fn header_matches(&self, q: &str) -> bool {
        let mut hay = format!("{} {} {}", self.time, self.operation, self.target);
        match &self.state {
            EntryState::Error { message, hint } => hay.push_str(&format!(" {message} {hint}")),
            EntryState::Said(text) => hay.push_str(&format!(" {text}")),
            _ => {}
        }
        hay.to_lowercase().contains(q)
    }

    fn outcome_matches(&self, j: usize, q: &str) -> bool {
        let key = (self.outcomes.len(), self.names.len());
        self.search.matches(key, &self.outcomes, j, q, |o| {
            let name = self.name_of(o.id()).unwrap_or_default();
            match o {
                IdOutcome::Removed { id, message } => format!("{id} {name} SUCCESS {message}"),
                IdOutcome::Failed {
                    id,
                    code,
                    message,
                    hint,
                    ..
                } => format!("{id} {name} {code} {message} {hint}"),
                IdOutcome::NotAttempted { id, reason } => format!("{id} {name} NOT_SENT {reason}"),
            }
        })
    }
}

pub fn is_retryable(o: &IdOutcome) -> bool {
    match o {
        IdOutcome::Removed { .. } => false,
        IdOutcome::Failed { code, .. } => code != client_codes::UNKNOWN_OUTCOME,
        IdOutcome::NotAttempted { .. } => true,
    }
}

/// Failures first: what the admin has to act on is at the top of an expanded entry.
fn rank(o: &IdOutcome) -> u8 {
    match o {
        IdOutcome::Failed { .. } => 0,
        IdOutcome::NotAttempted { .. } => 1,
        IdOutcome::Removed { .. } => 2,
    }
}

/// Newest entry first, so the latest result is visible without scrolling.
#[derive(Clone, Debug, Default)]
pub struct Log {
    pub entries: Vec<LogEntry>,
    /// Index into `lines()`.
    pub cursor: usize,
    /// `f`: only operations with failures, and of those only the ids that did not go.
    pub failures_only: bool,
    /// `/`: lines whose words contain this (any case); an entry stays while any of its lines do.
    pub filter: String,
}

/// One visible line of the log: an entry, a note of an expanded entry, or one of its ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogLine {
    Entry(usize),
    Note(usize, usize),
    Outcome(usize, usize),
}

impl Log {
    pub fn push(&mut self, entry: LogEntry) {
        self.entries.insert(0, entry);
        self.cursor = 0;
    }

    pub fn entry_mut(&mut self, req: ReqId) -> Option<&mut LogEntry> {
        self.entries.iter_mut().find(|e| e.req == req)
    }

    pub fn lines(&self) -> Vec<LogLine> {
        let q = self.filter.to_lowercase();
        let mut out = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            if self.failures_only && matches!(e.state, EntryState::Done { .. }) && !e.has_failures()
            {
                continue;
            }
            let whole = q.is_empty() || e.header_matches(&q);
            let shows = |j: &usize| {
                let o = &e.outcomes[*j];
                (!self.failures_only || !o.is_removed()) && (whole || e.outcome_matches(*j, &q))
            };
            let note_shows = |j: &usize| whole || e.notes[*j].to_lowercase().contains(&q);
            if !e.expanded {
                // Collapsed: only whether any line matches (a 10,000-id entry is drawn every
                // frame; its lines are not built for it).
                if whole
                    || (0..e.outcomes.len()).any(|j| shows(&j))
                    || (0..e.notes.len()).any(|j| note_shows(&j))
                {
                    out.push(LogLine::Entry(i));
                }
                continue;
            }
            let mut order: Vec<usize> = (0..e.outcomes.len()).filter(shows).collect();
            order.sort_by_key(|&j| rank(&e.outcomes[j]));
            let notes: Vec<usize> = (0..e.notes.len()).filter(note_shows).collect();
            if !whole && order.is_empty() && notes.is_empty() {
                continue;
            }
            out.push(LogLine::Entry(i));
            out.extend(notes.into_iter().map(|j| LogLine::Note(i, j)));
            out.extend(order.into_iter().map(|j| LogLine::Outcome(i, j)));
            if let EntryState::Error { .. } = e.state {
                // The error itself is the one detail line.
                out.push(LogLine::Outcome(i, usize::MAX));
            }
        }
        out
    }

    /// After the lines changed under it (a filter, `f`): the cursor stays on a line.
    pub fn clamp(&mut self) {
        let n = self.lines().len();
        self.cursor = self.cursor.min(n.saturating_sub(1));
    }

    /// The line under the cursor.
    pub fn focused_line(&self) -> Option<LogLine> {
        self.lines().get(self.cursor).copied()
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.lines().len();
        if n == 0 {
            self.cursor = 0;
            return;
        }
        self.cursor = (self.cursor as isize + delta).clamp(0, n as isize - 1) as usize;
    }

    pub fn last(&mut self) {
        self.cursor = self.lines().len().saturating_sub(1);
    }

    /// The entry the cursor is on (or whose detail line it is on).
    pub fn focused_entry(&self) -> Option<&LogEntry> {
        let i = self.focused_index()?;
        self.entries.get(i)
    }

    fn focused_index(&self) -> Option<usize> {
        match self.focused_line()? {
            LogLine::Entry(i) | LogLine::Note(i, _) | LogLine::Outcome(i, _) => Some(i),
        }
    }

    /// Enter: expands or collapses the entry under the cursor.
    pub fn toggle(&mut self) {
        let Some(i) = self.focused_index() else {
            return;
        };
        if let Some(e) = self.entries.get_mut(i) {
            e.expanded = !e.expanded;
        }
        // Keep the cursor on the entry line.
        self.cursor = self
            .lines()
            .iter()
            .position(|l| *l == LogLine::Entry(i))
            .unwrap_or(0);
    }
}
