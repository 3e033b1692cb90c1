//! The index file's header and sorted body: written whole, read from the end for a page, or
//! passed over once for the lines of a few operations without parsing the others.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::filter::Filter;
use super::tail::Log;
use super::{Covered, FILE, Index, Op};

/// The first line.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Header {
    pub(super) format: u32,
    pub(super) files: Vec<Covered>,
    /// The body's operations with a summary: its last lines.
    pub(super) listed: usize,
    /// Bytes of the body, after this line.
    pub(super) body: u64,
    /// Which ids the body may hold, as hex (see `filter`).
    pub(super) ids: String,
}

impl Log {
    /// The body's operations whose id `keep` accepts, in body order, without parsing the
    /// others; `None` when a line is damaged.
    pub(in crate::journal) fn body_ops(
        &mut self,
        keep: impl Fn(&str) -> bool,
    ) -> io::Result<Option<Vec<Op>>> {
        self.file.seek(SeekFrom::Start(self.body_start))?;
        let body = Read::by_ref(&mut self.file).take(self.body_end - self.body_start);
        let n = self.files.len() as u32;
        let mut out = Vec::new();
        for line in BufReader::with_capacity(256 * 1024, body).split(b'\n') {
            let line = line?;
            let Some(id) = line_id(&line) else {
                return Ok(None);
            };
            if !keep(&id) {
                continue;
            }
            match serde_json::from_slice::<Op>(&line) {
                Ok(op) if op.spans.iter().all(|s| s.0 < n) => out.push(op),
                _ => return Ok(None),
            }
        }
        Ok(Some(out))
    }

    /// The operations whose id starts with `only` (every one without it): the body's with
    /// the tail's newer lines in their place; `None` when the body is damaged.
    pub(in crate::journal) fn load(&mut self, only: Option<&str>) -> io::Result<Option<Index>> {
        let wanted = |id: &str| only.is_none_or(|p| id.starts_with(p));
        let newer = std::mem::take(&mut self.newer);
        let body = self.body_ops(|id| wanted(id) && !newer.contains_key(id));
        let newer_wanted = newer.values().filter(|o| wanted(&o.id)).cloned();
        let ops = body?.map(|mut ops| {
            ops.extend(newer_wanted);
            ops
        });
        self.newer = newer;
        Ok(ops.map(|ops| Index {
            files: self.files.clone(),
            ops,
            skipped: self.skipped,
        }))
    }
}

/// The id an index line starts with (`{"id":"...`), read without parsing the rest.
pub(in crate::journal) fn line_id(line: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    let rest = line.strip_prefix(b"{\"id\":\"")?;
    let end = rest.iter().position(|b| *b == b'"' || *b == b'\\')?;
    if rest[end] == b'"' {
        return std::str::from_utf8(&rest[..end]).ok().map(Into::into);
    }
    // An escaped id: the slow way.
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    serde_json::from_slice::<Id>(line).ok().map(|i| i.id.into())
}

/// Whether the byte before `end` is a line break (or `end` is the start).
pub(super) fn ends_line(file: &mut File, end: u64) -> io::Result<bool> {
    if end == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(end - 1))?;
    let mut b = [0u8];
    file.read_exact(&mut b)?;
    Ok(b[0] == b'\n')
}

/// Writes `index` (sorted) as a new file renamed over the old one, so that a reader (or a
/// crash) sees the old index or the new, never half of one; the new file, open to append.
pub(super) fn save(dir: &Path, index: &Index) -> io::Result<File> {
    // Named for this process and call: two readers saving at once each rename a whole file.
    let tmp = dir.join(format!(
        "{FILE}.{}-{:08x}.tmp",
        std::process::id(),
        rand::random::<u32>()
    ));
    let mut header = Header {
        format: super::FORMAT,
        files: index.files.clone(),
        listed: index.ops.iter().filter(|o| o.summary.is_some()).count(),
        body: u64::MAX,
        ids: Filter::of(index.ops.iter().map(|o| o.id.as_str())).to_hex(),
    };
    let written = write_new(&tmp, &mut header, index);
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    let appending = written?;
    std::fs::rename(&tmp, dir.join(FILE))?;
    Ok(appending)
}

/// The body's length is known once it is written: the header is written first with room for
/// any length (JSON allows the spaces that pad it), then again over itself.
fn write_new(tmp: &Path, header: &mut Header, index: &Index) -> io::Result<File> {
    let room = serde_json::to_vec(&*header)
        .map_err(io::Error::other)?
        .len();
    let mut file = private_file(tmp)?;
    let appending = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .open(tmp)?;
    let mut out = io::BufWriter::new(&mut file);
    out.write_all(&vec![b' '; room])?;
    out.write_all(b"\n")?;
    let mut body = 0u64;
    for op in &index.ops {
        let line = serde_json::to_vec(op).map_err(io::Error::other)?;
        out.write_all(&line)?;
        out.write_all(b"\n")?;
        body += line.len() as u64 + 1;
    }
    out.flush()?;
    drop(out);
    header.body = body;
    let mut first = serde_json::to_vec(&*header).map_err(io::Error::other)?;
    first.resize(room, b' ');
    file.seek(SeekFrom::Start(0))?;
    file.write_all(&first)?;
    file.sync_data()?;
    Ok(appending)
}

fn private_file(path: &Path) -> io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.create_new(true).read(true).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}
