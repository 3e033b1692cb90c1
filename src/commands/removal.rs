//! The flow every removal command shares: configuration, confirmation, dry run or removal,
//! output, exit status.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use crate::cli::{ConnectArgs, RemovalFlags};
use crate::journal::Selection;
use crate::journal::{self, Journal};
use crate::zoho::{BatchGate, IdOutcome, Progress, ProgressFn, RemovalReport, RunOptions};

use super::connect;
use super::dry_run;
use super::exit::{CliError, FAILURES, SUCCESS};
use super::interrupt::StopOnCtrlC;
use super::operation::Operation;
use super::output::{self, Tally};
use super::prompt;
use super::relation;

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

    if req.flags.dry_run {
        let conn = target.connect().await?;
        let result = dry_run::resolve(&conn.client, &req.op, &req.ids).await;
        conn.close().await;
        let dry = result?;
        let text = if req.flags.json {
            dry_run::json_dry_run(&req.op, &dry)
        } else {
            dry_run::human_dry_run(&req.op, &dry)
        };
        print_stdout(&text);
        // Exit 1 when the real run would fail for any id: missing, locked, awaiting approval.
        return Ok(if dry.counts().would_fail() == 0 {
            SUCCESS
        } else {
            FAILURES
        });
    }

    // A relation the API cannot delink is refused before the admin is asked anything; the
    // connection that checked is the one that removes (a demo sandbox lives with it).
    let target = match delinked_list(&req.op) {
        Some((module, list)) => {
            let conn = target.connect().await?;
            if let Err(e) = relation::delinkable(&conn.client, module, list).await {
                conn.close().await;
                return Err(e);
            }
            Ready::Connected(conn)
        }
        None => Ready::Target(target),
    };

    confirm_and_execute(req, target, Chosen::default()).await
}

/// How a removal's ids were chosen, when not one by one: the journal keeps the query (and the
/// plan), a plan's check runs before each call, and the prompt names the query.
#[derive(Default)]
pub struct Chosen {
    pub selection: Option<Selection>,
    pub gate: Option<Arc<dyn BatchGate>>,
    /// Told with the question, e.g. "where Lead_Status = 'Junk Lead'".
    pub described: Option<String>,
    /// The plan applied: its refusals are counted apart in the report.
    pub plan_id: Option<String>,
}

/// Asks (unless `--yes`), then runs and journals the removal of `req.ids` over `ready`.
pub async fn confirm_and_execute(
    req: Request,
    ready: Ready,
    chosen: Chosen,
) -> Result<u8, CliError> {
    let n = req.ids.len();
    let what = match &chosen.described {
        Some(d) => format!("{} {d}", req.op.describe(n)),
        None => req.op.describe(n),
    };
    let note = req.op.note();
    let journal =
        match prompt::confirm(req.flags.yes, req.ids_from_stdin, &what, note.as_deref(), n)
            .and_then(|yes| yes.then(open_journal).transpose())
        {
            Ok(Some(journal)) => journal,
            Ok(None) => {
                ready.close().await;
                eprintln!("Cancelled; nothing was sent.");
                return Ok(FAILURES);
            }
            Err(e) => {
                ready.close().await;
                return Err(e);
            }
        };
    let conn = ready.connect().await?;
    tracing::info!(operation = req.op.name(), ids = n, profile = %conn.profile, "removal starting");
    let ctrl_c = StopOnCtrlC::listen();
    let mut opts = run_options(req.op.verb(), &ctrl_c);
    opts.gate = chosen.gate;
    let removal = req.op.removal(&req.ids);
    let result = match chosen.selection {
        Some(sel) => {
            journal::execute_selected(&conn.client, &journal, &conn.profile, &removal, sel, opts)
                .await
        }
        None => journal::execute(&conn.client, &journal, &conn.profile, &removal, opts).await,
    };
    drop(ctrl_c);
    end_progress();
    conn.close().await;
    // `execute` fails only before anything is sent.
    let (op_id, report) = result.map_err(|e| {
        let says_so = matches!(
            e,
            crate::zoho::ZohoError::ReadOnly(_) | crate::zoho::ZohoError::Journal(_)
        );
        let mut c = CliError::from(e);
        if !says_so {
            c.message = format!("nothing was sent: {}", c.message);
        }
        c
    })?;
    finish_plan(
        &req.op,
        &op_id,
        &report,
        req.flags.json,
        chosen.plan_id.as_deref(),
    )
}

/// Where a removal stands before it is confirmed: a target, or already connected.
pub enum Ready {
    Target(connect::Target),
    Connected(connect::Connection),
}

impl Ready {
    pub async fn connect(self) -> Result<connect::Connection, CliError> {
        match self {
            Ready::Target(t) => t.connect().await,
            Ready::Connected(c) => Ok(c),
        }
    }

    pub async fn close(self) {
        if let Ready::Connected(c) = self {
            c.close().await;
        }
    }
}

/// The module and related list of a delink, whose delinkability is checked first.
fn delinked_list(op: &Operation) -> Option<(&str, &str)> {
    match op {
        Operation::Delink {
            module,
            related_list,
            ..
        } => Some((module, related_list)),
        Operation::DelinkExternal(e) => Some((&e.module, &e.related_list)),
        _ => None,
    }
}

/// Prints a journaled run's report and says where it is recorded; the exit status.
pub fn finish(
    op: &Operation,
    op_id: &str,
    report: &RemovalReport,
    json: bool,
) -> Result<u8, CliError> {
    finish_plan(op, op_id, report, json, None)
}

/// [`finish`]; for a plan applied, with the records refused since the plan counted apart.
pub fn finish_plan(
    op: &Operation,
    op_id: &str,
    report: &RemovalReport,
    json: bool,
    plan: Option<&str>,
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
    let text = match (json, plan) {
        (true, None) => output::json_report(op, report, Some(op_id)),
        (true, Some(plan)) => {
            super::apply::json_noting(output::json_report(op, report, Some(op_id)), report, plan)
        }
        (false, _) => {
            let mut t = output::human_report(op, report);
            if plan.is_some() {
                t.push_str(&super::apply::refused_line(report));
            }
            t.push_str(&journal_line(op_id, &tally));
            t
        }
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
        gate: None,
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
        // Erased to the end of the line: the limit may have fewer digits than before.
        let _ = write!(err, "\r{}\x1b[K", super::output::progress_line(verb, &p));
        let _ = err.flush();
    })
}

/// Writes the whole text at once; a closed pipe (`| head`) is not an error worth a panic.
/// Every command's stdout goes through here, so no control character from the server reaches
/// the terminal whichever path built the text (JSON built with `text::json_line` has none).
pub fn print_stdout(text: &str) {
    write_stdout(&crate::text::strip_controls_keep_lines(text));
}

/// Data for another program (an export): byte for byte as recorded when stdout is a file or a
/// pipe, so that a re-import gets what the server had; on a terminal, filtered as any report.
pub fn print_data(text: &str) {
    if std::io::stdout().is_terminal() {
        print_stdout(text);
    } else {
        write_stdout(text);
    }
}

fn write_stdout(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
