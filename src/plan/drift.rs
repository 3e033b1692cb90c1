//! The check that makes a plan safe to apply later: just before each call of the removal, its
//! records' `Modified_Time` is read again (one read per call, at most 100 ids, as the call) and
//! any record that changed or vanished since the plan is refused, never sent.

use std::collections::HashMap;

use futures::FutureExt;
use futures::future::BoxFuture;
use serde_json::{Value, json};

use crate::zoho::error::hint_for_code;
use crate::zoho::{Admitted, BatchGate, IdOutcome, ZohoClient, client_codes};

use super::Plan;

/// A plan's records and their `Modified_Time` as reviewed, checked against the API.
pub struct PlanGate {
    client: ZohoClient,
    module: String,
    reviewed: HashMap<String, Option<String>>,
}

impl PlanGate {
    pub fn new(client: ZohoClient, plan: &Plan) -> PlanGate {
        PlanGate {
            client,
            module: plan.operation.module().to_string(),
            reviewed: plan
                .records
                .iter()
                .map(|r| (r.id.clone(), r.modified_time.clone()))
                .collect(),
        }
    }

    async fn decide(&self, ids: &[String]) -> Admitted {
        let fields = ["Modified_Time".to_string()];
        let now: HashMap<String, Option<String>> =
            match self.client.records_by_ids(&self.module, ids, &fields).await {
                Ok(records) => records
                    .into_iter()
                    .map(|r| {
                        let m = r
                            .fields
                            .get("Modified_Time")
                            .and_then(Value::as_str)
                            .map(str::to_string);
                        (r.id, m)
                    })
                    .collect(),
                // Not known to be unchanged: not sent. Failed, not "not attempted": a resume
                // (which has no plan to check against) must not send them either.
                Err(e) => {
                    let message = format!(
                        "not sent: the records could not be read again before the call ({e})"
                    );
                    return Admitted {
                        send: Vec::new(),
                        refused: ids
                            .iter()
                            .map(|id| IdOutcome::Failed {
                                id: id.clone(),
                                code: e.code_str().to_string(),
                                message: message.clone(),
                                details: json!({ "id": id }),
                                hint: e.hint(),
                            })
                            .collect(),
                    };
                }
            };
        let mut out = Admitted::default();
        for id in ids {
            let reviewed = self.reviewed.get(id).cloned().flatten();
            match now.get(id) {
                None => out
                    .refused
                    .push(refusal(id, client_codes::GONE_SINCE_PLAN, None)),
                Some(current) if same_time(reviewed.as_deref(), current.as_deref()) => {
                    out.send.push(id.clone())
                }
                Some(current) => out.refused.push(refusal(
                    id,
                    client_codes::CHANGED_SINCE_PLAN,
                    Some((reviewed.as_deref(), current.as_deref())),
                )),
            }
        }
        out
    }
}

impl BatchGate for PlanGate {
    fn admit<'a>(&'a self, ids: &'a [String]) -> BoxFuture<'a, Admitted> {
        self.decide(ids).boxed()
    }
}

/// The same instant, however each side wrote its offset; unknown on either side is not the same.
pub fn same_time(reviewed: Option<&str>, current: Option<&str>) -> bool {
    match (reviewed, current) {
        (Some(a), Some(b)) => {
            a == b
                || matches!(
                    (
                        chrono::DateTime::parse_from_rfc3339(a),
                        chrono::DateTime::parse_from_rfc3339(b)
                    ),
                    (Ok(x), Ok(y)) if x == y
                )
        }
        _ => false,
    }
}

fn refusal(id: &str, code: &str, times: Option<(Option<&str>, Option<&str>)>) -> IdOutcome {
    let (message, details) = match times {
        None => (
            "not sent: the record is gone since the plan was made".to_string(),
            json!({ "id": id }),
        ),
        Some((was, now)) => (
            format!(
                "not sent: modified since the plan was made (Modified_Time {} in the plan, {} now)",
                was.unwrap_or("unknown"),
                now.unwrap_or("unknown")
            ),
            json!({ "id": id, "planned_modified_time": was, "modified_time": now }),
        ),
    };
    IdOutcome::Failed {
        id: id.to_string(),
        code: code.to_string(),
        message,
        details,
        hint: hint_for_code(code),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_compare_as_instants_and_unknown_is_never_unchanged() {
        assert!(same_time(
            Some("2024-01-15T10:20:30+05:30"),
            Some("2024-01-15T04:50:30Z")
        ));
        assert!(same_time(Some("x"), Some("x")));
        assert!(!same_time(
            Some("2024-01-15T10:20:30+05:30"),
            Some("2024-01-15T10:20:31+05:30")
        ));
        assert!(!same_time(None, Some("2024-01-15T10:20:30+05:30")));
        assert!(!same_time(None, None));
    }
}
