//! The Related records pane: the records of one related list of one record.

use crate::api_task::{ApiCommand, ApiResult, ReqId};
use crate::zoho::{Page, PageRequest, RelatedListInfo};

use super::panes::{RecordRef, append_page, cancel_load, first_page};
use super::requests::{Owner, Requests};
use super::table::Table;

#[derive(Default)]
pub struct RelatedPane {
    pub table: Table,
    /// The record and the list shown.
    pub of: Option<(RecordRef, RelatedListInfo)>,
}

/// What the rows belong to, so late results and outcomes go to the right place.
pub fn related_context(rec: &RecordRef, list: &RelatedListInfo) -> String {
    format!(
        "related:{}:{}:{}",
        rec.module.api_name, rec.id, list.api_name
    )
}

impl RelatedPane {
    pub fn clear(&mut self) {
        self.table.reset("");
        self.of = None;
    }

    /// The module the related records are of.
    fn module(list: &RelatedListInfo) -> String {
        list.module.clone().unwrap_or_else(|| list.api_name.clone())
    }

    /// Loads the first page of `self.of`, keeping the selection if it is the same list.
    pub fn load_first(&mut self, reqs: &mut Requests) -> Vec<ApiCommand> {
        let mut cmds: Vec<ApiCommand> = cancel_load(&mut self.table, reqs).into_iter().collect();
        let Some((rec, list)) = self.of.clone() else {
            return cmds;
        };
        let context = related_context(&rec, &list);
        let selected = if self.table.context == context {
            std::mem::take(&mut self.table.selected)
        } else {
            Default::default()
        };
        self.table.reset(context);
        self.table.selected = selected;
        cmds.extend(self.load_page(reqs, first_page(&Self::module(&list))));
        cmds
    }

    pub fn load_page(&mut self, reqs: &mut Requests, page: PageRequest) -> Vec<ApiCommand> {
        let Some((rec, list)) = self.of.clone() else {
            return Vec::new();
        };
        let req = reqs.start(
            Owner::Related,
            &format!("{} of {}", list.display_label, rec.name),
        );
        self.table.loading = Some(req);
        vec![ApiCommand::LoadRelated {
            req,
            module: rec.module.api_name,
            record_id: rec.id,
            related_list: list.api_name,
            page,
        }]
    }

    /// A page came. True when it was this pane's and more may be wanted.
    pub fn on_page(&mut self, req: ReqId, res: ApiResult<Page>) -> bool {
        if self.table.loading != Some(req) {
            return false;
        }
        self.table.loading = None;
        let Some((_, list)) = &self.of else {
            return false;
        };
        let module = Self::module(list);
        append_page(&mut self.table, &module, res)
    }
}
