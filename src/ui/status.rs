//! The status line: connection, requests in flight, workflow setting, removal progress.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{SPINNER, theme};
use crate::app::App;

pub fn text(app: &App) -> String {
    let mut parts = vec![
        " zcrm-tui".to_string(),
        app.info.profile.clone(),
        format!("dc {}", app.info.data_center),
        format!("API v{}", app.info.api_version),
        format!("workflows {}", if app.wf_trigger { "on" } else { "off" }),
    ];
    if app.journal_error.is_some() {
        parts.push("⚠ no journal: removals refused".into());
    }
    let n = app.in_flight.len();
    if n == 0 {
        parts.push("idle".into());
    } else {
        parts.push(format!(
            "{} {n} in flight",
            SPINNER[app.spinner % SPINNER.len()]
        ));
    }
    if let Some((done, total)) = app.removal_progress() {
        parts.push(format!("removing {done}/{total}"));
    }
    parts.join(" │ ")
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    f.render_widget(
        Paragraph::new(Line::from(text(app))).style(theme::bar(app)),
        area,
    );
}
