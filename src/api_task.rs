//! The API task: receives `ApiCommand`s, runs each request on its own tokio task and sends an
//! `ApiEvent` back. It never touches UI state; loads can be abandoned, removals cannot (an
//! abandoned removal would leave the admin not knowing what was removed).

use std::collections::HashMap;
use std::sync::Arc;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::AbortHandle;

use crate::zoho::{
    ContactRole, ExternalDelink, ModuleInfo, Page, PageRequest, Progress, ProgressFn,
    RelatedListInfo, RemovalReport, SearchQuery, ZohoClient, ZohoError,
};

/// Identifies one request, so that late answers to abandoned or superseded loads are ignored.
pub type ReqId = u64;

/// A removal, fully described: what the confirm dialog showed is what is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RemovalOp {
    DeleteRecords {
        module: String,
        ids: Vec<String>,
        wf_trigger: bool,
    },
    Delink {
        module: String,
        record_id: String,
        related_list: String,
        ids: Vec<String>,
    },
    DelinkExternal(ExternalDelink),
    DeleteContactRoles {
        ids: Vec<String>,
    },
}

impl RemovalOp {
    pub fn id_count(&self) -> usize {
        match self {
            RemovalOp::DeleteRecords { ids, .. }
            | RemovalOp::Delink { ids, .. }
            | RemovalOp::DeleteContactRoles { ids } => ids.len(),
            RemovalOp::DelinkExternal(_) => 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiCommand {
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
    LoadContactRoles {
        req: ReqId,
    },
    /// Only the confirm dialog builds this (see `app::confirm`).
    Remove {
        req: ReqId,
        op: RemovalOp,
    },
    /// Abandon a load (a removal ignores this).
    Cancel {
        req: ReqId,
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

pub type ApiResult<T> = Result<T, ApiFailure>;

#[derive(Clone, Debug, PartialEq)]
pub enum ApiEvent {
    Modules(ReqId, ApiResult<Vec<ModuleInfo>>),
    /// Records of a module or search results.
    Records(ReqId, ApiResult<Page>),
    RelatedLists(ReqId, ApiResult<Vec<RelatedListInfo>>),
    Related(ReqId, ApiResult<Page>),
    ContactRoles(ReqId, ApiResult<Vec<ContactRole>>),
    Progress(ReqId, Progress),
    Removed(ReqId, ApiResult<RemovalReport>),
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

async fn serve(
    client: ZohoClient,
    mut commands: UnboundedReceiver<ApiCommand>,
    events: UnboundedSender<ApiEvent>,
) {
    let mut loads: HashMap<ReqId, AbortHandle> = HashMap::new();
    while let Some(cmd) = commands.recv().await {
        loads.retain(|_, h| !h.is_finished());
        match cmd {
            ApiCommand::Cancel { req } => {
                if let Some(h) = loads.remove(&req) {
                    h.abort();
                }
            }
            ApiCommand::Remove { req, op } => {
                let (client, events) = (client.clone(), events.clone());
                tokio::spawn(async move {
                    let progress_tx = events.clone();
                    let progress: ProgressFn = Arc::new(move |p: Progress| {
                        let _ = progress_tx.send(ApiEvent::Progress(req, p));
                    });
                    let report = remove(&client, op, progress).await;
                    let _ = events.send(ApiEvent::Removed(req, res(report)));
                });
            }
            load => {
                let req = load_req(&load);
                let (client, events) = (client.clone(), events.clone());
                let handle = tokio::spawn(async move {
                    let ev = run_load(&client, load).await;
                    let _ = events.send(ev);
                });
                loads.insert(req, handle.abort_handle());
            }
        }
    }
    for h in loads.values() {
        h.abort();
    }
}

fn load_req(cmd: &ApiCommand) -> ReqId {
    match cmd {
        ApiCommand::LoadModules { req }
        | ApiCommand::LoadRecords { req, .. }
        | ApiCommand::Search { req, .. }
        | ApiCommand::LoadRelatedLists { req, .. }
        | ApiCommand::LoadRelated { req, .. }
        | ApiCommand::LoadContactRoles { req }
        | ApiCommand::Remove { req, .. }
        | ApiCommand::Cancel { req } => *req,
    }
}

async fn remove(
    client: &ZohoClient,
    op: RemovalOp,
    progress: ProgressFn,
) -> Result<RemovalReport, ZohoError> {
    match op {
        RemovalOp::DeleteRecords {
            module,
            ids,
            wf_trigger,
        } => {
            client
                .delete_records(&module, &ids, wf_trigger, Some(progress))
                .await
        }
        RemovalOp::Delink {
            module,
            record_id,
            related_list,
            ids,
        } => {
            client
                .delink_related(&module, &record_id, &related_list, &ids, Some(progress))
                .await
        }
        RemovalOp::DelinkExternal(req) => client.delink_external(&req).await,
        RemovalOp::DeleteContactRoles { ids } => {
            client.delete_contact_roles(&ids, Some(progress)).await
        }
    }
}

async fn run_load(client: &ZohoClient, cmd: ApiCommand) -> ApiEvent {
    match cmd {
        ApiCommand::LoadModules { req } => ApiEvent::Modules(req, res(client.list_modules().await)),
        ApiCommand::LoadRecords { req, module, page } => {
            ApiEvent::Records(req, res(client.records(&module, &page).await))
        }
        ApiCommand::Search {
            req,
            module,
            query,
            page,
        } => ApiEvent::Records(req, res(client.search(&module, &query, &page).await)),
        ApiCommand::LoadRelatedLists { req, module } => {
            ApiEvent::RelatedLists(req, res(client.related_lists(&module).await))
        }
        ApiCommand::LoadRelated {
            req,
            module,
            record_id,
            related_list,
            page,
        } => ApiEvent::Related(
            req,
            res(client
                .related_records(&module, &record_id, &related_list, &page)
                .await),
        ),
        ApiCommand::LoadContactRoles { req } => {
            ApiEvent::ContactRoles(req, res(client.contact_roles().await))
        }
        // Handled by `serve`; never reaches here.
        ApiCommand::Remove { req, .. } | ApiCommand::Cancel { req } => ApiEvent::Removed(
            req,
            Err(ApiFailure {
                code: "INTERNAL".into(),
                message: "not a load".into(),
                hint: String::new(),
            }),
        ),
    }
}
