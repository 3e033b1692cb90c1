//! Configuration as the admin meets it through the binary: missing, unsafe, wrong.
//! (The environment overriding the file against a live sandbox is in cli_removals.rs.)

use crate::cli_support as support;

use support::*;

const WITH_SECRETS: &str = r#"
default_profile = "local"
[profiles.local]
api_domain = "http://127.0.0.1:9"
accounts_url = "http://127.0.0.1:9"
client_id = "1000.TEST"
client_secret = "do-not-print-me"
refresh_token = "1000.also.secret"
"#;

#[cfg(unix)]
#[test]
fn world_readable_config_with_secrets_is_refused_with_the_chmod_to_run() {
    let home = tempfile::tempdir().unwrap();
    let path = write_file(home.path(), "config.toml", WITH_SECRETS, 0o644);
    let o = run(bin(home.path())
        .args(["delete", "Leads", "--ids", "1", "--yes", "--config"])
        .arg(&path));
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains(&format!("chmod 600 {}", path.display())),
        "{err}"
    );
    assert!(!err.contains("do-not-print-me") && !err.contains("1000.also.secret"));
    assert!(stdout(&o).is_empty());
}

#[cfg(unix)]
#[test]
fn group_readable_is_refused_too_and_zcrm_config_names_the_file() {
    let home = tempfile::tempdir().unwrap();
    let path = write_file(home.path(), "c.toml", WITH_SECRETS, 0o640);
    let o = run(bin(home.path())
        .args(["delete-roles", "--ids", "1", "--yes"])
        .env("ZCRM_CONFIG", &path));
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains(&format!("chmod 600 {}", path.display())));
}

#[test]
fn missing_configuration_explains_and_shows_an_example_profile() {
    let home = tempfile::tempdir().unwrap();
    // Default location (under XDG_CONFIG_HOME), which does not exist.
    let o = run(bin(home.path()).args(["delete", "Leads", "--ids", "1", "--yes"]));
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("no Zoho CRM connection is configured"),
        "{err}"
    );
    assert!(err.contains("zcrm-tui/config.toml"), "{err}");
    assert!(err.contains("[profiles.prod]") && err.contains("data_center = \"eu\""));
    assert!(err.contains("ZCRM_REFRESH_TOKEN"));
    // No stack trace, no Debug dump.
    assert!(
        !err.contains("panicked") && !err.contains("ConfigError {"),
        "{err}"
    );

    // Same without a subcommand (the TUI would start).
    let o = run(&mut bin(home.path()));
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("[profiles.prod]"));
}

#[test]
fn unknown_profile_and_unknown_data_center_are_explained() {
    let home = tempfile::tempdir().unwrap();
    let path = write_file(home.path(), "config.toml", WITH_SECRETS, 0o600);
    let o = run(bin(home.path())
        .args([
            "delete",
            "Leads",
            "--ids",
            "1",
            "--yes",
            "--profile",
            "prod",
            "--config",
        ])
        .arg(&path));
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("unknown profile `prod`"), "{err}");
    assert!(err.contains("profiles in the file: local"), "{err}");
    assert!(err.contains("[profiles.prod]"), "{err}");

    let o = run(bin(home.path())
        .args([
            "delete", "Leads", "--ids", "1", "--yes", "--dc", "mars", "--config",
        ])
        .arg(&path));
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("unknown data center `mars`"));
}

#[test]
fn environment_overrides_the_profile() {
    // The file's data center is fine; ZCRM_DC in the environment wins, and here it is wrong,
    // which the message attributes to the variable.
    let home = tempfile::tempdir().unwrap();
    let text = "[profiles.p]\ndata_center = \"eu\"\nclient_id = \"a\"\nclient_secret = \"b\"\nrefresh_token = \"c\"\n";
    let path = write_file(home.path(), "config.toml", text, 0o600);
    let o = run(bin(home.path())
        .args(["delete", "Leads", "--ids", "1", "--yes", "--config"])
        .arg(&path)
        .env("ZCRM_DC", "atlantis"));
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("unknown data center `atlantis` (from ZCRM_DC)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_typo_in_the_file_gives_its_line_not_its_secret() {
    let home = tempfile::tempdir().unwrap();
    let text = "[profiles.p]\nclient_secret = \"hush-hush\"\nrefresh_tokn = \"x\"\n";
    let path = write_file(home.path(), "config.toml", text, 0o600);
    let o = run(bin(home.path())
        .args(["delete", "Leads", "--ids", "1", "--yes", "--config"])
        .arg(&path));
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("line 3"), "{err}");
    assert!(!err.contains("hush-hush"), "{err}");
}
