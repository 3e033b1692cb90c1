//! The side panel at 160 columns or more: the focused record's fields, as the `v` popup shows
//! them, following the cursor.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme;
use crate::app::App;

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let Some(v) = &app.preview.view else {
        let hint = Paragraph::new("Move onto a record: its fields show here")
            .style(theme::dim(app))
            .wrap(Wrap { trim: true });
        if let Some(inner) = super::framed(
            app,
            f,
            area,
            vec![Span::raw(" Preview ")],
            false,
            false,
            None,
        ) {
            f.render_widget(hint, inner);
        }
        return;
    };
    let title = vec![Span::raw(format!(" {} · {} ", v.label, v.name))];
    let Some(inner) = super::framed(
        app,
        f,
        area,
        title,
        v.loading.is_some(),
        false,
        v.error.as_deref(),
    ) else {
        return;
    };
    let mut lines = Vec::new();
    if v.loading.is_some() {
        lines.push(Line::from(Span::styled("loading…", theme::dim(app))));
    } else if v.gone {
        lines.push(Line::from(Span::styled(
            "This record is not there any more: r reloads the list",
            theme::warn(app),
        )));
    } else if let Some(lock) = v.lock() {
        lines.push(Line::from(Span::styled(
            format!(
                "⊘ {}: a delete would fail ({})",
                lock.describe(),
                lock.error_code()
            ),
            theme::warn(app),
        )));
    }
    lines.extend(super::detail::field_lines(&v.lines()));
    lines.push(Line::from(Span::styled(
        "v opens it whole (related counts, web link, / find)",
        theme::dim(app),
    )));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
