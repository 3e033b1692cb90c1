//! The plan's file prompt (`P` in a record delete's confirm dialog), over that dialog.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, fit, theme};
use crate::app::App;
use crate::app::plan_prompt::PlanPrompt;
use crate::numbers::thousands;

const LABEL: &str = "File: ";

pub fn render(app: &App, p: &PlanPrompt, f: &mut Frame, area: Rect) {
    super::confirm::render(app, &p.dialog, f, area);
    let width = area.width.saturating_sub(8).min(72);
    let rect = centered(area, width, 9);
    f.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(" Write a plan: nothing is removed ")
        .border_style(theme::key(app));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let field_w = usize::from(inner.width).saturating_sub(LABEL.len() + 1);
    let scroll = p.input.visual_scroll(field_w);
    let status = match (&p.error, p.writing, p.read) {
        (Some(e), _, _) => Span::styled(e.clone(), theme::failed(app)),
        (None, Some(_), Some((read, of))) => Span::styled(
            format!(
                "Reading the matches: {} of {}…",
                thousands(read as u64),
                thousands(of)
            ),
            theme::warn(app),
        ),
        (None, Some(_), None) => Span::styled("Reading the records…", theme::warn(app)),
        (None, None, _) => Span::styled("An existing file is never overwritten.", theme::dim(app)),
    };
    let w = usize::from(inner.width);
    let lines = vec![
        Line::from(fit(
            &format!("{} — as a plan for review", p.dialog.title),
            w,
        )),
        Line::from(Span::styled(
            fit("zcrm-tui apply FILE removes them later, if unchanged", w),
            theme::dim(app),
        )),
        Line::from(""),
        Line::from(vec![
            Span::styled(LABEL, theme::key(app)),
            Span::raw(super::skip_columns(p.input.value(), scroll).to_string()),
        ]),
    ];
    let [top, said, keys] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(lines), top);
    f.render_widget(
        Paragraph::new(Line::from(status)).wrap(Wrap { trim: true }),
        said,
    );
    f.render_widget(
        Paragraph::new(Span::styled(
            fit("Enter writes · Esc back to the dialog", w),
            theme::dim(app),
        )),
        keys,
    );
    let x = inner.x + LABEL.len() as u16 + (p.input.visual_cursor().saturating_sub(scroll)) as u16;
    if p.writing.is_none() {
        f.set_cursor_position(Position::new(
            x.min(inner.right().saturating_sub(1)),
            inner.y + 3,
        ));
    }
}
