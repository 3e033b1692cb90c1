//! The Recycle Bin view: one line per deleted record, with who deleted it, when (local zone,
//! labelled) and the days left before Zoho purges it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::journal::{local_time, zone_label};
use super::{fit, theme, window_start};
use crate::app::App;
use crate::app::bin_view::BinView;

const MODULE_W: usize = 12;
const BY_W: usize = 16;
const TIME_W: usize = 14;
const DAYS_W: usize = 9;

pub fn render(app: &App, v: &BinView, f: &mut Frame, area: Rect) {
    f.render_widget(Clear, area);
    let vis = v.visible();
    let more = if v.next_page.is_some() { "+" } else { "" };
    let mut title = vec![Span::raw(format!(
        " Recycle Bin ({}{more}) · {} ",
        vis.len(),
        zone_label()
    ))];
    if !v.query.is_empty() {
        title.push(Span::styled(
            format!("filter: {} ", v.query),
            theme::warn(app),
        ));
    }
    if !v.selected.is_empty() {
        title.push(Span::styled(
            format!("{} sel ", v.selected.len()),
            theme::selected(app),
        ));
    }
    if !v.restoring.is_empty() {
        title.push(Span::styled(
            format!("{} restoring ", v.restoring.len()),
            theme::dim(app),
        ));
    }
    let Some(inner) = super::framed(
        app,
        f,
        area,
        title,
        v.loading.is_some(),
        true,
        v.error.as_deref(),
    ) else {
        return;
    };
    let w = inner.width as usize;
    let rows = inner.height.saturating_sub(2) as usize;
    let name_w = w.saturating_sub(2 + MODULE_W + BY_W + TIME_W + DAYS_W + 4);
    let mut lines = vec![Line::from(Span::styled(
        fit(
            &format!(
                "  {:<MODULE_W$} {} {:<BY_W$} {:<TIME_W$} {:>DAYS_W$}",
                "Module",
                fit("Name", name_w),
                "Deleted by",
                "Deleted",
                "Days left"
            ),
            w,
        ),
        theme::dim(app),
    ))];
    if vis.is_empty() {
        let said = match (v.loading.is_some(), v.query.is_empty()) {
            (true, _) => "loading… (Esc closes)".to_string(),
            (false, true) => "The Recycle Bin is empty".to_string(),
            (false, false) => format!("Nothing matches '{}' (Esc clears)", v.query),
        };
        lines.push(Line::from(Span::styled(said, theme::dim(app))));
    }
    let now = chrono::Utc::now();
    let start = window_start(v.cursor, rows);
    for (pos, &i) in vis.iter().enumerate().skip(start).take(rows) {
        let e = &v.items[i];
        let restoring = v.restoring.contains(&e.id);
        let sel = v.selected.contains_key(&e.id);
        let mark = match (restoring, sel) {
            (true, _) => "… ",
            (false, true) => "● ",
            _ => "  ",
        };
        let days = e
            .days_left(now)
            .map_or_else(|| "?".to_string(), |d| d.to_string());
        let when = e
            .deleted_time
            .as_deref()
            .map(|t| local_time(t, false))
            .unwrap_or_default();
        let text = format!(
            "{mark}{} {} {} {} {:>DAYS_W$}",
            fit(&e.module, MODULE_W),
            fit(&e.name, name_w),
            fit(e.deleted_by.as_deref().unwrap_or(""), BY_W),
            fit(&when, TIME_W),
            days
        );
        let mut style = ratatui::style::Style::new();
        if sel {
            style = theme::selected(app);
        }
        if restoring {
            style = theme::dim(app);
        }
        if pos == v.cursor {
            style = style.patch(theme::cursor(app, true));
        }
        lines.push(Line::from(Span::raw(fit(&text, w))).style(style));
    }
    let foot = match &v.filter {
        Some(input) => format!("filter: {}", input.value()),
        None => "Space select · a all · u restore · / filter (module, name, who) · Esc closes"
            .to_string(),
    };
    let body = Rect {
        height: inner.height.saturating_sub(1),
        ..inner
    };
    f.render_widget(Paragraph::new(lines), body);
    let foot_area = Rect {
        y: inner.y + inner.height.saturating_sub(1),
        height: 1,
        ..inner
    };
    f.render_widget(
        Paragraph::new(Span::styled(foot, theme::dim(app))).wrap(Wrap { trim: true }),
        foot_area,
    );
}
