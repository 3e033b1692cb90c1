//! Running a removal plan: bounded concurrency, the observer, the stop token, and retries that
//! never mis-report.
//!
//! Each call is retried on its own:
//! - 429 `TOO_MANY_REQUESTS`: nothing was done; send again, up to
//!   `ClientOptions::rate_limit_retries` times: as soon as there is a place when other calls
//!   were answered since it was sent (the org has room; the pace lowered its limit), else after
//!   `Retry-After` plus jitter, or a backoff (see [`Pace::after_refusal`]);
//! - `INVALID_TOKEN` / `AUTHENTICATION_FAILURE`: nothing was done; one shared (single-flight)
//!   refresh, then again (at most twice per call; a third refusal stops the run);
//! - a 5xx, a dropped connection or timeout, an unreadable or cut-short answer: the server may
//!   have done it. Sent again, up to `ClientOptions::removal_attempts` attempts in all. Ids the
//!   retry answers `INVALID_DATA` ("not there") are then checked against the API (see
//!   [`super::verify`]); if every attempt stays uncertain, the ids are checked too, and those
//!   the check cannot confirm are `UNKNOWN_OUTCOME`, never "removed".
//!
//! How many calls are in flight is [`super::pace`]'s: a 429 lowers the limit, successes raise
//! it again, never above the ceiling (the pinned or the edition's concurrency). A call holds its
//! place only while it is on the wire, not while it waits out a backoff.
//!
//! An answer that does not prove an outcome is not one: an id a readable answer does not
//! mention is checked too, and so is an `INVALID_DATA` for an id an earlier run may have
//! removed (`Evidence::doubtful`, a resume).

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures::StreamExt;
use serde_json::Value;

use super::auth::AccessToken;
use super::edition::Pacing;
use super::error::{ErrorCode, ZohoError};
use super::pace::{AfterRefusal, Pace};
use super::paths::ApiBase;
use super::removals::{Plan, Verify, assign_accepting, fail_all, not_attempted};
use super::reply::items;
use super::settle::{check_unproven, give_up};
use super::transport::{ApiReply, ApiRequest, Failure, Landed, Transport};
use super::types::{IdOutcome, Progress, RemovalReport, RunOptions};
use super::verify::{self, Evidence, PreImage};

/// Refreshes of the access token one call may ask for. The second covers a fresh token refused
/// by a passing glitch; a third refusal means the grant is revoked or lacks rights, and the
/// run stops.
const REFRESHES_PER_CALL: u32 = 2;

/// The reason given to the ids of calls not sent after the admin stopped the run.
pub const STOPPED_BY_ADMIN: &str = "stopped by the admin";

/// The retry reason of a call refused with 429 while other calls were answered: it waited
/// for a place on the pace, no backoff.
const CONGESTION: &str =
    "429 TOO_MANY_REQUESTS, waiting for a place only (other calls were answered meanwhile)";

pub(super) struct Ctx<'a> {
    pub(super) transport: &'a Transport,
    pub(super) base: &'a ApiBase,
    pub(super) key: &'static str,
    pub(super) verify: Verify,
    pub(super) scheduled: bool,
    pub(super) opts: RunOptions,
    pub(super) pace: &'a Pace,
    pub(super) pre: PreImage,
    /// Ids whose `INVALID_DATA` is checked even on a first attempt.
    pub(super) doubtful: HashSet<String>,
    pub(super) total: usize,
    pub(super) done: AtomicUsize,
    /// Set by the first failure no later call can escape (token refused, scope, permission).
    pub(super) fatal: Mutex<Option<String>>,
}

pub async fn run(
    transport: &Transport,
    base: &ApiBase,
    concurrency: usize,
    plan: Plan,
    opts: RunOptions,
) -> Result<RemovalReport, ZohoError> {
    run_with(
        transport,
        base,
        &Pacing::pinned(concurrency),
        plan,
        opts,
        Evidence::default(),
    )
    .await
}

