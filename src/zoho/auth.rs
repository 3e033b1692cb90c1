//! OAuth access tokens: one cached token, refreshed by one request at a time (single flight).
//!
//! Zoho hands out at most 10 access tokens per refresh token per 10 minutes, so every request in
//! flight must share one refresh. The cache sits behind a tokio mutex held across the grant call;
//! a generation counter lets a request that was refused with a stale token tell whether someone
//! else has refreshed since it read the token, in which case it reuses that fresh one.
//!
//! The grant's answer carries an `api_domain`; we keep using the configured one. For a data
//! center it is the same host, and for the sandbox (or a proxy) the configured loopback address
//! must win over whatever the token endpoint says.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::Mutex;

use super::error::ZohoError;
use super::paths::form_body;
use super::types::{Credentials, Secret};

/// How long a refusal from the accounts server is remembered, so that a burst of requests does not
/// hammer it (and use up the 10-grants-per-10-minutes allowance) with a token it just refused.
const REFUSAL_MEMORY: Duration = Duration::from_secs(30);

/// An access token and the generation of the cache that produced it.
#[derive(Clone, Debug)]
pub struct AccessToken {
    pub secret: Secret,
    pub generation: u64,
}

struct Cached {
    secret: Secret,
    refresh_at: Instant,
}

#[derive(Default)]
struct State {
    token: Option<Cached>,
    generation: u64,
    refused: Option<(Instant, String)>,
}

pub struct Auth {
    http: reqwest::Client,
    token_url: String,
    credentials: Credentials,
    state: Mutex<State>,
    grants: AtomicU64,
}

impl Auth {
    pub fn new(http: reqwest::Client, accounts_url: &str, credentials: Credentials) -> Self {
        Self {
            http,
            token_url: format!("{}/oauth/v2/token", accounts_url.trim_end_matches('/')),
            credentials,
            state: Mutex::new(State::default()),
            grants: AtomicU64::new(0),
        }
    }

    /// How many token grants this client has asked for (for diagnostics and tests).
    pub fn grants(&self) -> u64 {
        self.grants.load(Ordering::Relaxed)
    }

    /// The cached token, or a fresh one if there is none or it is about to expire.
    pub async fn current(&self) -> Result<AccessToken, ZohoError> {
        let mut st = self.state.lock().await;
        if let Some(t) = &st.token
            && Instant::now() < t.refresh_at
        {
            return Ok(AccessToken {
                secret: t.secret.clone(),
                generation: st.generation,
            });
        }
        self.grant(&mut st).await
    }

    /// The server refused the token of `rejected` generation: refresh, unless another request
    /// already did since that token was handed out.
    pub async fn refresh_after_rejection(
        &self,
        rejected_generation: u64,
    ) -> Result<AccessToken, ZohoError> {
        let mut st = self.state.lock().await;
        if st.generation != rejected_generation
            && let Some(t) = &st.token
        {
            return Ok(AccessToken {
                secret: t.secret.clone(),
                generation: st.generation,
            });
        }
        st.token = None;
        self.grant(&mut st).await
    }

    async fn grant(&self, st: &mut State) -> Result<AccessToken, ZohoError> {
        if let Some((at, why)) = &st.refused
            && at.elapsed() < REFUSAL_MEMORY
        {
            return Err(ZohoError::OAuth(why.clone()));
        }
        let body = form_body(&[
            ("grant_type", "refresh_token"),
            ("client_id", &self.credentials.client_id),
            ("client_secret", self.credentials.client_secret.expose()),
            ("refresh_token", self.credentials.refresh_token.expose()),
        ]);
        self.grants.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(url = %self.token_url, "requesting an access token");
        let resp = self
            .http
            .post(&self.token_url)
            .header(
                reqwest::header::CONTENT_TYPE,
                "application/x-www-form-urlencoded",
            )
            .body(body)
            .send()
            .await
            .map_err(|e| ZohoError::Network(describe_reqwest_error(&e)))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| ZohoError::Network(describe_reqwest_error(&e)))?;
        match parse_grant(status, &bytes) {
            Ok(g) => {
                let now = Instant::now();
                st.generation += 1;
                st.refused = None;
                st.token = Some(Cached {
                    secret: g.access_token.clone(),
                    refresh_at: now + g.expires_in.saturating_sub(refresh_margin(g.expires_in)),
                });
                tracing::debug!(generation = st.generation, "access token granted");
                Ok(AccessToken {
                    secret: g.access_token,
                    generation: st.generation,
                })
            }
            Err(e) => {
                if let ZohoError::OAuth(why) = &e {
                    st.refused = Some((Instant::now(), why.clone()));
                }
                tracing::warn!(error = %e, "access token refused");
                Err(e)
            }
        }
    }
}

