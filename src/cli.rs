//! Command-line definitions (clap derive). Parsing only: `commands` does the work.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

mod journal;
mod plan;
mod sandbox;
mod shape;
pub use journal::{ExportFormat, JournalActArgs, JournalArgs, JournalCommand};
pub use plan::{ApplyArgs, PlanArgs, QueryArgs};
pub use sandbox::{FaultList, SandboxArgs};
pub use shape::ShapeArgs;

/// Find and remove Zoho CRM data safely, from a terminal.
///
/// Without a subcommand, opens the TUI. `--demo` runs everything against a built-in sandbox
/// (an emulated org on 127.0.0.1), so nothing real is touched.
#[derive(Debug, Parser)]
#[command(name = "zcrm-tui", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub connect: ConnectArgs,

    /// TUI: leave the mouse to the terminal (its own selection and copy); keys do everything.
    #[arg(long)]
    pub no_mouse: bool,

    /// With --demo: throttle the demo's token grants as Zoho's accounts server does (at most 10
    /// access tokens per refresh token per 10 minutes), to see how the app answers it.
    #[arg(long, requires = "demo")]
    pub token_throttle: bool,

    /// With --demo: the demo sandbox's org.
    #[command(flatten)]
    pub shape: ShapeArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the sandbox (emulated Zoho CRM API + OAuth) until interrupted.
    ///
    /// The first line on stdout is a JSON object with api_domain, accounts_url, client_id,
    /// client_secret, refresh_token and read_only_refresh_token (a user who cannot delete), for
    /// scripts.
    Sandbox(SandboxArgs),
    /// Delete records of a module: by ids, or every record a query selects (--where, --criteria,
    /// --cvid); --plan writes the removal to a file for review instead.
    Delete(DeleteArgs),
    /// Apply a plan written by `delete --plan`: records changed or deleted since the plan are
    /// refused (CHANGED_SINCE_PLAN, GONE_SINCE_PLAN), the rest removed.
    Apply(ApplyArgs),
    /// Delink related records from one record (the records themselves stay).
    Delink(DelinkArgs),
    /// Delink one related record, both addressed by external-ID values.
    DelinkExternal(DelinkExternalArgs),
    /// Delete contact role definitions (Contacts/roles, not undoable), or with --deal remove
    /// contacts' roles from one deal (the contacts and the deal stay; undoable).
    DeleteRoles(DeleteRolesArgs),
    /// The journal of removals: list them (newest first), show, export, undo, resume.
    ///
    /// Every removal is recorded before it is sent, call by call while it runs, and at its end,
    /// in $ZCRM_DATA_DIR/journal (default: the platform's data directory, e.g.
    /// ~/.local/share/zcrm-tui/journal).
    Journal(JournalArgs),
    /// Print the shell completion script to standard output (see the README to install it).
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the man page (roff) to standard output: `zcrm-tui man | man -l -`.
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
}

/// Where to connect and with which credentials.
///
/// The client secret and the refresh token are deliberately not accepted as flags: a flag shows
/// in `ps` and in the shell history. They come from the profile or from the environment.
#[derive(Debug, Default, Clone, Args)]
pub struct ConnectArgs {
    /// Profile of the configuration file to use (default: `default_profile` of the file).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// Configuration file [default: ~/.config/zcrm-tui/config.toml].
    #[arg(long, value_name = "PATH", env = "ZCRM_CONFIG")]
    pub config: Option<PathBuf>,

    /// Run against a sandbox started in this process (an emulated org; nothing real is touched).
    #[arg(long, conflicts_with_all = ["profile", "api_domain", "accounts_url", "dc"])]
    pub demo: bool,

    /// Data center of the org: us, eu, in, au, jp, ca, cn, sa (env: ZCRM_DC).
    #[arg(long, value_name = "DC", conflicts_with_all = ["api_domain", "accounts_url"])]
    pub dc: Option<String>,

    /// API base, e.g. https://www.zohoapis.com or a sandbox URL (needs --accounts-url).
    #[arg(long, value_name = "URL", requires = "accounts_url")]
    pub api_domain: Option<String>,

    /// OAuth server, e.g. https://accounts.zoho.com (needs --api-domain).
    #[arg(long, value_name = "URL", requires = "api_domain")]
    pub accounts_url: Option<String>,

    /// OAuth client id of the self-client (env: ZCRM_CLIENT_ID). The secret and refresh token
    /// come from the profile or from ZCRM_CLIENT_SECRET and ZCRM_REFRESH_TOKEN.
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,

