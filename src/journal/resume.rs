//! Resume: finish an operation that was interrupted (killed, crashed, stopped). Ids the journal
//! cannot vouch for are checked with the API first, so nothing is removed twice or reported
//! wrongly, by the first run's rules: a record counts as removed when the recycle bin shows it
//! deleted since that run started, a relation or a role when it is gone and the before-images
//! show it was there. The rest is sent again, and an `INVALID_DATA` for an id whose fate was
//! unknown (that run's call may land late) is checked like one after a retry.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::zoho::verify::{Evidence, PreImage, gone_of};
use crate::zoho::{IdOutcome, Removal, RemovalReport, RunOptions, ZohoClient, ZohoError};

use super::entry::{Body, EndState, Fate, IdFate, fates_of};
use super::execute::{Resuming, execute_as};
use super::{Journal, OpState, OperationRecord};
use super::{before, lines};

/// What a resume found and did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resumed {
    /// Ids found already removed when checked (recorded as removed in the old operation).
    pub verified_removed: Vec<String>,
    /// The new operation, when anything was left to send.
    pub op_id: Option<String>,
    pub report: RemovalReport,
}

/// The ids still to do, after checking with the API which of them are already removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verified {
    pub removed: Vec<String>,
    pub rest: Vec<String>,
}

/// Ids of an interrupted operation still to do, as a removal of the same target. Ids of unknown
/// fate, and ids never sent, are first checked against the API. `Err` when nothing is left.
pub async fn resume_plan(
    client: &ZohoClient,
    record: &OperationRecord,
) -> Result<Removal, ZohoError> {
    refuse_a_plan(record)?;
    let v = verify(client, record).await?;
    if v.rest.is_empty() {
        return Err(nothing_left(record, &v));
    }
    Ok(record.summary.removal.with_ids(v.rest))
}

/// An operation applied from a plan removes only records unchanged since the plan, checked just
/// before each call; a resume knows the ids but not the plan's times, so it would remove records
/// changed since. Applying the plan again does the check (records it already removed are
/// reported `GONE_SINCE_PLAN`).
fn refuse_a_plan(record: &OperationRecord) -> Result<(), ZohoError> {
    match &record.summary.plan {
        Some(plan) => Err(ZohoError::InvalidInput(format!(
            "operation {} was applied from plan {plan}: a resume would not check which records              changed since the plan; run `zcrm-tui apply` on the plan file again instead (it              re-checks every record, and reports those already removed as GONE_SINCE_PLAN)",
            record.summary.id
        ))),
        None => Ok(()),
    }
}

fn nothing_left(record: &OperationRecord, v: &Verified) -> ZohoError {
    let found = if v.removed.is_empty() {
        String::new()
    } else {
        format!(" ({} found already removed)", v.removed.len())
    };
    ZohoError::InvalidInput(format!(
        "nothing left to resume in operation {}: every id has a known fate{found}",
        record.summary.id
    ))
}

/// When the interrupted run started: its intent's time.
fn started(record: &OperationRecord) -> Result<DateTime<Utc>, ZohoError> {
    DateTime::parse_from_rfc3339(&record.summary.time)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            ZohoError::InvalidInput(format!(
                "operation {} has an unreadable start time ({e})",
                record.summary.id
            ))
        })
}

/// What the run that finishes `record` must honour: ids sent without an answer may land (or
/// have landed) late, bin entries count from the interrupted run's start, and what existed
/// before it is the proof a relation or a role removed needs.
fn evidence(record: &OperationRecord, rest: &[String]) -> Result<Evidence, ZohoError> {
    let unknown: HashSet<&String> = record
        .fates
        .iter()
        .filter(|(_, f)| matches!(f, Fate::Unknown))
        .map(|(id, _)| id)
        .collect();
    Ok(Evidence {
        started: Some(started(record)?),
        doubtful: rest
            .iter()
            .filter(|id| unknown.contains(id))
            .cloned()
            .collect(),
        pre: Some(PreImage {
            existed: before::existed(&record.summary.removal, &record.before),
            started: None,
        }),
    })
}

