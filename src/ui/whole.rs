//! Popups that show one thing whole: a log line (`Enter` in the Log) and a connection error.
//! Label and value rows, the values wrapped under their own column, scrollable.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{centered, theme, width};
use crate::app::App;
use crate::app::connection::ConnectionError;
use crate::app::log_view::LineView;
use crate::text::strip_controls;

pub fn render_line(app: &App, v: &LineView, f: &mut Frame, area: Rect) {
    let style = if v.failed {
        theme::failed(app)
    } else {
        theme::ok(app)
    };
    let footer = if v.retryable {
        "x retries the failed ids · ↑↓ scroll · Esc closes"
    } else {
        "↑↓ scroll · Esc closes"
    };
    popup(app, f, area, &v.title, style, &v.rows, v.scroll, footer);
}

pub fn render_connection(app: &App, c: &ConnectionError, f: &mut Frame, area: Rect) {
    let mut rows = vec![
        ("Failed".to_string(), format!("loading {}", c.what)),
        ("Code".to_string(), c.failure.code.clone()),
        ("Message".to_string(), c.failure.message.clone()),
        ("Hint".to_string(), c.failure.hint.clone()),
    ];
    if c.attempts > 1 {
        rows.push(("Attempts".into(), format!("{} in a row", c.attempts)));
    }
    let footer = if c.retrying.is_some() {
        "retrying… · Esc closes"
    } else {
        "r retries · Esc closes · q quits"
    };
    let title = "Cannot reach Zoho CRM";
    popup(app, f, area, title, theme::failed(app), &rows, 0, footer);
}

#[allow(clippy::too_many_arguments)]
fn popup(
    app: &App,
    f: &mut Frame,
    area: Rect,
    title: &str,
    style: Style,
    rows: &[(String, String)],
    scroll: usize,
    footer: &str,
) {
    let w = area.width.saturating_sub(4).min(100);
    let label_w = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(0) + 2;
    let value_w = (w as usize).saturating_sub(2 + label_w).max(10);
    let mut body: Vec<Line> = Vec::new();
    for (label, value) in rows {
        for (k, part) in wrap(&strip_controls(value), value_w)
            .into_iter()
            .enumerate()
        {
            let head = if k == 0 { label.as_str() } else { "" };
            body.push(Line::from(vec![
                Span::styled(
                    format!("{head:<label_w$}"),
                    Style::new().add_modifier(Modifier::BOLD),
                ),
                Span::raw(part),
            ]));
        }
    }
    // Borders, a blank line and the footer around the rows.
    let h = (body.len() + 4).min(area.height.saturating_sub(2) as usize) as u16;
    let rect = centered(area, w, h);
    f.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(" {} ", strip_controls(title)))
        .border_style(style);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let body_h = inner.height.saturating_sub(2) as usize;
    let start = scroll.min(body.len().saturating_sub(body_h));
    let more = body.len() > start + body_h;
    let mut lines: Vec<Line> = body.into_iter().skip(start).take(body_h).collect();
    lines.push(Line::from(""));
    let footer = if more {
        format!("more below · {footer}")
    } else {
        footer.to_string()
    };
    lines.push(Line::from(Span::styled(footer, theme::dim(app))));
    f.render_widget(Paragraph::new(lines), inner);
}

/// `s` in lines of at most `w` columns, broken between words where it can, inside a word that
/// is longer than a line.
fn wrap(s: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in s.split(' ') {
        let mut word = word.to_string();
        loop {
            let sep = usize::from(!line.is_empty());
            if width(&line) + sep + width(&word) <= w {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                break;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                continue;
            }
            // A word longer than the line: cut it at the width.
            let mut used = 0;
            let cut = word
                .char_indices()
                .find(|(_, c)| {
                    used += unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
                    used > w
                })
                .map_or(word.len(), |(i, _)| i);
            let rest = word.split_off(cut.max(word.chars().next().map_or(0, char::len_utf8)));
            out.push(word);
            word = rest;
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_and_cuts_only_what_cannot_fit() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), [""]);
        assert!(wrap("李小龍李小龍", 4).iter().all(|l| width(l) <= 4));
    }
}
