//! How many removal calls may be in flight right now: a limit that adapts to the org's answers
//! (additive increase, multiplicative decrease), under a ceiling it never exceeds.
//!
//! - A 429 halves the limit (at least 1), but see the probes below. The calls refused together
//!   by one overload all carry the same epoch, so one burst lowers the limit once, not once per
//!   refused call.
//! - After `limit` successful calls at a level, the limit rises by one, up to the ceiling. Only
//!   calls sent while the limit was full count ("congestion window validation", RFC 7661): a
//!   success with places to spare says nothing about the org's headroom. Measured without
//!   it: 10 places taken under a limit that successes lifted to 15, so the DELETEs that
//!   followed opened 15 at once against the org's 10.
//! - A 429 of the step just above a level that ran a full round without one (a probe) lowers
//!   the limit back to that level, not to half: that level was fine a moment ago. Measured
//!   with halving: `--concurrency 20` against an org limit of 10 spent each probe at 5 and
//!   climbing back, 4 to 10% slower than `--concurrency 10`. A level that was refused itself
//!   is probed again only after four rounds, so a steady run against a fixed org limit sees
//!   few 429s.
//! - A call refused with 429 is sent again as soon as it has a place, with no backoff, when
//!   another call of the pace was answered since it was sent ([`Pace::after_refusal`]): the
//!   org has room, the refusal was our own congestion, and the lowered limit is the backoff.
//!   It backs off (`Retry-After`, else exponentially) only when no call was: the limit then
//!   persists (spent credits, another integration holding the org). Measured before: every
//!   refused call slept out the `Retry-After` (1 s plus jitter from the sandbox; only a 429
//!   without one skipped its first wait) while the org had room, and the phase's other calls,
//!   all done, waited for it (0.6 to 0.9 s idle at the end of a phase).
//!
//! Shared by every run of one client: the org's limit is one budget, whatever runs at once.

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use super::error::{ErrorCode, ZohoError};
use super::transport::{ApiReply, Failure, Landed};

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
    /// Calls answered without a 429 so far: whether any was since a call was sent.
    answered: u64,
}

/// When a call took its place: the pace's count of calls answered at that moment (`None`: not
/// known, which proves nothing).
#[derive(Clone, Copy, Debug)]
pub struct Sent(Option<u64>);

/// What a call refused with 429 does next (see [`Pace::after_refusal`]).
pub enum AfterRefusal<'a> {
    /// Another call was answered since it was sent: it goes again now, with this place.
    Send(Permit<'a>),
    /// None was: it waits this long away from the pace, then queues for a place again.
    Wait(Duration),
}

/// The right to send one call. Dropping it without a verdict (a network failure, a 5xx) leaves
/// the limit as it is.
pub struct Permit<'a> {
    pace: &'a Pace,
    inner: Option<SemaphorePermit<'a>>,
    epoch: u64,
    /// The limit was full (every place taken) when this call took its place.
    full: bool,
    sent: Sent,
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
                answered: 0,
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
        let (epoch, full, answered) = self
            .with_state(|s| {
                s.held += 1;
                (s.epoch, s.held >= s.limit, Some(s.answered))
            })
            .unwrap_or((0, false, None));
        Permit {
            pace: self,
            inner,
            epoch,
            full,
            sent: Sent(answered),
        }
    }

    /// A call refused with 429 (sent at `sent`, its permit judged) waits for a place first.
    /// If a call was answered meanwhile, or between its sending and its refusal, the org had
    /// room after refusing it: congestion of our own, which the lowered limit already answers,
    /// so it goes again with that place. Otherwise the refusal stands for the org as a whole
    /// and the call waits `backoff()` (the server's `Retry-After`, else exponential) without
    /// holding a place. Either way it is a retry, counted against the caller's cap.
    pub async fn after_refusal(
        &self,
        sent: Sent,
        backoff: impl FnOnce() -> Duration,
    ) -> AfterRefusal<'_> {
        let permit = self.acquire().await;
        if let (Some(now), Some(then)) = (permit.sent.0, sent.0)
            && now > then
        {
            AfterRefusal::Send(permit)
        } else {
            drop(permit);
            AfterRefusal::Wait(backoff())
        }
    }

    #[cfg(test)]
    fn placed<'a>(&'a self, inner: SemaphorePermit<'a>) -> Permit<'a> {
        let (epoch, answered) = self
            .with_state(|s| {
                s.held += 1;
                (s.epoch, Some(s.answered))
            })
            .unwrap_or((0, None));
        Permit {
            pace: self,
            inner: Some(inner),
            epoch,
            full: false,
            sent: Sent(answered),
        }
    }

    fn with_state<T>(&self, f: impl FnOnce(&mut State) -> T) -> Option<T> {
        self.state.lock().ok().map(|mut g| f(&mut g))
    }

    fn succeeded(&self, full: bool) {
        let raised = self.with_state(|s| {
            s.answered += 1;
            if !full {
                return false;
            }
            s.successes += 1;
            let needed = if s.refused == Some(s.limit + 1) {
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
            s.refused = Some(was);
            // Only the step above a good level refused (a probe): back to that level, not to
            // half of it, which cost a climb back on every probe. Otherwise halved.
            let probe = s.good > 0 && s.good < was;
            s.limit = if probe { s.good } else { (was / 2).max(1) };
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
    /// When this call took its place, for [`Pace::after_refusal`].
    pub fn sent(&self) -> Sent {
        self.sent
    }

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
mod tests;
