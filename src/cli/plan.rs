//! Selecting records by a query (`delete --where/--criteria/--cvid`), writing a plan
//! (`--plan FILE`) and applying one (`zcrm-tui apply FILE`).

use std::path::PathBuf;

use clap::Args;

use super::ConnectArgs;

/// Which records a query selects, instead of ids. At most one, and not with ids.
#[derive(Debug, Default, Clone, Args)]
pub struct QueryArgs {
    /// A COQL where clause, e.g. "Lead_Status = 'Junk Lead' and Created_Time <
    /// '2024-01-01T00:00:00+00:00'"; reads up to 100,000 matches.
    #[arg(long = "where", value_name = "CLAUSE",
          conflicts_with_all = ["criteria", "cvid", "ids", "ids_file", "stdin"])]
    pub where_clause: Option<String>,
    /// Search criteria, e.g. "((Lead_Status:equals:Junk Lead)and(Company:starts_with:Z))";
    /// a search reaches at most 2,000 matches (more are refused: use --where).
    #[arg(long, value_name = "CRITERIA", conflicts_with_all = ["cvid", "ids", "ids_file", "stdin"])]
    pub criteria: Option<String>,
    /// The records of a custom view, by its id (`GET /settings/custom_views?module=` lists them).
    #[arg(long, value_name = "ID", conflicts_with_all = ["ids", "ids_file", "stdin"])]
    pub cvid: Option<String>,
}

impl QueryArgs {
    pub fn is_set(&self) -> bool {
        self.where_clause.is_some() || self.criteria.is_some() || self.cvid.is_some()
    }
}

/// `--plan FILE [--force]`.
#[derive(Debug, Default, Clone, Args)]
pub struct PlanArgs {
    /// Write a plan of the removal to FILE (JSON: every record with its name and
    /// Modified_Time, the query, the org) and remove nothing; `zcrm-tui apply FILE` runs it.
    #[arg(long, value_name = "FILE", conflicts_with = "dry_run")]
    pub plan: Option<PathBuf>,
    /// With --plan: replace FILE if it exists (by default an existing plan is kept).
    #[arg(long, requires = "plan")]
    pub force: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// The plan file (`zcrm-tui delete ... --plan FILE` writes one).
    pub file: PathBuf,
    /// Apply without asking. Required when standard input is not a terminal.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// One JSON object per record on stdout, then a summary object.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub connect: ConnectArgs,
}

#[cfg(test)]
mod tests {
    use crate::cli::{Cli, Command};
    use clap::Parser;

    #[test]
    fn a_query_a_plan_and_apply_parse() {
        let cli = Cli::try_parse_from([
            "zcrm-tui",
            "delete",
            "Leads",
            "--where",
            "Lead_Status = 'Junk Lead'",
            "--plan",
            "p.json",
            "--force",
        ])
        .unwrap();
        let Some(Command::Delete(d)) = cli.command else {
            panic!("not delete")
        };
        assert_eq!(
            d.query.where_clause.as_deref(),
            Some("Lead_Status = 'Junk Lead'")
        );
        assert!(d.query.is_set() && d.plan.force);
        assert!(Cli::try_parse_from(["zcrm-tui", "delete", "Leads", "--force"]).is_err());
        let cli = Cli::try_parse_from(["zcrm-tui", "apply", "p.json", "--yes", "--json"]).unwrap();
        let Some(Command::Apply(a)) = cli.command else {
            panic!("not apply")
        };
        assert!(a.yes && a.json && a.file.ends_with("p.json"));
    }
}
