//! The API task: receives `ApiCommand`s, runs each request on its own tokio task and sends an
//! `ApiEvent` back. It never touches UI state; loads can be abandoned, removals cannot (an
//! abandoned removal would leave the admin not knowing what was removed), they can only be
//! stopped after the calls in flight. Every removal, undo and resume goes through the journal.

use std::collections::HashMap;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinHandle};
use tokio_util::sync::CancellationToken;

use crate::journal::{self, Journal};
use crate::zoho::ZohoClient;

mod journal_reads;
mod loads;
mod matches;
mod messages;
mod plan_write;
mod runs;
use journal_reads::journal_read;
use loads::run_load;
use runs::Run;

pub use messages::*;

/// Starts the API task. Dropping the command sender ends it.
pub fn spawn(client: ZohoClient) -> (UnboundedSender<ApiCommand>, UnboundedReceiver<ApiEvent>) {
    let (cmd_tx, cmd_rx) = unbounded_channel();
    let (ev_tx, ev_rx) = unbounded_channel();
    tokio::spawn(serve(client, cmd_rx, ev_tx));
    (cmd_tx, ev_rx)
}

/// Sends `ev`, preceded by the credits left when an answer has said them: before the answer
/// it came with, so the app knows them by the time it shows that answer.
pub(super) fn send_with_credits(
    client: &ZohoClient,
    events: &UnboundedSender<ApiEvent>,
    ev: ApiEvent,
) {
    if let Some(n) = client.stats().credits_remaining {
        let _ = events.send(ApiEvent::Credits(n));
    }
    let _ = events.send(ev);
}

/// The journal the removals are recorded in, or why there is none.
enum JournalState {
    Open { journal: Journal, profile: String },
    Broken(String),
}

