//! `P` in the confirm dialog of a record delete: a plan is written instead of removing, for
//! another admin to review (`zcrm-tui apply FILE`). The prompt asks for the file; the API task
//! reads the records and writes it. Esc goes back to the dialog, which stays as it was; nothing
//! is ever removed from here.

use std::path::PathBuf;

use tui_input::Input;

use crate::action::Action;
use crate::api_task::{ApiCommand, ApiResult, PlanOf, PlanWritten, ReqId};
use crate::numbers::thousands;

use super::App;
use super::confirm::ConfirmDialog;
use super::layers::Layer;
use super::log::{EntryState, LogEntry};
use super::requests::Owner;

/// The path prompt, over the dialog it came from (kept whole, for Esc).
#[derive(Clone, Debug)]
pub struct PlanPrompt {
    pub dialog: Box<ConfirmDialog>,
    pub input: Input,
    /// The write in progress, and how many matches it has read of how many (a query).
    pub writing: Option<ReqId>,
    pub read: Option<(usize, u64)>,
    pub error: Option<String>,
}

/// Where a plan of `module` goes unless the admin says otherwise: the current directory, a
/// name that sorts by time.
pub fn default_path(module: &str, stamp: &str) -> String {
    format!("./zcrm-plan-{module}-{stamp}.json")
}

/// "Plan written: PATH (N records) — review it, then zcrm-tui apply PATH".
pub fn written_text(w: &PlanWritten) -> String {
    let n = crate::app::panes::plural(w.count, "record", "records");
    let mut s = format!(
        "Plan written: {} ({n}) — review it, then zcrm-tui apply {}",
        w.path, w.path
    );
    if w.missing > 0 {
        s.push_str(&format!(
            " ({} no longer there, left out)",
            thousands(w.missing as u64)
        ));
    }
    s
}

impl App {
    /// `P` in a dialog that can be planned: the prompt, prefilled.
    pub(super) fn open_plan_prompt(&mut self, dialog: Box<ConfirmDialog>) {
        let Some(of) = dialog.plan_of(&self.info.profile) else {
            self.layers.push(Layer::Confirm(dialog));
            return;
        };
        let path = default_path(&of.module, &(self.file_stamp)());
        self.layers.push(Layer::PlanPrompt(Box::new(PlanPrompt {
            dialog,
            input: Input::new(path),
            writing: None,
            read: None,
            error: None,
        })));
    }

    pub(super) fn plan_prompt_key(&mut self, mut p: PlanPrompt, action: Action) -> Vec<ApiCommand> {
        match action {
            Action::Esc => {
                // Back to the dialog; a write under way is abandoned (the file is written
                // whole or not at all).
                let mut cmds = Vec::new();
                if let Some(req) = p.writing.take() {
                    self.requests.finish(req);
                    cmds.push(ApiCommand::Cancel { req });
                }
                self.message = Some("No plan written: back to the dialog".into());
                self.layers.push(Layer::Confirm(p.dialog));
                return cmds;
            }
            Action::Enter if p.writing.is_none() => {
                let path = p.input.value().trim().to_string();
                let of: Option<PlanOf> = p.dialog.plan_of(&self.info.profile);
                match of {
                    Some(of) if !path.is_empty() => {
                        let req = self.requests.start(Owner::Plan, "writing the plan");
                        p.writing = Some(req);
                        p.error = None;
                        self.layers.push(Layer::PlanPrompt(Box::new(p)));
                        return vec![ApiCommand::WritePlan {
                            req,
                            path: PathBuf::from(path),
                            of,
                        }];
                    }
                    _ => p.error = Some("Give the plan's file name".into()),
                }
            }
            other if p.writing.is_none() => {
                if let Some(req) = other.edit() {
                    p.input.handle(req);
                    p.error = None;
                }
            }
            _ => {}
        }
        self.layers.push(Layer::PlanPrompt(Box::new(p)));
        Vec::new()
    }

    pub(super) fn on_plan_reading(&mut self, req: ReqId, read: usize, total: u64) {
        if let Some(p) = self.layers.plan_prompt_mut(req) {
            p.read = Some((read, total));
        }
    }

    /// Written: the prompt and the dialog close, nothing was removed. Not written: the prompt
    /// says why and stays (another name, or Esc back to the dialog).
    pub(super) fn on_plan_written(&mut self, req: ReqId, res: ApiResult<PlanWritten>) {
        let Some(p) = self.layers.plan_prompt_mut(req) else {
            return;
        };
        match res {
            Ok(w) => {
                self.layers
                    .close(|l| matches!(l, Layer::PlanPrompt(p) if p.writing == Some(req)));
                let text = written_text(&w);
                let mut entry = LogEntry::running(req, (self.clock)(), "Plan", "", 0);
                entry.state = EntryState::Said(text.clone());
                self.panes.log.push(entry);
                self.message = Some(text);
            }
            Err(e) => {
                p.writing = None;
                p.read = None;
                p.error = Some(format!("{} — {}", e.message, e.hint));
            }
        }
    }
}
