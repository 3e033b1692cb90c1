//! What the record detail popup reads: one record with every field (`GET /{module}/{id}`) and
//! the module's field metadata (`GET /settings/fields?module=`), for labels and data types.

use serde_json::Value;

use super::client::ZohoClient;
use super::error::ZohoError;
use super::paths::segment;
use super::reply::{Body, list, str_field};
use super::transport::ApiRequest;
use super::types::Record;

/// One field of a module as its metadata describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldMeta {
    pub api_name: String,
    /// What Zoho's UI calls it ("Lead Status").
    pub label: String,
    /// Zoho's `data_type`: `text`, `picklist`, `datetime`, `lookup`, `currency`, `boolean`...
    pub data_type: String,
}

/// `{"fields":[{"api_name","field_label","data_type"},..]}`, in order.
pub fn parse_field_meta(status: u16, body: &Body) -> Result<Vec<FieldMeta>, ZohoError> {
    Ok(list(status, body, "fields")?
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|f| {
            let api_name = str_field(f, "api_name").filter(|n| !n.is_empty())?;
            let label = str_field(f, "field_label")
                .or_else(|| str_field(f, "display_label"))
                .unwrap_or_else(|| api_name.replace('_', " "));
            let data_type = str_field(f, "data_type").unwrap_or_default();
            Some(FieldMeta {
                api_name,
                label,
                data_type,
            })
        })
        .collect())
}

/// `{"data":[{...}]}` -> the record; `None` when the answer holds none (204: gone or never
/// there).
pub fn parse_record(status: u16, body: &Body) -> Result<Option<Record>, ZohoError> {
    let data = list(status, body, "data")?;
    let Some(fields) = data.first().and_then(Value::as_object) else {
        return Ok(None);
    };
    let Some(id) = str_field(fields, "id").filter(|i| !i.is_empty()) else {
        return Err(ZohoError::Malformed {
            status,
            reason: "a record without an id".into(),
        });
    };
    Ok(Some(Record {
        id,
        fields: fields.clone(),
    }))
}

/// Zoho's web UI for an API domain: `https://www.zohoapis.eu` -> `https://crm.zoho.eu`
/// (Canada: `crm.zohocloud.ca`); `None` for anything else (a sandbox, a proxy).
pub fn web_base(api_domain: &str) -> Option<String> {
    let host = api_domain.trim_end_matches('/').strip_prefix("https://")?;
    let tld = host
        .strip_prefix("www.zohoapis.")
        .or_else(|| host.strip_prefix("zohoapis."))?;
    if tld.is_empty() || tld.contains('/') {
        return None;
    }
    Some(match tld {
        "ca" => "https://crm.zohocloud.ca".to_string(),
        _ => format!("https://crm.zoho.{tld}"),
    })
}

/// `{"org":[{"domain_name":..}]}` -> the org's domain name, as the web UI's URLs carry it.
pub fn parse_org_domain(status: u16, body: &Body) -> Result<Option<String>, ZohoError> {
    Ok(list(status, body, "org")?
        .first()
        .and_then(Value::as_object)
        .and_then(|o| str_field(o, "domain_name"))
        .filter(|d| !d.is_empty()))
}

impl ZohoClient {
    /// The org's domain name (`GET /org`), for links into Zoho's web UI.
    pub async fn org_domain(&self) -> Result<Option<String>, ZohoError> {
        let url = self.base().url(&["org".into()], &[]);
        let reply = self.transport().send(&ApiRequest::get(url)).await?;
        parse_org_domain(reply.status, &reply.body)
    }

    /// The record's page in Zoho's web UI, when the API domain is Zoho's and the org says its
    /// domain name.
    pub async fn web_url(&self, module: &str, id: &str) -> Option<String> {
        let base = web_base(&self.config().endpoints.api_domain)?;
        let org = self.org_domain().await.ok().flatten()?;
        Some(format!("{base}/crm/{org}/tab/{module}/{id}"))
    }

    /// The module's fields with their labels and data types.
    pub async fn field_meta(&self, module: &str) -> Result<Vec<FieldMeta>, ZohoError> {
        segment(module, "module name")?;
        let url = self.base().url(
            &["settings".into(), "fields".into()],
            &[("module", module.to_string())],
        );
        let reply = self.transport().send(&ApiRequest::get(url)).await?;
        parse_field_meta(reply.status, &reply.body)
    }

    /// One record with every field, or `None` when there is none with that id.
    pub async fn record(&self, module: &str, id: &str) -> Result<Option<Record>, ZohoError> {
        let url = self.base().url(
            &[segment(module, "module name")?, segment(id, "record id")?],
            &[],
        );
        let reply = self.transport().send(&ApiRequest::get(url)).await?;
        parse_record(reply.status, &reply.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn labels_and_types_come_from_the_metadata() {
        let body = Some(json!({"fields": [
            {"api_name": "Lead_Status", "field_label": "Lead Status", "data_type": "picklist"},
            {"api_name": "Email"},
            {"field_label": "no name"}
        ]}));
        let f = parse_field_meta(200, &body).unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].label, "Lead Status");
        assert_eq!(f[0].data_type, "picklist");
        assert_eq!(f[1].label, "Email");
    }

    #[test]
    fn the_web_ui_follows_the_data_center() {
        assert_eq!(
            web_base("https://www.zohoapis.eu/").as_deref(),
            Some("https://crm.zoho.eu")
        );
        assert_eq!(
            web_base("https://www.zohoapis.com.au").as_deref(),
            Some("https://crm.zoho.com.au")
        );
        assert_eq!(
            web_base("https://www.zohoapis.ca").as_deref(),
            Some("https://crm.zohocloud.ca")
        );
        assert_eq!(web_base("http://127.0.0.1:8088"), None);
        assert_eq!(web_base("https://proxy.example.com"), None);
        let org = Some(json!({"org": [{"domain_name": "org60012345"}]}));
        assert_eq!(
            parse_org_domain(200, &org).unwrap().as_deref(),
            Some("org60012345")
        );
        assert_eq!(parse_org_domain(204, &None).unwrap(), None);
    }

    #[test]
    fn a_record_or_none_or_malformed() {
        let one = Some(json!({"data": [{"id": "1", "Last_Name": "X"}]}));
        assert_eq!(parse_record(200, &one).unwrap().unwrap().id, "1");
        assert_eq!(parse_record(204, &None).unwrap(), None);
        let bad = Some(json!({"data": [{"Last_Name": "X"}]}));
        assert!(parse_record(200, &bad).is_err());
        assert!(parse_record(200, &Some(json!({"data": 3}))).is_err());
    }
}
