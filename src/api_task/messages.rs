//! What the app and the API task say to each other: commands out, events back, each carrying
//! the request id its answer is routed by.

use std::path::PathBuf;

use crate::journal::{OperationRecord, OperationSummary, UndoPlan};
use crate::zoho::query::{Cursor, CustomView, MatchPage, Selector};
use crate::zoho::related_counts::RelatedCounts;
use crate::zoho::{
    ContactRole, FieldMeta, ModuleInfo, Page, PageRequest, Progress, Record, RelatedListInfo,
    Removal, RemovalReport, SearchQuery, ZohoError,
};

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
    /// How many records of `module` the selector matches (the query line, a custom view).
    CountMatching {
        req: ReqId,
        module: String,
        selector: Selector,
    },
    /// One page of matches from `cursor` (none: the first).
    LoadMatches {
        req: ReqId,
        module: String,
        selector: Selector,
        fields: Vec<String>,
        cursor: Option<Cursor>,
    },
    /// The module's custom views (`V`).
    LoadViews {
        req: ReqId,
        module: String,
    },
    /// Deletes every record the query matches, once its count is still the confirmed one:
    /// counts again, reads the ids, then removes them as any removal, journaled with the
    /// query. Only the confirm dialog builds this.
    RemoveMatching {
        req: ReqId,
        of: MatchRemoval,
    },
    /// Writes a plan of a record delete to `path` instead of removing (`P` in the confirm
    /// dialog): reads the records' names and `Modified_Time` first. Sends nothing but reads.
    WritePlan {
        req: ReqId,
        path: PathBuf,
        of: PlanOf,
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

/// "Delete every record of `module` that `selector` matches": what the admin confirmed,
/// with the count they typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchRemoval {
    pub module: String,
    pub selector: Selector,
    pub count: u64,
    pub wf_trigger: bool,
}

/// The record delete a plan is written for, and the profile it is written under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanOf {
    pub module: String,
    pub wf_trigger: bool,
    pub profile: String,
    pub records: PlanRecords,
}

/// Which records a plan holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanRecords {
    /// Picked by hand: these ids, in this order.
    Ids(Vec<String>),
    /// Every match of a query, read again when the plan is written.
    Matching(Selector),
}

/// A plan that was written: where, and how many records it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanWritten {
    pub path: String,
    pub count: usize,
    /// Picked ids that no longer exist: left out of the plan.
    pub missing: usize,
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
    pub(super) fn journal(e: &anyhow::Error) -> Self {
        Self {
            code: "JOURNAL".into(),
            message: format!("{e:#}"),
            hint: "Check that the journal directory is readable and writable, or set \
                   ZCRM_DATA_DIR to one that is."
                .into(),
        }
    }

    pub(super) fn no_journal(why: &str) -> Self {
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
    /// How many records the selector matches.
    Counted(ReqId, ApiResult<u64>),
    Matches(ReqId, ApiResult<MatchPage>),
    Views(ReqId, ApiResult<Vec<CustomView>>),
    /// A removal by query reading its matches: read so far, of the count.
    ReadingMatches(ReqId, usize, u64),
    /// A removal by query has read its matches (ids with names): these are what it removes.
    MatchesRead(ReqId, Vec<(String, String)>),
    /// A plan was written, or why not (code `PLAN_EXISTS`: the file is there already).
    PlanWritten(ReqId, ApiResult<PlanWritten>),
    /// The end of a removal, undo or resume.
    Removed(ReqId, ApiResult<RemovalReport>),
    /// The journal is open (its directory), or why not.
    JournalOpened(ApiResult<String>),
    Call(ReqId, CallEvent),
    /// The journal's id of the operation of request `req`; sent just before its `Removed`.
    Journaled(ReqId, String),
    Operations(ReqId, ApiResult<crate::journal::Page>),
    Operation(ReqId, ApiResult<Option<OperationRecord>>),
    /// `Err`: why the operation cannot be undone, in words for the admin.
    UndoPlanned(ReqId, Result<UndoProposal, String>),
    ResumePlanned(ReqId, ApiResult<ResumeProposal>),
    /// The org's API credits left, each time an answer says a new figure.
    Credits(u64),
    /// `None`: no web URL can be known (not Zoho's API domain, or `GET /org` named no domain).
    WebUrl(ReqId, Option<String>),
}

pub(super) fn res<T>(r: Result<T, ZohoError>) -> ApiResult<T> {
    r.map_err(|e| ApiFailure::from(&e))
}
