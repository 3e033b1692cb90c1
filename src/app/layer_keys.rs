//! Keys for the layer on top (dialogs, popups, views): each goes to its component, which puts
//! the layer back unless the key closed it.

use crate::action::Action;
use crate::api_task::ApiCommand;

use super::App;
use super::confirm::{ConfirmDialog, Origin, Outcome};
use super::form::{ExternalForm, FormOutcome};
use super::layers::Layer;
use super::palette::PaletteOutcome;
use super::stop::StopOutcome;

impl App {
    /// A key for the top layer, taken off the stack; it goes back unless the key closed it.
    pub(super) fn layer_key(&mut self, layer: Layer, action: Action) -> Vec<ApiCommand> {
        match layer {
            Layer::Stop(mut d) => match d.handle(action) {
                StopOutcome::Open => self.layers.push(Layer::Stop(d)),
                StopOutcome::KeepGoing => {
                    self.message = Some("Going on: nothing was stopped".into())
                }
                StopOutcome::Stop => return self.stop_all(),
            },
            Layer::Notice(n) => {
                if !matches!(
                    action,
                    Action::Esc | Action::Enter | Action::Quit | Action::No
                ) {
                    self.layers.push(Layer::Notice(n));
                }
            }
            Layer::Journal(view) => return self.journal_key(*view, action),
            Layer::Help(mut palette) => match palette.handle(action) {
                PaletteOutcome::Open => self.layers.push(Layer::Help(palette)),
                PaletteOutcome::Closed => {}
                // As if its key had been pressed on the panes.
                PaletteOutcome::Run(a) => return self.update(a),
                PaletteOutcome::NotRunnable(keys) => {
                    self.layers.push(Layer::Help(palette));
                    self.message = Some(format!("{keys}: a key to press, not an action to run"));
                }
            },
            Layer::Confirm(mut dialog) => match dialog.handle(action) {
                Outcome::Open => self.layers.push(Layer::Confirm(dialog)),
                Outcome::Cancelled => self.message = Some("Cancelled: nothing was sent".into()),
                Outcome::Confirmed => return self.confirmed(*dialog),
                Outcome::Plan => self.open_plan_prompt(dialog),
            },
            Layer::Form(f) => self.form_key(f, action),
            Layer::Detail(view) => return self.detail_key(*view, action),
            Layer::Lookup(p) => return self.lookup_key(*p, action),
            Layer::Bin(v) => return self.bin_key(*v, action),
            Layer::LogLine(view) => self.line_view_key(*view, action),
            Layer::Connection(c) => return self.connection_key(*c, action),
            Layer::Copy(menu) => return self.copy_menu_key(*menu, action),
            Layer::Link(url) => self.link_key(url, action),
            Layer::Query(line) => return self.query_line_key(*line, action),
            Layer::Views(list) => return self.views_key(*list, action),
            Layer::PlanPrompt(p) => return self.plan_prompt_key(*p, action),
        }
        Vec::new()
    }

    fn form_key(&mut self, mut f: Box<ExternalForm>, action: Action) {
        let known = self.panes.modules.api_names();
        match f.handle(action, &known) {
            FormOutcome::Open => self.layers.push(Layer::Form(f)),
            FormOutcome::Closed => {}
            FormOutcome::Submit(req) => {
                let target = format!(
                    "{} '{}' from {} '{}' (by external ID)",
                    req.related_list, req.related_external_value, req.module, req.external_value
                );
                let items = vec![(
                    req.related_external_value.clone(),
                    format!(
                        "{} {} = {}",
                        req.module, req.external_field, req.external_value
                    ),
                )];
                self.layers.push(Layer::Confirm(Box::new(ConfirmDialog::new(
                    crate::zoho::Removal::DelinkExternal(req),
                    "Delink",
                    target,
                    items,
                    0,
                    Origin::None,
                ))));
            }
        }
    }
}
