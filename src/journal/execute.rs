//! The one path by which anything is removed (and by which an undo runs): intent written and
//! fsynced first, each call journaled as it is sent and answered, the end written last.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::sync::{Arc, Mutex, OnceLock};

use crate::zoho::verify::{Evidence, PreImage};
use crate::zoho::{
    BatchGate, IdOutcome, Removal, RemovalReport, RunOptions, ZohoClient, ZohoError,
};

use super::behind::Behind;
use super::entry::{Action, Body, EndState, FORMAT, Intent, Org, Selection, fates_of};
use super::images::{self, ImageGate};
use super::observer::Observer;
use super::{Journal, new_op_id};
use super::{before, lines};

/// Fetch before-images, append the intent (fsync), run `client.remove` with a journaling
/// observer, append the end. Returns the new operation's id and the report.
///
/// `Err` only when nothing was sent: input refused, the records could not be read for their
/// before-images (record deletes), or the journal cannot be written.
pub async fn execute(
    client: &ZohoClient,
    journal: &Journal,
    profile: &str,
    removal: &Removal,
    opts: RunOptions,
) -> Result<(String, RemovalReport), ZohoError> {
    execute_as(client, journal, profile, removal, None, None, opts).await
}

/// [`execute`] for ids a query chose: the journal keeps the query (and the plan, if any) with
/// the operation.
pub async fn execute_selected(
    client: &ZohoClient,
    journal: &Journal,
    profile: &str,
    removal: &Removal,
    selection: Selection,
    opts: RunOptions,
) -> Result<(String, RemovalReport), ZohoError> {
    execute_as(
        client,
        journal,
        profile,
        removal,
        None,
        Some(selection),
        opts,
    )
    .await
}

/// What a resume hands the run that finishes an interrupted operation.
pub(crate) struct Resuming {
    pub of: String,
    /// The interrupted run's start, its ids of unknown fate, and what existed before it.
    pub evidence: Evidence,
}

/// [`execute`], recording that it finishes an interrupted operation when `resuming`.
pub(crate) async fn execute_as(
    client: &ZohoClient,
    journal: &Journal,
    profile: &str,
    removal: &Removal,
    resuming: Option<Resuming>,
    selection: Option<Selection>,
    opts: RunOptions,
) -> Result<(String, RemovalReport), ZohoError> {
    client.may_change(&in_words(removal))?;
    // A record delete's images are read call by call during the run; the others' before it.
    let (images, stream) = match removal {
        Removal::DeleteRecords { module, ids, .. } => {
            let (stream, note) = images::start(client, module, ids).await?;
            (
                before::Images {
                    before: Vec::new(),
                    note,
                },
                Some(stream),
            )
        }
        _ => (before::fetch(client, removal).await?, None),
    };
    // The before-images' read of what exists is the one the run's checks compare with; a
    // resume adds it to what existed before the interrupted run, without which an id that run
    // may have removed cannot be proven removed.
    let fresh = before::existed(removal, &images.before);
    let (resume_of, evidence) = match resuming {
        Some(mut r) => {
            if let Some(pre) = &mut r.evidence.pre
                && let (Some(old), Some(fresh)) = (&mut pre.existed, fresh)
            {
                old.extend(fresh);
            }
            (Some(r.of), r.evidence)
        }
        None => (
            None,
            Evidence {
                pre: Some(PreImage {
                    existed: fresh,
                    started: None,
                }),
                ..Evidence::default()
            },
        ),
    };
    let intent = Intent {
        format: FORMAT,
        profile: profile.to_string(),
        org: org_of(client),
        action: Action::Remove,
        undo_of: None,
        resume_of,
        removal: removal.clone(),
        ids: distinct(
            removal.ids(),
            !matches!(removal, Removal::DelinkExternal(_)),
        ),
        before: images.before,
        before_note: images.note,
        pid: std::process::id(),
        parts: None,
        selection,
    };
    let c = client.clone();
    let r = removal.clone();
    run_journaled(journal, intent, opts, stream, move |o| async move {
        c.remove_with(&r, o, evidence).await
    })
    .await
}

/// What a removal does, for the refusal of a read-only profile.
fn in_words(removal: &Removal) -> String {
    match removal {
        Removal::DeleteRecords { module, ids, .. } => format!("deleting {} {module}", ids.len()),
        Removal::Delink {
            module,
            related_list,
            ids,
            ..
        } => format!("delinking {} {related_list} from {module}", ids.len()),
        Removal::DelinkExternal(e) => format!("delinking {} from {}", e.related_list, e.module),
        Removal::DeleteContactRoles { ids } => format!("deleting {} contact roles", ids.len()),
    }
}

