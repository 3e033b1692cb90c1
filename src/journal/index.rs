//! The journal's index: one summary line per operation in `index.v1`, beside the daily files,
//! with where each operation's lines are, so that a listing reads the index and a `show`, an
//! undo or a resume read only the operation's own lines.
//!
//! The journal stays the truth and the index is only a cache. Appends never touch it (so a
//! crash between an append and an index update cannot exist); every read brings it up to date
//! first: it records, for each daily file, how many bytes it covers (up to the end of the last
//! whole line) and a fingerprint of the first and last bytes of that. A file that grew is
//! scanned from there, and only the operations with new lines are folded again; a file that
//! shrank, vanished or no longer starts and ends as recorded (rewritten, restored from a backup)
//! rebuilds the index from the journal, as does an index that is missing, unreadable or of
//! another format. The daily files are only ever appended to; an edit by hand that keeps a
//! file's length and both ends is not seen: deleting `index.v1` rebuilds it.
//!
//! The file is a sorted body, written whole (a new file renamed over the old), then a tail of
//! batches appended as the journal grows (see `tail`): an update costs the operations that
//! changed, not the journal's size, and a later line for an operation supersedes its earlier
//! ones. The body holds the operations in listing order, oldest first, with the ones not yet
//! listed (no intent read) before them all, so that the newest page is the body's last lines
//! merged with the tail's (see `page`); when the tail passes a fraction of the body, the whole
//! file is written again.

mod body;
mod filter;
mod tail;

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::OperationSummary;
use super::fold::{Folded, Folder, Images};
use super::scan;
pub(super) use body::line_id;
pub(super) use tail::{Fresh, Log, refresh};

/// Its name: not `.jsonl`, so the journal's readers never take it for a day of entries.
pub const FILE: &str = "index.v1";
/// 3: a sorted body and appended batches (2: the whole file rewritten on each update, in
/// listing order; 1 had no order).
const FORMAT: u32 = 3;
/// Bytes before a file's covered end that its fingerprint hashes.
const PRINT: u64 = 64;

/// What the index knows of one daily file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Covered {
    pub name: String,
    /// Bytes from the start that were scanned: the end of the last whole line seen.
    pub len: u64,
    /// FNV-1a of the first and of the last [`PRINT`] bytes before `len`.
    pub print: u64,
}

/// Runs of an operation's consecutive lines: (file number in the index, start, end).
pub type Span = (u32, u64, u64);

/// One operation: its summary (none while no intent line has been read) and its lines.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Op {
    pub id: String,
    #[serde(rename = "s")]
    pub summary: Option<OperationSummary>,
    pub spans: Vec<Span>,
}

/// The index, read and brought up to date.
#[derive(Debug, Default)]
pub struct Index {
    pub files: Vec<Covered>,
    pub ops: Vec<Op>,
    /// Lines of the journal skipped by this update (torn, unreadable).
    pub skipped: usize,
}

impl Index {
    /// The index of the journal in `dir`, up to date with its files (`files`, oldest first),
    /// every operation read. The file is brought up to date first; a failure to write it is
    /// only logged, the answer stands.
    pub fn current(dir: &Path, files: &[PathBuf]) -> io::Result<Index> {
        match refresh(dir, files)? {
            Fresh::Whole(index) => Ok(index),
            Fresh::Log(mut log) => match log.load(None)? {
                Some(index) => Ok(index),
                None => Index::rebuilt(dir, files),
            },
        }
    }

    /// The operations whose id starts with `id`, from the index brought up to date, without
    /// parsing the others. `None` when the index cannot answer (then [`Index::current`]).
    pub fn lookup(dir: &Path, files: &[PathBuf], id: &str) -> io::Result<Option<Index>> {
        match refresh(dir, files)? {
            Fresh::Whole(mut index) => {
                index.ops.retain(|o| o.id.starts_with(id));
                Ok(Some(index))
            }
            Fresh::Log(mut log) => log.load(Some(id)),
        }
    }

