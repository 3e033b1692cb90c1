//! The Modules pane: the API-supported, deletable modules, plus "Contact Roles".

use crate::api_task::{ApiCommand, ApiResult, ReqId};
use crate::zoho::ModuleInfo;

use super::panes::{cancel_load, plural};
use super::requests::{Owner, Requests};
use super::table::{Row, Table};

/// The id of the "Contact Roles" entry in the Modules pane (not a module of the API).
pub const CONTACT_ROLES_ID: &str = "#contact_roles";

#[derive(Default)]
pub struct ModulesPane {
    pub table: Table,
    pub infos: Vec<ModuleInfo>,
}

impl ModulesPane {
    /// (Re)loads the list, abandoning a load in flight.
    pub fn load(&mut self, reqs: &mut Requests) -> Vec<ApiCommand> {
        let mut cmds: Vec<ApiCommand> = cancel_load(&mut self.table, reqs).into_iter().collect();
        let context = self.table.context.clone();
        self.table.reset(context);
        let req = reqs.start(Owner::Modules, "modules");
        self.table.loading = Some(req);
        cmds.push(ApiCommand::LoadModules { req });
        cmds
    }

    pub fn on_loaded(&mut self, req: ReqId, res: ApiResult<Vec<ModuleInfo>>) {
        if self.table.loading != Some(req) {
            return;
        }
        self.table.loading = None;
        match res {
            Ok(mods) => {
                self.infos = mods
                    .into_iter()
                    .filter(|m| m.api_supported && m.deletable)
                    .collect();
                self.table.rows = self
                    .infos
                    .iter()
                    .map(|m| {
                        Row::new(
                            m.api_name.clone(),
                            m.plural_label.clone(),
                            m.api_name.clone(),
                        )
                    })
                    .collect();
                self.table.rows.push(Row::new(
                    CONTACT_ROLES_ID,
                    "Contact Roles",
                    "Contacts/roles",
                ));
                self.table.clamp();
            }
            // The whole message and hint are in the connection popup; a pane this narrow
            // would only cut them.
            Err(e) => self.table.error = Some(format!("Not loaded ({}): r retries", e.code)),
        }
    }

    pub fn info(&self, api_name: &str) -> Option<&ModuleInfo> {
        self.infos.iter().find(|m| m.api_name == api_name)
    }

    pub fn api_names(&self) -> Vec<String> {
        self.infos.iter().map(|m| m.api_name.clone()).collect()
    }

    /// (singular, plural) labels of the modules.
    pub fn labels(&self) -> Vec<(String, String)> {
        self.infos
            .iter()
            .map(|m| (m.singular_label.clone(), m.plural_label.clone()))
            .collect()
    }

    /// "3 Contacts", "1 Contact" for `api_name` (a module or a related list named after one).
    pub fn counted(&self, n: usize, api_name: &str) -> String {
        match self.info(api_name) {
            Some(m) => plural(n, &m.singular_label, &m.plural_label),
            None => format!("{n} {api_name}"),
        }
    }

    /// "Campaign" for `Campaigns`.
    pub fn singular(&self, api_name: &str) -> String {
        self.info(api_name)
            .map(|m| m.singular_label.clone())
            .unwrap_or_else(|| api_name.to_string())
    }
}