    /// API version used in paths (/crm/v{N}/): 2 to 8 [default: 8].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(2..=8))]
    pub api_version: Option<u8>,

    /// Most API calls in flight at once; pins it [default: the org's edition's limit minus 2, at
    /// least 3, read from /org before the first removal; 4 when the edition cannot be read].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=100))]
    pub concurrency: Option<u16>,

    /// Browse only: every call that would change data is refused (as `read_only = true` in
    /// the profile does).
    #[arg(long)]
    pub read_only: bool,
}

/// Where the ids come from. At most one of the three.
#[derive(Debug, Default, Clone, Args)]
pub struct IdsArgs {
    /// Comma-separated ids, e.g. --ids 4150868000005067099,4150868000005067100.
    #[arg(long, value_name = "ID,ID,...", conflicts_with_all = ["ids_file", "stdin"])]
    pub ids: Option<String>,
    /// File with one id per line, or a CSV with an `id` column (`-` reads standard input); at
    /// most 1,000,000 ids, lines of at most 64 KiB.
    #[arg(long, value_name = "FILE", conflicts_with = "stdin")]
    pub ids_file: Option<PathBuf>,
    /// `-`: read the ids (same formats as --ids-file) from standard input.
    #[arg(value_name = "-", value_parser = parse_dash)]
    pub stdin: Option<Dash>,
}

/// The lone `-` argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dash;

fn parse_dash(s: &str) -> Result<Dash, String> {
    if s == "-" {
        Ok(Dash)
    } else {
        Err(format!(
            "unexpected argument `{s}`: give ids with --ids, --ids-file or `-` (standard input)"
        ))
    }
}

