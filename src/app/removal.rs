//! Removal is one path: a pane proposes targets (`d`) -> the confirm layer -> `confirmed`, the
//! only place a removal, undo or resume command is built -> the API task -> `on_removed`. Rows
//! being removed are marked in their pane from confirmation until their outcome arrives.

use std::collections::BTreeSet;

use crate::api_task::{ApiCommand, ApiResult, CallEvent, ReqId};

pub use super::running::Removals;
use super::running::Running;
use crate::zoho::{CONTACT_ROLES, IdOutcome, Removal, RemovalReport, cannot_delink_why};

use super::App;
use super::confirm::{ConfirmDialog, Origin, Work};
use super::layers::Layer;
use super::log::{EntryState, LogEntry};
use super::modules::CONTACT_ROLES_ID;
use super::panes::{Pane, plural};
use super::records::Source;
use super::requests::Owner;

/// The rows a removal works on, as the pane that shows them names them: a resume of a delete
/// marks the module's records, of a delink the related records of that record's list.
pub(super) fn origin_of(removal: &Removal) -> Origin {
    match removal {
        Removal::DeleteRecords { module, .. } => Origin::Records(records_context(module)),
        Removal::DeleteContactRoles { .. } => Origin::Records(records_context(CONTACT_ROLES_ID)),
        Removal::Delink {
            module,
            record_id,
            related_list,
            ..
        } => Origin::Related(super::related::context_of(module, record_id, related_list)),
        Removal::DelinkExternal(_) => Origin::None,
    }
}

/// What the Records pane's rows belong to while it shows `id` (a module, or the contact roles).
pub(super) fn records_context(id: &str) -> String {
    format!("records:{id}")
}

impl App {
    /// `d`: builds the removal from what is selected and opens the confirm dialog. Sends nothing.
    pub(super) fn ask_removal(&mut self) {
        match self.focus {
            Pane::Records => self.ask_record_removal(),
            Pane::Related => self.ask_delink(),
            _ => {
                self.message =
                    Some("Nothing to remove here: focus Records or Related records".into())
            }
        }
    }

    fn ask_record_removal(&mut self) {
        if self.panes.records.all_matching().is_some() {
            return self.ask_matching_removal();
        }
        let t = &self.panes.records.table;
        let picked = t.picked();
        let targets = picked.targets;
        if targets.is_empty() {
            self.message = Some(if t.removing.is_empty() {
                "Nothing to remove".into()
            } else {
                "Nothing to remove: the marked rows are being removed already".into()
            });
            return;
        }
        let hidden = picked.hidden;
        let (locked, awaiting) = (picked.locked, picked.awaiting);
        let ids: Vec<String> = targets.ids().map(str::to_string).collect();
        let origin = Origin::Records(t.context.clone());
        let mut dialog = match &self.panes.records.source {
            Some(Source::Module(m)) => ConfirmDialog::new(
                Removal::DeleteRecords {
                    module: m.api_name.clone(),
                    ids,
                    wf_trigger: self.wf_trigger,
                },
                "Delete",
                plural(targets.len(), &m.singular_label, &m.plural_label),
                targets,
                hidden,
                origin,
            ),
            Some(Source::ContactRoles) => ConfirmDialog::new(
                Removal::DeleteContactRoles { ids },
                "Delete",
                plural(targets.len(), "contact role", "contact roles"),
                targets,
                hidden,
                origin,
            ),
            None => return,
        };
        dialog.locked = locked;
        dialog.awaiting = awaiting;
        self.layers.push(Layer::Confirm(Box::new(dialog)));
    }

