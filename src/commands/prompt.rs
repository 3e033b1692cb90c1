//! Asking before removing: `--yes`, a typed count on a terminal, or a refusal.

use std::io::{BufRead, IsTerminal, Write};

use super::exit::CliError;

/// What the confirmation step decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// `--yes` was given.
    Confirmed,
    /// Ask on the terminal.
    Ask,
}

/// `--yes`, or the admin types the count on a terminal (after `note`); off a terminal without
/// `--yes`, a usage error. `Ok(false)`: the admin declined.
pub fn confirm(
    yes: bool,
    ids_from_stdin: bool,
    what: &str,
    note: Option<&str>,
    n: usize,
) -> Result<bool, CliError> {
    let lower = super::output::lower_first(what);
    match gate(yes, stdin_is_terminal(), ids_from_stdin, &lower)? {
        Gate::Confirmed => Ok(true),
        Gate::Ask => ask(what, note, n),
    }
}

/// Decides whether a removal may go ahead without sending anything.
///
/// `stdin_is_terminal` and `ids_from_stdin` are passed in so the rule can be tested.
pub fn gate(
    yes: bool,
    stdin_is_terminal: bool,
    ids_from_stdin: bool,
    what: &str,
) -> Result<Gate, CliError> {
    if yes {
        return Ok(Gate::Confirmed);
    }
    if ids_from_stdin {
        return Err(CliError::usage(
            format!(
                "refusing to {what} without --yes: the ids came from standard input, so it cannot also answer a confirmation; nothing was sent"
            ),
            Some(
                "Add --yes (or -y) once you have checked the ids, e.g. with --dry-run.".to_string(),
            ),
        ));
    }
    if !stdin_is_terminal {
        return Err(CliError::usage(
            format!(
                "refusing to {what} without --yes: standard input is not a terminal, so no confirmation can be asked; nothing was sent"
            ),
            Some("In scripts, add --yes (or -y); check first with --dry-run.".to_string()),
        ));
    }
    Ok(Gate::Ask)
}

/// Whether `answer` confirms a removal of `count` items: the count typed exactly.
pub fn confirms(answer: &str, count: usize) -> bool {
    answer.trim() == count.to_string()
}

/// Asks on stderr and reads one line from stdin. `question` is e.g. "Delete 12 Leads".
pub fn ask(question: &str, note: Option<&str>, count: usize) -> Result<bool, CliError> {
    let mut err = std::io::stderr().lock();
    if let Some(n) = note {
        let _ = writeln!(err, "{n}");
    }
    let _ = write!(err, "{question}? Type {count} to confirm: ");
    let _ = err.flush();
    drop(err);
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::usage(format!("cannot read the confirmation: {e}"), None))?;
    Ok(confirms(&line, count))
}

pub fn stdin_is_terminal() -> bool {
    std::io::stdin().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_always_passes() {
        assert_eq!(gate(true, false, true, "x").unwrap(), Gate::Confirmed);
    }

    #[test]
    fn no_terminal_without_yes_is_a_usage_error() {
        let e = gate(false, false, false, "delete 3 Leads").unwrap_err();
        assert_eq!(e.status, 2);
        assert!(
            e.message
                .contains("refusing to delete 3 Leads without --yes")
        );
        assert!(e.message.contains("nothing was sent"));
    }

    #[test]
    fn ids_from_stdin_need_yes_even_on_a_terminal() {
        assert_eq!(gate(false, true, true, "x").unwrap_err().status, 2);
        assert_eq!(gate(false, true, false, "x").unwrap(), Gate::Ask);
    }

    #[test]
    fn only_the_exact_count_confirms() {
        assert!(confirms("12\n", 12));
        assert!(confirms("  12 ", 12));
        assert!(!confirms("y\n", 12));
        assert!(!confirms("11\n", 12));
        assert!(!confirms("", 12));
    }
}