/// Refresh this long before the token's end: a minute for Zoho's hour-long tokens, less for the
/// short ones a test sandbox may hand out (else every request would refresh).
fn refresh_margin(ttl: Duration) -> Duration {
    (ttl / 10).min(Duration::from_secs(60))
}

/// A successful grant.
#[derive(Debug)]
pub struct Grant {
    pub access_token: Secret,
    pub expires_in: Duration,
}

/// Read the token endpoint's answer. Zoho reports a bad refresh token as HTTP 200 with an
/// `error` key, so the key is checked before the status.
pub fn parse_grant(status: u16, body: &[u8]) -> Result<Grant, ZohoError> {
    let v: Value = serde_json::from_slice(body).map_err(|e| ZohoError::Malformed {
        status,
        reason: format!("token endpoint answered non-JSON: {e}"),
    })?;
    let Some(obj) = v.as_object() else {
        return Err(ZohoError::Malformed {
            status,
            reason: "token endpoint answered a non-object".into(),
        });
    };
    if let Some(err) = obj.get("error") {
        let err = err
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| err.to_string());
        let desc = obj
            .get("error_description")
            .and_then(Value::as_str)
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        return Err(ZohoError::OAuth(format!("{err}{desc}")));
    }
    if !(200..300).contains(&status) {
        return Err(ZohoError::OAuth(format!(
            "token endpoint answered HTTP {status}"
        )));
    }
    let access_token = obj
        .get("access_token")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ZohoError::Malformed {
            status,
            reason: "token answer has no access_token".into(),
        })?;
    let secs = ["expires_in", "expires_in_sec"]
        .iter()
        .find_map(|k| match obj.get(*k) {
            Some(Value::Number(n)) => n.as_u64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        })
        .unwrap_or(3600);
    Ok(Grant {
        access_token: Secret::new(access_token),
        expires_in: Duration::from_secs(secs),
    })
}

/// A reqwest error in words, without the URL's query (which never holds secrets here, but a
/// short message reads better on screen).
pub fn describe_reqwest_error(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "reply cut short"
    } else {
        "request failed"
    };
    let mut msg = kind.to_string();
    let mut src: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_grant_is_read() {
        let g = parse_grant(
            200,
            br#"{"access_token":"1000.abc","scope":"ZohoCRM.modules.ALL","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}"#,
        )
        .unwrap();
        assert_eq!(g.access_token.expose(), "1000.abc");
        assert_eq!(g.expires_in, Duration::from_secs(3600));
        assert!(!format!("{g:?}").contains("1000.abc"));
    }

    #[test]
    fn an_error_key_in_a_200_is_an_oauth_error() {
        let e = parse_grant(200, br#"{"error":"invalid_code"}"#).unwrap_err();
        assert!(matches!(e, ZohoError::OAuth(m) if m == "invalid_code"));
        let e = parse_grant(
            400,
            br#"{"error":"Access Denied","error_description":"You have made too many requests continuously. Please try again after some time."}"#,
        )
        .unwrap_err();
        assert!(matches!(e, ZohoError::OAuth(m) if m.contains("too many requests")));
    }

    #[test]
    fn odd_grants_are_malformed_not_panics() {
        for body in [
            &b""[..],
            b"[1]",
            b"{\"expires_in\":5}",
            b"<html>",
            b"{\"access_token\":\"\"}",
        ] {
            assert!(matches!(
                parse_grant(200, body),
                Err(ZohoError::Malformed { .. })
            ));
        }
        let g = parse_grant(200, br#"{"access_token":"x","expires_in":"30"}"#).unwrap();
        assert_eq!(g.expires_in, Duration::from_secs(30));
    }

    #[test]
    fn margins_scale_with_short_tokens() {
        assert_eq!(
            refresh_margin(Duration::from_secs(3600)),
            Duration::from_secs(60)
        );
        assert_eq!(
            refresh_margin(Duration::from_secs(2)),
            Duration::from_millis(200)
        );
    }
}
