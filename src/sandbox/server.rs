//! The HTTP side: the axum app, the token endpoint, and the knobs every API call goes through
//! (concurrency limit, latency, injected errors, request log).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use percent_encoding::percent_decode_str;
use serde_json::json;

use super::RequestRecord;
use super::auth::{Refusal, Tokens};
use super::call::Call;
use super::faults::{Fault, Knobs};
use super::reply::ApiError;
use super::routes;
use super::state::OrgState;

/// The fixed seed of the injected-error generator: a run with the same knobs fails the same calls.
pub const DEFAULT_ERROR_SEED: u64 = 0x5a5d_b0c5;
const MAX_BODY: usize = 1 << 20;

pub struct Shared {
    pub state: Mutex<OrgState>,
    pub tokens: Mutex<Tokens>,
    pub knobs: Mutex<Knobs>,
    /// The edition's API credits, when one is set.
    pub credits: Mutex<Option<super::edition::CreditMeter>>,
    pub requests: Mutex<Vec<RequestRecord>>,
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    /// Late landings not carried out yet.
    pub late_pending: AtomicUsize,
    pub api_domain: Mutex<String>,
}

/// A poisoned lock only means another request panicked mid-way; the data is still usable and a
/// sandbox that stops answering would hide the original failure.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub fn app(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/oauth/v2/token", post(token))
        .fallback(api)
        .with_state(shared)
}

fn form_pairs(s: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(s.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The grant's parameters: the query (as Zoho's pages show), then the body, as an urlencoded
/// form or as `multipart/form-data` (what Zoho's Node SDK sends). Later ones win. A body that
/// cannot be read adds nothing, so the grant is refused as one without its parameters.
async fn grant_params(req: Request) -> Vec<(String, String)> {
    let mut params = form_pairs(req.uri().query().unwrap_or_default());
    let multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if !multipart {
        if let Ok(body) = axum::body::to_bytes(req.into_body(), MAX_BODY).await {
            params.extend(form_pairs(&String::from_utf8_lossy(&body)));
        }
        return params;
    }
    let Ok(mut form) = Multipart::from_request(req, &()).await else {
        return params;
    };
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        match field.text().await {
            Ok(value) => params.push((name, value)),
            Err(_) => break,
        }
    }
    params
}

/// `POST /oauth/v2/token`.
async fn token(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let params = grant_params(req).await;
    let get = |k: &str| {
        params
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if get("grant_type") != "refresh_token" {
        let error = if get("grant_type").is_empty() || get("grant_type") == "authorization_code" {
            "invalid_code"
        } else {
            "unsupported_grant_type"
        };
        return axum::Json(json!({ "error": error })).into_response();
    }
    let issued = lock(&shared.tokens).grant(
        &get("refresh_token"),
        &get("client_id"),
        &get("client_secret"),
    );
    match issued {
        Ok(g) => axum::Json(json!({
            "access_token": g.access_token,
            "scope": g.scope,
            "api_domain": *lock(&shared.api_domain),
            "token_type": "Bearer",
            "expires_in": g.expires_in,
        }))
        .into_response(),
        // Zoho answers a refused grant with HTTP 200 and an `error` key.
        Err(Refusal::InvalidCode) => axum::Json(json!({ "error": "invalid_code" })).into_response(),
        Err(Refusal::Throttled) => (
            axum::http::StatusCode::BAD_REQUEST,
            axum::Json(json!({
                "error": "Access Denied",
                "error_description": "You have made too many requests continuously. Please try again after some time.",
            })),
        )
            .into_response(),
    }
}

/// Counts a call in flight until it is dropped, also when the client gives up mid-way (hyper
/// then drops the handler's future), so the count never leaks.
struct InFlight<'a> {
    shared: &'a Shared,
    count: usize,
}

