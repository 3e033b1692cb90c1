//! The status line: connection, requests in flight, workflow setting, removal progress.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::{SPINNER, theme};
use crate::app::App;

/// The status line for a screen `width` columns wide. What matters while working (requests in
/// flight, removal progress, the journal warning, the workflow setting) is kept; the app's name,
/// then the data center, give way first.
pub fn text(app: &App, width: usize) -> String {
    let mut parts = parts(app);
    let fits = |p: &[String]| super::width(&p.join(" │ ")) <= width;
    if !fits(&parts) {
        parts.remove(0);
        parts[0].insert(0, ' ');
    }
    if !fits(&parts)
        && let Some(wf) = parts.iter_mut().find(|p| p.starts_with("workflows "))
    {
        *wf = wf.replacen("workflows ", "wf ", 1);
    }
    if !fits(&parts)
        && let Some(i) = parts.iter().position(|p| p.starts_with("dc "))
    {
        parts.remove(i);
    }
    parts.join(" │ ")
}

fn parts(app: &App) -> Vec<String> {
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
    let n = app.requests.len();
    if n == 0 {
        parts.push("idle".into());
    } else {
        parts.push(format!(
            "{} {n} in flight",
            SPINNER[app.spinner % SPINNER.len()]
        ));
    }
    let running = app.removal_progress();
    if !running.is_empty() {
        let each: Vec<String> = running.iter().map(|(d, t)| format!("{d}/{t}")).collect();
        parts.push(format!("removing {}", each.join(" · ")));
    }
    parts
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    f.render_widget(
        Paragraph::new(Line::from(text(app, usize::from(area.width)))).style(theme::bar(app)),
        area,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{Owner, StatusInfo};

    #[test]
    fn what_matters_while_working_survives_a_narrow_screen() {
        let mut app = App::new(StatusInfo {
            profile: "environment".into(),
            data_center: "127.0.0.1:35983".into(),
            api_version: 8,
        });
        app.requests.start(Owner::Records, "records");
        let wide = text(&app, 200);
        assert!(wide.starts_with(" zcrm-tui │ environment │ dc 127.0.0.1:35983"));
        let narrow = text(&app, 60);
        assert!(narrow.chars().count() <= 60, "{narrow}");
        assert!(
            narrow.contains("1 in flight") && narrow.contains("wf on"),
            "{narrow}"
        );
        assert!(narrow.starts_with(" environment"), "{narrow}");
    }
}
