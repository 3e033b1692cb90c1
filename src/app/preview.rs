//! At 160 columns or more, `p` opens a side panel where the focused record's fields follow the
//! cursor (lazygit's main panel); it is off until asked, so wide screens keep their columns. Each move asks for the record only once the cursor has rested (the
//! API task waits before sending, and a newer move abandons the older ask), so scrolling through
//! a list costs no calls; below 160 columns the `v` popup is enough.

use std::collections::HashMap;

use crate::api_task::{ApiCommand, ApiResult, RecordDetail, ReqId};
use crate::zoho::FieldMeta;

use super::App;
use super::detail::DetailView;
use super::requests::Owner;

/// From this width the panel shows.
pub const PREVIEW_MIN_WIDTH: u16 = 160;

#[derive(Clone, Debug, Default)]
pub struct Preview {
    /// `p` turned it on.
    pub on: bool,
    /// The record shown (or being loaded).
    pub view: Option<DetailView>,
    /// Field labels per module, asked once.
    fields: HashMap<String, Vec<FieldMeta>>,
}

impl App {
    pub fn preview_shown(&self) -> bool {
        self.preview.on
            && self
                .layers
                .size()
                .is_some_and(|(w, _)| w >= PREVIEW_MIN_WIDTH)
    }

    /// `p`: the panel on or off; below 160 columns it says why not.
    pub(super) fn toggle_preview(&mut self) {
        if self
            .layers
            .size()
            .is_some_and(|(w, _)| w < PREVIEW_MIN_WIDTH)
        {
            self.message = Some(format!(
                "The side panel needs {PREVIEW_MIN_WIDTH} columns: v shows the record"
            ));
            return;
        }
        self.preview.on = !self.preview.on;
    }

    /// The record the panel should show: the focused row of Records or Related records.
    fn preview_target(&self) -> Option<(String, String, String, String)> {
        let (module, row) = self.under_cursor()?;
        let (module, row) = (self.panes.modules.info(module?)?, row?);
        Some((
            module.api_name.clone(),
            module.singular_label.clone(),
            row.id.clone(),
            row.name.clone(),
        ))
    }

    /// After every key and answer: ask for the record under the cursor if it changed.
    pub(super) fn follow_preview(&mut self) -> Vec<ApiCommand> {
        let target = self
            .preview_shown()
            .then(|| self.preview_target())
            .flatten();
        let current = self.preview.view.as_ref().map(|v| (&v.module, &v.id));
        if target.as_ref().map(|(m, _, id, _)| (m, id)) == current {
            return Vec::new();
        }
        let mut cmds = Vec::new();
        if let Some(req) = self.preview.view.take().and_then(|v| v.loading) {
            self.requests.finish(req);
            cmds.push(ApiCommand::Cancel { req });
        }
        let Some((module, label, id, name)) = target else {
            return cmds;
        };
        let req = self.requests.start(Owner::Preview, "preview");
        let known = self.preview.fields.get(&module).cloned();
        cmds.push(ApiCommand::LoadPreview {
            req,
            module: module.clone(),
            id: id.clone(),
            with_fields: known.is_none(),
        });
        self.preview.view = Some(DetailView {
            module,
            label,
            id,
            name,
            loading: Some(req),
            fields: known.unwrap_or_default(),
            ..DetailView::default()
        });
        cmds
    }

    pub(super) fn on_preview(&mut self, req: ReqId, res: ApiResult<RecordDetail>) {
        let Some(view) = self
            .preview
            .view
            .as_mut()
            .filter(|v| v.loading == Some(req))
        else {
            return;
        };
        if let Ok(d) = &res
            && !d.fields.is_empty()
        {
            self.preview
                .fields
                .insert(view.module.clone(), d.fields.clone());
        }
        view.arrived(res);
    }
}
