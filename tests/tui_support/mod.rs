//! The real app and API task against a new sandbox on a `TestBackend`, driven by actions
//! (slumber's Runner pattern), shared by the TUI flow tests.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::Duration;

use ratatui::backend::TestBackend;
use tempfile::TempDir;
use zcrm_tui::action::Action;
use zcrm_tui::app::App;
use zcrm_tui::app::row::Row;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::tui::{Runner, StatusInfo};
use zcrm_tui::zoho::{ClientConfig, ZohoClient};

pub const SETTLE: Duration = Duration::from_secs(30);

pub async fn start(
    w: u16,
    h: u16,
    options: SandboxOptions,
) -> (Sandbox, Runner<TestBackend>, TempDir) {
    start_with(w, h, options, 4).await
}

/// The app against a new sandbox, at most `concurrency` calls in flight.
pub async fn start_with(
    w: u16,
    h: u16,
    options: SandboxOptions,
    concurrency: usize,
) -> (Sandbox, Runner<TestBackend>, TempDir) {
    let sb = Sandbox::start(options).await.unwrap();
    // Each app journals into a directory of its own, never into the admin's.
    let journal = tempfile::tempdir().unwrap();
    let r = runner(&sb, journal.path(), w, h, concurrency).await;
    (sb, r, journal)
}

/// Moves the cursor of the focused pane to the row named `name` (or fails the test).
pub fn goto(r: &mut Runner<TestBackend>, name: &str) {
    goto_where(r, &format!("named {name}"), |row| row.name == name);
}

/// Moves the cursor of the focused pane to the row with id `id` (or fails the test).
pub fn goto_id(r: &mut Runner<TestBackend>, id: &str) {
    goto_where(r, &format!("with id {id}"), |row| row.id == id);
}

fn goto_where(r: &mut Runner<TestBackend>, what: &str, is: impl Fn(&Row) -> bool) {
    r.act(Action::First);
    for _ in 0..2000 {
        let t = r.app.table(r.app.focus).unwrap();
        if t.focused().is_some_and(&is) {
            return;
        }
        r.act(Action::Down);
    }
    panic!("no row {what}");
}

pub async fn act(r: &mut Runner<TestBackend>, actions: &[Action]) {
    for a in actions {
        r.act(a.clone());
        assert!(r.settle(SETTLE).await.unwrap(), "timed out after {a:?}");
    }
}

pub fn deletes(sb: &Sandbox) -> Vec<zcrm_tui::sandbox::RequestRecord> {
    sb.control()
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .collect()
}

/// Requests that change data (anything but a read).
pub fn writes(sb: &Sandbox) -> Vec<zcrm_tui::sandbox::RequestRecord> {
    sb.control()
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET")
        .collect()
}

/// Campaign "Spring Expo" -> Contacts: its id and the focused contact's id.
pub async fn to_spring_expo_contacts(r: &mut Runner<TestBackend>) -> (String, String) {
    goto(r, "Campaigns");
    act(r, &[Action::Enter]).await;
    goto(r, "Spring Expo");
    let campaign = r.app.panes.records.table.focused().unwrap().id.clone();
    act(r, &[Action::Enter]).await;
    goto(r, "Contacts");
    act(r, &[Action::Enter]).await;
    let contact = r.app.panes.related.table.focused().unwrap().id.clone();
    (campaign, contact)
}

/// A new session (an empty log) on an existing sandbox and journal.
pub async fn session_on(
    sb: &Sandbox,
    journal: &std::path::Path,
    w: u16,
    h: u16,
) -> Runner<TestBackend> {
    runner(sb, journal, w, h, 4).await
}

/// [`session_on`] with a read-only client (a `read_only = true` profile).
pub async fn read_only_session_on(
    sb: &Sandbox,
    journal: &std::path::Path,
    w: u16,
    h: u16,
) -> Runner<TestBackend> {
    runner_with(sb, journal, (w, h), 4, true).await
}

async fn runner(
    sb: &Sandbox,
    journal: &std::path::Path,
    w: u16,
    h: u16,
    concurrency: usize,
) -> Runner<TestBackend> {
    runner_with(sb, journal, (w, h), concurrency, false).await
}

async fn runner_with(
    sb: &Sandbox,
    journal: &std::path::Path,
    (w, h): (u16, u16),
    concurrency: usize,
    read_only: bool,
) -> Runner<TestBackend> {
    let client = ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version: 8,
        credentials: sb.credentials(),
        concurrency,
    })
    .unwrap();
    if read_only {
        client.set_read_only();
    }
    let mut app = demo_app();
    app.clock = Arc::new(|| "12:34:56".to_string());
    app.color = false;
    app.journal_dir = Some(journal.to_path_buf());
    let mut r = Runner::new(client, app, TestBackend::new(w, h)).unwrap();
    assert!(r.settle(SETTLE).await.unwrap());
    r
}

/// The app of profile "demo" on the sandbox, API v8, as the flow tests start it.
pub fn demo_app() -> App {
    App::new(StatusInfo {
        profile: "demo".into(),
        data_center: "sandbox".into(),
        api_version: 8,
        production: false,
        credits_left: None,
    })
}

/// Types `text` into whatever field has the keys (no waiting).
pub fn type_text(r: &mut Runner<TestBackend>, text: &str) {
    for c in text.chars() {
        r.act(Action::Char(c));
    }
}

/// `:`, `text`, Enter: a query in Records, counted and its first page shown.
pub async fn query(r: &mut Runner<TestBackend>, text: &str) {
    act(r, &[Action::Query]).await;
    type_text(r, text);
    act(r, &[Action::Enter]).await;
}

/// The ids of the rows loaded in Records.
pub fn ids_shown(r: &Runner<TestBackend>) -> std::collections::BTreeSet<String> {
    r.app
        .panes
        .records
        .table
        .rows
        .iter()
        .map(|row| row.id.clone())
        .collect()
}

/// Leads open in Records, `n` generated "Bulk" Leads added first; their ids.
pub async fn leads_with_bulk(n: usize) -> (Sandbox, Runner<TestBackend>, TempDir, Vec<String>) {
    let (sb, mut r, journal) = start(120, 40, SandboxOptions::default()).await;
    let ids = sb.control().add_records("Leads", n);
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    (sb, r, journal, ids)
}

/// Leads of the sandbox other than `these`.
pub fn leads_but(sb: &Sandbox, these: &[String]) -> Vec<String> {
    sb.control()
        .record_ids("Leads")
        .into_iter()
        .filter(|id| !these.contains(id))
        .collect()
}

/// How the journal says the operation of the newest log entry chose its ids.
pub fn newest_selection(
    r: &Runner<TestBackend>,
    journal: &std::path::Path,
) -> zcrm_tui::journal::Selection {
    let op = r.app.panes.log.entries[0].op_id.clone().expect("journaled");
    let j = zcrm_tui::journal::Journal::open(journal).unwrap();
    let folded = j.details(&op).unwrap().expect("in the journal");
    folded.intent.selection.expect("chosen by a query")
}

/// The newest log entry's error: nothing was removed, and this is why.
pub fn newest_error(r: &Runner<TestBackend>) -> String {
    let entry = &r.app.panes.log.entries[0];
    match &entry.state {
        zcrm_tui::app::log::EntryState::Error { message, .. } => message.clone(),
        other => panic!("not an error: {other:?}"),
    }
}
