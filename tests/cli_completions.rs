//! `zcrm-tui completions SHELL` and `zcrm-tui man` through the binary.

use crate::cli_support as support;

use support::*;

const SUBCOMMANDS: [&str; 9] = [
    "sandbox",
    "delete",
    "delink",
    "delink-external",
    "delete-roles",
    "journal",
    "completions",
    "man",
    "help",
];

#[test]
fn the_bash_script_is_generated_and_names_every_subcommand() {
    let home = tempfile::tempdir().unwrap();
    let o = run(bin(home.path()).args(["completions", "bash"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let script = stdout(&o);
    assert!(script.contains("_zcrm__tui()"), "{script}");
    assert!(script.contains("complete -F _zcrm__tui"), "{script}");
    let top = script
        .lines()
        .find(|l| l.contains("opts=") && l.contains("delete-roles"))
        .unwrap_or_else(|| panic!("no top-level word list:\n{script}"));
    for sub in SUBCOMMANDS {
        assert!(
            top.split_whitespace().any(|w| w.trim_matches('"') == sub),
            "{sub} missing from {top}"
        );
    }
    for word in ["--read-only", "--profile", "undo", "resume", "export"] {
        assert!(script.contains(word), "{word} missing");
    }
    // `bash -n` reads it as a valid script.
    let checked = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .status();
    if let Ok(s) = checked {
        assert!(s.success(), "bash -n refused the script");
    }
}

#[test]
fn zsh_and_fish_scripts_and_the_man_page() {
    let home = tempfile::tempdir().unwrap();
    let zsh = run(bin(home.path()).args(["completions", "zsh"]));
    assert_eq!(status(&zsh), 0);
    assert!(stdout(&zsh).starts_with("#compdef zcrm-tui"));
    let fish = run(bin(home.path()).args(["completions", "fish"]));
    assert_eq!(status(&fish), 0);
    assert!(stdout(&fish).contains("complete -c zcrm-tui"));
    assert!(stdout(&fish).contains("delink-external"));

    let man = run(bin(home.path()).arg("man"));
    assert_eq!(status(&man), 0, "{}", stderr(&man));
    let page = stdout(&man);
    assert!(page.contains(".TH zcrm-tui"), "{page}");
    assert!(page.contains("delink\\-external"), "{page}");

    let other = run(bin(home.path()).args(["completions", "tcsh"]));
    assert_eq!(status(&other), 2);
    assert!(
        stderr(&other).contains("bash, zsh, fish"),
        "{}",
        stderr(&other)
    );
}
