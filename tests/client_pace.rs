//! The removals' concurrency against the sandbox over loopback: the default read from the org's
//! edition (once, just before the first removal), a pinned one as the ceiling, and the
//! in-flight limit that drops on a 429 and climbs back, and what a refused call waits for.

use crate::client_support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use client_support::*;
use zcrm_tui::sandbox::{Edition, Fault, Sandbox, SandboxOptions};
use zcrm_tui::zoho::{
    ClientOptions, IdOutcome, PageRequest, Removal, RemovalObserver, RunOptions, ZohoClient,
    client_codes,
};

const MODULE: &str = "Leads";

async fn edition_sandbox(edition: Edition, latency: Duration) -> Sandbox {
    sandbox_with(SandboxOptions {
        edition: Some(edition),
        latency,
        ..SandboxOptions::default()
    })
    .await
}

/// A client whose concurrency nobody pinned: the edition chooses it, 4 is the fallback.
fn unpinned(sb: &Sandbox) -> ZohoClient {
    let c = client(sb, zcrm_tui::config::DEFAULT_CONCURRENCY);
    c.concurrency_from_edition();
    c
}

fn org_reads(sb: &Sandbox) -> usize {
    sb.control()
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/org"))
        .count()
}

fn deletes_refused(sb: &Sandbox) -> usize {
    sb.control()
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE" && r.status == 429)
        .count()
}

/// Deletes `ids`, checks that every one is removed, and returns the in-flight limits the
/// progress reported.
async fn delete_all(sb: &Sandbox, c: &ZohoClient, ids: &[String]) -> Vec<usize> {
    let (progress, seen) = recorder();
    let r = c
        .delete_records(MODULE, ids, false, Some(progress))
        .await
        .unwrap();
    all_removed(sb, &r.outcomes, ids);
    seen.lock()
        .unwrap()
        .iter()
        .map(|p| p.in_flight_limit)
        .collect()
}

fn all_removed(sb: &Sandbox, outcomes: &[IdOutcome], ids: &[String]) {
    assert_eq!(outcomes.len(), ids.len());
    let odd: Vec<_> = outcomes
        .iter()
        .filter(|o| !matches!(o, IdOutcome::Removed { .. }))
        .collect();
    assert!(odd.is_empty(), "{odd:?}");
    assert!(
        !outcomes
            .iter()
            .any(|o| code_of(o) == Some(client_codes::UNKNOWN_OUTCOME))
    );
    let ctl = sb.control();
    assert!(ids.iter().all(|id| !ctl.record_exists(MODULE, id)));
}

#[tokio::test]
async fn on_a_standard_org_the_default_is_8_read_once_and_only_when_a_removal_runs() {
    let sb = edition_sandbox(Edition::Standard, Duration::from_millis(40)).await;
    let ids = sb.control().add_records(MODULE, 2_400);
    let c = unpinned(&sb);
    // Browsing reads nothing about the edition.
    c.list_modules().await.unwrap();
    c.records(MODULE, &PageRequest::first(vec![]))
        .await
        .unwrap();
    assert_eq!(org_reads(&sb), 0);
    assert_eq!(c.removal_concurrency(), None, "not known before a removal");

    let limits = delete_all(&sb, &c, &ids[..1_200]).await;
    assert_eq!(c.removal_concurrency(), Some(8));
    assert_eq!(sb.control().max_in_flight(), 8, "10 allowed, 2 left over");
    assert_eq!(deletes_refused(&sb), 0);
    assert!(
        !limits.is_empty() && limits.iter().all(|&l| l == 8),
        "{limits:?}"
    );

    // A second run, and a clone of the client, reuse what was read.
    delete_all(&sb, &c.clone(), &ids[1_200..]).await;
    assert_eq!(org_reads(&sb), 1);
}

#[tokio::test]
async fn each_edition_leaves_two_calls_to_the_others() {
    for (edition, expected) in [
        (Edition::Free, 3),
        (Edition::Professional, 13),
        (Edition::Ultimate, 23),
    ] {
        let sb = edition_sandbox(edition, Duration::from_millis(30)).await;
        let ids = sb.control().add_records(MODULE, 100 * (expected + 2));
        let c = unpinned(&sb);
        delete_all(&sb, &c, &ids).await;
        assert_eq!(c.removal_concurrency(), Some(expected), "{edition:?}");
        assert_eq!(sb.control().max_in_flight(), expected, "{edition:?}");
        assert_eq!(deletes_refused(&sb), 0, "{edition:?}");
    }
}

