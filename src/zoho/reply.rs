//! Reading the API's replies: request-level errors, per-id results. Pure functions, no I/O.

use serde_json::{Map, Value};

use super::error::{ErrorCode, ZohoError};

/// The body of a reply, once the request-level error case is out of the way.
/// `None`: a 204, Zoho's one empty answer (an empty list; a 204 body is never parsed).
pub type Body = Option<Value>;

/// Classify a reply: a 204 is empty, any other empty answer is unreadable (a proxy or load
/// balancer cut it: the call may have been carried out, and a read proves nothing), a
/// request-level error (`{"code","details","message",
/// "status":"error"}`) becomes [`ZohoError::Api`], anything unreadable [`ZohoError::Malformed`].
/// Per-id results (`data`/`contact_roles` arrays) come back as the body whatever the status
/// (200, 207 or 400), for the caller to walk.
pub fn classify(status: u16, body: &[u8]) -> Result<Body, ZohoError> {
    if status == 204 {
        return Ok(None);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(unreadable(
            status,
            format!("empty answer with HTTP {status}"),
        ));
    }
    let parsed: Result<Value, _> = serde_json::from_slice(body);
    let value = match parsed {
        Ok(v) => v,
        Err(e) => return Err(unreadable(status, format!("not JSON: {e}"))),
    };
    if let Some(obj) = value.as_object() {
        let has_results = RESULT_KEYS
            .iter()
            .any(|k| obj.get(*k).is_some_and(Value::is_array));
        if !has_results && let Some(code) = obj.get("code").and_then(Value::as_str) {
            let is_error = obj.get("status").and_then(Value::as_str) == Some("error")
                || !(200..300).contains(&status);
            if is_error {
                return Err(ZohoError::Api {
                    status,
                    code: ErrorCode::parse(code),
                    message: obj
                        .get("message")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                    details: obj.get("details").cloned().unwrap_or(Value::Null),
                });
            }
        }
        if !has_results && !(200..300).contains(&status) {
            return Err(unreadable(status, "error reply without a code".into()));
        }
    } else if !(200..300).contains(&status) {
        return Err(unreadable(status, "error reply is not an object".into()));
    }
    Ok(Some(value))
}

/// An unreadable reply. A 429 or 5xx keeps its meaning even when its body is unreadable (a proxy
/// may answer those with HTML), so the caller can still back off or report the server's failure.
fn unreadable(status: u16, reason: String) -> ZohoError {
    let code = match status {
        429 => Some(ErrorCode::TooManyRequests),
        500..=599 => Some(ErrorCode::InternalError),
        _ => None,
    };
    match code {
        Some(code) => ZohoError::Api {
            status,
            code,
            message: format!("HTTP {status}, {reason}"),
            details: Value::Null,
        },
        None => ZohoError::Malformed { status, reason },
    }
}

/// Keys under which the API lists per-id results: removals, contact roles, the recycle bin.
pub const RESULT_KEYS: [&str; 3] = ["data", "contact_roles", "recycle_bin"];

/// One per-id result of a removal.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemResult {
    /// `details.id` (string or number), when present.
    pub id: Option<String>,
    /// `code == "SUCCESS"` and `status` not `"error"`: only then is an id counted as removed.
    pub success: bool,
    pub code: String,
    pub message: String,
    pub details: Value,
}

/// Read the per-id results under `key` (`data`, or `contact_roles` for contact roles; the other
/// key is accepted too). `None` (204/empty) gives no items.
pub fn items(status: u16, body: &Body, key: &str) -> Result<Vec<ItemResult>, ZohoError> {
    let Some(value) = body else {
        return Ok(Vec::new());
    };
    let malformed = |reason: &str| ZohoError::Malformed {
        status,
        reason: reason.to_string(),
    };
    let obj = value
        .as_object()
        .ok_or_else(|| malformed("reply is not an object"))?;
    // The asked key first, then any other result key (Zoho is not always consistent).
    let list = obj
        .get(key)
        .or_else(|| RESULT_KEYS.iter().find_map(|k| obj.get(*k)))
        .ok_or_else(|| malformed(&format!("reply has no `{key}` list")))?
        .as_array()
        .ok_or_else(|| malformed(&format!("`{key}` is not a list")))?;
    list.iter()
        .map(|item| {
            let item = item
                .as_object()
                .ok_or_else(|| malformed("a result is not an object"))?;
            let code = item
                .get("code")
                .and_then(Value::as_str)
                .ok_or_else(|| malformed("a result has no code"))?
                .to_string();
            let item_status = item.get("status").and_then(Value::as_str).unwrap_or("");
            let details = item.get("details").cloned().unwrap_or(Value::Null);
            Ok(ItemResult {
                id: details.get("id").and_then(id_of),
                success: code == "SUCCESS" && item_status != "error",
                message: item
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                code,
                details,
            })
        })
        .collect()
}

/// An id as Zoho writes it: a string, or (in older answers) a number, never through a float.
pub fn id_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) if n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

/// `details.limit`, given as a string or an integer.
pub fn limit_of(details: &Value) -> Option<u64> {
    match details.get("limit")? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The array under `key`, or an empty one for an empty reply.
pub fn list<'a>(status: u16, body: &'a Body, key: &str) -> Result<&'a [Value], ZohoError> {
    let Some(value) = body else {
        return Ok(&[]);
    };
    match value.get(key) {
        Some(Value::Array(a)) => Ok(a),
        // Zoho sometimes answers an empty list as `{"key": null}` or omits it.
        Some(Value::Null) | None if value.is_object() => Ok(&[]),
        _ => Err(ZohoError::Malformed {
            status,
            reason: format!("`{key}` is not a list"),
        }),
    }
}