/// Which of the open ids (unknown or never sent) are already removed, and which are left.
pub async fn verify(client: &ZohoClient, record: &OperationRecord) -> Result<Verified, ZohoError> {
    if record.summary.undo_of.is_some() {
        return Err(ZohoError::InvalidInput(format!(
            "operation {} is an undo; run the undo again instead of resuming it",
            record.summary.id
        )));
    }
    let open: Vec<String> = record
        .fates
        .iter()
        .filter(|(_, f)| matches!(f, Fate::Unknown | Fate::NotAttempted { .. }))
        .map(|(id, _)| id.clone())
        .collect();
    if open.is_empty() {
        return Ok(Verified::default());
    }
    // Only proof counts, by the first run's own rules: a bin entry deleted since that run
    // started; a relation or a role gone that its before-images show was there.
    let removal = &record.summary.removal;
    let gone: HashSet<String> = match removal {
        Removal::DeleteRecords { module, .. } => client
            .in_recycle_bin_since(module, &open, started(record)?)
            .await?
            .into_iter()
            .collect(),
        Removal::Delink {
            module,
            record_id,
            related_list,
            ..
        } => match before::existed(removal, &record.before) {
            Some(was) => {
                let now = client.related_ids(module, record_id, related_list).await?;
                gone_of(&open, &was, &now)
            }
            None => HashSet::new(),
        },
        Removal::DeleteContactRoles { .. } => match before::existed(removal, &record.before) {
            Some(was) => {
                let live = client.contact_roles().await?.into_iter().map(|r| r.id);
                gone_of(&open, &was, &live.collect())
            }
            None => HashSet::new(),
        },
        // No cheap check by external value: sent again, a gone relation answers an error.
        Removal::DelinkExternal(_) => HashSet::new(),
    };
    let (removed, rest) = open.into_iter().partition(|id| gone.contains(id));
    Ok(Verified { removed, rest })
}

/// Verifies, records what was found in the old operation, sends the rest as a new operation
/// (journaled, `resume_of` set), then records the new outcomes in the old operation too and
/// closes it, so that it reads complete on its own.
pub async fn resume(
    client: &ZohoClient,
    journal: &Journal,
    profile: &str,
    record: &OperationRecord,
    opts: RunOptions,
) -> Result<Resumed, ZohoError> {
    client.may_change(&format!("resuming operation {}", record.summary.id))?;
    refuse_a_plan(record)?;
    let old = record.summary.id.clone();
    let v = verify(client, record).await?;
    let write = |outcomes: Vec<IdFate>, note: String| {
        journal
            .append_all(&old, lines::resolved_lines(outcomes, note))
            .map_err(|e| {
                ZohoError::InvalidInput(format!(
                    "the journal cannot be written ({e}); nothing was sent"
                ))
            })
    };
    if !v.removed.is_empty() {
        let how = match &record.summary.removal {
            Removal::DeleteRecords { .. } => "found in the recycle bin when resuming",
            Removal::Delink { .. } => "found no longer related when resuming",
            _ => "found gone when resuming",
        };
        let found = v
            .removed
            .iter()
            .map(|id| IdFate {
                id: id.clone(),
                fate: Fate::Removed {
                    message: how.to_string(),
                },
            })
            .collect();
        write(found, format!("{} ids {how}", v.removed.len()))?;
    }
    if v.rest.is_empty() {
        close(journal, record, None);
        return Ok(Resumed {
            verified_removed: v.removed,
            op_id: None,
            report: RemovalReport::default(),
        });
    }
    let resuming = Resuming {
        of: old.clone(),
        evidence: evidence(record, &v.rest)?,
    };
    let removal = record.summary.removal.with_ids(v.rest);
    let (new, report) = execute_as(
        client,
        journal,
        profile,
        &removal,
        Some(resuming),
        None,
        opts,
    )
    .await?;
    let carried: Vec<IdOutcome> = report
        .outcomes
        .iter()
        .map(|o| match o {
            IdOutcome::Removed { id, message } => IdOutcome::Removed {
                id: id.clone(),
                message: format!("{message} (by resume {new})"),
            },
            IdOutcome::Failed {
                id,
                code,
                message,
                details,
                hint,
            } => IdOutcome::Failed {
                id: id.clone(),
                code: code.clone(),
                message: format!("{message} (by resume {new})"),
                details: details.clone(),
                hint: hint.clone(),
            },
            IdOutcome::NotAttempted { id, reason } => IdOutcome::NotAttempted {
                id: id.clone(),
                reason: format!("{reason} (resume {new})"),
            },
        })
        .collect();
    if let Err(e) = write(fates_of(&carried), format!("resumed as operation {new}")) {
        tracing::error!(op = %old, error = %e, "could not record the resume in the old operation");
    }
    close(journal, record, Some(&new));
    Ok(Resumed {
        verified_removed: v.removed,
        op_id: Some(new),
        report,
    })
}

/// Ends an operation that had no end (it crashed or was killed).
fn close(journal: &Journal, record: &OperationRecord, new: Option<&str>) {
    if record.summary.state != OpState::Running {
        return;
    }
    let note = match new {
        Some(n) => format!("interrupted; finished by resume {n}"),
        None => "interrupted; every id settled by resume".to_string(),
    };
    if let Err(e) = journal.append(
        &record.summary.id,
        Body::End {
            state: EndState::Stopped,
            note: Some(note),
        },
    ) {
        tracing::error!(op = %record.summary.id, error = %e, "could not close the old operation");
    }
}
