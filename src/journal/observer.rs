//! The journaling observer of a run: each call's lines written as it is sent, retried and
//! answered (answers synced off the task that drives the calls, see `behind`), chained to the
//! caller's own observer.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use tokio_util::sync::CancellationToken;

use crate::zoho::{IdOutcome, RemovalObserver};

use super::Journal;
use super::behind::{Answer, Behind, Settle};
use super::entry::{Body, IdFate, fates_of};
use super::store::Pending;

/// Journals each call; chains to the caller's own observer.
pub(crate) struct Observer {
    pub(super) journal: Journal,
    pub(super) op: String,
    pub(super) inner: Option<Arc<dyn RemovalObserver>>,
    pub(super) answered: Mutex<HashSet<String>>,
    /// The first write error: set, the journal is broken and no call is sent any more (its
    /// words go to the ids kept back).
    pub(super) why: OnceLock<String>,
    /// The queued `before` lines of the calls about to be sent, by id.
    pub(super) images: Mutex<HashMap<String, Pending>>,
    pub(super) stop: CancellationToken,
    /// Syncs answers off the task that drives the calls (see `behind`).
    pub(super) behind: OnceLock<Behind>,
}

impl Observer {
    /// Whether the line is on disk.
    pub(super) fn write(&self, body: Body) -> bool {
        let result = self.journal.append(&self.op, body);
        if let Err(e) = &result {
            self.broke(e);
        }
        result.is_ok()
    }

    /// Remembers that the images of `ids` are queued as `pending`.
    pub(super) fn imaged(&self, ids: &[String], pending: Pending) {
        if let Ok(mut g) = self.images.lock() {
            g.extend(ids.iter().map(|id| (id.clone(), pending.clone())));
        }
    }

    /// Writes the `sending` line of the call carrying `ids`, with its queued images: one sync
    /// for both, and `true` only once both are on disk.
    fn write_sending(&self, body: Body, ids: &[String]) -> bool {
        let images: Vec<Pending> = match self.images.lock() {
            Ok(mut g) => ids.iter().filter_map(|id| g.remove(id)).collect(),
            Err(_) => Vec::new(),
        };
        let written = self.journal.enqueue(&self.op, body).and_then(|line| {
            // Queued before the line: the sync that covers it covers them, or failed first.
            for p in &images {
                self.journal.wait(p)?;
            }
            self.journal.wait(&line)
        });
        if let Err(e) = &written {
            self.broke(e);
        }
        written.is_ok()
    }

    pub(crate) fn broke(&self, e: &std::io::Error) {
        // Removing without a record is what the journal exists to prevent: send no more.
        if self.why.set(e.to_string()).is_ok() {
            tracing::error!(op = %self.op, error = %e, "journal write failed; stopping the run");
        }
        self.stop.cancel();
    }

    /// Whether a line of the run could not be written.
    pub(super) fn is_broken(&self) -> bool {
        self.why.get().is_some()
    }
}

impl Settle for Observer {
    fn wait(&self, pending: &Pending) -> std::io::Result<()> {
        self.journal.wait(pending)
    }

    fn settled(&self, call: usize, outcomes: &[IdOutcome], written: std::io::Result<()>) {
        match written {
            Ok(()) => {
                if let Ok(mut g) = self.answered.lock() {
                    g.extend(outcomes.iter().map(|o| o.id().to_string()));
                }
            }
            Err(e) => self.broke(&e),
        }
        if let Some(i) = &self.inner {
            i.answered(call, outcomes);
        }
    }
}

impl RemovalObserver for Observer {
    fn sending(&self, call: usize, ids: &[String], attempt: u32) {
        let body = Body::Sending {
            call,
            ids: ids.to_vec(),
            attempt,
        };
        let written = self.write_sending(body, ids);
        // Not written: not sent either (see `halted`), so not reported as sent.
        if written && let Some(i) = &self.inner {
            i.sending(call, ids, attempt);
        }
    }

    fn halted(&self) -> Option<String> {
        let inner = self.inner.as_ref().and_then(|i| i.halted());
        (self.why.get())
            .map(|e| format!("not sent: the journal could not be written ({e})"))
            .or(inner)
    }

    fn retrying(&self, call: usize, attempt: u32, reason: &str) {
        let _ = self.write(Body::Retrying {
            call,
            attempt,
            reason: reason.to_string(),
        });
        if let Some(i) = &self.inner {
            i.retrying(call, attempt, reason);
        }
    }

    fn answered(&self, call: usize, outcomes: &[IdOutcome]) {
        let fates: Vec<IdFate> = fates_of(outcomes);
        let pending = match self.journal.enqueue(
            &self.op,
            Body::Answered {
                call,
                outcomes: fates,
            },
        ) {
            Ok(p) => p,
            Err(e) => return self.settled(call, outcomes, Err(e)),
        };
        let answer = Answer {
            pending,
            call,
            outcomes: outcomes.to_vec(),
        };
        let handed = match self.behind.get() {
            Some(b) => b.send(answer),
            None => Err(answer),
        };
        if let Err(a) = handed {
            let written = self.journal.wait(&a.pending);
            self.settled(a.call, &a.outcomes, written);
        }
    }
}