#[tokio::test]
async fn a_pinned_concurrency_is_the_ceiling_and_reads_no_edition() {
    let sb = edition_sandbox(Edition::Enterprise, Duration::from_millis(30)).await;
    let ids = sb.control().add_records(MODULE, 1_500);
    let c = client(&sb, 5);
    let limits = delete_all(&sb, &c, &ids).await;
    assert_eq!(org_reads(&sb), 0);
    assert_eq!(c.removal_concurrency(), Some(5));
    assert_eq!(sb.control().max_in_flight(), 5);
    assert!(limits.iter().all(|&l| l == 5), "{limits:?}");
}

#[tokio::test]
async fn pinned_20_against_a_limit_of_10_backs_off_and_removes_everything() {
    let sb = edition_sandbox(Edition::Standard, Duration::from_millis(40)).await;
    let ids = sb.control().add_records(MODULE, 6_000);
    let limits = delete_all(&sb, &client(&sb, 20), &ids).await;
    let refused = deletes_refused(&sb);
    assert!(refused > 0, "20 at once against 10 meets a 429");
    assert!(limits.iter().all(|&l| l <= 20), "{limits:?}");
    assert!(
        limits.iter().any(|&l| l < 20),
        "the limit reported drops after the first 429: {limits:?}"
    );
    // One burst halves the limit once; the climb back probes the refused step rarely, so the
    // 429s stay a handful rather than one per call.
    assert!(refused < 40, "{refused} calls refused for 60 calls");
    assert_eq!(
        sb.control()
            .requests()
            .iter()
            .filter(|r| r.method == "DELETE" && r.status == 200)
            .count(),
        60
    );
}

#[tokio::test]
async fn an_org_answer_without_license_details_falls_back_to_4() {
    let dir = tempfile::tempdir().unwrap();
    let mut org: serde_json::Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/sandbox/org.json"
    )))
    .unwrap();
    org["org"]
        .as_object_mut()
        .unwrap()
        .remove("license_details");
    let path = dir.path().join("org.json");
    std::fs::write(&path, org.to_string()).unwrap();
    let sb = sandbox_with(SandboxOptions {
        org_file: Some(path),
        latency: Duration::from_millis(30),
        ..SandboxOptions::default()
    })
    .await;
    let ids = sb.control().add_records(MODULE, 1_000);
    let c = unpinned(&sb);
    let limits = delete_all(&sb, &c, &ids).await;
    assert_eq!(org_reads(&sb), 1);
    assert_eq!(c.removal_concurrency(), Some(4));
    assert_eq!(sb.control().max_in_flight(), 4);
    assert!(limits.iter().all(|&l| l == 4), "{limits:?}");
}

#[tokio::test]
async fn an_org_read_that_fails_falls_back_to_4_and_the_removal_goes_on() {
    let sb = edition_sandbox(Edition::Standard, Duration::ZERO).await;
    let ids = sb.control().add_records(MODULE, 500);
    // The token cannot read the org: the edition stays unknown, the removal runs anyway.
    let c = client_with(
        &sb,
        sb.control()
            .credentials_with_scopes(&["ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"]),
        4,
        fast_options(),
    );
    c.concurrency_from_edition();
    delete_all(&sb, &c, &ids).await;
    assert_eq!(c.removal_concurrency(), Some(4));
}

#[tokio::test]
async fn a_read_only_client_reads_no_edition_for_a_refused_removal() {
    let sb = edition_sandbox(Edition::Standard, Duration::ZERO).await;
    let ids = sb.control().add_records(MODULE, 300);
    let c = unpinned(&sb);
    c.set_read_only();
    assert!(c.delete_records(MODULE, &ids, false, None).await.is_err());
    assert!(sb.control().requests().is_empty());
    assert_eq!(c.removal_concurrency(), None);
}

/// The reasons of the retries a removal gave, in order.
#[derive(Default)]
struct Retries(Mutex<Vec<String>>);

