//! Checking against the API whether a removal whose answer was lost did land. Only positive
//! evidence counts: an id is confirmed removed when the API shows it gone *and* shows it was
//! there to remove; everything else stays as answered or becomes unknown.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::error::ZohoError;
use super::lookups;
use super::paths::ApiBase;
use super::removals::Verify;
use super::transport::Transport;
use super::{bin, browse};

/// What the API showed before the run, for removals that leave no trace: a role deleted and a
/// role that never was look the same afterwards, and so do a relation removed and one that
/// never was.
#[derive(Clone, Debug, Default)]
pub struct PreImage {
    /// Ids present before the run: contact roles that existed, ids related to the record
    /// (delinks). `None` when they could not be read: then nothing proves a removal.
    pub existed: Option<HashSet<String>>,
    /// When the run started: a record the bin shows deleted well before it was not deleted by
    /// this run.
    pub started: Option<DateTime<Utc>>,
}

/// What a run is told from outside, beyond what it reads itself: for a journaled run, what
/// the before-image step read; for a resume, what the interrupted run left.
#[derive(Clone, Debug, Default)]
pub struct Evidence {
    /// When the run, or the interrupted run it finishes, started.
    pub started: Option<DateTime<Utc>>,
    /// Ids an earlier run may have removed without an answer: an `INVALID_DATA` for them now
    /// may be that run's late landing, and is checked as after an uncertain attempt.
    pub doubtful: HashSet<String>,
    /// The pre-run read, when it was already made (`existed` `None`: it failed); `None`: the
    /// run reads it itself.
    pub pre: Option<PreImage>,
}

/// Read what a later check of `verify` needs from before the run. A failed read leaves it
/// empty: a role or relation check then answers "unknown".
pub async fn pre_image(t: &Transport, base: &ApiBase, verify: &Verify) -> PreImage {
    let existed = match verify {
        Verify::ContactRoles => browse::contact_roles(t, base)
            .await
            .map(|roles| roles.into_iter().map(|r| r.id).collect()),
        Verify::Relations {
            module,
            record_id,
            related_list,
        } => lookups::related_ids(t, base, module, record_id, related_list).await,
        _ => return PreImage::default(),
    };
    match existed {
        Ok(ids) => PreImage {
            existed: Some(ids),
            started: None,
        },
        Err(e) => {
            tracing::warn!(error = %e, "could not read what exists before removing");
            PreImage::default()
        }
    }
}

/// Which of `ids` the API shows as removed.
pub async fn confirmed(
    t: &Transport,
    base: &ApiBase,
    verify: &Verify,
    pre: &PreImage,
    ids: &[String],
) -> Result<HashSet<String>, ZohoError> {
    let before = || {
        pre.existed.as_ref().ok_or_else(|| {
            ZohoError::InvalidInput(
                "what existed before the run could not be read, so nothing proves it was \
                 removed by this run"
                    .to_string(),
            )
        })
    };
    match verify {
        Verify::RecordsInBin { module } => {
            bin::deleted_by_run(t, base, module, ids, pre.started).await
        }
        Verify::Relations {
            module,
            record_id,
            related_list,
        } => {
            // Without a before-image, a relation "gone" may be one that never was.
            let before = before()?;
            let still = lookups::related_ids(t, base, module, record_id, related_list).await?;
            Ok(gone_of(ids, before, &still))
        }
        Verify::ContactRoles => {
            let before = before()?;
            let live: HashSet<String> = browse::contact_roles(t, base)
                .await?
                .into_iter()
                .map(|r| r.id)
                .collect();
            Ok(gone_of(ids, before, &live))
        }
        Verify::Repeatable | Verify::Unverifiable => Err(ZohoError::InvalidInput(
            "no read of the API can tell whether this was done".to_string(),
        )),
    }
}

/// Ids that were there before and are not there now.
pub fn gone_of(ids: &[String], before: &HashSet<String>, now: &HashSet<String>) -> HashSet<String> {
    ids.iter()
        .filter(|id| before.contains(*id) && !now.contains(*id))
        .cloned()
        .collect()
}

/// The message of an id confirmed removed by a check.
pub fn confirmation(verify: &Verify) -> String {
    match verify {
        Verify::RecordsInBin { .. } => {
            "record deleted (confirmed in the recycle bin after an uncertain attempt)".to_string()
        }
        Verify::Relations { .. } => {
            "relation removed (relation confirmed gone after an uncertain attempt)".to_string()
        }
        Verify::ContactRoles => {
            "contact role deleted (confirmed gone from the contact roles after an uncertain \
             attempt)"
                .to_string()
        }
        Verify::Repeatable | Verify::Unverifiable => "done".to_string(),
    }
}
