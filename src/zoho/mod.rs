//! The Zoho CRM API client: OAuth, removals, browsing.
//!
//! - `auth`: the access-token cache and its single-flight refresh;
//! - `transport`: one request with its retries; `reply`: reading replies;
//! - `ids`, `paths`: id lists and URL building; `removals`, `browse`: the operations;
//! - `engine`: running a removal's calls (retries, observer, stop); `settle`: what an answer
//!   that proves nothing becomes; `verify`: checking an uncertain outcome against the API;
//!   `lookups` (and `client_lookups`): recycle bin, fields, related ids; `relations` (and
//!   `client_relations`): a relation's own data, relinks and a deal's contact roles;
//!   `restore`: the recycle bin's restore; `detail`: one record
//!   with its field labels;
//! - `pace`: the adaptive in-flight limit of removals; `edition`: its ceiling, pinned or
//!   read from the org's edition;
//! - `count`: how many records a module (or a search, or a view) holds; `query`: selecting by a
//!   COQL where clause, search criteria or a custom view;
//! - `fields`: which fields to request per module; `error`: codes and hints.

pub mod auth;
pub mod bin;
pub mod browse;
pub mod client;
mod client_lookups;
mod client_relations;
pub mod count;
pub mod detail;
pub mod edition;
pub mod engine;
pub mod error;
pub mod fields;
mod gate;
pub mod ids;
pub mod lock;
pub mod lookups;
pub mod outcomes;
pub mod pace;
pub mod paths;
pub mod query;
pub mod recycle_bin;
pub mod related_counts;
pub mod relations;
pub mod removals;
pub mod reply;
pub mod restore;
mod settle;
pub mod transport;
pub mod types;
pub mod verify;

pub use client::{ClientConfig, DEFAULT_API_VERSION, ZohoClient};
pub use client_relations::deal_roles;
pub use detail::FieldMeta;
pub use engine::STOPPED_BY_ADMIN;
pub use error::client_codes;
pub use error::{ErrorCode, ZohoError};
pub use fields::display_fields;
pub use ids::MAX_IDS_PER_CALL;
pub use lock::{LOCK_FIELDS, LockState, cannot_delink, cannot_delink_why, lock_state};
pub use relations::{CONTACT_ROLES, RelationData, relation_fields};
pub use transport::{ClientOptions, ClientStats};
pub use types::*;
