//! The index file: a header line, a sorted body, then appended batches.
//!
//! A batch is what one update learned: a line break (so that a torn line before it ends
//! there), the new summary lines of the operations that gained journal lines, and a commit
//! line saying which state it was computed from (`base`: where the last accepted commit
//! ended), how many bytes of lines precede it with their hash, and the coverage and count of
//! listed operations after it. A batch is one append (`O_APPEND`), so two processes' batches
//! never interleave; a reader accepts a batch only when its base is the state accepted so
//! far and its bytes are whole, and otherwise ignores it as if it had never been written.
//! So a crash mid-append (a torn batch), two updaters racing (the second computed from a
//! state the first moved past) or a short write all leave a tail that reads as the state of
//! its last accepted batch, which is true of the journal up to that batch's coverage; the
//! next update scans from there. No lock is needed: the body is replaced only by renaming a
//! whole file over it, and a batch appended to the replaced file is lost with it, which a
//! cache can afford.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::super::fold::Images;
use super::body::{Header, ends_line, save};
use super::filter::Filter;
use super::{Covered, FILE, FORMAT, Index, Op, Span, fnv, fold_one, still_covers};
use crate::journal::scan;

#[derive(Debug, Serialize, Deserialize)]
struct CommitLine {
    commit: Commit,
}

#[derive(Debug, Serialize, Deserialize)]
struct Commit {
    /// Where the state this batch was computed from ends in the file.
    base: u64,
    /// The batch's summary lines: their bytes just before this line, their count and hash.
    bytes: u64,
    lines: usize,
    hash: u64,
    /// The daily files whose coverage changed (by number; the next number adds one).
    files: Vec<(u32, Covered)>,
    /// Operations with a summary, in the whole index after this batch.
    listed: usize,
}

const COMMIT: &[u8] = b"{\"commit\":";

/// The tail is folded into a new body once it passes this fraction of the body (and a floor,
/// so a small journal is not rewritten at every update).
const COMPACT_FRACTION: u64 = 8;
const COMPACT_FLOOR: u64 = 256 * 1024;

/// The index file, read: its header and its accepted tail (the body is read on demand).
pub(in crate::journal) struct Log {
    pub(in crate::journal) file: File,
    /// Where the body starts and ends.
    pub(in crate::journal) body_start: u64,
    pub(in crate::journal) body_end: u64,
    /// The body's listed operations (its last lines), and which ids it may hold (hex).
    pub(in crate::journal) body_listed: usize,
    body_ids: String,
    /// The accepted state: coverage, listed operations, and the tail's newest line per id.
    pub(in crate::journal) files: Vec<Covered>,
    pub(in crate::journal) listed: usize,
    pub(in crate::journal) newer: HashMap<String, Op>,
    /// Where the last accepted commit ends, and the tail's bytes (accepted or not).
    end: u64,
    tail: u64,
    pub(in crate::journal) skipped: usize,
}

/// The index brought up to date: the file, or (when it could not be written) the whole index
/// in memory.
pub(in crate::journal) enum Fresh {
    Log(Log),
    Whole(Index),
}

/// Brings the index file up to date with the journal's `files`: a batch appended with the
/// operations that gained lines, or a rebuild when the index is missing, damaged or covers a
/// daily file that changed.
pub(in crate::journal) fn refresh(dir: &Path, files: &[PathBuf]) -> io::Result<Fresh> {
    let mut log = match Log::open(&dir.join(FILE))? {
        Some(log) if still_covers(dir, &log.files)? => log,
        _ => return rebuild(dir, files),
    };
    let mut covered = log.files.clone();
    let new = scan::scan_new(&mut covered, files)?;
    log.skipped = new.skipped;
    if covered == log.files {
        return Ok(Fresh::Log(log));
    }
    let Some(ops) = log.updated(dir, &covered, new.ops)? else {
        return rebuild(dir, files);
    };
    log.commit(covered, ops);
    if log.tail > COMPACT_FLOOR + (log.body_end - log.body_start) / COMPACT_FRACTION {
        return match log.load(None)? {
            Some(index) => save_or_keep(dir, index),
            None => rebuild(dir, files),
        };
    }
    Ok(Fresh::Log(log))
}

