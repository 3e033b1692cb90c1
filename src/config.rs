//! Connection settings: named profiles in a TOML file, overridden by environment variables, then
//! by command-line flags. Every failure is a sentence plus a hint that shows a working profile.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::Deserialize;

use crate::app::columns::ColumnConfig;
use crate::cli::ConnectArgs;

mod columns;
use crate::zoho::{ClientConfig, Credentials, DEFAULT_API_VERSION, Endpoints, Secret};

/// Calls in flight by default: under the smallest edition's limit of 5 concurrent calls.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// Shown whenever the configuration is missing or wrong.
pub const EXAMPLE_PROFILE: &str = r#"default_profile = "prod"

[profiles.prod]
data_center = "eu"        # us, eu, in, au, jp, ca, cn, sa
                          # (or api_domain = "https://..." and accounts_url = "https://...")
api_version = 8
client_id = "1000.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
client_secret = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
refresh_token = "1000.xxxxxxxxxxxxxxxx.yyyyyyyyyyyyyyyy"
concurrency = 4"#;

/// A configuration problem: what is wrong, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
    pub hint: String,
}

impl ConfigError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Zoho's data centers, each with its accounts (OAuth) server and API domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataCenter {
    Us,
    Eu,
    In,
    Au,
    Jp,
    Ca,
    Cn,
    Sa,
}

impl DataCenter {
    pub const ALL: [DataCenter; 8] = [
        DataCenter::Us,
        DataCenter::Eu,
        DataCenter::In,
        DataCenter::Au,
        DataCenter::Jp,
        DataCenter::Ca,
        DataCenter::Cn,
        DataCenter::Sa,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DataCenter::Us => "us",
            DataCenter::Eu => "eu",
            DataCenter::In => "in",
            DataCenter::Au => "au",
            DataCenter::Jp => "jp",
            DataCenter::Ca => "ca",
            DataCenter::Cn => "cn",
            DataCenter::Sa => "sa",
        }
    }

    pub fn endpoints(self) -> Endpoints {
        let (accounts, api) = match self {
            DataCenter::Us => ("https://accounts.zoho.com", "https://www.zohoapis.com"),
            DataCenter::Eu => ("https://accounts.zoho.eu", "https://www.zohoapis.eu"),
            DataCenter::In => ("https://accounts.zoho.in", "https://www.zohoapis.in"),
            DataCenter::Au => (
                "https://accounts.zoho.com.au",
                "https://www.zohoapis.com.au",
            ),
            DataCenter::Jp => ("https://accounts.zoho.jp", "https://www.zohoapis.jp"),
            DataCenter::Ca => ("https://accounts.zohocloud.ca", "https://www.zohoapis.ca"),
            DataCenter::Cn => (
                "https://accounts.zoho.com.cn",
                "https://www.zohoapis.com.cn",
            ),
            DataCenter::Sa => ("https://accounts.zoho.sa", "https://www.zohoapis.sa"),
        };
        Endpoints {
            api_domain: api.to_string(),
            accounts_url: accounts.to_string(),
        }
    }
}

impl fmt::Display for DataCenter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for DataCenter {
    type Err = ConfigError;
    fn from_str(s: &str) -> Result<Self, ConfigError> {
        let wanted = s.trim().to_ascii_lowercase();
        // Zoho's own domain suffixes are accepted too: people copy them from the console URL.
        let wanted = match wanted.as_str() {
            "com" => "us",
            "com.au" => "au",
            "com.cn" => "cn",
            other => other,
        };
        DataCenter::ALL
            .into_iter()
            .find(|dc| dc.code() == wanted)
            .ok_or_else(|| {
                ConfigError::new(
                    format!("unknown data center `{s}`"),
                    "Use one of: us, eu, in, au, jp, ca, cn, sa (the suffix of your CRM's URL: \
                     crm.zoho.eu is eu), or set api_domain and accounts_url explicitly.",
                )
            })
    }
}

/// The environment variables that override the file (`ZCRM_*`), read once.
#[derive(Debug, Clone, Default)]
pub struct EnvOverrides {
    pub client_id: Option<String>,
    pub client_secret: Option<Secret>,
    pub refresh_token: Option<Secret>,
    pub dc: Option<String>,
}

impl EnvOverrides {
    pub fn from_process() -> Self {
        // Empty variables count as unset: `ZCRM_DC= zcrm-tui` should not fail on "".
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        Self {
            client_id: var("ZCRM_CLIENT_ID"),
            client_secret: var("ZCRM_CLIENT_SECRET").map(Secret::new),
            refresh_token: var("ZCRM_REFRESH_TOKEN").map(Secret::new),
            dc: var("ZCRM_DC"),
        }
    }
}

