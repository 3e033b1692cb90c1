//! The Related records pane: the records of one related list of one record.

use crate::api_task::{ApiCommand, ApiResult, ReqId};
use crate::zoho::{CONTACT_ROLES, Page, PageRequest, RelatedListInfo, relation_fields};

use super::columns::{Column, ColumnConfig, browse_fields, columns_for};
use super::panes::{RecordRef, append_page, cancel_load, first_page};
use super::requests::{Owner, Requests};
use super::sort::{Sort, sort_rows};
use super::table::Table;

#[derive(Default)]
pub struct RelatedPane {
    pub table: Table,
    /// The record and the list shown.
    pub of: Option<(RecordRef, RelatedListInfo)>,
    /// The columns of the related module (the name first; the id follows them).
    pub columns: Vec<Column>,
    /// Among the loaded rows: Zoho does not sort related records.
    pub sort: Option<Sort>,
}

/// What the rows belong to, so late results and outcomes go to the right place.
pub fn related_context(rec: &RecordRef, list: &RelatedListInfo) -> String {
    context_of(&rec.module.api_name, &rec.id, &list.api_name)
}

/// The same from the names a removal carries (a resume marks the rows it works on).
pub fn context_of(module: &str, record_id: &str, related_list: &str) -> String {
    format!("related:{module}:{record_id}:{related_list}")
}

impl RelatedPane {
    pub fn clear(&mut self) {
        self.table.reset("");
        self.of = None;
        self.sort = None;
    }

    /// Shows `list` of `rec`, with the columns of its module.
    pub fn show(&mut self, rec: RecordRef, list: RelatedListInfo, config: &ColumnConfig) {
        let same = self
            .of
            .as_ref()
            .is_some_and(|(r, l)| related_context(r, l) == related_context(&rec, &list));
        if !same {
            self.sort = None;
        }
        self.columns = columns_for(&Self::module(&list), config);
        // What the relation itself carries (a contact's role on a deal, a member's status)
        // shows with the related records, and the read asks for it.
        for f in relation_fields(&rec.module.api_name, &list.api_name) {
            if !self.columns.iter().any(|c| c.field == *f) {
                let mut c = Column::new(f);
                if *f == "list_price" {
                    c.label = "List Price".into();
                }
                // A deal's contact roles are about the role: it follows the name. Elsewhere the
                // related record's own columns, which tell same-named records apart, come first.
                let at = if list.api_name == CONTACT_ROLES {
                    1.min(self.columns.len())
                } else {
                    self.columns.len()
                };
                self.columns.insert(at, c);
            }
        }
        self.of = Some((rec, list));
    }

    /// The first page as this pane asks for it.
    fn first_request(&self) -> PageRequest {
        let module = self
            .of
            .as_ref()
            .map(|(_, l)| Self::module(l))
            .unwrap_or_default();
        first_page(browse_fields(&module, &self.columns), None)
    }

    /// `s` / `S`: the loaded rows in the new order.
    pub fn resort(&mut self) {
        sort_rows(&mut self.table, self.sort.as_ref());
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
        cmds.extend(self.load_page(reqs, self.first_request()));
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
        if self.of.is_none() {
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
}
