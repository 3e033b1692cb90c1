//! API answers, routed to their owner by the request id they carry. An answer whose request is
//! no longer open (abandoned, replaced, its pane reset) is dropped here and nowhere else.

use crate::api_task::{ApiCommand, ApiEvent, ReqId};

use super::App;
use super::panes::{Pane, failure_text};
use super::requests::Owner;

/// The request an event answers; `None` for the journal's opening.
fn request_of(event: &ApiEvent) -> Option<ReqId> {
    match event {
        ApiEvent::JournalOpened(_) | ApiEvent::Credits(_) => None,
        ApiEvent::Modules(r, _)
        | ApiEvent::Records(r, _)
        | ApiEvent::RelatedLists(r, _)
        | ApiEvent::Related(r, _)
        | ApiEvent::ContactRoles(r, _)
        | ApiEvent::Detail(r, _)
        | ApiEvent::RelatedCounts(r, _)
        | ApiEvent::Bin(r, _)
        | ApiEvent::LookedUp(r, _)
        | ApiEvent::Progress(r, _)
        | ApiEvent::Counted(r, _)
        | ApiEvent::Matches(r, _)
        | ApiEvent::Views(r, _)
        | ApiEvent::ReadingMatches(r, ..)
        | ApiEvent::MatchesRead(r, _)
        | ApiEvent::PlanWritten(r, _)
        | ApiEvent::Removed(r, _)
        | ApiEvent::Call(r, _)
        | ApiEvent::Journaled(r, _)
        | ApiEvent::Operations(r, _)
        | ApiEvent::Operation(r, _)
        | ApiEvent::UndoPlanned(r, _)
        | ApiEvent::ResumePlanned(r, _)
        | ApiEvent::WebUrl(r, _) => Some(*r),
    }
}

impl App {
    /// An answer, routed to its owner; the side panel follows rows that arrive under the cursor.
    pub fn on_api(&mut self, event: ApiEvent) -> Vec<ApiCommand> {
        let mut cmds = self.route_api(event);
        cmds.extend(self.follow_preview());
        cmds
    }

    fn route_api(&mut self, event: ApiEvent) -> Vec<ApiCommand> {
        let Some(req) = request_of(&event) else {
            if let ApiEvent::Credits(n) = event {
                self.info.credits_left = Some(n);
            }
            if let ApiEvent::JournalOpened(Err(e)) = event {
                self.message = Some(format!(
                    "Journal unavailable: removals are refused until it can be written ({})",
                    e.message
                ));
                self.journal_error = Some(failure_text(&e));
            }
            return Vec::new();
        };
        let Some(owner) = self.requests.owner(req) else {
            return Vec::new();
        };
        // Progress and call notes come while a removal runs; everything else ends its request.
        if !matches!(
            event,
            ApiEvent::Progress(..)
                | ApiEvent::Call(..)
                | ApiEvent::Journaled(..)
                | ApiEvent::ReadingMatches(..)
                | ApiEvent::MatchesRead(..)
        ) {
            self.requests.finish(req);
        }
        self.watch_connection(req, &event);
        match (owner, event) {
            (Owner::Modules, ApiEvent::Modules(r, res)) => self.panes.modules.on_loaded(r, res),
            (Owner::Records, ApiEvent::Records(r, res)) => {
                let loaded = self.panes.records.on_page(r, res);
                if loaded {
                    return self.maybe_more(Pane::Records);
                }
            }
            (Owner::Records, ApiEvent::Counted(r, res)) => return self.on_counted(r, res),
            (Owner::Records, ApiEvent::Matches(r, res)) => {
                let loaded = self.panes.records.on_matches(r, res);
                if loaded {
                    return self.maybe_more(Pane::Records);
                }
            }
            (Owner::Views, ApiEvent::Views(r, res)) => self.on_views(r, res),
            (Owner::Removal, ApiEvent::ReadingMatches(r, read, of)) => {
                self.on_reading_matches(r, read, of)
            }
            (Owner::Removal, ApiEvent::MatchesRead(r, items)) => self.on_matches_read(r, items),
            (Owner::Plan, ApiEvent::ReadingMatches(r, read, of)) => {
                self.on_plan_reading(r, read, of)
            }
            (Owner::Plan, ApiEvent::PlanWritten(r, res)) => self.on_plan_written(r, res),
            (Owner::Records, ApiEvent::ContactRoles(r, res)) => self.panes.records.on_roles(r, res),
            (Owner::Records, ApiEvent::LookedUp(r, res)) => self.on_looked_up(r, res),
            (Owner::Lists, ApiEvent::RelatedLists(r, res)) => self.panes.lists.on_loaded(r, res),
            (Owner::Related, ApiEvent::Related(r, res)) => {
                let loaded = self.panes.related.on_page(r, res);
                if loaded {
                    return self.maybe_more(Pane::Related);
                }
            }
            (Owner::Detail, ApiEvent::Detail(r, res)) => self.on_detail(r, res),
            (Owner::Preview, ApiEvent::Detail(r, res)) => self.on_preview(r, res),
            (Owner::Bin, ApiEvent::Bin(r, res)) => return self.on_bin_page(r, res),
            (Owner::Detail, ApiEvent::RelatedCounts(r, res)) => self.on_related_counts(r, res),
            (Owner::Removal, ApiEvent::Progress(r, p)) => {
                self.in_flight_limit = Some(p.in_flight_limit);
                self.on_progress(r, p.done, p.total)
            }
            (Owner::Removal, ApiEvent::Call(r, call)) => self.on_call(r, call),
            (Owner::Removal, ApiEvent::Journaled(r, op_id)) => {
                if let Some(e) = self.panes.log.entry_mut(r) {
                    e.op_id = Some(op_id);
                }
            }
            (Owner::Removal, ApiEvent::Removed(r, res)) => return self.on_removed(r, res),
            (Owner::Journal, ev) => self.on_journal_event(ev),
            (Owner::Link, ApiEvent::WebUrl(r, url)) => self.on_web_url(r, url),
            _ => {}
        }
        Vec::new()
    }
}
