//! The help overlay: every key, searchable; the chosen line's action runs on `Enter`.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, theme, window_start};
use crate::action::KEY_TABLE;
use crate::app::App;
use crate::app::palette::Palette;

/// Columns of the key column: as wide as the widest key.
const KEY_W: usize = 20;

pub fn render(app: &App, p: &Palette, f: &mut Frame, area: Rect) {
    // Room for every key, the find line and the borders, as far as the screen allows; the
    // status line and the footer (where a message shows) stay visible.
    let room = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2),
        ..area
    };
    let rect = centered(room, 74, KEY_TABLE.len() as u16 + 4);
    f.render_widget(Clear, rect);
    let matches = p.matches();
    let rows = rect.height.saturating_sub(4) as usize;
    let top = window_start(p.cursor, rows);
    let title = if matches.is_empty() {
        " Keys: none match (Esc clears) ".to_string()
    } else {
        format!(
            " Keys {}-{} of {} (↑↓ choose · Enter runs · Esc closes) ",
            top + 1,
            (top + rows).min(matches.len()),
            matches.len()
        )
    };
    let block = Block::bordered()
        .title(title)
        .border_style(theme::border(app, true));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" find: ", theme::dim(app)),
            Span::raw(p.input.value().to_string()),
        ]),
        Line::from(""),
    ];
    lines.extend(
        matches
            .iter()
            .enumerate()
            .skip(top)
            .take(rows)
            .map(|(i, h)| {
                let chosen = i == p.cursor;
                let what = if h.run.is_some() {
                    Span::raw(h.what)
                } else {
                    // Keys to press rather than actions to run.
                    Span::styled(h.what, theme::dim(app))
                };
                let line = Line::from(vec![
                    Span::styled(format!(" {:<KEY_W$}", h.keys), theme::key(app)),
                    what,
                ]);
                if chosen {
                    line.style(Style::new().add_modifier(Modifier::REVERSED))
                } else {
                    line
                }
            }),
    );
    f.render_widget(Paragraph::new(lines), inner);
    let x = inner.x + 7 + p.input.visual_cursor() as u16;
    f.set_cursor_position(Position::new(
        x.min(inner.right().saturating_sub(1)),
        inner.y,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn screen(t: &Terminal<TestBackend>) -> String {
        t.backend()
            .buffer()
            .content
            .iter()
            .map(|c| c.symbol())
            .collect()
    }

    #[test]
    fn a_short_screen_scrolls_with_the_cursor_and_typing_narrows() {
        let app = App::new(crate::app::StatusInfo {
            profile: "demo".into(),
            data_center: "us".into(),
            api_version: 8,
            production: false,
            credits_left: None,
        });
        let mut p = Palette::default();
        let mut t = Terminal::new(TestBackend::new(70, 15)).unwrap();
        t.draw(|f| render(&app, &p, f, f.area())).unwrap();
        let top = screen(&t);
        assert!(top.contains("Keys 1-9 of"), "{top}");
        assert!(top.contains("move the cursor"));
        // The cursor at the end: the last key shows, the first does not.
        for _ in 0..4 {
            p.handle(Action::PageDown);
        }
        t.draw(|f| render(&app, &p, f, f.area())).unwrap();
        let end = screen(&t);
        assert!(end.contains("type the count"), "{end}");
        assert!(!end.contains("move the cursor"), "{end}");
        for c in "undo".chars() {
            p.handle(Action::Char(c));
        }
        t.draw(|f| render(&app, &p, f, f.area())).unwrap();
        let found = screen(&t);
        assert!(found.contains("find: undo"), "{found}");
        assert!(found.contains("Keys 1-1 of 1"), "{found}");
    }
}
