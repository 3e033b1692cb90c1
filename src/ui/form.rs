//! The delink-by-external-ID form.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, theme};
use crate::app::App;
use crate::app::form::{ExternalForm, LABELS};

const LABEL_W: usize = 24;

pub fn render(app: &App, form: &ExternalForm, f: &mut Frame, area: Rect) {
    let rect = centered(area, 72, 12);
    f.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(" Delink by external ID ")
        .border_style(theme::border(app, true));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let field_w = (inner.width as usize).saturating_sub(LABEL_W + 3);
    let mut lines = vec![
        Line::from("e.g. Contacts / External_Contact_ID / extcontact3 / Deals / extdeal3")
            .style(theme::dim(app)),
    ];
    for (i, label) in LABELS.iter().enumerate() {
        let input = &form.fields[i];
        let scroll = input.visual_scroll(field_w);
        let value = super::fit(super::skip_columns(input.value(), scroll), field_w);
        let style = if i == form.focus {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        };
        lines.push(Line::from(vec![
            Span::raw(format!(" {label:>w$}: ", w = LABEL_W - 1)),
            Span::styled(value, style),
        ]));
    }
    lines.push(Line::from(""));
    match &form.error {
        Some(e) => lines.push(Line::from(Span::styled(e.clone(), theme::failed(app)))),
        None => lines.push(Line::from(
            "↑↓/Tab field · Enter review (confirm dialog next) · Esc close",
        )),
    }
    f.render_widget(Paragraph::new(lines), inner);
    let input = &form.fields[form.focus];
    let cx = inner.x as usize
        + LABEL_W
        + 2
        + input
            .visual_cursor()
            .saturating_sub(input.visual_scroll(field_w));
    let cy = inner.y + 1 + form.focus as u16;
    f.set_cursor_position(Position::new(
        (cx as u16).min(inner.right().saturating_sub(1)),
        cy,
    ));
}
