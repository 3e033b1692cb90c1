//! A page of the listing, newest first, read from the end of the index: the index keeps its
//! listed operations last and in time order, so the newest `n` are its last `n` lines and a
//! page costs what it shows (and a count of the lines it skips), not the journal's size.
//!
//! Only an index that is up to date is read this way; a missing, stale or unreadable one is
//! first brought up to date from the journal (the one cost that grows with the journal), and
//! the next page is quick again.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::index::{Index, Op};
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
        match from_index(self.dir(), &files, skip, limit) {
            Ok(Some(page)) => return Ok(page),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "the journal index could not be read; rebuilding"),
        }
        // The index is first brought up to date (and written back): the next page is quick.
        let all = self.operations()?;
        let older = all.len().saturating_sub(skip).saturating_sub(limit);
        let ops = all.into_iter().skip(skip).take(limit).collect();
        Ok(Page { ops, older })
    }
}

/// The page from the index's last lines; `None` when the index is not up to date.
fn from_index(
    dir: &Path,
    files: &[PathBuf],
    skip: usize,
    limit: usize,
) -> io::Result<Option<Page>> {
    let Some((head, listed, mut file)) = Index::head(dir, files)? else {
        return Ok(None);
    };
    let take = limit.min(listed.saturating_sub(skip));
    let lines = last_lines(&mut file, head, skip.min(listed), take)?;
    let mut ops = Vec::with_capacity(lines.len());
    for l in lines {
        let Ok(op) = serde_json::from_slice::<Op>(&l) else {
            return Ok(None);
        };
        match op.summary {
            Some(s) => ops.push(s),
            // The listed ones are last: a line without a summary there is not our layout.
            None => return Ok(None),
        }
    }
    if ops.len() != take {
        return Ok(None);
    }
    Ok(Some(Page {
        older: listed - skip.min(listed) - take,
        ops,
    }))
}

const CHUNK: u64 = 64 * 1024;

/// The non-empty lines of `f` after byte `floor`, from the last: `skip` of them passed over
/// unparsed, then up to `take` returned (the last line first).
fn last_lines(f: &mut File, floor: u64, skip: usize, take: usize) -> io::Result<Vec<Vec<u8>>> {
    // `take` may come from a damaged header: what is reserved up front stays small.
    let mut out = Vec::with_capacity(take.min(1024));
    if take == 0 {
        return Ok(out);
    }
    let mut pos = f.metadata()?.len();
    let mut passed = 0;
    // The start of a line whose end is known and whose start is further back.
    let mut carry: Vec<u8> = Vec::new();
    let mut buf = Vec::new();
    while pos > floor {
        let start = pos.saturating_sub(CHUNK).max(floor);
        f.seek(SeekFrom::Start(start))?;
        buf.clear();
        Read::by_ref(f).take(pos - start).read_to_end(&mut buf)?;
        buf.extend_from_slice(&carry);
        pos = start;
        let mut end = buf.len();
        while let Some(nl) = buf[..end].iter().rposition(|b| *b == b'\n') {
            let line = &buf[nl + 1..end];
            end = nl;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if passed < skip {
                passed += 1;
                continue;
            }
            out.push(line.to_vec());
            if out.len() == take {
                return Ok(out);
            }
        }
        carry = buf[..end].to_vec();
    }
    // The first line after the header starts at `floor`, with no line break before it.
    if !carry.iter().all(u8::is_ascii_whitespace) && passed >= skip {
        out.push(carry);
    }
    Ok(out)
}
