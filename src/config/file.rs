//! The configuration file: its shape, and reading it safely (capped in size, owner-only when
//! it holds secrets).

use super::*;

/// The file as written by the admin.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConfigFile {
    pub(super) default_profile: Option<String>,
    #[serde(default)]
    pub(super) profiles: BTreeMap<String, ProfileFile>,
    /// Module API name -> the fields its record panes show.
    #[serde(default)]
    pub(super) columns: ColumnConfig,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProfileFile {
    pub(super) data_center: Option<String>,
    pub(super) api_domain: Option<String>,
    pub(super) accounts_url: Option<String>,
    pub(super) api_version: Option<u8>,
    pub(super) client_id: Option<String>,
    pub(super) client_secret: Option<Secret>,
    pub(super) refresh_token: Option<Secret>,
    pub(super) concurrency: Option<usize>,
    /// A production org: shown in a warning colour wherever the profile is named.
    #[serde(default)]
    pub(super) production: bool,
    /// Browse only: the client refuses every call that changes data.
    #[serde(default)]
    pub(super) read_only: bool,
}

impl ConfigFile {
    pub(super) fn holds_secrets(&self) -> bool {
        self.profiles
            .values()
            .any(|p| p.client_secret.is_some() || p.refresh_token.is_some())
    }
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
pub(super) fn load_file(path: &Path, explicit: bool) -> Result<Option<ConfigFile>, ConfigError> {
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
