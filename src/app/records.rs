//! The Records pane: a module's records (paged, or the results of a server search), or the
//! contact roles.

use crate::api_task::{ApiCommand, ApiResult, ReqId};
use crate::zoho::{ContactRole, ModuleInfo, Page, PageRequest, SearchQuery};

use super::columns::{Column, ColumnConfig, browse_fields, columns_for, role_columns};
use super::panes::{append_page, failure_text, first_page};
use super::query::Matching;
use super::requests::{Owner, Requests};
use super::sort::{Sort, sort_rows};
use super::table::{Row, Table};

/// What the Records pane shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Module(ModuleInfo),
    ContactRoles,
}

#[derive(Default)]
pub struct RecordsPane {
    pub table: Table,
    pub source: Option<Source>,
    /// The columns shown (the name first; the id follows them).
    pub columns: Vec<Column>,
    /// Kept across reloads of the same module.
    pub sort: Option<Sort>,
    /// Pasted ids being looked up: the request, the module asked, how many ids.
    pub lookup: Option<(crate::api_task::ReqId, String, usize)>,
    /// The query whose matches the rows are (`:` or `V`), once counted.
    pub query: Option<Matching>,
    /// A query being counted: its rows replace the pane's once the count comes.
    pub counting: Option<(ReqId, Matching)>,
    /// What was typed on the query line this session, oldest first.
    pub history: Vec<String>,
}

impl RecordsPane {
    /// The module shown, if the pane shows one (not the contact roles).
    pub fn module(&self) -> Option<&ModuleInfo> {
        match &self.source {
            Some(Source::Module(m)) => Some(m),
            _ => None,
        }
    }

    /// Records are searched on the server (Enter), not filtered among the loaded rows.
    pub fn is_server_filtered(&self) -> bool {
        self.module().is_some()
    }

    /// Shows `source` with its columns; a different source drops the sort.
    pub fn show(&mut self, source: Source, config: &ColumnConfig) {
        if self.source.as_ref() != Some(&source) {
            self.sort = None;
        }
        self.columns = match &source {
            Source::Module(m) => columns_for(&m.api_name, config),
            Source::ContactRoles => role_columns(),
        };
        self.source = Some(source);
    }

    /// Whether Zoho sorts what the pane shows: a module's records, not search results.
    pub fn server_sorts(&self) -> bool {
        self.module().is_some() && !self.table.server_filter && self.query.is_none()
    }

    /// `A` is on: every match of the query is selected, loaded or not.
    pub fn all_matching(&self) -> Option<&Matching> {
        self.query.as_ref().filter(|q| q.all)
    }

    /// The first page as this pane asks for it: its columns, in its server order.
    pub fn first_request(&self) -> PageRequest {
        let module = self.module().map_or("", |m| m.api_name.as_str());
        let sort = self.sort.as_ref().and_then(Sort::server_param);
        first_page(browse_fields(module, &self.columns), sort)
    }

    /// The first page again, in the order `self.sort` says; the selection stays.
    pub fn reload_sorted(&mut self, reqs: &mut Requests) -> Vec<ApiCommand> {
        let mut cmds: Vec<ApiCommand> = super::panes::cancel_load(&mut self.table, reqs)
            .into_iter()
            .collect();
        let t = &mut self.table;
        let (context, selected, removing) = (
            t.context.clone(),
            std::mem::take(&mut t.selected),
            std::mem::take(&mut t.removing),
        );
        let (filter, server_filter) = (t.filter.clone(), t.server_filter);
        t.reset(context);
        t.selected = selected;
        t.removing = removing;
        t.filter = filter;
        t.server_filter = server_filter;
        cmds.extend(self.load_page(reqs, self.first_request()));
        cmds
    }

    pub fn load_page(&mut self, reqs: &mut Requests, page: PageRequest) -> Vec<ApiCommand> {
        let Some(module) = self.module().map(|m| m.api_name.clone()) else {
            return Vec::new();
        };
        if let Some(q) = self.query.as_mut() {
            // Matches come in the query's order only (by id): sorted here, among the rows.
            if let Some(s) = self.sort.as_mut() {
                s.server = false;
            }
            // The first page starts the query over; later ones go on from its cursor.
            let cursor = if page.page <= 1 { None } else { q.next.clone() };
            let req = reqs.start(Owner::Records, &format!("{module} matches"));
            self.table.loading = Some(req);
            return vec![ApiCommand::LoadMatches {
                req,
                module,
                selector: q.selector.clone(),
                fields: page.fields,
                cursor,
            }];
        }
        if self.table.server_filter {
            // Search results come in Zoho's order only: sorted here, among the rows.
            if let Some(s) = self.sort.as_mut() {
                s.server = false;
            }
            let req = reqs.start(Owner::Records, &format!("search {module}"));
            self.table.loading = Some(req);
            return vec![ApiCommand::Search {
                req,
                module,
                query: SearchQuery::Word(self.table.filter.clone()),
                page,
            }];
        }
        let req = reqs.start(Owner::Records, &format!("{module} records"));
        self.table.loading = Some(req);
        vec![ApiCommand::LoadRecords { req, module, page }]
    }

    pub fn load_roles(&mut self, reqs: &mut Requests) -> Vec<ApiCommand> {
        let req = reqs.start(Owner::Records, "contact roles");
        self.table.loading = Some(req);
        vec![ApiCommand::LoadContactRoles { req }]
    }

    /// A page of records (or search results) came. True when it was this pane's.
    pub fn on_page(&mut self, req: ReqId, res: ApiResult<Page>) -> bool {
        if self.table.loading != Some(req) {
            return false;
        }
        self.table.loading = None;
        if self.module().is_none() {
            return false;
        }
        let asked = self.first_request();
        append_page(
            &mut self.table,
            &self.columns,
            self.sort.as_ref(),
            &asked,
            res,
        )
    }

    pub fn on_roles(&mut self, req: ReqId, res: ApiResult<Vec<ContactRole>>) {
        if self.table.loading != Some(req) {
            return;
        }
        self.table.loading = None;
        match res {
            Ok(roles) => {
                self.table.rows = roles.iter().enumerate().map(role_row).collect();
                sort_rows(&mut self.table, self.sort.as_ref());
                self.table.clamp();
                self.table.page_arrived();
            }
            Err(e) => self.table.error = Some(failure_text(&e)),
        }
    }
}

fn role_row((order, r): (usize, &ContactRole)) -> Row {
    let seq = r.sequence_number.map(|n| n.to_string()).unwrap_or_default();
    let detail = r.sequence_number.map(|n| format!("#{n}"));
    let mut row = Row::new(r.id.clone(), r.name.clone(), detail.unwrap_or_default())
        .with_cells(vec![r.name.clone(), seq]);
    row.order = order;
    row
}
