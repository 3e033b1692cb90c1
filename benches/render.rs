//! Rendering with 10,000 loaded records: the time to build one frame with the real `ui::render`
//! on a 120x40 `TestBackend`, and the memory (RSS) of a process holding them.
//!
//! The records are loaded the way the admin loads them: the real app and API task page through
//! 10,000 generated Leads of an in-process sandbox. RSS is measured in a child process (this
//! binary run again) that holds only the client, the app and the terminal buffers, as the real
//! binary connected to a real org does; the sandbox serving it lives in this process.
//!
//! `cargo bench --bench render`. CPU-bound: the machine and its load are printed with the figures.

#[allow(dead_code)]
mod support;

use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use zcrm_tui::action::Action;
use zcrm_tui::app::App;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::zoho::{ClientConfig, Credentials, Endpoints, Secret, ZohoClient};

const RECORDS: usize = 10_000;
const ITERS: usize = 2_000;
const W: u16 = 120;
const H: u16 = 40;
/// Set in the child: where the parent's sandbox listens, and its (fake, sandbox-only) keys.
const CHILD_ENV: &str = "ZCRM_BENCH_RSS_CHILD";

struct Stats {
    median: Duration,
    p95: Duration,
    max: Duration,
}

fn stats(mut v: Vec<Duration>) -> Stats {
    v.sort();
    let at = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    Stats {
        median: at(0.5),
        p95: at(0.95),
        max: v[v.len() - 1],
    }
}

/// `ui::render` alone into a fresh frame of a 120x40 terminal, `ITERS` times after a warm-up.
fn time_render(app: &App) -> Stats {
    let mut term = match Terminal::new(TestBackend::new(W, H)) {
        Ok(t) => t,
        Err(e) => panic!("terminal: {e}"),
    };
    let mut times = Vec::with_capacity(ITERS);
    for i in 0..ITERS + 100 {
        let start = Instant::now();
        {
            let mut frame = term.get_frame();
            zcrm_tui::ui::render(app, &mut frame);
        }
        let took = start.elapsed();
        std::hint::black_box(term.current_buffer_mut());
        term.current_buffer_mut().reset();
        if i >= 100 {
            times.push(took);
        }
    }
    stats(times)
}

fn row(what: &str, s: &Stats) -> Vec<String> {
    vec![
        what.to_string(),
        support::ms(s.median),
        support::ms(s.p95),
        support::ms(s.max),
    ]
}

async fn frames(sb: &Sandbox) -> Vec<Vec<String>> {
    let mut r = support::app::runner(support::client(sb, 4), W, H).await;
    let loaded = support::app::load_all_leads(&mut r, usize::MAX).await;
    assert!(loaded >= RECORDS, "only {loaded} Leads loaded");
    r.app.panes.records.table.cursor = 0;
    let mut rows = vec![row(
        &format!("ui::render, {loaded} records loaded, cursor on the first"),
        &time_render(&r.app),
    )];
    r.app.panes.records.table.cursor = loaded / 2;
    rows.push(row(
        &format!("ui::render, {loaded} records, cursor in the middle"),
        &time_render(&r.app),
    ));
    r.app.panes.records.table.cursor = loaded - 1;
    rows.push(row(
        &format!("ui::render, {loaded} records, cursor on the last"),
        &time_render(&r.app),
    ));
    // Selection marks are looked up per visible row: all selected is the worst case.
    r.act(Action::SelectAll);
    rows.push(row(
        &format!("ui::render, {loaded} records, all selected"),
        &time_render(&r.app),
    ));
    r.act(Action::SelectAll);
    let all = r.app.panes.records.table.rows.clone();
    r.app.panes.records.table.rows.truncate(200);
    r.app.panes.records.table.cursor = 0;
    rows.push(row(
        "ui::render, 200 records loaded (one page), for comparison",
        &time_render(&r.app),
    ));
    r.app.panes.records.table.rows = all;
    // The Related lists and Related records panes filter loaded rows locally: the same
    // `Table::matches` path, taken here on the records pane with the search turned local.
    let server_filter = r.app.panes.records.table.server_filter;
    r.app.panes.records.table.filter = "bulk lead 1".into();
    r.app.panes.records.table.server_filter = false;
    r.app.panes.records.table.cursor = 0;
    let shown = r.app.panes.records.table.visible_len();
    rows.push(row(
        &format!("ui::render, {loaded} rows under a local filter ({shown} match)"),
        &time_render(&r.app),
    ));
    let mut keys = Vec::with_capacity(200);
    for i in 0..200 {
        let start = Instant::now();
        r.act(if i % 2 == 0 { Action::Down } else { Action::Up });
        if let Err(e) = r.draw() {
            panic!("draw: {e}");
        }
        keys.push(start.elapsed());
    }
    rows.push(row(
        "`j`/`k` key + Terminal::draw under that local filter",
        &stats(keys),
    ));
    r.app.panes.records.table.filter.clear();
    r.app.panes.records.table.server_filter = server_filter;

    // A key and its whole frame: update, render, diff, and the backend's write of the cells.
    r.app.panes.records.table.cursor = loaded / 2;
    let mut keys = Vec::with_capacity(ITERS);
    let mut whole = Vec::with_capacity(ITERS);
    for i in 0..ITERS {
        let start = Instant::now();
        r.act(if i % 2 == 0 { Action::Down } else { Action::Up });
        let acted = start.elapsed();
        if let Err(e) = r.draw() {
            panic!("draw: {e}");
        }
        keys.push(acted);
        whole.push(start.elapsed());
    }
    rows.push(row(
        &format!("`j`/`k` key: App::update alone, {loaded} records"),
        &stats(keys),
    ));
    rows.push(row(
        &format!("`j`/`k` key + Terminal::draw (render, diff, write), {loaded} records"),
        &stats(whole),
    ));
    rows
}

