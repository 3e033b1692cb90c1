//! A delete of 10,000 Leads with before-images (the CLI and TUI path: `journal::execute`), at
//! default settings on each edition's sandbox (its concurrency limit and `paid_type`), 100 ms
//! per call; beside it the pattern of Zoho's SDK samples (one 100-id call at a time) and a
//! pinned `--concurrency` against Standard's limit of 10. Measures; asserts nothing about
//! timings.
//!
//! `cargo bench --bench removal_defaults` (`-- --quick` for 1,000 records). Rows can be picked
//! by name: `-- sdk standard c10 c20` runs the SDK pattern, default settings on Standard and
//! `--concurrency` 10 and 20 (edition names in lower case, `cN` for a pinned N); none: all.

#[allow(dead_code)]
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use support::removal::{MODULE, journaled, sdk_pattern};
use zcrm_tui::config::DEFAULT_CONCURRENCY;
use zcrm_tui::sandbox::{Edition, SandboxOptions};
use zcrm_tui::zoho::{Progress, RemovalReport, RunOptions};

const LATENCY: Duration = Duration::from_millis(100);

/// How the client is set up and how it removes.
#[derive(Clone, Copy)]
enum Setup {
    /// Nothing pinned: the edition chooses (`concurrency_from_edition`), 4 is the fallback.
    Default,
    /// `--concurrency N`.
    Pinned(usize),
    /// Zoho's SDK samples: 100 ids per call, one call at a time, no before-images.
    SdkSample,
}

struct Run {
    label: String,
    setup: Setup,
    edition: Edition,
    /// Requests sent during the run, every kind (DELETE, before-image GETs, `/org`).
    calls: usize,
    deletes: usize,
    refused_deletes: usize,
    /// `GET ?ids=` (before-images), and the other GETs (`/org`, the field list), each alone.
    batch_reads: usize,
    lone_reads: usize,
    rate_limited: usize,
    /// The ceiling the run used (the edition's default, the pinned value, 1).
    concurrency: usize,
    /// Lowest and highest in-flight limit the progress reported.
    limits: Option<(usize, usize)>,
    max_in_flight: usize,
    wall: Duration,
}

impl Run {
    /// The calls as the run can at best place them, `concurrency` at a time, each one latency
    /// long: the lone reads side by side (`/org` and the field list), then the first round of
    /// before-images (read before the intent), then the other reads and the deletes (those the
    /// org accepted: a refused call is no work done) in one pipeline.
    fn floor(&self) -> Duration {
        let c = self.concurrency.max(1);
        let accepted = self.deletes.saturating_sub(self.refused_deletes);
        let first = self.batch_reads.min(c);
        let rounds = usize::from(self.lone_reads > 0)
            + usize::from(first > 0)
            + (self.batch_reads - first + accepted).div_ceil(c);
        LATENCY * u32::try_from(rounds).unwrap_or(u32::MAX)
    }
}

