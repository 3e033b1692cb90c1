//! `V` in Records: the module's custom views in a list (`GET /settings/custom_views`);
//! `Enter` on one selects its records as a query does (count first, then the rows), titled by
//! the view's name.

use crate::action::Action;
use crate::api_task::{ApiCommand, ApiResult, ReqId};
use crate::zoho::query::{CustomView, Selector};

use super::App;
use super::layers::Layer;
use super::panes::{Pane, failure_text};
use super::query::Matching;
use super::requests::Owner;

#[derive(Clone, Debug, Default)]
pub struct ViewsList {
    /// The module's plural label, for the title.
    pub module: String,
    /// The list's load, while it is on its way.
    pub loading: Option<ReqId>,
    pub views: Vec<CustomView>,
    pub cursor: usize,
    pub error: Option<String>,
}

impl App {
    /// `V`: asks for the module's views and opens the list (it fills when they come).
    pub(super) fn open_views(&mut self) -> Vec<ApiCommand> {
        let module = match self.panes.records.module() {
            Some(m) if self.focus == Pane::Records => m.clone(),
            _ => {
                self.message = Some("V lists a module's custom views: open one in Records".into());
                return Vec::new();
            }
        };
        let req = self
            .requests
            .start(Owner::Views, &format!("{} views", module.api_name));
        self.layers.push(Layer::Views(Box::new(ViewsList {
            module: module.plural_label.clone(),
            loading: Some(req),
            ..ViewsList::default()
        })));
        vec![ApiCommand::LoadViews {
            req,
            module: module.api_name,
        }]
    }

    pub(super) fn on_views(&mut self, req: ReqId, res: ApiResult<Vec<CustomView>>) {
        let Some(list) = self.layers.views_mut().filter(|l| l.loading == Some(req)) else {
            return;
        };
        list.loading = None;
        match res {
            Ok(views) => list.views = views,
            Err(e) => list.error = Some(failure_text(&e)),
        }
    }

    pub(super) fn views_key(&mut self, mut list: ViewsList, action: Action) -> Vec<ApiCommand> {
        let last = list.views.len().saturating_sub(1);
        match action {
            Action::Esc | Action::Quit | Action::No => {
                if let Some(req) = list.loading {
                    self.requests.finish(req);
                    return vec![ApiCommand::Cancel { req }];
                }
                return Vec::new();
            }
            Action::Up => list.cursor = list.cursor.saturating_sub(1),
            Action::Down => list.cursor = (list.cursor + 1).min(last),
            Action::First => list.cursor = 0,
            Action::Last => list.cursor = last,
            Action::PageUp => list.cursor = list.cursor.saturating_sub(10),
            Action::PageDown => list.cursor = (list.cursor + 10).min(last),
            Action::Enter => {
                if let Some(v) = list.views.get(list.cursor) {
                    let query = Matching::new(
                        Selector::View(v.id.clone()),
                        format!("view '{}'", v.name),
                        None,
                    );
                    return self.run_query(query);
                }
            }
            _ => {}
        }
        self.layers.push(Layer::Views(Box::new(list)));
        Vec::new()
    }
}
