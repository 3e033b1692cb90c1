//! Sending one API request: the token header, one retry after a refresh, backing off on rate
//! limits, and (for reads only) retrying server, network and unreadable-answer failures.
//! Removals run their own retries on top of [`Transport::exchange`] (see `engine`).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use rand::Rng;
use reqwest::Method;

use super::auth::{Auth, describe_reqwest_error};
use super::error::{ErrorCode, ZohoError};
use super::reply::{Body, classify};

/// Retry and timeout settings. The defaults suit a real org; tests shorten the waits.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// Retries of a call answered 429 `TOO_MANY_REQUESTS` before giving up on it.
    pub rate_limit_retries: u32,
    /// First backoff when no `Retry-After` is given; doubled at each retry, with jitter.
    pub backoff_base: Duration,
    /// Longest single wait (also caps a `Retry-After`).
    pub backoff_max: Duration,
    /// Retries of a read (browse) call after a 5xx, a network failure or an unreadable answer.
    pub read_retries: u32,
    /// Most attempts of one removal call (relink, restore) that failed in a way that may or may
    /// not have landed: a 5xx, a dropped connection or timeout, an unreadable reply. Ids answered
    /// `INVALID_DATA` after such an attempt are checked against the API before being reported.
    pub removal_attempts: u32,
    /// Whole-request timeout.
    pub timeout: Duration,
    pub connect_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            rate_limit_retries: 5,
            backoff_base: Duration::from_millis(500),
            backoff_max: Duration::from_secs(30),
            read_retries: 2,
            removal_attempts: 3,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Counters of what the transport did, for the status line and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientStats {
    /// HTTP requests sent to the API (retries included).
    pub requests: u64,
    /// Access tokens asked of the accounts server.
    pub token_grants: u64,
    /// 429 answers that were waited out and retried.
    pub rate_limit_retries: u64,
    /// The org's API credits left, from the newest `X-API-CREDITS-REMAINING` (Zoho sends it only
    /// once half the day's credits are used).
    pub credits_remaining: Option<u64>,
}

/// The header Zoho adds once half the org's credits for the 24-hour window are spent.
pub const CREDITS_HEADER: &str = "x-api-credits-remaining";

/// `Transport::credits` before any answer has said the credits left.
const CREDITS_UNKNOWN: u64 = u64::MAX;

/// One API request, described before it is sent (it may be sent several times).
#[derive(Clone, Debug)]
pub struct ApiRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    /// Whether 5xx and network failures may be retried by [`Transport::send`] (reads only;
    /// removals run their own retries, see `removals::run`).
    pub idempotent: bool,
    /// A JSON body (relink, restore).
    pub json: Option<Vec<u8>>,
}

impl ApiRequest {
    fn new(
        method: Method,
        url: String,
        idempotent: bool,
        json: Option<&serde_json::Value>,
    ) -> Self {
        Self {
            method,
            url,
            headers: Vec::new(),
            idempotent,
            json: json.map(|b| b.to_string().into_bytes()),
        }
    }
    pub fn get(url: String) -> Self {
        Self::new(Method::GET, url, true, None)
    }
    pub fn delete(url: String) -> Self {
        Self::new(Method::DELETE, url, false, None)
    }
    pub fn put_json(url: String, body: &serde_json::Value) -> Self {
        Self::new(Method::PUT, url, false, Some(body))
    }
    pub fn post_json(url: String, body: &serde_json::Value) -> Self {
        Self::new(Method::POST, url, false, Some(body))
    }
}

/// Whether a failed exchange may have been carried out by the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Landed {
    /// Refused before anything was done (429, 401, a request-level 4xx, no connection).
    No,
    /// Perhaps done: a 5xx, a connection dropped or timed out after the request left, an
    /// unreadable or cut-short answer.
    Maybe,
}

/// One exchange that did not give a readable answer.
#[derive(Debug)]
pub struct Failure {
    pub err: ZohoError,
    pub retry_after: Option<Duration>,
    pub landed: Landed,
}

/// A reply with its status; the body is `None` for a 204.
#[derive(Debug)]
pub struct ApiReply {
    pub status: u16,
    pub body: Body,
}

