//! Plain data the client hands to its callers (the TUI, the scriptable commands).
//! Nothing here performs I/O.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

mod run;
pub use run::*;

/// A secret string (access token, refresh token, client secret).
///
/// `Debug` and `Display` print a fixed placeholder so a secret can never leak through a log line,
/// a panic message or a `{:?}` of a struct holding it. Call [`Secret::expose`] only where the
/// value goes on the wire.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("****")
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}

/// OAuth client credentials of a self-client.
#[derive(Clone, Debug, Default)]
pub struct Credentials {
    pub client_id: String,
    pub client_secret: Secret,
    pub refresh_token: Secret,
}

/// Where the API and the accounts (OAuth) server live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    /// e.g. `https://www.zohoapis.com` (no trailing slash, no `/crm`).
    pub api_domain: String,
    /// e.g. `https://accounts.zoho.com` (no trailing slash).
    pub accounts_url: String,
}

/// A module as listed by `GET /settings/modules`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleInfo {
    pub api_name: String,
    pub module_name: String,
    pub plural_label: String,
    pub singular_label: String,
    pub id: String,
    pub api_supported: bool,
    pub deletable: bool,
}

/// A related list as listed by `GET /settings/related_lists?module=X`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedListInfo {
    pub id: String,
    /// The name used in URLs (`/{module}/{id}/{api_name}`).
    pub api_name: String,
    pub display_label: String,
    /// The module the related records belong to (e.g. `Contacts`), when the list has one.
    pub module: Option<String>,
    /// Whether the API lets this relation be removed (delinked).
    pub can_delink: bool,
}

/// The fields [`Record::display_name`] reads, in its order: `Full_Name`, then `First_Name` and
/// `Last_Name`, then the others, the first set one winning.
pub const NAME_FIELDS: [&str; 13] = [
    "Full_Name",
    "First_Name",
    "Last_Name",
    "Account_Name",
    "Deal_Name",
    "Campaign_Name",
    "Product_Name",
    "Price_Book_Name",
    "Subject",
    "Appointment_Name",
    "Service_Name",
    "Vendor_Name",
    "Name",
];

/// One record: its id plus whatever fields were asked for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub fields: Map<String, Value>,
}

impl Record {
    /// A human name for the record: `Full_Name`, `Last_Name`+`First_Name`, `Account_Name`,
    /// `Deal_Name`, `Campaign_Name`, `Product_Name`, `Price_Book_Name`, `Subject`, `Appointment_Name`,
    /// `Service_Name`, `Name`, else the id.
    pub fn display_name(&self) -> String {
        let text = |k: &str| {
            self.fields.get(k).and_then(|v| match v {
                Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
        };
        if let Some(n) = text("Full_Name") {
            return n;
        }
        match (text("First_Name"), text("Last_Name")) {
            (Some(f), Some(l)) => return format!("{f} {l}"),
            (None, Some(l)) => return l,
            _ => {}
        }
        for k in &NAME_FIELDS[3..] {
            if let Some(n) = text(k) {
                return n;
            }
        }
        self.id.clone()
    }
}

/// One page of records (`GET /{module}` or related records).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub records: Vec<Record>,
    /// `info.more_records`.
    pub more_records: bool,
    /// `info.page` when the server reported it.
    pub page: Option<u32>,
    /// `info.next_page_token` (needed beyond 2,000 records).
    pub next_page_token: Option<String>,
}

/// How to ask for a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// API names of the fields to return (required by the API; at most 50).
    pub fields: Vec<String>,
    /// 1-based page number; ignored when `page_token` is set.
    pub page: u32,
    /// At most 200.
    pub per_page: u32,
    pub page_token: Option<String>,
    /// `sort_by` and `sort_order`: honoured by `GET /{module}` only.
    pub sort: Option<ServerSort>,
}

/// A server-side order: `sort_by` is one of `id`, `Created_Time`, `Modified_Time`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerSort {
    pub by: String,
    pub ascending: bool,
}