/// [`run`], told what is already known (see [`Evidence`]).
///
/// Every call that changes data (delete, delink, relink, restore: TUI, CLI, undo, resume,
/// retry) is a plan run here, so this is where a read-only profile refuses: before any
/// request, the token and the pre-run reads included, is sent. `Err` only for that.
pub(super) async fn run_with(
    transport: &Transport,
    base: &ApiBase,
    pacing: &Pacing,
    plan: Plan,
    opts: RunOptions,
    evidence: Evidence,
) -> Result<RemovalReport, ZohoError> {
    for (_, req) in &plan.calls {
        transport.writable(req)?;
    }
    let stopped_before = opts.stop.as_ref().is_some_and(|s| s.is_cancelled());
    // Contact roles and relations leave no trace once removed: what existed before the run is
    // what a later check compares against. Skipped when nothing will be sent.
    let needs_pre = matches!(plan.verify, Verify::ContactRoles | Verify::Relations { .. });
    let started = evidence.started.unwrap_or_else(chrono::Utc::now);
    let mut pre = match evidence.pre {
        Some(pre) => pre,
        None if needs_pre && !stopped_before => {
            verify::pre_image(transport, base, &plan.verify).await
        }
        None => PreImage::default(),
    };
    pre.started = Some(started);
    // Nothing is read for a run that will send nothing.
    let pace = if stopped_before || plan.calls.is_empty() {
        pacing.pace_now()
    } else {
        pacing.pace(transport, base).await
    };
    let ctx = Ctx {
        transport,
        base,
        key: plan.result_key,
        total: plan.total(),
        verify: plan.verify.clone(),
        scheduled: plan.accept_scheduled,
        opts,
        pace: &pace,
        pre,
        doubtful: evidence.doubtful,
        done: AtomicUsize::new(0),
        fatal: Mutex::new(None),
    };
    let ctx = &ctx;
    let mut results: Vec<(usize, Vec<IdOutcome>, bool)> =
        futures::stream::iter(plan.calls.into_iter().enumerate())
            .map(|(index, (ids, req))| async move {
                let planned = ids.len();
                // A call that will not be sent (stopped, or after a fatal failure) asks nothing.
                let gate = (ctx.opts.gate.as_deref()).filter(|_| ctx.unsent_reason().is_none());
                let (ids, req, refused) = super::gate::admit(gate, ids, req).await;
                let (mut outcomes, sent) = if ids.is_empty() {
                    (Vec::new(), false)
                } else {
                    call(ctx, index, &ids, &req).await
                };
                outcomes.extend(refused);
                if let Some(o) = &ctx.opts.observer {
                    o.answered(index, &outcomes);
                }
                let now = ctx.done.fetch_add(planned, Ordering::SeqCst) + planned;
                if let Some(p) = &ctx.opts.progress {
                    p(Progress {
                        done: now,
                        total: ctx.total,
                        in_flight_limit: ctx.pace.limit(),
                    });
                }
                (index, outcomes, sent)
            })
            // Unordered: one call waiting out a backoff must not hold back the others. The
            // ceiling bounds the calls under way; the pace, those on the wire.
            .buffer_unordered(ctx.pace.ceiling())
            .collect()
            .await;
    results.sort_by_key(|(i, ..)| *i);
    let calls = results.iter().filter(|(_, _, sent)| *sent).count();
    Ok(RemovalReport {
        outcomes: results.into_iter().flat_map(|(_, o, _)| o).collect(),
        calls,
    })
}

impl Ctx<'_> {
    fn fatal_reason(&self) -> Option<String> {
        self.fatal.lock().map(|g| g.clone()).unwrap_or(None)
    }

    fn note_fatal(&self, e: &ZohoError) {
        if e.stops_operation()
            && let Ok(mut g) = self.fatal.lock()
            && g.is_none()
        {
            *g = Some(format!(
                "not sent: an earlier call failed with {}",
                e.code_str()
            ));
        }
    }

    /// Why a call not yet sent must stay unsent, if it must: the observer halted (its record
    /// failed), the admin stopped the run, or an earlier call failed for good.
    fn unsent_reason(&self) -> Option<String> {
        let halted = self.opts.observer.as_ref().and_then(|o| o.halted());
        let stopped = self.opts.stop.as_ref().is_some_and(|s| s.is_cancelled());
        halted
            .or_else(|| stopped.then(|| STOPPED_BY_ADMIN.to_string()))
            .or_else(|| self.fatal_reason())
    }

    fn retrying(&self, index: usize, attempt: u32, reason: &str) {
        tracing::info!(call = index, attempt, reason, "removal call retried");
        if let Some(o) = &self.opts.observer {
            o.retrying(index, attempt, reason);
        }
    }
}