/// An object's string field, or a number's text.
pub fn str_field(obj: &Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_204_is_empty_whatever_its_body() {
        assert_eq!(classify(204, b"garbage{").unwrap(), None);
        // Only a 204 is empty on purpose: an empty 200 or 207 is an answer lost on the way.
        for status in [200, 201, 207] {
            assert!(matches!(
                classify(status, b" \n"),
                Err(ZohoError::Malformed { .. })
            ));
        }
    }

    #[test]
    fn request_level_errors_are_typed() {
        let e = classify(
            400,
            br#"{"code":"LIMIT_EXCEEDED","details":{"limit":"100","param_name":"ids"},"message":"Limit Exceeded","status":"error"}"#,
        )
        .unwrap_err();
        let ZohoError::Api {
            status,
            code,
            details,
            ..
        } = e
        else {
            panic!()
        };
        assert_eq!((status, code), (400, ErrorCode::LimitExceeded));
        assert_eq!(limit_of(&details), Some(100));
        assert_eq!(limit_of(&serde_json::json!({"limit": 100})), Some(100));
        let e = classify(401, br#"{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}"#)
            .unwrap_err();
        assert!(matches!(
            e,
            ZohoError::Api {
                code: ErrorCode::InvalidToken,
                ..
            }
        ));
    }

    #[test]
    fn mixed_results_are_walked_whatever_the_status() {
        let body = br#"{"data":[{"status":"success","code":"SUCCESS","message":"record deleted","details":{"id":"410405000002264040"}},{"status":"error","code":"INVALID_DATA","message":"record not deleted","details":{"id":"4150868000005067099"}}]}"#;
        for status in [200, 207, 400] {
            let b = classify(status, body).unwrap();
            let it = items(status, &b, "data").unwrap();
            assert_eq!(it.len(), 2);
            assert!(it[0].success && !it[1].success);
            assert_eq!(it[1].code, "INVALID_DATA");
            assert_eq!(it[1].id.as_deref(), Some("4150868000005067099"));
        }
    }

    #[test]
    fn contact_roles_key_is_read() {
        let body = br#"{"contact_roles":[{"code":"SUCCESS","details":{"id":"4150868000001015046"},"message":"contact role deleted","status":"success"}]}"#;
        let b = classify(200, body).unwrap();
        let it = items(200, &b, "contact_roles").unwrap();
        assert_eq!(it[0].id.as_deref(), Some("4150868000001015046"));
    }

    #[test]
    fn success_needs_the_success_code() {
        let body = br#"{"data":[{"status":"success","code":"SCHEDULED","message":"x","details":{"id":"1"}}]}"#;
        let b = classify(200, body).unwrap();
        assert!(!items(200, &b, "data").unwrap()[0].success);
    }

    #[test]
    fn unreadable_replies_are_malformed_or_keep_their_status_meaning() {
        assert!(matches!(
            classify(200, b"{\"data\":[{\"co"),
            Err(ZohoError::Malformed { .. })
        ));
        assert!(matches!(
            classify(400, b"<html>"),
            Err(ZohoError::Malformed { .. })
        ));
        assert!(matches!(
            classify(503, b"<html>"),
            Err(ZohoError::Api {
                code: ErrorCode::InternalError,
                ..
            })
        ));
        assert!(matches!(
            classify(429, b""),
            Err(ZohoError::Api {
                code: ErrorCode::TooManyRequests,
                ..
            })
        ));
        let b = classify(200, b"{\"data\":[1]}").unwrap();
        assert!(matches!(
            items(200, &b, "data"),
            Err(ZohoError::Malformed { .. })
        ));
        let b = classify(200, b"{\"data\":7}").unwrap();
        assert!(matches!(
            items(200, &b, "data"),
            Err(ZohoError::Malformed { .. })
        ));
    }

    #[test]
    fn numeric_ids_keep_every_digit() {
        let v: Value = serde_json::from_str("4150868000005067099").unwrap();
        assert_eq!(id_of(&v).as_deref(), Some("4150868000005067099"));
        assert_eq!(id_of(&serde_json::json!(1.5)), None);
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(status in 100u16..600, body in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(b) = classify(status, &body) {
                let _ = items(status, &b, "data");
                let _ = list(status, &b, "modules");
            }
        }

        #[test]
        fn arbitrary_json_never_panics(status in 100u16..600, v in arb_json()) {
            let body = serde_json::to_vec(&v).unwrap();
            if let Ok(b) = classify(status, &body) {
                let _ = items(status, &b, "data");
                let _ = items(status, &b, "contact_roles");
                let _ = list(status, &b, "data");
            }
        }
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            prop_oneof![
                Just("SUCCESS".to_string()),
                Just("error".to_string()),
                Just("success".to_string()),
                Just("INVALID_DATA".to_string()),
                "[0-9]{1,19}",
                ".*"
            ]
            .prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 40, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(
                    prop_oneof![
                        Just("data".to_string()),
                        Just("contact_roles".to_string()),
                        Just("code".to_string()),
                        Just("status".to_string()),
                        Just("details".to_string()),
                        Just("id".to_string()),
                        Just("message".to_string()),
                        "[a-z]{1,6}"
                    ],
                    inner,
                    0..6
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