/// Flags every removal subcommand shares.
#[derive(Debug, Default, Clone, Args)]
pub struct RemovalFlags {
    /// Resolve every id through the API and report what would happen (found, locked, awaiting
    /// approval, missing); remove nothing. Exit status 1 when any id would fail. With a query:
    /// the count, the first and last matches, the calls and credits the removal would take.
    #[arg(long)]
    pub dry_run: bool,
    /// Remove without asking. Required when standard input is not a terminal.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// One JSON object per id on stdout, then a summary object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Args)]
pub struct DeleteArgs {
    /// Module API name, e.g. Leads.
    pub module: String,
    #[command(flatten)]
    pub ids: IdsArgs,
    #[command(flatten)]
    pub query: QueryArgs,
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Whether Zoho runs the module's workflow rules on delete (Zoho's default: true).
    #[arg(long, value_name = "BOOL", default_value_t = true, action = clap::ArgAction::Set)]
    pub wf_trigger: bool,
    #[command(flatten)]
    pub flags: RemovalFlags,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DelinkArgs {
    /// Module of the record, e.g. Campaigns.
    pub module: String,
    /// Id of the record whose related records are delinked.
    pub record_id: String,
    /// Related list API name, e.g. Contacts.
    pub related_list: String,
    #[command(flatten)]
    pub ids: IdsArgs,
    #[command(flatten)]
    pub flags: RemovalFlags,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DelinkExternalArgs {
    /// Module of the record, e.g. Contacts.
    pub module: String,
    /// External-ID field of that module, e.g. External_Contact_ID.
    pub ext_field: String,
    /// The record's value of that field, e.g. extcontact3.
    pub ext_value: String,
    /// Related list API name, e.g. Deals.
    pub related_list: String,
    /// External-ID value of the related record, e.g. extdeal3.
    pub related_ext_value: String,
    #[command(flatten)]
    pub flags: RemovalFlags,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

#[derive(Debug, Clone, Args)]
pub struct DeleteRolesArgs {
    /// Remove contacts' roles from this deal (`DELETE /Deals/{ID}/Contact_Roles`) instead of
    /// deleting role definitions; the ids (--contacts, --ids-file or `-`) are contact ids.
    /// Journaled with each contact's role: `journal undo` re-adds them with their roles.
    #[arg(long, value_name = "DEAL_ID")]
    pub deal: Option<String>,
    /// With --deal: comma-separated ids of the contacts whose role on the deal goes.
    #[arg(long, value_name = "ID,ID,...", requires = "deal", conflicts_with_all = ["ids", "ids_file", "stdin"])]
    pub contacts: Option<String>,
    /// Without --deal: ids of contact role definitions (seed 004), which Zoho cannot restore.
    #[command(flatten)]
    pub ids: IdsArgs,
    #[command(flatten)]
    pub flags: RemovalFlags,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

impl ConnectArgs {
    /// Flags given after the subcommand win over the same flags given before it.
    pub fn merged_over(self, outer: &ConnectArgs) -> ConnectArgs {
        ConnectArgs {
            profile: self.profile.or_else(|| outer.profile.clone()),
            config: self.config.or_else(|| outer.config.clone()),
            demo: self.demo || outer.demo,
            dc: self.dc.or_else(|| outer.dc.clone()),
            api_domain: self.api_domain.or_else(|| outer.api_domain.clone()),
            accounts_url: self.accounts_url.or_else(|| outer.accounts_url.clone()),
            client_id: self.client_id.or_else(|| outer.client_id.clone()),
            api_version: self.api_version.or(outer.api_version),
            concurrency: self.concurrency.or(outer.concurrency),
            read_only: self.read_only || outer.read_only,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn delete_with_ids_and_flags() {
        let cli = Cli::try_parse_from([
            "zcrm-tui",
            "delete",
            "Leads",
            "--ids",
            "1,2",
            "--wf-trigger",
            "false",
            "--yes",
            "--json",
        ])
        .unwrap();
        let Some(Command::Delete(d)) = cli.command else {
            panic!("not delete")
        };
        assert_eq!(d.module, "Leads");
        assert_eq!(d.ids.ids.as_deref(), Some("1,2"));
        assert!(!d.wf_trigger);
        assert!(d.flags.yes && d.flags.json && !d.flags.dry_run);
    }

    #[test]
    fn wf_trigger_defaults_to_true_and_dash_reads_stdin() {
        let cli = Cli::try_parse_from(["zcrm-tui", "delete", "Leads", "-"]).unwrap();
        let Some(Command::Delete(d)) = cli.command else {
            panic!("not delete")
        };
        assert!(d.wf_trigger);
        assert_eq!(d.ids.stdin, Some(Dash));
    }

    #[test]
    fn stray_positional_and_two_id_sources_are_refused() {
        assert!(Cli::try_parse_from(["zcrm-tui", "delete", "Leads", "oops"]).is_err());
        assert!(
            Cli::try_parse_from([
                "zcrm-tui",
                "delete",
                "Leads",
                "--ids",
                "1",
                "--ids-file",
                "f"
            ])
            .is_err()
        );
        assert!(Cli::try_parse_from(["zcrm-tui", "delete", "Leads", "--ids", "1", "-"]).is_err());
    }

    #[test]
    fn api_version_out_of_range_is_a_usage_error() {
        let err = Cli::try_parse_from(["zcrm-tui", "--api-version", "9"]).unwrap_err();
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn journal_subcommands_parse() {
        let cli = Cli::try_parse_from(["zcrm-tui", "journal"]).unwrap();
        let Some(Command::Journal(j)) = cli.command else {
            panic!("not journal")
        };
        assert!(j.command.is_none() && !j.json);
        let cli = Cli::try_parse_from(["zcrm-tui", "journal", "show", "abc", "--json"]).unwrap();
        let Some(Command::Journal(j)) = cli.command else {
            panic!("not journal")
        };
        assert!(j.json);
        assert!(matches!(j.command, Some(JournalCommand::Show { id }) if id == "abc"));
        let cli = Cli::try_parse_from([
            "zcrm-tui", "journal", "export", "abc", "--format", "csv", "-o", "f.csv",
        ])
        .unwrap();
        let Some(Command::Journal(j)) = cli.command else {
            panic!("not journal")
        };
        assert!(matches!(
            j.command,
            Some(JournalCommand::Export {
                format: ExportFormat::Csv,
                output: Some(_),
                ..
            })
        ));
        let cli = Cli::try_parse_from(["zcrm-tui", "journal", "undo", "abc", "--yes"]).unwrap();
        let Some(Command::Journal(j)) = cli.command else {
            panic!("not journal")
        };
        assert!(matches!(j.command, Some(JournalCommand::Undo(a)) if a.yes && a.id == "abc"));
        assert!(
            Cli::try_parse_from(["zcrm-tui", "journal", "export", "x", "--format", "xml"]).is_err()
        );
    }

    #[test]
    fn flags_after_the_subcommand_win() {
        let cli = Cli::try_parse_from([
            "zcrm-tui",
            "--profile",
            "outer",
            "--concurrency",
            "2",
            "delete-roles",
            "--profile",
            "inner",
        ])
        .unwrap();
        let Some(Command::DeleteRoles(d)) = cli.command else {
            panic!("not delete-roles")
        };
        let merged = d.connect.merged_over(&cli.connect);
        assert_eq!(merged.profile.as_deref(), Some("inner"));
        assert_eq!(merged.concurrency, Some(2));
    }
}
