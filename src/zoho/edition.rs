//! The concurrency a client's removals run at: pinned by the admin, or read once from the org's
//! edition (`GET /org`, `org[0].license_details.paid_type`) just before the first removal.
//!
//! Zoho's "API limits" page gives the concurrent calls per org: Free 5, Standard 10,
//! Professional 15, Enterprise 20, Ultimate 25. The default leaves two of them to the org's
//! other integrations, and never goes below 3. An edition that cannot be read, or one Zoho's
//! table does not name, falls back to the pinned-or-default value and says so in the log: the
//! removal itself never fails for it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use tokio::sync::OnceCell;

use super::pace::Pace;
use super::paths::ApiBase;
use super::transport::{ApiRequest, Transport};

/// Calls left to the org's other integrations.
const HEADROOM: usize = 2;
/// The least an edition's default may be.
const LEAST: usize = 3;

/// Concurrent API calls per org for a `paid_type` (as `/org` spells it), `None` when Zoho's
/// table does not name it.
pub fn edition_limit(paid_type: &str) -> Option<usize> {
    match paid_type.trim().to_ascii_lowercase().as_str() {
        "free" => Some(5),
        "standard" => Some(10),
        "professional" => Some(15),
        "enterprise" => Some(20),
        "ultimate" => Some(25),
        _ => None,
    }
}

/// The default in-flight limit for an org whose edition allows `limit` concurrent calls.
pub fn default_for_limit(limit: usize) -> usize {
    limit.saturating_sub(HEADROOM).max(LEAST)
}

/// `paid_type` of a `GET /org` answer.
pub fn paid_type(body: Option<&Value>) -> Option<&str> {
    body?
        .get("org")?
        .get(0)?
        .get("license_details")?
        .get("paid_type")?
        .as_str()
}

/// The client's removal concurrency: how it is chosen, and the limiter once chosen.
pub(super) struct Pacing {
    /// Pinned, or the fallback when the edition is read.
    configured: usize,
    from_edition: AtomicBool,
    pace: OnceCell<Arc<Pace>>,
}

impl Pacing {
    pub(super) fn pinned(concurrency: usize) -> Self {
        Self {
            configured: concurrency,
            from_edition: AtomicBool::new(false),
            pace: OnceCell::new(),
        }
    }

    /// From now on the edition sets the ceiling (unless a removal already ran).
    pub(super) fn use_edition(&self) {
        self.from_edition.store(true, Ordering::SeqCst);
    }

    /// The ceiling, once known (a removal ran, or the concurrency is pinned).
    pub(super) fn known(&self) -> Option<usize> {
        match self.pace.get() {
            Some(p) => Some(p.ceiling()),
            None => (!self.from_edition.load(Ordering::SeqCst)).then_some(self.configured),
        }
    }

    /// The limiter, reading the edition first if that is how the ceiling is chosen. Concurrent
    /// first runs wait for one read.
    pub(super) async fn pace(&self, t: &Transport, base: &ApiBase) -> Arc<Pace> {
        self.pace
            .get_or_init(|| async {
                let ceiling = if self.from_edition.load(Ordering::SeqCst) {
                    self.read_edition(t, base).await
                } else {
                    self.configured
                };
                Arc::new(Pace::new(ceiling))
            })
            .await
            .clone()
    }

    /// A limiter without reading anything: the one in use, else the configured value.
    pub(super) fn pace_now(&self) -> Arc<Pace> {
        match self.pace.get() {
            Some(p) => p.clone(),
            None => Arc::new(Pace::new(self.configured)),
        }
    }

    async fn read_edition(&self, t: &Transport, base: &ApiBase) -> usize {
        let fallback = self.configured;
        let reply = match t
            .send(&ApiRequest::get(base.url(&["org".into()], &[])))
            .await
        {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(
                    error = %e,
                    concurrency = fallback,
                    "the org's edition could not be read; removals use the default concurrency"
                );
                return fallback;
            }
        };
        match paid_type(reply.body.as_ref()) {
            Some(p) => match edition_limit(p) {
                Some(limit) => {
                    let n = default_for_limit(limit);
                    tracing::info!(
                        edition = p,
                        limit,
                        concurrency = n,
                        "removal concurrency from the org's edition"
                    );
                    n
                }
                None => {
                    tracing::warn!(
                        edition = p,
                        concurrency = fallback,
                        "unknown edition; removals use the default concurrency"
                    );
                    fallback
                }
            },
            None => {
                tracing::warn!(
                    concurrency = fallback,
                    "the org's answer has no license_details.paid_type; removals use the \
                     default concurrency"
                );
                fallback
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_edition_leaves_two_calls_and_at_least_three() {
        let defaults: Vec<_> = ["free", "standard", "professional", "enterprise", "ultimate"]
            .iter()
            .map(|p| edition_limit(p).map(default_for_limit))
            .collect();
        assert_eq!(
            defaults,
            vec![Some(3), Some(8), Some(13), Some(18), Some(23)]
        );
        assert_eq!(edition_limit("Standard"), Some(10));
        assert_eq!(edition_limit("gold"), None);
        assert_eq!(default_for_limit(1), 3);
    }

    #[test]
    fn paid_type_is_read_where_zoho_puts_it() {
        let body = json!({"org": [{"license_details": {"paid": true, "paid_type": "standard"}}]});
        assert_eq!(paid_type(Some(&body)), Some("standard"));
        for odd in [
            json!({"org": [{"id": "1"}]}),
            json!({"org": []}),
            json!({"org": [{"license_details": {"paid_type": null}}]}),
            json!([]),
        ] {
            assert_eq!(paid_type(Some(&odd)), None, "{odd}");
        }
        assert_eq!(paid_type(None), None);
    }
}
