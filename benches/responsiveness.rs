//! Responsiveness under load: while a removal keeps 10 calls in flight against a sandbox that
//! takes 500 ms per call, how long from a key press to the frame that shows it?
//!
//! The real event loop (`tui::drive`), app and API task run on a `TestBackend`; keys arrive on a
//! channel standing in for the terminal. A key's time runs from the moment it is sent to the
//! return of the first `draw` whose state includes it (the frame the admin would see).
//!
//! The same, end to end: the real binary in a 120x40 pty, connected to a sandbox in this process
//! (loopback, 500 ms per call, limit 10) with `--concurrency 10`; a key's time runs from its write
//! to the pty to the read of the bytes after which the screen shows the cursor on its new row.
//!
//! `cargo bench --bench responsiveness`.

#[allow(dead_code)]
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use support::pty::Pty;
use zcrm_tui::action::Action;
use zcrm_tui::sandbox::{Sandbox, SandboxControl, SandboxOptions};

const RECORDS: usize = 10_000;
const LATENCY: Duration = Duration::from_millis(500);
const IN_FLIGHT: usize = 10;
const KEYS: usize = 40;
/// Between a key being shown and the next key: the admin's pace, not a flood.
const PACE: Duration = Duration::from_millis(90);
/// One frame at 60 Hz.
const FRAME: Duration = Duration::from_micros(16_667);

/// The key waiting to be seen: the cursor row it leads to and when it was sent.
#[derive(Default)]
struct Probe {
    waiting: Option<(usize, Instant)>,
    seen: Vec<Duration>,
    frames: usize,
}

fn key(c: char) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )))
}

