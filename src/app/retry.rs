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
            (dialog.locked, dialog.awaiting) = t.locks_among(&dialog.items);
        }
        self.layers.push(Layer::Confirm(Box::new(dialog)));
        Ok(())
    }
}
