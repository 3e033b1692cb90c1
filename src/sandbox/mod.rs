//! An in-process emulator of the Zoho CRM API and its OAuth token endpoint, on loopback.
//!
//! - `seed`: the embedded org (`assets/sandbox/`); `state`: records, relations, bin, roles;
//! - `auth`: tokens and scopes; `server`: the axum app and request log; `faults`: the knobs;
//! - `routes`: the route table and checks; `remove`, `browse`, `search`, `undo`: the APIs;
//! - `reply`: Zoho's answer shapes; `generate`: generated records; `edition`: editions' limits;
//! - `coql`: the query API; `custom_views`: views and their `cvid`; `update`: record updates;
//! - `org_file`: `--org FILE`; `ordered`, `relations`: the bin's and the relations' order.

mod auth;
mod browse;
mod call;
mod control;
mod coql;
mod custom_views;
mod edition;
mod faults;
mod field_meta;
mod generate;
mod head_guard;
mod ordered;
mod org_file;
mod paging;
mod relations;
mod remove;
mod reply;
mod routes;
mod search;
mod seed;
mod server;
mod settings;
mod state;
mod undo;
mod update;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::Serialize;

use crate::zoho::{Credentials, Endpoints, Secret};

pub use auth::SAMPLE_ACCESS_TOKEN;
pub use control::SandboxControl;
pub use edition::Edition;

use faults::Knobs;
pub use faults::{Fault, parse_kinds as parse_fault_kinds};
pub use search::all_view_id as all_records_view_id;
use server::{Shared, lock};

/// Knobs for demos and tests.
#[derive(Clone, Debug)]
pub struct SandboxOptions {
    /// 0 picks a free port.
    pub port: u16,
    /// Added to every API request before it is answered.
    pub latency: Duration,
    /// Requests in flight beyond this get 429 TOO_MANY_REQUESTS. `None`: no limit.
    pub max_concurrency: Option<usize>,
    /// Lifetime of the access tokens the token endpoint hands out.
    pub token_ttl: Duration,
    /// Fraction (0.0..=1.0) of API requests answered 500 INTERNAL_ERROR instead of being served.
    pub error_rate: f64,
    /// The accounts server's throttle: at most 10 access tokens per refresh token per 10
    /// minutes, then 400 "Access Denied". Off by default, so suites may grant freely.
    pub token_throttle: bool,
    /// Records to generate, per module, after the org is loaded (in this order).
    pub generate: Vec<(String, usize)>,
    /// Seed of the generated records: the same seed, the same records.
    pub seed: u64,
    /// Sets `/org`'s edition, its concurrency limit (unless `max_concurrency` is given) and its
    /// credits per 24 hours. `None`: the org's own edition, no limit, no credit count.
    pub edition: Option<Edition>,
    /// An org file (see `org_file`) instead of the built-in org.
    pub org_file: Option<PathBuf>,
}

/// Why a sandbox did not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The org could not be built: an org file, a `generate` entry, or the built-in org.
    #[error("{0}")]
    Org(String),
    #[error("cannot listen on 127.0.0.1: {0}")]
    Listen(#[from] std::io::Error),
}

/// The org `options` describe: loaded, shaped to the edition, with its generated records.
fn build_org(options: &SandboxOptions) -> Result<state::OrgState, StartError> {
    let seed = match &options.org_file {
        Some(path) => org_file::load(path).map_err(StartError::Org)?,
        None => seed::load().map_err(|e| StartError::Org(format!("the built-in org: {e:#}")))?,
    };
    let mut org = state::OrgState::from_seed(seed);
    if let Some(e) = options.edition {
        e.apply_to(&mut org.org);
    }
    for (module, n) in &options.generate {
        generate::generate(&mut org, module, *n, options.seed).map_err(StartError::Org)?;
    }
    Ok(org)
}

impl Default for SandboxOptions {
    fn default() -> Self {
        Self {
            port: 0,
            latency: Duration::ZERO,
            max_concurrency: None,
            token_ttl: Duration::from_secs(3600),
            error_rate: 0.0,
            token_throttle: false,
            generate: Vec::new(),
            seed: 0,
            edition: None,
            org_file: None,
        }
    }
}

