//! How a run is watched, stopped and checked call by call: what `ZohoClient::remove` and its
//! kin take besides the removal itself.

use std::fmt;
use std::sync::Arc;

use super::IdOutcome;

/// Progress of a removal split into several calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Ids whose call has answered so far.
    pub done: usize,
    pub total: usize,
    /// Calls the run may have in flight now (lowered after a 429, raised again slowly).
    pub in_flight_limit: usize,
}

/// Called after each call of a removal answers. Must be cheap and must not block.
pub type ProgressFn = Arc<dyn Fn(Progress) + Send + Sync>;

/// Watches a removal call by call; the journal implements it. Called on the API task; an
/// append + fsync is fine, nothing slower.
pub trait RemovalObserver: Send + Sync {
    /// Just before call `call` (0-based index in the plan) carrying `ids` is sent; `attempt`
    /// from 1.
    fn sending(&self, call: usize, ids: &[String], attempt: u32);
    /// A call failed in a way that will be retried; `reason` in words ("HTTP 500
    /// INTERNAL_ERROR", "connection dropped", "429 TOO_MANY_REQUESTS, waiting 2 s").
    fn retrying(&self, call: usize, attempt: u32, reason: &str);
    /// Final outcomes of call `call`'s ids (after retries and verification). Exactly once per
    /// call that was planned, including calls never sent (their ids NotAttempted).
    fn answered(&self, call: usize, outcomes: &[IdOutcome]);
    /// Why no call may be sent any more, if so (a journal that can no longer record what is
    /// sent). Asked before each call is first sent and right after its `sending`: a call whose
    /// `sending` could not be recorded does not leave.
    fn halted(&self) -> Option<String> {
        None
    }
}

/// How a removal (or a relink, or a restore) is watched and stopped.
#[derive(Clone, Default)]
pub struct RunOptions {
    pub progress: Option<ProgressFn>,
    pub observer: Option<Arc<dyn RemovalObserver>>,
    /// Once cancelled, no new call is sent; calls in flight finish; the ids of unsent calls are
    /// `NotAttempted { reason: "stopped by the admin" }`.
    pub stop: Option<tokio_util::sync::CancellationToken>,
    /// Asked just before each call is first sent which of its ids may go (see [`BatchGate`]).
    pub gate: Option<Arc<dyn BatchGate>>,
}

/// A last check of a call's ids just before the call is first sent, e.g. that the records have
/// not changed since a plan was reviewed. The ids it refuses are never sent; their outcomes are
/// the call's, as if the server had answered them.
pub trait BatchGate: Send + Sync {
    fn admit<'a>(&'a self, ids: &'a [String]) -> futures::future::BoxFuture<'a, Admitted>;
}

/// What a [`BatchGate`] decided for one call.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Admitted {
    /// The ids to send, in the call's order.
    pub send: Vec<String>,
    /// One outcome per refused id.
    pub refused: Vec<IdOutcome>,
}

impl RunOptions {
    pub fn with_progress(progress: Option<ProgressFn>) -> Self {
        Self {
            progress,
            ..Self::default()
        }
    }
}

impl fmt::Debug for RunOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunOptions")
            .field("progress", &self.progress.is_some())
            .field("observer", &self.observer.is_some())
            .field("stop", &self.stop)
            .field("gate", &self.gate.is_some())
            .finish()
    }
}
