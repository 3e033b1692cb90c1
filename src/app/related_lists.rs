//! The Related lists pane: the related lists of the focused record.

use crate::api_task::{ApiCommand, ApiResult, ReqId};
use crate::zoho::RelatedListInfo;

use super::panes::{RecordRef, cancel_load, failure_text};
use super::requests::{Owner, Requests};
use super::table::{Row, Table};

#[derive(Default)]
pub struct ListsPane {
    pub table: Table,
    pub infos: Vec<RelatedListInfo>,
    /// The record whose lists these are.
    pub of: Option<RecordRef>,
}

impl ListsPane {
    pub fn clear(&mut self) {
        self.table.reset("");
        self.infos.clear();
        self.of = None;
    }

    /// (Re)loads the lists of `self.of`.
    pub fn load(&mut self, reqs: &mut Requests) -> Vec<ApiCommand> {
        let mut cmds: Vec<ApiCommand> = cancel_load(&mut self.table, reqs).into_iter().collect();
        let Some(rec) = self.of.clone() else {
            return cmds;
        };
        self.table
            .reset(format!("lists:{}:{}", rec.module.api_name, rec.id));
        self.infos.clear();
        let req = reqs.start(Owner::Lists, "related lists");
        self.table.loading = Some(req);
        cmds.push(ApiCommand::LoadRelatedLists {
            req,
            module: rec.module.api_name,
        });
        cmds
    }

    pub fn on_loaded(&mut self, req: ReqId, res: ApiResult<Vec<RelatedListInfo>>) {
        if self.table.loading != Some(req) {
            return;
        }
        self.table.loading = None;
        match res {
            Ok(lists) => {
                self.table.rows = lists
                    .iter()
                    .map(|l| {
                        Row::new(
                            l.api_name.clone(),
                            l.display_label.clone(),
                            if l.can_delink { "delink" } else { "view only" },
                        )
                    })
                    .collect();
                self.infos = lists;
                self.table.clamp();
            }
            Err(e) => self.table.error = Some(failure_text(&e)),
        }
    }

    /// The focused list.
    pub fn focused(&self) -> Option<&RelatedListInfo> {
        let row = self.table.focused()?;
        self.infos.iter().find(|l| l.api_name == row.id)
    }
}
