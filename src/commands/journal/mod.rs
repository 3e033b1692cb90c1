//! `zcrm-tui journal [show|export|undo|resume]`: what was removed, and what can be done about it.

mod act;
mod export;
mod show;
pub mod text;

use crate::cli::{ConnectArgs, JournalArgs, JournalCommand};
use crate::journal::{Folded, Journal};

use super::exit::{CliError, SUCCESS};
use super::removal::{open_journal, print_stdout};

pub async fn run(args: JournalArgs, outer: &ConnectArgs) -> Result<u8, CliError> {
    let journal = open_journal()?;
    match args.command {
        None => list(&journal, args.json, (!args.all).then_some(args.limit)),
        Some(JournalCommand::Show { id }) => show::run(&journal, &id, args.json),
        Some(JournalCommand::Export {
            id,
            output,
            results: true,
            ..
        }) => export::results(&journal, &id, output.as_deref(), args.json),
        Some(JournalCommand::Export {
            id, format, output, ..
        }) => export::run(&journal, &id, format, output.as_deref(), args.json),
        Some(JournalCommand::Undo(a)) => act::undo(&journal, a, outer, args.json).await,
        Some(JournalCommand::Resume(a)) => act::resume(&journal, a, outer, args.json).await,
    }
}

/// The newest `limit` operations (every one when `None`), and a line saying how many older
/// ones there are (on stderr with `--json`, so that stdout stays one object a line).
fn list(journal: &Journal, json: bool, limit: Option<usize>) -> Result<u8, CliError> {
    let page = journal
        .page(0, limit.unwrap_or(usize::MAX))
        .map_err(|e| CliError::failed(format!("{e:#}"), None))?;
    let out = if json {
        text::json_list(&page.ops)
    } else if page.ops.is_empty() && page.older == 0 {
        format!(
            "No operations recorded yet in {}.\n",
            journal.dir().display()
        )
    } else {
        text::human_list(&page.ops)
    };
    print_stdout(&out);
    if page.older > 0 {
        let more = text::older_line(page.older, page.ops.len());
        if json {
            eprintln!("{more}");
        } else {
            print_stdout(&format!("{more}\n"));
        }
    }
    Ok(SUCCESS)
}

/// The operation `id` names, or a usage error saying where it was looked for.
fn find(journal: &Journal, id: &str) -> Result<Folded, CliError> {
    found(journal.details(id), journal, id)
}

/// [`find`] for an undo or a resume: without what they do not use (see
/// `journal::fold::Images::ForRuns`).
fn find_for_run(journal: &Journal, id: &str) -> Result<Folded, CliError> {
    found(journal.details_for_runs(id), journal, id)
}

fn found(
    read: anyhow::Result<Option<Folded>>,
    journal: &Journal,
    id: &str,
) -> Result<Folded, CliError> {
    match read {
        Ok(Some(f)) => Ok(f),
        Ok(None) => Err(CliError::usage(
            format!(
                "no operation `{id}` in the journal ({})",
                journal.dir().display()
            ),
            Some("`zcrm-tui journal` lists the recorded operations with their ids.".to_string()),
        )),
        Err(e) => Err(CliError::usage(format!("{e:#}"), None)),
    }
}
