//! The copy menu (`Y`) and the web-URL popup (`o`). Styles come from `theme`, so `NO_COLOR`
//! screens get bold and reverse video instead of colours.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, theme};
use crate::app::App;
use crate::app::copy::CopyMenu;

pub fn render_menu(app: &App, menu: &CopyMenu, f: &mut Frame, area: Rect) {
    let choices = menu.choices();
    let width = area.width.saturating_sub(4).min(64);
    let rect = centered(area, width, choices.len() as u16 + 4);
    f.render_widget(Clear, rect);
    let inner = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line> = choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let text = format!("{} {}", i + 1, menu.label(*c));
            let text: String = text.chars().take(inner).collect();
            let style = theme::cursor(app, i == menu.cursor);
            Line::from(Span::styled(format!(" {text:<inner$}"), style))
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        " ↑↓ Enter or 1-4 copy · Esc close",
        theme::dim(app),
    )));
    let block = Block::bordered()
        .title(" Copy ")
        .border_style(theme::border(app, true));
    f.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The URL on a line of its own, never wrapped mid-way when it fits, so that it can be
/// selected with the mouse (or copied with `y`).
pub fn render_link(app: &App, url: &str, f: &mut Frame, area: Rect) {
    let need = super::width(url) as u16 + 4;
    let width = need.max(40).min(area.width);
    let rect = centered(area, width, 5);
    f.render_widget(Clear, rect);
    let lines = vec![
        Line::from(format!(" {url}")),
        Line::from(""),
        Line::from(Span::styled(" y copy · Esc close", theme::dim(app))),
    ];
    let block = Block::bordered()
        .title(" Web URL ")
        .border_style(theme::border(app, true));
    f.render_widget(Paragraph::new(lines).block(block), rect);
}
