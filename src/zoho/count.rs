//! How many records a module holds: `GET /{module}/actions/count`, for all of them, those a
//! search matches, or those of a custom view.

use serde_json::Value;

use super::client::ZohoClient;
use super::error::ZohoError;
use super::paths::segment;
use super::reply::Body;
use super::transport::ApiRequest;
use super::types::SearchQuery;

/// Which records to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountFilter {
    All,
    /// Those the search API would find (`criteria`, `email`, `phone` or `word`).
    Search(SearchQuery),
    /// Those of the custom view with this id (`cvid`).
    View(String),
}

impl CountFilter {
    fn query(&self) -> Result<Vec<(&'static str, String)>, ZohoError> {
        let (name, value) = match self {
            CountFilter::All => return Ok(Vec::new()),
            CountFilter::Search(SearchQuery::Word(v)) => ("word", v),
            CountFilter::Search(SearchQuery::Email(v)) => ("email", v),
            CountFilter::Search(SearchQuery::Phone(v)) => ("phone", v),
            CountFilter::Search(SearchQuery::Criteria(v)) => ("criteria", v),
            CountFilter::View(v) => ("cvid", v),
        };
        let value = value.trim();
        if value.is_empty() {
            return Err(ZohoError::InvalidInput(format!("empty count {name}")));
        }
        Ok(vec![(name, value.to_string())])
    }
}

/// `{"count": N}`, N a number or (as some answers write it) a string of digits; a 204 is 0.
pub fn parse_count(status: u16, body: &Body) -> Result<u64, ZohoError> {
    let Some(body) = body else {
        return Ok(0);
    };
    let malformed = |reason: &str| ZohoError::Malformed {
        status,
        reason: reason.to_string(),
    };
    match body.get("count") {
        Some(Value::Number(n)) => n
            .as_u64()
            .ok_or_else(|| malformed("`count` is not a whole number")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map_err(|_| malformed("`count` is not a whole number")),
        _ => Err(malformed("the answer has no `count`")),
    }
}

impl ZohoClient {
    /// How many records of `module` match `filter`.
    pub async fn count_records(
        &self,
        module: &str,
        filter: &CountFilter,
    ) -> Result<u64, ZohoError> {
        let segs = [
            segment(module, "module name")?,
            "actions".to_string(),
            "count".to_string(),
        ];
        let url = self.base().url(&segs, &filter.query()?);
        let reply = self.transport().send(&ApiRequest::get(url)).await?;
        parse_count(reply.status, &reply.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn count_is_read_as_a_number_or_a_string() {
        assert_eq!(
            parse_count(200, &Some(json!({ "count": 42 }))).ok(),
            Some(42)
        );
        assert_eq!(
            parse_count(200, &Some(json!({ "count": "42" }))).ok(),
            Some(42)
        );
        assert_eq!(parse_count(204, &None).ok(), Some(0));
        assert!(parse_count(200, &Some(json!({ "count": "many" }))).is_err());
        assert!(parse_count(200, &Some(json!({ "count": -1 }))).is_err());
        assert!(parse_count(200, &Some(json!({}))).is_err());
    }
}
