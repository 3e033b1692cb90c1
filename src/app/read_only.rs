//! A read-only session: the keys that would change data say so instead of opening a dialog.
//! The client refuses those calls anyway (`zoho::engine::run_with`); this spares the admin a
//! dialog whose confirmation could only fail.

use crate::action::{Action, Mode};

use super::{App, Layer, Top};

/// What the footer says when a change is refused.
pub const REFUSED: &str = "read-only profile: nothing can be removed, undone, resumed or retried";

impl App {
    /// Whether `action` is a change this read-only session refuses here (the message says so).
    pub(super) fn refused_read_only(&mut self, action: &Action) -> bool {
        if !self.read_only
            || !matches!(
                action,
                Action::Remove | Action::Undo | Action::Resume | Action::Retry
            )
            || self.mode() == Mode::Text
        {
            return false;
        }
        // Only where these keys act; a dialog already open keeps its own meaning for them.
        let acts = match self.top() {
            Top::Panes => true,
            Top::Layer(l) => matches!(
                l,
                Layer::Journal(_) | Layer::LogLine(_) | Layer::Detail(_) | Layer::Bin(_)
            ),
            Top::TooSmall { .. } => false,
        };
        if acts {
            self.message = Some(REFUSED.to_string());
        }
        acts
    }
}
