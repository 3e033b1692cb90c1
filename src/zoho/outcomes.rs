//! Every id's fate from a call's reply: matched by id, never guessed; a call that failed as a
//! whole fails each of its ids; ids never sent say why.

use std::collections::HashMap;

use serde_json::Value;

use super::error::{ZohoError, client_codes, hint_for_code};
use super::reply::ItemResult;
use super::types::IdOutcome;

/// Match the reply's items to the ids a call carried. An id without a result is never counted as
/// removed. A call of one id takes a lone result whatever id it names: delinks by external value
/// answer with the internal id, and their errors name the external field instead.
pub fn assign(ids: &[String], items: Vec<ItemResult>) -> Vec<IdOutcome> {
    assign_accepting(ids, items, false)
}

/// [`assign`], where `scheduled` also counts `SCHEDULED` (a restore queued as a job) as done.
pub fn assign_accepting(ids: &[String], items: Vec<ItemResult>, scheduled: bool) -> Vec<IdOutcome> {
    let lone = if ids.len() == 1 && items.len() == 1 {
        items.first().cloned()
    } else {
        None
    };
    let mut by_id: HashMap<String, ItemResult> = HashMap::new();
    for item in items {
        if let Some(id) = &item.id {
            by_id.entry(id.clone()).or_insert(item);
        }
    }
    ids.iter()
        .map(|id| match by_id.remove(id).or_else(|| lone.clone()) {
            Some(item) if item.success || (scheduled && item.code == "SCHEDULED") => {
                IdOutcome::Removed {
                    id: id.clone(),
                    message: item.message,
                }
            }
            Some(item) => IdOutcome::Failed {
                id: id.clone(),
                hint: hint_for_code(&item.code),
                code: item.code,
                message: item.message,
                details: item.details,
            },
            None => IdOutcome::Failed {
                id: id.clone(),
                code: client_codes::MISSING_RESULT.to_string(),
                message: "the reply carried no result for this id".to_string(),
                details: Value::Null,
                hint: hint_for_code(client_codes::MISSING_RESULT),
            },
        })
        .collect()
}

/// Every id of a call that ended with a request-level error.
pub fn fail_all(ids: &[String], err: &ZohoError) -> Vec<IdOutcome> {
    let (message, details) = match err {
        ZohoError::Api {
            message, details, ..
        } => (message.clone(), details.clone()),
        other => (other.to_string(), Value::Null),
    };
    ids.iter()
        .map(|id| IdOutcome::Failed {
            id: id.clone(),
            code: err.code_str(),
            message: message.clone(),
            details: details.clone(),
            hint: err.hint(),
        })
        .collect()
}

pub fn not_attempted(ids: &[String], reason: &str) -> Vec<IdOutcome> {
    ids.iter()
        .map(|id| IdOutcome::NotAttempted {
            id: id.clone(),
            reason: reason.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: Option<&str>, code: &str) -> ItemResult {
        ItemResult {
            id: id.map(str::to_string),
            success: code == "SUCCESS",
            code: code.to_string(),
            message: "m".to_string(),
            details: serde_json::json!({ "id": id }),
        }
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn missing_results_are_failures_not_removals() {
        let out = assign(
            &ids(&["1", "2", "3"]),
            vec![item(Some("1"), "SUCCESS"), item(Some("3"), "INVALID_DATA")],
        );
        assert!(out[0].is_removed());
        assert!(matches!(&out[1], IdOutcome::Failed { code, .. } if code == "MISSING_RESULT"));
        assert!(
            matches!(&out[2], IdOutcome::Failed { code, hint, .. } if code == "INVALID_DATA" && !hint.is_empty())
        );
    }

    #[test]
    fn a_lone_result_answers_a_lone_id() {
        let out = assign(
            &ids(&["extdeal3"]),
            vec![item(Some("111111000000094040"), "SUCCESS")],
        );
        assert!(out[0].is_removed());
        assert_eq!(out[0].id(), "extdeal3");
        // With several ids, an unmatched result is not guessed.
        let out = assign(
            &ids(&["1", "2"]),
            vec![item(None, "SUCCESS"), item(None, "SUCCESS")],
        );
        assert!(out.iter().all(|o| !o.is_removed()));
    }
}
