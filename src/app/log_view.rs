//! The Log pane's own keys: `Enter` on an id's line opens it whole in a popup (code, message,
//! the full hint, the record's name and id), `f` shows failures only, `/` filters the lines,
//! `x` retries the failures (see `retry`).

use tui_input::Input;

use crate::action::Action;
use crate::api_task::ApiCommand;
use crate::zoho::IdOutcome;

use super::App;
use super::layers::Layer;
use super::log::{EntryState, LogEntry, LogLine};

/// One log line, whole: label and value rows, wrapped by the renderer, scrollable.
#[derive(Clone, Debug, PartialEq)]
pub struct LineView {
    /// "✗ RECORD_LOCKED · Chloe Müller".
    pub title: String,
    /// Whether it is a failure (drawn in the failure colour).
    pub failed: bool,
    pub rows: Vec<(String, String)>,
    /// Whether `x` can retry the operation's failures from here.
    pub retryable: bool,
    pub scroll: usize,
}

impl LineView {
    /// The popup for `line` of `entry` (an entry's own line has none: Enter expands it).
    pub fn of(entry: &LogEntry, line: LogLine) -> Option<Self> {
        let mut rows: Vec<(String, String)> = Vec::new();
        let (title, failed) = match line {
            LogLine::Entry(_) => return None,
            LogLine::Note(_, j) => {
                rows.push(("Note".into(), entry.notes.get(j)?.clone()));
                ("↻ retried".to_string(), false)
            }
            LogLine::Outcome(_, j) => match (entry.outcomes.get(j), &entry.state) {
                (Some(o), _) => outcome_rows(entry, o, &mut rows),
                (None, EntryState::Error { message, hint }) => {
                    rows.push((
                        "Outcome".into(),
                        "✗ refused before any id's result: nothing is known removed".into(),
                    ));
                    rows.push(("Message".into(), message.clone()));
                    rows.push(("Hint".into(), hint.clone()));
                    ("✗ refused".to_string(), true)
                }
                (None, _) => return None,
            },
        };
        rows.push((
            "Operation".into(),
            format!("{} {} {}", entry.time, entry.operation, entry.target),
        ));
        if let Some(op) = &entry.op_id {
            rows.push(("Journal".into(), op.clone()));
        }
        let retryable = entry.retry.is_some()
            && (matches!(entry.state, EntryState::Error { .. }) || !entry.retryable().is_empty());
        Some(Self {
            title,
            failed,
            rows,
            retryable,
            scroll: 0,
        })
    }

    fn scroll_by(&mut self, delta: isize) {
        // The renderer knows the wrapped height and stops at the end; this only bounds it.
        let max: usize = self
            .rows
            .iter()
            .map(|(_, v)| v.chars().count() / 20 + 1)
            .sum();
        self.scroll = (self.scroll as isize + delta).clamp(0, max as isize) as usize;
    }
}

fn outcome_rows(
    entry: &LogEntry,
    o: &IdOutcome,
    rows: &mut Vec<(String, String)>,
) -> (String, bool) {
    let name = entry.name_of(o.id()).filter(|n| !n.is_empty());
    if let Some(n) = name {
        rows.push(("Record".into(), n.to_string()));
    }
    rows.push(("Id".into(), o.id().to_string()));
    let (title, failed) = match o {
        IdOutcome::Removed { message, .. } => {
            rows.push(("Outcome".into(), "✓ removed".into()));
            rows.push(("Code".into(), "SUCCESS".into()));
            rows.push(("Message".into(), message.clone()));
            ("✓ SUCCESS".to_string(), false)
        }
        IdOutcome::Failed {
            code,
            message,
            details,
            hint,
            ..
        } => {
            rows.push(("Outcome".into(), "✗ failed".into()));
            rows.push(("Code".into(), code.clone()));
            rows.push(("Message".into(), message.clone()));
            rows.push(("Hint".into(), hint.clone()));
            let empty = details.is_null() || details.as_object().is_some_and(|d| d.is_empty());
            if !empty {
                rows.push(("Details".into(), details.to_string()));
            }
            (format!("✗ {code}"), true)
        }
        IdOutcome::NotAttempted { reason, .. } => {
            rows.push(("Outcome".into(), "– not sent".into()));
            rows.push(("Code".into(), "NOT_SENT".into()));
            rows.push(("Message".into(), reason.clone()));
            ("– NOT_SENT".to_string(), true)
        }
    };
    let title = match name {
        Some(n) => format!("{title} · {n}"),
        None => format!("{title} · {}", o.id()),
    };
    (title, failed)
}

impl App {
    /// A key on the focused Log pane, if the log has a meaning of its own for it.
    pub(super) fn log_key(&mut self, action: &Action) -> Option<Vec<ApiCommand>> {
        let log = &mut self.panes.log;
        match action {
            Action::Enter => {
                let line = log.focused_line()?;
                let view = log.focused_entry().and_then(|e| LineView::of(e, line))?;
                self.layers.push(Layer::LogLine(Box::new(view)));
            }
            Action::FailuresOnly => {
                log.failures_only = !log.failures_only;
                log.clamp();
                self.message = Some(if log.failures_only {
                    "Failures only: operations with failures, their failed ids (f: all)".into()
                } else {
                    "Every operation and id (f: failures only)".into()
                });
            }
            Action::Filter => {
                let current = log.filter.clone();
                self.filter_input = Some((Input::new(current.clone()), current));
            }
            Action::Esc if !log.filter.is_empty() => {
                log.filter.clear();
                log.clamp();
            }
            Action::Retry => self.ask_retry(),
            _ => return None,
        }
        Some(Vec::new())
    }

    /// A key for the line popup, taken off the stack; it goes back unless the key closed it.
    pub(super) fn line_view_key(&mut self, mut view: LineView, action: Action) {
        match action {
            Action::Esc | Action::Enter | Action::Quit => return,
            Action::Retry => return self.ask_retry(),
            Action::Up => view.scroll_by(-1),
            Action::Down => view.scroll_by(1),
            Action::PageUp => view.scroll_by(-10),
            Action::PageDown => view.scroll_by(10),
            Action::First => view.scroll = 0,
            Action::Last => view.scroll_by(isize::MAX / 2),
            _ => {}
        }
        self.layers.push(Layer::LogLine(Box::new(view)));
    }

    /// The log's filter being typed: the lines narrow as you type, Esc puts the old one back.
    pub(super) fn log_filter_key(&mut self, action: Action) {
        let Some((input, previous)) = self.filter_input.as_mut() else {
            return;
        };
        let log = &mut self.panes.log;
        let req = match action {
            Action::Esc => {
                log.filter = std::mem::take(previous);
                self.filter_input = None;
                log.clamp();
                return;
            }
            Action::Enter => {
                log.filter = input.value().trim().to_string();
                self.filter_input = None;
                log.clamp();
                return;
            }
            other => match other.edit() {
                Some(r) => r,
                None => return,
            },
        };
        input.handle(req);
        log.filter = input.value().to_string();
        log.clamp();
    }
}