pub struct Transport {
    http: reqwest::Client,
    pub auth: Auth,
    options: ClientOptions,
    requests: AtomicU64,
    rate_limit_retries: AtomicU64,
    /// The newest `X-API-CREDITS-REMAINING`, or [`CREDITS_UNKNOWN`].
    credits: AtomicU64,
    /// Set once, never cleared: a read-only profile stays read-only for the whole session.
    read_only: AtomicBool,
}

impl Transport {
    pub fn new(http: reqwest::Client, auth: Auth, options: ClientOptions) -> Self {
        Self {
            http,
            auth,
            options,
            requests: AtomicU64::new(0),
            rate_limit_retries: AtomicU64::new(0),
            credits: AtomicU64::new(CREDITS_UNKNOWN),
            read_only: AtomicBool::new(false),
        }
    }

    /// From now on, every request that is not a GET is refused by [`Transport::writable`].
    pub fn set_read_only(&self) {
        self.read_only.store(true, Ordering::SeqCst);
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only.load(Ordering::SeqCst)
    }

    /// The read-only rule: `what` (a change of data) is refused when the profile is read-only.
    pub fn may_change(&self, what: impl FnOnce() -> String) -> Result<(), ZohoError> {
        if self.is_read_only() {
            Err(ZohoError::ReadOnly(what()))
        } else {
            Ok(())
        }
    }

    /// [`Transport::may_change`] for a request about to be sent: only reads pass.
    pub fn writable(&self, req: &ApiRequest) -> Result<(), ZohoError> {
        if req.method == Method::GET {
            return Ok(());
        }
        self.may_change(|| {
            let path = url::Url::parse(&req.url)
                .map(|u| u.path().to_string())
                .unwrap_or_default();
            format!("{} {path}", req.method)
        })
    }

    pub fn stats(&self) -> ClientStats {
        ClientStats {
            requests: self.requests.load(Ordering::Relaxed),
            token_grants: self.auth.grants(),
            rate_limit_retries: self.rate_limit_retries.load(Ordering::Relaxed),
            credits_remaining: Some(self.credits.load(Ordering::Relaxed))
                .filter(|&n| n != CREDITS_UNKNOWN),
        }
    }

    /// Send `req` until it gets an answer worth returning. Per-id results come back as `Ok`
    /// whatever their HTTP status; request-level errors as `Err(ZohoError::Api)`.
    pub async fn send(&self, req: &ApiRequest) -> Result<ApiReply, ZohoError> {
        self.send_paced(req, None).await
    }

    /// [`Self::send`], each attempt holding a place of `pace` while it is on the wire and
    /// telling it how the org answered (a read that runs beside removals).
    pub async fn send_paced(
        &self,
        req: &ApiRequest,
        pace: Option<&super::pace::Pace>,
    ) -> Result<ApiReply, ZohoError> {
        let mut token = self.auth.current().await?;
        let mut refreshed = false;
        let mut rate_tries = 0u32;
        let mut server_tries = 0u32;
        // The place a read refused with 429 already waited for (see `Pace::after_refusal`).
        let mut placed = None;
        loop {
            let permit = match (pace, placed.take()) {
                (_, Some(p)) => Some(p),
                (Some(p), None) => Some(p.acquire().await),
                (None, None) => None,
            };
            let exchanged = self.exchange(req, token.secret.expose()).await;
            let sent = permit.as_ref().map(super::pace::Permit::sent);
            if let Some(p) = permit {
                p.judge(&exchanged);
            }
            let (err, retry_after) = match exchanged {
                Ok(reply) => return Ok(reply),
                Err(f) => (f.err, f.retry_after),
            };
            match &err {
                ZohoError::Api { code, .. } if code.is_token_error() && !refreshed => {
                    refreshed = true;
                    tracing::info!(code = %code, "access token refused; refreshing once");
                    token = self.auth.refresh_after_rejection(token.generation).await?;
                }
                ZohoError::Api {
                    code: ErrorCode::TooManyRequests,
                    ..
                } if rate_tries < self.options.rate_limit_retries => {
                    let backoff = || self.rate_limit_wait(retry_after, rate_tries);
                    let wait = match pace.zip(sent) {
                        Some((p, sent)) => match p.after_refusal(sent, backoff).await {
                            super::pace::AfterRefusal::Send(next) => {
                                placed = Some(next);
                                Duration::ZERO
                            }
                            super::pace::AfterRefusal::Wait(w) => w,
                        },
                        None => backoff(),
                    };
                    rate_tries += 1;
                    self.note_rate_limit_retry();
                    tracing::info!(?wait, attempt = rate_tries, "rate limited; backing off");
                    tokio::time::sleep(wait).await;
                }
                ZohoError::Api {
                    code: ErrorCode::InternalError,
                    ..
                }
                | ZohoError::Network(_)
                | ZohoError::Malformed { .. }
                    if req.idempotent && server_tries < self.options.read_retries =>
                {
                    let wait = self.backoff(server_tries);
                    server_tries += 1;
                    tracing::info!(error = %err, ?wait, "read failed; retrying");
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(err),
            }
        }
    }

    /// The options this transport was built with.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    pub fn note_rate_limit_retry(&self) {
        self.rate_limit_retries.fetch_add(1, Ordering::Relaxed);
    }

