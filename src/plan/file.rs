//! A plan's file: written atomically, read with every way it can be unusable told apart.

use std::collections::HashSet;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{FORMAT, Plan};

/// A plan of a million records with long names stays well under this; a larger file is not
/// one of ours and is not read into memory.
pub const MAX_PLAN_BYTES: u64 = 512 * 1024 * 1024;

/// Why a plan file cannot be used (nothing was sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    Missing {
        path: PathBuf,
    },
    Read {
        path: PathBuf,
        error: String,
    },
    Empty {
        path: PathBuf,
    },
    TooLarge {
        path: PathBuf,
        bytes: u64,
        max: u64,
    },
    /// The JSON ends mid-way: the file was cut short.
    Truncated {
        path: PathBuf,
    },
    NotJson {
        path: PathBuf,
        error: String,
    },
    /// JSON, but no `format` number: not a plan.
    NotAPlan {
        path: PathBuf,
    },
    UnknownFormat {
        path: PathBuf,
        format: u64,
    },
    /// A plan whose contents do not hold together (`what` says how).
    Invalid {
        path: PathBuf,
        what: String,
    },
    /// The plan file exists and `--force` was not given.
    Exists {
        path: PathBuf,
    },
    Write {
        path: PathBuf,
        error: String,
    },
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Missing { path } => write!(f, "plan file {} does not exist", path.display()),
            PlanError::Read { path, error } => {
                write!(f, "cannot read plan file {}: {error}", path.display())
            }
            PlanError::Empty { path } => write!(f, "plan file {} is empty", path.display()),
            PlanError::TooLarge { path, bytes, max } => write!(
                f,
                "plan file {} is {} bytes; a plan is at most {} bytes",
                path.display(),
                crate::numbers::thousands(*bytes),
                crate::numbers::thousands(*max)
            ),
            PlanError::Truncated { path } => write!(
                f,
                "plan file {} is cut short (its JSON ends mid-way)",
                path.display()
            ),
            PlanError::NotJson { path, error } => {
                write!(f, "plan file {} is not JSON: {error}", path.display())
            }
            PlanError::NotAPlan { path } => write!(
                f,
                "{} is not a zcrm-tui plan (no `format` number)",
                path.display()
            ),
            PlanError::UnknownFormat { path, format } => write!(
                f,
                "plan file {} has format {format}; this zcrm-tui reads format {FORMAT}",
                path.display()
            ),
            PlanError::Invalid { path, what } => {
                write!(f, "plan file {} is not usable: {what}", path.display())
            }
            PlanError::Exists { path } => write!(f, "{} exists already", path.display()),
            PlanError::Write { path, error } => {
                write!(f, "cannot write plan file {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for PlanError {}

impl PlanError {
    /// What the admin can do about it.
    pub fn hint(&self) -> String {
        match self {
            PlanError::Exists { .. } => {
                "Give another file name, or --force to replace the plan that is there.".into()
            }
            PlanError::Write { .. } => "Choose a writable directory for the plan.".into(),
            PlanError::UnknownFormat { .. } => {
                "Apply it with the zcrm-tui that made it, or make the plan again.".into()
            }
            _ => "Make the plan again (`zcrm-tui delete MODULE ... --plan FILE`); a plan file \
                  is not meant to be edited by hand."
                .into(),
        }
    }
}

/// Reads and checks the plan at `path`.
pub fn read(path: &Path) -> Result<Plan, PlanError> {
    read_with_limit(path, MAX_PLAN_BYTES)
}

/// [`read`] with another size limit (tests).
pub fn read_with_limit(path: &Path, max: u64) -> Result<Plan, PlanError> {
    let p = || path.to_path_buf();
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => PlanError::Missing { path: p() },
        _ => PlanError::Read {
            path: p(),
            error: e.to_string(),
        },
    })?;
    let read_error = |e: std::io::Error| PlanError::Read {
        path: p(),
        error: e.to_string(),
    };
    let bytes = file.metadata().map_err(read_error)?.len();
    if bytes > max {
        return Err(PlanError::TooLarge {
            path: p(),
            bytes,
            max,
        });
    }
    let mut text = Vec::with_capacity(bytes as usize);
    // Bounded even if the file grows while it is read.
    file.take(max + 1)
        .read_to_end(&mut text)
        .map_err(read_error)?;
    if text.len() as u64 > max {
        return Err(PlanError::TooLarge {
            path: p(),
            bytes: text.len() as u64,
            max,
        });
    }
    parse(path, &text)
}

fn parse(path: &Path, text: &[u8]) -> Result<Plan, PlanError> {
    let p = || path.to_path_buf();
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(PlanError::Empty { path: p() });
    }
    let value: Value = serde_json::from_slice(text).map_err(|e| {
        if e.is_eof() {
            PlanError::Truncated { path: p() }
        } else {
            PlanError::NotJson {
                path: p(),
                error: e.to_string(),
            }
        }
    })?;
    let format = value
        .get("format")
        .and_then(Value::as_u64)
        .ok_or(PlanError::NotAPlan { path: p() })?;
    if format != u64::from(FORMAT) {
        return Err(PlanError::UnknownFormat { path: p(), format });
    }
    let plan: Plan = serde_json::from_value(value).map_err(|e| PlanError::Invalid {
        path: p(),
        what: e.to_string(),
    })?;
    check(&plan).map_err(|what| PlanError::Invalid { path: p(), what })?;
    Ok(plan)
}

/// What a plan must hold to be applied.
fn check(plan: &Plan) -> Result<(), String> {
    let module = plan.operation.module();
    if module.is_empty()
        || !module
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(format!("`{module}` is not a module API name"));
    }
    if plan.count != plan.records.len() {
        return Err(format!(
            "it says {} records but lists {}",
            plan.count,
            plan.records.len()
        ));
    }
    if plan.records.is_empty() {
        return Err("it lists no records".into());
    }
    let mut seen = HashSet::new();
    for r in &plan.records {
        let id = r.id.as_str();
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "`{}` is not a record id",
                crate::text::strip_controls(id)
            ));
        }
        if !seen.insert(id) {
            return Err(format!("record {id} is listed twice"));
        }
    }
    if plan.org.api_domain.trim().is_empty() {
        return Err("it names no org (api_domain)".into());
    }
    Ok(())
}

/// Writes `plan` to `path` whole or not at all: a temporary file next to it, synced, renamed
/// over it. An existing file is kept unless `overwrite` (a plan under review is not replaced
/// by accident).
pub fn write(path: &Path, plan: &Plan, overwrite: bool) -> Result<(), PlanError> {
    let failed = |e: std::io::Error| PlanError::Write {
        path: path.to_path_buf(),
        error: e.to_string(),
    };
    if !overwrite && path.exists() {
        return Err(PlanError::Exists {
            path: path.to_path_buf(),
        });
    }
    let mut text = serde_json::to_vec_pretty(plan).map_err(|e| PlanError::Write {
        path: path.to_path_buf(),
        error: e.to_string(),
    })?;
    text.push(b'\n');
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&text)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)?;
        // The rename itself is durable once the directory is synced.
        if let Ok(d) = std::fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(failed)
}
