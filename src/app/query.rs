//! Selecting records by a query in the Records pane: `:` opens the query line (a COQL `where`
//! clause or search criteria, with this session's history on `↑↓`); `V` picks a custom view
//! (`views`). A query is counted first; only a count that came back replaces the pane's rows
//! with the matches, paged as the module's records are. A refused query changes nothing: it
//! is said in the footer and in the log. `Esc` (or an empty query) goes back to the module.

use crate::action::Action;
use crate::api_task::{ApiCommand, ApiFailure, ApiResult, ReqId};
use crate::numbers::thousands;
use crate::zoho::query::{Cursor, MatchPage, Selector};

use super::log::{EntryState, LogEntry};
use super::panes::{Pane, cancel_load, failure_text, record_row};
use super::query_line::{LineOutcome, QueryLine};
use super::records::RecordsPane;
use super::requests::Owner;
use super::sort::sort_rows;
use super::{App, Layer};

/// A query the Records pane shows (or is counting): what selects, how it is named, its
/// count and where its next page starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matching {
    pub selector: Selector,
    /// What the title and the dialog call it: `where …`, `criteria …`, or the view's name.
    pub label: String,
    /// The text typed on the query line (none for a view): `:` starts from it.
    pub line: Option<String>,
    pub count: u64,
    pub next: Option<Cursor>,
    /// `A`: every match is selected, loaded or not.
    pub all: bool,
}

impl Matching {
    pub fn new(selector: Selector, label: String, line: Option<String>) -> Self {
        Self {
            selector,
            label,
            line,
            count: 0,
            next: None,
            all: false,
        }
    }

    /// "12,043 match where Lead_Status = 'Junk Lead'", and what of them its API cannot reach.
    pub fn said(&self) -> String {
        let n = format!("{} match {}", thousands(self.count), self.label);
        match self.beyond_reach() {
            Some(why) => format!("{n} · {why}"),
            None => n,
        }
    }

    /// Why not every match can be read, when the count is past its API's ceiling (a search
    /// reaches 2,000, COQL 100,000): the rows stop there, and a removal of all is refused.
    pub fn beyond_reach(&self) -> Option<String> {
        let max = self.selector.ceiling().filter(|m| self.count > *m)?;
        Some(match self.selector {
            Selector::Criteria(_) => format!(
                "a search reaches the first {} only: give it as a COQL where clause",
                thousands(max)
            ),
            _ => format!(
                "COQL reaches the first {} only: narrow the query and remove in parts",
                thousands(max)
            ),
        })
    }
}

impl RecordsPane {
    /// A page of matches came. True when rows came (more may be wanted).
    pub fn on_matches(&mut self, req: ReqId, res: ApiResult<MatchPage>) -> bool {
        if self.table.loading != Some(req) {
            return false;
        }
        self.table.loading = None;
        let first = self.first_request();
        let Some(q) = self.query.as_mut() else {
            return false;
        };
        let t = &mut self.table;
        match res {
            Ok(page) => {
                q.next = page.next;
                let from = t.rows.len();
                t.rows.extend(page.records.iter().enumerate().map(|(i, r)| {
                    let mut row = record_row(&self.columns, r);
                    row.order = from + i;
                    row
                }));
                // The pane pages on `t.next`; the query's own cursor says where.
                let pages = t.rows.len().div_ceil(super::PER_PAGE as usize) as u32;
                t.next = q.next.is_some().then(|| crate::zoho::PageRequest {
                    page: pages + 1,
                    ..first
                });
                t.error = None;
                if self.sort.as_ref().is_some_and(|s| !s.server) {
                    sort_rows(t, self.sort.as_ref());
                }
                t.page_arrived();
                true
            }
            Err(e) => {
                t.error = Some(failure_text(&e));
                t.seek_last = false;
                false
            }
        }
    }
}

impl App {
    /// `:`: the query line, starting from the query shown (to refine it).
    pub(super) fn open_query_line(&mut self) {
        if self.focus != Pane::Records || self.panes.records.module().is_none() {
            self.message = Some("Queries select a module's records: open one in Records".into());
            return;
        }
        let text = self
            .panes
            .records
            .query
            .as_ref()
            .and_then(|q| q.line.clone())
            .unwrap_or_default();
        self.layers
            .push(Layer::Query(Box::new(QueryLine::new(&text))));
    }

    pub(super) fn query_line_key(
        &mut self,
        mut line: QueryLine,
        action: Action,
    ) -> Vec<ApiCommand> {
        let history = &self.panes.records.history;
        match line.handle(action, history) {
            LineOutcome::Open => self.layers.push(Layer::Query(Box::new(line))),
            LineOutcome::Closed => {}
            LineOutcome::Run(text) if text.is_empty() => return self.leave_query(),
            LineOutcome::Run(text) => {
                let h = &mut self.panes.records.history;
                if h.last() != Some(&text) {
                    h.push(text.clone());
                }
                return match Selector::from_line(&text) {
                    Ok(sel) => {
                        let label = sel.describe();
                        self.run_query(Matching::new(sel, label, Some(text)))
                    }
                    Err(e) => {
                        self.message = Some(format!("Query not sent: {e} (: and ↑ bring it back)"));
                        Vec::new()
                    }
                };
            }
        }
        Vec::new()
    }

