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
mod data_center;
mod file;

use crate::zoho::{ClientConfig, Credentials, DEFAULT_API_VERSION, Endpoints, Secret};
pub use data_center::DataCenter;
pub use file::MAX_CONFIG_BYTES;
use file::{ConfigFile, ProfileFile, load_file};

/// Calls in flight when the admin pinned nothing and the org's edition cannot be read (the
/// edition's limit minus 2 otherwise): under the smallest edition's limit of 5.
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
# concurrency = 8         # pins it; unset: the org's edition's limit minus 2"#;

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
    /// `read_only = true` in the profile, or `--read-only`: nothing is changed.
    pub read_only: bool,
    /// The file's `[columns]`.
    pub columns: ColumnConfig,
    /// `--concurrency` or the profile's `concurrency` set it; else the org's edition does.
    pub concurrency_pinned: bool,
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
    let pinned = args
        .concurrency
        .map(usize::from)
        .or_else(|| profile.as_ref().and_then(|p| p.concurrency));
    let concurrency = pinned.unwrap_or(DEFAULT_CONCURRENCY);
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
    let read_only = args.read_only || profile.as_ref().is_some_and(|p| p.read_only);
    let columns = columns::checked(file.map(|f| f.columns).unwrap_or_default(), &shown_path)?;
    Ok(Settings {
        concurrency_pinned: pinned.is_some(),
        production,
        read_only,
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
mod tests;
