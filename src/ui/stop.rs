//! The stop dialog: how many calls are still out, and that the rest will not be sent.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, theme};
use crate::app::App;
use crate::app::stop::StopDialog;

/// "Stop after the 2 calls in flight? The rest will not be sent."
pub fn question(app: &App) -> String {
    let n = app.calls_in_flight();
    if n == 0 {
        // Still reading before-images, or between calls: nothing is out.
        return "Stop now? No call is in flight; the rest will not be sent.".to_string();
    }
    let calls = if n == 1 { "call" } else { "calls" };
    format!("Stop after the {n} {calls} in flight? The rest will not be sent.")
}

pub fn render(app: &App, d: &StopDialog, f: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(4).min(64);
    let rect = centered(area, width, 7);
    f.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(" Stop the removal? ")
        .border_style(theme::warn(app));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let running = app.removal_progress();
    let progress = if running.is_empty() {
        String::new()
    } else {
        let (done, total) = running
            .iter()
            .fold((0, 0), |(d, t), (dd, tt)| (d + dd, t + tt));
        format!("Done so far: {done} of {total} ids.")
    };
    let on = Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD);
    let off = Style::new();
    let lines = vec![
        Line::from(Span::styled(
            question(app),
            Style::new().add_modifier(Modifier::BOLD),
        )),
        Line::from(progress),
        Line::from(Span::styled(
            "Unsent ids are journaled as not attempted; R resumes them.",
            theme::dim(app),
        )),
        Line::from(""),
        Line::from(vec![
            Span::raw("   "),
            Span::styled(" Keep going ", if d.focus_stop { off } else { on }),
            Span::raw("   "),
            Span::styled(" Stop ", if d.focus_stop { on } else { off }),
            Span::raw("   y stops · n/Esc keeps going"),
        ]),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
}
