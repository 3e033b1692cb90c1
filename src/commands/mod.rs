//! The subcommands: one module each, plus the helpers they share (ids input, confirmation,
//! output, exit statuses).

pub mod apply;
pub mod completions;
pub mod connect;
pub mod delete;
pub mod delete_roles;
pub mod delink;
pub mod delink_external;
pub mod dry_run;
pub mod exit;
pub mod ids;
pub mod interrupt;
pub mod journal;
pub mod logging;
pub mod man;
pub mod operation;
pub mod output;
pub mod plan_file;
pub mod prompt;
pub mod relation;
pub mod removal;
pub mod sandbox;
pub mod select;
pub mod tui;

use crate::cli::{Cli, Command};

use exit::CliError;

/// Runs what the command line asks for; returns the exit status.
pub async fn run(cli: Cli) -> Result<u8, CliError> {
    let outer = cli.connect;
    if cli.command.is_some() && cli.shape.is_set() {
        return Err(CliError::usage(
            "--generate, --edition and --org shape a sandbox: give them to `zcrm-tui sandbox` \
             or to `zcrm-tui --demo` (the TUI)",
            None,
        ));
    }
    match cli.command {
        None => tui::run(&outer, &cli.shape, !cli.no_mouse, cli.token_throttle).await,
        Some(Command::Sandbox(a)) => sandbox::run(a).await,
        Some(Command::Delete(a)) => delete::run(a, &outer).await,
        Some(Command::Apply(a)) => apply::run(a, &outer).await,
        Some(Command::Delink(a)) => delink::run(a, &outer).await,
        Some(Command::DelinkExternal(a)) => delink_external::run(a, &outer).await,
        Some(Command::DeleteRoles(a)) => delete_roles::run(a, &outer).await,
        Some(Command::Journal(a)) => journal::run(a, &outer).await,
        Some(Command::Completions { shell }) => completions::run(shell),
        Some(Command::Man) => man::run(),
    }
}

/// A module, related-list or field API name: letters, digits and underscores.
fn module_name(raw: &str) -> Result<String, CliError> {
    let t = raw.trim();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(t.to_string())
    } else {
        Err(CliError::usage(
            format!("`{raw}` is not an API name"),
            Some(
                "Use API names as Zoho spells them: Leads, Price_Books, External_Contact_ID."
                    .to_string(),
            ),
        ))
    }
}