    /// How long to wait after a 429: the server's `Retry-After` (capped) plus a little jitter so
    /// that the calls refused together do not all come back at the same instant; without the
    /// header, exponential backoff with jitter.
    pub fn rate_limit_wait(&self, retry_after: Option<Duration>, tries: u32) -> Duration {
        match retry_after {
            Some(w) => {
                let w = w.min(self.options.backoff_max);
                let spread = self.options.backoff_base.as_nanos() as u64;
                let extra = if spread < 2 {
                    0
                } else {
                    rand::rng().random_range(0..spread)
                };
                w + Duration::from_nanos(extra)
            }
            None => self.backoff(tries),
        }
    }

    /// One HTTP exchange and its reading, with no retry of any kind: for callers that run their
    /// own retry policy and must know whether a failed attempt may have landed.
    pub async fn exchange(&self, req: &ApiRequest, token: &str) -> Result<ApiReply, Failure> {
        let (status, bytes, retry_after) = self.once(req, token).await?;
        classify(status, &bytes)
            .map(|body| ApiReply { status, body })
            .map_err(|err| {
                let landed = match &err {
                    ZohoError::Api { code, status, .. } => {
                        if *status >= 500 || *code == ErrorCode::InternalError {
                            Landed::Maybe
                        } else {
                            Landed::No
                        }
                    }
                    // A cut-short or unreadable answer may follow work that was done.
                    _ => Landed::Maybe,
                };
                Failure {
                    err,
                    retry_after,
                    landed,
                }
            })
    }

    /// One HTTP exchange: status, body and any `Retry-After`.
    async fn once(
        &self,
        req: &ApiRequest,
        token: &str,
    ) -> Result<(u16, Vec<u8>, Option<Duration>), Failure> {
        let mut builder = self.http.request(req.method.clone(), &req.url).header(
            reqwest::header::AUTHORIZATION,
            format!("Zoho-oauthtoken {token}"),
        );
        for (name, value) in &req.headers {
            builder = builder.header(*name, value);
        }
        if let Some(json) = &req.json {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(json.clone());
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(method = %req.method, url = %req.url, "api request");
        let resp = builder.send().await.map_err(|e| Failure {
            // Not connected: the request never left. Anything later: it may have been served.
            landed: if e.is_connect() {
                Landed::No
            } else {
                Landed::Maybe
            },
            err: ZohoError::Network(describe_reqwest_error(&e)),
            retry_after: None,
        })?;
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        if let Some(left) = resp
            .headers()
            .get(CREDITS_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            self.credits.store(left, Ordering::Relaxed);
        }
        if status == 204 {
            // Never read a 204's body: Zoho may send a JSON content type with nothing behind it.
            return Ok((status, Vec::new(), retry_after));
        }
        let bytes = resp.bytes().await.map_err(|e| Failure {
            err: ZohoError::Malformed {
                status,
                reason: describe_reqwest_error(&e),
            },
            retry_after,
            landed: Landed::Maybe,
        })?;
        Ok((status, bytes.to_vec(), retry_after))
    }

    /// Exponential backoff with full jitter: a random wait in [base·2^n / 2, base·2^n], capped.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = self
            .options
            .backoff_base
            .saturating_mul(1u32 << attempt.min(16))
            .min(self.options.backoff_max);
        let nanos = ceiling.as_nanos() as u64;
        if nanos < 2 {
            return ceiling;
        }
        Duration::from_nanos(rand::rng().random_range(nanos / 2..=nanos))
    }
}
