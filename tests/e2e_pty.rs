//! End to end: the real binary in a pseudo-terminal, aimed at a sandbox served by this test
//! process (`--api-domain`, `--accounts-url`, `--client-id`; the secret and the refresh token in
//! the environment, as an admin would give them), driven by keys and read back through a vt100
//! parser. Deletes two Leads, delinks a Contact from Campaign "Spring Expo", deletes a contact
//! role, opens the journal view, undoes the delink from its log line, and checks the log lines
//! on the screen, the sandbox's state, the journal, and that no secret was ever drawn.

use crate::cli_support as support;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use support::Org;
use zcrm_tui::zoho::Removal;

const ROWS: u16 = 30;
const COLS: u16 = 100;
const WAIT: Duration = Duration::from_secs(20);

struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app wrote, as text: what was ever on screen, not only the last frame.
    raw: Arc<Mutex<String>>,
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

/// The binary against `org`'s sandbox, journal under `data`.
fn spawn(org: &Org, data: &Path) -> Pty {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let e = org.sb().endpoints();
    let c = org.sb().credentials();
    let home = org.home.path();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_zcrm-tui"));
    cmd.args([
        "--api-domain",
        &e.api_domain,
        "--accounts-url",
        &e.accounts_url,
        "--client-id",
        &c.client_id,
    ]);
    for k in [
        "ZCRM_CONFIG",
        "ZCRM_CLIENT_ID",
        "ZCRM_DC",
        "ZCRM_LOG",
        "ZCRM_DATA_DIR",
    ] {
        cmd.env_remove(k);
    }
    cmd.env("ZCRM_CLIENT_SECRET", c.client_secret.expose());
    cmd.env("ZCRM_REFRESH_TOKEN", c.refresh_token.expose());
    cmd.env("ZCRM_DATA_DIR", data);
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
    let raw = Arc::new(Mutex::new(String::new()));
    let (p, r) = (parser.clone(), raw.clone());
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p.lock().unwrap().process(&buf[..n]);
            r.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    // The master must outlive the child's use of the terminal.
    std::mem::forget(pty.master);
    Pty {
        parser,
        raw,
        writer,
        child,
    }
}

/// The Zoho id (15+ digits) shown after `name` on the screen line that holds it.
fn id_after(screen: &str, name: &str) -> String {
    let line = screen
        .lines()
        .find(|l| l.contains(name))
        .unwrap_or_else(|| panic!("{name} not on screen:\n{screen}"));
    let rest = &line[line.find(name).unwrap_or(0)..];
    rest.split(|c: char| !c.is_ascii_digit())
        .find(|t| t.len() >= 15)
        .unwrap_or_else(|| panic!("no id next to {name}: {line}"))
        .to_string()
}

/// Whether `text` holds something shaped like a Zoho OAuth token ("1000." then 32 hex digits).
fn holds_token(text: &str) -> bool {
    text.match_indices("1000.").any(|(i, _)| {
        let tail = &text[i + 5..];
        tail.len() >= 32 && tail.chars().take(32).all(|c| c.is_ascii_hexdigit())
    })
}