pub(crate) fn org_of(client: &ZohoClient) -> Org {
    let cfg = client.config();
    Org {
        api_domain: cfg.endpoints.api_domain.clone(),
        accounts_url: cfg.endpoints.accounts_url.clone(),
        api_version: cfg.api_version,
    }
}

/// Ids once each, as the client sends them (record ids trimmed; external values as given).
pub(crate) fn distinct(ids: Vec<String>, trim: bool) -> Vec<String> {
    let mut seen = HashSet::new();
    ids.into_iter()
        .map(|id| if trim { id.trim().to_string() } else { id })
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

fn journal_error(e: std::io::Error) -> ZohoError {
    ZohoError::Journal(e.to_string())
}

/// Writes `intent`, runs `send` with a journaling observer, writes the end. With a `stream`,
/// each call's before-images are read and journaled just before it is sent (see `images`).
pub(crate) async fn run_journaled<F, Fut>(
    journal: &Journal,
    intent: Intent,
    opts: RunOptions,
    stream: Option<images::Stream>,
    send: F,
) -> Result<(String, RemovalReport), ZohoError>
where
    F: FnOnce(RunOptions) -> Fut,
    Fut: Future<Output = Result<RemovalReport, ZohoError>>,
{
    let op = new_op_id();
    journal
        .append_all(&op, lines::intent_lines(intent))
        .map_err(journal_error)?;
    tracing::info!(op = %op, "journal: intent written");

    let stop = opts.stop.clone().unwrap_or_default();
    let observer = Arc::new(Observer {
        journal: journal.clone(),
        op: op.clone(),
        inner: opts.observer.clone(),
        answered: Mutex::new(HashSet::new()),
        why: OnceLock::new(),
        images: Mutex::new(HashMap::new()),
        stop: stop.clone(),
        behind: OnceLock::new(),
    });
    match Behind::start(&observer) {
        Ok(b) => {
            let _ = observer.behind.set(b);
        }
        // Without its thread each answer is synced where it arrives, as one call at a time.
        Err(e) => tracing::warn!(error = %e, "no journal sync thread; answers sync one by one"),
    }
    let gate = match stream {
        None => Ok(opts.gate.clone()),
        Some(s) => ImageGate::new(s, observer.clone(), opts.gate.clone())
            .map(|g| Some(Arc::new(g) as Arc<dyn BatchGate>)),
    };
    let result = match gate {
        Ok(gate) => {
            let run_opts = RunOptions {
                progress: opts.progress.clone(),
                observer: Some(observer.clone()),
                stop: Some(stop.clone()),
                gate,
            };
            send(run_opts).await
        }
        Err(e) => Err(journal_error(e)),
    };
    // Every answer on disk and passed on before the run's end is reckoned or written.
    if let Some(b) = observer.behind.get() {
        b.finish();
    }
    match &result {
        Ok(report) => {
            // Outcomes no `answered` line carried (a call the client reported otherwise).
            let rest: Vec<IdOutcome> = {
                let answered = observer
                    .answered
                    .lock()
                    .map(|g| g.clone())
                    .unwrap_or_default();
                report
                    .outcomes
                    .iter()
                    .filter(|o| !answered.contains(o.id()))
                    .cloned()
                    .collect()
            };
            if !rest.is_empty() {
                let note = "outcomes reported at the end of the run".to_string();
                for line in lines::resolved_lines(fates_of(&rest), note) {
                    let _ = observer.write(line);
                }
            }
            let stopped = stop.is_cancelled()
                && report
                    .outcomes
                    .iter()
                    .any(|o| matches!(o, IdOutcome::NotAttempted { .. }));
            let note = if observer.is_broken() {
                Some("stopped: the journal could not be written".to_string())
            } else if stopped {
                Some("stopped by the admin; the calls in flight finished".to_string())
            } else {
                None
            };
            let _ = observer.write(Body::End {
                state: if stopped {
                    EndState::Stopped
                } else {
                    EndState::Finished
                },
                note,
            });
            tracing::info!(
                op = %op,
                removed = report.removed(),
                not_removed = report.failed(),
                "journal: operation ended"
            );
        }
        Err(e) => {
            let _ = observer.write(Body::End {
                state: EndState::Finished,
                note: Some(format!("refused before anything was sent: {e}")),
            });
        }
    }
    if observer.is_broken() {
        tracing::error!(op = %op, "the journal could not be written during the run");
    }
    result.map(|report| (op, report))
}
