//! How many removal calls may be in flight right now: a limit that adapts to the org's answers
//! (additive increase, multiplicative decrease), under a ceiling it never exceeds.
//!
//! - A 429 halves the limit (at least 1). The calls refused together by one overload all carry
//!   the same epoch, so one burst lowers the limit once, not once per refused call.
//! - After `limit` successful calls at a level, the limit rises by one, up to the ceiling. Only
//!   calls sent while the limit was full count ("congestion window validation", RFC 7661): a
//!   success with places to spare says nothing about the org's headroom. Measured without
//!   it: 10 places taken under a limit that successes lifted to 15, so the DELETEs that
//!   followed opened 15 at once against the org's 10.
//! - After a 429, the limit climbs back quickly (one step per success) to the last level that
//!   ran a full round without a 429: that level was fine a moment ago, and only the step above
//!   it was refused. A level that was refused itself is probed again only after four rounds, so
//!   a steady run against a fixed org limit sees few 429s.
//!
//! Shared by every run of one client: the org's limit is one budget, whatever runs at once.

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use super::error::{ErrorCode, ZohoError};
use super::transport::{ApiReply, Failure, Landed, Transport};

/// Rounds spent at the level just below a refused one before it is tried again.
const PROBE_ROUNDS: usize = 4;

pub struct Pace {
    ceiling: usize,
    sem: Semaphore,
    state: Mutex<State>,
}

struct State {
    limit: usize,
    /// Permits to take out of circulation as held ones come back (the limit was lowered below
    /// the number in flight).
    debt: usize,
    successes: usize,
    /// Places taken now (permits not yet dropped).
    held: usize,
    epoch: u64,
    /// The highest level that ran a full round without a 429 (0: none yet).
    good: usize,
    /// The level of the newest 429.
    refused: Option<usize>,
}

/// How long a paced call waits after a 429 before it queues for a place again. Without
/// `Retry-After`, the first retry waits for nothing but a place: the limit was just halved, and
/// queueing behind it is the backoff (an exponential one would leave the call idle while the
/// org has room). Later ones (a 429 that persists, e.g. spent credits) back off as usual.
pub fn rate_limit_wait(t: &Transport, retry_after: Option<Duration>, tries: u32) -> Duration {
    match (retry_after, tries) {
        (None, 0) => Duration::ZERO,
        _ => t.rate_limit_wait(retry_after, tries - u32::from(retry_after.is_none())),
    }
}

/// The right to send one call. Dropping it without a verdict (a network failure, a 5xx) leaves
/// the limit as it is.
pub struct Permit<'a> {
    pace: &'a Pace,
    inner: Option<SemaphorePermit<'a>>,
    epoch: u64,
    /// The limit was full (every place taken) when this call took its place.
    full: bool,
}

impl Pace {
    /// Starts at `ceiling` (at least 1).
    pub fn new(ceiling: usize) -> Self {
        let ceiling = ceiling.max(1);
        Self {
            ceiling,
            sem: Semaphore::new(ceiling),
            state: Mutex::new(State {
                limit: ceiling,
                debt: 0,
                successes: 0,
                held: 0,
                epoch: 0,
                good: 0,
                refused: None,
            }),
        }
    }

    pub fn ceiling(&self) -> usize {
        self.ceiling
    }

    /// The current in-flight limit.
    pub fn limit(&self) -> usize {
        self.with_state(|s| s.limit).unwrap_or(self.ceiling)
    }