/// One `/crm` API request the sandbox answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub method: String,
    /// Percent-decoded, e.g. `/crm/v8/Leads`.
    pub path: String,
    /// Raw query string.
    pub query: String,
    /// Ids the call carried: the count in `?ids=`, 1 for a single-id path, 0 otherwise.
    pub ids: usize,
    /// The HTTP status answered; 0 when the connection was dropped on purpose
    /// (`Fault::DropAfterApply`, `Fault::LostAfterApply`).
    pub status: u16,
}

/// A running sandbox. Dropping it (or calling `shutdown`) stops the server.
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    /// Signs in as the org's read-only user (removals answer NO_PERMISSION).
    read_only_refresh: String,
}

impl Sandbox {
    /// Seeds from `assets/sandbox/` (embedded at compile time) or `options.org_file`, shapes
    /// it as `options` say, and starts serving on 127.0.0.1.
    pub async fn start(options: SandboxOptions) -> Result<Sandbox, StartError> {
        let org = build_org(&options)?;
        let credits = options
            .edition
            .map(|e| edition::CreditMeter::new(e.credits(edition::licensed_users(&org.org))));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", options.port)).await?;
        let addr = listener.local_addr()?;
        let mut tokens = auth::Tokens::new(options.token_ttl);
        tokens.grant_limit = options.token_throttle.then_some(auth::ZOHO_GRANT_LIMIT);
        let read_only_refresh = tokens.new_refresh(auth::FULL_SCOPES, auth::READ_ONLY_USER);
        let shared = Arc::new(Shared {
            state: Mutex::new(org),
            tokens: Mutex::new(tokens),
            credits: Mutex::new(credits),
            knobs: Mutex::new(Knobs {
                latency: options.latency,
                max_concurrency: options
                    .max_concurrency
                    .or(options.edition.map(Edition::concurrency_limit)),
                error_rate: options.error_rate.clamp(0.0, 1.0),
                mix: None,
                queue: std::collections::VecDeque::new(),
                scripts: Vec::new(),
                late_by: faults::DEFAULT_LATE_BY,
                rng: StdRng::seed_from_u64(server::DEFAULT_ERROR_SEED),
            }),
            requests: Mutex::new(Vec::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            late_pending: AtomicUsize::new(0),
            api_domain: Mutex::new(format!("http://{addr}")),
        });
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let app = server::app(shared.clone());
        let task = tokio::spawn(async move {
            let serve = axum::serve(head_guard::GuardedListener(listener), app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                });
            if let Err(e) = serve.await {
                tracing::warn!(error = %e, "sandbox server stopped with an error");
            }
        });
        tracing::info!(%addr, "sandbox started");
        Ok(Sandbox {
            shared,
            addr,
            stop: Some(stop),
            task: Some(task),
            read_only_refresh,
        })
    }

    pub fn endpoints(&self) -> Endpoints {
        let base = format!("http://{}", self.addr);
        Endpoints {
            api_domain: base.clone(),
            accounts_url: base,
        }
    }

    /// A self-client's credentials that the token endpoint accepts (full scopes, admin user).
    pub fn credentials(&self) -> Credentials {
        Credentials {
            client_id: auth::CLIENT_ID.to_string(),
            client_secret: Secret::new(auth::CLIENT_SECRET),
            refresh_token: Secret::new(lock(&self.shared.tokens).main_refresh.clone()),
        }
    }

    /// Observation and control of the running state, for tests and the demo.
    pub fn control(&self) -> SandboxControl {
        SandboxControl::new(self.shared.clone())
    }

    /// The one-line JSON the `sandbox` command prints first: where it listens and its own fake
    /// credentials (deliberately printed: they open nothing but this sandbox).
    pub fn startup_line(&self) -> String {
        let e = self.endpoints();
        let c = self.credentials();
        serde_json::json!({
            "api_domain": e.api_domain,
            "accounts_url": e.accounts_url,
            "client_id": c.client_id,
            "client_secret": c.client_secret.expose(),
            "refresh_token": c.refresh_token.expose(),
            "read_only_refresh_token": self.read_only_refresh,
        })
        .to_string()
    }

    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            // Idle keep-alive connections of a client still alive could hold a graceful
            // shutdown open; don't wait for them long.
            if tokio::time::timeout(Duration::from_secs(2), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
