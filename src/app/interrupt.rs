//! `Ctrl-C` / `q`: quit when nothing is being removed; otherwise ask whether to stop after the
//! calls in flight.

use crate::api_task::ApiCommand;

use super::App;
use super::layers::Layer;
use super::panes::plural;
use super::stop::StopDialog;

impl App {
    /// Once stopping, `Ctrl-C` quits anyway and `q` says what it waits for.
    pub(super) fn interrupt(&mut self, force: bool) -> Vec<ApiCommand> {
        if self.removals.is_empty() {
            self.quit = true;
            return Vec::new();
        }
        let all_stopping = self.removals.reqs().iter().all(|req| {
            self.panes
                .log
                .entries
                .iter()
                .any(|e| e.req == *req && e.stopping)
        });
        if all_stopping {
            if force {
                self.quit = true;
                return Vec::new();
            }
            self.message = Some(format!(
                "Stopping: waiting for {} in flight (Ctrl-C again quits now; the journal keeps \
                 their fate to resume)",
                plural(self.calls_in_flight(), "call", "calls")
            ));
            return Vec::new();
        }
        if !self.layers.any(|l| matches!(l, Layer::Stop(_))) {
            self.layers.push(Layer::Stop(StopDialog::default()));
        }
        Vec::new()
    }

    pub(super) fn stop_all(&mut self) -> Vec<ApiCommand> {
        let reqs = self.removals.reqs();
        for req in &reqs {
            if let Some(e) = self.panes.log.entry_mut(*req) {
                e.stopping = true;
            }
        }
        self.message = Some(format!(
            "Stopping after {} in flight; the rest will not be sent",
            plural(self.calls_in_flight(), "call", "calls")
        ));
        reqs.into_iter()
            .map(|req| ApiCommand::Stop { req })
            .collect()
    }
}
