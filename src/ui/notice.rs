//! A notice the admin must read (why an undo is impossible, what to do instead).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, theme};
use crate::app::{App, Notice};

/// `keys`: the last line, what the keys do here.
pub fn render(app: &App, n: &Notice, keys: &str, f: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(72);
    let inner_w = width.saturating_sub(2).max(1) as usize;
    // Rows the wrapped text needs, roughly (words never split mid-way add at most one per line).
    let text_rows: usize = n
        .lines
        .iter()
        .map(|l| super::width(l).div_ceil(inner_w).max(1) + 1)
        .sum();
    let rect = centered(area, width, (text_rows + 4) as u16);
    f.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {} ", n.title))
        .border_style(theme::warn(app));
    let mut lines: Vec<Line> = Vec::new();
    for l in &n.lines {
        lines.push(Line::from(l.as_str()));
        lines.push(Line::from(""));
    }
    lines.push(Line::from(Span::styled(keys.to_string(), theme::dim(app))));
    f.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}
