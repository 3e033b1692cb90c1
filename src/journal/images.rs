//! A record delete's before-images, streamed: each call's records are read just before the call
//! is first sent and are on disk (synced with its `sending` line) before it goes, so a run holds the images
//! of the calls under way only, whatever its size, and the reads and the deletes share one
//! pipeline instead of two phases.
//!
//! The first round (as many calls as may be in flight) is read before the intent is written:
//! if not even those records can be read, the delete is refused before anything is journaled or
//! sent, as a delete whose records cannot be recorded must be. A later call whose records
//! cannot be read is not sent (its ids `NotAttempted`, with the reason); the others go on.

use std::collections::HashSet;
use std::sync::Arc;

use futures::FutureExt;
use futures::future::BoxFuture;
use serde_json::Value;

use crate::zoho::ids::prepare_ids;
use crate::zoho::{Admitted, BatchGate, IdOutcome, MAX_IDS_PER_CALL, ZohoClient, ZohoError};

use super::Journal;
use super::before::{fields_of, join, read_records};
use super::entry::Body;
use super::lines::chunk_by_size;
use super::observer::Observer;
use super::store::Pending;

/// What the run needs to read the rest: the module, its fields, and the ids already read.
pub(crate) struct Stream {
    client: ZohoClient,
    module: String,
    fields: Vec<String>,
    imaged: HashSet<String>,
    /// The first round's images, written as the run's first `before` lines.
    first: Option<Read>,
}

/// One read's images, the ids it did not find, and its notes.
struct Read {
    images: Vec<Value>,
    missing: usize,
    note: Option<String>,
}

impl Read {
    /// Every field of the records `ids` name (see `before::read_records`).
    async fn of(
        client: &ZohoClient,
        module: &str,
        ids: &[String],
        fields: &[String],
    ) -> Result<Read, ZohoError> {
        let (records, notes) = read_records(client, module, ids, fields).await?;
        Ok(Read {
            missing: ids.len().saturating_sub(records.len()),
            images: records.into_iter().map(Value::Object).collect(),
            note: join(notes),
        })
    }
}

/// Reads the module's fields and the first round's records. `Err` when those records cannot be
/// read at all: nothing may be removed then. Also returns the note of the field list (for the
/// intent) when it could not be read whole.
pub(crate) async fn start(
    client: &ZohoClient,
    module: &str,
    ids: &[String],
) -> Result<(Stream, Option<String>), ZohoError> {
    // Every id checked before anything is read, as the removal itself would.
    let mut first_round = prepare_ids(ids, "record ids")?;
    // The edition (how many calls go at once) and the field list are read side by side.
    let ((fields, notes), ceiling) =
        tokio::join!(fields_of(client, module), client.removal_ceiling());
    first_round.truncate(ceiling.max(1).saturating_mul(MAX_IDS_PER_CALL));
    let first = Read::of(client, module, &first_round, &fields).await?;
    Ok((
        Stream {
            client: client.clone(),
            module: module.to_string(),
            fields,
            imaged: first_round.into_iter().collect(),
            first: Some(first),
        },
        join(notes),
    ))
}

/// Queues `read` as `before` lines, each bounded: the last line's [`Pending`] says when they are
/// all on disk.
fn enqueue(journal: &Journal, op: &str, read: Read) -> std::io::Result<Pending> {
    let chunks = chunk_by_size(read.images);
    let n = chunks.len().max(1);
    let mut chunks = chunks.into_iter();
    let mut last = None;
    for i in 0..n {
        let body = Body::Before {
            before: chunks.next().unwrap_or_default(),
            missing: if i == 0 { read.missing } else { 0 },
            note: if i == 0 { read.note.clone() } else { None },
        };
        last = Some(journal.enqueue(op, body)?);
    }
    last.ok_or_else(|| std::io::Error::other("no before line"))
}

/// The run's gate: asks the caller's own gate first (a plan's drift check), then reads and
/// journals the images of the ids it let through.
pub(crate) struct ImageGate {
    stream: Stream,
    /// The run's journaling observer: its journal and operation are the gate's.
    observer: Arc<Observer>,
    inner: Option<Arc<dyn BatchGate>>,
}

impl ImageGate {
    /// Writes the first round's images; `Err` when the journal cannot be written (nothing may be
    /// sent then).
    pub(crate) fn new(
        mut stream: Stream,
        observer: Arc<Observer>,
        inner: Option<Arc<dyn BatchGate>>,
    ) -> std::io::Result<ImageGate> {
        if let Some(first) = stream.first.take() {
            let (journal, op) = (&observer.journal, &observer.op);
            journal.wait(&enqueue(journal, op, first)?)?;
        }
        Ok(ImageGate {
            stream,
            observer,
            inner,
        })
    }

    async fn image(&self, send: &[String]) -> Result<(), String> {
        let s = &self.stream;
        let todo: Vec<String> = send
            .iter()
            .filter(|id| !s.imaged.contains(*id))
            .cloned()
            .collect();
        if todo.is_empty() {
            return Ok(());
        }
        let read = Read::of(&s.client, &s.module, &todo, &s.fields)
            .await
            .map_err(|e| {
                format!("not sent: its records could not be read for their before-images ({e})")
            })?;
        let (journal, op) = (self.observer.journal.clone(), self.observer.op.clone());
        // Off the task that drives the calls: serialising 100 records must not hold back the
        // answers of the others. Queued, not synced: the call's `sending` line syncs them with
        // it, and the call does not leave unless both are on disk (see `Observer::sending`).
        let queued = tokio::task::spawn_blocking(move || enqueue(&journal, &op, read))
            .await
            .unwrap_or_else(|e| Err(std::io::Error::other(e.to_string())));
        match queued {
            Ok(pending) => {
                self.observer.imaged(send, pending);
                Ok(())
            }
            Err(e) => {
                self.observer.broke(&e);
                Err(format!(
                    "not sent: its before-images could not be journaled ({e})"
                ))
            }
        }
    }
}

impl BatchGate for ImageGate {
    fn admit<'a>(&'a self, ids: &'a [String]) -> BoxFuture<'a, Admitted> {
        async move {
            let Admitted { send, mut refused } = match &self.inner {
                Some(g) => g.admit(ids).await,
                None => Admitted {
                    send: ids.to_vec(),
                    refused: Vec::new(),
                },
            };
            match self.image(&send).await {
                Ok(()) => Admitted { send, refused },
                Err(reason) => {
                    refused.extend(send.into_iter().map(|id| IdOutcome::NotAttempted {
                        id,
                        reason: reason.clone(),
                    }));
                    Admitted {
                        send: Vec::new(),
                        refused,
                    }
                }
            }
        }
        .boxed()
    }
}
