//! End to end: the real binary with `--demo` in a pseudo-terminal, driven by keys, read back
//! through a vt100 parser. Deletes two Leads, delinks a Contact from Campaign "Spring Expo",
//! deletes a contact role, and checks the log lines and the rows on the screen.
//!
//! The demo sandbox lives inside the child process, so its state cannot be inspected from here:
//! the screen is the evidence (rows gone, log lines with their counts). The same flows are
//! checked against the sandbox's state in `tui_flows.rs`.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;
const WAIT: Duration = Duration::from_secs(20);

struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Pty {
    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting for {text:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_gone(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if !s.contains(text) {
                return s;
            }
            assert!(start.elapsed() < WAIT, "{text:?} still on screen:\n{s}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let the app read each burst on its own (a lone Esc must not merge with the next key).
        std::thread::sleep(Duration::from_millis(150));
    }

    fn esc(&mut self) {
        self.keys("\x1b");
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed assertion must not leave the app running.
        let _ = self.child.kill();
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

fn spawn(home: &std::path::Path) -> Pty {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_zcrm-tui"));
    cmd.arg("--demo");
    cmd.env("TERM", "xterm-256color");
    cmd.env("NO_COLOR", "1");
    cmd.env("HOME", home);
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("XDG_STATE_HOME", home.join("state"));
    let child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let writer = pty.master.take_writer().unwrap();
    let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(ROWS), nz(COLS), 0)));
    let p = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p.lock().unwrap().process(&buf[..n]);
        }
    });
    // The master must outlive the child's use of the terminal.
    std::mem::forget(pty.master);
    Pty {
        parser,
        writer,
        child,
    }
}

#[test]
fn demo_removals_through_the_keys() {
    let home = tempfile::tempdir().unwrap();
    let mut t = spawn(home.path());
    t.wait_for("Contact Roles");
    t.wait_for("demo");

    // 1. Delete two Leads (the first two rows).
    t.keys("/Leads");
    t.keys("\r");
    t.keys("\r");
    let s = t.wait_for("Leads (200+)");
    assert!(
        s.contains("Christopher Brown") && s.contains("Margaret Ellis"),
        "{s}"
    );
    t.keys(" ");
    t.keys(" ");
    t.keys("d");
    t.wait_for("Delete 2 Leads?");
    t.wait_for("Christopher Brown");
    t.keys("y");
    let s = t.wait_for("Delete 2 Leads  ✓ 2 ok  ✗ 0 failed");
    let s = if s.contains("Christopher Brown") {
        t.wait_gone("Christopher Brown")
    } else {
        s
    };
    assert!(!s.contains("Margaret Ellis"), "{s}");

    // 2. Delink the first Contact from Campaign "Spring Expo".
    t.esc(); // Records -> Modules
    t.esc(); // clear the "Leads" filter
    t.keys("/Campaigns");
    t.keys("\r");
    t.keys("\r");
    t.wait_for("Spring Expo");
    t.keys("\r");
    t.wait_for("Related to Spring Expo");
    t.keys("/Contacts");
    t.keys("\r");
    t.keys("\r");
    let s = t.wait_for("Contacts (15)");
    assert!(s.contains("Patricia Boyle"), "{s}");
    t.keys("d");
    t.wait_for("Delink 1 Contact from Campaign 'Spring Expo'?");
    t.keys("y");
    t.wait_for("Delink 1 Contact from Campaign 'Spring Expo'  ✓ 1 ok  ✗ 0 failed");
    let s = t.wait_for("Contacts (14)");
    assert!(!s.contains("Patricia Boyle"), "{s}");

    // 3. Delete a contact role.
    t.esc(); // Related -> Related lists
    t.esc(); // clear the "Contacts" filter
    t.esc(); // -> Records
    t.esc(); // -> Modules
    t.esc(); // clear the "Campaigns" filter
    t.keys("/Contact Roles");
    t.keys("\r");
    t.keys("\r");
    // The first role, "Decision Maker", id 4150868000001015046.
    let s = t.wait_for("Contact Roles (10)");
    assert!(s.contains("4150868000001015046"), "{s}");
    t.keys("d");
    t.wait_for("Delete 1 contact role?");
    t.keys("y");
    t.wait_for("Delete 1 contact role  ✓ 1 ok  ✗ 0 failed");
    let s = t.wait_for("Contact Roles (9)");
    assert!(!s.contains("4150868000001015046"), "{s}");

    // The log holds the three operations, newest first.
    let ops = [
        "Delete 1 contact role",
        "Delink 1 Contact",
        "Delete 2 Leads",
    ];
    let positions: Vec<usize> = ops
        .iter()
        .map(|op| s.find(op).unwrap_or_else(|| panic!("{op} missing:\n{s}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{s}");

    // 4. Quit: the process ends and leaves the alternate screen.
    t.keys("q");
    let start = Instant::now();
    loop {
        if let Some(status) = t.child.try_wait().unwrap() {
            assert!(status.success(), "exit status {status:?}");
            break;
        }
        assert!(start.elapsed() < WAIT, "the app did not quit");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The terminal was restored: back on the main screen, cursor shown.
    std::thread::sleep(Duration::from_millis(200));
    let parser = t.parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen());
    assert!(!parser.screen().hide_cursor());
}
