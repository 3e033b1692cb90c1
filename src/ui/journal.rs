//! The journal view: the recorded operations loaded so far, newest first, or one operation's
//! ids and fates.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{fit, theme, window_start};
use crate::app::App;
use crate::app::journal_view::{JournalView, describe};
use crate::journal;
use crate::journal::org::unavailable_reason;
use crate::journal::{Fate, OpState, OperationRecord, OperationSummary};
use crate::zoho::Record;

/// The zone every time on screen is shown in (the log's too): the local one, labelled.
pub fn zone_label() -> String {
    chrono::Local::now().format("UTC%:z").to_string()
}

/// A journal time (RFC 3339, UTC) in the local zone: `2026-11-23 10:58:12`, or `11-23
/// 10:58:12` when not `long`; as written when it cannot be read.
pub fn local_time(rfc3339: &str, long: bool) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => t
            .with_timezone(&chrono::Local)
            .format(if long {
                "%Y-%m-%d %H:%M:%S"
            } else {
                "%m-%d %H:%M:%S"
            })
            .to_string(),
        Err(_) => journal::short_time(rfc3339),
    }
}

/// Count columns: removed, failed, not attempted, unknown.
const COUNTS: [&str; 4] = ["ok", "err", "n/a", "?"];
const COUNT_W: usize = 4;
/// "2026-11-23 10:58:12" on very wide screens, "11-23 10:58:12" on others.
fn time_w(w: usize) -> usize {
    if very_wide(w) { 19 } else { 14 }
}
const STATE_W: usize = 11;
/// Very wide screens also show the operation id (the detail view always does).
const ID_W: usize = 22;
/// The profile, and the org (API domain) from 110 columns: which org an entry belongs to. At
/// most this wide; narrower when every entry's text is.
fn org_cap(w: usize) -> usize {
    if very_wide(w) {
        40
    } else if wide(w) {
        30
    } else {
        14
    }
}

/// Room for the full date.
fn wide(w: usize) -> bool {
    w >= 110
}

/// Room for the id and the profile besides a whole operation description.
fn very_wide(w: usize) -> bool {
    w >= 150
}

/// One listing row (also the header, given the header's texts).
#[allow(clippy::too_many_arguments)]
fn row(
    w: usize,
    org_w: usize,
    time: &str,
    id: &str,
    org: &str,
    op: &str,
    counts: [String; 4],
    state: &str,
) -> String {
    let fixed = time_w(w) + 1 + org_w + 1 + COUNT_W * 4 + 1 + STATE_W;
    let extra = if very_wide(w) { ID_W + 1 } else { 0 };
    let op_w = w.saturating_sub(fixed + extra + 1);
    let mut out = fit(time, time_w(w));
    out.push(' ');
    if very_wide(w) {
        out.push_str(&fit(id, ID_W));
        out.push(' ');
    }
    out.push_str(&fit(org, org_w));
    out.push(' ');
    out.push_str(&fit(op, op_w));
    out.push(' ');
    for c in counts {
        out.push_str(&format!("{c:>width$}", width = COUNT_W));
    }
    out.push(' ');
    out.push_str(&fit(state, STATE_W));
    out
}

/// The profile and org of an entry; for another org's (or a gone sandbox's), why `u` / `R`
/// are unavailable. `here`: the API domain this session is connected to.
pub fn org_text(w: usize, s: &OperationSummary, here: &str) -> String {
    let why = unavailable_reason(&s.profile, &s.api_domain, here);
    match (wide(w), why) {
        (true, None) => format!("{} @ {}", s.profile, super::host(&s.api_domain)),
        (true, Some(_)) => format!("⊘ {} @ {}", s.profile, super::host(&s.api_domain)),
        (false, None) => s.profile.clone(),
        (false, Some(why)) => {
            let short = if why.ends_with("gone") {
                "gone"
            } else {
                "other"
            };
            format!("{} ⊘{short}", s.profile)
        }
    }
}

pub fn summary_row(w: usize, org_w: usize, s: &OperationSummary, here: &str) -> String {
    row(
        w,
        org_w,
        &if very_wide(w) {
            local_time(&s.time, true)
        } else {
            local_time(&s.time, false)
        },
        &s.id,
        &org_text(w, s, here),
        &describe(s),
        [s.removed, s.failed, s.not_attempted, s.unknown].map(|n| n.to_string()),
        s.state_word(),
    )
}

fn state_style(app: &App, s: &OperationSummary) -> Style {
    match s.state {
        OpState::Finished if s.failed == 0 && s.unknown == 0 && s.not_attempted == 0 => {
            theme::ok(app)
        }
        OpState::Finished => theme::failed(app),
        OpState::Running | OpState::Stopped => theme::warn(app),
    }
}

pub fn render(app: &App, v: &JournalView, f: &mut Frame, area: Rect) {
    f.render_widget(Clear, area);
    let title = match &v.detail {
        Some(d) => format!(" Journal › {} ", d.summary.id),
        None if v.older > 0 => format!(
            " Journal ({} of {}) · {} ",
            crate::numbers::thousands(v.ops.len() as u64),
            crate::numbers::thousands(v.total() as u64),
            zone_label()
        ),
        None => format!(" Journal ({}) · {} ", v.ops.len(), zone_label()),
    };
    let Some(inner) = super::framed(
        app,
        f,
        area,
        vec![Span::raw(title)],
        v.loading.is_some() || v.more.is_some(),
        true,
        v.error.as_deref(),
    ) else {
        return;
    };
    match &v.detail {
        Some(d) => detail(app, d, v.detail_scroll, f, inner),
        None => listing(app, v, f, inner),
    }
}

