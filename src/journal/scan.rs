//! The index's two reads of the journal: the bytes of each daily file it has not covered yet,
//! line by line (only each line's operation is taken), and an operation's own lines, read back
//! by their spans.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::entry::Entry;
use super::index::{Covered, Span, fingerprint};

#[derive(Deserialize)]
struct OpOnly<'a> {
    #[serde(borrow)]
    op: Cow<'a, str>,
}

/// The lines found past what an index covered: each operation's new spans, in the order its
/// first new line was met, and how many lines could not be read.
#[derive(Debug, Default)]
pub(super) struct New {
    pub(super) ops: Vec<(String, Vec<Span>)>,
    pub(super) skipped: usize,
}

/// Scans the bytes of `files` past what `covered` records, and moves `covered` to the end of
/// their last whole line (a file not yet in it is added at its end, so that the numbers in
/// spans stay valid). A last line without its line break (torn by a crash, or being written by
/// another process) is left for a later scan: the next append starts on a fresh line, so the
/// torn bytes then read as a line of their own and are skipped, as the journal's readers
/// always did.
pub(super) fn scan_new(covered: &mut Vec<Covered>, files: &[PathBuf]) -> io::Result<New> {
    let mut new = New::default();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for path in files {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        let no = match covered.iter().position(|c| c.name == name) {
            Some(no) => no,
            None => {
                covered.push(Covered {
                    name,
                    len: 0,
                    print: 0,
                });
                covered.len() - 1
            }
        };
        let from = covered[no].len;
        if std::fs::metadata(path)?.len() <= from {
            continue;
        }
        let mut reader = BufReader::new(File::open(path)?);
        reader.seek(SeekFrom::Start(from))?;
        let mut at = from;
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line)? as u64;
            if n == 0 || line.last() != Some(&b'\n') {
                break;
            }
            let start = at;
            at += n;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let Ok(e) = serde_json::from_slice::<OpOnly>(&line) else {
                new.skipped += 1;
                continue;
            };
            let i = *by_id.entry(e.op.to_string()).or_insert_with(|| {
                new.ops.push((e.op.to_string(), Vec::new()));
                new.ops.len() - 1
            });
            extend(&mut new.ops[i].1, (no as u32, start, at));
        }
        if at > from {
            covered[no].len = at;
            covered[no].print = fingerprint(path, at)?;
        }
    }
    Ok(new)
}

/// A line that follows the operation's previous one directly joins its span.
pub(super) fn extend(spans: &mut Vec<Span>, line: Span) {
    match spans.last_mut() {
        Some(last) if last.0 == line.0 && last.2 == line.1 => last.2 = line.2,
        _ => spans.push(line),
    }
}

/// Reads spans of the daily files an index covers, keeping each file open once.
pub(super) struct SpanReader<'a> {
    dir: &'a Path,
    files: &'a [Covered],
    open: HashMap<u32, File>,
}

impl<'a> SpanReader<'a> {
    pub(super) fn new(dir: &'a Path, files: &'a [Covered]) -> SpanReader<'a> {
        SpanReader {
            dir,
            files,
            open: HashMap::new(),
        }
    }

    /// The entries in `spans`, in order, handed over one by one as each line is read (an
    /// operation of 50,000 records is never all in memory at once); lines that do not parse (of
    /// a newer format) are skipped, as the journal's readers always did.
    pub(super) fn each(&mut self, spans: &[Span], mut f: impl FnMut(Entry)) -> io::Result<()> {
        let mut line = Vec::new();
        for &(no, start, end) in spans {
            let file = match self.open.entry(no) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    let Some(c) = self.files.get(no as usize) else {
                        return Err(io::Error::other("a journal index names no such file"));
                    };
                    v.insert(File::open(self.dir.join(&c.name))?)
                }
            };
            file.seek(SeekFrom::Start(start))?;
            let mut lines = io::BufReader::new(Read::by_ref(file).take(end.saturating_sub(start)));
            loop {
                line.clear();
                if lines.read_until(b'\n', &mut line)? == 0 {
                    break;
                }
                if line.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                if let Ok(e) = serde_json::from_slice::<Entry>(&line) {
                    f(e);
                }
            }
        }
        Ok(())
    }
}
