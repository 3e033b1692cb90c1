//! The help overlay: every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, theme};
use crate::action::KEY_TABLE;
use crate::app::App;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let rect = centered(area, 64, KEY_TABLE.len() as u16 + 3);
    f.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(" Keys (Esc or ? closes) ")
        .border_style(theme::border(app, true));
    let lines: Vec<Line> = KEY_TABLE
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<16}"), theme::key(app)),
                Span::raw(*what),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), rect);
}
