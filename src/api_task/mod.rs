//! The API task: receives `ApiCommand`s, runs each request on its own tokio task and sends an
//! `ApiEvent` back. It never touches UI state; loads can be abandoned, removals cannot (an
//! abandoned removal would leave the admin not knowing what was removed), they can only be
//! stopped after the calls in flight. Every removal, undo and resume goes through the journal.

use std::collections::HashMap;
use std::path::PathBuf;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinHandle};
use tokio_util::sync::CancellationToken;

use crate::journal::{self, Journal, OperationRecord, OperationSummary, UndoPlan};
use crate::zoho::related_counts::RelatedCounts;
use crate::zoho::{
    ContactRole, FieldMeta, ModuleInfo, Page, PageRequest, Progress, Record, RelatedListInfo,
    Removal, RemovalReport, SearchQuery, ZohoClient, ZohoError,
};

mod journal_reads;
mod loads;
mod runs;
use journal_reads::journal_read;
use loads::run_load;
use runs::Run;

/// Identifies one request, so that late answers to abandoned or superseded loads are ignored.
pub type ReqId = u64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiCommand {
    /// Sent first: where the journal is (`None`: the platform's data directory, or
    /// `$ZCRM_DATA_DIR`) and the profile its operations are recorded under.
    OpenJournal {
        dir: Option<PathBuf>,
        profile: String,
    },
    LoadModules {
        req: ReqId,
    },
    LoadRecords {
        req: ReqId,
        module: String,
        page: PageRequest,
    },
    Search {
        req: ReqId,
        module: String,
        query: SearchQuery,
        page: PageRequest,
    },
    LoadRelatedLists {
        req: ReqId,
        module: String,
    },
    LoadRelated {
        req: ReqId,
        module: String,
        record_id: String,
        related_list: String,
        page: PageRequest,
    },
    /// One record with every field, and the module's field labels (the detail popup).
    LoadDetail {
        req: ReqId,
        module: String,
        id: String,
    },
    /// The record under the cursor, for the side panel: sent only after a short rest (a newer
    /// ask cancels it first, and nothing goes out); the field labels when not known yet.
    LoadPreview {
        req: ReqId,
        module: String,
        id: String,
        with_fields: bool,
    },
    /// One page (200 entries) of the recycle bin, every module (API v8).
    LoadBin {
        req: ReqId,
        page: u32,
    },
    /// How many records each related list of one record holds (the detail popup).
    LoadRelatedCounts {
        req: ReqId,
        module: String,
        id: String,
    },
    LoadContactRoles {
        req: ReqId,
    },
    /// Records of `module` by id (pasted ids that were not loaded); names only.
    LookupIds {
        req: ReqId,
        module: String,
        ids: Vec<String>,
    },
    /// The record's page in Zoho's web UI (`y`/`Y` copy it, `o` shows it).
    LoadWebUrl {
        req: ReqId,
        module: String,
        id: String,
    },
    /// Only the confirm dialog builds this (see `app::confirm`).
    Remove {
        req: ReqId,
        /// Fully described: what the confirm dialog showed is what is sent.
        op: Removal,
    },
    /// Finishes the interrupted operation `of` (what is left of it is checked again with the
    /// API: only ids still not removed are sent). Only the confirm dialog builds this.
    Resume {
        req: ReqId,
        of: String,
    },
    /// Relinks or restores what an operation removed. Only the confirm dialog builds this.
    Undo {
        req: ReqId,
        plan: UndoPlan,
    },
    /// Removal (or undo, or resume) `req`: send no new call; the calls in flight finish.
    Stop {
        req: ReqId,
    },
    /// Abandon a load (a removal ignores this).
    Cancel {
        req: ReqId,
    },
    /// `limit` journaled operations, newest first, after the newest `skip`.
    LoadJournal {
        req: ReqId,
        skip: usize,
        limit: usize,
    },
    /// One operation with its ids and their fates.
    LoadOperation {
        req: ReqId,
        id: String,
    },
    /// What undoing operation `id` would do, or why it cannot be undone. Sends nothing.
    PlanUndo {
        req: ReqId,
        id: String,
    },
    /// What is left of interrupted operation `id` (ids of unknown fate are checked with the
    /// API first, by reads only).
    PlanResume {
        req: ReqId,
        id: String,
    },
}

