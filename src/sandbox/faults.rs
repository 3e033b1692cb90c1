//! Fault injection: the knobs that make the sandbox slow, rate-limited or broken on purpose, so
//! that the client's retries and its truthful reporting can be tested.

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use rand::rngs::StdRng;

use super::reply::ApiError;

/// What can go wrong with one API call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
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
}

impl Fault {
    /// Whether the operation runs before the fault strikes.
    pub fn applies(self) -> bool {
        matches!(
            self,
            Fault::InternalErrorAfterApply | Fault::DropAfterApply | Fault::TruncatedAfterApply
        )
    }

    /// The answer of a fault that strikes before anything is done.
    pub fn before(self) -> Response {
        match self {
            Fault::TooManyRequests => ApiError::too_many_requests().into_response(),
            Fault::InvalidToken => ApiError::invalid_token().into_response(),
            Fault::AuthenticationFailure => ApiError::new(
                axum::http::StatusCode::UNAUTHORIZED,
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
            Fault::DropAfterApply => {
                let broken = futures::stream::iter([Err::<Vec<u8>, std::io::Error>(
                    std::io::Error::new(std::io::ErrorKind::ConnectionReset, "dropped"),
                )]);
                let mut resp = Response::new(Body::from_stream(broken));
                resp.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                (resp, 0)
            }
            Fault::TruncatedAfterApply => {
                let status = done.status();
                let bytes = axum::body::to_bytes(done.into_body(), 1 << 24)
                    .await
                    .unwrap_or_default();
                let cut = bytes.slice(..bytes.len() / 2);
                let mut resp = (status, cut).into_response();
                resp.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
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

pub struct Knobs {
    pub latency: Duration,
    pub max_concurrency: Option<usize>,
    /// Share of calls answered 500 INTERNAL_ERROR before anything is done.
    pub error_rate: f64,
    /// Share of calls hit by one of these faults, picked at random.
    pub mix: Option<(f64, Vec<Fault>)>,
    /// Faults for the next calls, in order; they come before any random one.
    pub queue: VecDeque<Fault>,
    pub rng: StdRng,
}

impl Knobs {
    /// The fault (if any) for the call now starting.
    pub fn pick(&mut self) -> Option<Fault> {
        if let Some(f) = self.queue.pop_front() {
            return Some(f);
        }
        if let Some((rate, kinds)) = &self.mix
            && !kinds.is_empty()
            && self.rng.random::<f64>() < *rate
        {
            let i = self.rng.random_range(0..kinds.len());
            return Some(kinds[i]);
        }
        (self.error_rate > 0.0 && self.rng.random::<f64>() < self.error_rate)
            .then_some(Fault::InternalError)
    }
}
