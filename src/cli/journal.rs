//! `zcrm-tui journal`: list, show, export, undo, resume.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::ConnectArgs;

#[derive(Debug, Clone, Args)]
pub struct JournalArgs {
    #[command(subcommand)]
    pub command: Option<JournalCommand>,
    /// JSON output: one object per operation (list); one object (show); one object per id,
    /// then a summary (undo, resume).
    #[arg(long, global = true)]
    pub json: bool,
    /// List the newest N operations (default 50); a last line says how many older ones there
    /// are.
    #[arg(long, value_name = "N", default_value_t = crate::commands::journal::text::DEFAULT_LIMIT, conflicts_with = "all")]
    pub limit: usize,
    /// List every operation.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum JournalCommand {
    /// One operation: what, where, when, and each id's fate.
    Show {
        /// Operation id (or a prefix naming one), as `zcrm-tui journal` lists them.
        id: String,
    },
    /// The before-images of an operation (what was removed), to re-import it.
    Export {
        /// Operation id (or a prefix naming one).
        id: String,
        /// json (the API's `data` shape) or csv (one row per record, one column per field).
        #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
        format: ExportFormat,
        /// Write to FILE (created readable by you only) instead of standard output. With
        /// --results: the files' prefix.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Each id's outcome instead, as Data Loader writes it: PREFIX-success.csv and
        /// PREFIX-errors.csv (id,name,code,message,hint); PREFIX is -o, else the operation id.
        #[arg(long, conflicts_with = "format")]
        results: bool,
    },
    /// Undo an operation: relink what a delink removed, or restore deleted records from the
    /// recycle bin (API v8). Journaled like a removal.
    Undo(JournalActArgs),
    /// Finish an interrupted operation: ids of unknown fate are checked first; the rest is sent.
    Resume(JournalActArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

#[derive(Debug, Clone, Args)]
pub struct JournalActArgs {
    /// Operation id (or a prefix naming one).
    pub id: String,
    /// Go ahead without asking. Required when standard input is not a terminal.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Connection (default: the profile the operation was run with).
    #[command(flatten)]
    pub connect: ConnectArgs,
}
