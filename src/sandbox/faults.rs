//! Fault injection: the knobs that make the sandbox slow, rate-limited or broken on purpose, so
//! that the client's retries and its truthful reporting can be tested, and shown in demos.
//! Every fault answers as Zoho (or a proxy in front of it) would; none is a client-side mock.

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use rand::rngs::StdRng;

use super::reply::ApiError;

/// What can go wrong with one API call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// No fault: served normally (a step of a script that lets one call through).
    Pass,
    /// 500 INTERNAL_ERROR; nothing was done.
    InternalError,
    /// 429 TOO_MANY_REQUESTS with `Retry-After`; nothing was done.
    TooManyRequests,
    /// 401 INVALID_TOKEN, as if the token had just expired; nothing was done.
    InvalidToken,
    /// 401 AUTHENTICATION_FAILURE, the other spelling Zoho uses for a refused token.
    AuthenticationFailure,
    /// The call was carried out, then answered 500: the caller cannot know it worked.
    InternalErrorAfterApply,
    /// The call was carried out, then the connection dropped in the middle of the answer.
    DropAfterApply,
    /// The call was carried out, then its JSON answer was cut in half.
    TruncatedAfterApply,
    /// The call was carried out, then answered with its 2xx status (200 when it was not a 2xx)
    /// and a zero-length body, as a proxy or load balancer cutting the answer does.
    EmptyAfterApply,
    /// The call was carried out, then the connection was closed without a byte of the answer.
    LostAfterApply,
    /// The call is held past the client's timeout (see `SandboxControl::set_late_landing`),
    /// then carried out whether or not anyone still waits for its answer.
    LateLanding,
}

/// Every kind, with the name `parse_kinds` reads (for the CLI and demos).
pub const NAMES: [(&str, Fault); 11] = [
    ("pass", Fault::Pass),
    ("500", Fault::InternalError),
    ("429", Fault::TooManyRequests),
    ("401", Fault::InvalidToken),
    ("auth", Fault::AuthenticationFailure),
    ("500-after", Fault::InternalErrorAfterApply),
    ("drop", Fault::DropAfterApply),
    ("truncated", Fault::TruncatedAfterApply),
    ("empty", Fault::EmptyAfterApply),
    ("lost", Fault::LostAfterApply),
    ("late", Fault::LateLanding),
];

impl Fault {
    /// Its name in `NAMES`.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("pass", |(n, _)| n)
    }

    /// Whether the operation runs before the fault strikes.
    pub fn applies(self) -> bool {
        matches!(
            self,
            Fault::Pass
                | Fault::InternalErrorAfterApply
                | Fault::DropAfterApply
                | Fault::TruncatedAfterApply
                | Fault::EmptyAfterApply
                | Fault::LostAfterApply
                | Fault::LateLanding
        )
    }

    /// The answer of a fault that strikes before anything is done.
    pub fn before(self) -> Response {
        match self {
            Fault::TooManyRequests => ApiError::too_many_requests().into_response(),
            Fault::InvalidToken => ApiError::invalid_token().into_response(),
            Fault::AuthenticationFailure => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "AUTHENTICATION_FAILURE",
                "Authentication failed",
            )
            .into_response(),
            _ => ApiError::internal().into_response(),
        }
    }

    /// Spoils the answer of an operation that did run. The status in the log is 0 when the
    /// connection dropped (the client never got a complete answer).
    pub async fn after(self, done: Response) -> (Response, u16) {
        match self {
            Fault::Pass | Fault::LateLanding => {
                let s = done.status().as_u16();
                (done, s)
            }
            Fault::DropAfterApply => {
                let status = done.status();
                let bytes = axum::body::to_bytes(done.into_body(), 1 << 24)
                    .await
                    .unwrap_or_default();
                let half = bytes.slice(..bytes.len() / 2).to_vec();
                let mut resp = broken_stream(Some(half));
                *resp.status_mut() = status;
                (resp, 0)
            }
            Fault::LostAfterApply => (broken_stream(None), 0),
            Fault::TruncatedAfterApply => {
                let status = done.status();
                let bytes = axum::body::to_bytes(done.into_body(), 1 << 24)
                    .await
                    .unwrap_or_default();
                let cut = bytes.slice(..bytes.len() / 2);
                let mut resp = (status, cut).into_response();
                json_type(&mut resp);
                (resp, status.as_u16())
            }
            Fault::EmptyAfterApply => {
                let status =
                    if done.status().is_success() && done.status() != StatusCode::NO_CONTENT {
                        done.status()
                    } else {
                        StatusCode::OK
                    };
                let mut resp = (status, Body::empty()).into_response();
                json_type(&mut resp);
                (resp, status.as_u16())
            }
            _ => {
                let resp = ApiError::internal().into_response();
                let status = resp.status().as_u16();
                (resp, status)
            }
        }
    }
}

