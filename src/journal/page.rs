//! A page of the listing, newest first, read from the end of the index's body merged with its
//! tail: the body keeps its listed operations last and in time order, so the newest `n` are
//! its last lines (less those the tail supersedes) merged with the tail's own, and a page costs
//! what it shows, the lines it skips and the tail (bounded by compaction), not the journal's
//! size.
//!
//! The index is first brought up to date (see `index`): after new journal lines that costs
//! the operations that changed; a missing or unreadable index is rebuilt from the journal (the
//! one cost that grows with the journal), and the next page is quick again.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::index::{self, Fresh, Index, Log, Op, line_id};
use super::{Journal, OperationSummary};

/// Operations newest first, and how many older ones there are past them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub ops: Vec<OperationSummary>,
    pub older: usize,
}

impl FromIterator<OperationSummary> for Page {
    fn from_iter<I: IntoIterator<Item = OperationSummary>>(iter: I) -> Page {
        Page {
            ops: iter.into_iter().collect(),
            older: 0,
        }
    }
}

impl Journal {
    /// `limit` operations, newest first, after the newest `skip`.
    pub fn page(&self, skip: usize, limit: usize) -> anyhow::Result<Page> {
        let files = self
            .store
            .files()
            .with_context(|| format!("cannot read the journal in {}", self.dir().display()))?;
        let read = || -> std::io::Result<Page> {
            let index = match index::refresh(self.dir(), &files)? {
                Fresh::Log(mut log) => {
                    warn_skipped(log.skipped);
                    match from_log(&mut log, skip, limit)? {
                        Some(page) => return Ok(page),
                        None => {
                            tracing::warn!("the journal index is damaged; rebuilding");
                            Index::rebuilt(self.dir(), &files)?
                        }
                    }
                }
                Fresh::Whole(index) => index,
            };
            warn_skipped(index.skipped);
            Ok(from_whole(index, skip, limit))
        };
        read().with_context(|| format!("cannot read the journal in {}", self.dir().display()))
    }
}

fn warn_skipped(skipped: usize) {
    if skipped > 0 {
        tracing::warn!(skipped, "journal lines that could not be read were skipped");
    }
}

/// The page from an index held whole in memory (one that could not be written).
fn from_whole(index: Index, skip: usize, limit: usize) -> Page {
    let mut all: Vec<OperationSummary> = index.ops.into_iter().filter_map(|o| o.summary).collect();
    all.sort_by(newest_first);
    let older = all.len().saturating_sub(skip).saturating_sub(limit);
    let ops = all.into_iter().skip(skip).take(limit).collect();
    Page { ops, older }
}

fn newest_first(a: &OperationSummary, b: &OperationSummary) -> Ordering {
    (b.time.as_str(), b.id.as_str()).cmp(&(a.time.as_str(), a.id.as_str()))
}

/// The page from the body's last lines merged with the tail's summaries; `None` when the
/// file does not hold what its header and commits say.
fn from_log(log: &mut Log, skip: usize, limit: usize) -> io::Result<Option<Page>> {
    let listed = log.listed;
    let take = limit.min(listed.saturating_sub(skip));
    let mut tail: Vec<&OperationSummary> = log
        .newer
        .values()
        .filter_map(|o| o.summary.as_ref())
        .collect();
    tail.sort_by(|a, b| newest_first(a, b));
    let mut tail = tail.into_iter().peekable();
    let mut body = Backward::new(&mut log.file, log.body_start, log.body_end);
    let mut body_left = log.body_listed;
    // The body's next line not superseded by the tail, newest first.
    let mut next_body = |body_left: &mut usize| -> io::Result<Option<Vec<u8>>> {
        while *body_left > 0 {
            *body_left -= 1;
            let Some(line) = body.next()? else {
                return Ok(None);
            };
            match line_id(&line) {
                Some(id) if log.newer.contains_key(id.as_ref()) => continue,
                _ => return Ok(Some(line)),
            }
        }
        Ok(None)
    };
    let mut head = next_body(&mut body_left)?;
    // The head's (time, id), parsed once, when a tail summary is to be placed against it.
    let mut head_key: Option<(String, String)> = None;
    let mut ops = Vec::with_capacity(take.min(1024));
    let mut at = 0;
    while at < skip.saturating_add(take) {
        let from_body = match (&head, tail.peek()) {
            (None, None) => break,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (Some(line), Some(t)) => {
                if head_key.is_none() {
                    match serde_json::from_slice::<Key>(line) {
                        Ok(Key { id, s: Some(s) }) => head_key = Some((s.time.into(), id.into())),
                        _ => return Ok(None),
                    }
                }
                head_key.as_ref().is_some_and(|(time, id)| {
                    (time.as_str(), id.as_str()) > (t.time.as_str(), t.id.as_str())
                })
            }
        };
        if from_body {
            if at >= skip {
                let line = head.take().unwrap_or_default();
                match serde_json::from_slice::<Op>(&line) {
                    Ok(Op {
                        summary: Some(s), ..
                    }) => ops.push(s),
                    // The listed ones are last: a line without a summary there is not our layout.
                    _ => return Ok(None),
                }
            }
            head = next_body(&mut body_left)?;
            head_key = None;
        } else if let Some(t) = tail.next()
            && at >= skip
        {
            ops.push(t.clone());
        }
        at += 1;
    }
    if ops.len() != take {
        return Ok(None);
    }
    Ok(Some(Page {
        older: listed - skip.min(listed) - take,
        ops,
    }))
}

/// What ordering a body line needs: its id and time.
#[derive(Deserialize)]
struct Key<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    s: Option<KeyTime<'a>>,
}

#[derive(Deserialize)]
struct KeyTime<'a> {
    #[serde(borrow)]
    time: Cow<'a, str>,
}

const CHUNK: u64 = 64 * 1024;

/// The non-empty lines of a file between `floor` and `end`, from the last.
struct Backward<'a> {
    file: &'a mut File,
    floor: u64,
    pos: u64,
    /// Bytes read but not yet returned: whole lines, and the start of one that began earlier.
    buf: Vec<u8>,
    /// `buf[..end]` is not yet returned.
    end: usize,
}

impl<'a> Backward<'a> {
    fn new(file: &'a mut File, floor: u64, end: u64) -> Backward<'a> {
        Backward {
            file,
            floor,
            pos: end,
            buf: Vec::new(),
            end: 0,
        }
    }

    fn next(&mut self) -> io::Result<Option<Vec<u8>>> {
        loop {
            if let Some(nl) = self.buf[..self.end].iter().rposition(|b| *b == b'\n') {
                let line = self.buf[nl + 1..self.end].to_vec();
                self.end = nl;
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                return Ok(Some(line));
            }
            if self.pos <= self.floor {
                // The first line starts at `floor`, with no line break before it.
                let line = std::mem::take(&mut self.buf)[..self.end].to_vec();
                self.end = 0;
                if line.iter().all(u8::is_ascii_whitespace) {
                    return Ok(None);
                }
                return Ok(Some(line));
            }
            let start = self.pos.saturating_sub(CHUNK).max(self.floor);
            self.file.seek(SeekFrom::Start(start))?;
            let mut chunk = Vec::with_capacity((self.pos - start) as usize + self.end);
            Read::by_ref(self.file)
                .take(self.pos - start)
                .read_to_end(&mut chunk)?;
            chunk.extend_from_slice(&self.buf[..self.end]);
            self.end = chunk.len();
            self.buf = chunk;
            self.pos = start;
        }
    }
}
