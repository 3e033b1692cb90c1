//! The status line: connection, requests in flight, workflow setting, removal progress.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{SPINNER, theme};
use crate::app::App;
pub use crate::numbers::thousands;

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
    if !fits(&parts)
        && let Some(i) = parts.iter().position(|p| p.starts_with("credits "))
    {
        parts.remove(i);
    }
    parts.join(" │ ")
}

fn parts(app: &App) -> Vec<String> {
    let mut parts = vec![
        " zcrm-tui".to_string(),
        profile_label(app),
        format!("dc {}", app.info.data_center),
        format!("API v{}", app.info.api_version),
        format!("workflows {}", if app.wf_trigger { "on" } else { "off" }),
    ];
    if let Some(n) = app.info.credits_left {
        parts.push(format!("credits {} left", thousands(n)));
    }
    if app.read_only {
        parts.insert(2, "read-only".into());
    }
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
        let each: Vec<String> = running
            .iter()
            .map(|(d, t)| format!("{}/{}", thousands(*d as u64), thousands(*t as u64)))
            .collect();
        let pace = app
            .in_flight_limit
            .map(|n| format!(" · {n} at once"))
            .unwrap_or_default();
        parts.push(format!("removing {}{pace}", each.join(" · ")));
    }
    if let Some((_, read, of)) = app.removals.reading() {
        parts.push(format!(
            "reading matches {}/{}",
            thousands(read as u64),
            thousands(of)
        ));
    }
    parts
}

/// The profile as the status line and the confirm dialog name it: a production one says so,
/// in words as well as in colour (`NO_COLOR` screens too).
pub fn profile_label(app: &App) -> String {
    if app.info.production {
        format!("⚠ {} (production)", app.info.profile)
    } else {
        app.info.profile.clone()
    }
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    let text = text(app, usize::from(area.width));
    let label = profile_label(app);
    let line = match text.find(&label).filter(|_| app.info.production) {
        Some(at) => Line::from(vec![
            Span::raw(text[..at].to_string()),
            Span::styled(label.clone(), theme::production(app)),
            Span::raw(text[at + label.len()..].to_string()),
        ]),
        None => Line::from(text),
    };
    f.render_widget(Paragraph::new(line).style(theme::bar(app)), area);
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
            production: false,
            credits_left: None,
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
        app.info.production = true;
        assert!(text(&app, 200).contains("│ ⚠ environment (production) │"));
    }

    fn app_in_us() -> App {
        App::new(StatusInfo {
            profile: "environment".into(),
            data_center: "us".into(),
            api_version: 8,
            production: false,
            credits_left: None,
        })
    }

    #[test]
    fn credits_show_once_known_and_give_way_before_the_work() {
        let mut app = app_in_us();
        assert!(!text(&app, 200).contains("credits"));
        app.info.credits_left = Some(24_512);
        assert!(text(&app, 200).contains("│ credits 24,512 left │"));
        app.requests.start(Owner::Records, "records");
        let narrow = text(&app, 50);
        assert!(!narrow.contains("credits"), "{narrow}");
        assert!(narrow.contains("1 in flight"), "{narrow}");
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(5_000_000), "5,000,000");
    }

    #[test]
    fn a_running_removal_shows_its_in_flight_limit() {
        let mut app = app_in_us();
        app.panes.log.push(crate::app::log::LogEntry::running(
            0,
            "12:00".into(),
            "delete",
            "Leads",
            10_000,
        ));
        assert!(text(&app, 200).ends_with("│ removing 0/10,000"));
        app.in_flight_limit = Some(8);
        assert!(text(&app, 200).ends_with("│ removing 0/10,000 · 8 at once"));
    }
}