    fn ask_delink(&mut self) {
        let Some((rec, list)) = self.panes.related.of.clone() else {
            return;
        };
        if !list.can_delink {
            self.message = Some(cannot_delink_why(
                &rec.module.api_name,
                &list.api_name,
                &list.display_label,
                &rec.module.plural_label,
            ));
            return;
        }
        let t = &self.panes.related.table;
        let picked = t.picked();
        let targets = picked.targets;
        if targets.is_empty() {
            self.message = Some("Nothing to delink".into());
            return;
        }
        let (singular, plural_label) = list
            .module
            .as_deref()
            .and_then(|m| self.panes.modules.info(m))
            .map(|m| (m.singular_label.clone(), m.plural_label.clone()))
            .unwrap_or_else(|| (list.display_label.clone(), list.display_label.clone()));
        // A deal's contact roles: the contacts stay, their role on the deal goes.
        let roles = list.api_name == CONTACT_ROLES;
        let (singular, plural_label) = if roles {
            ("contact role".to_string(), "contact roles".to_string())
        } else {
            (singular, plural_label)
        };
        let target = format!(
            "{} from {} '{}'",
            plural(targets.len(), &singular, &plural_label),
            rec.module.singular_label,
            rec.name
        );
        let ids = targets.ids().map(str::to_string).collect();
        let dialog = ConfirmDialog::new(
            Removal::Delink {
                module: rec.module.api_name.clone(),
                record_id: rec.id.clone(),
                related_list: list.api_name.clone(),
                ids,
            },
            if roles { "Remove" } else { "Delink" },
            target,
            targets,
            picked.hidden,
            Origin::Related(t.context.clone()),
        );
        self.layers.push(Layer::Confirm(Box::new(dialog)));
    }

    /// Step two: the dialog was confirmed. The only place a removal, undo or resume command is
    /// built.
    pub(super) fn confirmed(&mut self, dialog: ConfirmDialog) -> Vec<ApiCommand> {
        let total = dialog.work.id_count();
        let req = self.requests.start(Owner::Removal, &dialog.title);
        let ids: Vec<String> = match &dialog.work {
            Work::Remove(op) | Work::Resume { removal: op, .. } => op.ids(),
            // Known once read, after the confirmation (`on_matches_read`).
            Work::Matching(_) => Vec::new(),
            Work::Undo(plan) => plan.ids.clone(),
        };
        if matches!(&dialog.work, Work::Undo(p) if p.op_id == super::bin_view::FROM_RECYCLE_BIN) {
            self.mark_restoring(&ids);
        }
        if let Some(t) = self.origin_table(&dialog.origin) {
            t.mark_removing(&ids);
        }
        let by_query = match &dialog.work {
            Work::Matching(m) => Some(m.clone()),
            _ => None,
        };
        let refresh_after = !matches!(dialog.work, Work::Remove(_)) && by_query.is_none();
        self.removals.running.insert(
            req,
            Running {
                origin: dialog.origin.clone(),
                ids,
                calls: BTreeSet::new(),
                refresh_after,
                // Counted again, then read: "reading matches" from the start.
                reading: by_query.as_ref().map(|m| (0, m.count)),
                by_query,
            },
        );
        let mut entry = LogEntry::running(
            req,
            (self.clock)(),
            &dialog.operation,
            &dialog.target,
            total,
        );
        entry.names = dialog
            .items
            .iter()
            .map(|(id, name, _)| (id.to_string(), name.to_string()))
            .collect();
        entry.retry = match &dialog.work {
            Work::Remove(op) | Work::Resume { removal: op, .. } => {
                Some((op.clone(), dialog.origin.clone()))
            }
            Work::Undo(_) | Work::Matching(_) => None,
        };
        self.panes.log.push(entry);
        let cmd = match dialog.work {
            Work::Remove(op) => ApiCommand::Remove { req, op },
            Work::Matching(of) => ApiCommand::RemoveMatching { req, of },
            Work::Resume { of, .. } => ApiCommand::Resume { req, of },
            Work::Undo(plan) => ApiCommand::Undo { req, plan },
        };
        vec![cmd]
    }

