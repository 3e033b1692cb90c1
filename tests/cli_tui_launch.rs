//! Starting the TUI: from a profile of the configuration file (against a sandbox served by this
//! process) and with --demo. The status line names what it is connected to.

use crate::cli_support as support;

use support::*;

#[test]
fn a_profile_opens_the_tui_on_that_org() {
    let org = Org::start();
    let c = org.sb().credentials();
    let path = org.profile_file("local-org", "api_version = 6");
    let path = path.to_str().unwrap();
    let mut tui = PtyRun::start(org.home.path(), &[], &[("ZCRM_CONFIG", path)]);
    tui.wait_for("local-org │ dc 127.0.0.1:");
    tui.wait_for("API v6");
    // The module list came from the sandbox through the profile's credentials.
    tui.wait_for("Appointments");
    assert!(
        org.control()
            .requests()
            .iter()
            .any(|r| r.path.starts_with("/crm/v6/settings/modules")),
        "{:?}",
        org.control().requests()
    );
    tui.send(b"q");
    let (code, screen) = tui.finish();
    assert_eq!(code, 0, "{screen}");
    assert!(!screen.contains(c.client_secret.expose()));
    assert!(!screen.contains(c.refresh_token.expose()));
}

#[test]
fn demo_opens_the_tui_on_the_built_in_sandbox() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = PtyRun::start(home.path(), &["--demo"], &[]);
    tui.wait_for("demo │ dc sandbox │ API v8");
    tui.wait_for("Appointments");
    tui.send(b"q");
    let (code, screen) = tui.finish();
    assert_eq!(code, 0, "{screen}");
}

#[test]
fn a_journal_that_cannot_be_opened_is_said_before_the_screen_is_taken() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data-dir");
    std::fs::create_dir_all(&data).unwrap();
    // Where the journal directory should be, a file.
    std::fs::write(data.join("journal"), "not a directory").unwrap();
    let out = run(bin(home.path()).arg("--demo").env("ZCRM_DATA_DIR", &data));
    assert_eq!(status(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("journal"), "{err}");
    assert!(
        err.contains("ZCRM_DATA_DIR"),
        "the hint names the way out: {err}"
    );
    // The TUI never started: no alternate screen was entered.
    assert!(!stdout(&out).contains("\u{1b}[?1049h"), "{}", stdout(&out));
}

#[test]
fn token_throttle_is_a_demo_flag() {
    let home = tempfile::tempdir().unwrap();
    let out = bin(home.path()).arg("--token-throttle").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--demo"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut tui = PtyRun::start(home.path(), &["--demo", "--token-throttle"], &[]);
    tui.wait_for("Appointments");
    tui.send(b"q");
    let (code, screen) = tui.finish();
    assert_eq!(code, 0, "{screen}");
}