    /// Counts `query`'s matches; the rows follow once the count is back.
    pub(super) fn run_query(&mut self, query: Matching) -> Vec<ApiCommand> {
        let Some(module) = self.panes.records.module().map(|m| m.api_name.clone()) else {
            return Vec::new();
        };
        let mut cmds = Vec::new();
        if let Some((old, _)) = self.panes.records.counting.take() {
            self.requests.finish(old);
            cmds.push(ApiCommand::Cancel { req: old });
        }
        let req = self
            .requests
            .start(Owner::Records, &format!("count {module}"));
        self.message = Some(format!("Counting {}…", query.label));
        cmds.push(ApiCommand::CountMatching {
            req,
            module,
            selector: query.selector.clone(),
        });
        self.panes.records.counting = Some((req, query));
        cmds
    }

    /// The count came: the matches replace the rows (first page now, the rest as the cursor
    /// goes); or the query was refused, and nothing changes.
    pub(super) fn on_counted(&mut self, req: ReqId, res: ApiResult<u64>) -> Vec<ApiCommand> {
        let records = &mut self.panes.records;
        let Some((_, mut query)) = records.counting.take_if(|(r, _)| *r == req) else {
            return Vec::new();
        };
        let n = match res {
            Ok(n) => n,
            Err(e) => {
                self.query_refused(req, &query.label, e);
                return Vec::new();
            }
        };
        query.count = n;
        self.message = Some(query.said());
        let mut cmds: Vec<ApiCommand> = [
            cancel_load(&mut records.table, &mut self.requests),
            cancel_load(&mut self.panes.lists.table, &mut self.requests),
            cancel_load(&mut self.panes.related.table, &mut self.requests),
        ]
        .into_iter()
        .flatten()
        .collect();
        let context = records.table.context.clone();
        // What failed stays marked when the same rows come back (a query counted again).
        let failed = std::mem::take(&mut records.table.failed);
        records.table.reset(context);
        records.table.failed = failed;
        records.table.removing = self.removals.ids_for(&records.table.context);
        records.query = Some(query);
        self.panes.lists.clear();
        self.panes.related.clear();
        if n > 0 {
            let first = self.panes.records.first_request();
            cmds.extend(self.panes.records.load_page(&mut self.requests, first));
        }
        cmds
    }

    /// A query the API refused: said in the footer and in the log; the pane stays as it was.
    fn query_refused(&mut self, req: ReqId, label: &str, e: ApiFailure) {
        self.message = Some(format!("Query refused: {}", e.message));
        let mut entry = LogEntry::running(req, (self.clock)(), "Query", label, 0);
        entry.state = EntryState::Error {
            message: e.message,
            hint: e.hint,
        };
        self.panes.log.push(entry);
    }

    /// Back to the module's records (`Esc`, or Enter on an empty query line).
    pub(super) fn leave_query(&mut self) -> Vec<ApiCommand> {
        let records = &mut self.panes.records;
        if let Some((old, _)) = records.counting.take() {
            self.requests.finish(old);
        }
        if records.query.is_none() {
            return Vec::new();
        }
        self.message = Some("Back to every record of the module".into());
        self.reload(Pane::Records)
    }

    /// Keys that mean something else while a query selects the rows (`None`: as usual).
    pub(super) fn query_key(&mut self, action: &Action) -> Option<Vec<ApiCommand>> {
        match action {
            Action::Query => {
                self.open_query_line();
                return Some(Vec::new());
            }
            Action::Views => return Some(self.open_views()),
            Action::SelectMatching => {
                self.toggle_all_matching();
                return Some(Vec::new());
            }
            _ => {}
        }
        if self.focus != Pane::Records {
            return None;
        }
        if *action == Action::Esc
            && let Some((req, _)) = self.panes.records.counting.take()
        {
            self.requests.finish(req);
            self.message = Some("Count abandoned: the rows are as they were".into());
            return Some(vec![ApiCommand::Cancel { req }]);
        }
        let q = self.panes.records.query.clone()?;
        match action {
            Action::ToggleSelect | Action::SelectAll if q.all => {
                self.message = Some(format!(
                    "All {} matches are selected (by query): A or Esc clears that first",
                    thousands(q.count)
                ));
                Some(Vec::new())
            }
            Action::Reload => {
                let mut again = q.clone();
                again.all = false;
                Some(self.run_query(again))
            }
            Action::Esc if self.panes.records.table.loading.is_none() => {
                if let Some(stopped) = self.stop_reading_matches() {
                    return Some(stopped);
                }
                if q.all {
                    self.toggle_all_matching();
                    return Some(Vec::new());
                }
                if !self.panes.records.table.filter.is_empty() {
                    return None;
                }
                Some(self.leave_query())
            }
            _ => None,
        }
    }
}