#[test]
fn removals_through_the_keys_change_the_org_and_are_journaled() {
    let org = Org::start();
    let data = tempfile::tempdir().unwrap();
    let ctl = org.control();
    let mut t = spawn(&org, data.path());
    t.wait_for("Contact Roles");
    // Connected with the flags: the status line names no profile but the environment.
    t.wait_for("environment │ dc 127.0.0.1:");

    // 1. Delete two Leads (the first two rows).
    t.keys("/Leads");
    t.keys("\r");
    t.keys("\r");
    let s = t.wait_for("Leads (1/200+)");
    let leads = [
        id_after(&s, "Christopher Brown"),
        id_after(&s, "Margaret Ellis"),
    ];
    for id in &leads {
        assert!(ctl.record_exists("Leads", id), "{id} live before");
    }
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
    for id in &leads {
        assert!(!ctl.record_exists("Leads", id), "{id} deleted");
        assert!(ctl.in_recycle_bin("Leads", id), "{id} in the recycle bin");
    }

    // 2. Delink the first Contact from Campaign "Spring Expo".
    t.esc(); // Records -> Modules
    t.esc(); // clear the "Leads" filter
    t.keys("/Campaigns");
    t.keys("\r");
    t.keys("\r");
    let s = t.wait_for("Spring Expo");
    let campaign = id_after(&s, "Spring Expo");
    let before = ctl.related_ids("Campaigns", &campaign, "Contacts");
    assert_eq!(before.len(), 15);
    t.keys("\r");
    t.wait_for("Related to Spring Expo");
    t.keys("/Contacts");
    t.keys("\r");
    t.keys("\r");
    let s = t.wait_for("Contacts (1/15)");
    assert!(s.contains("Patricia Boyle"), "{s}");
    t.keys("d");
    t.wait_for("Delink 1 Contact from Campaign 'Spring Expo'?");
    t.keys("y");
    t.wait_for("Delink 1 Contact from Campaign 'Spring Expo'  ✓ 1 ok  ✗ 0 failed");
    let s = t.wait_for("Contacts (1/14)");
    assert!(!s.contains("Patricia Boyle"), "{s}");
    let after = ctl.related_ids("Campaigns", &campaign, "Contacts");
    let gone: Vec<&String> = before.iter().filter(|id| !after.contains(id)).collect();
    assert_eq!(gone.len(), 1, "exactly one relation removed: {gone:?}");
    assert_eq!(after.len(), 14);
    assert!(
        ctl.record_exists("Contacts", gone[0]),
        "delinked, not deleted"
    );

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
    let role = "4150868000001015046";
    let s = t.wait_for("Contact Roles (1/10)");
    assert!(s.contains(role), "{s}");
    assert!(ctl.contact_role_exists(role));
    t.keys("d");
    t.wait_for("Delete 1 contact role?");
    t.keys("y");
    t.wait_for("Delete 1 contact role  ✓ 1 ok  ✗ 0 failed");
    let s = t.wait_for("Contact Roles (1/9)");
    assert!(!s.contains(role), "{s}");
    assert!(!ctl.contact_role_exists(role), "role gone from the org");

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

    // 4. The journal view lists the three operations, newest first.
    t.keys("J");
    let s = t.wait_for("Journal (3)");
    let journaled = [
        "Delete 1 contact role",
        "Delink 1 Contact from Campaigns",
        "Delete 2 Leads",
    ];
    let positions: Vec<usize> = journaled
        .iter()
        .map(|op| s.find(op).unwrap_or_else(|| panic!("{op} missing:\n{s}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{s}");
    t.esc();
    t.wait_gone("Journal (3)");

    // 5. Undo the delink from its log line: the same dialog, then the relation is back.
    t.keys("\t"); // Modules -> ... the Tab order ends on the Log
    for _ in 0..4 {
        if t.screen().contains("Enter expand") {
            break;
        }
        t.keys("\t");
    }
    t.wait_for("Enter expand");
    t.keys("j"); // the Delink line (the newest, the role, is first)
    t.keys("u");
    t.wait_for("Relink 1 Contact to Campaign 'Spring Expo'?");
    t.keys("y");
    t.wait_for("Relink 1 Contact to Campaign 'Spring Expo'  ✓ 1 ok  ✗ 0 failed");
    assert!(
        ctl.is_related("Campaigns", &campaign, "Contacts", gone[0]),
        "relinked"
    );

    // 6. Quit: the process ends and leaves the alternate screen.
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
    {
        let parser = t.parser.lock().unwrap();
        assert!(!parser.screen().alternate_screen());
        assert!(!parser.screen().hide_cursor());
    }

    // The journal holds the four operations, each with its ids' fates, under the profile the
    // connection was made with.
    let journal = zcrm_tui::journal::Journal::open(&data.path().join("journal")).unwrap();
    let ops = journal.operations().unwrap();
    assert_eq!(ops.len(), 4, "{ops:?}");
    assert!(ops.iter().all(|o| o.profile == "environment"));
    assert!(
        ops.iter()
            .all(|o| o.state == zcrm_tui::journal::OpState::Finished && o.failed == 0)
    );
    let relink = &ops[0];
    assert!(relink.undo_of.is_some(), "{relink:?}");
    let deleted = ops
        .iter()
        .find(|o| matches!(o.removal, Removal::DeleteRecords { .. }))
        .unwrap();
    let record = journal.operation(&deleted.id).unwrap().unwrap();
    let mut fated: Vec<&String> = record.fates.iter().map(|(id, _)| id).collect();
    fated.sort();
    let mut expected: Vec<&String> = leads.iter().collect();
    expected.sort();
    assert_eq!(fated, expected);
    assert_eq!(record.before.len(), 2, "before-images of both Leads");

    // Nothing secret was ever drawn: not the secret, not the refresh token, no access token.
    let c = org.sb().credentials();
    let raw = t.raw.lock().unwrap().clone();
    assert!(!raw.contains(c.client_secret.expose()));
    assert!(!raw.contains(c.refresh_token.expose()));
    assert!(!holds_token(&raw), "a token-shaped string was drawn");
}

#[test]
fn y_copies_the_focused_id_through_osc_52() {
    use base64::Engine;
    let org = Org::start();
    let data = tempfile::tempdir().unwrap();
    let mut t = spawn(&org, data.path());
    t.wait_for("Contact Roles");
    t.keys("/Leads");
    t.keys("\r");
    t.keys("\r");
    let s = t.wait_for("Leads (1/200+)");
    let id = id_after(&s, "Christopher Brown");
    t.keys("y");
    t.wait_for(&format!("copied 1 id: {id}"));
    // ESC ] 52 ; c ; base64 ST, written by the binary to the terminal.
    let encoded = base64::engine::general_purpose::STANDARD.encode(&id);
    let osc = format!("\x1b]52;c;{encoded}\x1b\\");
    let start = Instant::now();
    while !t.raw.lock().unwrap().contains(&osc) {
        assert!(start.elapsed() < WAIT, "no OSC 52 sequence for {id}");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Once: a later frame does not copy again.
    t.keys("j");
    t.keys("k");
    assert_eq!(t.raw.lock().unwrap().matches("\x1b]52;").count(), 1);
    t.keys("q");
}
