//! What the ids of a call become when its answer does not prove their outcome: checked against
//! the API (see `verify`), removed only on proof, unknown when the check cannot tell.

use std::collections::HashSet;

use serde_json::Value;

use super::engine::{Ctx, in_words};
use super::error::{ZohoError, client_codes, hint_for_code};
use super::removals::{Verify, fail_all};
use super::types::IdOutcome;
use super::verify;

/// Answers that prove nothing are checked: an id the answer did not mention, and an id answered
/// `INVALID_DATA` ("not there") after an attempt that may have landed (`after_uncertain`) or
/// that an earlier run may have removed. Confirmed -> removed; confirmed not -> the answer
/// stands; the check failing -> unknown.
pub(super) async fn check_unproven(
    ctx: &Ctx<'_>,
    outcomes: Vec<IdOutcome>,
    after_uncertain: bool,
) -> Vec<IdOutcome> {
    if ctx.verify == Verify::Repeatable {
        return outcomes;
    }
    let doubtful: Vec<String> = outcomes
        .iter()
        .filter_map(|o| match o {
            IdOutcome::Failed { id, code, .. }
                if code == client_codes::MISSING_RESULT
                    || (code == "INVALID_DATA"
                        && (after_uncertain || ctx.doubtful.contains(id))) =>
            {
                Some(id.clone())
            }
            _ => None,
        })
        .collect();
    if doubtful.is_empty() {
        return outcomes;
    }
    let checked = confirmed(ctx, &doubtful).await;
    let doubtful: HashSet<String> = doubtful.into_iter().collect();
    outcomes
        .into_iter()
        .map(|o| {
            if !doubtful.contains(o.id()) {
                return o;
            }
            match &checked {
                Ok(done) if done.contains(o.id()) => IdOutcome::Removed {
                    id: o.id().to_string(),
                    message: verify::confirmation(&ctx.verify),
                },
                Ok(_) => o,
                Err(e) => unknown(
                    o.id(),
                    format!(
                        "the answer ({}) does not prove what happened, and the check failed: {e}",
                        code_of(&o)
                    ),
                ),
            }
        })
        .collect()
}

/// The call ended without per-id answers. If no attempt may have landed, every id failed with
/// `err`. Otherwise each id is checked: confirmed done -> removed, anything else -> unknown.
pub(super) async fn give_up(
    ctx: &Ctx<'_>,
    ids: &[String],
    err: &ZohoError,
    uncertain: u32,
) -> Vec<IdOutcome> {
    if uncertain == 0 {
        return fail_all(ids, err);
    }
    let what = format!(
        "{} attempt(s) may have landed, the last ended with {}",
        uncertain,
        in_words(err)
    );
    let checked = match ctx.verify {
        Verify::Repeatable | Verify::Unverifiable => Ok(HashSet::new()),
        _ => confirmed(ctx, ids).await,
    };
    ids.iter()
        .map(|id| match &checked {
            Ok(done) if done.contains(id) => IdOutcome::Removed {
                id: id.clone(),
                message: verify::confirmation(&ctx.verify),
            },
            Ok(_) => unknown(id, format!("{what}; not confirmed either way")),
            Err(e) => unknown(id, format!("{what}; the check failed: {e}")),
        })
        .collect()
}

/// Which of `ids` the API shows removed. The check is only reads, so it is tried again (with
/// backoff) when the API fails it: an unknown outcome is the last resort.
async fn confirmed(ctx: &Ctx<'_>, ids: &[String]) -> Result<HashSet<String>, ZohoError> {
    let tries = ctx.transport.options().removal_attempts.max(1);
    let mut n = 0;
    loop {
        n += 1;
        match verify::confirmed(ctx.transport, ctx.base, &ctx.verify, &ctx.pre, ids).await {
            Err(e) if n < tries && !matches!(e, ZohoError::InvalidInput(_)) => {
                tracing::info!(error = %e, "checking an uncertain outcome failed; trying again");
                tokio::time::sleep(ctx.transport.backoff(n)).await;
            }
            other => return other,
        }
    }
}

fn code_of(o: &IdOutcome) -> &str {
    match o {
        IdOutcome::Failed { code, .. } => code,
        _ => "",
    }
}

fn unknown(id: &str, message: String) -> IdOutcome {
    IdOutcome::Failed {
        id: id.to_string(),
        code: client_codes::UNKNOWN_OUTCOME.to_string(),
        message,
        details: Value::Null,
        hint: hint_for_code(client_codes::UNKNOWN_OUTCOME),
    }
}
