//! `zcrm-tui journal undo ID` and `zcrm-tui journal resume ID`: both show what they would do,
//! ask as the removal commands do, and are journaled themselves.

use serde_json::json;

use crate::cli::{ConnectArgs, JournalActArgs};
use crate::journal::{self, Folded, Journal, OpState};
use crate::text::json_line;

use super::super::connect::{self, Connection};
use super::super::exit::{CliError, FAILURES, SUCCESS};
use super::super::interrupt::StopOnCtrlC;
use super::super::operation::Operation;
use super::super::output::{Tally, failure_lines};
use super::super::prompt;
use super::super::removal::{end_progress, finish, print_stdout, run_options};
use super::find_for_run;

/// Connects where the operation ran: by default with its profile; refuses another org.
async fn connect_for(
    f: &Folded,
    args: &JournalActArgs,
    outer: &ConnectArgs,
) -> Result<Connection, CliError> {
    let mut c = args.connect.clone().merged_over(outer);
    let s = &f.record.summary;
    let chose = c.demo || c.profile.is_some() || c.api_domain.is_some() || c.dc.is_some();
    if !chose {
        if s.profile == "demo" {
            return Err(CliError::usage(
                format!(
                    "operation {} ran against a demo sandbox, which ended with its process",
                    s.id
                ),
                None,
            ));
        }
        if s.profile != "environment" {
            c.profile = Some(s.profile.clone());
        }
    }
    let conn = connect::target(&c)?.connect().await?;
    let here = conn
        .client
        .config()
        .endpoints
        .api_domain
        .trim_end_matches('/');
    if let Err(msg) = journal::same_org(&s.id, &s.profile, &f.intent.org.api_domain, here) {
        conn.close().await;
        return Err(CliError::usage(
            msg,
            Some("Use the profile (or --api-domain) the operation ran with.".to_string()),
        ));
    }
    Ok(conn)
}

pub async fn undo(
    journal: &Journal,
    args: JournalActArgs,
    outer: &ConnectArgs,
    json: bool,
) -> Result<u8, CliError> {
    let f = find_for_run(journal, &args.id)?;
    let conn = connect_for(&f, &args, outer).await?;
    let plan = match journal::undo_plan(&f.record, conn.api_version) {
        Ok(p) => p,
        Err(why) => {
            conn.close().await;
            return Err(CliError::usage(format!("{why}; nothing was sent"), None));
        }
    };
    if let Ok(ops) = journal.operations() {
        for u in ops
            .iter()
            .filter(|o| o.undo_of.as_deref() == Some(&plan.op_id))
        {
            eprintln!(
                "note: operation {} already undid {} of its ids ({}).",
                u.id, u.removed, u.time
            );
        }
    }
    if !prompt::confirm(args.yes, false, &plan.describe, None, plan.ids.len())? {
        conn.close().await;
        eprintln!("Cancelled; nothing was sent.");
        return Ok(FAILURES);
    }
    let stop = StopOnCtrlC::listen();
    let result = journal::undo(
        &conn.client,
        journal,
        &conn.profile,
        &plan,
        run_options("Undo", &stop),
    )
    .await;
    drop(stop);
    end_progress();
    conn.close().await;
    let (op_id, report) = result?;
    let t = Tally::of(&report);
    let verb = match plan.kind {
        journal::UndoKind::Relink { .. } => "relink",
        journal::UndoKind::Restore { .. } => "restore",
    };
    let text = if json {
        let mut out = String::new();
        for o in &report.outcomes {
            out.push_str(&json_line(
                &serde_json::to_value(o).unwrap_or_else(|_| json!({"id": o.id()})),
            ));
            out.push('\n');
        }
        out.push_str(&json_line(&json!({"summary": {
            "op_id": op_id, "undo_of": plan.op_id, "operation": verb,
            "requested": t.requested, "done": t.removed, "failed": t.failed,
            "not_attempted": t.not_attempted, "calls": t.calls,
        }})));
        out.push('\n');
        out
    } else {
        let mut out = failure_lines(&report);
        out.push_str(&format!(
            "{}: {} of {} done in {} call(s) (undo of {}); journal: operation {op_id}\n",
            plan.describe, t.removed, t.requested, t.calls, plan.op_id
        ));
        out
    };
    print_stdout(&text);
    Ok(if t.all_removed() { SUCCESS } else { FAILURES })
}

pub async fn resume(
    journal: &Journal,
    args: JournalActArgs,
    outer: &ConnectArgs,
    json: bool,
) -> Result<u8, CliError> {
    let f = find_for_run(journal, &args.id)?;
    let s = &f.record.summary;
    let conn = connect_for(&f, &args, outer).await?;
    let checked = match journal::resume::verify(&conn.client, &f.record).await {
        Ok(v) => v,
        Err(e) => {
            conn.close().await;
            return Err(e.into());
        }
    };
    let op = Operation::of(&s.removal);
    let n = checked.rest.len();
    if s.state == OpState::Running && s.unknown + s.not_attempted > 0 {
        let pid = f.intent.pid;
        if pid != std::process::id() && process_alive(pid) {
            eprintln!(
                "warning: operation {} has no end in the journal and process {pid}, which wrote \
                 it, still runs: if that is zcrm-tui, let it finish (or stop it) first.",
                s.id
            );
        } else {
            eprintln!(
                "Operation {} has no end in the journal: it was interrupted.",
                s.id
            );
        }
    }
    eprintln!(
        "Operation {}: {} of {} ids open; {} found already removed, {n} left to send.",
        s.id,
        s.unknown + s.not_attempted,
        s.total,
        checked.removed.len()
    );
    if n > 0 && !prompt::confirm(args.yes, false, &op.describe(n), None, n)? {
        conn.close().await;
        eprintln!("Cancelled; nothing was sent.");
        return Ok(FAILURES);
    }
    let stop = StopOnCtrlC::listen();
    let result = journal::resume(
        &conn.client,
        journal,
        &conn.profile,
        &f.record,
        run_options(op.verb(), &stop),
    )
    .await;
    drop(stop);
    end_progress();
    conn.close().await;
    let resumed = result?;
    match resumed.op_id {
        Some(new) => {
            let status = finish(&op, &new, &resumed.report, json)?;
            if !json {
                print_stdout(&format!("Resumed operation {}.\n", s.id));
            }
            Ok(status)
        }
        None => {
            let msg = if json {
                format!(
                    "{}\n",
                    json!({"summary": {"resume_of": s.id, "op_id": null, "verified_removed": resumed.verified_removed.len(), "requested": 0}})
                )
            } else {
                format!(
                    "Nothing left to send in operation {}: {} ids found already removed.\n",
                    s.id,
                    resumed.verified_removed.len()
                )
            };
            print_stdout(&msg);
            Ok(SUCCESS)
        }
    }
}

/// Whether a process of that id exists (Linux: `/proc`); elsewhere assume not.
fn process_alive(pid: u32) -> bool {
    pid != 0 && std::path::Path::new(&format!("/proc/{pid}")).exists()
}
