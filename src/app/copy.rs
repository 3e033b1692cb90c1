//! Copying over SSH: `y` copies the focused record's id, `Y` opens a menu (id, name, the
//! selected ids, the web URL), `o` shows the web URL in a popup. What to copy is state
//! (`Copying::pending`); the runner hands it to the terminal (OSC 52) after the frame, so the
//! app stays free of I/O and rendering a pure function of state.

use crate::action::Action;
use crate::api_task::{ApiCommand, ReqId};

use super::requests::Owner;
use super::{App, Layer};

#[derive(Debug, Default)]
pub struct Copying {
    /// Text for the clipboard, taken (and cleared) by the runner.
    pub pending: Option<String>,
    /// The web-URL request in flight, and what its answer is for.
    link: Option<(ReqId, LinkUse)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum LinkUse {
    Copy,
    Show,
}

/// The focused record: its id, name and (where known) the module its web page is under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Focused {
    pub id: String,
    pub name: String,
    pub module: Option<String>,
}

/// `Y`: what can be copied of the focused record and the selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyMenu {
    pub record: Focused,
    /// The pane's selected ids, sorted.
    pub selected: Vec<String>,
    pub cursor: usize,
}

/// One line of the menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Id,
    Name,
    Selected,
    WebUrl,
}

impl CopyMenu {
    /// The lines offered: the selection only when there is one, the URL only with a module.
    pub fn choices(&self) -> Vec<Choice> {
        let mut c = vec![Choice::Id, Choice::Name];
        if !self.selected.is_empty() {
            c.push(Choice::Selected);
        }
        if self.record.module.is_some() {
            c.push(Choice::WebUrl);
        }
        c
    }

    /// A choice in words, as the menu lists it.
    pub fn label(&self, choice: Choice) -> String {
        match choice {
            Choice::Id => format!("id        {}", self.record.id),
            Choice::Name => format!("name      {}", self.record.name),
            Choice::Selected => format!("selected  {} ids, one per line", self.selected.len()),
            Choice::WebUrl => "web URL   the record's page in Zoho CRM".to_string(),
        }
    }
}

fn ids_word(n: usize) -> String {
    if n == 1 {
        "1 id".to_string()
    } else {
        format!("{n} ids")
    }
}