/// A body that fails after `first` (or before any byte): hyper closes the connection, and the
/// client sees the exchange break off. The pause lets `first` (and the status) reach the
/// client: without it hyper never flushes what it buffered.
fn broken_stream(first: Option<Vec<u8>>) -> Response {
    use futures::StreamExt;
    let sent = first.is_some();
    let head = futures::stream::iter(first.map(Ok::<Vec<u8>, std::io::Error>));
    let fail = futures::stream::once(async move {
        if sent {
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "dropped",
        ))
    });
    let mut resp = Response::new(Body::from_stream(head.chain(fail)));
    json_type(&mut resp);
    resp
}

fn json_type(resp: &mut Response) {
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
}

/// Reads a comma-separated list of fault names (`empty,lost,late`; see `NAMES`).
pub fn parse_kinds(s: &str) -> Result<Vec<Fault>, String> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            NAMES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(p))
                .map(|(_, f)| *f)
                .ok_or_else(|| {
                    let known: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
                    format!("unknown fault `{p}` (known: {})", known.join(", "))
                })
        })
        .collect()
}

/// Faults for the next calls of one route, in order: `METHOD /seg/seg` after `/crm/{version}`,
/// where `*` stands for any one segment and for any method (`DELETE /Leads`,
/// `GET /Leads/deleted`, `* /Campaigns/*/Contacts`).
pub struct Script {
    method: String,
    segs: Vec<String>,
    faults: VecDeque<Fault>,
}

impl Script {
    pub fn new(route: &str, faults: &[Fault]) -> Result<Script, String> {
        let (method, path) = route
            .trim()
            .split_once(' ')
            .ok_or_else(|| format!("`{route}` is not `METHOD /path`"))?;
        let segs: Vec<String> = path
            .trim()
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if segs.is_empty() {
            return Err(format!("`{route}` names no path"));
        }
        Ok(Script {
            method: method.to_ascii_uppercase(),
            segs,
            faults: faults.iter().copied().collect(),
        })
    }

    fn matches(&self, method: &str, segs: &[String]) -> bool {
        (self.method == "*" || self.method.eq_ignore_ascii_case(method))
            && self.segs.len() == segs.len()
            && self
                .segs
                .iter()
                .zip(segs)
                .all(|(p, s)| p == "*" || p.eq_ignore_ascii_case(s))
    }
}

pub struct Knobs {
    pub latency: Duration,
    pub max_concurrency: Option<usize>,
    /// Share of calls answered 500 INTERNAL_ERROR before anything is done.
    pub error_rate: f64,
    /// Share of calls hit by one of these faults, picked at random.
    pub mix: Option<(f64, Vec<Fault>)>,
    /// Faults for the next calls, in order; they come before any random one.
    pub queue: VecDeque<Fault>,
    /// Faults for the next calls of given routes; they come before the queue.
    pub scripts: Vec<Script>,
    /// How long a `LateLanding` call is held before it is carried out.
    pub late_by: Duration,
    pub rng: StdRng,
}

/// Past the client's default 60-second timeout, so that a demo shows the late landing too.
pub const DEFAULT_LATE_BY: Duration = Duration::from_secs(75);

impl Knobs {
    /// The fault (if any) for the call now starting: `method` and the path segments after
    /// `/crm/{version}`.
    pub fn pick(&mut self, method: &str, segs: &[String]) -> Option<Fault> {
        let scripted = self
            .scripts
            .iter_mut()
            .find(|s| !s.faults.is_empty() && s.matches(method, segs))
            .and_then(|s| s.faults.pop_front());
        self.scripts.retain(|s| !s.faults.is_empty());
        if let Some(f) = scripted.or_else(|| self.queue.pop_front()) {
            return (f != Fault::Pass).then_some(f);
        }
        if let Some((rate, kinds)) = &self.mix
            && !kinds.is_empty()
            && self.rng.random::<f64>() < *rate
        {
            let i = self.rng.random_range(0..kinds.len());
            return Some(kinds[i]).filter(|f| *f != Fault::Pass);
        }
        (self.error_rate > 0.0 && self.rng.random::<f64>() < self.error_rate)
            .then_some(Fault::InternalError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_scripts_match_their_route() {
        assert_eq!(
            parse_kinds("empty, lost,LATE").unwrap(),
            [
                Fault::EmptyAfterApply,
                Fault::LostAfterApply,
                Fault::LateLanding
            ]
        );
        assert!(parse_kinds("empty,nope").unwrap_err().contains("nope"));
        for (n, f) in NAMES {
            assert_eq!(f.name(), n);
        }
        let segs = |p: &str| p.split('/').map(str::to_string).collect::<Vec<_>>();
        let s = Script::new("DELETE /Campaigns/*/Contacts", &[Fault::Pass]).unwrap();
        assert!(s.matches("delete", &segs("Campaigns/1/Contacts")));
        assert!(!s.matches("GET", &segs("Campaigns/1/Contacts")));
        assert!(!s.matches("DELETE", &segs("Campaigns/1/Contacts/2")));
        assert!(Script::new("DELETE", &[]).is_err());
    }
}
