//! The help overlay: every key.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, theme};
use crate::action::KEY_TABLE;
use crate::app::App;

/// `top`: the first key shown; where the screen is too short for all, ↑↓ scroll.
pub fn render(app: &App, top: usize, f: &mut Frame, area: Rect) {
    let rect = centered(area, 72, KEY_TABLE.len() as u16 + 2);
    f.render_widget(Clear, rect);
    let rows = rect.height.saturating_sub(2) as usize;
    let top = top.min(KEY_TABLE.len().saturating_sub(rows));
    let title = if rows < KEY_TABLE.len() {
        format!(
            " Keys {}-{} of {} (↑↓ scroll, Esc closes) ",
            top + 1,
            (top + rows).min(KEY_TABLE.len()),
            KEY_TABLE.len()
        )
    } else {
        " Keys (Esc or ? closes) ".to_string()
    };
    let block = Block::bordered()
        .title(title)
        .border_style(theme::border(app, true));
    let lines: Vec<Line> = KEY_TABLE
        .iter()
        .skip(top)
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<19}"), theme::key(app)),
                Span::raw(*what),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), rect);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn a_short_screen_scrolls_the_keys_and_says_so() {
        let app = App::new(crate::app::StatusInfo {
            profile: "demo".into(),
            data_center: "us".into(),
            api_version: 8,
            production: false,
            credits_left: None,
        });
        let mut t = Terminal::new(TestBackend::new(70, 15)).unwrap();
        t.draw(|f| render(&app, 0, f, f.area())).unwrap();
        let top: String = t
            .backend()
            .buffer()
            .content
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(top.contains("Keys 1-13 of"), "{top}");
        assert!(top.contains("move the cursor"));
        // Scrolled to the end: the last key shows, the first does not.
        t.draw(|f| render(&app, usize::MAX, f, f.area())).unwrap();
        let end: String = t
            .backend()
            .buffer()
            .content
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(end.contains("type the count"), "{end}");
        assert!(!end.contains("move the cursor"), "{end}");
    }
}
