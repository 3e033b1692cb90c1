//! Request ids and who owns each answer. An API answer is routed to its owner by the request id
//! it carries; an answer whose request is no longer here (abandoned, replaced, its pane reset)
//! is dropped in this one place.

use std::collections::BTreeMap;

use crate::api_task::ReqId;

/// The component an answer goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Modules,
    Records,
    Lists,
    Related,
    /// The record detail popup.
    Detail,
    /// The side panel that follows the cursor (160 columns or more).
    Preview,
    /// The Recycle Bin view.
    Bin,
    /// The journal view, and undo / resume plans asked from it or from the log.
    Journal,
    /// A removal, undo or resume that was confirmed and is running.
    Removal,
    /// A record's web URL, to copy or to show.
    Link,
    /// The custom views list (`V`).
    Views,
    /// A plan being written (`P` in the confirm dialog).
    Plan,
}

#[derive(Debug)]
pub struct Requests {
    next: ReqId,
    /// Open requests: owner and what they are, for the status line.
    open: BTreeMap<ReqId, (Owner, String)>,
}

impl Default for Requests {
    fn default() -> Self {
        Self {
            next: 1,
            open: BTreeMap::new(),
        }
    }
}

impl Requests {
    pub fn start(&mut self, owner: Owner, what: &str) -> ReqId {
        let id = self.next;
        self.next += 1;
        self.open.insert(id, (owner, what.to_string()));
        id
    }

    pub fn owner(&self, req: ReqId) -> Option<Owner> {
        self.open.get(&req).map(|(o, _)| *o)
    }

    /// The request is answered (or abandoned): later answers to it are dropped.
    pub fn finish(&mut self, req: ReqId) {
        self.open.remove(&req);
    }

    pub fn len(&self) -> usize {
        self.open.len()
    }

    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
    }

    /// What was asked last and is still open.
    pub fn latest(&self) -> Option<&str> {
        self.open.values().next_back().map(|(_, w)| w.as_str())
    }
}
