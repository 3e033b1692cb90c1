//! Restoring deleted records from the recycle bin: the undo of a record delete (API v8).

use super::error::ZohoError;
use super::ids::{chunk_ids, prepare_ids};
use super::paths::ApiBase;
use super::removals::{Plan, Verify};
use super::transport::ApiRequest;

/// `POST /settings/recycle_bin/actions/restore` with `{"ids":[..]}`, at most 100 ids per call
/// (API v8 only; the caller checks the version).
pub fn plan_restore(base: &ApiBase, ids: &[String]) -> Result<Plan, ZohoError> {
    let ids = prepare_ids(ids, "record ids")?;
    let segs = [
        "settings".to_string(),
        "recycle_bin".to_string(),
        "actions".to_string(),
        "restore".to_string(),
    ];
    let calls = chunk_ids(&ids)
        .into_iter()
        .map(|chunk| {
            let body = serde_json::json!({ "ids": chunk });
            (chunk, ApiRequest::post_json(base.url(&segs, &[]), &body))
        })
        .collect();
    Ok(Plan {
        result_key: "recycle_bin",
        calls,
        // Restoring twice answers INVALID_DATA ("not in the recycle bin"), like a purged or
        // unknown id: no read tells a restored record from one never deleted.
        verify: Verify::Unverifiable,
        accept_scheduled: true,
    })
}
