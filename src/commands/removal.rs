//! The flow every removal command shares: configuration, confirmation, dry run or removal,
//! output, exit status.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use crate::cli::{ConnectArgs, RemovalFlags};
use crate::journal::{self, Journal};
use crate::zoho::{IdOutcome, Progress, ProgressFn, RemovalReport, RunOptions};

use super::connect;
use super::dry_run;
use super::exit::{CliError, FAILURES, SUCCESS};
use super::interrupt::StopOnCtrlC;
use super::operation::Operation;
use super::output::{self, Tally};
use super::prompt;

/// A removal as parsed from the command line.
pub struct Request {
    pub op: Operation,
    /// Distinct, validated ids (for `delink-external`: the related external value).
    pub ids: Vec<String>,
    pub ids_from_stdin: bool,
    pub flags: RemovalFlags,
    pub connect: ConnectArgs,
}

pub async fn run(req: Request) -> Result<u8, CliError> {
    // Configuration problems are reported before anything is asked or sent.
    let target = connect::target(&req.connect)?;
    let n = req.ids.len();
    let what = req.op.describe(n);

    if req.flags.dry_run {
        let conn = target.connect().await?;
        let result = dry_run::resolve(&conn.client, &req.op, &req.ids).await;
        conn.close().await;
        let dry = result?;
        let text = if req.flags.json {
            output::json_dry_run(&req.op, &dry)
        } else {
            output::human_dry_run(&req.op, &dry)
        };
        print_stdout(&text);
        return Ok(if dry.missing() == 0 {
            SUCCESS
        } else {
            FAILURES
        });
    }

    let note = req.op.note();
    if !prompt::confirm(req.flags.yes, req.ids_from_stdin, &what, note.as_deref(), n)? {
        eprintln!("Cancelled; nothing was sent.");
        return Ok(FAILURES);
    }

    let journal = open_journal()?;
    let conn = target.connect().await?;
    tracing::info!(operation = req.op.name(), ids = n, profile = %conn.profile, "removal starting");
    let ctrl_c = StopOnCtrlC::listen();
    let opts = run_options(req.op.verb(), &ctrl_c);
    let removal = req.op.removal(&req.ids);
    let result = journal::execute(&conn.client, &journal, &conn.profile, &removal, opts).await;
    drop(ctrl_c);
    end_progress();
    conn.close().await;
    // `execute` fails only before anything is sent.
    let (op_id, report) = result.map_err(|e| {
        let mut c = CliError::from(e);
        c.message = format!("nothing was sent: {}", c.message);
        c
    })?;
    finish(&req.op, &op_id, &report, req.flags.json)
}

/// Prints a journaled run's report and says where it is recorded; the exit status.
pub fn finish(
    op: &Operation,
    op_id: &str,
    report: &RemovalReport,
    json: bool,
) -> Result<u8, CliError> {
    let tally = Tally::of(report);
    tracing::info!(
        operation = op.name(),
        op_id,
        removed = tally.removed,
        failed = tally.failed,
        not_attempted = tally.not_attempted,
        calls = tally.calls,
        "removal finished"
    );
    if let Some(e) = whole_operation_refused(report) {
        // E.g. a refused token or an unknown module: one configuration problem, not N failures.
        if json {
            print_stdout(&output::json_report(op, report, Some(op_id)));
        }
        return Err(e);
    }
    let text = if json {
        output::json_report(op, report, Some(op_id))
    } else {
        let mut t = output::human_report(op, report);
        t.push_str(&journal_line(op_id, &tally));
        t
    };
    print_stdout(&text);
    Ok(if tally.all_removed() {
        SUCCESS
    } else {
        FAILURES
    })
}

/// "Journal: operation 2026...; to resume: ..." under the human summary.
fn journal_line(op_id: &str, t: &Tally) -> String {
    if t.not_attempted > 0 {
        format!(
            "Journal: operation {op_id}; {} not sent: `zcrm-tui journal resume {op_id}` finishes it\n",
            t.not_attempted
        )
    } else {
        format!("Journal: operation {op_id} (`zcrm-tui journal show {op_id}`)\n")
    }
}

/// Every CLI removal is journaled: no journal, no removal.
pub fn open_journal() -> Result<Journal, CliError> {
    Journal::open_default().map_err(|e| {
        CliError::usage(
            format!("{e:#}; nothing was sent"),
            Some(
                "Removals are recorded before they are sent: set ZCRM_DATA_DIR to a writable \
                 directory."
                    .to_string(),
            ),
        )
    })
}

/// Codes that say the whole operation cannot work as configured or typed (unknown module,
/// refused token, missing scope or permission), whatever the id.
const REFUSAL_CODES: &[&str] = &[
    "OAUTH_REFUSED",
    "INVALID_TOKEN",
    "AUTHENTICATION_FAILURE",
    "OAUTH_SCOPE_MISMATCH",
    "NO_PERMISSION",
    "INVALID_MODULE",
    "INVALID_URL_PATTERN",
    "REQUIRED_PARAM_MISSING",
];

/// When nothing was removed and every id failed for one such reason, that reason as a usage
/// error (exit 2), told once rather than once per id.
fn whole_operation_refused(report: &RemovalReport) -> Option<CliError> {
    if report.outcomes.iter().any(|o| o.is_removed()) {
        return None;
    }
    let mut first = None;
    for o in &report.outcomes {
        match o {
            IdOutcome::Failed {
                code,
                message,
                hint,
                ..
            } => match &first {
                None => first = Some((code, message, hint)),
                Some((c, _, _)) if *c == code => {}
                Some(_) => return None,
            },
            IdOutcome::NotAttempted { .. } => {}
            IdOutcome::Removed { .. } => return None,
        }
    }
    let (code, message, hint) = first?;
    if !REFUSAL_CODES.contains(&code.as_str()) {
        return None;
    }
    let sent = if report.calls == 0 {
        "nothing was sent"
    } else {
        "nothing was removed"
    };
    Some(CliError::usage(
        format!("{sent}: {code}: {message}"),
        (!hint.is_empty()).then(|| hint.clone()),
    ))
}

/// A CLI run's options: progress on stderr when it is a terminal, stopped by Ctrl-C.
pub fn run_options(verb: &'static str, ctrl_c: &StopOnCtrlC) -> RunOptions {
    RunOptions {
        progress: std::io::stderr()
            .is_terminal()
            .then(|| progress_printer(verb)),
        observer: None,
        stop: Some(ctrl_c.token.clone()),
    }
}

/// Erases the progress line `run_options` drew, so that the report starts on a clean line.
pub fn end_progress() {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2K");
    }
}

fn progress_printer(verb: &'static str) -> ProgressFn {
    Arc::new(move |p: Progress| {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{verb}: {}/{} ids answered", p.done, p.total);
        let _ = err.flush();
    })
}

/// Writes the whole text at once; a closed pipe (`| head`) is not an error worth a panic.
pub fn print_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