    /// The pane whose rows `origin` names, if it still shows them.
    pub(super) fn origin_table(&mut self, origin: &Origin) -> Option<&mut super::table::Table> {
        match origin {
            Origin::Records(ctx) if *ctx == self.panes.records.table.context => {
                Some(&mut self.panes.records.table)
            }
            Origin::Related(ctx) if *ctx == self.panes.related.table.context => {
                Some(&mut self.panes.related.table)
            }
            _ => None,
        }
    }

    pub(super) fn on_progress(&mut self, req: ReqId, done: usize, total: usize) {
        self.progress_seen.push((req, done, total));
        if let Some(e) = self.panes.log.entry_mut(req)
            && let EntryState::Running { .. } = e.state
        {
            e.state = EntryState::Running { done, total };
        }
    }

    /// A call of a running removal was sent, retried or answered.
    pub(super) fn on_call(&mut self, req: ReqId, call: CallEvent) {
        self.removals.on_call(req, &call);
        if let CallEvent::Retrying {
            call,
            attempt,
            reason,
        } = call
            && let Some(e) = self.panes.log.entry_mut(req)
        {
            let again = if attempt > 1 {
                format!(" (attempt {attempt})")
            } else {
                String::new()
            };
            e.notes
                .push(format!("call {} retried{again}: {reason}", call + 1));
        }
    }

    pub(super) fn on_removed(
        &mut self,
        req: ReqId,
        res: ApiResult<RemovalReport>,
    ) -> Vec<ApiCommand> {
        self.requests.finish(req);
        let Some(run) = self.removals.running.remove(&req) else {
            return Vec::new();
        };
        if self.removals.is_empty() {
            // Nothing left to stop: a stop dialog or "stopping" notice would now lie.
            self.layers.close(|l| matches!(l, Layer::Stop(_)));
            if self
                .message
                .as_deref()
                .is_some_and(|m| m.starts_with("Stopping"))
            {
                self.message = None;
            }
        }
        let refresh = run.refresh_after && res.is_ok();
        match res {
            Ok(report) => {
                let (removed, failed) = split_outcomes(&report);
                self.restored_from_bin(&run.ids, &removed);
                if let Some(t) = self.origin_table(&run.origin) {
                    t.apply_outcomes(&removed, &failed);
                }
                if let Some(entry) = self.panes.log.entry_mut(req) {
                    let not_attempted = report
                        .outcomes
                        .iter()
                        .filter(|o| matches!(o, IdOutcome::NotAttempted { .. }))
                        .count();
                    entry.state = EntryState::Done {
                        removed: report.removed(),
                        failed: report.failed() - not_attempted,
                        not_attempted,
                    };
                    entry.stopping = false;
                    entry.outcomes = report.outcomes;
                }
            }
            Err(e) => {
                // Nothing is known to be removed: the rows can be chosen again.
                if let Some(t) = self.origin_table(&run.origin) {
                    for id in &run.ids {
                        t.removing.remove(id);
                    }
                }
                if let Some(entry) = self.panes.log.entry_mut(req) {
                    entry.stopping = false;
                    entry.state = EntryState::Error {
                        message: e.message,
                        hint: e.hint,
                    }
                }
            }
        }
        if refresh {
            return self.refresh_panes();
        }
        if run.by_query.is_some() {
            return self.after_matching_removal(req);
        }
        Vec::new()
    }
}

/// Removed ids, and the others with their code.
fn split_outcomes(report: &RemovalReport) -> (Vec<String>, Vec<(String, String)>) {
    let removed = report
        .outcomes
        .iter()
        .filter(|o| o.is_removed())
        .map(|o| o.id().to_string())
        .collect();
    let failed = report
        .outcomes
        .iter()
        .filter_map(|o| match o {
            IdOutcome::Failed { id, code, .. } => Some((id.clone(), code.clone())),
            IdOutcome::NotAttempted { id, .. } => Some((id.clone(), "NOT_SENT".to_string())),
            IdOutcome::Removed { .. } => None,
        })
        .collect();
    (removed, failed)
}
