//! The Records pane: a module's records (paged, or the results of a server search), or the
//! contact roles.

use crate::api_task::{ApiCommand, ApiResult, ReqId};
use crate::zoho::{ContactRole, ModuleInfo, Page, PageRequest, SearchQuery};

use super::panes::{append_page, failure_text};
use super::requests::{Owner, Requests};
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

    pub fn load_page(&mut self, reqs: &mut Requests, page: PageRequest) -> Vec<ApiCommand> {
        let Some(module) = self.module().map(|m| m.api_name.clone()) else {
            return Vec::new();
        };
        if self.table.server_filter {
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
        let Some(module) = self.module().map(|m| m.api_name.clone()) else {
            return false;
        };
        append_page(&mut self.table, &module, res)
    }

    pub fn on_roles(&mut self, req: ReqId, res: ApiResult<Vec<ContactRole>>) {
        if self.table.loading != Some(req) {
            return;
        }
        self.table.loading = None;
        match res {
            Ok(roles) => {
                self.table.rows = roles.iter().map(role_row).collect();
                self.table.clamp();
                self.table.page_arrived();
            }
            Err(e) => self.table.error = Some(failure_text(&e)),
        }
    }
}

fn role_row(r: &ContactRole) -> Row {
    Row::new(
        r.id.clone(),
        r.name.clone(),
        r.sequence_number
            .map(|n| format!("#{n}"))
            .unwrap_or_default(),
    )
}