/// A failed request, reduced to what the admin reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiFailure {
    pub code: String,
    pub message: String,
    pub hint: String,
}

impl From<&ZohoError> for ApiFailure {
    fn from(e: &ZohoError) -> Self {
        Self {
            code: e.code_str(),
            message: e.to_string(),
            hint: e.hint(),
        }
    }
}

impl ApiFailure {
    fn journal(e: &anyhow::Error) -> Self {
        Self {
            code: "JOURNAL".into(),
            message: format!("{e:#}"),
            hint: "Check that the journal directory is readable and writable, or set \
                   ZCRM_DATA_DIR to one that is."
                .into(),
        }
    }

    fn no_journal(why: &str) -> Self {
        Self {
            code: "NO_JOURNAL".into(),
            message: format!("the journal is not available ({why}); nothing was sent"),
            hint: "Removals are only sent once they can be recorded: set ZCRM_DATA_DIR to a \
                   writable directory and start again."
                .into(),
        }
    }
}

pub type ApiResult<T> = Result<T, ApiFailure>;

/// One call of a running removal, as the client reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CallEvent {
    /// Call `call` (0-based) is being sent, `attempt` from 1.
    Sending {
        call: usize,
        attempt: u32,
    },
    Retrying {
        call: usize,
        attempt: u32,
        reason: String,
    },
    Answered {
        call: usize,
    },
}

/// A record as the detail popup shows it: `None` when it is gone; the field metadata (empty
/// when it could not be read: the api names stand in for the labels).
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDetail {
    pub record: Option<Record>,
    pub fields: Vec<FieldMeta>,
    /// The record's page in Zoho's web UI, when it can be known (not for a sandbox).
    pub web_url: Option<String>,
}

/// An undo the admin can confirm: the plan, with a name for each id where the journal's
/// before-images have one.
#[derive(Clone, Debug, PartialEq)]
pub struct UndoProposal {
    pub plan: UndoPlan,
    pub items: Vec<(String, String)>,
}

/// The rest of an interrupted operation, for the admin to confirm.
#[derive(Clone, Debug, PartialEq)]
pub struct ResumeProposal {
    pub of: OperationSummary,
    pub removal: Removal,
    pub items: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ApiEvent {
    Modules(ReqId, ApiResult<Vec<ModuleInfo>>),
    /// Records of a module or search results.
    Records(ReqId, ApiResult<Page>),
    RelatedLists(ReqId, ApiResult<Vec<RelatedListInfo>>),
    Related(ReqId, ApiResult<Page>),
    ContactRoles(ReqId, ApiResult<Vec<ContactRole>>),
    Detail(ReqId, ApiResult<RecordDetail>),
    RelatedCounts(ReqId, ApiResult<RelatedCounts>),
    Bin(ReqId, ApiResult<crate::zoho::recycle_bin::BinPage>),
    /// The records found among looked-up ids (the others are not in the module).
    LookedUp(ReqId, ApiResult<Vec<Record>>),
    Progress(ReqId, Progress),
    /// The end of a removal, undo or resume.
    Removed(ReqId, ApiResult<RemovalReport>),
    /// The journal is open (its directory), or why not.
    JournalOpened(ApiResult<String>),
    Call(ReqId, CallEvent),
    /// The journal's id of the operation of request `req`; sent just before its `Removed`.
    Journaled(ReqId, String),
    Operations(ReqId, ApiResult<journal::Page>),
    Operation(ReqId, ApiResult<Option<OperationRecord>>),
    /// `Err`: why the operation cannot be undone, in words for the admin.
    UndoPlanned(ReqId, Result<UndoProposal, String>),
    ResumePlanned(ReqId, ApiResult<ResumeProposal>),
    /// The org's API credits left, each time an answer says a new figure.
    Credits(u64),
    /// `None`: no web URL can be known (not Zoho's API domain, or `GET /org` named no domain).
    WebUrl(ReqId, Option<String>),
}

fn res<T>(r: Result<T, ZohoError>) -> ApiResult<T> {
    r.map_err(|e| ApiFailure::from(&e))
}

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
                let handle = tokio::spawn(async move {
                    let result = match run {
                        ApiCommand::Remove { op, .. } => {
                            journal::execute(&ctx.client, &ctx.journal, &ctx.profile, &op, opts)
                                .await
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
