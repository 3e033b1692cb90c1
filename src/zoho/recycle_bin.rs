//! The recycle bin as a list (`GET /settings/recycle_bin`, API v8): what was deleted, by whom,
//! when; for the TUI's Recycle Bin view. Restoring goes through `restore`.

use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

use super::ZohoClient;
use super::browse::page_info;
use super::error::ZohoError;
use super::reply::{Body, list, str_field};
use super::transport::ApiRequest;

/// Zoho keeps a deleted record in the bin this long, then purges it.
pub const BIN_DAYS: i64 = 60;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BinItem {
    pub id: String,
    pub name: String,
    /// The module's API name.
    pub module: String,
    /// As Zoho writes it.
    pub deleted_time: Option<String>,
    pub deleted_by: Option<String>,
}

impl BinItem {
    /// Days before Zoho purges it, counting the day under way (60 just after the delete, 1 on
    /// its last day, 0 once due); `None` when the time is unreadable.
    pub fn days_left(&self, now: DateTime<Utc>) -> Option<i64> {
        let deleted = DateTime::parse_from_rfc3339(self.deleted_time.as_deref()?).ok()?;
        let purge = deleted.with_timezone(&Utc) + TimeDelta::days(BIN_DAYS);
        let left = (purge - now).num_seconds().max(0);
        Some((left + 86_399) / 86_400)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BinPage {
    pub items: Vec<BinItem>,
    pub more: bool,
}

pub fn parse_bin_page(status: u16, body: &Body) -> Result<BinPage, ZohoError> {
    let items = list(status, body, "recycle_bin")?
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|e| {
            let name_of = |k: &str| {
                e.get(k)
                    .and_then(Value::as_object)
                    .and_then(|o| str_field(o, "name").or_else(|| str_field(o, "api_name")))
            };
            Some(BinItem {
                id: str_field(e, "id")?,
                name: str_field(e, "display_name").unwrap_or_default(),
                module: e
                    .get("module")
                    .and_then(Value::as_object)
                    .and_then(|m| str_field(m, "api_name"))?,
                deleted_time: str_field(e, "deleted_time"),
                deleted_by: name_of("deleted_by"),
            })
        })
        .collect();
    Ok(BinPage {
        items,
        more: page_info(body).more_records,
    })
}

impl ZohoClient {
    /// One page (200 entries) of the bin, of one module or of all. v8 only: older versions have
    /// no such call, and the error says so.
    pub async fn recycle_bin_page(
        &self,
        module: Option<&str>,
        page: u32,
    ) -> Result<BinPage, ZohoError> {
        if self.config().api_version < 8 {
            return Err(ZohoError::InvalidInput(format!(
                "the recycle bin can be listed with API v8 only (this profile uses v{}): \
                 set api_version = 8",
                self.config().api_version
            )));
        }
        let mut query = vec![("per_page", "200".to_string()), ("page", page.to_string())];
        if let Some(m) = module {
            query.push(("module", super::paths::segment(m, "module name")?));
        }
        let url = self
            .base()
            .url(&["settings".into(), "recycle_bin".into()], &query);
        let reply = self.transport().send(&ApiRequest::get(url)).await?;
        parse_bin_page(reply.status, &reply.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn entries_are_read_and_days_left_count_down_from_sixty() {
        let body = Some(json!({"recycle_bin": [
            {"id": "1", "display_name": "Chloe", "deleted_time": "2026-11-01T00:00:00+00:00",
             "module": {"api_name": "Leads", "id": "9"}, "deleted_by": {"name": "Priya", "id": "2"}},
            {"id": "2", "module": {"id": "9"}}
        ], "info": {"more_records": true}}));
        let p = parse_bin_page(200, &body).unwrap();
        assert!(p.more);
        assert_eq!(
            p.items.len(),
            1,
            "an entry without its module is not listed"
        );
        let now = DateTime::parse_from_rfc3339("2026-11-11T12:00:00+00:00")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(p.items[0].days_left(now), Some(50));
        assert_eq!(p.items[0].deleted_by.as_deref(), Some("Priya"));
        assert_eq!(parse_bin_page(204, &None).unwrap().items, Vec::new());
    }
}
