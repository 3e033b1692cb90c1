//! What a removal command is about, and how it is named in prompts and summaries.

use crate::zoho::{CONTACT_ROLES, ExternalDelink, Removal};

/// One removal, as the admin asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    Delete {
        module: String,
        wf_trigger: bool,
    },
    Delink {
        module: String,
        record_id: String,
        related_list: String,
    },
    DelinkExternal(ExternalDelink),
    DeleteRoles,
}

impl Operation {
    /// What a journaled removal was about (its ids aside).
    pub fn of(removal: &Removal) -> Operation {
        match removal {
            Removal::DeleteRecords {
                module, wf_trigger, ..
            } => Operation::Delete {
                module: module.clone(),
                wf_trigger: *wf_trigger,
            },
            Removal::Delink {
                module,
                record_id,
                related_list,
                ..
            } => Operation::Delink {
                module: module.clone(),
                record_id: record_id.clone(),
                related_list: related_list.clone(),
            },
            Removal::DelinkExternal(e) => Operation::DelinkExternal(e.clone()),
            Removal::DeleteContactRoles { .. } => Operation::DeleteRoles,
        }
    }

    /// The removal of `ids` this operation names (for `delink-external` the ids are ignored:
    /// its one target is in the operation).
    pub fn removal(&self, ids: &[String]) -> Removal {
        match self {
            Operation::Delete { module, wf_trigger } => Removal::DeleteRecords {
                module: module.clone(),
                ids: ids.to_vec(),
                wf_trigger: *wf_trigger,
            },
            Operation::Delink {
                module,
                record_id,
                related_list,
            } => Removal::Delink {
                module: module.clone(),
                record_id: record_id.clone(),
                related_list: related_list.clone(),
                ids: ids.to_vec(),
            },
            Operation::DelinkExternal(e) => Removal::DelinkExternal(e.clone()),
            Operation::DeleteRoles => Removal::DeleteContactRoles { ids: ids.to_vec() },
        }
    }

    /// Stable name used in JSON summaries.
    pub fn name(&self) -> &'static str {
        match self {
            Operation::Delete { .. } => "delete",
            Operation::Delink { .. } => "delink",
            Operation::DelinkExternal(_) => "delink-external",
            Operation::DeleteRoles => "delete-roles",
        }
    }

    /// "Delete", "Delink".
    pub fn verb(&self) -> &'static str {
        match self {
            Operation::Delink { related_list, .. } if related_list == CONTACT_ROLES => "Remove",
            Operation::Delete { .. } | Operation::DeleteRoles => "Delete",
            Operation::Delink { .. } | Operation::DelinkExternal(_) => "Delink",
        }
    }

    /// "Deleted", "Delinked".
    pub fn verb_past(&self) -> &'static str {
        match self {
            Operation::Delink { related_list, .. } if related_list == CONTACT_ROLES => "Removed",
            Operation::Delete { .. } | Operation::DeleteRoles => "Deleted",
            Operation::Delink { .. } | Operation::DelinkExternal(_) => "Delinked",
        }
    }

    /// What is counted, e.g. "Leads", "contact roles".
    pub fn items(&self, n: usize) -> String {
        match self {
            Operation::Delete { module, .. } => plural(n, module),
            // A deal's contact roles: the contacts stay, their roles go.
            Operation::Delink { related_list, .. } if related_list == CONTACT_ROLES => if n == 1 {
                "contact role"
            } else {
                "contact roles"
            }
            .into(),
            Operation::Delink { related_list, .. } => plural(n, related_list),
            Operation::DelinkExternal(e) => plural(n, &e.related_list),
            Operation::DeleteRoles => {
                if n == 1 {
                    "contact role".into()
                } else {
                    "contact roles".into()
                }
            }
        }
    }

    /// Where they are removed from, e.g. " from Campaigns 3652397000000327001"; empty for deletes.
    pub fn target(&self) -> String {
        match self {
            Operation::Delete { .. } | Operation::DeleteRoles => String::new(),
            Operation::Delink {
                module, record_id, ..
            } => format!(" from {module} {record_id}"),
            Operation::DelinkExternal(e) => format!(
                " from {} {}={}",
                e.module, e.external_field, e.external_value
            ),
        }
    }

    /// "Delete 12 Leads", "Delink 3 Contacts from Campaigns 365...".
    pub fn describe(&self, n: usize) -> String {
        format!("{} {n} {}{}", self.verb(), self.items(n), self.target())
    }

    /// The extra line shown before confirming, when there is one.
    pub fn note(&self) -> Option<String> {
        match self {
            Operation::Delete {
                wf_trigger: true, ..
            } => Some(
                "Workflow rules of the module will run (--wf-trigger false to skip them).".into(),
            ),
            Operation::Delete {
                wf_trigger: false, ..
            } => Some("Workflow rules will not run.".into()),
            _ => None,
        }
    }
}

/// Module API names are plural already ("Leads"); for one item say "Leads record".
fn plural(n: usize, module: &str) -> String {
    if n == 1 {
        format!("{module} record")
    } else {
        module.to_string()
    }
}

/// Calls a removal of `n` ids needs: at most 100 ids per call.
pub fn calls_needed(n: usize) -> usize {
    n.div_ceil(100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_name_count_and_target() {
        let d = Operation::Delete {
            module: "Leads".into(),
            wf_trigger: true,
        };
        assert_eq!(d.describe(12), "Delete 12 Leads");
        assert_eq!(d.describe(1), "Delete 1 Leads record");
        let l = Operation::Delink {
            module: "Campaigns".into(),
            record_id: "36".into(),
            related_list: "Contacts".into(),
        };
        assert_eq!(l.describe(3), "Delink 3 Contacts from Campaigns 36");
        assert_eq!(Operation::DeleteRoles.describe(2), "Delete 2 contact roles");
    }

    #[test]
    fn calls_are_ceil_of_hundreds() {
        assert_eq!(calls_needed(0), 0);
        assert_eq!(calls_needed(1), 1);
        assert_eq!(calls_needed(100), 1);
        assert_eq!(calls_needed(101), 2);
        assert_eq!(calls_needed(250), 3);
    }
}