/// The file as written by the admin.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    default_profile: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, ProfileFile>,
    /// Module API name -> the fields its record panes show.
    #[serde(default)]
    columns: ColumnConfig,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileFile {
    data_center: Option<String>,
    api_domain: Option<String>,
    accounts_url: Option<String>,
    api_version: Option<u8>,
    client_id: Option<String>,
    client_secret: Option<Secret>,
    refresh_token: Option<Secret>,
    concurrency: Option<usize>,
    /// A production org: shown in a warning colour wherever the profile is named.
    #[serde(default)]
    production: bool,
}

impl ConfigFile {
    fn holds_secrets(&self) -> bool {
        self.profiles
            .values()
            .any(|p| p.client_secret.is_some() || p.refresh_token.is_some())
    }
}

/// Everything needed to connect, plus what the status line shows.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The profile's name; "environment" when only variables and flags were used.
    pub profile: String,
    /// `eu`, or the API domain's host when explicit domains were given.
    pub data_center: String,
    pub client: ClientConfig,
    /// The profile is marked `production = true`.
    pub production: bool,
    /// The file's `[columns]`.
    pub columns: ColumnConfig,
}

/// `$XDG_CONFIG_HOME/zcrm-tui/config.toml` on Linux, the platform's equivalent elsewhere.
pub fn default_config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "zcrm-tui").map(|d| d.config_dir().join("config.toml"))
}

/// Where the app keeps its data (journal, logs): `$ZCRM_DATA_DIR` when set, else the platform's
/// local data directory (`~/.local/share/zcrm-tui` on Linux).
pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("ZCRM_DATA_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "zcrm-tui").map(|d| d.data_local_dir().to_path_buf())
}

/// Where the log files go: `logs/` in [`data_dir`].
pub fn log_dir() -> Option<PathBuf> {
    data_dir().map(|d| d.join("logs"))
}

/// Where the connection is aimed, as one layer (file, environment, flags) says it.
#[derive(Debug, Clone)]
enum Target {
    Dc(DataCenter),
    Explicit(Endpoints),
}

/// Resolve the settings: profile from the file, then environment, then flags.
pub fn resolve(args: &ConnectArgs, env: &EnvOverrides) -> Result<Settings, ConfigError> {
    let path = match &args.config {
        Some(p) => Some(p.clone()),
        None => default_config_path(),
    };
    let file = match &path {
        Some(p) => load_file(p, args.config.is_some())?,
        None => None,
    };
    let shown_path = path
        .as_deref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "~/.config/zcrm-tui/config.toml".to_string());

    let (profile_name, profile) = pick_profile(args, file.as_ref(), &shown_path)?;

    let mut target = None;
    if let Some(p) = &profile {
        target = profile_target(p, profile_name.as_deref().unwrap_or("?"))?;
    }
    if let Some(dc) = &env.dc {
        target = Some(Target::Dc(
            dc.parse()
                .map_err(|e: ConfigError| with_source(e, "ZCRM_DC"))?,
        ));
    }
    if let Some(dc) = &args.dc {
        target = Some(Target::Dc(
            dc.parse()
                .map_err(|e: ConfigError| with_source(e, "--dc"))?,
        ));
    }
    if let (Some(api), Some(accounts)) = (&args.api_domain, &args.accounts_url) {
        target = Some(Target::Explicit(Endpoints {
            api_domain: clean_url(api, "--api-domain")?,
            accounts_url: clean_url(accounts, "--accounts-url")?,
        }));
    }

    let client_id = args
        .client_id
        .clone()
        .or_else(|| env.client_id.clone())
        .or_else(|| profile.as_ref().and_then(|p| p.client_id.clone()))
        .filter(|s| !s.trim().is_empty());
    let client_secret = env
        .client_secret
        .clone()
        .or_else(|| profile.as_ref().and_then(|p| p.client_secret.clone()))
        .filter(|s| !s.is_empty());
    let refresh_token = env
        .refresh_token
        .clone()
        .or_else(|| profile.as_ref().and_then(|p| p.refresh_token.clone()))
        .filter(|s| !s.is_empty());

    let mut missing = Vec::new();
    if target.is_none() {
        missing.push("data_center (or api_domain + accounts_url) / ZCRM_DC / --dc");
    }
    if client_id.is_none() {
        missing.push("client_id / ZCRM_CLIENT_ID / --client-id");
    }
    if client_secret.is_none() {
        missing.push("client_secret / ZCRM_CLIENT_SECRET");
    }
    if refresh_token.is_none() {
        missing.push("refresh_token / ZCRM_REFRESH_TOKEN");
    }
    if !missing.is_empty() {
        let what = match (&profile_name, &file) {
            (Some(name), _) => format!("profile `{name}` in {shown_path} is incomplete"),
            (None, Some(_)) => {
                format!("no profile chosen in {shown_path} and the environment is incomplete")
            }
            (None, None) => format!(
                "no Zoho CRM connection is configured ({shown_path} does not exist and the \
                 ZCRM_* variables are not all set)"
            ),
        };
        let list = missing
            .iter()
            .map(|m| format!("  - {m}"))
            .collect::<Vec<_>>()
            .join("\n");
        return Err(ConfigError::new(
            format!("{what}; missing:\n{list}"),
            example_hint(&shown_path),
        ));
    }

    let api_version = args
        .api_version
        .or_else(|| profile.as_ref().and_then(|p| p.api_version))
        .unwrap_or(DEFAULT_API_VERSION);
    if !(2..=8).contains(&api_version) {
        return Err(ConfigError::new(
            format!("api_version {api_version} is not supported"),
            "Use a version from 2 to 8 (8 is the newest and the default).",
        ));
    }
    let concurrency = args
        .concurrency
        .map(usize::from)
        .or_else(|| profile.as_ref().and_then(|p| p.concurrency))
        .unwrap_or(DEFAULT_CONCURRENCY);
    if concurrency == 0 || concurrency > 100 {
        return Err(ConfigError::new(
            format!("concurrency {concurrency} is out of range"),
            "Use 1 to 100; your edition allows 5 (Free) to 25 (Ultimate) concurrent calls.",
        ));
    }

    let (data_center, endpoints) = match target {
        Some(Target::Dc(dc)) => (dc.code().to_string(), dc.endpoints()),
        Some(Target::Explicit(e)) => (host_of(&e.api_domain), e),
        None => unreachable!("checked above"),
    };
    let production = profile.as_ref().is_some_and(|p| p.production);
    let columns = columns::checked(file.map(|f| f.columns).unwrap_or_default(), &shown_path)?;
    Ok(Settings {
        production,
        columns,
        profile: profile_name.unwrap_or_else(|| "environment".to_string()),
        data_center,
        client: ClientConfig {
            endpoints,
            api_version,
            credentials: Credentials {
                client_id: client_id.unwrap_or_default(),
                client_secret: client_secret.unwrap_or_default(),
                refresh_token: refresh_token.unwrap_or_default(),
            },
            concurrency,
        },
    })
}

