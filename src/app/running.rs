//! The removals running now: what each works on and which of its calls are in flight.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use crate::api_task::{CallEvent, MatchRemoval, ReqId};

use super::confirm::Origin;

/// One confirmed removal (or undo, or resume) that has not ended.
#[derive(Debug)]
pub(super) struct Running {
    pub(super) origin: Origin,
    pub(super) ids: Vec<String>,
    /// Calls sent and not yet answered (what a stop waits for).
    pub(super) calls: BTreeSet<usize>,
    /// An undo or resume: once done, the panes are read again (rows come back or go).
    pub(super) refresh_after: bool,
    /// Every match of a query, as confirmed: the ids come once read; once done, the query is
    /// counted again.
    pub(super) by_query: Option<MatchRemoval>,
    /// A removal by query reading its matches: read so far, of the count.
    pub(super) reading: Option<(usize, u64)>,
}

/// Every removal running now.
#[derive(Debug, Default)]
pub struct Removals {
    pub(super) running: BTreeMap<ReqId, Running>,
}

impl Removals {
    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }

    pub fn reqs(&self) -> Vec<ReqId> {
        self.running.keys().copied().collect()
    }

    pub fn calls_in_flight(&self) -> usize {
        self.running.values().map(|r| r.calls.len()).sum()
    }

    /// Ids being removed from the rows of `context` (a pane reloaded mid-removal marks them again).
    pub fn ids_for(&self, context: &str) -> HashSet<String> {
        self.running
            .values()
            .filter(
                |r| matches!(&r.origin, Origin::Records(c) | Origin::Related(c) if c == context),
            )
            .flat_map(|r| r.ids.iter().cloned())
            .collect()
    }

    /// Whether a running removal is working on `id` (a retry never sends it twice at once).
    pub fn is_removing(&self, id: &str) -> bool {
        self.running.values().any(|r| r.ids.iter().any(|i| i == id))
    }

    pub(super) fn on_call(&mut self, req: ReqId, call: &CallEvent) {
        let Some(r) = self.running.get_mut(&req) else {
            return;
        };
        match call {
            CallEvent::Sending { call, .. } => {
                r.calls.insert(*call);
            }
            CallEvent::Answered { call } => {
                r.calls.remove(call);
            }
            CallEvent::Retrying { .. } => {}
        }
    }

    /// The removal by query reading its matches now, if one is: its request, read, count.
    pub fn reading(&self) -> Option<(ReqId, usize, u64)> {
        self.running
            .iter()
            .find_map(|(req, r)| r.reading.map(|(n, of)| (*req, n, of)))
    }
}

impl super::App {
    /// Whether any removal, undo or resume is running.
    pub fn removing(&self) -> bool {
        !self.removals.is_empty()
    }

    /// Every running removal's progress as (done, total), oldest first.
    pub fn removal_progress(&self) -> Vec<(usize, usize)> {
        // A removal still reading its matches has removed nothing yet: it says "reading".
        let reading = self.removals.reading().map(|(req, ..)| req);
        self.panes
            .log
            .entries
            .iter()
            .rev()
            .filter(|e| Some(e.req) != reading)
            .filter_map(|e| match e.state {
                super::log::EntryState::Running { done, total } => Some((done, total)),
                _ => None,
            })
            .collect()
    }

    /// Calls sent and not yet answered, over every running removal.
    pub fn calls_in_flight(&self) -> usize {
        self.removals.calls_in_flight()
    }
}
