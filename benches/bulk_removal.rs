//! Bulk removal of 10,000 records against the sandbox on loopback (100 ms per call, at most 10
//! calls in flight before it answers 429): zcrm-tui's client side by side with the pattern of
//! Zoho's SDK samples and with one call per record. Measures; asserts nothing about timings.
//!
//! `cargo bench --bench bulk_removal` (`-- --quick` for 1,000 records and a 30-record sample).

#[allow(dead_code)]
mod support;

use std::time::{Duration, Instant};

use support::removal::MODULE;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::zoho::{MAX_IDS_PER_CALL, RemovalReport, RunOptions, ZohoClient};

const LATENCY: Duration = Duration::from_millis(100);

/// What one strategy did, read from the sandbox's own request log.
struct Run {
    strategy: String,
    limit: usize,
    concurrency: usize,
    records: usize,
    calls: usize,
    /// GETs made during the run (before-images on the journaled path).
    reads: usize,
    max_in_flight: usize,
    rate_limited: usize,
    wall: Duration,
    /// Wall time scaled to `records` when only a sample was run.
    extrapolated_from: Option<usize>,
}

impl Run {
    /// Calls for all the records (measured, or scaled linearly from the sample).
    fn calls_for(&self, n: usize) -> usize {
        match self.extrapolated_from {
            Some(sample) => self.calls * n / sample,
            None => self.calls,
        }
    }

    /// Wall time for all the records (measured, or scaled linearly from the sample).
    fn wall_for(&self, n: usize) -> Duration {
        match self.extrapolated_from {
            Some(sample) => self.wall.mul_f64(n as f64 / sample as f64),
            None => self.wall,
        }
    }
}

async fn sandbox(limit: usize, records: usize) -> (Sandbox, Vec<String>) {
    let options = SandboxOptions {
        latency: LATENCY,
        max_concurrency: Some(limit),
        ..SandboxOptions::default()
    };
    support::removal::sandbox(options, records).await
}

/// Fetches a token first so that every strategy starts with a warm connection and token, and
/// the grant is not counted as part of the removal.
async fn warm(client: &ZohoClient) {
    if let Err(e) = client.list_modules().await {
        panic!("warm-up call to the sandbox failed: {e}");
    }
}

async fn measure<F, Fut>(
    strategy: &str,
    limit: usize,
    concurrency: usize,
    records: usize,
    sample: Option<usize>,
    body: F,
) -> Run
where
    F: FnOnce(ZohoClient, Vec<String>) -> Fut,
    Fut: std::future::Future<Output = Vec<RemovalReport>>,
{
    let (sb, ids) = sandbox(limit, sample.unwrap_or(records)).await;
    let client = support::client(&sb, concurrency);
    warm(&client).await;
    let control = sb.control();
    control.clear_requests();
    let start = Instant::now();
    let reports = body(client, ids.clone()).await;
    let wall = start.elapsed();
    let requests = control.requests();
    let deletes: Vec<_> = requests.iter().filter(|r| r.method == "DELETE").collect();
    let removed: usize = reports.iter().map(RemovalReport::removed).sum();
    let still_there = ids
        .iter()
        .filter(|id| control.record_exists(MODULE, id))
        .count();
    // A figure for a run that did not remove everything would compare nothing.
    assert_eq!(removed, ids.len(), "{strategy}: every record removed");
    assert_eq!(still_there, 0, "{strategy}: the sandbox agrees");
    assert!(
        deletes.iter().all(|r| r.ids <= MAX_IDS_PER_CALL),
        "{strategy}: no call over 100 ids"
    );
    let run = Run {
        strategy: strategy.to_string(),
        limit,
        concurrency,
        records,
        calls: deletes.len(),
        reads: requests.iter().filter(|r| r.method == "GET").count(),
        max_in_flight: control.max_in_flight(),
        rate_limited: deletes.iter().filter(|r| r.status == 429).count(),
        wall,
        extrapolated_from: sample,
    };
    sb.shutdown().await;
    run
}

/// zcrm-tui as the admin runs it (CLI and TUI): before-images fetched first, every call
/// journaled with an fsync, through `journal::execute`.
async fn zcrm_journaled(client: ZohoClient, ids: Vec<String>) -> Vec<RemovalReport> {
    vec![support::removal::journaled(&client, ids, RunOptions::default()).await]
}

