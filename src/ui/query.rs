//! The query line (`:`, in the footer's place) and the custom views list (`V`).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, fit, theme, window_start};
use crate::app::App;
use crate::app::query_line::QueryLine;
use crate::app::views::ViewsList;

const LABEL: &str = "query: ";
/// What an empty line shows: both kinds of query, and the keys.
const PLACEHOLDER: &str =
    "Lead_Status = 'Junk Lead'  or  (Lead_Status:equals:Junk Lead) · ↑↓ history · Esc closes";

pub fn render_line(app: &App, line: &QueryLine, f: &mut Frame, area: Rect) {
    f.render_widget(Clear, area);
    let label_w = LABEL.len() as u16;
    let width = area.width.saturating_sub(label_w + 1) as usize;
    let input = &line.input;
    let scroll = input.visual_scroll(width);
    let value = if input.value().is_empty() {
        Span::styled(fit(PLACEHOLDER, width), theme::dim(app))
    } else {
        Span::raw(super::skip_columns(input.value(), scroll).to_string())
    };
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(LABEL, theme::key(app)),
            value,
        ])),
        area,
    );
    let x = area.x + label_w + (input.visual_cursor().saturating_sub(scroll)) as u16;
    f.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

pub fn render_views(app: &App, list: &ViewsList, f: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(60);
    let rows = list.views.len().clamp(1, 12) as u16;
    let rect = centered(area, width, rows + 4);
    f.render_widget(Clear, rect);
    let inner = usize::from(width.saturating_sub(2));
    let shown = usize::from(rows);
    let mut lines: Vec<Line> = if list.loading.is_some() {
        vec![Line::from(Span::styled(
            " loading… (Esc abandons)",
            theme::dim(app),
        ))]
    } else if let Some(err) = &list.error {
        vec![Line::from(Span::styled(
            fit(err, inner),
            theme::failed(app),
        ))]
    } else if list.views.is_empty() {
        vec![Line::from(Span::styled(
            " No custom views",
            theme::dim(app),
        ))]
    } else {
        let start = window_start(list.cursor, shown);
        list.views
            .iter()
            .enumerate()
            .skip(start)
            .take(shown)
            .map(|(i, v)| {
                let tag = match (v.default, v.system) {
                    (true, _) => "default",
                    (false, true) => "Zoho's",
                    _ => "",
                };
                let tag_w = 8;
                let name_w = inner.saturating_sub(tag_w + 1);
                let text = format!(" {}{}", fit(&v.name, name_w), fit(tag, tag_w));
                Line::from(Span::styled(text, theme::cursor(app, i == list.cursor)))
            })
            .collect()
    };
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        fit(" ↑↓ choose · Enter selects its records · Esc", inner),
        theme::dim(app),
    )));
    let title = format!(" Custom views of {} ", list.module);
    let block = Block::bordered()
        .title(title)
        .border_style(theme::border(app, true));
    f.render_widget(Paragraph::new(lines).block(block), rect);
}
