//! The lines of a journal file: one JSON object per line, each naming its operation.
//!
//! An operation is written as: `intent` (before anything is sent; a large one as a head and
//! `intent_part` lines, see `lines`), then for each call
//! `before` (a record delete's before-images not in its intent, on disk before the call that
//! removes them), `sending` (before every attempt), `retrying`, `answered` (each id's outcome), and last an
//! `end`. `resolved` lines, added later by a resume, settle ids the first run left open.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::zoho::error::client_codes;
use crate::zoho::query::Selector;
use crate::zoho::{IdOutcome, Removal};

/// Version of the line format, written in every intent.
pub const FORMAT: u32 = 1;

/// The fate of one id, as far as the journal knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum Fate {
    Removed {
        message: String,
    },
    Failed {
        code: String,
        message: String,
        hint: String,
    },
    NotAttempted {
        reason: String,
    },
    /// Sent, but no answer was recorded (a crash, a kill, a lost connection): it may or may not
    /// have been removed. `journal resume` checks with the API.
    Unknown,
}

impl Fate {
    /// The client's `UNKNOWN_OUTCOME` (a call that may have landed and could not be checked)
    /// is `Unknown` here: a resume checks it again.
    pub fn of(outcome: &IdOutcome) -> (String, Fate) {
        let fate = match outcome {
            IdOutcome::Failed { code, .. } if code == client_codes::UNKNOWN_OUTCOME => {
                Fate::Unknown
            }
            IdOutcome::Removed { message, .. } => Fate::Removed {
                message: message.clone(),
            },
            IdOutcome::Failed {
                code,
                message,
                hint,
                ..
            } => Fate::Failed {
                code: code.clone(),
                message: message.clone(),
                hint: hint.clone(),
            },
            IdOutcome::NotAttempted { reason, .. } => Fate::NotAttempted {
                reason: reason.clone(),
            },
        };
        (outcome.id().to_string(), fate)
    }

    /// "removed", "failed", "not_attempted", "unknown".
    pub fn name(&self) -> &'static str {
        match self {
            Fate::Removed { .. } => "removed",
            Fate::Failed { .. } => "failed",
            Fate::NotAttempted { .. } => "not_attempted",
            Fate::Unknown => "unknown",
        }
    }
}

/// One id and its fate, as written in `answered` and `resolved` lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdFate {
    pub id: String,
    #[serde(flatten)]
    pub fate: Fate,
}

/// What an operation does to its ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The removal itself.
    #[default]
    Remove,
    /// Undo of a delink: the ids are related again.
    Relink,
    /// Undo of a delete: the ids are restored from the recycle bin.
    Restore,
}

/// Where the operation was sent: never anything that opens it (no token, no secret).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub api_domain: String,
    pub accounts_url: String,
    pub api_version: u8,
}

/// Written and fsynced before anything of the operation is sent.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Intent {
    pub format: u32,
    pub profile: String,
    pub org: Org,
    #[serde(default)]
    pub action: Action,
    /// For an undo: the operation undone, whose `removal` (with these ids) is reversed.
    #[serde(default)]
    pub undo_of: Option<String>,
    /// For a resume: the interrupted operation this one finishes.
    #[serde(default)]
    pub resume_of: Option<String>,
    pub removal: Removal,
    /// Every id, in order, once.
    pub ids: Vec<String>,
    /// The records (or relations, or roles) as they were just before; see `journal::before`.
    #[serde(default)]
    pub before: Vec<Value>,
    /// Why the before-images are missing or partial, when they are.
    #[serde(default)]
    pub before_note: Option<String>,
    /// The writing process, to tell a crashed run from one still going.
    #[serde(default)]
    pub pid: u32,
    /// A large intent is written in bounded lines: this head (without ids and before-images)
    /// and this many `intent_part` lines after it (see `journal::lines`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parts: Option<u32>,
    /// How the ids were chosen when a query chose them rather than the admin one by one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selection: Option<Selection>,
}

/// The query that chose an operation's ids, and the reviewed plan it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// `None` for a plan made from ids the admin gave (the plan is what chose them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<Selector>,
    /// How many records the query matched when it was counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<u64>,
    /// The plan's id, for an operation applied from a plan file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<String>,
}

impl Intent {
    /// A removal's intent, with no before-images yet.
    pub fn new(profile: &str, org: Org, removal: Removal, ids: Vec<String>) -> Intent {
        Intent {
            format: FORMAT,
            profile: profile.to_string(),
            org,
            action: Action::Remove,
            undo_of: None,
            resume_of: None,
            removal,
            ids,
            before: Vec::new(),
            before_note: None,
            pid: std::process::id(),
            parts: None,
            selection: None,
        }
    }
}

/// How an operation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndState {
    Finished,
    Stopped,
}

/// One line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Body {
    Intent(Box<Intent>),
    /// Part `part` (from 0) of a large intent's ids and before-images, in order.
    IntentPart {
        part: u32,
        #[serde(default)]
        ids: Vec<String>,
        #[serde(default)]
        before: Vec<Value>,
    },
    /// Before-images of a record delete read during the run, just before the call that
    /// removes them is first sent (and on disk before it is): the records the intent did not
    /// carry. Folding adds them to the intent's.
    Before {
        #[serde(default)]
        before: Vec<Value>,
        /// Ids of that call that could not be read (gone, never there, or hidden).
        #[serde(default, skip_serializing_if = "is_zero")]
        missing: usize,
        /// Why some of their fields are missing, when they are.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    Sending {
        call: usize,
        ids: Vec<String>,
        attempt: u32,
    },
    Retrying {
        call: usize,
        attempt: u32,
        reason: String,
    },
    Answered {
        call: usize,
        outcomes: Vec<IdFate>,
    },
    /// Fates settled after the run: by a resume (verified removed, or finished by another
    /// operation), or outcomes the run reported that no `answered` line carried.
    Resolved {
        outcomes: Vec<IdFate>,
        note: String,
    },
    End {
        state: EndState,
        /// Why the run ended early or was refused, in words.
        #[serde(default)]
        note: Option<String>,
    },
}

/// A line: which operation, when, and what.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub op: String,
    /// RFC 3339, UTC.
    pub at: String,
    #[serde(flatten)]
    pub body: Body,
}

impl Entry {
    pub fn now(op: &str, body: Body) -> Entry {
        Entry {
            op: op.to_string(),
            at: now_rfc3339(),
            body,
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

pub fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn fates_of(outcomes: &[IdOutcome]) -> Vec<IdFate> {
    outcomes
        .iter()
        .map(|o| {
            let (id, fate) = Fate::of(o);
            IdFate { id, fate }
        })
        .collect()
}
