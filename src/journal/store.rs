//! The journal's files: one per day (UTC) named `YYYY-MM-DD.jsonl`, appended line by line, each
//! append on disk before the caller goes on; readable by the owner only.
//!
//! Group commit: appends that arrive while a sync is under way queue their lines; when it ends,
//! one of them writes all the queued lines at once and syncs them with one fsync, and each
//! caller returns only once the sync covering its own line has succeeded (or with its error).

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use super::entry::Entry;

/// The open file of the day, kept between appends.
struct Current {
    day: String,
    file: File,
}

/// How one group of lines fared: unknown while its sync runs.
type Outcome = Arc<Mutex<Option<Result<(), (io::ErrorKind, String)>>>>;

/// A line queued by [`Store::enqueue`]: [`Store::wait`] returns once it is on disk.
#[derive(Clone)]
pub struct Pending(Outcome);

/// The writer: the lines waiting for the next sync, and whether one is under way.
#[derive(Default)]
struct Writer {
    current: Option<Current>,
    queued: Vec<u8>,
    group: Outcome,
    syncing: bool,
}

struct Shared {
    writer: Mutex<Writer>,
    synced: Condvar,
    fsyncs: AtomicU64,
}

/// Appends entries and reads them back. Cheap to clone (clones share one writer).
#[derive(Clone)]
pub struct Store {
    dir: PathBuf,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

impl Store {
    /// Creates the directory (owner-only on unix) when missing.
    pub fn open(dir: &Path) -> io::Result<Store> {
        create_private_dir(dir)?;
        Ok(Store {
            dir: dir.to_path_buf(),
            shared: Arc::new(Shared {
                writer: Mutex::new(Writer::default()),
                synced: Condvar::new(),
                fsyncs: AtomicU64::new(0),
            }),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one line and waits until it is on disk.
    pub fn append(&self, entry: &Entry) -> io::Result<()> {
        let pending = self.enqueue(entry)?;
        self.wait(&pending)
    }

    /// Queues one line for the next sync without waiting for it: the caller acts on what the
    /// line records only after [`Store::wait`] returned `Ok` (an append queued later syncs it
    /// too, lines going to disk in the order queued).
    pub fn enqueue(&self, entry: &Entry) -> io::Result<Pending> {
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
        line.push(b'\n');
        let mut w = self.lock()?;
        w.queued.extend_from_slice(&line);
        Ok(Pending(w.group.clone()))
    }

    /// Returns once the queued line is on disk (syncing it, with whatever else is queued, when
    /// no sync is under way), or with the error that kept it off.
    pub fn wait(&self, pending: &Pending) -> io::Result<()> {
        let mut w = self.lock()?;
        loop {
            if let Some(done) = outcome(&pending.0)? {
                return done.map_err(|(kind, msg)| io::Error::new(kind, msg));
            }
            if w.syncing {
                w = self
                    .shared
                    .synced
                    .wait(w)
                    .map_err(|_| io::Error::other("the journal writer panicked earlier"))?;
                continue;
            }
            // No sync under way and ours not done: the queue holds our line; write it all.
            w = self.sync_queued(w)?;
        }
    }

    /// How many fsyncs of journal lines this store has made (group commit makes it fewer than
    /// the appends when they come together).
    pub fn fsyncs(&self) -> u64 {
        self.shared.fsyncs.load(Ordering::SeqCst)
    }

    fn lock(&self) -> io::Result<MutexGuard<'_, Writer>> {
        self.shared
            .writer
            .lock()
            .map_err(|_| io::Error::other("the journal writer panicked earlier"))
    }

    /// Writes and syncs the queued lines with the lock released, so that more can queue.
    fn sync_queued<'a>(
        &'a self,
        mut w: MutexGuard<'a, Writer>,
    ) -> io::Result<MutexGuard<'a, Writer>> {
        let lines = std::mem::take(&mut w.queued);
        let group = std::mem::take(&mut w.group);
        let mut current = w.current.take();
        w.syncing = true;
        drop(w);
        let result = self.write_synced(&mut current, lines);
        let mut w = self.lock()?;
        w.current = current;
        w.syncing = false;
        if let Ok(mut g) = group.lock() {
            *g = Some(result.map_err(|e| (e.kind(), e.to_string())));
        }
        self.shared.synced.notify_all();
        Ok(w)
    }

    fn write_synced(&self, current: &mut Option<Current>, mut lines: Vec<u8>) -> io::Result<()> {
        let day = chrono::Utc::now().format("%Y-%m-%d").to_string();
        if current.as_ref().is_none_or(|c| c.day != day) {
            *current = Some(Current {
                file: self.open_day(&day)?,
                day,
            });
        }
        let Some(cur) = current.as_mut() else {
            return Err(io::Error::other("no journal file"));
        };
        // A line torn by another process that died mid-write must not swallow these.
        if !ends_with_newline(&mut cur.file)? {
            lines.insert(0, b'\n');
        }
        // One write of whole lines: O_APPEND keeps lines of two processes apart.
        cur.file.write_all(&lines)?;
        cur.file.sync_data()?;
        self.shared.fsyncs.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }

    fn open_day(&self, day: &str) -> io::Result<File> {
        let path = self.dir.join(format!("{day}.jsonl"));
        let existed = path.exists();
        let mut opts = OpenOptions::new();
        opts.create(true).append(true).read(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = opts.open(&path)?;
        if !existed {
            sync_dir(&self.dir);
        }
        Ok(file)
    }

    /// Every journal file, oldest first.
    pub fn files(&self) -> io::Result<Vec<PathBuf>> {
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&self.dir) {
            Ok(rd) => rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
                .collect(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        files.sort();
        Ok(files)
    }

    /// Every readable entry of every file, in file order. Lines that do not parse (a torn last
    /// line, a line of a newer format) are skipped and counted.
    pub fn read_all(&self) -> io::Result<(Vec<Entry>, usize)> {
        let mut entries = Vec::new();
        let mut skipped = 0;
        for path in self.files()? {
            let (mut e, s) = read_file(&path)?;
            entries.append(&mut e);
            skipped += s;
        }
        Ok((entries, skipped))
    }
}

fn outcome(group: &Outcome) -> io::Result<Option<Result<(), (io::ErrorKind, String)>>> {
    group
        .lock()
        .map(|g| g.clone())
        .map_err(|_| io::Error::other("the journal writer panicked earlier"))
}

/// Whether the file is empty or ends with a line break.
fn ends_with_newline(file: &mut File) -> io::Result<bool> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(true);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

pub fn read_file(path: &Path) -> io::Result<(Vec<Entry>, usize)> {
    let reader = BufReader::new(File::open(path)?);
    let mut entries = Vec::new();
    let mut skipped = 0;
    for line in reader.split(b'\n') {
        let line = line?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Entry>(&line) {
            Ok(e) => entries.push(e),
            Err(_) => skipped += 1,
        }
    }
    Ok((entries, skipped))
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Makes a new file's name durable too (unix); elsewhere a no-op.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
