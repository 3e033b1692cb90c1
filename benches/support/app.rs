//! The real app and API task on a `TestBackend` against a sandbox, as the flow tests drive them.

use std::sync::Arc;
use std::time::Duration;

use ratatui::backend::TestBackend;
use zcrm_tui::action::Action;
use zcrm_tui::app::App;
use zcrm_tui::tui::{Runner, StatusInfo};
use zcrm_tui::zoho::ZohoClient;

pub const SETTLE: Duration = Duration::from_secs(60);

/// A settled runner (module list loaded) on a `w` x `h` `TestBackend`, colours on as in a real
/// terminal (styles cost cells and bytes), a fixed clock.
pub async fn runner(client: ZohoClient, w: u16, h: u16) -> Runner<TestBackend> {
    let mut app = App::new(StatusInfo {
        profile: "demo".into(),
        data_center: "sandbox".into(),
        api_version: 8,
        production: false,
        credits_left: None,
    });
    app.clock = Arc::new(|| "09:41:00".to_string());
    app.color = true;
    let mut r = match Runner::new(client, app, TestBackend::new(w, h)) {
        Ok(r) => r,
        Err(e) => panic!("runner: {e}"),
    };
    settle(&mut r).await;
    r
}

pub async fn settle(r: &mut Runner<TestBackend>) {
    match r.settle(SETTLE).await {
        Ok(true) => {}
        Ok(false) => panic!("the app did not settle within {SETTLE:?}"),
        Err(e) => panic!("draw: {e}"),
    }
}

/// Moves the focused pane's cursor to the row named `name`.
pub fn goto(r: &mut Runner<TestBackend>, name: &str) {
    r.act(Action::First);
    for _ in 0..5000 {
        let t = r.app.table(r.app.focus);
        if t.is_some_and(|t| t.focused().is_some_and(|row| row.name == name)) {
            return;
        }
        r.act(Action::Down);
    }
    panic!("no row named {name}");
}

/// Opens Leads and pages through them (as `G` does, page after page) until the server has no
/// more, or `max` rows are loaded. Returns the rows loaded.
pub async fn load_all_leads(r: &mut Runner<TestBackend>, max: usize) -> usize {
    goto(r, "Leads");
    r.act(Action::Enter);
    settle(r).await;
    for _ in 0..1000 {
        if r.app.panes.records.table.next.is_none() || r.app.panes.records.table.rows.len() >= max {
            break;
        }
        r.act(Action::Last);
        settle(r).await;
    }
    r.act(Action::First);
    r.app.panes.records.table.rows.len()
}
