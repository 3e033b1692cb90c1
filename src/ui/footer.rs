//! The footer: the keys that work in the focused pane, a message, or the filter being typed.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme;
use crate::app::{App, Layer, Pane, Source};

pub fn keys(app: &App) -> Vec<(&'static str, &'static str)> {
    let mut k = vec![("↑↓", "move")];
    if let Some(Layer::Bin(_)) = app.top_layer() {
        k.extend([
            ("Space", "select"),
            ("u", "restore"),
            ("/", "filter"),
            ("r", "reload"),
            ("Esc", "close"),
            ("?", "help"),
        ]);
        return k;
    }
    if let Some(Layer::Journal(v)) = app.top_layer() {
        if v.detail.is_some() {
            k = vec![
                ("↑↓", "scroll"),
                ("u", "undo"),
                ("R", "resume"),
                ("Esc", "back"),
            ];
        } else {
            k.extend([
                ("Enter", "ids"),
                ("u", "undo"),
                ("R", "resume"),
                ("r", "reload"),
                ("Esc", "close"),
            ]);
        }
        return k;
    }
    match app.focus {
        Pane::Modules => k.extend([("Enter", "open"), ("/", "filter"), ("r", "reload")]),
        Pane::Records => {
            let query = app.panes.records.query.as_ref();
            if query.is_some_and(|q| q.all) {
                // Space and a change nothing while every match is selected: A or Esc first.
                k.extend([
                    ("d", "delete all matches"),
                    ("A/Esc", "unselect all"),
                    (":", "query"),
                    ("V", "views"),
                    ("Enter", "related"),
                    ("v", "detail"),
                ]);
            } else if query.is_some() {
                k.extend([
                    ("A", "all matching"),
                    ("Esc", "all records"),
                    ("Space", "select"),
                    ("d", "delete"),
                    (":", "query"),
                    ("V", "views"),
                    ("Enter", "related"),
                    ("v", "detail"),
                    ("s", "sort"),
                ]);
            } else if matches!(app.panes.records.source, Some(Source::Module(_))) {
                k.extend([
                    ("Enter", "related"),
                    ("Space", "select"),
                    ("d", "delete"),
                    ("v", "detail"),
                    ("/", "search"),
                    // `V` is in the help; while a query shows, the footer names it.
                    (":", "query"),
                    ("s", "sort"),
                    ("a", "all"),
                    ("w", "workflows"),
                    ("y", "copy"),
                ]);
            } else {
                k.extend([
                    ("Space", "select"),
                    ("a", "all"),
                    ("/", "filter"),
                    ("d", "delete"),
                ]);
            }
        }
        Pane::RelatedLists => k.extend([("Enter", "open"), ("Esc", "back"), ("/", "filter")]),
        Pane::Related => k.extend([
            ("Space", "select"),
            if app
                .panes
                .related
                .of
                .as_ref()
                .is_some_and(|(_, l)| l.api_name == "Contact_Roles")
            {
                ("d", "remove")
            } else {
                ("d", "delink")
            },
            ("v", "detail"),
            ("Esc", "back"),
            ("/", "filter"),
            ("a", "all"),
            ("y", "copy"),
        ]),
        // `/` and `R` are in the help: at 80 columns `? help` and `q quit` must still fit.
        Pane::Log => k.extend([
            ("Enter", "expand"),
            ("x", "retry"),
            ("f", "failures"),
            ("u", "undo"),
        ]),
    }
    if app.removing() {
        // What matters most while removing: how to stop.
        k.insert(1, ("^C", "stop"));
    }
    k.extend([("J", "journal"), ("?", "help")]);
    if !app.removing() {
        k.push(("q", "quit"));
    }
    k.extend([("e", "ext-ID"), ("Tab", "pane")]);
    if app
        .layers
        .size()
        .is_some_and(|(w, _)| w >= crate::app::preview::PREVIEW_MIN_WIDTH)
    {
        k.push(("p", "preview"));
    }
    k
}

pub fn render(app: &App, f: &mut Frame, area: Rect) {
    if let Some((input, _)) = &app.filter_input {
        let label = if app.focus == Pane::Records
            && matches!(app.panes.records.source, Some(Source::Module(_)))
        {
            "search (Enter): "
        } else {
            "filter: "
        };
        let width = area.width.saturating_sub(label.len() as u16 + 1) as usize;
        let scroll = input.visual_scroll(width);
        let value = super::skip_columns(input.value(), scroll).to_string();
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(label, theme::key(app)),
                Span::raw(value),
            ])),
            area,
        );
        let x = area.x + label.len() as u16 + (input.visual_cursor().saturating_sub(scroll)) as u16;
        f.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        return;
    }
    if let Some(msg) = &app.message {
        f.render_widget(Paragraph::new(msg.as_str()).style(theme::warn(app)), area);
        return;
    }
    // Whole entries only: a key cut in half helps nobody. How to get help, to quit and to stop
    // always fit; the pane's keys fill the rest, in order.
    let all = keys(app);
    let essential = |key: &str| matches!(key, "?" | "q" | "^C");
    let len = |key: &str, what: &str| super::width(key) + super::width(what) + 3;
    let budget = area.width as usize + 2;
    let reserved: usize = all
        .iter()
        .filter(|(k, _)| essential(k))
        .map(|(k, w)| len(k, w))
        .sum();
    let mut room = budget.saturating_sub(reserved);
    let mut spans = Vec::new();
    for (key, what) in all {
        if !essential(key) {
            if len(key, what) > room {
                room = 0;
                continue;
            }
            room -= len(key, what);
        }
        spans.push(Span::styled(key, theme::key(app)));
        spans.push(Span::raw(format!(" {what}  ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
