//! Text from the server (record names, API messages) made safe for a terminal.
//!
//! Any CRM user can type an escape sequence into a record's name; printed raw it could retitle,
//! clear or redraw the admin's terminal, or hide what a line says. Every control character goes:
//! C0 (ESC, BEL, CR, backspace, ...), DEL and C1 (CSI, OSC, ... which some terminals honour
//! even UTF-8 encoded). That is Unicode's `Cc` category, `char::is_control`, the same test
//! ratatui applies to what the TUI draws, so the CLI and the TUI show the same text.
//!
//! JSON output needs none of this: serde_json escapes C0, and [`json_line`] escapes DEL and C1.

use std::borrow::Cow;

/// `s` without any control character (newlines and tabs included: a name must not be able to
/// start a line of its own). Borrows when there is nothing to remove.
pub fn strip_controls(s: &str) -> Cow<'_, str> {
    strip_where(s, |c| c.is_control())
}

/// A whole report for the terminal: control characters go, except the line breaks between its
/// lines. For text that was built from server strings already passed through
/// [`strip_controls`], this is the second net for any string that was not.
pub fn strip_controls_keep_lines(s: &str) -> Cow<'_, str> {
    strip_where(s, |c| c.is_control() && c != '\n')
}

fn strip_where(s: &str, drop: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&drop) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|c| !drop(*c)).collect())
}

/// One JSON value on one line, with DEL and C1 characters escaped (`\u009b`) as well as what
/// serde_json escapes: the same data for any JSON reader, nothing a terminal acts on.
pub fn json_line(v: &serde_json::Value) -> String {
    let s = v.to_string();
    if !s.chars().any(|c| c.is_control()) {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 12);
    for c in s.chars() {
        // serde_json has escaped every C0 character, so the controls left sit inside strings.
        if c.is_control() {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn escape_sequences_lose_their_control_characters() {
        let hostile = "Jane\u{1b}]0;pwned\u{7}\u{1b}[2J\r\nDoe\u{9b}31m\u{7f}\u{8}\t!";
        assert_eq!(strip_controls(hostile), "Jane]0;pwned[2JDoe31m!");
        assert!(!strip_controls(hostile).chars().any(|c| c.is_control()));
        assert_eq!(strip_controls_keep_lines("a\u{1b}[1A\nb\r\n"), "a[1A\nb\n");
    }

    #[test]
    fn clean_text_is_borrowed_and_unicode_is_kept() {
        let name = "😀 Emoji 🎉 Zoë 李小龍 Ñandú עִבְרִית";
        assert!(matches!(strip_controls(name), Cow::Borrowed(_)));
        assert_eq!(strip_controls(name), name);
    }

    #[test]
    fn json_lines_escape_del_and_c1_and_still_parse_to_the_same_data() {
        let v = json!({"name": "a\u{1b}[2Jb\u{9b}c\u{7f}d", "n": 1});
        let line = json_line(&v);
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        assert!(
            line.contains("\\u009b") && line.contains("\\u007f"),
            "{line}"
        );
        let back: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(back, v);
        assert_eq!(json_line(&json!({"a": "b"})), r#"{"a":"b"}"#);
    }
}