/// The index rebuilt from the journal alone and written as a new file.
pub(in crate::journal) fn rebuild(dir: &Path, files: &[PathBuf]) -> io::Result<Fresh> {
    save_or_keep(dir, Index::from_journal(dir, files)?)
}

fn save_or_keep(dir: &Path, mut index: Index) -> io::Result<Fresh> {
    index.sort();
    match save(dir, &index).and_then(|f| Log::read(f)?.ok_or_else(unreadable)) {
        Ok(mut log) => {
            log.skipped = index.skipped;
            Ok(Fresh::Log(log))
        }
        Err(e) => {
            tracing::warn!(error = %e, "the journal index could not be written; reading on");
            Ok(Fresh::Whole(index))
        }
    }
}

fn unreadable() -> io::Error {
    io::Error::other("the journal index just written does not read back")
}

impl Log {
    /// The index at `path`; `None` when it is missing, unreadable, of another format or
    /// shorter than its header says.
    fn open(path: &Path) -> io::Result<Option<Log>> {
        let opened = std::fs::OpenOptions::new()
            .read(true)
            .append(true)
            .open(path);
        // A read-only index still answers; its batches are then kept in memory only.
        let file = match opened {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(_) => match File::open(path) {
                Ok(f) => f,
                Err(_) => return Ok(None),
            },
        };
        // A cache that cannot be read (a directory in its place, an I/O error) is as good as
        // missing: the journal answers instead.
        Log::read(file).or_else(|e| {
            tracing::warn!(error = %e, "the journal index cannot be read; reading the journal");
            Ok(None)
        })
    }

    fn read(mut file: File) -> io::Result<Option<Log>> {
        let mut first = Vec::new();
        BufReader::new(&mut file).read_until(b'\n', &mut first)?;
        let Ok(header) = serde_json::from_slice::<Header>(&first) else {
            return Ok(None);
        };
        let body_start = first.len() as u64;
        let body_end = body_start.saturating_add(header.body);
        let len = file.metadata()?.len();
        if header.format != FORMAT || len < body_end || !ends_line(&mut file, body_end)? {
            return Ok(None);
        }
        file.seek(SeekFrom::Start(body_end))?;
        let mut tail = Vec::new();
        Read::by_ref(&mut file).read_to_end(&mut tail)?;
        let mut log = Log {
            file,
            body_start,
            body_end,
            body_listed: header.listed,
            body_ids: header.ids,
            files: header.files,
            listed: header.listed,
            newer: HashMap::new(),
            end: body_end,
            tail: tail.len() as u64,
            skipped: 0,
        };
        log.accept_all(&tail);
        Ok(Some(log))
    }

    /// Applies, in order, every batch of `tail` that follows the state accepted so far.
    fn accept_all(&mut self, tail: &[u8]) {
        let mut at = 0;
        while let Some(nl) = tail[at..].iter().position(|b| *b == b'\n') {
            let line = &tail[at..at + nl];
            if line.starts_with(COMMIT)
                && let Ok(c) = serde_json::from_slice::<CommitLine>(line)
            {
                self.accept(tail, at, &c.commit, (at + nl + 1) as u64);
            }
            at += nl + 1;
        }
    }