impl PageRequest {
    pub fn first(fields: Vec<String>) -> Self {
        Self {
            fields,
            page: 1,
            per_page: 200,
            page_token: None,
            sort: None,
        }
    }
}

/// A search of a module (`GET /{module}/search`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchQuery {
    /// `word=` : free text over the module's text fields.
    Word(String),
    /// `email=`
    Email(String),
    /// `phone=`
    Phone(String),
    /// `criteria=` in Zoho's syntax, e.g. `(Last_Name:equals:Doe)`.
    Criteria(String),
}

/// A contact role (`GET /Contacts/roles`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRole {
    pub id: String,
    pub name: String,
    pub sequence_number: Option<i64>,
}

/// A delink addressed by external ids (`X-EXTERNAL: {module}.{external_field}`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalDelink {
    /// Base module, e.g. `Contacts`.
    pub module: String,
    /// External-id field of the base module, e.g. `External_Contact_ID`.
    pub external_field: String,
    /// Value of that field on the base record, e.g. `extcontact3`.
    pub external_value: String,
    /// Related list, e.g. `Deals`.
    pub related_list: String,
    /// External value of the related record, e.g. `extdeal3`.
    pub related_external_value: String,
}

/// The fate of one id in a removal.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum IdOutcome {
    /// The server answered `SUCCESS` for this id.
    Removed { id: String, message: String },
    /// The server answered an error for this id, or the whole call carrying it failed.
    Failed {
        id: String,
        /// Zoho's `code`, e.g. `INVALID_DATA`, `RECORD_LOCKED`, `NO_PERMISSION`.
        code: String,
        message: String,
        details: Value,
        /// One line, in our words, telling the admin what to do.
        hint: String,
    },
    /// Never sent: an earlier failure made the rest pointless (e.g. the token was refused).
    NotAttempted { id: String, reason: String },
}

impl IdOutcome {
    pub fn id(&self) -> &str {
        match self {
            IdOutcome::Removed { id, .. }
            | IdOutcome::Failed { id, .. }
            | IdOutcome::NotAttempted { id, .. } => id,
        }
    }
    pub fn is_removed(&self) -> bool {
        matches!(self, IdOutcome::Removed { .. })
    }
}

/// What a removal did: one outcome per distinct id, in the order the ids were given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RemovalReport {
    pub outcomes: Vec<IdOutcome>,
    /// How many HTTP calls carried removals (each with at most 100 ids).
    pub calls: usize,
}

impl RemovalReport {
    pub fn removed(&self) -> usize {
        self.outcomes.iter().filter(|o| o.is_removed()).count()
    }
    pub fn failed(&self) -> usize {
        self.outcomes.len() - self.removed()
    }
}

/// One removal, whatever its kind: what the journal records and `ZohoClient::remove` runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Removal {
    DeleteRecords {
        module: String,
        ids: Vec<String>,
        wf_trigger: bool,
    },
    Delink {
        module: String,
        record_id: String,
        related_list: String,
        ids: Vec<String>,
    },
    DelinkExternal(ExternalDelink),
    DeleteContactRoles {
        ids: Vec<String>,
    },
}

impl Removal {
    /// The ids removed; for a delink by external id, the related record's external value.
    pub fn ids(&self) -> Vec<String> {
        match self {
            Removal::DeleteRecords { ids, .. }
            | Removal::Delink { ids, .. }
            | Removal::DeleteContactRoles { ids } => ids.clone(),
            Removal::DelinkExternal(e) => vec![e.related_external_value.clone()],
        }
    }

    /// The same target with other ids (to resume the rest of an operation). A delink by
    /// external id has one fixed target and comes back unchanged.
    pub fn with_ids(&self, new_ids: Vec<String>) -> Removal {
        let mut out = self.clone();
        match &mut out {
            Removal::DeleteRecords { ids, .. }
            | Removal::Delink { ids, .. }
            | Removal::DeleteContactRoles { ids } => *ids = new_ids,
            Removal::DelinkExternal(_) => {}
        }
        out
    }
}

#[cfg(test)]
mod tests;