impl Retries {
    fn reasons(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

impl RemovalObserver for Retries {
    fn sending(&self, _: usize, _: &[String], _: u32) {}
    fn retrying(&self, _: usize, _: u32, reason: &str) {
        self.0.lock().unwrap().push(reason.to_string());
    }
    fn answered(&self, _: usize, _: &[IdOutcome]) {}
}

/// A retry that sleeps out a backoff ("waiting 0.2 s"), not one that waits for a place only.
fn slept(reason: &str) -> bool {
    reason
        .strip_prefix("429 TOO_MANY_REQUESTS, waiting ")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

async fn delete_watched(c: &ZohoClient, ids: &[String]) -> (Vec<IdOutcome>, Vec<String>) {
    let seen = Arc::new(Retries::default());
    let removal = Removal::DeleteRecords {
        module: MODULE.to_string(),
        ids: ids.to_vec(),
        wf_trigger: false,
    };
    let opts = RunOptions {
        observer: Some(seen.clone()),
        ..RunOptions::default()
    };
    let report = c.remove(&removal, opts).await.unwrap();
    (report.outcomes, seen.reasons())
}

#[tokio::test]
async fn a_call_refused_while_others_are_answered_is_sent_again_without_a_backoff() {
    let sb = edition_sandbox(Edition::Standard, Duration::from_millis(40)).await;
    let ids = sb.control().add_records(MODULE, 6_000);
    let (outcomes, reasons) = delete_watched(&client(&sb, 20), &ids).await;
    all_removed(&sb, &outcomes, &ids);
    let refused = deletes_refused(&sb);
    assert!(refused >= 10, "20 at once against 10: {refused} refused");
    assert_eq!(reasons.len(), refused, "each 429 retried once: {reasons:?}");
    // Measured before: every refused call slept out the server's Retry-After (or a backoff)
    // while the org had room, and the last of a phase held up the rest.
    let slept: Vec<_> = reasons.iter().filter(|r| slept(r)).collect();
    assert!(slept.is_empty(), "{slept:?}");
}

#[tokio::test]
async fn a_read_refused_while_others_are_answered_takes_the_next_free_place() {
    let sb = edition_sandbox(Edition::Standard, Duration::from_millis(100)).await;
    let ids = sb.control().add_records(MODULE, 6_000);
    // The defaults: a Retry-After of 1 s (the sandbox's) would be waited out in full.
    let c = client_with(&sb, sb.credentials(), 20, ClientOptions::default());
    let fields = ["Last_Name".to_string()];
    let found = c.records_by_ids(MODULE, &ids, &fields).await.unwrap();
    assert_eq!(found.len(), ids.len());
    // In the order they were answered: the 429s of the first burst come back at once.
    let reads: Vec<_> = sb
        .control()
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.query.contains("ids="))
        .collect();
    let burst = reads.iter().take_while(|r| r.status == 429).count();
    assert!(burst >= 10, "20 at once against 10: {burst} refused");
    let answered: Vec<&str> = reads
        .iter()
        .filter(|r| r.status == 200)
        .map(|r| r.query.as_str())
        .collect();
    assert_eq!(answered.len(), 60);
    // Each goes again with a place freed by the first round, ahead of the reads not sent yet
    // (round 2 of 6 at 10 a time). Sleeping out the Retry-After put them at the very end.
    for r in &reads[..burst] {
        let at = answered.iter().position(|q| *q == r.query);
        assert!(at.is_some_and(|at| at < 30), "answered {at:?}th of 60");
    }
}

#[tokio::test]
async fn when_no_call_is_answered_a_refusal_waits_out_the_servers_retry_after() {
    let sb = edition_sandbox(Edition::Standard, Duration::from_millis(20)).await;
    let ctl = sb.control();
    let ids = ctl.add_records(MODULE, 400);
    let options = ClientOptions {
        backoff_base: Duration::from_millis(20),
        ..ClientOptions::default()
    };
    let c = client_with(&sb, sb.credentials(), 4, options);
    c.list_modules().await.unwrap();
    // Every call in flight refused (spent credits, another integration holding the org):
    // nothing shows the org has room.
    ctl.inject_faults(&[Fault::TooManyRequests; 4]);
    let start = Instant::now();
    let (outcomes, reasons) = delete_watched(&c, &ids).await;
    all_removed(&sb, &outcomes, &ids);
    assert_eq!(reasons.len(), 4, "{reasons:?}");
    // Retry-After: 1, plus under 20 ms of jitter.
    assert!(
        reasons
            .iter()
            .all(|r| r == "429 TOO_MANY_REQUESTS, waiting 1.0 s"),
        "{reasons:?}"
    );
    assert!(start.elapsed() >= Duration::from_secs(1));
}
