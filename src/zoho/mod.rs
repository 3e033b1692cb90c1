//! The Zoho CRM API client: OAuth, removals, browsing.
//!
//! - `auth`: the access-token cache and its single-flight refresh;
//! - `transport`: one request with its retries; `reply`: reading replies;
//! - `ids`, `paths`: id lists and URL building; `removals`, `browse`: the operations;
//! - `fields`: which fields to request per module; `error`: codes and hints.

pub mod auth;
pub mod browse;
pub mod client;
pub mod error;
pub mod fields;
pub mod ids;
pub mod paths;
pub mod removals;
pub mod reply;
pub mod transport;
pub mod types;

pub use client::{ClientConfig, DEFAULT_API_VERSION, ZohoClient};
pub use error::{ErrorCode, ZohoError};
pub use fields::display_fields;
pub use ids::MAX_IDS_PER_CALL;
pub use transport::{ClientOptions, ClientStats};
pub use types::*;
