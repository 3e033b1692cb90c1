//! The TUI refuses to start without a terminal that can draw: a sentence and exit 2, never
//! escape codes on a pipe or a dumb terminal.

use crate::cli_support as support;

use support::*;

const ALTERNATE_SCREEN: &str = "\u{1b}[?1049h";

#[test]
fn standard_output_not_a_terminal_is_said_and_nothing_is_drawn() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    // Standard input is /dev/null and standard output a pipe: no terminal at all.
    let o = run(bin(home.path()).arg("--demo").env("ZCRM_DATA_DIR", &data));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("error: standard output is not a terminal"),
        "{err}"
    );
    assert!(err.contains("hint: Run zcrm-tui in a terminal"), "{err}");
    assert!(stdout(&o).is_empty(), "{:?}", stdout(&o));
}

#[test]
fn term_dumb_is_said_in_a_pty_without_taking_the_screen() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let data = data.to_str().unwrap();
    let tui = PtyRun::start(
        home.path(),
        &["--demo"],
        &[("TERM", "dumb"), ("ZCRM_DATA_DIR", data)],
    );
    let (code, shown) = tui.finish();
    assert_eq!(code, 2, "{shown}");
    assert!(
        shown.contains("error: the terminal cannot draw the TUI (TERM=dumb)"),
        "{shown}"
    );
    assert!(!shown.contains(ALTERNATE_SCREEN), "{shown:?}");
    assert!(
        !shown.contains("\u{1b}[?25l"),
        "the cursor was hidden: {shown:?}"
    );
}
