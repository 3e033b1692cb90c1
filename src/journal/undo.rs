//! Undo: a delink is undone by relinking the same records; a record delete by restoring them from
//! Zoho's recycle bin (API v8 only). Anything else says why it cannot be undone, never pretends.

use serde::Serialize;

use crate::zoho::{
    CONTACT_ROLES, RelationData, Removal, RemovalReport, RunOptions, ZohoClient, ZohoError,
};

use super::entry::{Action, FORMAT, Fate, Intent};
use super::execute::{org_of, run_journaled};
use super::{Journal, OperationRecord};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UndoKind {
    /// Relate the ids to `record_id` again through `related_list`.
    Relink {
        module: String,
        record_id: String,
        related_list: String,
    },
    /// Restore the ids (records of `module`) from the recycle bin.
    Restore { module: String },
}

/// The `undo_of` of a restore chosen in the TUI's Recycle Bin view, not from an operation.
pub const FROM_RECYCLE_BIN: &str = "recycle-bin";

/// What an undo would do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UndoPlan {
    /// The operation undone.
    pub op_id: String,
    pub kind: UndoKind,
    /// The ids the operation removed.
    pub ids: Vec<String>,
    /// "Relink 3 Contacts to Campaigns 3652397000000327001", for dialogs and prompts.
    pub describe: String,
    /// Relink: what each relation carried (its before-image), sent back with it.
    #[serde(skip_serializing_if = "RelationData::is_empty")]
    pub relation_data: RelationData,
}

fn export_hint(op: &str) -> String {
    format!(
        "Its before-images can be exported and re-imported: zcrm-tui journal export {op} --format csv"
    )
}

/// What undo would do for `record`, or why it cannot, in words for the admin. `api_version`
/// is the version of the connection the undo would use.
pub fn undo_plan(record: &OperationRecord, api_version: u8) -> Result<UndoPlan, String> {
    let s = &record.summary;
    if let Some(of) = &s.undo_of {
        return Err(format!(
            "operation {} is itself an undo (of {of}); remove the records again instead",
            s.id
        ));
    }
    let ids: Vec<String> = record
        .fates
        .iter()
        .filter(|(_, f)| matches!(f, Fate::Removed { .. }))
        .map(|(id, _)| id.clone())
        .collect();
    let unknown = record
        .fates
        .iter()
        .filter(|(_, f)| matches!(f, Fate::Unknown))
        .count();
    if let Removal::DeleteContactRoles { .. } = &s.removal {
        return Err(format!(
            "contact roles cannot be restored: Zoho keeps no recycle bin for them and has no \
             restore call. Their names are in the journal (zcrm-tui journal show {}); create \
             them again in Zoho CRM",
            s.id
        ));
    }
    if let Removal::DelinkExternal(e) = &s.removal {
        return Err(format!(
            "a delink by external ID cannot be undone here: the relink call needs record ids and \
             the journal holds the external values ({}={} and {}). Relate them again in Zoho CRM",
            e.external_field, e.external_value, e.related_external_value
        ));
    }
    if ids.is_empty() {
        let more = if unknown > 0 {
            format!(
                " ({unknown} of unknown fate: run `zcrm-tui journal resume {}` first)",
                s.id
            )
        } else {
            String::new()
        };
        return Err(format!(
            "nothing to undo: operation {} removed no id{more}",
            s.id
        ));
    }
    let left_out = if unknown > 0 {
        format!(" ({unknown} of unknown fate left out)")
    } else {
        String::new()
    };
    let n = ids.len();
    let (kind, describe) = match &s.removal {
        Removal::DeleteRecords { module, .. } => {
            if api_version < 8 {
                return Err(format!(
                    "restoring deleted records needs API v8 (this connection uses v{api_version}); \
                     use --api-version 8, restore them from Zoho CRM's Recycle Bin within 60 days \
                     of the delete, or re-import them. {}",
                    export_hint(&s.id)
                ));
            }
            (
                UndoKind::Restore {
                    module: module.clone(),
                },
                format!("Restore {n} {module} from the recycle bin{left_out}"),
            )
        }
        Removal::Delink {
            module,
            record_id,
            related_list,
            ..
        } => (
            UndoKind::Relink {
                module: module.clone(),
                record_id: record_id.clone(),
                related_list: related_list.clone(),
            },
            if related_list == CONTACT_ROLES {
                format!("Re-add {n} contacts to {module} {record_id} with their roles{left_out}")
            } else {
                format!("Relink {n} {related_list} to {module} {record_id}{left_out}")
            },
        ),
        Removal::DelinkExternal(_) | Removal::DeleteContactRoles { .. } => {
            return Err("this operation cannot be undone".to_string());
        }
    };
    let relation_data = match &kind {
        UndoKind::Relink { .. } => super::before::relation_data(&record.before)
            .into_iter()
            .filter(|(id, _)| ids.contains(id))
            .collect(),
        UndoKind::Restore { .. } => RelationData::new(),
    };
    Ok(UndoPlan {
        op_id: s.id.clone(),
        kind,
        ids,
        describe,
        relation_data,
    })
}

/// Runs `plan`, journaled like a removal (its intent names the operation undone). Outcomes:
/// `Removed` means relinked or restored.
pub async fn undo(
    client: &ZohoClient,
    journal: &Journal,
    profile: &str,
    plan: &UndoPlan,
    opts: RunOptions,
) -> Result<(String, RemovalReport), ZohoError> {
    client.may_change(&plan.describe)?;
    let (action, removal) = match &plan.kind {
        UndoKind::Relink {
            module,
            record_id,
            related_list,
        } => (
            Action::Relink,
            Removal::Delink {
                module: module.clone(),
                record_id: record_id.clone(),
                related_list: related_list.clone(),
                ids: plan.ids.clone(),
            },
        ),
        UndoKind::Restore { module } => (
            Action::Restore,
            Removal::DeleteRecords {
                module: module.clone(),
                ids: plan.ids.clone(),
                wf_trigger: false,
            },
        ),
    };
    let intent = Intent {
        format: FORMAT,
        profile: profile.to_string(),
        org: org_of(client),
        action,
        undo_of: Some(plan.op_id.clone()),
        resume_of: None,
        removal,
        ids: plan.ids.clone(),
        before: Vec::new(),
        before_note: None,
        pid: std::process::id(),
        parts: None,
        selection: None,
    };
    let c = client.clone();
    let kind = plan.kind.clone();
    let ids = plan.ids.clone();
    let data = plan.relation_data.clone();
    run_journaled(journal, intent, opts, None, move |o| async move {
        match kind {
            UndoKind::Relink {
                module,
                record_id,
                related_list,
            } => {
                c.relink_with_data(&module, &record_id, &related_list, &ids, &data, o)
                    .await
            }
            UndoKind::Restore { .. } => c.restore_deleted(&ids, o).await,
        }
    })
    .await
}
