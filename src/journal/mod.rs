//! The write-ahead journal: every removal (and every undo) recorded before it is sent and call by
//! call while it runs, so that a crash or a kill at any point leaves each id's fate known or
//! marked `Unknown`, and so that a removal can be exported, undone or resumed.
//!
//! - `entry`: the line format; `store`: the daily files (append + fsync, owner-only);
//!   `lines`: every line bounded, however large the operation;
//! - `fold`: lines back into operations; `before`: before-images fetched just before removing
//!   (`images`: a record delete's, call by call during the run);
//! - `execute`: the one path by which anything is removed (`observer`: each call's lines);
//!   `undo`, `resume`, `export`.
//!
//! Nothing that opens the org (token, secret) is ever written: the intent holds the profile
//! name and the API domain, the ids, and the records' fields.

pub mod before;
mod behind;
pub mod entry;
pub mod execute;
pub mod export;
pub mod fold;
mod images;
pub mod index;
pub mod lines;
mod observer;
pub mod org;
pub mod page;
pub mod resume;
mod scan;
pub mod store;
pub mod undo;

use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::zoho::Removal;

pub use entry::{Fate, Intent, Selection};
pub use execute::{execute, execute_selected};
pub use export::{export_csv, export_json, export_results};
pub use fold::Folded;
pub use org::same_org;
pub use page::Page;
pub use resume::{resume, resume_plan};
pub use undo::{UndoKind, UndoPlan, undo, undo_plan};

/// The journal directory: `$ZCRM_DATA_DIR/journal`, else the platform's data directory
/// (`~/.local/share/zcrm-tui/journal` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    crate::config::data_dir().map(|d| d.join("journal"))
}

/// A journal directory. Cheap to clone; clones share one writer.
#[derive(Clone, Debug)]
pub struct Journal {
    store: store::Store,
}

/// One operation in a listing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperationSummary {
    pub id: String,
    /// When the intent was written, RFC 3339 (UTC).
    pub time: String,
    pub profile: String,
    /// The API domain it was sent to: which org (and, for a demo, which sandbox) it belongs to.
    #[serde(default)]
    pub api_domain: String,
    pub removal: Removal,
    /// For an undo: the operation it reverses.
    pub undo_of: Option<String>,
    pub total: usize,
    pub removed: usize,
    pub failed: usize,
    pub not_attempted: usize,
    pub unknown: usize,
    pub state: OpState,
    /// The plan it was applied from (`zcrm-tui apply`): a resume must not skip the plan's check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

impl OperationSummary {
    /// The state in words, as the CLI and the TUI show it: a run with no end whose ids were
    /// left unsent or of unknown fate was interrupted (killed, crashed), `R` finishes it.
    pub fn state_word(&self) -> &'static str {
        match self.state {
            OpState::Running if self.unknown > 0 || self.not_attempted > 0 => "interrupted",
            other => other.name(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpState {
    /// No end entry: the run crashed, was killed, or is still going.
    Running,
    Finished,
    /// Stopped by the admin (Ctrl-C, `q`) or because the journal could not be written.
    Stopped,
}

impl OpState {
    pub fn name(self) -> &'static str {
        match self {
            OpState::Running => "running",
            OpState::Finished => "finished",
            OpState::Stopped => "stopped",
        }
    }
}

/// One operation with its before-images and every id's fate, in the order of the request.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OperationRecord {
    pub summary: OperationSummary,
    pub before: Vec<serde_json::Value>,
    pub fates: Vec<(String, Fate)>,
}

impl Journal {
    pub fn open(dir: &Path) -> std::io::Result<Journal> {
        Ok(Journal {
            store: store::Store::open(dir)?,
        })
    }

    /// The journal in [`default_dir`] (honours `ZCRM_DATA_DIR`).
    pub fn open_default() -> anyhow::Result<Journal> {
        let dir = default_dir().context(
            "no data directory for the journal: set ZCRM_DATA_DIR (or HOME) to a writable directory",
        )?;
        Journal::open(&dir).with_context(|| format!("cannot open the journal in {}", dir.display()))
    }

    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    /// Every operation, newest first, from the index (brought up to date first).
    pub fn operations(&self) -> anyhow::Result<Vec<OperationSummary>> {
        let mut all: Vec<OperationSummary> = self
            .index()?
            .ops
            .into_iter()
            .filter_map(|o| o.summary)
            .collect();
        sort_newest_first(&mut all);
        Ok(all)
    }

    /// Every operation, newest first, by reading and folding the whole journal without the
    /// index: what the index must always agree with (tests and benches compare the two).
    pub fn operations_unindexed(&self) -> anyhow::Result<Vec<OperationSummary>> {
        let (entries, skipped) = self
            .store
            .read_all()
            .with_context(|| format!("cannot read the journal in {}", self.dir().display()))?;
        if skipped > 0 {
            tracing::warn!(skipped, "journal lines that could not be read were skipped");
        }
        let mut all: Vec<OperationSummary> = fold::fold_all(entries)
            .into_iter()
            .map(|f| f.record.summary)
            .collect();
        sort_newest_first(&mut all);
        Ok(all)
    }

