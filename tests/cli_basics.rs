//! The binary's surface: version, help, usage errors.

use crate::cli_support as support;

use support::*;

#[test]
fn version_prints_name_and_version() {
    let home = tempfile::tempdir().unwrap();
    let o = run(bin(home.path()).arg("--version"));
    assert_eq!(status(&o), 0);
    assert_eq!(
        stdout(&o).trim(),
        format!("zcrm-tui {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_every_subcommand_and_the_demo() {
    let home = tempfile::tempdir().unwrap();
    let o = run(bin(home.path()).arg("--help"));
    assert_eq!(status(&o), 0);
    let out = stdout(&o);
    for word in [
        "sandbox",
        "delete",
        "delink",
        "delink-external",
        "delete-roles",
        "--demo",
        "--profile",
    ] {
        assert!(out.contains(word), "`{word}` missing from:\n{out}");
    }
    // The default concurrency comes from the org's edition; the help once still said 4.
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("[default: the org's edition's limit minus 2, at least 3"),
        "{out}"
    );
    let o = run(bin(home.path()).args(["delete", "--help"]));
    assert_eq!(status(&o), 0);
    for word in ["--ids-file", "--dry-run", "--yes", "--json", "--wf-trigger"] {
        assert!(stdout(&o).contains(word), "`{word}` missing");
    }
}

#[test]
fn usage_errors_exit_2() {
    let home = tempfile::tempdir().unwrap();
    let o = run(bin(home.path()).args(["delete"]));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    let o = run(bin(home.path()).args(["delete", "Leads", "--ids", "1", "--ids-file", "f"]));
    assert_eq!(status(&o), 2);
    let o = run(bin(home.path()).args(["--api-version", "9"]));
    assert_eq!(status(&o), 2);
    // No ids at all: refused by us, also with 2 and a hint.
    let o = run(bin(home.path()).args(["delete", "Leads"]));
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("no ids given"), "{}", stderr(&o));
}

#[test]
fn invalid_ids_are_refused_before_the_configuration_is_even_read() {
    let home = tempfile::tempdir().unwrap();
    let o = run(bin(home.path()).args(["delete", "Leads", "--ids", "12,abc", "--yes"]));
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("item 2: `abc`"), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
}