/// One call of the plan, with its retries: its ids' outcomes and whether it was sent at all.
async fn call(
    ctx: &Ctx<'_>,
    index: usize,
    ids: &[String],
    req: &ApiRequest,
) -> (Vec<IdOutcome>, bool) {
    if let Some(reason) = ctx.unsent_reason() {
        return (not_attempted(ids, &reason), false);
    }
    let auth = &ctx.transport.auth;
    let options = ctx.transport.options();
    let mut token: AccessToken = match auth.current().await {
        Ok(t) => t,
        Err(e) => {
            // Refused at the token endpoint: the removal never left.
            ctx.note_fatal(&e);
            return (fail_all(ids, &e), false);
        }
    };
    let mut attempt = 0u32;
    let mut refreshes = 0u32;
    let mut rate_tries = 0u32;
    // Attempts that may have been carried out without our knowing.
    let mut uncertain = 0u32;
    // The place a call refused with 429 already waited for (see `Pace::after_refusal`).
    let mut placed = None;
    loop {
        attempt += 1;
        let permit = match placed.take() {
            Some(p) => p,
            None => ctx.pace.acquire().await,
        };
        // The wait for a place may have outlasted the run: a call not yet sent stays unsent.
        if attempt == 1
            && let Some(reason) = ctx.unsent_reason()
        {
            return (not_attempted(ids, &reason), false);
        }
        if let Some(o) = &ctx.opts.observer {
            o.sending(index, ids, attempt);
            // Its `sending` not recorded: a first attempt does not leave (a retry's call is
            // recorded as sent already).
            if attempt == 1
                && let Some(reason) = o.halted()
            {
                return (not_attempted(ids, &reason), false);
            }
        }
        let exchanged = ctx.transport.exchange(req, token.secret.expose()).await;
        let sent = permit.sent();
        permit.judge(&exchanged);
        let failure = match exchanged {
            Ok(reply) => match read(ctx, ids, &reply) {
                Ok(outcomes) => return (check_unproven(ctx, outcomes, uncertain > 0).await, true),
                Err(err) => Failure {
                    err,
                    retry_after: None,
                    landed: Landed::Maybe,
                },
            },
            Err(f) => f,
        };
        let Failure {
            err,
            retry_after,
            landed,
        } = failure;
        match (&err, landed) {
            (ZohoError::Api { code, .. }, _)
                if code.is_token_error() && refreshes < REFRESHES_PER_CALL =>
            {
                refreshes += 1;
                ctx.retrying(
                    index,
                    attempt,
                    &format!("{code}: the access token was refused; refreshing it"),
                );
                match auth.refresh_after_rejection(token.generation).await {
                    Ok(t) => token = t,
                    Err(e) => {
                        ctx.note_fatal(&e);
                        return (give_up(ctx, ids, &e, uncertain).await, true);
                    }
                }
            }
            (
                ZohoError::Api {
                    code: ErrorCode::TooManyRequests,
                    ..
                },
                _,
            ) if rate_tries < options.rate_limit_retries => {
                let next = ctx
                    .pace
                    .after_refusal(sent, || {
                        ctx.transport.rate_limit_wait(retry_after, rate_tries)
                    })
                    .await;
                rate_tries += 1;
                ctx.transport.note_rate_limit_retry();
                match next {
                    AfterRefusal::Send(p) => {
                        ctx.retrying(index, attempt, CONGESTION);
                        placed = Some(p);
                    }
                    AfterRefusal::Wait(wait) => {
                        ctx.retrying(
                            index,
                            attempt,
                            &format!("429 TOO_MANY_REQUESTS, waiting {}", seconds(wait)),
                        );
                        tokio::time::sleep(wait).await;
                    }
                }
            }
            (_, Landed::Maybe) if uncertain + 1 < options.removal_attempts.max(1) => {
                uncertain += 1;
                let wait = ctx.transport.backoff(uncertain - 1);
                ctx.retrying(
                    index,
                    attempt,
                    &format!("{}, retrying in {}", in_words(&err), seconds(wait)),
                );
                tokio::time::sleep(wait).await;
            }
            (_, Landed::Maybe) => {
                uncertain += 1;
                return (give_up(ctx, ids, &err, uncertain).await, true);
            }
            _ => {
                ctx.note_fatal(&err);
                return (give_up(ctx, ids, &err, uncertain).await, true);
            }
        }
    }
}

/// The per-id outcomes of a readable answer. A 202 `SCHEDULED` without per-id results (a
/// restore queued as a background job) covers every id of the call.
fn read(ctx: &Ctx<'_>, ids: &[String], reply: &ApiReply) -> Result<Vec<IdOutcome>, ZohoError> {
    if ctx.scheduled
        && let Some(obj) = reply.body.as_ref().and_then(Value::as_object)
        && obj.get("code").and_then(Value::as_str) == Some("SCHEDULED")
        && obj.get("status").and_then(Value::as_str) != Some("error")
    {
        let message = obj
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("scheduled")
            .to_string();
        return Ok(ids
            .iter()
            .map(|id| IdOutcome::Removed {
                id: id.clone(),
                message: message.clone(),
            })
            .collect());
    }
    let found = items(reply.status, &reply.body, ctx.key)?;
    Ok(assign_accepting(ids, found, ctx.scheduled))
}

/// A failure in words for the log ("HTTP 500 INTERNAL_ERROR", "connection dropped: ...").
pub fn in_words(err: &ZohoError) -> String {
    match err {
        ZohoError::Api { status, code, .. } => format!("HTTP {status} {code}"),
        ZohoError::Network(m) => format!("connection dropped or timed out ({m})"),
        ZohoError::Malformed { status, reason } => {
            format!("unreadable answer, HTTP {status} ({reason})")
        }
        other => other.to_string(),
    }
}

fn seconds(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}
