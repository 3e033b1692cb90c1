//! Checking against the API whether a removal whose answer was lost did land. Only positive
//! evidence counts: an id is confirmed removed when the API shows it gone *and* shows it was
//! there to remove; everything else stays as answered or becomes unknown.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use super::browse;
use super::error::ZohoError;
use super::lookups;
use super::paths::ApiBase;
use super::removals::Verify;
use super::transport::Transport;

/// What the API showed before the run, for removals that leave no trace: a role deleted and a
/// role that never was look the same afterwards, and so do a relation removed and one that
/// never was.
#[derive(Clone, Debug, Default)]
pub struct PreImage {
    /// Contact role ids that existed before the run; `None` when they could not be read.
    pub roles: Option<HashSet<String>>,
    /// Ids related to the record before the run (delinks); `None` when they could not be read.
    pub related: Option<HashSet<String>>,
    /// When the run started: a record the bin shows deleted well before it was not deleted by
    /// this run.
    pub started: Option<DateTime<Utc>>,
}

/// Read what a later check of `verify` needs from before the run. A failed read leaves it
/// empty: a role check then answers "unknown", a relation check falls back to "gone, and the
/// related record still exists".
pub async fn pre_image(t: &Transport, base: &ApiBase, verify: &Verify) -> PreImage {
    match verify {
        Verify::ContactRoles => match browse::contact_roles(t, base).await {
            Ok(roles) => PreImage {
                roles: Some(roles.into_iter().map(|r| r.id).collect()),
                ..PreImage::default()
            },
            Err(e) => {
                tracing::warn!(error = %e, "could not read contact roles before removing");
                PreImage::default()
            }
        },
        Verify::Relations {
            module,
            record_id,
            related_list,
        } => match lookups::related_ids(t, base, module, record_id, related_list).await {
            Ok(ids) => PreImage {
                related: Some(ids),
                ..PreImage::default()
            },
            Err(e) => {
                tracing::warn!(error = %e, "could not read the related records before delinking");
                PreImage::default()
            }
        },
        _ => PreImage::default(),
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
    match verify {
        Verify::RecordsInBin { module } => {
            let entries = lookups::recycle_bin_entries(t, base, module, ids).await?;
            Ok(entries
                .into_iter()
                .filter(|(_, time)| deleted_during_run(time.as_deref(), pre.started))
                .map(|(id, _)| id)
                .collect())
        }
        Verify::Relations {
            module,
            record_id,
            related_list,
        } => {
            let still = lookups::related_ids(t, base, module, record_id, related_list).await?;
            let gone: Vec<String> = ids
                .iter()
                .filter(|id| !still.contains(*id))
                .cloned()
                .collect();
            if let Some(before) = &pre.related {
                return Ok(gone.into_iter().filter(|id| before.contains(id)).collect());
            }
            if gone.is_empty() {
                return Ok(HashSet::new());
            }
            // Without a before-image, a relation is "gone" too for an id that never existed:
            // only ids of records that still exist count. (An existing record that was never
            // related cannot be told apart here.)
            let target = related_module(t, base, module, related_list).await?;
            let existing = browse::records_by_ids(t, base, 1, &target, &gone, &[]).await?;
            Ok(existing.into_iter().map(|r| r.id).collect())
        }
        Verify::ContactRoles => {
            let Some(before) = &pre.roles else {
                return Err(ZohoError::InvalidInput(
                    "the contact roles could not be read before the run".to_string(),
                ));
            };
            let live: HashSet<String> = browse::contact_roles(t, base)
                .await?
                .into_iter()
                .map(|r| r.id)
                .collect();
            Ok(ids
                .iter()
                .filter(|id| before.contains(*id) && !live.contains(*id))
                .cloned()
                .collect())
        }
        Verify::Repeatable | Verify::Unverifiable => Err(ZohoError::InvalidInput(
            "no read of the API can tell whether this was done".to_string(),
        )),
    }
}

/// How far the server's clock may be behind ours when telling a record deleted by this run
/// from one that already sat in the bin.
const CLOCK_SKEW: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// Whether a bin entry's `deleted_time` can belong to this run: not clearly before its start.
/// An entry without a readable time is given the benefit of being in the bin.
fn deleted_during_run(time: Option<&str>, started: Option<DateTime<Utc>>) -> bool {
    let (Some(time), Some(started)) = (time, started) else {
        return true;
    };
    match DateTime::parse_from_rfc3339(time) {
        Ok(t) => t.with_timezone(&Utc) >= started - CLOCK_SKEW,
        Err(_) => true,
    }
}

/// The module a related list holds, from the related-list metadata (the list's own name when
/// the metadata does not say).
async fn related_module(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    related_list: &str,
) -> Result<String, ZohoError> {
    let lists = browse::related_lists(t, base, module).await?;
    Ok(lists
        .into_iter()
        .find(|l| l.api_name.eq_ignore_ascii_case(related_list))
        .and_then(|l| l.module)
        .unwrap_or_else(|| related_list.to_string()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_entries_older_than_the_run_are_not_ours() {
        let started = DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00")
            .unwrap()
            .with_timezone(&Utc);
        let s = Some(started);
        assert!(deleted_during_run(Some("2026-11-23T12:00:05+00:00"), s));
        // Zoho writes times in the org's zone; a server clock a little behind still counts.
        assert!(deleted_during_run(Some("2026-11-23T04:55:00-08:00"), s));
        assert!(!deleted_during_run(Some("2026-11-23T11:00:00+00:00"), s));
        assert!(!deleted_during_run(Some("2026-11-20T12:00:00+01:00"), s));
        assert!(deleted_during_run(None, s));
        assert!(deleted_during_run(Some("yesterday"), s));
        assert!(deleted_during_run(Some("2026-11-20T12:00:00+00:00"), None));
    }
}
