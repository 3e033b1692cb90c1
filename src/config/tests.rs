use super::*;
use std::io::Write;

fn write_config(text: &str, mode: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let mut f = std::fs::File::create(&path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    dir
}

fn args_for(dir: &tempfile::TempDir) -> ConnectArgs {
    ConnectArgs {
        config: Some(dir.path().join("config.toml")),
        ..Default::default()
    }
}

const FULL: &str = r#"
default_profile = "prod"
[profiles.prod]
data_center = "eu"
client_id = "1000.ABC"
client_secret = "s3cr3t"
refresh_token = "1000.r.t"
concurrency = 3
[profiles.test]
api_domain = "http://127.0.0.1:9000/"
accounts_url = "http://127.0.0.1:9000"
api_version = 6
client_id = "1000.T"
client_secret = "x"
refresh_token = "y"
"#;

#[test]
fn every_data_center_maps_to_its_domains() {
    let eu = "eu".parse::<DataCenter>().unwrap().endpoints();
    assert_eq!(eu.api_domain, "https://www.zohoapis.eu");
    assert_eq!(eu.accounts_url, "https://accounts.zoho.eu");
    let ca = "CA".parse::<DataCenter>().unwrap().endpoints();
    assert_eq!(ca.accounts_url, "https://accounts.zohocloud.ca");
    assert_eq!("com.au".parse::<DataCenter>().unwrap(), DataCenter::Au);
    for dc in DataCenter::ALL {
        assert_eq!(dc.code().parse::<DataCenter>().unwrap(), dc);
    }
    let err = "mars".parse::<DataCenter>().unwrap_err();
    assert!(err.message.contains("mars"));
    assert!(err.hint.contains("us, eu"));
}

#[test]
fn default_profile_is_used() {
    let dir = write_config(FULL, 0o600);
    let s = resolve(&args_for(&dir), &EnvOverrides::default()).unwrap();
    assert_eq!(s.profile, "prod");
    assert_eq!(s.data_center, "eu");
    assert_eq!(s.client.endpoints.api_domain, "https://www.zohoapis.eu");
    assert_eq!(s.client.api_version, 8);
    assert_eq!(s.client.concurrency, 3);
    assert!(s.concurrency_pinned, "the profile pins it");
    assert_eq!(s.client.credentials.client_id, "1000.ABC");
    assert_eq!(s.client.credentials.client_secret.expose(), "s3cr3t");
}

#[test]
fn named_profile_with_explicit_domains() {
    let dir = write_config(FULL, 0o600);
    let mut args = args_for(&dir);
    args.profile = Some("test".into());
    let s = resolve(&args, &EnvOverrides::default()).unwrap();
    assert_eq!(s.client.endpoints.api_domain, "http://127.0.0.1:9000");
    assert_eq!(s.client.api_version, 6);
    assert_eq!(s.client.concurrency, DEFAULT_CONCURRENCY);
    assert!(!s.concurrency_pinned, "the org's edition chooses it");
    assert_eq!(s.data_center, "127.0.0.1:9000");
}

#[test]
fn environment_overrides_the_file_and_flags_override_both() {
    let dir = write_config(FULL, 0o600);
    let env = EnvOverrides {
        client_id: Some("1000.ENV".into()),
        client_secret: Some(Secret::new("envsecret")),
        refresh_token: None,
        dc: Some("in".into()),
    };
    let s = resolve(&args_for(&dir), &env).unwrap();
    assert_eq!(s.client.credentials.client_id, "1000.ENV");
    assert_eq!(s.client.credentials.client_secret.expose(), "envsecret");
    assert_eq!(s.client.credentials.refresh_token.expose(), "1000.r.t");
    assert_eq!(s.data_center, "in");

    let mut args = args_for(&dir);
    args.client_id = Some("1000.FLAG".into());
    args.api_domain = Some("http://localhost:1".into());
    args.accounts_url = Some("http://localhost:2".into());
    args.concurrency = Some(7);
    let s = resolve(&args, &env).unwrap();
    assert_eq!(s.client.credentials.client_id, "1000.FLAG");
    assert_eq!(s.client.endpoints.accounts_url, "http://localhost:2");
    assert_eq!(s.client.concurrency, 7);
    assert!(s.concurrency_pinned);
}

#[cfg(unix)]
#[test]
fn readable_file_with_secrets_is_refused_with_the_chmod() {
    let dir = write_config(FULL, 0o644);
    let err = resolve(&args_for(&dir), &EnvOverrides::default()).unwrap_err();
    let path = dir.path().join("config.toml");
    assert_eq!(err.hint, format!("Run: chmod 600 {}", path.display()));
    assert!(err.message.contains("readable by others"));
    // Without secrets in it, the same mode is fine.
    let dir = write_config("[profiles.p]\ndata_center = \"us\"\n", 0o644);
    let env = EnvOverrides {
        client_id: Some("i".into()),
        client_secret: Some(Secret::new("s")),
        refresh_token: Some(Secret::new("r")),
        dc: None,
    };
    assert!(resolve(&args_for(&dir), &env).is_ok());
}

#[test]
fn unknown_profile_lists_the_known_ones_and_shows_the_example() {
    let dir = write_config(FULL, 0o600);
    let mut args = args_for(&dir);
    args.profile = Some("staging".into());
    let err = resolve(&args, &EnvOverrides::default()).unwrap_err();
    assert!(err.message.contains("unknown profile `staging`"));
    assert!(err.message.contains("prod, test"));
    assert!(err.hint.contains("[profiles.prod]"));
}

#[test]
fn missing_file_shows_the_example_and_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let args = ConnectArgs {
        config: Some(dir.path().join("nope.toml")),
        ..Default::default()
    };
    let err = resolve(&args, &EnvOverrides::default()).unwrap_err();
    assert!(err.message.contains("does not exist"), "{}", err.message);
    assert!(err.hint.contains("[profiles.prod]"));
}

