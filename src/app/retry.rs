//! `x` on a log entry with failures: the same removal again, with only the ids that did not go,
//! through the same confirm dialog and removal path (rows marked in flight, a log entry of its
//! own). Nothing is sent before the dialog is confirmed.

use crate::zoho::{IdOutcome, client_codes};

use super::App;
use super::confirm::ConfirmDialog;
use super::layers::Layer;
use super::log::EntryState;
use super::panes::Pane;
use super::undo::relabel;

impl App {
    pub(super) fn ask_retry(&mut self) {
        if let Err(why) = self.retry_dialog() {
            self.message = Some(why);
        }
    }

    /// Opens the dialog, or says why there is nothing to retry.
    fn retry_dialog(&mut self) -> Result<(), String> {
        if self.focus != Pane::Log {
            return Err("x retries an operation's failures: focus the Log (Tab)".into());
        }
        let entry = self
            .panes
            .log
            .focused_entry()
            .ok_or("The log is empty: nothing to retry")?;
        let (removal, origin) = match (&entry.state, &entry.retry) {
            (EntryState::Running { .. }, _) => {
                return Err("This operation is still running: wait for its result".into());
            }
            (_, None) => {
                return Err(
                    "x retries removals: to retry an undo, undo its operation again (J, then u)"
                        .into(),
                );
            }
            (_, Some(r)) => r.clone(),
        };
        // Refused as a whole before any id's result: nothing is known removed, every id may go.
        let ids = match entry.state {
            EntryState::Error { .. } => removal.ids(),
            _ => entry.retryable(),
        };
        let unknown = entry
            .outcomes
            .iter()
            .filter(|o| {
                matches!(o, IdOutcome::Failed { code, .. } if code == client_codes::UNKNOWN_OUTCOME)
            })
            .count();
        let ids: Vec<String> = ids
            .into_iter()
            .filter(|id| !self.removals.is_removing(id))
            .collect();
        if ids.is_empty() {
            return Err(if unknown > 0 {
                format!(
                    "{unknown} outcome(s) unknown: check them in Zoho first; x never sends them again"
                )
            } else {
                "Nothing failed here: nothing to retry".into()
            });
        }
        let items: Vec<(String, String)> = ids
            .iter()
            .map(|id| {
                (
                    id.clone(),
                    entry.name_of(id).unwrap_or_default().to_string(),
                )
            })
            .collect();
        let base = match entry.target.find(" (rest of ") {
            Some(i) => &entry.target[..i],
            None => &entry.target,
        };
        let target = format!(
            "{} (retry of {})",
            relabel(base, ids.len(), &self.panes.modules.labels()),
            entry.time
        );
        let operation = entry.operation.clone();
        let mut dialog = ConfirmDialog::new(
            removal.with_ids(ids),
            &operation,
            target,
            items,
            0,
            origin.clone(),
        );
        if let Some(t) = self.origin_table(&origin) {
            (dialog.locked, dialog.awaiting) = t.locks_among(dialog.items.ids());
        }
        self.layers.push(Layer::Confirm(Box::new(dialog)));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::action::Action;
    use crate::api_task::{ApiCommand, ApiEvent};
    use crate::app::confirm::{ConfirmDialog, Origin};
    use crate::app::{App, Layer, Pane, StatusInfo};
    use crate::zoho::{IdOutcome, Removal, RemovalReport, client_codes};

    fn failed(id: &str, code: &str) -> IdOutcome {
        IdOutcome::Failed {
            id: id.into(),
            code: code.into(),
            message: "m".into(),
            details: serde_json::Value::Null,
            hint: "h".into(),
        }
    }

    /// Four contact roles deleted: one removed, one refused, one never sent, one unknown.
    fn app_after_mixed_outcomes() -> App {
        let mut app = App::new(StatusInfo {
            profile: "demo".into(),
            data_center: "us".into(),
            api_version: 8,
            production: false,
            credits_left: None,
        });
        app.clock = std::sync::Arc::new(|| "12:00:00".to_string());
        let ids: Vec<String> = ["1", "2", "3", "4"].map(String::from).to_vec();
        let items: Vec<(String, String)> = ids
            .iter()
            .map(|i| (i.clone(), format!("Role {i}")))
            .collect();
        let dialog = ConfirmDialog::new(
            Removal::DeleteContactRoles { ids },
            "Delete",
            "4 contact roles".into(),
            items,
            0,
            Origin::None,
        );
        let req = match app.confirmed(dialog).as_slice() {
            [ApiCommand::Remove { req, .. }] => *req,
            other => panic!("{other:?}"),
        };
        let outcomes = vec![
            IdOutcome::Removed {
                id: "1".into(),
                message: "deleted".into(),
            },
            failed("2", "NO_PERMISSION"),
            IdOutcome::NotAttempted {
                id: "3".into(),
                reason: "stopped".into(),
            },
            failed("4", client_codes::UNKNOWN_OUTCOME),
        ];
        app.on_api(ApiEvent::Removed(
            req,
            Ok(RemovalReport { outcomes, calls: 1 }),
        ));
        app.focus = Pane::Log;
        app
    }

    #[test]
    fn x_offers_refused_and_unsent_ids_never_removed_or_unknown_ones() {
        let mut app = app_after_mixed_outcomes();
        assert!(
            app.update(Action::Retry).is_empty(),
            "x alone sends nothing"
        );
        let Some(Layer::Confirm(d)) = app.top_layer() else {
            panic!("no dialog: {:?}", app.message)
        };
        assert_eq!(
            d.items,
            vec![
                ("2".to_string(), "Role 2".to_string()),
                ("3".to_string(), "Role 3".to_string())
            ]
            .into()
        );
        assert_eq!(d.title, "Delete 2 contact roles (retry of 12:00:00)");
        assert!(app.update(Action::Esc).is_empty(), "cancel sends nothing");
        app.update(Action::Retry);
        match app.update(Action::Yes).as_slice() {
            [ApiCommand::Remove { op, .. }] => assert_eq!(op.ids(), ["2", "3"]),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn x_says_why_when_nothing_can_be_retried() {
        let mut app = app_after_mixed_outcomes();
        // Only the unknown one left: it is never sent again without the admin checking.
        app.panes.log.entries[0].outcomes.drain(1..3);
        app.update(Action::Retry);
        assert!(app.top_layer().is_none());
        assert!(
            app.message
                .as_deref()
                .is_some_and(|m| m.contains("unknown")),
            "{:?}",
            app.message
        );
        app.focus = Pane::Records;
        app.update(Action::Retry);
        assert!(app.top_layer().is_none());
    }
}
