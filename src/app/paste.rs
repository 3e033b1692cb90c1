//! Bracketed paste. Into a text field it is typed text; into a module's Records it is a list of
//! ids (from a spreadsheet, a ticket): those loaded are selected at once, the rest are looked up
//! on `Enter` (`GET /{module}?ids=`, at most 100 a call) and selected when found.

use std::collections::{HashMap, HashSet};

use crate::action::{Action, Mode};
use crate::api_task::{ApiCommand, ApiResult, ReqId};
use crate::zoho::{Record, ids::is_valid_id};

use super::layers::{Layer, Notice};
use super::panes::{Pane, failure_text};
use super::requests::Owner;
use super::{App, Top};

/// More than this in one paste is not a selection made by hand: the CLI's `--ids-file` is for it.
pub const MAX_PASTED_IDS: usize = 10_000;
/// Text pasted into a field is cut here (fields hold a search, a count, an external value).
const MAX_PASTED_TEXT: usize = 1_000;

/// Pasted ids that are not loaded, waiting for `Enter` to be looked up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingLookup {
    pub module: String,
    pub ids: Vec<String>,
    pub notice: Notice,
}

/// The ids in pasted text: separated by spaces, commas, semicolons or line breaks.
pub fn pasted_ids(text: &str) -> Result<Vec<String>, String> {
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    let mut bad = Vec::new();
    for token in text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
    {
        if !is_valid_id(token) {
            bad.push(token);
        } else if seen.insert(token) {
            ids.push(token.to_string());
        }
        if ids.len() > MAX_PASTED_IDS {
            return Err(format!(
                "More than {MAX_PASTED_IDS} ids pasted: nothing was selected (the CLI's --ids-file takes any number)"
            ));
        }
    }
    match (bad.first(), ids.is_empty()) {
        (Some(b), _) => {
            let shown: String = crate::text::strip_controls(b).chars().take(30).collect();
            Err(format!(
                "'{shown}' is not a record id ({} such in the paste): nothing was selected",
                bad.len()
            ))
        }
        (None, true) => Err("Nothing to paste: no ids in it".into()),
        (None, false) => Ok(ids),
    }
}

impl App {
    pub(super) fn paste(&mut self, text: String) -> Vec<ApiCommand> {
        if self.mode() == Mode::Text {
            // Typed text, without line breaks or other control characters.
            return text
                .chars()
                .filter(|c| !c.is_control())
                .take(MAX_PASTED_TEXT)
                .flat_map(|c| self.update(Action::Char(c)))
                .collect();
        }
        if !matches!(self.top(), Top::Panes) {
            // A dialog is answered with keys: a paste never confirms anything.
            return Vec::new();
        }
        let module = match (self.focus, self.panes.records.module()) {
            (Pane::Records, Some(m)) => m.api_name.clone(),
            _ => {
                self.message = Some("Paste ids into a module's Records to select them".into());
                return Vec::new();
            }
        };
        let ids = match pasted_ids(&text) {
            Ok(ids) => ids,
            Err(why) => {
                self.message = Some(why);
                return Vec::new();
            }
        };
        let t = &mut self.panes.records.table;
        let loaded: HashMap<&str, &str> = t
            .rows
            .iter()
            .map(|r| (r.id.as_str(), r.name.as_str()))
            .collect();
        let mut picked = Vec::new();
        let mut rest = Vec::new();
        for id in ids {
            match loaded.get(id.as_str()) {
                Some(name) if !t.removing.contains(&id) => {
                    picked.push((id.clone(), name.to_string()))
                }
                Some(_) => {}
                None => rest.push(id),
            }
        }
        let selected_now = picked.len();
        t.selected.extend(picked);
        if rest.is_empty() {
            self.message = Some(format!(
                "Pasted ids: {}",
                super::panes::plural(selected_now, "row selected", "rows selected")
            ));
            return Vec::new();
        }
        let calls = rest.len().div_ceil(crate::zoho::MAX_IDS_PER_CALL);
        let notice = Notice {
            title: "Pasted ids".into(),
            lines: vec![
                format!(
                    "{} loaded {} selected. {} not loaded.",
                    selected_now,
                    if selected_now == 1 {
                        "row is"
                    } else {
                        "rows are"
                    },
                    super::panes::plural(rest.len(), "id is", "ids are"),
                ),
                format!(
                    "Enter looks them up in {module} ({}, reads only) and selects those found; \
                     Esc leaves them out.",
                    super::panes::plural(calls, "call", "calls")
                ),
            ],
        };
        self.layers.push(Layer::Lookup(Box::new(PendingLookup {
            module,
            ids: rest,
            notice,
        })));
        Vec::new()
    }

    /// A key for the lookup offer, taken off the stack.
    pub(super) fn lookup_key(&mut self, p: PendingLookup, action: Action) -> Vec<ApiCommand> {
        match action {
            Action::Enter | Action::Yes => {
                let req = self.requests.start(Owner::Records, "looking up pasted ids");
                self.panes.records.lookup = Some((req, p.module.clone(), p.ids.len()));
                vec![ApiCommand::LookupIds {
                    req,
                    module: p.module,
                    ids: p.ids,
                }]
            }
            Action::Esc | Action::No | Action::Quit => {
                self.message = Some(format!(
                    "{}: not looked up, not selected",
                    super::panes::plural(p.ids.len(), "pasted id", "pasted ids")
                ));
                Vec::new()
            }
            _ => {
                self.layers.push(Layer::Lookup(Box::new(p)));
                Vec::new()
            }
        }
    }

    pub(super) fn on_looked_up(&mut self, req: ReqId, res: ApiResult<Vec<Record>>) {
        let records = &mut self.panes.records;
        let Some((_, module, asked)) = records.lookup.take().filter(|(r, _, _)| *r == req) else {
            return;
        };
        if records.module().map(|m| &m.api_name) != Some(&module) {
            self.message = Some(format!(
                "The pasted ids were looked up in {module}, which is no longer shown: nothing selected"
            ));
            return;
        }
        match res {
            Ok(found) => {
                let n = found.len();
                let t = &mut records.table;
                t.selected.extend(
                    found
                        .into_iter()
                        .filter(|r| !t.removing.contains(&r.id))
                        .map(|r| (r.id.clone(), r.display_name())),
                );
                self.message = Some(match asked - n.min(asked) {
                    0 => format!("Looked up and selected {n}"),
                    missing => format!(
                        "Looked up and selected {n}; {} not in {module} (deleted, or another module's)",
                        super::panes::plural(missing, "id is", "ids are")
                    ),
                });
            }
            Err(e) => {
                self.message = Some(format!(
                    "The pasted ids could not be looked up: {}",
                    failure_text(&e)
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_any_separator_once_each_and_bad_input_selects_nothing() {
        assert_eq!(
            pasted_ids("111, 222;333\n\t111\r\n").unwrap(),
            ["111", "222", "333"]
        );
        let bad = pasted_ids("111\nabc\n\u{1b}[2J").unwrap_err();
        assert!(bad.contains("'abc' is not a record id (2 such"), "{bad}");
        assert!(pasted_ids(" \n, ").unwrap_err().contains("no ids"));
        let many: String = (0..=MAX_PASTED_IDS)
            .map(|i| format!("{} ", 1000 + i))
            .collect();
        assert!(pasted_ids(&many).unwrap_err().contains("More than"));
    }
}