    /// One operation by id (or by a prefix naming exactly one).
    pub fn operation(&self, id: &str) -> anyhow::Result<Option<OperationRecord>> {
        Ok(self.details(id)?.map(|f| f.record))
    }

    /// [`Self::operation`] as an undo or a resume needs it: without a record delete's
    /// before-images (see [`fold::Images::ForRuns`]), so that undoing 50,000 records does not
    /// hold 50,000 images.
    pub fn operation_for_runs(&self, id: &str) -> anyhow::Result<Option<OperationRecord>> {
        Ok(self.details_for_runs(id)?.map(|f| f.record))
    }

    /// [`Self::operation_for_runs`] with a name for each record a delete removed (its images
    /// reduced to the id and the name fields, see [`fold::Images::Names`]): what the TUI's undo
    /// and resume dialogs show, without 50,000 whole images.
    pub fn operation_named(&self, id: &str) -> anyhow::Result<Option<OperationRecord>> {
        Ok(self.folded(id, fold::Images::Names)?.map(|f| f.record))
    }

    /// [`Self::details`] without what [`Self::operation_for_runs`] leaves out.
    pub fn details_for_runs(&self, id: &str) -> anyhow::Result<Option<Folded>> {
        self.folded(id, fold::Images::ForRuns)
    }

    /// One operation with the intent it was written with and its retry notes, read from its
    /// own lines only.
    pub fn details(&self, id: &str) -> anyhow::Result<Option<Folded>> {
        self.folded(id, fold::Images::All)
    }

    fn folded(&self, id: &str, images: fold::Images) -> anyhow::Result<Option<Folded>> {
        let id = id.trim();
        if id.is_empty() {
            return Ok(None);
        }
        // An up-to-date index answers from the operation's own line; anything else (stale,
        // missing, no match among the lines read) goes the whole way.
        let quick = index::Index::lookup(self.dir(), &self.store.files()?, id)?;
        let index = match quick {
            Some(i) if !matches!(i.find(id), Ok(None)) => i,
            _ => self.index()?,
        };
        let op = match index.find(id) {
            Ok(Some(op)) => op,
            Ok(None) => return Ok(None),
            Err(n) => anyhow::bail!("`{id}` names {n} operations; give more of the id"),
        };
        index
            .fold(self.dir(), op, images)
            .with_context(|| format!("cannot read the journal in {}", self.dir().display()))
    }

    fn index(&self) -> anyhow::Result<index::Index> {
        let read = || index::Index::current(self.dir(), &self.store.files()?);
        let index = read()
            .with_context(|| format!("cannot read the journal in {}", self.dir().display()))?;
        if index.skipped > 0 {
            tracing::warn!(
                skipped = index.skipped,
                "journal lines that could not be read were skipped"
            );
        }
        Ok(index)
    }

    pub(crate) fn append(&self, op: &str, body: entry::Body) -> std::io::Result<()> {
        self.store.append(&entry::Entry::now(op, body))
    }

    /// Queues a line for the next sync; see [`store::Store::enqueue`].
    pub(crate) fn enqueue(&self, op: &str, body: entry::Body) -> std::io::Result<store::Pending> {
        self.store.enqueue(&entry::Entry::now(op, body))
    }

    pub(crate) fn wait(&self, pending: &store::Pending) -> std::io::Result<()> {
        self.store.wait(pending)
    }

    /// Fsyncs of journal lines made through this journal's writer (and its clones).
    pub fn fsyncs(&self) -> u64 {
        self.store.fsyncs()
    }

    /// Appends `lines` in order, stopping at the first that cannot be written.
    pub(crate) fn append_all(&self, op: &str, lines: Vec<entry::Body>) -> std::io::Result<()> {
        lines.into_iter().try_for_each(|b| self.append(op, b))
    }
}

fn sort_newest_first(all: &mut [OperationSummary]) {
    all.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| b.id.cmp(&a.id)));
}

/// `2026-11-23T11:05:12.123Z` -> `2026-11-23 11:05:12`: an entry's time as listed (UTC, as
/// written).
pub fn short_time(rfc3339: &str) -> String {
    let t = rfc3339.replacen('T', " ", 1);
    t.chars().take(19).collect()
}

/// A new operation id: sortable by time, unique enough across processes.
/// e.g. `20261123-110512-3fa9c1`.
pub fn new_op_id() -> String {
    let now = chrono::Utc::now();
    format!(
        "{}-{:06x}",
        now.format("%Y%m%d-%H%M%S"),
        rand::random::<u32>() >> 8
    )
}
