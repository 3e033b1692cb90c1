//! A test-grade pseudo-terminal harness: runs the real `zcrm-tui` binary, sends keys, and keeps
//! every chunk the app wrote with the instant it was read, so byte counts and latencies are
//! measured on what a terminal (or an SSH link) would really receive.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Everything the app wrote, chunk by chunk, as read from the pty master.
#[derive(Default)]
pub struct Output {
    pub chunks: Vec<(Instant, Vec<u8>)>,
    pub total: usize,
    pub closed: bool,
}

pub struct Pty {
    pub cols: u16,
    pub rows: u16,
    /// Just before the child was spawned.
    pub spawned_at: Instant,
    out: Arc<Mutex<Output>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _home: tempfile::TempDir,
}

fn lock(m: &Mutex<Output>) -> MutexGuard<'_, Output> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Pty {
    /// Spawns the real binary with `args` in a `cols` x `rows` pty, with a throw-away HOME and
    /// XDG directories (no config, journal or log of the machine is touched), `TERM`
    /// xterm-256color and extra `env`.
    pub fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        let home = tempfile::tempdir().expect("temporary HOME");
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        // ZCRM_BENCH_BIN: another build of the binary (e.g. the previous commit's), to compare.
        let bin = std::env::var_os("ZCRM_BENCH_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_zcrm-tui").into());
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", home.path());
        cmd.env("XDG_CONFIG_HOME", home.path().join("config"));
        cmd.env("XDG_DATA_HOME", home.path().join("data"));
        cmd.env("XDG_STATE_HOME", home.path().join("state"));
        cmd.env("ZCRM_DATA_DIR", home.path().join("zcrm-data"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let out = Arc::new(Mutex::new(Output::default()));
        let sink = out.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let at = Instant::now();
                        let mut o = lock(&sink);
                        o.total += n;
                        o.chunks.push((at, buf[..n].to_vec()));
                    }
                }
            }
            lock(&sink).closed = true;
        });
        let spawned_at = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("spawn zcrm-tui");
        drop(pty.slave);
        // The master must outlive the child's use of the terminal.
        std::mem::forget(pty.master);
        Pty {
            cols,
            rows,
            spawned_at,
            out,
            writer,
            child,
            _home: home,
        }
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Write system calls the app has made so far (`syscw` of /proc/PID/io: terminal, log file
    /// and sockets alike), if readable.
    pub fn write_syscalls(&self) -> Option<u64> {
        let io = std::fs::read_to_string(format!("/proc/{}/io", self.pid()?)).ok()?;
        io.lines()
            .find_map(|l| l.strip_prefix("syscw:"))
            .and_then(|v| v.trim().parse().ok())
    }

    /// Bytes written by the app so far.
    pub fn total(&self) -> usize {
        lock(&self.out).total
    }

    /// The chunks read after `offset` bytes (whole chunks; offsets fall on chunk boundaries when
    /// taken from `total()` while the app was quiet).
    pub fn chunks_since(&self, offset: usize) -> Vec<(Instant, Vec<u8>)> {
        let o = lock(&self.out);
        let mut seen = 0;
        let mut out = Vec::new();
        for (at, c) in &o.chunks {
            if seen >= offset {
                out.push((*at, c.clone()));
            }
            seen += c.len();
        }
        out
    }

    /// The screen as a vt100 terminal of our size shows it now.
    pub fn screen(&self) -> String {
        let mut p = self.parser();
        for (_, c) in &lock(&self.out).chunks {
            p.process(c);
        }
        p.screen().contents()
    }

    pub fn parser(&self) -> vt100::Parser {
        vt100::Parser::new(nz(self.rows), nz(self.cols), 0)
    }

    /// The instant at which the screen first contained every one of `texts`, replaying the
    /// chunks in order; `None` if it never did.
    pub fn first_time_showing(&self, texts: &[&str]) -> Option<Instant> {
        let chunks = lock(&self.out).chunks.clone();
        let mut p = self.parser();
        for (at, c) in chunks {
            p.process(&c);
            let s = p.screen().contents();
            if texts.iter().all(|t| s.contains(t)) {
                return Some(at);
            }
        }
        None
    }

    /// Waits until the screen shows `text`; false after `timeout`.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> bool {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.screen().contains(text) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }

    /// Waits until the app has written nothing for `quiet`; false after `timeout`.
    pub fn wait_quiet(&self, quiet: Duration, timeout: Duration) -> bool {
        let start = Instant::now();
        let mut last_total = self.total();
        let mut last_change = Instant::now();
        while start.elapsed() < timeout {
            std::thread::sleep(Duration::from_millis(10));
            let t = self.total();
            if t != last_total {
                last_total = t;
                last_change = Instant::now();
            } else if last_change.elapsed() >= quiet {
                return true;
            }
        }
        false
    }

    /// Sends `bytes` as typed keys and returns the instant just before they were written (taken
    /// after, a descheduled bench thread could stamp the key later than the app's answer).
    pub fn keys(&mut self, bytes: &str) -> Instant {
        let at = Instant::now();
        if let Err(e) = self
            .writer
            .write_all(bytes.as_bytes())
            .and_then(|()| self.writer.flush())
        {
            panic!("writing keys to the pty: {e}");
        }
        at
    }
}

impl Pty {
    /// Sends `q` and waits for the app to exit; false if it was still running after `timeout`.
    pub fn quit(&mut self, timeout: Duration) -> bool {
        self.keys("q");
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Ok(Some(_)) = self.child.try_wait() {
                // Let the reader drain what the app wrote last.
                std::thread::sleep(Duration::from_millis(100));
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.writer.write_all(b"q");
        let _ = self.writer.flush();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(2) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap_or(std::num::NonZeroU16::MIN)
}
