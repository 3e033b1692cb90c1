//! What a confirm dialog asks to do, exactly as it will be sent, and what follows from it in
//! the admin's words (Zoho's documented behaviour).

use crate::api_task::MatchRemoval;
use crate::journal::{UndoKind, UndoPlan};
use crate::zoho::{CONTACT_ROLES, Removal, relation_fields};

/// What the dialog asks to do, exactly as it will be sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Work {
    Remove(Removal),
    /// Every record a query matches: the ids are read once confirmed (the count first).
    Matching(MatchRemoval),
    /// What is left of the interrupted operation `of`.
    Resume {
        of: String,
        removal: Removal,
    },
    Undo(UndoPlan),
}

/// What a dialog for "every match" shows besides the sample: the query, and how much of it
/// is loaded (the sample's last rows are the last ones only when everything is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchInfo {
    /// `where Lead_Status = 'Junk Lead'`, or the view's name.
    pub query: String,
    /// Matches loaded in the pane when the dialog opened.
    pub loaded: usize,
    /// How many of the dialog's items are the first matches (the rest: the last loaded).
    pub first: usize,
}

impl Work {
    pub fn id_count(&self) -> usize {
        match self {
            Work::Remove(r) | Work::Resume { removal: r, .. } => removal_len(r),
            Work::Matching(m) => usize::try_from(m.count).unwrap_or(usize::MAX),
            Work::Undo(plan) => plan.ids.len(),
        }
    }

    /// The workflow-trigger setting, for record deletes.
    pub(super) fn wf_trigger(&self) -> Option<bool> {
        match self {
            Work::Remove(Removal::DeleteRecords { wf_trigger, .. })
            | Work::Resume {
                removal: Removal::DeleteRecords { wf_trigger, .. },
                ..
            } => Some(*wf_trigger),
            Work::Matching(m) => Some(m.wf_trigger),
            _ => None,
        }
    }

    /// The calls it takes: at most 100 ids each (delink by external id: one); for every
    /// match, the reads first ([`Work::read_calls`]).
    pub fn calls(&self) -> usize {
        match self {
            Work::Remove(Removal::DelinkExternal(_)) => 1,
            _ => self.read_calls() + self.id_count().div_ceil(100).max(1),
        }
    }

    /// Calls that read before anything is removed: for every match, the count again (it must
    /// still be the confirmed one) and the pages of ids.
    pub fn read_calls(&self) -> usize {
        match self {
            Work::Matching(m) => {
                1 + usize::try_from(m.selector.read_calls(m.count)).unwrap_or(usize::MAX)
            }
            _ => 0,
        }
    }
}

/// How many ids `r` sends, counted where they are: `Removal::ids` copies them, and a frame of
/// the dialog asks (its count of calls).
fn removal_len(r: &Removal) -> usize {
    match r {
        Removal::DeleteRecords { ids, .. }
        | Removal::Delink { ids, .. }
        | Removal::DeleteContactRoles { ids } => ids.len(),
        Removal::DelinkExternal(_) => 1,
    }
}

/// Whether and how the work can be undone, and what goes with it (Zoho's documented behaviour),
/// in the admin's words. `api_version`: restore from the recycle bin is v8 only.
pub fn what_happens(work: &Work, api_version: u8) -> Vec<String> {
    let deletes = Removal::DeleteRecords {
        module: String::new(),
        ids: Vec::new(),
        wf_trigger: true,
    };
    let removal = match work {
        Work::Remove(r) | Work::Resume { removal: r, .. } => r,
        Work::Matching(_) => &deletes,
        Work::Undo(plan) => {
            return vec![match plan.kind {
                UndoKind::Restore { .. } => {
                    "They come back from the Recycle Bin as they were deleted.".into()
                }
                UndoKind::Relink {
                    ref related_list, ..
                } if related_list == CONTACT_ROLES => {
                    "The contacts get their roles back on the deal; nothing else changes.".into()
                }
                UndoKind::Relink { .. } if !plan.relation_data.is_empty() => {
                    "The relations come back with what they carried; nothing else changes.".into()
                }
                UndoKind::Relink { .. } => "The relations come back; nothing else changes.".into(),
            }];
        }
    };
    match removal {
        Removal::DeleteRecords { .. } => vec![
            if api_version >= 8 {
                "They go to the Recycle Bin for 60 days; u restores them.".into()
            } else {
                "They go to the Recycle Bin for 60 days (restore needs API v8: use Zoho's \
                 web UI)."
                    .into()
            },
            "Subforms go with them; notes, attachments and tasks go to the bin too.".into(),
        ],
        Removal::Delink {
            module,
            related_list,
            ..
        } if related_list == CONTACT_ROLES && module == "Deals" => {
            vec!["Only the roles go; the contacts stay. u re-adds them with their roles.".into()]
        }
        Removal::Delink {
            module,
            related_list,
            ..
        } => match relation_fields(module, related_list) {
            [] => {
                vec!["The records themselves stay; only the relation goes. u relinks them.".into()]
            }
            carried => vec![format!(
                "Only the relation and its {} go. u relinks them with it.",
                carried.join(", ")
            )],
        },
        Removal::DelinkExternal(_) => vec![
            "The records themselves stay; only the relation goes (relink it in Zoho: undo \
             cannot relink by external ID)."
                .into(),
        ],
        Removal::DeleteContactRoles { .. } => {
            vec!["Contact roles have no recycle bin: this cannot be undone.".into()]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_says_whether_it_can_be_undone() {
        let delete = Work::Remove(Removal::DeleteRecords {
            module: "Leads".into(),
            ids: (0..250).map(|i| i.to_string()).collect(),
            wf_trigger: true,
        });
        assert_eq!(delete.calls(), 3);
        let v8 = what_happens(&delete, 8).join(" ");
        assert!(
            v8.contains("Recycle Bin for 60 days; u restores them"),
            "{v8}"
        );
        assert!(v8.contains("Subforms go with them"), "{v8}");
        assert!(
            what_happens(&delete, 7)
                .join(" ")
                .contains("restore needs API v8")
        );
        let roles = Work::Remove(Removal::DeleteContactRoles {
            ids: vec!["1".into()],
        });
        assert_eq!(roles.calls(), 1);
        assert!(what_happens(&roles, 8)[0].contains("cannot be undone"));
        let delink = Work::Remove(Removal::Delink {
            module: "Campaigns".into(),
            record_id: "1".into(),
            related_list: "Contacts".into(),
            ids: vec!["2".into()],
        });
        assert!(
            what_happens(&delink, 8)[0]
                .contains("Only the relation and its Member_Status go. u relinks")
        );
        let roles = Work::Remove(crate::zoho::deal_roles("9", &["2".into()]));
        assert!(what_happens(&roles, 8)[0].contains("u re-adds them with their roles"));
    }
}
