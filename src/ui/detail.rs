//! The record detail popup: label: value for every field, wrapped, scrollable, `/` finds one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{centered, fit, theme};
use crate::app::App;
use crate::app::detail::DetailView;

/// Labels take at most this many columns; longer ones are shortened.
const LABEL_W: usize = 22;

pub fn render(app: &App, v: &DetailView, f: &mut Frame, area: Rect) {
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2),
    );
    f.render_widget(Clear, rect);
    let title = vec![Span::raw(format!(" {} · {} ({}) ", v.label, v.name, v.id))];
    let Some(inner) = super::framed(
        app,
        f,
        rect,
        title,
        v.loading.is_some(),
        true,
        v.error.as_deref(),
    ) else {
        return;
    };
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let lines = v.lines();
    let state = match (&v.record, v.lock()) {
        _ if v.loading.is_some() => Span::styled("loading… (Esc abandons)", theme::dim(app)),
        (None, _) if v.gone => Span::styled(
            "This record is not there any more (deleted, or merged): r reloads the list",
            theme::warn(app),
        ),
        (Some(_), Some(lock)) => Span::styled(
            format!(
                "⊘ {}: a delete would fail ({})",
                lock.describe(),
                lock.error_code()
            ),
            theme::warn(app),
        ),
        (Some(_), None) => Span::styled(
            format!("{} fields with a value", lines.len()),
            theme::dim(app),
        ),
        (None, _) => Span::raw(""),
    };
    let web = match (&v.web_url, v.record.is_some()) {
        (Some(url), _) => Line::from(vec![
            Span::styled("Web  ", Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(url.clone()),
        ]),
        (None, true) => Line::from(Span::styled(
            "Web  no Zoho web UI behind this connection (a sandbox or a proxy)",
            theme::dim(app),
        )),
        (None, false) => Line::from(""),
    };
    f.render_widget(
        Paragraph::new(vec![Line::from(state), web, related_line(app, v)]),
        head,
    );

    let text = field_lines(&lines);
    let scroll = u16::try_from(v.scroll).unwrap_or(u16::MAX);
    f.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        body,
    );

    let footer = match &v.find {
        Some(input) => Line::from(vec![
            Span::raw("find: "),
            Span::styled(input.value().to_string(), theme::warn(app)),
        ]),
        None if !v.query.is_empty() => Line::from(Span::styled(
            format!("find: {} · Esc clears · / changes", v.query),
            theme::dim(app),
        )),
        None => Line::from(Span::styled(
            "↑↓ PgUp PgDn scroll · / find a field · Esc closes",
            theme::dim(app),
        )),
    };
    f.render_widget(Paragraph::new(footer), foot);
    if let Some(input) = &v.find {
        let x = foot.x + 6 + input.visual_cursor() as u16;
        f.set_cursor_position(Position::new(x.min(foot.right().saturating_sub(1)), foot.y));
    }
}

/// "Label  value" lines, the labels in one column (at most [`LABEL_W`] wide).
pub fn field_lines(lines: &[crate::app::detail::FieldLine]) -> Vec<Line<'static>> {
    let label_w = lines
        .iter()
        .map(|l| super::width(&l.label))
        .max()
        .unwrap_or(0)
        .min(LABEL_W);
    lines
        .iter()
        .map(|l| {
            Line::from(vec![
                Span::styled(
                    format!("{} ", fit(&l.label, label_w)),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(l.value.clone()),
            ])
        })
        .collect()
}

/// "Related  Campaigns 2 · Products 0 · Open Activities 200+": a count past one page is a floor.
fn related_line(app: &App, v: &DetailView) -> Line<'static> {
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let said = match &v.counts {
        _ if v.counts_loading.is_some() => {
            return Line::from(vec![
                Span::styled("Related  ", bold),
                Span::styled("counting…", theme::dim(app)),
            ]);
        }
        None => return Line::from(""),
        Some(Err(e)) => {
            return Line::from(vec![
                Span::styled("Related  ", bold),
                Span::styled(format!("not counted: {e}"), theme::dim(app)),
            ]);
        }
        Some(Ok(c)) if c.lists.is_empty() => {
            return Line::from(vec![
                Span::styled("Related  ", bold),
                Span::styled("this module has no related lists", theme::dim(app)),
            ]);
        }
        Some(Ok(c)) => c,
    };
    let mut parts: Vec<String> = said
        .lists
        .iter()
        .map(|l| format!("{} {}", l.label, l.tally.describe()))
        .collect();
    if said.not_read > 0 {
        parts.push(format!("{} more not counted", said.not_read));
    }
    Line::from(vec![
        Span::styled("Related  ", bold),
        Span::raw(parts.join(" · ")),
    ])
}
