//! The record detail popup (`v`): every field of one record, labelled from the field metadata,
//! scrollable, `/` to find a field. Loading never blocks: `Esc` abandons it.

use tui_input::Input;

use crate::action::Action;
use crate::api_task::{ApiCommand, ApiResult, RecordDetail, ReqId};
use crate::zoho::related_counts::RelatedCounts;
use crate::zoho::{FieldMeta, LockState, Record, lock_state};

use super::App;
use super::layers::Layer;
use super::panes::{Pane, failure_text};
use super::requests::Owner;

#[derive(Clone, Debug, Default)]
pub struct DetailView {
    /// The module's API name and singular label.
    pub module: String,
    pub label: String,
    pub id: String,
    pub name: String,
    pub loading: Option<ReqId>,
    pub error: Option<String>,
    pub record: Option<Record>,
    /// The record was not there any more.
    pub gone: bool,
    pub fields: Vec<FieldMeta>,
    /// The record's page in Zoho's web UI, when it can be known.
    pub web_url: Option<String>,
    /// How many records each related list holds; read after the record, apart from it, so that
    /// a slow count never holds the fields back.
    pub counts: Option<Result<RelatedCounts, String>>,
    pub counts_loading: Option<ReqId>,
    pub scroll: usize,
    /// The field search being typed, and the one applied.
    pub find: Option<Input>,
    pub query: String,
}

/// One line of the popup: the field's label, its API name, its value for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldLine {
    pub label: String,
    pub api_name: String,
    pub value: String,
}

impl DetailView {
    pub fn lock(&self) -> Option<LockState> {
        self.record.as_ref().and_then(lock_state)
    }

    /// The record's fields with a value, in the metadata's order (then any it does not list),
    /// matching the applied search (label, API name or value, any case).
    pub fn lines(&self) -> Vec<FieldLine> {
        let Some(r) = &self.record else {
            return Vec::new();
        };
        let q = self.query.to_lowercase();
        let known = self.fields.iter().map(|f| (f.api_name.as_str(), Some(f)));
        let extra = r
            .fields
            .keys()
            .filter(|k| !self.fields.iter().any(|f| &f.api_name == *k))
            .map(|k| (k.as_str(), None));
        known
            .chain(extra)
            .filter(|(name, _)| !name.starts_with('$'))
            .filter_map(|(name, meta)| {
                let value = super::values::for_people(r.fields.get(name)?, meta)?;
                let label = meta.map_or_else(|| name.replace('_', " "), |m| m.label.clone());
                Some(FieldLine {
                    label,
                    api_name: name.to_string(),
                    value,
                })
            })
            .filter(|l| {
                q.is_empty()
                    || l.label.to_lowercase().contains(&q)
                    || l.api_name.to_lowercase().contains(&q)
                    || l.value.to_lowercase().contains(&q)
            })
            .collect()
    }

    /// The record's answer: its fields, or why there are none. Field labels and the web link
    /// are kept when the answer brings none (the side panel asks for labels once per module).
    pub fn arrived(&mut self, res: ApiResult<RecordDetail>) {
        self.loading = None;
        match res {
            Ok(d) => {
                self.gone = d.record.is_none();
                self.record = d.record;
                if !d.fields.is_empty() {
                    self.fields = d.fields;
                }
                if d.web_url.is_some() {
                    self.web_url = d.web_url;
                }
            }
            Err(e) => self.error = Some(failure_text(&e)),
        }
    }

    fn scroll_by(&mut self, delta: isize) {
        let max = self.lines().len().saturating_sub(1) as isize;
        self.scroll = (self.scroll as isize + delta).clamp(0, max.max(0)) as usize;
    }
}

impl App {
    /// `v` on a record row: its detail, loaded in the background.
    pub(super) fn open_detail(&mut self) -> Vec<ApiCommand> {
        let Some((module, row)) = self.under_cursor() else {
            self.message = Some("v shows a record: focus Records or Related records".into());
            return Vec::new();
        };
        let (module, row) = (
            module.and_then(|m| self.panes.modules.info(m)).cloned(),
            row.cloned(),
        );
        let Some(module) = module else {
            self.message = Some(if self.focus == Pane::Records {
                "Contact roles are not records: v shows records".into()
            } else {
                "This list's records cannot be opened".into()
            });
            return Vec::new();
        };
        let Some(row) = row else {
            return Vec::new();
        };
        let req = self.requests.start(Owner::Detail, "record detail");
        let counts = self.requests.start(Owner::Detail, "related counts");
        self.layers.push(Layer::Detail(Box::new(DetailView {
            module: module.api_name.clone(),
            label: module.singular_label.clone(),
            id: row.id.clone(),
            name: row.name.clone(),
            loading: Some(req),
            counts_loading: Some(counts),
            ..DetailView::default()
        })));
        vec![
            ApiCommand::LoadDetail {
                req,
                module: module.api_name.clone(),
                id: row.id.clone(),
            },
            ApiCommand::LoadRelatedCounts {
                req: counts,
                module: module.api_name,
                id: row.id,
            },
        ]
    }

    pub(super) fn on_related_counts(&mut self, req: ReqId, res: ApiResult<RelatedCounts>) {
        let Some(Layer::Detail(view)) = self.layers.last_mut() else {
            return;
        };
        if view.counts_loading != Some(req) {
            return;
        }
        view.counts_loading = None;
        view.counts = Some(res.map_err(|e| failure_text(&e)));
    }

    pub(super) fn on_detail(&mut self, req: ReqId, res: ApiResult<RecordDetail>) {
        let Some(Layer::Detail(view)) = self.layers.last_mut() else {
            return;
        };
        if view.loading != Some(req) {
            return;
        }
        view.arrived(res);
    }

    /// A key for the popup, taken off the stack; it goes back unless the key closed it.
    pub(super) fn detail_key(&mut self, mut view: DetailView, action: Action) -> Vec<ApiCommand> {
        if let Some(input) = view.find.as_mut() {
            let req = match action {
                Action::Esc => {
                    view.find = None;
                    None
                }
                Action::Enter => {
                    view.query = input.value().trim().to_string();
                    view.find = None;
                    view.scroll = 0;
                    None
                }
                other => other.edit(),
            };
            if let (Some(r), Some(input)) = (req, view.find.as_mut()) {
                input.handle(r);
                // Fields narrow as you type.
                view.query = input.value().trim().to_string();
                view.scroll = 0;
            }
            self.layers.push(Layer::Detail(Box::new(view)));
            return Vec::new();
        }
        match action {
            Action::Esc if !view.query.is_empty() => {
                view.query.clear();
                view.scroll = 0;
            }
            Action::Esc | Action::Quit | Action::Detail => {
                return [view.loading.take(), view.counts_loading.take()]
                    .into_iter()
                    .flatten()
                    .map(|req| {
                        self.requests.finish(req);
                        ApiCommand::Cancel { req }
                    })
                    .collect();
            }
            Action::Filter => view.find = Some(Input::new(view.query.clone())),
            Action::Up => view.scroll_by(-1),
            Action::Down => view.scroll_by(1),
            Action::PageUp => view.scroll_by(-10),
            Action::PageDown => view.scroll_by(10),
            Action::First => view.scroll = 0,
            Action::Last => view.scroll_by(isize::MAX / 2),
            _ => {}
        }
        self.layers.push(Layer::Detail(Box::new(view)));
        Vec::new()
    }
}
