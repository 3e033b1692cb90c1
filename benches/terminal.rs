//! What the real binary writes to its terminal, read from a 120x40 pseudo-terminal: start-up to
//! the first frame in `--demo`, bytes for one cursor move, bytes while idle, bytes per spinner
//! frame, and key-to-bytes latency. These are the bytes an SSH link would carry.
//!
//! `cargo bench --bench terminal` (it builds the binary in the bench profile).

#[allow(dead_code)]
mod support;

use std::time::{Duration, Instant};

use support::pty::Pty;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};

const W: u16 = 120;
const H: u16 = 40;
const WAIT: Duration = Duration::from_secs(20);
const QUIET: Duration = Duration::from_millis(400);
const STARTS: usize = 7;
const IDLE: Duration = Duration::from_secs(3);

fn spawn_demo() -> Pty {
    Pty::spawn(&["--demo"], &[], W, H)
}

fn expect(ok: bool, what: &str, t: &Pty) {
    assert!(ok, "{what}; screen:\n{}", t.screen());
}

fn settle(t: &Pty) {
    expect(t.wait_quiet(QUIET, WAIT), "the screen never settled", t);
}

fn median(mut v: Vec<Duration>) -> (Duration, Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

fn range(v: Vec<Duration>) -> String {
    let (lo, mid, hi) = median(v);
    format!(
        "{} (min {}, max {})",
        support::ms(mid),
        support::ms(lo),
        support::ms(hi)
    )
}

/// Spawn -> first byte, -> first complete frame (status line, panes and footer drawn), ->
/// module list loaded (the first API answer drawn).
fn startup(rows: &mut Vec<Vec<String>>) {
    let (mut first_byte, mut first_frame, mut usable, mut frame_bytes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..STARTS {
        let t = spawn_demo();
        expect(t.wait_for("Contact Roles", WAIT), "module list", &t);
        settle(&t);
        let chunks = t.chunks_since(0);
        let Some((first, _)) = chunks.first() else {
            panic!("no output")
        };
        first_byte.push(*first - t.spawned_at);
        // The status line says "demo", the Modules pane has its title, the footer its keys.
        let frame_at = t
            .first_time_showing(&["demo", "Modules", "Log"])
            .unwrap_or_else(|| panic!("no full frame; screen:\n{}", t.screen()));
        first_frame.push(frame_at - t.spawned_at);
        frame_bytes.push(
            chunks
                .iter()
                .take_while(|(at, _)| *at <= frame_at)
                .map(|(_, c)| c.len())
                .sum::<usize>(),
        );
        let loaded = t
            .first_time_showing(&["Contact Roles"])
            .unwrap_or_else(|| panic!("no module list"));
        usable.push(loaded - t.spawned_at);
    }
    rows.push(vec![
        format!("start-up: spawn -> first byte ({STARTS} runs)"),
        range(first_byte),
        "".into(),
    ]);
    rows.push(vec![
        "start-up: spawn -> first full frame in `--demo`".into(),
        range(first_frame),
        "< 300 ms".into(),
    ]);
    rows.push(vec![
        "start-up: spawn -> module list drawn (sandbox started, token, first API call)".into(),
        range(usable),
        "".into(),
    ]);
    frame_bytes.sort();
    rows.push(vec![
        "bytes up to and including the first full frame".into(),
        format!("{} B", frame_bytes[frame_bytes.len() / 2]),
        "".into(),
    ]);
}

/// Bytes written for `keys` once the screen has settled, and the time to the first of them.
fn bytes_for(t: &mut Pty, keys: &str) -> (usize, Option<Duration>) {
    settle(t);
    let before = t.total();
    let sent = t.keys(keys);
    settle(t);
    let chunks = t.chunks_since(before);
    let first = chunks
        .first()
        .map(|(at, _)| at.saturating_duration_since(sent));
    (t.total() - before, first)
}

fn traffic(rows: &mut Vec<Vec<String>>) {
    let mut t = spawn_demo();
    expect(t.wait_for("Contact Roles", WAIT), "module list", &t);
    settle(&t);
    let before = t.total();
    std::thread::sleep(IDLE);
    rows.push(vec![
        format!("idle for {IDLE:?}, nothing loading"),
        format!("{} B", t.total() - before),
        "0 B".into(),
    ]);
    let (j, _) = bytes_for(&mut t, "j");
    rows.push(vec![
        "`j` in the Modules pane".into(),
        format!("{j} B"),
        "< 1 KB".into(),
    ]);
    // Open Leads (the e2e flow: filter the Modules pane, open the match).
    bytes_for(&mut t, "/Leads");
    bytes_for(&mut t, "\r");
    let (open, _) = bytes_for(&mut t, "\r");
    expect(t.wait_for("Leads (", WAIT), "Leads records", &t);
    settle(&t);
    rows.push(vec![
        "Enter: open Leads (Records pane fills)".into(),
        format!("{open} B"),
        "".into(),
    ]);
    let mut sizes = Vec::new();
    let mut lat = Vec::new();
    let mut writes = Vec::new();
    for i in 0..20 {
        let w0 = t.write_syscalls();
        let (n, first) = bytes_for(&mut t, if i % 2 == 0 { "j" } else { "k" });
        sizes.push(n);
        if let Some(f) = first {
            lat.push(f);
        }
        if let (Some(a), Some(b)) = (w0, t.write_syscalls()) {
            writes.push(b - a);
        }
    }
    sizes.sort();
    rows.push(vec![
        "`j`/`k` in the Records pane (20 presses: median, max)".into(),
        format!("{} B, {} B", sizes[sizes.len() / 2], sizes[sizes.len() - 1]),
        "< 1 KB".into(),
    ]);
    writes.sort();
    if !writes.is_empty() {
        rows.push(vec![
            "write syscalls per `j`/`k` frame (/proc/PID/io syscw, median, max)".into(),
            format!("{}, {}", writes[writes.len() / 2], writes[writes.len() - 1]),
            "1".into(),
        ]);
    }
    if !lat.is_empty() {
        rows.push(vec![
            "key written to pty -> first byte of its frame read back".into(),
            range(lat),
            "one frame".into(),
        ]);
    }
    // Scrolling: `j` held past the bottom of the Records pane, so that most presses move every
    // visible row up by one (issue 15: "bytes written per key while the Records list scrolls").
    let mut scroll = Vec::new();
    for _ in 0..80 {
        let (n, _) = bytes_for(&mut t, "j");
        scroll.push(n);
    }
    let over = scroll.iter().filter(|&&n| n > 1024).count();
    scroll.sort();
    rows.push(vec![
        "`j` x 80 from the top of Records (scrolls past the pane's bottom): median, p90, max"
            .into(),
        format!(
            "{} B, {} B, {} B ({over} of 80 over 1 KiB)",
            scroll[scroll.len() / 2],
            scroll[scroll.len() * 9 / 10],
            scroll[scroll.len() - 1]
        ),
        "< 1 KB".into(),
    ]);
    // A big frame with no API call behind it: the help overlay.
    let w0 = t.write_syscalls();
    let (help, _) = bytes_for(&mut t, "?");
    let w1 = t.write_syscalls();
    expect(t.screen().contains("Keys"), "the help overlay", &t);
    let (close, _) = bytes_for(&mut t, "\x1b");
    let w2 = t.write_syscalls();
    let calls = |a: Option<u64>, b: Option<u64>| match (a, b) {
        (Some(a), Some(b)) => format!("{} write syscalls", b - a),
        _ => "syscalls unknown".into(),
    };
    rows.push(vec![
        "`?` opens the help overlay / Esc closes it".into(),
        format!(
            "{help} B in {} / {close} B in {}",
            calls(w0, w1),
            calls(w1, w2)
        ),
        "1 write per frame".into(),
    ]);
    let (unmapped, _) = bytes_for(&mut t, "z");
    rows.push(vec![
        "a key that changes nothing (`z`)".into(),
        format!("{unmapped} B"),
        "0 B".into(),
    ]);
    let before = t.total();
    std::thread::sleep(IDLE);
    rows.push(vec![
        format!("idle for {IDLE:?} with Leads open"),
        format!("{} B", t.total() - before),
        "0 B".into(),
    ]);
    if let Some(pid) = t.pid()
        && let Some(kb) = support::proc_status_kb(&format!("/proc/{pid}/status"), "VmRSS")
    {
        rows.push(vec![
            "RSS of `--demo` (sandbox inside) with Leads open".into(),
            format!("{:.1} MB", kb as f64 / 1024.0),
            "".into(),
        ]);
    }
}

/// The spinner while a load is slow: the binary against a sandbox in this process that answers
/// after 3 s, over loopback.
fn spinner(rows: &mut Vec<Vec<String>>, runtime: &tokio::runtime::Runtime) {
    let sb = runtime.block_on(async {
        Sandbox::start(SandboxOptions::default())
            .await
            .expect("sandbox starts on 127.0.0.1")
    });
    let base = sb.endpoints().api_domain;
    let c = sb.credentials();
    let mut t = Pty::spawn(
        &["--api-domain", &base, "--accounts-url", &base],
        &[
            ("ZCRM_CLIENT_ID", &c.client_id),
            ("ZCRM_CLIENT_SECRET", c.client_secret.expose()),
            ("ZCRM_REFRESH_TOKEN", c.refresh_token.expose()),
        ],
        W,
        H,
    );
    expect(t.wait_for("Contact Roles", WAIT), "module list", &t);
    settle(&t);
    sb.control().set_latency(Duration::from_secs(3));
    bytes_for(&mut t, "/Leads");
    bytes_for(&mut t, "\r");
    let before = t.total();
    let start = Instant::now();
    t.keys("\r");
    expect(t.wait_for("loading", WAIT), "a slow load", &t);
    std::thread::sleep(Duration::from_millis(2000));
    let chunks = t.chunks_since(before);
    let elapsed = start.elapsed();
    // Frames counted by their synchronized-update marks (a read can hold several frames, or
    // part of one); the first frame is the Enter's own (pane title, "loading…").
    let bytes: Vec<u8> = chunks.into_iter().flat_map(|(_, c)| c).collect();
    let marks: Vec<usize> = bytes
        .windows(8)
        .enumerate()
        .filter(|(_, w)| *w == b"\x1b[?2026h")
        .map(|(i, _)| i)
        .collect();
    let ticks = marks.len().saturating_sub(1);
    let tick_bytes = marks.get(1).map_or(0, |&i| bytes.len() - i);
    rows.push(vec![
        format!(
            "spinner while a load is slow: {ticks} frames in {} after the Enter's own",
            support::ms(elapsed)
        ),
        format!(
            "{} B per frame ({} B/s)",
            tick_bytes / ticks.max(1),
            (tick_bytes as f64 / elapsed.as_secs_f64()) as usize
        ),
        "spinner only".into(),
    ]);
    drop(t);
    runtime.block_on(sb.shutdown());
}

/// `q`: the bytes the app writes on its way out, and whether they restore the terminal.
fn quit(rows: &mut Vec<Vec<String>>) {
    let mut t = spawn_demo();
    expect(t.wait_for("Contact Roles", WAIT), "module list", &t);
    settle(&t);
    let before = t.total();
    let exited = t.quit(WAIT);
    let tail: Vec<u8> = t
        .chunks_since(before)
        .into_iter()
        .flat_map(|(_, c)| c)
        .collect();
    let has = |seq: &[u8]| tail.windows(seq.len()).any(|w| w == seq);
    let opened = tail.windows(8).filter(|w| *w == b"\x1b[?2026h").count();
    let closed = tail.windows(8).filter(|w| *w == b"\x1b[?2026l").count();
    let restored = exited && has(b"\x1b[?1049l") && has(b"\x1b[?25h") && opened == closed;
    rows.push(vec![
        "`q`: bytes on the way out; alternate screen left, cursor shown, no open frame".into(),
        format!(
            "{} B, {}",
            tail.len(),
            if restored { "restored" } else { "NOT restored" }
        ),
        "restored".into(),
    ]);
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    println!("# terminal: the real binary in a {W}x{H} pty");
    println!("machine: {}", support::machine());
    let mut rows = Vec::new();
    startup(&mut rows);
    traffic(&mut rows);
    spinner(&mut rows, &runtime);
    quit(&mut rows);
    support::table(
        &format!(
            "Terminal traffic and start-up, {W}x{H}, colours on ({} after)",
            support::load()
        ),
        &["measure", "figure", "target"],
        &rows,
    );
}