#[test]
fn incomplete_profile_names_the_missing_fields() {
    let dir = write_config("[profiles.p]\ndata_center = \"us\"\n", 0o600);
    let err = resolve(&args_for(&dir), &EnvOverrides::default()).unwrap_err();
    assert!(err.message.contains("profile `p`"));
    assert!(err.message.contains("client_id"));
    assert!(err.message.contains("refresh_token"));
    assert!(!err.message.contains("data_center"));
}

#[test]
fn parse_errors_give_the_line_but_never_the_secret() {
    let dir = write_config(
        "[profiles.p]\nclient_secret = \"topsecretvalue\"\ndata_centre = \"eu\"\n",
        0o600,
    );
    let err = resolve(&args_for(&dir), &EnvOverrides::default()).unwrap_err();
    assert!(err.message.contains("line 3"), "{}", err.message);
    assert!(err.message.contains("data_centre"), "{}", err.message);
    assert!(!err.message.contains("topsecretvalue"));
    assert!(!err.hint.contains("topsecretvalue"));
}

#[test]
fn unknown_data_center_in_a_profile_is_explained() {
    let dir = write_config(
        "[profiles.p]\ndata_center = \"xx\"\nclient_id=\"a\"\nclient_secret=\"b\"\nrefresh_token=\"c\"\n",
        0o600,
    );
    let err = resolve(&args_for(&dir), &EnvOverrides::default()).unwrap_err();
    assert!(err.message.contains("unknown data center `xx`"));
    assert!(err.message.contains("profile `p`"));
}

#[test]
fn settings_debug_never_shows_secrets() {
    let dir = write_config(FULL, 0o600);
    let s = resolve(&args_for(&dir), &EnvOverrides::default()).unwrap();
    let dbg = format!("{s:?}");
    assert!(!dbg.contains("s3cr3t") && !dbg.contains("1000.r.t"));
}

#[test]
fn read_only_comes_from_the_profile_or_the_flag() {
    let dir = write_config(FULL, 0o600);
    let s = resolve(&args_for(&dir), &EnvOverrides::default()).unwrap();
    assert!(!s.read_only, "off by default");
    let mut args = args_for(&dir);
    args.read_only = true;
    assert!(resolve(&args, &EnvOverrides::default()).unwrap().read_only);

    let text = FULL.replace("concurrency = 3", "concurrency = 3\nread_only = true");
    let dir = write_config(&text, 0o600);
    let s = resolve(&args_for(&dir), &EnvOverrides::default()).unwrap();
    assert!(s.read_only);
    // Per profile: another profile of the same file stays writable.
    let mut other = args_for(&dir);
    other.profile = Some("test".into());
    assert!(!resolve(&other, &EnvOverrides::default()).unwrap().read_only);
}
