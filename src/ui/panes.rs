//! The four browsing panes: Modules, Records, Related lists, Related records.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{fit, theme, window_start};
use crate::app::table::Table;
use crate::app::{App, Pane, Source};
use crate::zoho::LockState;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let [modules, records, right] = Layout::horizontal([
        Constraint::Length(18),
        Constraint::Fill(3),
        Constraint::Fill(2),
    ])
    .areas(area);
    let [lists, related] =
        Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(right);

    pane(
        app,
        f,
        modules,
        Pane::Modules,
        "Modules".into(),
        &app.panes.modules.table,
        false,
    );
    let records_title = match &app.panes.records.source {
        Some(Source::Module(m)) => m.plural_label.clone(),
        Some(Source::ContactRoles) => "Contact Roles".into(),
        None => "Records".into(),
    };
    pane(
        app,
        f,
        records,
        Pane::Records,
        records_title,
        &app.panes.records.table,
        true,
    );
    let lists_title = match &app.panes.lists.of {
        Some(r) => format!("Related to {}", r.name),
        None => "Related lists".into(),
    };
    pane(
        app,
        f,
        lists,
        Pane::RelatedLists,
        lists_title,
        &app.panes.lists.table,
        false,
    );
    let related_title = match &app.panes.related.of {
        Some((_, l)) => l.display_label.clone(),
        None => "Related records".into(),
    };
    pane(
        app,
        f,
        related,
        Pane::Related,
        related_title,
        &app.panes.related.table,
        true,
    );
}

/// "(400)" when complete, "(200+)" while the server has more; with the cursor's position in
/// the record panes ("(200/400)"), so `G` shows where it landed.
fn count(t: &Table, position: bool) -> String {
    let n = t.visible_len();
    let more = if t.next.is_some() { "+" } else { "" };
    if position && n > 0 {
        format!("{}/{n}{more}", t.cursor + 1)
    } else {
        format!("{n}{more}")
    }
}

fn pane(app: &App, f: &mut Frame, area: Rect, which: Pane, title: String, t: &Table, marks: bool) {
    let focused = app.focus == which;
    let mut spans = vec![Span::raw(format!(" {title} ({}) ", count(t, marks)))];
    if !t.filter.is_empty() {
        let how = if t.server_filter { "search" } else { "filter" };
        spans.push(Span::styled(
            format!("{how}: {} ", t.filter),
            theme::warn(app),
        ));
    }
    if !t.selected.is_empty() {
        spans.push(Span::styled(
            format!("{} sel ", t.selected.len()),
            theme::selected(app),
        ));
    }
    if !t.removing.is_empty() {
        spans.push(Span::styled(
            format!("{} removing ", t.removing.len()),
            theme::dim(app),
        ));
    }
    let Some(inner) = super::framed(
        app,
        f,
        area,
        spans,
        t.loading.is_some(),
        focused,
        t.error.as_deref(),
    ) else {
        return;
    };
    let vis = t.visible();
    if vis.is_empty() {
        let msg = if t.loading.is_some() {
            "loading… (Esc abandons)"
        } else if !t.filter.is_empty() {
            "no match"
        } else {
            match which {
                Pane::Modules => "",
                Pane::Records => "Enter on a module",
                Pane::RelatedLists => "Enter on a record",
                Pane::Related => "Enter on a related list",
                Pane::Log => "",
            }
        };
        f.render_widget(Paragraph::new(msg).style(theme::dim(app)), inner);
        return;
    }
    let h = inner.height as usize;
    let w = inner.width as usize;
    let start = window_start(t.cursor, h);
    let lines: Vec<Line> = vis
        .iter()
        .enumerate()
        .skip(start)
        .take(h)
        .map(|(pos, &i)| {
            let row = &t.rows[i];
            let sel = t.selected.contains_key(&row.id);
            let removing = t.removing.contains(&row.id);
            let failed = t.failed.get(&row.id);
            let mark: String = match (marks, removing, sel) {
                (false, _, _) => String::new(),
                (true, true, _) => {
                    format!("{} ", super::SPINNER[app.spinner % super::SPINNER.len()])
                }
                (true, false, true) => "● ".into(),
                (true, false, false) => "  ".into(),
            };
            let mut rest = w.saturating_sub(super::width(&mark));
            let tail = match (failed, &row.lock) {
                (Some(c), _) => format!(" ✗{c}"),
                (None, Some(LockState::Locked)) => " ⊘locked".to_string(),
                (None, Some(LockState::AwaitingApproval(_))) => " ⊘approval".to_string(),
                (None, None) => String::new(),
            };
            rest = rest.saturating_sub(super::width(&tail));
            let text = if which == Pane::Modules {
                fit(&row.name, rest)
            } else if rest >= 70 {
                // Ids are never cut: an unusually long one takes room from the name.
                let idw = super::width(&row.id).max(20);
                format!(
                    "{} {} {}",
                    fit(&row.name, rest.saturating_sub(idw + 32)),
                    fit(&row.detail, 30),
                    fit(&row.id, idw)
                )
            } else if rest >= 40 {
                let idw = super::width(&row.id).max(19);
                format!(
                    "{} {}",
                    fit(&row.name, rest.saturating_sub(idw + 1)),
                    fit(&row.id, idw)
                )
            } else {
                fit(&row.name, rest)
            };
            let mut style = ratatui::style::Style::new();
            if sel {
                style = theme::selected(app);
            }
            if failed.is_some() {
                style = theme::failed(app);
            } else if row.lock.is_some() {
                style = style.patch(theme::warn(app));
            }
            if removing {
                style = theme::dim(app);
            }
            if pos == t.cursor {
                style = style.patch(theme::cursor(app, focused));
            }
            Line::from(vec![Span::raw(mark), Span::raw(text), Span::raw(tail)]).style(style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