async fn run() -> Vec<Vec<String>> {
    let sb = Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox starts on 127.0.0.1");
    let control = sb.control();
    control.add_records("Leads", RECORDS);
    let mut r = support::app::runner(support::client(&sb, IN_FLIGHT), 120, 40).await;
    let loaded = support::app::load_all_leads(&mut r, usize::MAX).await;

    // The slow org, then a removal of every loaded Lead through the confirm dialog.
    control.set_latency(LATENCY);
    control.set_max_concurrency(Some(IN_FLIGHT));
    control.clear_requests();
    r.act(Action::SelectAll);
    let count = r.app.panes.records.table.selected.len();
    r.act(Action::Remove);
    for c in count.to_string().chars() {
        r.act(Action::Char(c));
    }
    r.act(Action::Enter);
    assert!(r.app.is_busy(), "the removal started");
    r.app.panes.records.table.cursor = 5;

    let probe = Arc::new(Mutex::new(Probe::default()));
    let shown = Arc::new(tokio::sync::Notify::new());
    let (tx, rx) = futures::channel::mpsc::unbounded::<std::io::Result<Event>>();
    let on_frame = {
        let (probe, shown) = (probe.clone(), shown.clone());
        move |r: &zcrm_tui::tui::Runner<ratatui::backend::TestBackend>| {
            let now = Instant::now();
            let mut p = probe.lock().unwrap_or_else(|e| e.into_inner());
            p.frames += 1;
            if let Some((want, sent)) = p.waiting
                && r.app.panes.records.table.cursor == want
            {
                p.seen.push(now - sent);
                p.waiting = None;
                shown.notify_one();
            }
        }
    };
    let removal_running = Arc::new(Mutex::new(Vec::new()));
    let keys = {
        let (probe, control, running) = (probe.clone(), control.clone(), removal_running.clone());
        async move {
            // Wait for the first round of deletes to be answered: from then on the client keeps
            // 10 calls in flight until the last round.
            let deadline = Instant::now() + Duration::from_secs(120);
            while !control.requests().iter().any(|q| q.method == "DELETE") {
                assert!(Instant::now() < deadline, "no DELETE was answered");
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            let mut at = 5usize;
            for i in 0..KEYS {
                tokio::time::sleep(PACE).await;
                let (c, next) = if i % 2 == 0 {
                    ('j', at + 1)
                } else {
                    ('k', at - 1)
                };
                let deletes = control
                    .requests()
                    .iter()
                    .filter(|q| q.method == "DELETE")
                    .count();
                probe.lock().unwrap_or_else(|e| e.into_inner()).waiting =
                    Some((next, Instant::now()));
                if tx.unbounded_send(key(c)).is_err() {
                    break;
                }
                if tokio::time::timeout(Duration::from_secs(10), shown.notified())
                    .await
                    .is_err()
                {
                    panic!("key {i} never reached the screen");
                }
                running
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(deletes < count.div_ceil(100));
                at = next;
            }
            drop(tx);
        }
    };
    let (driven, ()) = tokio::join!(zcrm_tui::tui::drive(&mut r, rx, on_frame), keys);
    if let Err(e) = driven {
        panic!("event loop: {e}");
    }
    // Let the removal finish so the figures below describe the whole run.
    support::app::settle(&mut r).await;

    let p = probe.lock().unwrap_or_else(|e| e.into_inner());
    let during = removal_running
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .filter(|b| **b)
        .count();
    let mut seen = p.seen.clone();
    seen.sort();
    let at = |q: f64| seen[((seen.len() as f64 * q) as usize).min(seen.len() - 1)];
    let within = seen.iter().filter(|d| **d <= FRAME).count();
    let deletes = control
        .requests()
        .iter()
        .filter(|q| q.method == "DELETE")
        .count();
    let rate_limited = control
        .requests()
        .iter()
        .filter(|q| q.status == 429)
        .count();
    vec![vec![
        format!("{count} of {loaded} Leads"),
        format!("{} (limit {IN_FLIGHT})", control.max_in_flight()),
        format!("{deletes} / {rate_limited}"),
        format!("{} ({during} during the deletes)", seen.len()),
        support::ms(at(0.5)),
        support::ms(at(0.95)),
        support::ms(seen[seen.len() - 1]),
        format!("{within}/{}", seen.len()),
        p.frames.to_string(),
    ]]
}

fn deletes(control: &SandboxControl) -> usize {
    control
        .requests()
        .iter()
        .filter(|q| q.method == "DELETE")
        .count()
}

/// The screen row of the focused pane's cursor (the one reversed row of the Records pane).
fn cursor_row(p: &vt100::Parser) -> Option<u16> {
    (2..28).find(|&y| p.screen().cell(y, 22).is_some_and(|c| c.inverse()))
}

/// Feeds the parser what the app wrote since `fed` bytes.
fn feed(p: &mut vt100::Parser, t: &Pty, fed: &mut usize) {
    for (_, c) in t.chunks_since(*fed) {
        p.process(&c);
        *fed += c.len();
    }
}

fn settle(t: &Pty) {
    assert!(
        t.wait_quiet(Duration::from_millis(300), Duration::from_secs(30)),
        "the screen never settled:\n{}",
        t.screen()
    );
}

fn pty_run(runtime: &tokio::runtime::Runtime) -> Vec<String> {
    let sb = runtime.block_on(async {
        Sandbox::start(SandboxOptions::default())
            .await
            .expect("sandbox starts on 127.0.0.1")
    });
    let control = sb.control();
    control.add_records("Leads", RECORDS);
    let live = control.record_ids("Leads").len();
    let base = sb.endpoints().api_domain;
    let c = sb.credentials();
    let concurrency = IN_FLIGHT.to_string();
    let mut t = Pty::spawn(
        &[
            "--api-domain",
            &base,
            "--accounts-url",
            &base,
            "--concurrency",
            &concurrency,
        ],
        &[
            ("ZCRM_CLIENT_ID", &c.client_id),
            ("ZCRM_CLIENT_SECRET", c.client_secret.expose()),
            ("ZCRM_REFRESH_TOKEN", c.refresh_token.expose()),
            ("NO_COLOR", "1"),
        ],
        120,
        40,
    );
    assert!(
        t.wait_for("Contact Roles", Duration::from_secs(20)),
        "{}",
        t.screen()
    );
    for keys in ["/Leads", "\r", "\r"] {
        settle(&t);
        t.keys(keys);
    }
    settle(&t);
    // `G` until every Lead is loaded (the title loses its "+").
    let title = format!("Leads ({live})");
    for _ in 0..200 {
        if t.screen().contains(&title) {
            break;
        }
        t.keys("G");
        settle(&t);
    }
    assert!(t.screen().contains(&title), "{}", t.screen());
    t.keys("g");
    settle(&t);
    t.keys("jjjjj");
    settle(&t);

    control.set_latency(LATENCY);
    control.set_max_concurrency(Some(IN_FLIGHT));
    control.clear_requests();
    t.keys("a");
    settle(&t);
    t.keys("d");
    assert!(
        t.wait_for("Type", Duration::from_secs(30)),
        "{}",
        t.screen()
    );
    settle(&t);
    t.keys(&live.to_string());
    settle(&t);
    t.keys("\r");
    let deadline = Instant::now() + Duration::from_secs(120);
    while deletes(&control) == 0 {
        assert!(Instant::now() < deadline, "no DELETE was answered");
        std::thread::sleep(Duration::from_millis(5));
    }

    let mut parser = t.parser();
    let mut fed = 0;
    feed(&mut parser, &t, &mut fed);
    let Some(mut row) = cursor_row(&parser) else {
        panic!("no cursor row on screen:\n{}", parser.screen().contents());
    };
    let calls = live.div_ceil(100);
    let (mut seen, mut during) = (Vec::new(), 0);
    for i in 0..KEYS {
        std::thread::sleep(PACE);
        feed(&mut parser, &t, &mut fed);
        let running = deletes(&control) < calls;
        let (key, want) = if i % 2 == 0 {
            ("j", row + 1)
        } else {
            ("k", row - 1)
        };
        let sent = t.keys(key);
        let deadline = Instant::now() + Duration::from_secs(10);
        let shown = loop {
            let chunks = t.chunks_since(fed);
            let mut at = None;
            for (when, c) in &chunks {
                parser.process(c);
                fed += c.len();
                if at.is_none() && cursor_row(&parser) == Some(want) {
                    at = Some(*when);
                }
            }
            if let Some(at) = at {
                break at;
            }
            assert!(
                Instant::now() < deadline,
                "key {i} never reached the screen"
            );
            std::thread::sleep(Duration::from_millis(1));
        };
        seen.push(shown.saturating_duration_since(sent));
        during += usize::from(running);
        row = want;
    }
    drop(t);
    let (max_in_flight, answered) = (control.max_in_flight(), deletes(&control));
    let rate_limited = control
        .requests()
        .iter()
        .filter(|q| q.status == 429)
        .count();
    runtime.block_on(sb.shutdown());
    seen.sort();
    let at = |q: f64| seen[((seen.len() as f64 * q) as usize).min(seen.len() - 1)];
    let within = seen.iter().filter(|d| **d <= FRAME).count();
    vec![
        format!("real binary in a pty, {live} Leads"),
        format!("{max_in_flight} (limit {IN_FLIGHT})"),
        format!("{answered} when it quit / {rate_limited}"),
        format!("{} ({during} during the deletes)", seen.len()),
        support::ms(at(0.5)),
        support::ms(at(0.95)),
        support::ms(seen[seen.len() - 1]),
        format!("{within}/{}", seen.len()),
        "".into(),
    ]
}

fn main() {
    // The app journals removals: keep this run's journal out of the machine's data directory.
    let (_data, runtime) = support::app_runtime();
    println!("# responsiveness: key to frame with {IN_FLIGHT} calls in flight at {LATENCY:?}");
    println!("machine: {}", support::machine());
    let mut rows = runtime.block_on(run());
    rows.push(pty_run(&runtime));
    support::table(
        &format!("Key press to frame during a removal ({})", support::load()),
        &[
            "removal",
            "max in flight",
            "DELETE calls / 429s",
            "keys",
            "median",
            "p95",
            "max",
            "within one 60 Hz frame (16.7 ms)",
            "frames drawn",
        ],
        &rows,
    );
}
