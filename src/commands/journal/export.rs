//! `zcrm-tui journal export ID [--format json|csv] [--output FILE]`, and `--results`: each
//! id's outcome in a success and an errors CSV.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::ExportFormat;
use crate::journal::{self, Journal};

use super::super::exit::{CliError, SUCCESS};
use super::super::removal::{print_data, print_stdout};
use super::find;

pub fn run(
    journal: &Journal,
    id: &str,
    format: ExportFormat,
    output: Option<&Path>,
    json: bool,
) -> Result<u8, CliError> {
    let f = find(journal, id)?;
    let record = &f.record;
    let text = match format {
        ExportFormat::Json => journal::export_json(record),
        ExportFormat::Csv => journal::export_csv(record),
    };
    if record.before.is_empty() {
        let why = f
            .intent
            .before_note
            .as_deref()
            .unwrap_or("nothing was recorded");
        eprintln!(
            "note: operation {} has no before-images ({why})",
            record.summary.id
        );
    }
    match output {
        None => print_data(&text),
        Some(path) => {
            write_private(path, &text).map_err(|e| {
                CliError::failed(format!("cannot write {}: {e}", path.display()), None)
            })?;
            let rows = record.before.len();
            let msg = if json {
                format!(
                    "{}\n",
                    json!({"op_id": record.summary.id, "written": path.display().to_string(), "rows": rows})
                )
            } else {
                format!(
                    "Wrote {rows} before-images of operation {} to {}\n",
                    record.summary.id,
                    path.display()
                )
            };
            print_stdout(&msg);
        }
    }
    Ok(SUCCESS)
}

/// `--results`: PREFIX-success.csv and PREFIX-errors.csv, PREFIX being `output` or the
/// operation's id (in the current directory).
pub fn results(
    journal: &Journal,
    id: &str,
    output: Option<&Path>,
    json: bool,
) -> Result<u8, CliError> {
    let f = find(journal, id)?;
    let op = &f.record.summary.id;
    let r = journal::export_results(&f.record);
    let prefix = output
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(op));
    let named = |suffix: &str| {
        let mut name = prefix.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let (success, errors) = (named("-success.csv"), named("-errors.csv"));
    for (path, text) in [(&success, &r.success), (&errors, &r.errors)] {
        write_private(path, text)
            .map_err(|e| CliError::failed(format!("cannot write {}: {e}", path.display()), None))?;
    }
    let msg = if json {
        format!(
            "{}\n",
            json!({
                "op_id": op,
                "success": success.display().to_string(),
                "errors": errors.display().to_string(),
                "successes": r.successes,
                "failures": r.failures,
            })
        )
    } else {
        format!(
            "Wrote {} ids removed to {} and {} not removed to {} (operation {op})\n",
            r.successes,
            success.display(),
            r.failures,
            errors.display()
        )
    };
    print_stdout(&msg);
    Ok(SUCCESS)
}

/// The export holds the org's data: readable by its owner only.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}
