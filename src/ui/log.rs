//! The log pane: one line per removal, expanded to one line per id.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{theme, window_start};
use crate::app::log::{EntryState, LogEntry, LogLine};
use crate::app::{App, Pane};
use crate::zoho::IdOutcome;

pub fn entry_text(e: &LogEntry) -> String {
    let mut state = match &e.state {
        EntryState::Running { done, total } if e.stopping => {
            format!("stopping at {done}/{total}: no new call goes out")
        }
        EntryState::Running { done, total } => match e.notes.last() {
            Some(note) => format!("running {done}/{total} · {note}"),
            None => format!("running {done}/{total}"),
        },
        EntryState::Done {
            removed,
            failed,
            not_attempted,
        } => {
            let mut s = format!("✓ {removed} ok  ✗ {failed} failed");
            if *not_attempted > 0 {
                s.push_str(&format!("  – {not_attempted} not attempted"));
            }
            s
        }
        EntryState::Error { message, .. } => format!("✗ refused: {message}"),
        EntryState::Said(text) => {
            let arrow = if e.expanded { "▾" } else { "▸" };
            return format!("{arrow} {} {text}", e.time);
        }
    };
    if !matches!(e.state, EntryState::Running { .. }) && !e.notes.is_empty() {
        state.push_str(&format!("  ({} retried)", e.notes.len()));
    }
    let arrow = if e.expanded { "▾" } else { "▸" };
    format!("{arrow} {} {} {}  {state}", e.time, e.operation, e.target)
}

/// One id's line: the record's name next to its id where the confirm dialog knew it.
pub fn outcome_text(o: &IdOutcome, name: Option<&str>) -> String {
    let who = match name.filter(|n| !n.is_empty()) {
        Some(n) => format!("{n} ({})", o.id()),
        None => o.id().to_string(),
    };
    match o {
        IdOutcome::Removed { message, .. } => format!("    ✓ {who} SUCCESS {message}"),
        IdOutcome::Failed {
            code,
            message,
            hint,
            ..
        } => format!("    ✗ {who} {code} {message} — {hint}"),
        IdOutcome::NotAttempted { reason, .. } => format!("    - {who} NOT_SENT {reason}"),
    }
}

fn title(app: &App) -> String {
    let log = &app.panes.log;
    let mut t = format!(
        " Log ({}) · {} ",
        log.entries.len(),
        super::journal::zone_label()
    );
    if log.failures_only {
        t.push_str("· failures only (f) ");
    }
    if !log.filter.is_empty() {
        t.push_str(&format!("· /{} ", log.filter));
    }
    t
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Log;
    let block = Block::bordered()
        .title(title(app))
        .border_style(theme::border(app, focused));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let lines = app.panes.log.lines();
    if lines.is_empty() {
        let empty = if app.panes.log.entries.is_empty() {
            "Removals and their results appear here"
        } else if app.panes.log.failures_only && app.panes.log.filter.is_empty() {
            "No failures (f shows everything)"
        } else {
            "No log line matches the filter (Esc clears it)"
        };
        f.render_widget(Paragraph::new(empty).style(theme::dim(app)), inner);
        return;
    }
    let h = inner.height as usize;
    let start = window_start(app.panes.log.cursor, h);
    let out: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(start)
        .take(h)
        .map(|(pos, line)| {
            let (text, style) = match *line {
                LogLine::Entry(i) => {
                    let e = &app.panes.log.entries[i];
                    let style = match e.state {
                        EntryState::Done {
                            failed: 0,
                            not_attempted: 0,
                            ..
                        } => theme::ok(app),
                        EntryState::Running { .. } => theme::warn(app),
                        EntryState::Said(_) => theme::ok(app),
                        _ => theme::failed(app),
                    };
                    (entry_text(e), style)
                }
                LogLine::Note(i, j) => {
                    let note = app.panes.log.entries[i]
                        .notes
                        .get(j)
                        .cloned()
                        .unwrap_or_default();
                    (format!("    ↻ {note}"), theme::warn(app))
                }
                LogLine::Outcome(i, j) => {
                    let e = &app.panes.log.entries[i];
                    match (e.outcomes.get(j), &e.state) {
                        (Some(o), _) => {
                            let style = if o.is_removed() {
                                theme::ok(app)
                            } else {
                                theme::failed(app)
                            };
                            (outcome_text(o, e.name_of(o.id())), style)
                        }
                        (None, EntryState::Error { hint, .. }) => {
                            (format!("    {hint}"), theme::failed(app))
                        }
                        _ => (String::new(), theme::dim(app)),
                    }
                }
            };
            let mut style = style;
            if focused && pos == app.panes.log.cursor {
                style = style.patch(theme::cursor(app, true));
            }
            Line::from(Span::raw(text)).style(style)
        })
        .collect();
    f.render_widget(Paragraph::new(out), inner);
}