/// The child: connects to the parent's sandbox, loads the records through the real app, and
/// prints its memory at each step.
fn child(spec: &str) {
    let start_kb = support::status_kb("VmRSS").unwrap_or(0);
    let parts: Vec<&str> = spec.split('\n').collect();
    let [base, client_id, secret, refresh] = parts.as_slice() else {
        panic!("{CHILD_ENV} must hold 4 lines");
    };
    let client = match ZohoClient::new(ClientConfig {
        endpoints: Endpoints {
            api_domain: base.to_string(),
            accounts_url: base.to_string(),
        },
        api_version: 8,
        credentials: Credentials {
            client_id: client_id.to_string(),
            client_secret: Secret::new(*secret),
            refresh_token: Secret::new(*refresh),
        },
        concurrency: 4,
    }) {
        Ok(c) => c,
        Err(e) => panic!("client: {e}"),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let mut r = support::app::runner(client, W, H).await;
        let settled_kb = support::status_kb("VmRSS").unwrap_or(0);
        let loaded = support::app::load_all_leads(&mut r, usize::MAX).await;
        if let Err(e) = r.draw() {
            panic!("draw: {e}");
        }
        let loaded_kb = support::status_kb("VmRSS").unwrap_or(0);
        let hwm_kb = support::status_kb("VmHWM").unwrap_or(0);
        println!(
            "start_kb={start_kb} settled_kb={settled_kb} loaded_kb={loaded_kb} hwm_kb={hwm_kb} \
             rows={loaded}"
        );
    });
}

fn field(out: &str, key: &str) -> u64 {
    out.split_whitespace()
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn mb(kb: u64) -> String {
    format!("{:.1} MB", kb as f64 / 1024.0)
}

fn rss(sb: &Sandbox) -> Vec<Vec<String>> {
    let creds = sb.credentials();
    let spec = [
        sb.endpoints().api_domain,
        creds.client_id.clone(),
        creds.client_secret.expose().to_string(),
        creds.refresh_token.expose().to_string(),
    ]
    .join("\n");
    let exe = std::env::current_exe().expect("own path");
    let out = std::process::Command::new(exe)
        .env(CHILD_ENV, spec)
        .output()
        .expect("run the RSS child");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "RSS child failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = field(&text, "rows");
    vec![
        vec![
            "process start (before the runtime)".into(),
            mb(field(&text, "start_kb")),
        ],
        vec![
            "app settled on the module list (runtime, client, API task, buffers)".into(),
            mb(field(&text, "settled_kb")),
        ],
        vec![
            format!("{rows} records loaded and drawn"),
            mb(field(&text, "loaded_kb")),
        ],
        vec!["peak (VmHWM)".into(), mb(field(&text, "hwm_kb"))],
    ]
}

fn main() {
    if let Ok(spec) = std::env::var(CHILD_ENV) {
        child(&spec);
        return;
    }
    // The app opens its journal on start: keep it (and the child's, which inherits this) out of
    // the machine's data directory.
    let (_data, runtime) = support::app_runtime();
    println!("# render: {RECORDS} generated Leads, {W}x{H}");
    println!("machine: {}", support::machine());
    let (frame_rows, rss_rows, load_during) = runtime.block_on(async {
        let sb = Sandbox::start(SandboxOptions::default())
            .await
            .expect("sandbox starts on 127.0.0.1");
        sb.control().add_records("Leads", RECORDS);
        let frame_rows = frames(&sb).await;
        let load_during = support::load();
        let sb_for_child = &sb;
        // The child blocks this thread; the sandbox keeps serving on the runtime's workers.
        let rss_rows = tokio::task::block_in_place(|| rss(sb_for_child));
        sb.shutdown().await;
        (frame_rows, rss_rows, load_during)
    });
    support::table(
        &format!("Frame time, {W}x{H}, {ITERS} frames each ({load_during} when measured)"),
        &["what", "median", "p95", "max"],
        &frame_rows,
    );
    support::table(
        "Memory of a process holding the records (target: under 40 MB)",
        &["state", "VmRSS"],
        &rss_rows,
    );
}