/// zcrm-tui: one `delete_records` call; the client plans calls of 100 and keeps `concurrency`
/// of them in flight.
async fn zcrm(client: ZohoClient, ids: Vec<String>) -> Vec<RemovalReport> {
    match client.delete_records(MODULE, &ids, false, None).await {
        Ok(r) => vec![r],
        Err(e) => panic!("delete_records refused the input: {e}"),
    }
}

/// Zoho's SDK samples: build a list of up to 100 ids, call delete, wait for the answer, next.
async fn sdk_pattern(client: ZohoClient, ids: Vec<String>) -> Vec<RemovalReport> {
    support::removal::sdk_pattern(&client, &ids).await
}

/// One `DELETE /Leads/{id}` per record, one after the other.
async fn per_record(client: ZohoClient, ids: Vec<String>) -> Vec<RemovalReport> {
    let mut out = Vec::new();
    for id in ids {
        match client
            .delete_records(MODULE, std::slice::from_ref(&id), false, None)
            .await
        {
            Ok(r) => out.push(r),
            Err(e) => panic!("delete_records refused the input: {e}"),
        }
    }
    out
}

fn ratio(slow: Duration, fast: Duration) -> String {
    format!("{:.1}x", slow.as_secs_f64() / fast.as_secs_f64().max(1e-9))
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (n, sample) = if quick { (1_000, 30) } else { (10_000, 300) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    println!("# bulk_removal: {n} records, {LATENCY:?} per call");
    println!("machine: {}", support::machine());

    let runs = runtime.block_on(async {
        let default = zcrm_tui::config::DEFAULT_CONCURRENCY;
        vec![
            measure("zcrm-tui client, concurrency 10", 10, 10, n, None, zcrm).await,
            measure(
                "zcrm-tui with journal + before-images, concurrency 10",
                10,
                10,
                n,
                None,
                zcrm_journaled,
            )
            .await,
            measure(
                "SDK-sample pattern (100 ids per call, one at a time)",
                10,
                1,
                n,
                None,
                sdk_pattern,
            )
            .await,
            measure(
                "one call per record, sequential",
                10,
                1,
                n,
                Some(sample),
                per_record,
            )
            .await,
            measure(
                &format!("zcrm-tui client, default concurrency {default}, limit 5"),
                5,
                default,
                n,
                None,
                zcrm,
            )
            .await,
        ]
    });
    println!("load after: {}", support::load());

    let best = runs[0].wall_for(n);
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| {
            let calls = match r.extrapolated_from {
                Some(s) => format!("{} (for {s}; {} for {n})", r.calls, r.calls_for(n)),
                None => r.calls.to_string(),
            };
            let wall = match r.extrapolated_from {
                Some(s) => format!(
                    "{} (measured {} for {s}, scaled x{:.1})",
                    support::ms(r.wall_for(n)),
                    support::ms(r.wall),
                    n as f64 / s as f64
                ),
                None => support::ms(r.wall),
            };
            // The physical floor: the calls, `concurrency` at a time, each one latency long.
            let rounds = r.calls_for(n).div_ceil(r.concurrency);
            let floor = LATENCY * u32::try_from(rounds).unwrap_or(u32::MAX);
            vec![
                r.strategy.clone(),
                r.records.to_string(),
                calls,
                r.reads.to_string(),
                format!("{} / {}", r.max_in_flight, r.limit),
                r.rate_limited.to_string(),
                wall,
                support::ms(floor),
                ratio(r.wall_for(n), best),
            ]
        })
        .collect();
    support::table(
        &format!("Bulk removal of {n} Leads, {LATENCY:?} latency"),
        &[
            "strategy",
            "records",
            "DELETE calls",
            "GETs",
            "max in flight / limit",
            "429s",
            "wall time",
            "floor (calls / concurrency x latency)",
            "time / zcrm-tui c=10",
        ],
        &rows,
    );
    println!(
        "\nzcrm-tui sent {} DELETE calls for {n} records: ceil({n} / 100) = {}.",
        runs[0].calls,
        n.div_ceil(MAX_IDS_PER_CALL)
    );
    println!(
        "zcrm-tui (c=10) is {} faster than the SDK-sample pattern (target >= 5x) and {} faster \
         than one call per record (target >= 500x).",
        ratio(runs[2].wall_for(n), best),
        ratio(runs[3].wall_for(n), best)
    );
    let journaled = runs[1].wall_for(n);
    println!(
        "With the journal and before-images (the CLI and TUI path) it is {} faster than the \
         SDK-sample pattern and {} faster than one call per record.",
        ratio(runs[2].wall_for(n), journaled),
        ratio(runs[3].wall_for(n), journaled)
    );
}
