//! Rendering: a pure function of `App`. One file per pane or dialog.

pub mod bin_view;
pub mod columns;
pub mod confirm;
pub mod copy;
pub mod detail;
pub mod footer;
pub mod form;
pub mod help;
pub mod journal;
pub mod layout;
pub mod log;
pub mod notice;
pub mod panes;
pub mod plan_prompt;
pub mod preview;
pub mod query;
pub mod status;
pub mod stop;
pub mod theme;
pub mod whole;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::app::{App, Layer, Top};

pub use crate::app::layers::{MIN_HEIGHT, MIN_WIDTH};

/// The panes, then every layer bottom-up; or, when the app says the screen is too small (or the
/// frame is smaller than it knows of), only that.
pub fn render(app: &App, f: &mut Frame) {
    let area = f.area();
    if matches!(app.top(), Top::TooSmall { .. })
        || area.width < MIN_WIDTH
        || area.height < MIN_HEIGHT
    {
        too_small(f, area);
        return;
    }
    let at = layout::areas(area, app.focus, app.preview_shown());
    status::render(app, f, at.status);
    panes::render(app, f, &at);
    if let Some(area) = at.preview {
        preview::render(app, f, area);
    }
    log::render(app, f, at.log);
    footer::render(app, f, at.footer);
    for layer in app.layers.iter() {
        match layer {
            Layer::Help(p) => help::render(app, p, f, area),
            Layer::Confirm(d) => confirm::render(app, d, f, area),
            Layer::Form(form) => form::render(app, form, f, area),
            Layer::Stop(d) => stop::render(app, d, f, area),
            Layer::Notice(n) => notice::render(app, n, "Enter or Esc closes", f, area),
            Layer::Lookup(p) => notice::render(
                app,
                &p.notice,
                "Enter looks them up · Esc leaves them",
                f,
                area,
            ),
            Layer::Detail(v) => detail::render(app, v, f, area),
            Layer::LogLine(v) => whole::render_line(app, v, f, area),
            Layer::Connection(c) => whole::render_connection(app, c, f, area),
            Layer::Copy(menu) => copy::render_menu(app, menu, f, area),
            Layer::Link(url) => copy::render_link(app, url, f, area),
            Layer::Query(line) => query::render_line(app, line, f, at.footer),
            Layer::Views(list) => query::render_views(app, list, f, area),
            Layer::PlanPrompt(p) => plan_prompt::render(app, p, f, area),
            // Over the panes and the log; the status line and the footer (its keys) stay.
            Layer::Journal(v) => journal::render(app, v, f, at.body.union(at.log)),
            Layer::Bin(v) => bin_view::render(app, v, f, at.body.union(at.log)),
        }
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

/// How many terminal columns `s` takes (CJK and emoji take two; control characters, which
/// the terminal never receives, none).
pub fn width(s: &str) -> usize {
    #[cfg(test)]
    MEASURED.with(|m| m.set(m.get() + 1));
    // Ids and most names are ASCII: a byte count, not a table lookup per character (a confirm
    // dialog measures every one of 50,000 ids and values when it opens).
    if s.is_ascii() {
        return s.bytes().filter(|b| (0x20..0x7f).contains(b)).count();
    }
    s.chars().map(char_width).sum()
}

#[cfg(test)]
thread_local! {
    /// Strings [`width`] measured on this thread: what a test counts to see that a frame
    /// measures the rows it shows, not every row of a list.
    pub(crate) static MEASURED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `s` cut or padded to exactly `w` columns (an ellipsis marks a cut; a wide character that
/// would straddle the edge gives way to a space).
pub fn fit(s: &str, w: usize) -> String {
    let n = width(s);
    let mut out = String::with_capacity(s.len() + w);
    if n <= w {
        out.extend(s.chars().filter(|c| !c.is_control()));
        out.extend(std::iter::repeat_n(' ', w - n));
        return out;
    }
    if w == 0 {
        return out;
    }
    let mut used = 0;
    for c in s.chars().filter(|c| !c.is_control()) {
        let cw = char_width(c);
        if used + cw > w - 1 {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out.extend(std::iter::repeat_n(' ', w - 1 - used));
    out
}

/// The host of an API domain: `https://www.zohoapis.eu/` -> `www.zohoapis.eu`.
pub fn host(api_domain: &str) -> &str {
    let d = api_domain.trim_end_matches('/');
    d.split_once("://").map_or(d, |(_, h)| h)
}

/// `s` without its first `cols` display columns (a text field scrolled sideways: tui-input
/// scrolls by columns, not by characters).
pub fn skip_columns(s: &str, cols: usize) -> &str {
    let mut used = 0;
    for (i, c) in s.char_indices() {
        if used >= cols {
            return &s[i..];
        }
        used += char_width(c);
    }
    ""
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_measures_display_columns() {
        for (s, w) in [
            ("😀 Emoji 🎉 Zoë 李小龍 Ñandú", 12),
            ("株式会社ヤマダ電機ホールディングス", 9),
            ("Zoe\u{301} plain", 8),
            ("abc", 5),
            ("مرحبا بالعالم", 6),
        ] {
            let out = fit(s, w);
            assert_eq!(width(&out), w, "{s:?} -> {out:?}");
        }
        assert_eq!(fit("李小龍", 4), "李… ");
        assert_eq!(fit("ab", 0), "");
        assert_eq!(fit("\u{1b}[2Jab", 4), "[2J…");
        assert_eq!(skip_columns("李小龍ab", 4), "龍ab");
        assert_eq!(skip_columns("abc", 1), "bc");
        assert_eq!(skip_columns("ab", 5), "");
    }

    #[test]
    fn the_ascii_shortcut_measures_as_the_table_does() {
        for b in 0u8..0x80 {
            let c = char::from(b);
            assert_eq!(width(&c.to_string()), char_width(c), "{b:#x}");
        }
        assert_eq!(width("a\tb\u{1b}c"), 3);
    }
}
