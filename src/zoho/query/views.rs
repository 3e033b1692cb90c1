//! A module's custom views: `GET /settings/custom_views?module=`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::zoho::client::ZohoClient;
use crate::zoho::error::ZohoError;
use crate::zoho::paths::segment;
use crate::zoho::reply::{Body, list, str_field};
use crate::zoho::transport::ApiRequest;

/// One custom view as the list offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomView {
    pub id: String,
    /// `display_value`, else `name`.
    pub name: String,
    /// The module's default view.
    pub default: bool,
    /// Zoho's own views carry a `system_name` (e.g. `ALLVIEWS`).
    pub system: bool,
}

pub fn parse_custom_views(status: u16, body: &Body) -> Result<Vec<CustomView>, ZohoError> {
    list(status, body, "custom_views")?
        .iter()
        .map(|v| {
            let obj = v.as_object().ok_or_else(|| ZohoError::Malformed {
                status,
                reason: "a custom view is not an object".into(),
            })?;
            let id = str_field(obj, "id").ok_or_else(|| ZohoError::Malformed {
                status,
                reason: "a custom view has no id".into(),
            })?;
            let name = str_field(obj, "display_value")
                .or_else(|| str_field(obj, "name"))
                .unwrap_or_else(|| id.clone());
            Ok(CustomView {
                id,
                name,
                default: obj.get("default").and_then(Value::as_bool).unwrap_or(false),
                system: obj
                    .get("system_name")
                    .is_some_and(|s| s.as_str().is_some_and(|s| !s.is_empty())),
            })
        })
        .collect()
}

impl ZohoClient {
    /// The views of `module`, in the order Zoho lists them.
    pub async fn custom_views(&self, module: &str) -> Result<Vec<CustomView>, ZohoError> {
        let module = segment(module, "module name")?;
        let url = self.base().url(
            &["settings".to_string(), "custom_views".to_string()],
            &[("module", module)],
        );
        let reply = self.transport().send(&ApiRequest::get(url)).await?;
        parse_custom_views(reply.status, &reply.body)
    }
}