    /// The batch whose commit line starts at `at` in `tail` and ends at `next`, if whole and
    /// computed from the state accepted so far.
    fn accept(&mut self, tail: &[u8], at: usize, c: &Commit, next: u64) {
        let Some(start) = usize::try_from(c.bytes)
            .ok()
            .and_then(|b| at.checked_sub(b))
        else {
            return;
        };
        let lines = &tail[start..at];
        let whole = c.base == self.end
            && start > 0
            && tail[start - 1] == b'\n'
            && fnv(lines) == c.hash
            && lines.iter().filter(|b| **b == b'\n').count() == c.lines;
        let mut files = self.files.clone();
        for (no, cov) in &c.files {
            let no = *no as usize;
            if no < files.len() {
                files[no] = cov.clone();
            } else if no == files.len() {
                files.push(cov.clone());
            } else {
                return;
            }
        }
        let ops: Option<Vec<Op>> = lines
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice::<Op>(l).ok())
            .collect();
        let n = files.len() as u32;
        let Some(ops) =
            ops.filter(|ops| whole && ops.iter().flat_map(|o| &o.spans).all(|s| s.0 < n))
        else {
            return;
        };
        for op in ops {
            self.newer.insert(op.id.clone(), op);
        }
        self.files = files;
        self.listed = c.listed;
        self.end = self.body_end + next;
    }

    /// The operations of `new` (each with its new spans) as they stand now, folded again from
    /// all their lines; `None` when the body is damaged.
    fn updated(
        &mut self,
        dir: &Path,
        covered: &[Covered],
        new: Vec<(String, Vec<Span>)>,
    ) -> io::Result<Option<Vec<(Op, bool)>>> {
        let in_body = Filter::from_hex(&self.body_ids);
        let missing: HashSet<&str> = new
            .iter()
            .map(|(id, _)| id.as_str())
            .filter(|id| !self.newer.contains_key(*id) && in_body.may_hold(id))
            .collect();
        let mut found = HashMap::new();
        if !missing.is_empty() {
            match self.body_ops(|id| missing.contains(id))? {
                Some(ops) => found.extend(ops.into_iter().map(|o| (o.id.clone(), o))),
                None => return Ok(None),
            }
        }
        let mut reader = scan::SpanReader::new(dir, covered);
        let mut out = Vec::with_capacity(new.len());
        for (id, spans) in new {
            let before = self.newer.get(&id).cloned().or_else(|| found.remove(&id));
            let was_listed = before.as_ref().is_some_and(|o| o.summary.is_some());
            let mut op = before.unwrap_or(Op {
                id,
                summary: None,
                spans: Vec::new(),
            });
            for s in spans {
                scan::extend(&mut op.spans, s);
            }
            op.summary = fold_one(&mut reader, &op, Images::None)?.map(|f| f.record.summary);
            out.push((op, was_listed));
        }
        Ok(Some(out))
    }

    /// Appends a batch of `ops` (each with whether it was listed before) covering `covered`,
    /// and takes it into this state whether or not the append could be made.
    fn commit(&mut self, covered: Vec<Covered>, ops: Vec<(Op, bool)>) {
        let was = ops.iter().filter(|(_, l)| *l).count();
        let now = ops.iter().filter(|(o, _)| o.summary.is_some()).count();
        let listed = (self.listed + now).saturating_sub(was);
        let files: Vec<(u32, Covered)> = covered
            .iter()
            .enumerate()
            .filter(|(no, c)| self.files.get(*no) != Some(*c))
            .map(|(no, c)| (no as u32, c.clone()))
            .collect();
        let mut lines = Vec::new();
        for (op, _) in &ops {
            let _ = serde_json::to_writer(&mut lines, op);
            lines.push(b'\n');
        }
        let commit = Commit {
            base: self.end,
            bytes: lines.len() as u64,
            lines: ops.len(),
            hash: fnv(&lines),
            files,
            listed,
        };
        let mut batch = Vec::with_capacity(lines.len() + 256);
        batch.push(b'\n');
        batch.extend_from_slice(&lines);
        let _ = serde_json::to_writer(&mut batch, &CommitLine { commit });
        batch.push(b'\n');
        // One write: with `O_APPEND` it lands whole after whatever is there.
        match self.file.write_all(&batch) {
            Ok(()) => self.tail += batch.len() as u64,
            Err(e) => tracing::warn!(error = %e, "the journal index could not be appended to"),
        }
        for (op, _) in ops {
            self.newer.insert(op.id.clone(), op);
        }
        self.files = covered;
        self.listed = listed;
    }
}