async fn measure(label: &str, edition: Edition, setup: Setup, records: usize) -> Run {
    let options = SandboxOptions {
        latency: LATENCY,
        edition: Some(edition),
        ..SandboxOptions::default()
    };
    let (sb, ids) = support::removal::sandbox(options, records).await;
    let client = match setup {
        Setup::Default => support::client(&sb, DEFAULT_CONCURRENCY),
        Setup::Pinned(n) => support::client(&sb, n),
        Setup::SdkSample => support::client(&sb, 1),
    };
    if matches!(setup, Setup::Default) {
        client.concurrency_from_edition();
    }
    // A token first, so that the grant is not part of the run.
    if let Err(e) = client.list_modules().await {
        panic!("warm-up call to the sandbox failed: {e}");
    }
    let control = sb.control();
    control.clear_requests();
    let limits: Arc<Mutex<Option<(usize, usize)>>> = Arc::default();
    let seen = limits.clone();
    let progress = Arc::new(move |p: Progress| {
        if let Ok(mut g) = seen.lock() {
            let l = p.in_flight_limit;
            *g = Some(g.map_or((l, l), |(lo, hi)| (lo.min(l), hi.max(l))));
        }
    });
    let start = Instant::now();
    let removed: usize = match setup {
        Setup::SdkSample => sdk_pattern(&client, &ids)
            .await
            .iter()
            .map(RemovalReport::removed)
            .sum(),
        _ => journaled(
            &client,
            ids.clone(),
            RunOptions::with_progress(Some(progress)),
        )
        .await
        .removed(),
    };
    let wall = start.elapsed();
    let requests = control.requests();
    let still_there = ids
        .iter()
        .filter(|id| control.record_exists(MODULE, id))
        .count();
    // A figure for a run that did not remove everything would compare nothing.
    assert_eq!(removed, ids.len(), "{label}: every record removed");
    assert_eq!(still_there, 0, "{label}: the sandbox agrees");
    let run = Run {
        label: label.to_string(),
        setup,
        edition,
        calls: requests.len(),
        deletes: requests.iter().filter(|r| r.method == "DELETE").count(),
        refused_deletes: requests
            .iter()
            .filter(|r| r.method == "DELETE" && r.status == 429)
            .count(),
        batch_reads: requests
            .iter()
            .filter(|r| r.method == "GET" && r.query.contains("ids="))
            .count(),
        lone_reads: requests
            .iter()
            .filter(|r| r.method == "GET" && !r.query.contains("ids="))
            .count(),
        rate_limited: requests.iter().filter(|r| r.status == 429).count(),
        concurrency: client.removal_concurrency().unwrap_or(1),
        limits: limits.lock().ok().and_then(|g| *g),
        max_in_flight: control.max_in_flight(),
        wall,
    };
    sb.shutdown().await;
    run
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // cargo passes `--bench`; every other word not starting with `-` names a row.
    let picked: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let wanted = |row: &str| picked.is_empty() || picked.iter().any(|p| p == row);
    let n = if quick { 1_000 } else { 10_000 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    println!("# removal_defaults: {n} Leads with before-images, {LATENCY:?} per call");
    println!("machine: {}", support::machine());

    let runs = runtime.block_on(async {
        let mut runs = Vec::new();
        if wanted("sdk") {
            runs.push(
                measure(
                    "SDK-sample pattern (one 100-id call at a time)",
                    Edition::Standard,
                    Setup::SdkSample,
                    n,
                )
                .await,
            );
        }
        for e in Edition::ALL {
            if wanted(&format!("{e:?}").to_lowercase()) {
                runs.push(measure("default settings", e, Setup::Default, n).await);
            }
        }
        for c in [DEFAULT_CONCURRENCY, 10, 20] {
            if wanted(&format!("c{c}")) {
                runs.push(
                    measure(
                        &format!("--concurrency {c}"),
                        Edition::Standard,
                        Setup::Pinned(c),
                        n,
                    )
                    .await,
                );
            }
        }
        runs
    });
    println!("load after: {}", support::load());

    // Without the SDK row, speed is not compared.
    let sdk = runs
        .iter()
        .find(|r| matches!(r.setup, Setup::SdkSample))
        .map(|r| r.wall);
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            let limits = match r.limits {
                Some((lo, hi)) if lo == hi => lo.to_string(),
                Some((lo, hi)) => format!("{lo}–{hi}"),
                None => "–".into(),
            };
            vec![
                r.label.clone(),
                format!("{:?} ({})", r.edition, r.edition.concurrency_limit()),
                r.concurrency.to_string(),
                limits,
                r.max_in_flight.to_string(),
                format!("{} ({} DELETE)", r.calls, r.deletes),
                r.rate_limited.to_string(),
                support::ms(r.wall),
                support::ms(r.floor()),
                format!(
                    "{:.2}x",
                    r.wall.as_secs_f64() / r.floor().as_secs_f64().max(1e-9)
                ),
                sdk.map_or("–".into(), |sdk| {
                    format!("{:.1}x", sdk.as_secs_f64() / r.wall.as_secs_f64().max(1e-9))
                }),
            ]
        })
        .collect();
    support::table(
        &format!("Delete of {n} Leads with before-images, {LATENCY:?} latency"),
        &[
            "run",
            "edition (org limit)",
            "concurrency",
            "in-flight limit reported",
            "max in flight",
            "calls",
            "429s",
            "wall time",
            "floor (calls / concurrency x latency, one pipeline)",
            "ratio to floor",
            "speed vs SDK pattern",
        ],
        &rows,
    );
}