impl<'a> InFlight<'a> {
    fn enter(shared: &'a Shared) -> Self {
        let count = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(count, Ordering::SeqCst);
        Self { shared, count }
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.shared.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Every other path: `/crm/{version}/...` is the API, the rest is INVALID_URL_PATTERN.
async fn api(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let raw_path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or_default().to_string();
    let pairs = form_pairs(&query);
    let segs: Vec<String> = raw_path
        .trim_end_matches('/')
        .split('/')
        .skip(1)
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let is_api = segs.first().map(String::as_str) == Some("crm");
    let version = segs.get(1).and_then(|v| routes::parse_version(v));
    let route = version.and_then(|v| routes::parse(segs.get(2..).unwrap_or_default(), v));
    let ids_param: Option<String> = {
        let v: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| k == "ids")
            .map(|(_, v)| v.as_str())
            .collect();
        (!v.is_empty()).then(|| v.join(","))
    };
    let ids = routes::ids_carried(route.as_ref(), ids_param.as_deref());
    if !is_api {
        return ApiError::url_pattern().into_response();
    }

    let mut record = RequestRecord {
        method: parts.method.to_string(),
        path: percent_decode_str(&raw_path)
            .decode_utf8_lossy()
            .into_owned(),
        query,
        ids,
        status: 0,
    };
    let late = lock(&shared.knobs).late_by;
    let guard = InFlight::enter(&shared);
    let now = guard.count;
    let (limited, latency) = {
        let k = lock(&shared.knobs);
        (k.max_concurrency.is_some_and(|l| now > l), k.latency)
    };
    // Calls refused for concurrency cost nothing; every other call costs one credit.
    let mut credit = match lock(&shared.credits).as_mut() {
        Some(m) if !limited => m.spend(),
        _ => Ok(None),
    };
    let (mut resp, status) = if limited || credit.is_err() {
        let r = ApiError::too_many_requests().into_response();
        let s = r.status().as_u16();
        (r, s)
    } else {
        let fault =
            lock(&shared.knobs).pick(parts.method.as_str(), segs.get(2..).unwrap_or_default());
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        match fault {
            Some(f) if !f.applies() => {
                let r = f.before();
                let s = r.status().as_u16();
                (r, s)
            }
            _ => {
                let body = match axum::body::to_bytes(body, MAX_BODY).await {
                    Ok(b) => b,
                    Err(_) => {
                        let r = body_too_large().into_response();
                        let s = r.status().as_u16();
                        drop(guard);
                        record.status = s;
                        lock(&shared.requests).push(record);
                        return r;
                    }
                };
                if route == Some(routes::Route::Coql)
                    && let Some(m) = lock(&shared.credits).as_mut()
                {
                    let left = m.spend_more(super::coql::credits(&body).saturating_sub(1));
                    if let Ok(Some(shown)) = &mut credit {
                        *shown = left;
                    }
                }
                let done = if fault == Some(Fault::LateLanding) {
                    let call = Held {
                        parts: parts.clone(),
                        pairs,
                        body,
                        version,
                        route,
                        record: record.clone(),
                    };
                    // Logged when it lands, even if nobody waits for it any more.
                    return land_late(&shared, call, late).await;
                } else {
                    serve(&shared, &parts, pairs, &body, version, route)
                };
                match fault {
                    Some(f) => f.after(done).await,
                    None => {
                        let s = done.status().as_u16();
                        (done, s)
                    }
                }
            }
        }
    };
    drop(guard);
    if let Ok(Some(left)) = credit {
        resp.headers_mut().insert(
            "X-API-CREDITS-REMAINING",
            axum::http::HeaderValue::from(left),
        );
    }
    record.status = status;
    lock(&shared.requests).push(record);
    resp
}

/// A body the sandbox will not read whole: refused rather than served as if it were empty.
fn body_too_large() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::BAD_REQUEST,
        "LIMIT_EXCEEDED",
        format!("Limit Exceeded, the request body cannot be larger than {MAX_BODY} bytes"),
    )
    .with(json!({ "limit": MAX_BODY, "param_name": "body" }))
}

/// A call held for a late landing, with what serving and logging it needs.
struct Held {
    parts: axum::http::request::Parts,
    pairs: Vec<(String, String)>,
    body: Bytes,
    version: Option<u32>,
    route: Option<routes::Route>,
    record: RequestRecord,
}

/// Serves `call` after `delay`, in a task of its own: a client that gave up (its future here
/// is then dropped) does not stop the work from landing, nor from being logged.
async fn land_late(shared: &Arc<Shared>, call: Held, delay: std::time::Duration) -> Response {
    let shared = shared.clone();
    let (tx, rx) = tokio::sync::oneshot::channel();
    shared.late_pending.fetch_add(1, Ordering::SeqCst);
    tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let Held {
            parts,
            pairs,
            body,
            version,
            route,
            mut record,
        } = call;
        let done = serve(&shared, &parts, pairs, &body, version, route);
        record.status = done.status().as_u16();
        lock(&shared.requests).push(record);
        shared.late_pending.fetch_sub(1, Ordering::SeqCst);
        let _ = tx.send(done);
    });
    rx.await
        .unwrap_or_else(|_| ApiError::internal().into_response())
}

fn serve(
    shared: &Shared,
    parts: &axum::http::request::Parts,
    query: Vec<(String, String)>,
    body: &[u8],
    version: Option<u32>,
    route: Option<routes::Route>,
) -> Response {
    if version.is_none() {
        return ApiError::url_pattern().into_response();
    }
    let auth = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let Some(token) = lock(&shared.tokens).check(auth) else {
        return ApiError::invalid_token().into_response();
    };
    let mut state = lock(&shared.state);
    let Some(user) = state.user(&token.user).cloned() else {
        return ApiError::invalid_token().into_response();
    };
    let call = Call {
        method: &parts.method,
        query,
        headers: &parts.headers,
        body,
        user,
        now: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
    };
    match routes::handle(&mut state, &token, &call, route) {
        Ok(r) => r,
        Err(e) => e.into_response(),
    }
}
