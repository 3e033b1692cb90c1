//! The journal's index: one summary line per operation in `index.v1`, beside the daily files,
//! with where each operation's lines are, so that a listing reads the index and a `show`, an
//! undo or a resume read only the operation's own lines.
//!
//! The journal stays the truth and the index is only a cache. Appends never touch it (so a
//! crash between an append and an index update cannot exist); every read brings it up to date
//! first: its header records, for each daily file, how many bytes it covers (up to the end of
//! the last whole line) and a fingerprint of the first and last bytes of that. A file that grew
//! is scanned from there, and only the operations with new lines are folded again; a file that
//! shrank, vanished or no longer starts and ends as recorded (rewritten, restored from a backup)
//! rebuilds the index from the journal, as does an index that is missing, unreadable or of
//! another format. The daily files are only ever appended to; an edit by hand that keeps a
//! file's length and both ends is not seen: deleting `index.v1` rebuilds it.
//!
//! The operations are written in listing order, oldest first, with the ones not yet listed
//! (no intent read) before them all, and the header counts the listed ones: the newest page
//! is the file's last lines (see `page`).

use std::fs::File;
use std::io::{self, BufRead, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::OperationSummary;
use super::fold::{Folded, Folder, Images};
use super::scan;

/// Its name: not `.jsonl`, so the journal's readers never take it for a day of entries.
pub const FILE: &str = "index.v1";
/// 2: operations in listing order and a count of the listed ones (1 had neither).
const FORMAT: u32 = 2;
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

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    format: u32,
    files: Vec<Covered>,
    /// The operations with a summary: the file's last lines.
    listed: usize,
}

/// Runs of an operation's consecutive lines: (file number in the header, start, end).
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
    /// Lines skipped since the index was last written (torn, unreadable).
    pub skipped: usize,
}

impl Index {
    /// The index of the journal in `dir`, up to date with its files (`files`, oldest first).
    /// Writes it back when it changed; a failure to write is only logged, the answer stands.
    pub fn current(dir: &Path, files: &[PathBuf]) -> io::Result<Index> {
        let (mut index, mut changed) = match load(&dir.join(FILE), None) {
            Some(i) if i.matches(dir)? => (i, false),
            _ => (Index::default(), true),
        };
        let touched = scan::scan_new(&mut index, files)?;
        if !touched.is_empty() {
            changed = true;
            index.refold(dir, &touched)?;
        }
        if changed {
            index.sort();
        }
        if changed && let Err(e) = index.save(dir) {
            tracing::warn!(error = %e, "the journal index could not be written; reading on");
        }
        Ok(index)
    }

    /// The operations whose id starts with `id`, read from an index that is up to date without
    /// parsing the others; `None` when it is not up to date (then [`Index::current`] is the
    /// way). Never written back: it holds only those operations.
    pub fn lookup(dir: &Path, files: &[PathBuf], id: &str) -> io::Result<Option<Index>> {
        let Some(index) = load(&dir.join(FILE), Some(id)) else {
            return Ok(None);
        };
        if !index.matches(dir)? || index.behind(files) {
            return Ok(None);
        }
        Ok(Some(index))
    }

    /// An up-to-date index, open, with where its operations start and how many of the last
    /// ones are listed; `None` when it is missing, stale or of another format (the header alone
    /// is read: the operations are left to the caller).
    pub(super) fn head(dir: &Path, files: &[PathBuf]) -> io::Result<Option<(u64, usize, File)>> {
        let mut file = match File::open(dir.join(FILE)) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut first = Vec::new();
        io::BufReader::new(&mut file).read_until(b'\n', &mut first)?;
        let Ok(header) = serde_json::from_slice::<Header>(&first) else {
            return Ok(None);
        };
        let index = Index {
            files: header.files,
            ops: Vec::new(),
            skipped: 0,
        };
        if header.format != FORMAT || !index.matches(dir)? || index.behind(files) {
            return Ok(None);
        }
        Ok(Some((first.len() as u64, header.listed, file)))
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

    /// Whether a daily file has bytes the index has not covered (or is not in it at all).
    fn behind(&self, files: &[PathBuf]) -> bool {
        files.iter().any(|path| {
            let name = path.file_name().map(|n| n.to_string_lossy());
            let covered = self
                .files
                .iter()
                .find(|c| Some(c.name.as_str()) == name.as_deref());
            covered.is_none_or(|c| std::fs::metadata(path).is_ok_and(|m| m.len() > c.len))
        })
    }

    /// Whether every file it covers still holds what it covered.
    fn matches(&self, dir: &Path) -> io::Result<bool> {
        for c in &self.files {
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

    /// Folds `ops` (positions in `self.ops`) again from their own lines.
    fn refold(&mut self, dir: &Path, ops: &[usize]) -> io::Result<()> {
        let mut reader = scan::SpanReader::new(dir, &self.files);
        for &i in ops {
            let op = &self.ops[i];
            let folded = fold_one(&mut reader, op, Images::None)?;
            self.ops[i].summary = folded.map(|f| f.record.summary);
        }
        Ok(())
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

    /// Writes the index beside the journal: a new file renamed over the old one, so that a
    /// reader (or a crash) sees the old index or the new, never half of one.
    fn save(&self, dir: &Path) -> io::Result<()> {
        // Named for this process and call: two readers saving at once each rename a whole file.
        let tmp = dir.join(format!(
            "{FILE}.{}-{:08x}.tmp",
            std::process::id(),
            rand::random::<u32>()
        ));
        let mut out = io::BufWriter::new(private_file(&tmp)?);
        let header = Header {
            format: FORMAT,
            files: self.files.clone(),
            listed: self.ops.iter().filter(|o| o.summary.is_some()).count(),
        };
        write_line(&mut out, &header)?;
        for op in &self.ops {
            write_line(&mut out, op)?;
        }
        out.into_inner().map_err(|e| e.into_error())?.sync_data()?;
        std::fs::rename(&tmp, dir.join(FILE))
    }
}

fn write_line<T: Serialize>(out: &mut impl Write, v: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, v).map_err(io::Error::other)?;
    out.write_all(b"\n")
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

/// The index in `path`, or `None` when it is missing, unreadable or of another format (then
/// it is rebuilt). With `only`, just the operations whose id starts with it are parsed (the
/// others are skipped unread): a lookup costs a pass over the file's bytes, not 50,000 parses.
fn load(path: &Path, only: Option<&str>) -> Option<Index> {
    let mut lines = io::BufReader::new(File::open(path).ok()?).split(b'\n');
    let header: Header = serde_json::from_slice(&lines.next()?.ok()?).ok()?;
    if header.format != FORMAT {
        return None;
    }
    let wanted = only.map(|id| format!("{{\"id\":\"{id}"));
    let mut ops = Vec::new();
    for l in lines {
        let l = l.ok()?;
        if l.is_empty()
            || wanted
                .as_ref()
                .is_some_and(|w| !l.starts_with(w.as_bytes()))
        {
            continue;
        }
        ops.push(serde_json::from_slice::<Op>(&l).ok()?);
    }
    let n = header.files.len() as u32;
    if ops.iter().flat_map(|o| &o.spans).any(|s| s.0 >= n) {
        return None;
    }
    Some(Index {
        files: header.files,
        ops,
        skipped: 0,
    })
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
    Ok(buf.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    }))
}

fn private_file(path: &Path) -> io::Result<File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.create(true).write(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}