impl App {
    /// The record under the cursor in Records or Related records.
    fn focused_record(&self) -> Result<Focused, &'static str> {
        let (module, row) = self
            .under_cursor()
            .ok_or("Copy a record: focus Records or Related records")?;
        let row = row.ok_or("No record here to copy")?;
        Ok(Focused {
            id: row.id.clone(),
            name: row.name.clone(),
            module: module.map(str::to_string),
        })
    }

    fn copy_text(&mut self, text: String, said: String) {
        self.copy.pending = Some(text);
        self.message = Some(format!("copied {said}"));
    }

    /// `y`: the focused record's id.
    pub(super) fn copy_id(&mut self) {
        match self.focused_record() {
            Ok(r) => self.copy_text(r.id.clone(), format!("{}: {}", ids_word(1), r.id)),
            Err(why) => self.message = Some(why.into()),
        }
    }

    /// `Y`: the copy menu.
    pub(super) fn open_copy_menu(&mut self) {
        let record = match self.focused_record() {
            Ok(r) => r,
            Err(why) => {
                self.message = Some(why.into());
                return;
            }
        };
        let selected = self
            .panes
            .table(self.focus)
            .map(|t| t.selected.keys().cloned().collect())
            .unwrap_or_default();
        self.layers.push(Layer::Copy(Box::new(CopyMenu {
            record,
            selected,
            cursor: 0,
        })));
    }

    /// A key in the copy menu (taken off the stack; it goes back unless the key closed it).
    pub(super) fn copy_menu_key(&mut self, mut menu: CopyMenu, action: Action) -> Vec<ApiCommand> {
        let choices = menu.choices();
        let picked = match action {
            Action::Up => {
                menu.cursor = menu.cursor.saturating_sub(1);
                None
            }
            Action::Down => {
                menu.cursor = (menu.cursor + 1).min(choices.len().saturating_sub(1));
                None
            }
            Action::Enter => choices.get(menu.cursor).copied(),
            Action::Char(c) => c
                .to_digit(10)
                .and_then(|d| choices.get((d as usize).checked_sub(1)?))
                .copied(),
            Action::Esc | Action::Quit | Action::No => return Vec::new(),
            _ => None,
        };
        let Some(choice) = picked else {
            self.layers.push(Layer::Copy(Box::new(menu)));
            return Vec::new();
        };
        let r = menu.record;
        match choice {
            Choice::Id => self.copy_text(r.id.clone(), format!("{}: {}", ids_word(1), r.id)),
            Choice::Name => self.copy_text(r.name.clone(), format!("the name: {}", r.name)),
            Choice::Selected => {
                let n = menu.selected.len();
                self.copy_text(menu.selected.join("\n"), ids_word(n));
            }
            Choice::WebUrl => return self.ask_web_url(r, LinkUse::Copy),
        }
        Vec::new()
    }

    /// `o`: the web URL in a popup.
    pub(super) fn show_web_url(&mut self) -> Vec<ApiCommand> {
        match self.focused_record() {
            Ok(r) => self.ask_web_url(r, LinkUse::Show),
            Err(why) => {
                self.message = Some(why.into());
                Vec::new()
            }
        }
    }

    fn ask_web_url(&mut self, r: Focused, use_: LinkUse) -> Vec<ApiCommand> {
        let Some(module) = r.module else {
            self.message = Some("This list's records have no web page to link to".into());
            return Vec::new();
        };
        let req = self.requests.start(Owner::Link, "web URL");
        self.copy.link = Some((req, use_));
        vec![ApiCommand::LoadWebUrl {
            req,
            module,
            id: r.id,
        }]
    }

    pub(super) fn on_web_url(&mut self, req: ReqId, url: Option<String>) {
        let Some((asked, use_)) = self.copy.link.take() else {
            return;
        };
        if asked != req {
            self.copy.link = Some((asked, use_));
            return;
        }
        match (url, use_) {
            (None, _) => {
                self.message = Some(
                    "No web URL: the API domain is not Zoho's (a sandbox?), or GET /org named \
                     no domain"
                        .into(),
                )
            }
            (Some(url), LinkUse::Copy) => self.copy_text(url, "the web URL".into()),
            (Some(url), LinkUse::Show) => self.layers.push(Layer::Link(url)),
        }
    }

    /// A key in the web-URL popup: `y` copies it; Esc, Enter or `q` close it.
    pub(super) fn link_key(&mut self, url: String, action: Action) {
        match action {
            Action::Yes => self.copy_text(url, "the web URL".into()),
            Action::Esc | Action::Enter | Action::Quit | Action::No => {}
            _ => self.layers.push(Layer::Link(url)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::StatusInfo;

    fn app() -> App {
        App::new(StatusInfo {
            profile: "p".into(),
            data_center: "eu".into(),
            api_version: 8,
            production: false,
            credits_left: None,
        })
    }

    const URL: &str = "https://crm.zoho.eu/crm/org1/tab/Leads/1";

    #[test]
    fn a_web_url_answer_is_copied_or_shown_as_asked_and_stale_ones_are_dropped() {
        let mut a = app();
        a.copy.link = Some((7, LinkUse::Copy));
        a.on_web_url(6, Some("stale".into()));
        assert!(a.copy.pending.is_none() && a.copy.link.is_some());
        a.on_web_url(7, Some(URL.into()));
        assert_eq!(a.copy.pending.as_deref(), Some(URL));
        assert_eq!(a.message.as_deref(), Some("copied the web URL"));

        let mut a = app();
        a.copy.link = Some((8, LinkUse::Show));
        a.on_web_url(8, Some(URL.into()));
        assert!(matches!(a.top_layer(), Some(Layer::Link(u)) if u == URL));
        assert!(a.copy.pending.is_none());
        // y in the popup copies it; the popup stays for another look until Esc.
        a.update(Action::Yes);
        assert_eq!(a.copy.pending.as_deref(), Some(URL));
        a.update(Action::Esc);
        assert!(a.top_layer().is_none());
    }
}
