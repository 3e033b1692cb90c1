//! The journal's files: one per day (UTC) named `YYYY-MM-DD.jsonl`, appended line by line, each
//! append fsynced before the caller goes on; readable by the owner only.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::entry::Entry;

/// The open file of the day, kept between appends.
struct Current {
    day: String,
    file: File,
}

/// Appends entries and reads them back. Cheap to clone (clones share one writer).
#[derive(Clone)]
pub struct Store {
    dir: PathBuf,
    current: Arc<Mutex<Option<Current>>>,
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
            current: Arc::new(Mutex::new(None)),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one line and waits until it is on disk.
    pub fn append(&self, entry: &Entry) -> io::Result<()> {
        let mut line = serde_json::to_vec(entry).map_err(io::Error::other)?;
        line.push(b'\n');
        let day = chrono::Utc::now().format("%Y-%m-%d").to_string();
        let mut guard = self
            .current
            .lock()
            .map_err(|_| io::Error::other("the journal writer panicked earlier"))?;
        if guard.as_ref().is_none_or(|c| c.day != day) {
            *guard = Some(Current {
                file: self.open_day(&day)?,
                day,
            });
        }
        let Some(cur) = guard.as_mut() else {
            return Err(io::Error::other("no journal file"));
        };
        // A line torn by another process that died mid-write must not swallow this one.
        if !ends_with_newline(&mut cur.file)? {
            line.insert(0, b'\n');
        }
        // One write of the whole line: O_APPEND keeps lines of two processes apart.
        cur.file.write_all(&line)?;
        cur.file.sync_data()
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
