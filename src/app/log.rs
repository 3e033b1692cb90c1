//! The log pane's entries: one per removal, expandable to one line per id.

use crate::api_task::ReqId;
use crate::zoho::IdOutcome;

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
        }
    }

    /// Detail lines shown when expanded: the notes first, then one per id.
    pub fn detail_count(&self) -> usize {
        self.notes.len() + self.outcomes.len()
    }
}

/// Newest entry first, so the latest result is visible without scrolling.
#[derive(Clone, Debug, Default)]
pub struct Log {
    pub entries: Vec<LogEntry>,
    /// Index into `lines()`.
    pub cursor: usize,
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
        let mut out = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            out.push(LogLine::Entry(i));
            if e.expanded {
                out.extend((0..e.notes.len()).map(|j| LogLine::Note(i, j)));
                out.extend((0..e.outcomes.len()).map(|j| LogLine::Outcome(i, j)));
                if let EntryState::Error { .. } = e.state {
                    // The error itself is the one detail line.
                    out.push(LogLine::Outcome(i, usize::MAX));
                }
            }
        }
        out
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
        match *self.lines().get(self.cursor)? {
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
