//! Shared by the bench binaries: the machine and its load (CPU-bound figures mean little without
//! them), a plain table printer, and a client for an in-process sandbox.
//!
//! Each bench uses a different subset, hence the `allow(dead_code)` on its `mod support;`.

pub mod app;
pub mod peak;
pub mod pty;
pub mod removal;

use std::time::Duration;

use zcrm_tui::sandbox::Sandbox;
use zcrm_tui::zoho::{ClientConfig, ZohoClient};

/// "2 CPUs (Intel Xeon ...), load 0.42 0.30 0.20" from /proc; "unknown" parts where unreadable.
pub fn machine() -> String {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "?".into());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    format!("{cpus} CPUs ({model}), {}", load())
}

/// "load 0.42 0.30 0.20" (1, 5, 15 minutes).
pub fn load() -> String {
    let l = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let parts: Vec<&str> = l.split_whitespace().take(3).collect();
    if parts.len() == 3 {
        format!("load {}", parts.join(" "))
    } else {
        "load unknown".into()
    }
}

/// A field of /proc/self/status in kB (`VmRSS`, `VmHWM`), if readable.
pub fn status_kb(field: &str) -> Option<u64> {
    proc_status_kb("/proc/self/status", field)
}

/// A field of `/proc/<pid>/status` (or `/proc/self/status`) in kB.
pub fn proc_status_kb(path: &str, field: &str) -> Option<u64> {
    let s = std::fs::read_to_string(path).ok()?;
    let line = s.lines().find(|l| l.starts_with(&format!("{field}:")))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A throw-away data directory (`ZCRM_DATA_DIR`: the journal and logs of the app under test)
/// and the runtime, for the benches that drive the app in their own process. Call it first,
/// before any other thread exists.
pub fn app_runtime() -> (tempfile::TempDir, tokio::runtime::Runtime) {
    let data = tempfile::tempdir().expect("temporary data directory");
    // SAFETY: set before any other thread exists (the runtime is built below).
    unsafe { std::env::set_var("ZCRM_DATA_DIR", data.path()) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    (data, runtime)
}

pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 10_000.0 {
        format!("{:.1} s", ms / 1000.0)
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 1.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{:.0} µs", ms * 1000.0)
    }
}

/// Prints a Markdown table (so the output can be pasted into docs/BENCHMARKS.md).
pub fn table(title: &str, header: &[&str], rows: &[Vec<String>]) {
    println!("\n### {title}\n");
    let widths: Vec<usize> = (0..header.len())
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .chain([header[c].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| {
        let padded: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let w = widths.get(i).copied().unwrap_or(0);
                format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())))
            })
            .collect();
        println!("| {} |", padded.join(" | "));
    };
    line(header.iter().map(|s| s.to_string()).collect());
    line(widths.iter().map(|w| "-".repeat((*w).max(3))).collect());
    for r in rows {
        line(r.clone());
    }
}

/// A client of the sandbox with `concurrency` calls in flight at most.
pub fn client(sb: &Sandbox, concurrency: usize) -> ZohoClient {
    match ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version: 8,
        credentials: sb.credentials(),
        concurrency,
    }) {
        Ok(c) => c,
        Err(e) => panic!("client for the sandbox: {e}"),
    }
}
