//! Shared by the `client_*` integration tests: a sandbox on loopback and a client aimed at it.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::zoho::{
    ClientConfig, ClientOptions, Credentials, DEFAULT_API_VERSION, IdOutcome, Progress, ProgressFn,
    ZohoClient,
};

/// Short waits so rate-limit tests do not take seconds.
pub fn fast_options() -> ClientOptions {
    ClientOptions {
        backoff_base: Duration::from_millis(20),
        backoff_max: Duration::from_millis(200),
        ..ClientOptions::default()
    }
}

pub async fn sandbox() -> Sandbox {
    sandbox_with(SandboxOptions::default()).await
}

pub async fn sandbox_with(opts: SandboxOptions) -> Sandbox {
    Sandbox::start(opts).await.expect("sandbox starts")
}

pub fn client(sb: &Sandbox, concurrency: usize) -> ZohoClient {
    client_with(sb, sb.credentials(), concurrency, fast_options())
}

pub fn client_with(
    sb: &Sandbox,
    credentials: Credentials,
    concurrency: usize,
    options: ClientOptions,
) -> ZohoClient {
    ZohoClient::with_options(
        ClientConfig {
            endpoints: sb.endpoints(),
            api_version: DEFAULT_API_VERSION,
            credentials,
            concurrency,
        },
        options,
    )
    .expect("client builds")
}

pub fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// Ids no seeded record has (the sandbox's ids are 19 digits starting with its org prefix).
pub fn unknown_ids(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{}", 9_100_000_000_000_000_000u64 + i as u64))
        .collect()
}

/// A progress callback that records every report.
pub fn recorder() -> (ProgressFn, Arc<Mutex<Vec<Progress>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let s = seen.clone();
    (Arc::new(move |p| s.lock().unwrap().push(p)), seen)
}

pub fn code_of(o: &IdOutcome) -> Option<&str> {
    match o {
        IdOutcome::Failed { code, .. } => Some(code),
        _ => None,
    }
}

pub fn message_of(o: &IdOutcome) -> &str {
    match o {
        IdOutcome::Removed { message, .. } | IdOutcome::Failed { message, .. } => message,
        IdOutcome::NotAttempted { reason, .. } => reason,
    }
}

/// Live records of `module` that a delete removes (not locked, not awaiting approval).
pub fn deletable_ids(
    ctl: &zcrm_tui::sandbox::SandboxControl,
    module: &str,
    n: usize,
) -> Vec<String> {
    let locked = ctl.locked_record_ids(module);
    let pending = ctl.not_approved_record_ids(module);
    ctl.record_ids(module)
        .into_iter()
        .filter(|id| !locked.contains(id) && !pending.contains(id))
        .take(n)
        .collect()
}