    /// Rebuilt from the journal alone, whatever the index file holds, and written back.
    pub(super) fn rebuilt(dir: &Path, files: &[PathBuf]) -> io::Result<Index> {
        match tail::rebuild(dir, files)? {
            Fresh::Whole(index) => Ok(index),
            Fresh::Log(mut log) => Ok(log.load(None)?.unwrap_or_default()),
        }
    }

    /// Every operation of the journal, scanned and folded from its lines.
    fn from_journal(dir: &Path, files: &[PathBuf]) -> io::Result<Index> {
        let mut index = Index::default();
        let new = scan::scan_new(&mut index.files, files)?;
        index.skipped = new.skipped;
        let mut reader = scan::SpanReader::new(dir, &index.files);
        for (id, spans) in new.ops {
            let mut op = Op {
                id,
                summary: None,
                spans,
            };
            op.summary = fold_one(&mut reader, &op, Images::None)?.map(|f| f.record.summary);
            index.ops.push(op);
        }
        index.sort();
        Ok(index)
    }

    /// Listing order, oldest first, the unlisted before them: what `page` reads backwards.
    fn sort(&mut self) {
        self.ops.sort_by(|a, b| match (&a.summary, &b.summary) {
            (None, None) => a.id.cmp(&b.id),
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => x.time.cmp(&y.time).then_with(|| x.id.cmp(&y.id)),
        });
    }

    /// The operation `id` names: exactly, else as the only one it is a prefix of.
    pub fn find(&self, id: &str) -> Result<Option<&Op>, usize> {
        let listed = |o: &&Op| o.summary.is_some();
        if let Some(op) = self.ops.iter().filter(listed).find(|o| o.id == id) {
            return Ok(Some(op));
        }
        let mut hits = self
            .ops
            .iter()
            .filter(listed)
            .filter(|o| o.id.starts_with(id));
        match (hits.next(), hits.count()) {
            (None, _) => Ok(None),
            (Some(op), 0) => Ok(Some(op)),
            (Some(_), more) => Err(more + 1),
        }
    }

    /// `op` folded from its own lines, with the before-images asked for.
    pub fn fold(&self, dir: &Path, op: &Op, images: Images) -> io::Result<Option<Folded>> {
        fold_one(&mut scan::SpanReader::new(dir, &self.files), op, images)
    }
}

/// Whether every file in `covered` still holds what it covered.
fn still_covers(dir: &Path, covered: &[Covered]) -> io::Result<bool> {
    for c in covered {
        let path = dir.join(&c.name);
        match std::fs::metadata(&path) {
            Ok(m) if m.len() >= c.len => {}
            Ok(_) => return Ok(false),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        }
        if fingerprint(&path, c.len)? != c.print {
            return Ok(false);
        }
    }
    Ok(true)
}

fn fold_one(reader: &mut scan::SpanReader, op: &Op, images: Images) -> io::Result<Option<Folded>> {
    let mut folder = Folder::new(images);
    reader.each(&op.spans, |e| {
        if e.op == op.id {
            folder.push(e)
        }
    })?;
    Ok(folder.finish().pop())
}

/// FNV-1a of the first and of the last [`PRINT`] bytes before `end` of the file at `path`.
pub fn fingerprint(path: &Path, end: u64) -> io::Result<u64> {
    let mut f = File::open(path)?;
    let mut buf = Vec::with_capacity(2 * PRINT as usize);
    Read::by_ref(&mut f)
        .take(end.min(PRINT))
        .read_to_end(&mut buf)?;
    let start = end.saturating_sub(PRINT);
    f.seek(SeekFrom::Start(start))?;
    f.take(end - start).read_to_end(&mut buf)?;
    Ok(fnv(&buf))
}

fn fnv(bytes: &[u8]) -> u64 {
    crate::hash::fnv1a(&[bytes])
}