    /// Waits until one more call may be in flight (first come, first served).
    pub async fn acquire(&self) -> Permit<'_> {
        // The semaphore is never closed, so `acquire` cannot fail; were it to, the call goes
        // out unpaced rather than not at all.
        let inner = self.sem.acquire().await.ok();
        let (epoch, full) = self
            .with_state(|s| {
                s.held += 1;
                (s.epoch, s.held >= s.limit)
            })
            .unwrap_or((0, false));
        Permit {
            pace: self,
            inner,
            epoch,
            full,
        }
    }

    #[cfg(test)]
    fn placed<'a>(&'a self, inner: SemaphorePermit<'a>) -> Permit<'a> {
        let epoch = self.with_state(|s| {
            s.held += 1;
            s.epoch
        });
        Permit {
            pace: self,
            inner: Some(inner),
            epoch: epoch.unwrap_or(0),
            full: false,
        }
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut State) -> T) -> Option<T> {
        self.state.lock().ok().map(|mut g| f(&mut g))
    }

    fn succeeded(&self, full: bool) {
        if !full {
            return;
        }
        let raised = self.with_state(|s| {
            s.successes += 1;
            let needed = if s.limit < s.good {
                1
            } else if s.refused == Some(s.limit + 1) {
                s.limit * PROBE_ROUNDS
            } else {
                s.limit
            };
            if s.successes < needed {
                return false;
            }
            s.successes = 0;
            s.good = s.good.max(s.limit);
            if s.limit >= self.ceiling {
                return false;
            }
            s.limit += 1;
            if s.debt > 0 {
                s.debt -= 1;
                false
            } else {
                true
            }
        });
        if raised == Some(true) {
            self.sem.add_permits(1);
        }
    }

    fn rate_limited(&self, epoch: u64) {
        let lowered = self.with_state(|s| {
            if epoch != s.epoch {
                return None;
            }
            let was = s.limit;
            s.epoch += 1;
            s.successes = 0;
            s.limit = (was / 2).max(1);
            s.refused = Some(was);
            if s.good >= was {
                // A level that used to pass was refused: the org's headroom shrank (another
                // integration), so nothing learned before is trusted.
                s.good = s.limit;
            }
            for _ in s.limit..was {
                match self.sem.try_acquire() {
                    Ok(p) => p.forget(),
                    Err(_) => s.debt += 1,
                }
            }
            Some((was, s.limit))
        });
        if let Some(Some((was, now))) = lowered {
            tracing::info!(was, now, "429: in-flight limit lowered");
        }
    }

    fn release(&self, inner: Option<SemaphorePermit<'_>>) {
        let Some(p) = inner else { return };
        let keep_out = self
            .with_state(|s| {
                s.held = s.held.saturating_sub(1);
                let owed = s.debt > 0;
                if owed {
                    s.debt -= 1;
                }
                owed
            })
            .unwrap_or(false);
        if keep_out {
            p.forget();
        }
    }
}

