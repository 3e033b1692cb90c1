//! The delink-by-external-ID form: five text fields, validated before the confirm dialog.

use tui_input::{Input, InputRequest};

use crate::action::Action;
use crate::zoho::ExternalDelink;

pub const LABELS: [&str; 5] = [
    "Module",
    "External field",
    "External value",
    "Related list",
    "Related external value",
];

#[derive(Clone, Debug, Default)]
pub struct ExternalForm {
    pub fields: [Input; 5],
    pub focus: usize,
    pub error: Option<String>,
}

pub enum FormOutcome {
    Open,
    Closed,
    Submit(ExternalDelink),
}

impl ExternalForm {
    pub fn new(module: Option<&str>) -> Self {
        let mut f = Self::default();
        if let Some(m) = module {
            f.fields[0] = Input::new(m.to_string());
            f.focus = 1;
        }
        f
    }

    /// Every field non-empty; module and field names are API names (no spaces or slashes).
    pub fn validate(&self, known_modules: &[String]) -> Result<ExternalDelink, (usize, String)> {
        let v: Vec<String> = self
            .fields
            .iter()
            .map(|i| i.value().trim().to_string())
            .collect();
        for (i, value) in v.iter().enumerate() {
            if value.is_empty() {
                return Err((i, format!("{} is required", LABELS[i])));
            }
        }
        for i in [0, 1, 3] {
            if !v[i].chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err((
                    i,
                    format!("{} must be an API name (letters, digits, _)", LABELS[i]),
                ));
            }
        }
        if !known_modules.is_empty() && !known_modules.iter().any(|m| m == &v[0]) {
            return Err((0, format!("Unknown module '{}'", v[0])));
        }
        Ok(ExternalDelink {
            module: v[0].clone(),
            external_field: v[1].clone(),
            external_value: v[2].clone(),
            related_list: v[3].clone(),
            related_external_value: v[4].clone(),
        })
    }

    pub fn handle(&mut self, action: Action, known_modules: &[String]) -> FormOutcome {
        let field = &mut self.fields[self.focus];
        match action {
            Action::Esc => return FormOutcome::Closed,
            Action::Down | Action::NextPane => self.focus = (self.focus + 1) % LABELS.len(),
            Action::Up | Action::PrevPane => {
                self.focus = (self.focus + LABELS.len() - 1) % LABELS.len()
            }
            Action::Enter => match self.validate(known_modules) {
                Ok(req) => return FormOutcome::Submit(req),
                Err((i, msg)) => {
                    self.focus = i;
                    self.error = Some(msg);
                }
            },
            Action::Char(c) => {
                field.handle(InputRequest::InsertChar(c));
            }
            Action::Backspace => {
                field.handle(InputRequest::DeletePrevChar);
            }
            Action::DeleteChar => {
                field.handle(InputRequest::DeleteNextChar);
            }
            Action::Left => {
                field.handle(InputRequest::GoToPrevChar);
            }
            Action::Right => {
                field.handle(InputRequest::GoToNextChar);
            }
            Action::Home => {
                field.handle(InputRequest::GoToStart);
            }
            Action::End => {
                field.handle(InputRequest::GoToEnd);
            }
            _ => {}
        }
        FormOutcome::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_bad_names_are_refused() {
        let mut f = ExternalForm::new(Some("Contacts"));
        assert_eq!(f.validate(&[]).unwrap_err().0, 1);
        f.fields = [
            Input::new("Contacts".into()),
            Input::new("External Contact".into()),
            Input::new("x/1".into()),
            Input::new("Deals".into()),
            Input::new("d 1".into()),
        ];
        assert_eq!(f.validate(&[]).unwrap_err().0, 1);
        f.fields[1] = Input::new("External_Contact_ID".into());
        let ok = f.validate(&["Contacts".to_string()]).unwrap();
        assert_eq!(ok.external_value, "x/1");
        assert_eq!(f.validate(&["Leads".to_string()]).unwrap_err().0, 0);
    }
}
