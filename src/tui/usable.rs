//! Whether the TUI can run here: a terminal on both ends that can draw. Checked before the
//! screen is taken over, so a cron job, a pipe or `TERM=dumb` gets a sentence, not escape codes.

use std::io::IsTerminal;

/// Why the TUI cannot start, and what to do instead; `None` when it can.
pub fn unusable() -> Option<(String, String)> {
    let term = std::env::var("TERM").unwrap_or_default();
    why(
        &term,
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
    )
    .map(|m| (m, HINT.to_string()))
}

const HINT: &str = "Run zcrm-tui in a terminal (TERM such as xterm-256color), or use the \
     scriptable commands, which need none: zcrm-tui delete|delink|delete-roles|journal ... \
     (zcrm-tui --help).";

fn why(term: &str, stdin_tty: bool, stdout_tty: bool) -> Option<String> {
    if term == "dumb" {
        Some("the terminal cannot draw the TUI (TERM=dumb)".to_string())
    } else if !stdout_tty {
        Some("standard output is not a terminal: the TUI has nothing to draw on".to_string())
    } else if !stdin_tty {
        Some("standard input is not a terminal: the TUI reads its keys from one".to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::why;

    #[test]
    fn dumb_terminals_and_pipes_are_named() {
        assert!(why("dumb", true, true).unwrap().contains("TERM=dumb"));
        assert!(
            why("xterm", true, false)
                .unwrap()
                .contains("standard output")
        );
        assert!(
            why("xterm", false, true)
                .unwrap()
                .contains("standard input")
        );
        assert_eq!(why("xterm-256color", true, true), None);
        // An unset TERM on a real terminal still gets its chance (crossterm copes).
        assert_eq!(why("", true, true), None);
    }
}