/// `--demo`: the file's `[columns]` only (no profile is needed); an absent file, none.
pub fn demo_columns(args: &ConnectArgs) -> Result<ColumnConfig, ConfigError> {
    let Some(path) = args.config.clone().or_else(default_config_path) else {
        return Ok(ColumnConfig::new());
    };
    let file = load_file(&path, args.config.is_some())?;
    columns::checked(
        file.map(|f| f.columns).unwrap_or_default(),
        &path.display().to_string(),
    )
}

fn example_hint(path: &str) -> String {
    format!(
        "Create {path} with a profile like this (then `chmod 600 {path}`):\n\n{EXAMPLE_PROFILE}\n\n\
         or set ZCRM_DC, ZCRM_CLIENT_ID, ZCRM_CLIENT_SECRET and ZCRM_REFRESH_TOKEN. \
         To try the app without an org: zcrm-tui --demo"
    )
}

fn with_source(mut e: ConfigError, source: &str) -> ConfigError {
    e.message = format!("{} (from {source})", e.message);
    e
}

/// The largest configuration file read (README, "Files").
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The file as text, reading at most [`MAX_CONFIG_BYTES`] + 1 bytes, so that `/dev/zero` or a
/// runaway file ends in an error (`FileTooLarge`) rather than in memory run out.
fn read_capped(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(std::io::ErrorKind::FileTooLarge.into());
    }
    String::from_utf8(bytes).map_err(|_| std::io::ErrorKind::InvalidData.into())
}

