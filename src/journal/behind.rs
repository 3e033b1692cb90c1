//! Group commit within a run: the client calls its observer from the one task that drives all
//! the calls in flight, so an fsync there would hold back every other call's answer and no two
//! answers could ever share a sync. An answer's line is queued instead and synced here, on a
//! thread of the run's own, together with every answer (and `sending` line) queued meanwhile;
//! only once its line is on disk is the answer passed on (to the app, the CLI, the end-of-run
//! bookkeeping). A crash before that leaves the call `sending` without `answered`: its ids read
//! `Unknown`, which a resume checks with the API, as for a crash mid-call.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::zoho::IdOutcome;

use super::store::Pending;

/// One queued answer, passed on once its line is synced.
pub(super) struct Answer {
    pub pending: Pending,
    pub call: usize,
    pub outcomes: Vec<IdOutcome>,
}

/// What is done with an answer once its line is on disk, or could not be put there.
pub(super) trait Settle: Send + Sync + 'static {
    fn wait(&self, pending: &Pending) -> std::io::Result<()>;
    fn settled(&self, call: usize, outcomes: &[IdOutcome], written: std::io::Result<()>);
}

/// The syncing thread of one run.
pub(super) struct Behind {
    tx: Mutex<Option<mpsc::Sender<Answer>>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Behind {
    pub(super) fn start<S: Settle>(settle: &Arc<S>) -> std::io::Result<Behind> {
        let (tx, rx) = mpsc::channel::<Answer>();
        // Weak: a run dropped before its end (its task aborted) drops its observer, whose
        // sender going ends this thread instead of leaving it parked for ever.
        let settle = Arc::downgrade(settle);
        let thread = std::thread::Builder::new()
            .name("journal-sync".into())
            .spawn(move || {
                for a in rx {
                    let Some(settle) = settle.upgrade() else {
                        break;
                    };
                    let written = settle.wait(&a.pending);
                    settle.settled(a.call, &a.outcomes, written);
                }
            })?;
        Ok(Behind {
            tx: Mutex::new(Some(tx)),
            thread: Mutex::new(Some(thread)),
        })
    }

    /// Hands `answer` to the thread; gives it back when the thread is gone (then the caller
    /// syncs it itself).
    pub(super) fn send(&self, answer: Answer) -> Result<(), Answer> {
        let guard = self.tx.lock();
        match guard.as_ref().ok().and_then(|g| g.as_ref()) {
            Some(tx) => tx.send(answer).map_err(|e| e.0),
            None => Err(answer),
        }
    }

    /// Waits until every answer handed over is synced and passed on.
    pub(super) fn finish(&self) {
        if let Ok(mut tx) = self.tx.lock() {
            tx.take();
        }
        let thread = self.thread.lock().ok().and_then(|mut t| t.take());
        if let Some(t) = thread
            && t.join().is_err()
        {
            tracing::error!("the journal's sync thread panicked");
        }
    }
}
