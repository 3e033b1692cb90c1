//! Tracing to a daily file in the platform's local data directory; never to the terminal,
//! which belongs to the TUI or to the command's output.
//!
//! Logs name records, profiles and API domains, so they are kept as private as the journal:
//! the directory is the owner's only (0700 on unix) and so is every log file (0600).

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// The log files' name before the date: `zcrm-tui.log.2026-12-01`.
const FILE_PREFIX: &str = "zcrm-tui.log";

/// Starts file logging. The guard flushes on drop; keep it until exit. `None` when no log
/// directory can be made (logging is then off, which must not stop the app).
pub fn init() -> Option<WorkerGuard> {
    let dir = crate::config::log_dir()?;
    create_private_dir(&dir).ok()?;
    let filter = std::env::var("ZCRM_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let (writer, guard) = tracing_appender::non_blocking(DailyFile::new(dir));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}

/// Makes `dir` (and its parents) owner-only; an existing one is narrowed too, since a version
/// that made it with the default umask left it readable by everyone.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        b.mode(0o700);
        b.create(dir)?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    b.create(dir)
}

/// A log file per UTC day, opened (and created owner-only) on the first write of the day.
/// `tracing_appender::rolling` creates its files with the process umask, hence this writer.
pub struct DailyFile {
    dir: PathBuf,
    current: Option<(String, File)>,
}

impl DailyFile {
    pub fn new(dir: PathBuf) -> Self {
        Self { dir, current: None }
    }

    fn file(&mut self) -> io::Result<&mut File> {
        let day = chrono::Utc::now().format("%Y-%m-%d").to_string();
        if self.current.as_ref().is_none_or(|(d, _)| *d != day) {
            let file = open_private(&self.dir.join(format!("{FILE_PREFIX}.{day}")))?;
            self.current = Some((day, file));
        }
        match self.current.as_mut() {
            Some((_, f)) => Ok(f),
            None => Err(io::Error::other("no log file")),
        }
    }
}

impl Write for DailyFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.current.as_mut() {
            Some((_, f)) => f.flush(),
            None => Ok(()),
        }
    }
}

/// Opens for appending, creating it 0600; a file left wider by an earlier version is narrowed.
fn open_private(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        opts.mode(0o600);
        let file = opts.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        Ok(file)
    }
    #[cfg(not(unix))]
    opts.open(path)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn directory_and_files_are_owner_only_even_when_made_wider_before() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/logs");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        create_private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let mut w = DailyFile::new(dir.clone());
        w.write_all(b"line\n").unwrap();
        w.flush().unwrap();
        let files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 1);
        assert!(
            files[0]
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("zcrm-tui.log.")
        );
        assert_eq!(mode(&files[0]), 0o600);
        assert_eq!(std::fs::read_to_string(&files[0]).unwrap(), "line\n");
    }
}
