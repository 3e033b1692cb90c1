//! What a journaled run (a removal, an undo, a resume) needs on the API task: its options
//! (progress and call-by-call reports back to the app, the stop token) and its end.

use std::sync::Arc;

use tokio::sync::mpsc::UnboundedSender;
use tokio_util::sync::CancellationToken;

use super::{ApiEvent, ApiFailure, CallEvent, ReqId, journal_reads};
use crate::journal::{self, Journal};
use crate::zoho::{
    IdOutcome, Progress, ProgressFn, RemovalObserver, RemovalReport, RunOptions, ZohoClient,
    ZohoError,
};

/// Passes the client's call-by-call reports on to the app.
struct Watch {
    req: ReqId,
    events: UnboundedSender<ApiEvent>,
}

impl RemovalObserver for Watch {
    fn sending(&self, call: usize, _ids: &[String], attempt: u32) {
        let _ = self.events.send(ApiEvent::Call(
            self.req,
            CallEvent::Sending { call, attempt },
        ));
    }
    fn retrying(&self, call: usize, attempt: u32, reason: &str) {
        let _ = self.events.send(ApiEvent::Call(
            self.req,
            CallEvent::Retrying {
                call,
                attempt,
                reason: reason.to_string(),
            },
        ));
    }
    fn answered(&self, call: usize, _outcomes: &[IdOutcome]) {
        let _ = self
            .events
            .send(ApiEvent::Call(self.req, CallEvent::Answered { call }));
    }
}

/// What a journaled run needs besides its own arguments.
pub(super) struct Run {
    pub(super) client: ZohoClient,
    pub(super) journal: Journal,
    pub(super) profile: String,
    pub(super) events: UnboundedSender<ApiEvent>,
}

impl Run {
    pub(super) fn options(&self, req: ReqId, stop: CancellationToken) -> RunOptions {
        let progress_tx = self.events.clone();
        let progress: ProgressFn = Arc::new(move |p: Progress| {
            let _ = progress_tx.send(ApiEvent::Progress(req, p));
        });
        RunOptions {
            progress: Some(progress),
            observer: Some(Arc::new(Watch {
                req,
                events: self.events.clone(),
            })),
            stop: Some(stop),
            gate: None,
        }
    }

    /// Finishes operation `of`; the new operation's id (none when the check found nothing
    /// left to send) and the report of what was sent.
    pub(super) async fn resume(
        &self,
        of: &str,
        opts: RunOptions,
    ) -> Result<(String, RemovalReport), ZohoError> {
        let record = match self.journal.operation_for_runs(of) {
            Ok(Some(r)) => r,
            Ok(None) => {
                return Err(ZohoError::InvalidInput(format!(
                    "no operation {of} in the journal"
                )));
            }
            Err(e) => return Err(ZohoError::InvalidInput(format!("{e:#}"))),
        };
        journal_reads::this_org(&self.client, &record).map_err(ZohoError::InvalidInput)?;
        let done =
            journal::resume(&self.client, &self.journal, &self.profile, &record, opts).await?;
        Ok((done.op_id.unwrap_or_else(|| of.to_string()), done.report))
    }

    pub(super) fn finish(&self, req: ReqId, result: Result<(String, RemovalReport), ZohoError>) {
        self.finish_failure(req, result.map_err(|e| ApiFailure::from(&e)));
    }

    /// [`Run::finish`] for a run that says its own failure in words.
    pub(super) fn finish_failure(
        &self,
        req: ReqId,
        result: Result<(String, RemovalReport), ApiFailure>,
    ) {
        let result = match result {
            Ok((op_id, report)) => {
                let _ = self.events.send(ApiEvent::Journaled(req, op_id));
                Ok(report)
            }
            Err(e) => Err(e),
        };
        super::send_with_credits(&self.client, &self.events, ApiEvent::Removed(req, result));
    }
}