/// Reads and checks the file. `None` when it does not exist and was not named explicitly.
fn load_file(path: &Path, explicit: bool) -> Result<Option<ConfigFile>, ConfigError> {
    let shown = path.display().to_string();
    let text = match read_capped(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::FileTooLarge => {
            return Err(ConfigError::new(
                format!(
                    "configuration file {shown} is larger than {} KiB; refusing to read it",
                    MAX_CONFIG_BYTES / 1024
                ),
                "A configuration holds a few profiles; point --config (or ZCRM_CONFIG) at the \
                 right file.",
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            return Err(ConfigError::new(
                format!("configuration file {shown} is not UTF-8 text"),
                example_hint(&shown),
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ConfigError::new(
                format!("configuration file {shown} does not exist"),
                example_hint(&shown),
            ));
        }
        Err(e) => {
            return Err(ConfigError::new(
                format!("cannot read configuration file {shown}: {e}"),
                "Check the path and its permissions (it should be readable by you only).",
            ));
        }
    };
    let parsed: Result<ConfigFile, _> = toml::from_str(&text);
    // Checked before any parse error is shown: a file that may hold secrets must be private.
    let may_hold_secrets = match &parsed {
        Ok(f) => f.holds_secrets(),
        Err(_) => text.contains("client_secret") || text.contains("refresh_token"),
    };
    if may_hold_secrets {
        check_private(path)?;
    }
    match parsed {
        Ok(f) => Ok(Some(f)),
        Err(e) => {
            // The toml error's own Display quotes the offending line, which may be a secret:
            // give the line number and the reason only.
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            let at = line.map(|l| format!(" at line {l}")).unwrap_or_default();
            Err(ConfigError::new(
                format!("{shown}{at} is not a valid configuration: {}", e.message()),
                example_hint(&shown),
            ))
        }
    }
}

#[cfg(unix)]
fn check_private(path: &Path) -> Result<(), ConfigError> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode())
        .unwrap_or(0);
    if mode & 0o077 != 0 {
        let shown = path.display();
        return Err(ConfigError::new(
            format!(
                "{shown} holds secrets but is readable by others (mode {:o}); refusing to use it",
                mode & 0o777
            ),
            format!("Run: chmod 600 {shown}"),
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> Result<(), ConfigError> {
    Ok(())
}

fn pick_profile(
    args: &ConnectArgs,
    file: Option<&ConfigFile>,
    shown_path: &str,
) -> Result<(Option<String>, Option<ProfileFile>), ConfigError> {
    let Some(file) = file else {
        return match &args.profile {
            Some(name) => Err(ConfigError::new(
                format!("profile `{name}` asked for, but {shown_path} does not exist"),
                example_hint(shown_path),
            )),
            None => Ok((None, None)),
        };
    };
    let known = || {
        if file.profiles.is_empty() {
            "the file defines no profile".to_string()
        } else {
            format!(
                "profiles in the file: {}",
                file.profiles.keys().cloned().collect::<Vec<_>>().join(", ")
            )
        }
    };
    let (name, from) = match (&args.profile, &file.default_profile) {
        (Some(n), _) => (n.clone(), "--profile"),
        (None, Some(n)) => (n.clone(), "default_profile"),
        // One profile and no default: that one is meant.
        (None, None) if file.profiles.len() == 1 => match file.profiles.keys().next() {
            Some(n) => (n.clone(), "the only profile"),
            None => return Ok((None, None)),
        },
        (None, None) => return Ok((None, None)),
    };
    match file.profiles.get(&name) {
        Some(p) => Ok((Some(name), Some(p.clone()))),
        None => Err(ConfigError::new(
            format!(
                "unknown profile `{name}` (from {from}) in {shown_path}; {}",
                known()
            ),
            example_hint(shown_path),
        )),
    }
}

fn profile_target(p: &ProfileFile, name: &str) -> Result<Option<Target>, ConfigError> {
    let source = format!("profile `{name}`");
    match (&p.data_center, &p.api_domain, &p.accounts_url) {
        (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(ConfigError::new(
            format!("{source} sets both data_center and explicit domains"),
            "Keep either data_center, or api_domain + accounts_url.",
        )),
        (Some(dc), None, None) => Ok(Some(Target::Dc(
            dc.parse().map_err(|e| with_source(e, &source))?,
        ))),
        (None, Some(api), Some(acc)) => Ok(Some(Target::Explicit(Endpoints {
            api_domain: clean_url(api, &format!("{source} api_domain"))?,
            accounts_url: clean_url(acc, &format!("{source} accounts_url"))?,
        }))),
        (None, Some(_), None) | (None, None, Some(_)) => Err(ConfigError::new(
            format!("{source} sets only one of api_domain and accounts_url"),
            "Set both (e.g. api_domain = \"https://www.zohoapis.com\", \
             accounts_url = \"https://accounts.zoho.com\"), or use data_center.",
        )),
        (None, None, None) => Ok(None),
    }
}

/// A base URL without its trailing slash; http(s) only.
fn clean_url(raw: &str, source: &str) -> Result<String, ConfigError> {
    let trimmed = raw.trim().trim_end_matches('/');
    match url::Url::parse(trimmed) {
        Ok(u) if (u.scheme() == "https" || u.scheme() == "http") && u.host().is_some() => {
            Ok(trimmed.to_string())
        }
        _ => Err(ConfigError::new(
            format!("{source}: `{raw}` is not an http(s) URL"),
            "Give a base URL such as https://www.zohoapis.com (no path).",
        )),
    }
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| {
            u.host_str().map(|h| match u.port() {
                Some(p) => format!("{h}:{p}"),
                None => h.to_string(),
            })
        })
        .unwrap_or_else(|| url.to_string())
}

#[cfg(test)]
mod tests {
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
}
