//! Start-up and connection errors (a refused refresh token, a wrong data center, no network):
//! the module list failing to load, or any load failing with an auth or network error. They
//! open a popup with the whole message and hint, never squeezed into a pane; `r` retries the
//! load that failed and the popup says so until the answer comes.

use crate::action::Action;
use crate::api_task::{ApiCommand, ApiEvent, ApiFailure, ReqId};
use crate::zoho::client_codes;

use super::App;
use super::layers::Layer;
use super::panes::Pane;

/// Codes that say the connection itself is wrong, whichever load met them.
const CONNECTION_CODES: [&str; 5] = [
    client_codes::OAUTH_REFUSED,
    client_codes::NETWORK,
    "INVALID_TOKEN",
    "AUTHENTICATION_FAILURE",
    "OAUTH_SCOPE_MISMATCH",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionError {
    /// What failed to load, in words ("the module list").
    pub what: String,
    /// The pane whose load `r` retries.
    pub pane: Pane,
    pub failure: ApiFailure,
    /// How many times in a row it failed.
    pub attempts: usize,
    /// The retry in flight, if `r` was pressed.
    pub retrying: Option<ReqId>,
}

pub fn is_connection_failure(f: &ApiFailure) -> bool {
    CONNECTION_CODES.contains(&f.code.as_str())
}

/// The pane and words of a failed load this popup is for, if `event` is one.
fn failed_load(event: &ApiEvent) -> Option<(Pane, &'static str, &ApiFailure)> {
    let (pane, what, f) = match event {
        // Without the module list nothing else can be reached: any failure is shown whole.
        ApiEvent::Modules(_, Err(f)) => return Some((Pane::Modules, "the module list", f)),
        ApiEvent::Records(_, Err(f)) => (Pane::Records, "the records", f),
        ApiEvent::ContactRoles(_, Err(f)) => (Pane::Records, "the contact roles", f),
        ApiEvent::RelatedLists(_, Err(f)) => (Pane::RelatedLists, "the related lists", f),
        ApiEvent::Related(_, Err(f)) => (Pane::Related, "the related records", f),
        _ => return None,
    };
    is_connection_failure(f).then_some((pane, what, f))
}

fn is_load(event: &ApiEvent) -> bool {
    matches!(
        event,
        ApiEvent::Modules(..)
            | ApiEvent::Records(..)
            | ApiEvent::ContactRoles(..)
            | ApiEvent::RelatedLists(..)
            | ApiEvent::Related(..)
    )
}

impl App {
    /// Sees every load's answer before its pane does: a connection failure opens (or updates)
    /// the popup; the answer to its retry closes it when the load worked.
    pub(super) fn watch_connection(&mut self, req: ReqId, event: &ApiEvent) {
        if !is_load(event) {
            return;
        }
        let open = self.layers.connection_mut();
        let was_retry = open.as_ref().is_some_and(|c| c.retrying == Some(req));
        match failed_load(event) {
            Some((pane, what, f)) => match open {
                // One popup, however many loads fail: the newest failure, counted.
                Some(c) => {
                    c.attempts += 1;
                    c.what = what.to_string();
                    c.pane = pane;
                    c.failure = f.clone();
                    c.retrying = None;
                }
                None => self
                    .layers
                    .push(Layer::Connection(Box::new(ConnectionError {
                        what: what.to_string(),
                        pane,
                        failure: f.clone(),
                        attempts: 1,
                        retrying: None,
                    }))),
            },
            None if was_retry => {
                self.layers.close(|l| matches!(l, Layer::Connection(_)));
                self.message = Some("Connected: the load worked".into());
            }
            None => {}
        }
    }

    /// A key for the popup, taken off the stack; it goes back unless the key closed it.
    pub(super) fn connection_key(
        &mut self,
        mut c: ConnectionError,
        action: Action,
    ) -> Vec<ApiCommand> {
        match action {
            Action::Esc | Action::Enter => return Vec::new(),
            Action::Quit => {
                self.layers.push(Layer::Connection(Box::new(c)));
                return self.interrupt(false);
            }
            Action::Reload => {
                let cmds = self.reload(c.pane);
                c.retrying = self.panes.table(c.pane).and_then(|t| t.loading);
                if c.retrying.is_none() {
                    // Nothing to load there any more (the pane was reset): the popup is moot.
                    return cmds;
                }
                self.layers.push(Layer::Connection(Box::new(c)));
                return cmds;
            }
            _ => {}
        }
        self.layers.push(Layer::Connection(Box::new(c)));
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::StatusInfo;

    fn failure(code: &str) -> ApiFailure {
        ApiFailure {
            code: code.into(),
            message: format!("{code} message"),
            hint: "what to do".into(),
        }
    }

    fn started() -> (App, ReqId) {
        let mut app = App::new(StatusInfo {
            profile: "demo".into(),
            data_center: "us".into(),
            api_version: 8,
            production: false,
            credits_left: None,
        });
        let req = app
            .start()
            .iter()
            .find_map(|c| match c {
                ApiCommand::LoadModules { req } => Some(*req),
                _ => None,
            })
            .unwrap();
        (app, req)
    }

    #[test]
    fn any_module_list_failure_opens_the_popup_and_r_retries_until_it_loads() {
        let (mut app, req) = started();
        app.on_api(ApiEvent::Modules(req, Err(failure("INTERNAL_ERROR"))));
        assert!(matches!(app.top_layer(), Some(Layer::Connection(_))));
        let retry = match app.update(Action::Reload).as_slice() {
            [ApiCommand::LoadModules { req }] => *req,
            other => panic!("{other:?}"),
        };
        let Some(Layer::Connection(c)) = app.top_layer() else {
            panic!("closed")
        };
        assert_eq!(c.retrying, Some(retry));
        app.on_api(ApiEvent::Modules(retry, Ok(vec![])));
        assert!(app.top_layer().is_none());
    }

    #[test]
    fn only_connection_codes_open_it_for_other_loads() {
        let (mut app, req) = started();
        app.on_api(ApiEvent::Modules(req, Ok(vec![])));
        let roles = |app: &mut App| match app.open_module(super::super::CONTACT_ROLES_ID).as_slice()
        {
            [ApiCommand::LoadContactRoles { req }] => *req,
            other => panic!("{other:?}"),
        };
        let r = roles(&mut app);
        app.on_api(ApiEvent::ContactRoles(r, Err(failure("NO_PERMISSION"))));
        assert!(
            app.top_layer().is_none(),
            "a pane's own refusal stays in it"
        );
        let r = roles(&mut app);
        app.on_api(ApiEvent::ContactRoles(
            r,
            Err(failure(client_codes::NETWORK)),
        ));
        let Some(Layer::Connection(c)) = app.top_layer() else {
            panic!("no popup")
        };
        assert_eq!(c.pane, Pane::Records);
        assert_eq!(c.failure.message, "NETWORK message");
    }
}