fn listing(app: &App, v: &JournalView, f: &mut Frame, area: Rect) {
    let w = area.width as usize;
    if v.ops.is_empty() {
        let msg = if v.loading.is_some() {
            "reading the journal…"
        } else {
            "No operation recorded yet: every removal is journaled here before it is sent"
        };
        f.render_widget(
            Paragraph::new(msg)
                .style(theme::dim(app))
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    // The focused entry of another org says why u / R are unavailable, under the list.
    let refused = v.focused().and_then(|s| {
        journal::same_org(&s.id, &s.profile, &s.api_domain, &app.org)
            .err()
            .map(|why| format!("u / R unavailable: {why}"))
    });
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(u16::from(refused.is_some())),
    ])
    .areas(area);
    if let Some(why) = refused {
        f.render_widget(Paragraph::new(fit(&why, w)).style(theme::warn(app)), foot);
    }
    let org_header = if wide(w) { "Profile @ org" } else { "Profile" };
    // Measured over the rows on screen only: the journal may hold thousands of operations.
    let window = window_start(v.cursor, area.height.saturating_sub(2) as usize);
    let org_w = v
        .ops
        .iter()
        .skip(window)
        .take(area.height as usize)
        .map(|s| super::width(&org_text(w, s, &app.org)))
        .chain([org_header.len()])
        .max()
        .unwrap_or(0)
        .min(org_cap(w));
    let header = row(
        w,
        org_w,
        "Time",
        "Id",
        org_header,
        "Operation",
        COUNTS.map(str::to_string),
        "State",
    );
    f.render_widget(
        Paragraph::new(header).style(Style::new().add_modifier(Modifier::BOLD)),
        head,
    );
    let h = body.height as usize;
    let start = window_start(v.cursor, h);
    let lines: Vec<Line> = v
        .ops
        .iter()
        .enumerate()
        .skip(start)
        .take(h)
        .map(|(i, s)| {
            let mut style = state_style(app, s);
            if unavailable_reason(&s.profile, &s.api_domain, &app.org).is_some() {
                style = theme::dim(app);
            }
            if i == v.cursor {
                style = style.patch(theme::cursor(app, true));
            }
            Line::from(summary_row(w, org_w, s, &app.org)).style(style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), body);
}

/// "✓ 4150868000000224001  Christopher Brown  record deleted".
pub fn fate_text(id: &str, name: Option<&str>, fate: &Fate) -> String {
    let name = name
        .filter(|n| *n != id)
        .map(|n| format!("  {n}"))
        .unwrap_or_default();
    match fate {
        Fate::Removed { message } => format!("✓ {id}{name}  {message}"),
        Fate::Failed {
            code,
            message,
            hint,
        } => format!("✗ {id}{name}  {code} {message} — {hint}"),
        Fate::NotAttempted { reason } => format!("– {id}{name}  not attempted: {reason}"),
        Fate::Unknown => format!("? {id}{name}  unknown: sent, no answer recorded (R checks)"),
    }
}

fn detail(app: &App, d: &OperationRecord, scroll: usize, f: &mut Frame, area: Rect) {
    let s = &d.summary;
    let mut head = vec![
        Line::from(Span::styled(
            format!("{} · {}", describe(s), s.state_word()),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(format!(
            "{} UTC · profile {} @ {} · {} ids: {} removed, {} failed, {} not attempted, {} unknown",
            local_time(&s.time, true),
            s.profile,
            super::host(&s.api_domain),
            s.total,
            s.removed,
            s.failed,
            s.not_attempted,
            s.unknown
        )),
    ];
    match s.undo_of.as_deref() {
        Some(journal::undo::FROM_RECYCLE_BIN) => {
            head.push(Line::from("Restored from the Recycle Bin view (B)"))
        }
        Some(of) => head.push(Line::from(format!("Undo of operation {of}"))),
        None => {}
    }
    if let Err(why) = journal::same_org(&s.id, &s.profile, &s.api_domain, &app.org) {
        head.push(Line::from(Span::styled(
            format!("u / R unavailable: {why}"),
            theme::warn(app),
        )));
    }
    head.push(Line::from(Span::styled(
        format!("Before-images: zcrm-tui journal export {}", s.id),
        theme::dim(app),
    )));
    let [head_area, list_area] = Layout::vertical([
        Constraint::Length(head.len() as u16 + 1),
        Constraint::Fill(1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(head).wrap(Wrap { trim: true }), head_area);

    let names: std::collections::HashMap<String, String> = d
        .before
        .iter()
        .filter_map(|v| {
            let fields = v.as_object()?;
            let id = fields.get("id")?.as_str()?.to_string();
            let name = Record {
                id: id.clone(),
                fields: fields.clone(),
            }
            .display_name();
            Some((id, name))
        })
        .collect();
    let h = list_area.height as usize;
    let w = list_area.width as usize;
    let start = scroll.min(d.fates.len().saturating_sub(h.max(1)));
    let lines: Vec<Line> = d
        .fates
        .iter()
        .skip(start)
        .take(h)
        .map(|(id, fate)| {
            let style = match fate {
                Fate::Removed { .. } => theme::ok(app),
                Fate::Failed { .. } => theme::failed(app),
                Fate::NotAttempted { .. } | Fate::Unknown => theme::warn(app),
            };
            let text = fate_text(id, names.get(id).map(String::as_str), fate);
            Line::from(fit(&text, w)).style(style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), list_area);
}