async fn serve(
    client: ZohoClient,
    mut commands: UnboundedReceiver<ApiCommand>,
    events: UnboundedSender<ApiEvent>,
) {
    let mut loads: HashMap<ReqId, AbortHandle> = HashMap::new();
    let mut runs: HashMap<ReqId, (CancellationToken, JoinHandle<()>)> = HashMap::new();
    let mut journal = JournalState::Broken("not opened yet".into());
    while let Some(cmd) = commands.recv().await {
        loads.retain(|_, h| !h.is_finished());
        runs.retain(|_, (_, h)| !h.is_finished());
        match cmd {
            ApiCommand::OpenJournal { dir, profile } => {
                let opened = match &dir {
                    Some(d) => Journal::open(d).map_err(anyhow::Error::from),
                    None => Journal::open_default(),
                };
                journal = match opened {
                    Ok(j) => {
                        let shown = j.dir().display().to_string();
                        let _ = events.send(ApiEvent::JournalOpened(Ok(shown)));
                        JournalState::Open {
                            journal: j,
                            profile,
                        }
                    }
                    Err(e) => {
                        tracing::error!(error = %format!("{e:#}"), "the journal cannot be opened");
                        let _ = events.send(ApiEvent::JournalOpened(Err(ApiFailure::journal(&e))));
                        JournalState::Broken(format!("{e:#}"))
                    }
                };
            }
            ApiCommand::Cancel { req } => {
                if let Some(h) = loads.remove(&req) {
                    h.abort();
                }
            }
            ApiCommand::Stop { req } => {
                if let Some((stop, _)) = runs.get(&req) {
                    tracing::info!(req, "stop requested: no new call will be sent");
                    stop.cancel();
                }
            }
            run @ (ApiCommand::Remove { .. }
            | ApiCommand::RemoveMatching { .. }
            | ApiCommand::Resume { .. }
            | ApiCommand::Undo { .. }) => {
                let req = command_req(&run);
                let JournalState::Open {
                    journal: j,
                    profile,
                } = &journal
                else {
                    let why = match &journal {
                        JournalState::Broken(why) => why.clone(),
                        JournalState::Open { .. } => String::new(),
                    };
                    let _ = events.send(ApiEvent::Removed(req, Err(ApiFailure::no_journal(&why))));
                    continue;
                };
                let ctx = Run {
                    client: client.clone(),
                    journal: j.clone(),
                    profile: profile.clone(),
                    events: events.clone(),
                };
                let stop = CancellationToken::new();
                let opts = ctx.options(req, stop.clone());
                let stop_run = stop.clone();
                let handle = tokio::spawn(async move {
                    let result = match run {
                        ApiCommand::Remove { op, .. } => {
                            journal::execute(&ctx.client, &ctx.journal, &ctx.profile, &op, opts)
                                .await
                        }
                        ApiCommand::RemoveMatching { req, of } => {
                            let done = ctx.remove_matching(req, &of, stop_run, opts).await;
                            ctx.finish_failure(req, done);
                            return;
                        }
                        ApiCommand::Resume { of, .. } => ctx.resume(&of, opts).await,
                        ApiCommand::Undo { plan, .. } => {
                            journal::undo(&ctx.client, &ctx.journal, &ctx.profile, &plan, opts)
                                .await
                        }
                        _ => return,
                    };
                    ctx.finish(req, result);
                });
                runs.insert(req, (stop, handle));
            }
            cmd @ (ApiCommand::LoadJournal { .. }
            | ApiCommand::LoadOperation { .. }
            | ApiCommand::PlanUndo { .. }
            | ApiCommand::PlanResume { .. }) => {
                let j = match &journal {
                    JournalState::Open { journal, .. } => Ok(journal.clone()),
                    JournalState::Broken(why) => Err(ApiFailure::no_journal(why)),
                };
                let (client, events) = (client.clone(), events.clone());
                tokio::spawn(async move {
                    let ev = journal_read(&client, j, cmd).await;
                    send_with_credits(&client, &events, ev);
                });
            }
            ApiCommand::WritePlan { req, path, of } => {
                let (client, events) = (client.clone(), events.clone());
                let handle = tokio::spawn(async move {
                    let ev = plan_write::write_plan(&client, &events, req, &path, &of).await;
                    send_with_credits(&client, &events, ev);
                });
                loads.insert(req, handle.abort_handle());
            }
            load => {
                let req = command_req(&load);
                let (client, events) = (client.clone(), events.clone());
                let handle = tokio::spawn(async move {
                    let ev = run_load(&client, load).await;
                    send_with_credits(&client, &events, ev);
                });
                loads.insert(req, handle.abort_handle());
            }
        }
    }
    for h in loads.values() {
        h.abort();
    }
}

fn command_req(cmd: &ApiCommand) -> ReqId {
    match cmd {
        ApiCommand::OpenJournal { .. } => 0,
        ApiCommand::LoadModules { req }
        | ApiCommand::LoadRecords { req, .. }
        | ApiCommand::Search { req, .. }
        | ApiCommand::LoadRelatedLists { req, .. }
        | ApiCommand::LoadRelated { req, .. }
        | ApiCommand::LoadContactRoles { req }
        | ApiCommand::LoadDetail { req, .. }
        | ApiCommand::LoadRelatedCounts { req, .. }
        | ApiCommand::LookupIds { req, .. }
        | ApiCommand::LoadPreview { req, .. }
        | ApiCommand::LoadBin { req, .. }
        | ApiCommand::LoadWebUrl { req, .. }
        | ApiCommand::CountMatching { req, .. }
        | ApiCommand::LoadMatches { req, .. }
        | ApiCommand::LoadViews { req, .. }
        | ApiCommand::RemoveMatching { req, .. }
        | ApiCommand::WritePlan { req, .. }
        | ApiCommand::Remove { req, .. }
        | ApiCommand::Resume { req, .. }
        | ApiCommand::Undo { req, .. }
        | ApiCommand::Stop { req }
        | ApiCommand::Cancel { req }
        | ApiCommand::LoadJournal { req, .. }
        | ApiCommand::LoadOperation { req, .. }
        | ApiCommand::PlanUndo { req, .. }
        | ApiCommand::PlanResume { req, .. } => *req,
    }
}
