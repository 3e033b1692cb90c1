//! A delete of 10,000 Leads with before-images (the CLI and TUI path: `journal::execute`), at
//! default settings on each edition's sandbox (its concurrency limit and `paid_type`), 100 ms
//! per call; beside it the pattern of Zoho's SDK samples (one 100-id call at a time) and a
//! pinned `--concurrency` against Standard's limit of 10. Measures; asserts nothing about
//! timings.
//!
//! `cargo bench --bench removal_defaults` (`-- --quick` for 1,000 records).

#[allow(dead_code)]
mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zcrm_tui::config::DEFAULT_CONCURRENCY;
use zcrm_tui::journal::{self, Journal};
use zcrm_tui::sandbox::{Edition, Sandbox, SandboxOptions};
use zcrm_tui::zoho::{MAX_IDS_PER_CALL, Progress, Removal, RunOptions, ZohoClient};

const LATENCY: Duration = Duration::from_millis(100);
const MODULE: &str = "Leads";

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
    edition: Edition,
    /// Requests sent during the run, every kind (DELETE, before-image GETs, `/org`).
    calls: usize,
    deletes: usize,
    rate_limited: usize,
    /// The ceiling the run used (the edition's default, the pinned value, 1).
    concurrency: usize,
    /// Lowest and highest in-flight limit the progress reported.
    limits: Option<(usize, usize)>,
    max_in_flight: usize,
    wall: Duration,
}

impl Run {
    /// Every call, `concurrency` at a time, each one latency long.
    fn floor(&self) -> Duration {
        let rounds = self.calls.div_ceil(self.concurrency.max(1));
        LATENCY * u32::try_from(rounds).unwrap_or(u32::MAX)
    }
}

async fn sandbox(edition: Edition, records: usize) -> (Sandbox, Vec<String>) {
    let sb = Sandbox::start(SandboxOptions {
        latency: LATENCY,
        edition: Some(edition),
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox starts on 127.0.0.1");
    let ids = sb.control().add_records(MODULE, records);
    assert_eq!(ids.len(), records, "sandbox generated the records");
    (sb, ids)
}

async fn measure(label: &str, edition: Edition, setup: Setup, records: usize) -> Run {
    let (sb, ids) = sandbox(edition, records).await;
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
    let removed = match setup {
        Setup::SdkSample => sdk_pattern(&client, &ids).await,
        _ => journaled(&client, ids.clone(), RunOptions::with_progress(Some(progress))).await,
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
        edition,
        calls: requests.len(),
        deletes: requests.iter().filter(|r| r.method == "DELETE").count(),
        rate_limited: requests.iter().filter(|r| r.status == 429).count(),
        concurrency: client.removal_concurrency().unwrap_or(1),
        limits: limits.lock().ok().and_then(|g| *g),
        max_in_flight: control.max_in_flight(),
        wall,
    };
    sb.shutdown().await;
    run
}

/// zcrm-tui as the admin runs it: before-images read first, every call journaled.
async fn journaled(client: &ZohoClient, ids: Vec<String>, opts: RunOptions) -> usize {
    let dir = tempfile::tempdir().expect("a temporary journal directory");
    let journal = Journal::open(dir.path()).expect("the journal opens");
    let removal = Removal::DeleteRecords {
        module: MODULE.to_string(),
        ids,
        wf_trigger: false,
    };
    match journal::execute(client, &journal, "bench", &removal, opts).await {
        Ok((_, report)) => report.removed(),
        Err(e) => panic!("journal::execute refused the removal: {e}"),
    }
}

/// Zoho's SDK samples: a list of up to 100 ids, delete, wait for the answer, next.
async fn sdk_pattern(client: &ZohoClient, ids: &[String]) -> usize {
    let mut removed = 0;
    for chunk in ids.chunks(MAX_IDS_PER_CALL) {
        match client.delete_records(MODULE, chunk, false, None).await {
            Ok(r) => removed += r.removed(),
            Err(e) => panic!("delete_records refused the input: {e}"),
        }
    }
    removed
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 1_000 } else { 10_000 };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    println!("# removal_defaults: {n} Leads with before-images, {LATENCY:?} per call");
    println!("machine: {}", support::machine());

    let runs = runtime.block_on(async {
        let mut runs = vec![
            measure(
                "SDK-sample pattern (one 100-id call at a time)",
                Edition::Standard,
                Setup::SdkSample,
                n,
            )
            .await,
        ];
        for e in Edition::ALL {
            runs.push(measure("default settings", e, Setup::Default, n).await);
        }
        for c in [DEFAULT_CONCURRENCY, 10, 20] {
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
        runs
    });
    println!("load after: {}", support::load());

    let sdk = runs[0].wall;
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
                format!(
                    "{:.1}x",
                    sdk.as_secs_f64() / r.wall.as_secs_f64().max(1e-9)
                ),
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
            "floor (calls / concurrency x latency)",
            "ratio to floor",
            "speed vs SDK pattern",
        ],
        &rows,
    );
}
