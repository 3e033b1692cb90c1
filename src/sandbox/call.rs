//! What every handler works from: one API call (method, query, headers, body, the calling user,
//! the time) and the id rules they share. Handlers import this, never the router that calls
//! them.

use axum::http::{HeaderMap, Method};
use serde_json::Value;

use super::seed::UserSeed;

/// One API call as the handlers see it.
pub struct Call<'a> {
    pub method: &'a Method,
    pub query: Vec<(String, String)>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    pub user: UserSeed,
    /// The time of the call, as Zoho writes times (`2026-11-23T01:02:03+00:00`).
    pub now: String,
}

impl Call<'_> {
    /// A query parameter; repeated ones (`ids=1&ids=2`, as some SDKs send) are joined by commas.
    pub fn param(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    }

    /// A boolean parameter: `true`/`false` in any letter case (Zoho's Python SDK sends `True`);
    /// `Err` for anything else.
    pub fn bool_param(&self, name: &str) -> Result<Option<bool>, ()> {
        match self.param(name) {
            None => Ok(None),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(Some(false)),
            Some(_) => Err(()),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn deleted_by(&self) -> (String, String) {
        (self.user.full_name.clone(), self.user.id.clone())
    }

    /// Whether the caller may remove a record with these fields (private data sharing).
    pub fn may_touch(&self, fields: &serde_json::Map<String, Value>) -> bool {
        !self.user.own_records_only
            || fields
                .get("Owner")
                .and_then(|o| o.get("id"))
                .and_then(Value::as_str)
                == Some(self.user.id.as_str())
    }

    pub fn user_json(&self) -> Value {
        serde_json::json!({ "name": self.user.full_name, "id": self.user.id })
    }
}

pub fn split_ids(ids: &str) -> Vec<String> {
    ids.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn is_numeric_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit())
}