impl Permit<'_> {
    /// What an exchange tells the pace: a 429 lowers it, any other answer of the org counts as
    /// a success, and a 5xx or a lost connection says nothing about the org's limit.
    pub fn judge(self, exchanged: &Result<ApiReply, Failure>) {
        match exchanged {
            Ok(_) => self.answered(),
            Err(Failure {
                err:
                    ZohoError::Api {
                        code: ErrorCode::TooManyRequests,
                        ..
                    },
                ..
            }) => self.rate_limited(),
            Err(Failure {
                err: ZohoError::Api { .. },
                landed: Landed::No,
                ..
            }) => self.answered(),
            Err(_) => drop(self),
        }
    }

    /// The call was answered without a 429 (whatever the answer said).
    pub fn answered(self) {
        self.pace.succeeded(self.full);
    }

    /// The call was refused with 429: nothing was done, and the org is at its limit.
    pub fn rate_limited(self) {
        self.pace.rate_limited(self.epoch);
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.pace.release(self.inner.take());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` calls sent at once and all refused with 429.
    async fn burst(p: &Pace, n: usize) {
        let held: Vec<_> = futures::future::join_all((0..n).map(|_| p.acquire())).await;
        for permit in held {
            permit.rate_limited();
        }
    }

    /// Sends `n` calls one after the other, each answered (`ok`) or refused, each taking the
    /// last free place (the limit full when it is sent, as in a run with calls waiting).
    async fn round(p: &Pace, n: usize, ok: bool) {
        for _ in 0..n {
            let others: Vec<_> = (1..p.limit())
                .filter_map(|_| p.sem.try_acquire().ok())
                .collect();
            let others: Vec<_> = others.into_iter().map(|i| p.placed(i)).collect();
            let permit = p.acquire().await;
            drop(others);
            if ok {
                permit.answered();
            } else {
                permit.rate_limited();
            }
        }
    }

    #[tokio::test]
    async fn starts_at_the_ceiling_and_never_exceeds_it() {
        let p = Pace::new(8);
        assert_eq!((p.limit(), p.ceiling()), (8, 8));
        round(&p, 100, true).await;
        assert_eq!(p.limit(), 8);
        let held: Vec<_> = futures::future::join_all((0..8).map(|_| p.acquire())).await;
        assert!(p.sem.try_acquire().is_err(), "a ninth call waits");
        drop(held);
        assert_eq!(p.sem.available_permits(), 8);
        assert_eq!(Pace::new(0).limit(), 1);
    }

    #[tokio::test]
    async fn one_burst_of_429s_halves_once() {
        let p = Pace::new(20);
        burst(&p, 20).await;
        assert_eq!(p.limit(), 10);
        // A later 429, from a call sent at the new limit, halves again.
        round(&p, 1, false).await;
        assert_eq!(p.limit(), 5);
        round(&p, 1, false).await;
        round(&p, 1, false).await;
        round(&p, 1, false).await;
        assert_eq!(p.limit(), 1, "never below 1");
        round(&p, 1, false).await;
        assert_eq!(p.limit(), 1);
    }

    #[tokio::test]
    async fn lowering_below_the_calls_in_flight_takes_effect_as_they_return() {
        let p = Pace::new(4);
        let mut held: Vec<_> = futures::future::join_all((0..4).map(|_| p.acquire())).await;
        if let Some(first) = held.pop() {
            first.rate_limited();
        }
        assert_eq!(p.limit(), 2);
        // Three still in flight, limit 2: the first to return is kept out, then the room is 1.
        drop(held.pop());
        assert_eq!(p.sem.available_permits(), 0);
        drop(held.pop());
        assert_eq!(p.sem.available_permits(), 1);
        drop(held);
        assert_eq!(p.sem.available_permits(), 2);
    }

    #[tokio::test]
    async fn rises_by_one_per_round_up_to_the_ceiling() {
        let p = Pace::new(10);
        burst(&p, 10).await;
        assert_eq!(p.limit(), 5);
        round(&p, 4, true).await;
        assert_eq!(p.limit(), 5, "a round at 5 is 5 successes");
        round(&p, 1, true).await;
        assert_eq!(p.limit(), 6);
        round(&p, 6, true).await;
        assert_eq!(p.limit(), 7);
        // 10 itself was refused: the step to it waits four rounds at 9.
        round(&p, 7 + 8 + 9 * PROBE_ROUNDS, true).await;
        assert_eq!(p.limit(), 10);
        round(&p, 1_000, true).await;
        assert_eq!(p.limit(), 10, "the ceiling holds");
        assert_eq!(p.sem.available_permits(), 10);
    }

    #[tokio::test]
    async fn after_a_refused_step_it_returns_quickly_and_probes_rarely() {
        let p = Pace::new(20);
        burst(&p, 20).await;
        round(&p, 10, true).await;
        assert_eq!(p.limit(), 11, "10 passed a full round");
        round(&p, 1, false).await;
        assert_eq!(p.limit(), 5, "11 was refused");
        round(&p, 5, true).await;
        assert_eq!(
            p.limit(),
            10,
            "back to the good level, one step per success"
        );
        round(&p, 10 * PROBE_ROUNDS - 1, true).await;
        assert_eq!(p.limit(), 10, "the refused step waits four rounds");
        round(&p, 1, true).await;
        assert_eq!(p.limit(), 11);
    }

    #[tokio::test]
    async fn a_good_level_refused_means_the_headroom_shrank() {
        let p = Pace::new(8);
        round(&p, 8, true).await;
        // 8 ran a full round; now it is refused: the climb back is slow.
        round(&p, 1, false).await;
        assert_eq!(p.limit(), 4);
        round(&p, 3, true).await;
        assert_eq!(p.limit(), 4);
    }

    #[tokio::test]
    async fn a_success_with_places_to_spare_does_not_raise() {
        let p = Pace::new(20);
        burst(&p, 20).await;
        assert_eq!(p.limit(), 10);
        // Calls one at a time (as when the reads run 10 at a time under a limit of 20).
        for _ in 0..100 {
            p.acquire().await.answered();
        }
        assert_eq!(p.limit(), 10, "a limit never full learns nothing");
        // Nine held, the tenth takes the last place: full; a round of those raises.
        round(&p, 10, true).await;
        assert_eq!(p.limit(), 11);
        assert_eq!(p.sem.available_permits(), 11);
    }

    #[tokio::test]
    async fn a_429_halves_whether_or_not_the_limit_was_full() {
        let p = Pace::new(12);
        p.acquire().await.rate_limited();
        assert_eq!(p.limit(), 6);
        round(&p, 1, false).await;
        assert_eq!(p.limit(), 3);
    }

    #[tokio::test]
    async fn a_permit_dropped_without_a_verdict_changes_nothing() {
        let p = Pace::new(3);
        drop(p.acquire().await);
        assert_eq!(p.limit(), 3);
        assert_eq!(p.sem.available_permits(), 3);
    }
}
