//! Which org a connection reaches, as `GET /org` names it: the id a plan records so that it is
//! applied to that org and no other.

use serde_json::Value;

use crate::zoho::client::ZohoClient;
use crate::zoho::error::ZohoError;
use crate::zoho::reply::{Body, list, str_field};
use crate::zoho::transport::ApiRequest;

/// The org's own ids (`org[0].id`, `org[0].zgid`), when it gives them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgIdentity {
    pub id: Option<String>,
    pub zgid: Option<String>,
}

pub fn parse_org_identity(status: u16, body: &Body) -> Result<OrgIdentity, ZohoError> {
    let rows = list(status, body, "org")?;
    let org = rows.first().and_then(Value::as_object);
    let field = |k: &str| {
        org.and_then(|o| match o.get(k) {
            // Ids are strings in v2+; a number is read as written.
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => str_field(o, k),
        })
        .filter(|s| !s.is_empty())
    };
    Ok(OrgIdentity {
        id: field("id"),
        zgid: field("zgid"),
    })
}

impl ZohoClient {
    /// `GET /org`'s ids of the org this client reaches.
    pub async fn org_identity(&self) -> Result<OrgIdentity, ZohoError> {
        let url = self.base().url(&["org".into()], &[]);
        let reply = self.transport().send(&ApiRequest::get(url)).await?;
        parse_org_identity(reply.status, &reply.body)
    }
}
