//! Rendering: a pure function of `App`. One file per pane or dialog.

pub mod confirm;
pub mod footer;
pub mod form;
pub mod help;
pub mod journal;
pub mod log;
pub mod notice;
pub mod panes;
pub mod status;
pub mod stop;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::app::{App, Overlay};

/// Below this the layout cannot hold four panes, a log and the dialogs.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(f, area);
        return;
    }
    let log_height = if area.height >= 30 { 10 } else { 6 };
    let [status_area, body, log_area, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(log_height),
        Constraint::Length(1),
    ])
    .areas(area);
    status::render(app, f, status_area);
    panes::render(app, f, body);
    log::render(app, f, log_area);
    footer::render(app, f, footer_area);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => help::render(app, f, area),
        Overlay::Confirm(d) => confirm::render(app, d, f, area),
        Overlay::Form(form) => form::render(app, form, f, area),
        Overlay::Stop(d) => stop::render(app, d, f, area),
        Overlay::Notice(n) => notice::render(app, n, f, area),
        // Over the panes and the log; the status line and the footer (its keys) stay.
        Overlay::Journal(v) => journal::render(app, v, f, body.union(log_area)),
    }
}

fn too_small(f: &mut Frame, area: Rect) {
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "{}x{}: zcrm-tui needs at least {MIN_WIDTH}x{MIN_HEIGHT}",
            area.width, area.height
        )),
        Line::from("Enlarge the window, or q to quit"),
    ];
    f.render_widget(Clear, area);
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// A rectangle of at most `w` x `h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// `s` cut or padded to exactly `w` characters (an ellipsis marks a cut).
pub fn fit(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n <= w {
        let mut out = s.to_string();
        out.extend(std::iter::repeat_n(' ', w - n));
        out
    } else if w == 0 {
        String::new()
    } else {
        let mut out: String = s.chars().take(w - 1).collect();
        out.push('…');
        out
    }
}

/// The first row of a `height`-row window that keeps `cursor` visible.
pub fn window_start(cursor: usize, height: usize) -> usize {
    if height == 0 || cursor < height {
        0
    } else {
        cursor + 1 - height
    }
}

pub const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// A bordered list pane: its title (plus a spinner while `loading`), and either its error or,
/// when there is none, the inner area left for the rows.
pub fn framed(
    app: &App,
    f: &mut Frame,
    area: Rect,
    mut title: Vec<Span<'static>>,
    loading: bool,
    focused: bool,
    error: Option<&str>,
) -> Option<Rect> {
    if loading {
        title.push(Span::raw(format!(
            "{} ",
            SPINNER[app.spinner % SPINNER.len()]
        )));
    }
    let block = Block::bordered()
        .title(Line::from(title))
        .border_style(theme::border(app, focused));
    let inner = block.inner(area);
    f.render_widget(block, area);
    match error {
        Some(err) => {
            f.render_widget(
                Paragraph::new(err)
                    .style(theme::failed(app))
                    .wrap(Wrap { trim: true }),
                inner,
            );
            None
        }
        None => Some(inner),
    }
}
