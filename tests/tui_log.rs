//! A log you can read, on the real app against the sandbox: failures first with their names,
//! a line opened whole, failures only, a filter, `x` retrying only the failed ids through the
//! confirm dialog, and connection errors in a popup that `r` retries.

use crate::tui_support;

use std::sync::Arc;

use ratatui::backend::TestBackend;
use zcrm_tui::action::Action;
use zcrm_tui::app::confirm::Work;
use zcrm_tui::app::log::{EntryState, LogLine};
use zcrm_tui::app::{App, Layer, Pane};
use zcrm_tui::sandbox::{Fault, Sandbox, SandboxOptions};
use zcrm_tui::tui::{Runner, StatusInfo};
use zcrm_tui::zoho::{ClientConfig, Credentials, IdOutcome, Secret, ZohoClient};

use tui_support::*;

/// Moves the Records cursor to the row with `id`.
fn goto_id(r: &mut Runner<TestBackend>, id: &str) {
    r.act(Action::First);
    for _ in 0..2000 {
        if r.app
            .panes
            .records
            .table
            .focused()
            .is_some_and(|row| row.id == id)
        {
            return;
        }
        r.act(Action::Down);
    }
    panic!("no row with id {id}");
}

/// Leads: one locked and two free ones deleted; the log focused. (locked id, its name, free ids)
async fn delete_three_leads_one_locked(
    sb: &Sandbox,
    r: &mut Runner<TestBackend>,
) -> (String, String, Vec<String>) {
    let ctl = sb.control();
    let locked = ctl.locked_record_ids("Leads");
    let pending = ctl.not_approved_record_ids("Leads");
    let lock_id = locked
        .first()
        .expect("the sandbox has a locked lead")
        .clone();
    goto(r, "Leads");
    act(r, &[Action::Enter]).await;
    let rows: Vec<String> = r
        .app
        .panes
        .records
        .table
        .rows
        .iter()
        .map(|row| row.id.clone())
        .collect();
    let at = rows
        .iter()
        .position(|id| *id == lock_id)
        .expect("the locked lead is on the first page");
    let is_free = |id: &&String| !locked.contains(id) && !pending.contains(id);
    // Free leads listed before the locked one where there are: the report keeps that order, so
    // the failure comes first only because the log puts it there.
    let free: Vec<String> = rows[..at]
        .iter()
        .rev()
        .chain(&rows[at + 1..])
        .filter(is_free)
        .take(2)
        .cloned()
        .collect();
    for id in free.iter().chain([&lock_id]) {
        goto_id(r, id);
        r.act(Action::ToggleSelect);
    }
    let name = r.app.panes.records.table.selected[&lock_id].clone();
    act(r, &[Action::Remove, Action::Yes]).await;
    r.app.focus = Pane::Log;
    (lock_id, name, free)
}

/// Where the outcome of `id` is in log entry `entry`'s report.
fn failure_index(r: &Runner<TestBackend>, entry: usize, id: &str) -> usize {
    r.app.panes.log.entries[entry]
        .outcomes
        .iter()
        .position(|o| o.id() == id)
        .expect("an outcome for the id")
}

#[tokio::test]
async fn a_failure_is_listed_first_by_name_opens_whole_and_x_retries_only_it() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    let (lock_id, name, free) = delete_three_leads_one_locked(&sb, &mut r).await;
    let e = &r.app.panes.log.entries[0];
    assert_eq!(
        e.state,
        EntryState::Done {
            removed: 2,
            failed: 1,
            not_attempted: 0
        }
    );
    let j = failure_index(&r, 0, &lock_id);
    assert!(j > 0, "the report lists a removed lead before the failure");
    // Expanded, the failure comes first, with its name.
    act(&mut r, &[Action::Enter]).await;
    let lines = r.app.panes.log.lines();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[1], LogLine::Outcome(0, j));
    let s = r.screen_text();
    let failed_line = format!("✗ {name} ({lock_id}) RECORD_LOCKED");
    let at = |needle: &str| s.find(needle).unwrap_or_else(|| panic!("{needle}: {s}"));
    assert!(at(&failed_line) < at("SUCCESS"), "{s}");

    // Enter on it: the whole line in a popup.
    act(&mut r, &[Action::Down, Action::Enter]).await;
    assert!(matches!(r.app.top_layer(), Some(Layer::LogLine(_))));
    let s = r.screen_text();
    let Some(IdOutcome::Failed { hint, message, .. }) = r.app.panes.log.entries[0].outcomes.get(j)
    else {
        panic!("not a failure")
    };
    for needle in [
        "RECORD_LOCKED",
        name.as_str(),
        lock_id.as_str(),
        "x retries",
    ] {
        assert!(s.contains(needle), "{needle}: {s}");
    }
    // Wrapped, not cut: every word of the message and the hint is on screen.
    for word in hint.split(' ').chain(message.split(' ')) {
        assert!(s.contains(word), "{word}: {s}");
    }
    act(&mut r, &[Action::Esc]).await;
    assert!(r.app.top_layer().is_none());

    // x: the confirm dialog, with exactly the failed id; cancel sends nothing.
    let before = writes(&sb).len();
    act(&mut r, &[Action::Retry]).await;
    let Some(Layer::Confirm(d)) = r.app.top_layer() else {
        panic!("no dialog: {}", r.screen_text())
    };
    assert_eq!(d.items.get(0), Some((lock_id.as_str(), name.as_str(), "")));
    assert_eq!(d.items.len(), 1);
    let Work::Remove(op) = &d.work else {
        panic!("{:?}", d.work)
    };
    assert_eq!(op.ids(), vec![lock_id.clone()]);
    assert_eq!(d.title, "Delete 1 Lead (retry of 12:34:56)");
    assert_eq!(d.locked, 1, "the dialog warns it is still locked");
    act(&mut r, &[Action::Esc]).await;
    assert_eq!(writes(&sb).len(), before, "cancelled: nothing sent");

    // Confirmed: only that id goes, through the normal path (its row marked in flight).
    r.act(Action::Retry);
    r.act(Action::Yes);
    assert!(r.app.panes.records.table.removing.contains(&lock_id));
    assert!(r.settle(SETTLE).await.unwrap());
    let sent = writes(&sb);
    assert_eq!(sent.len(), before + 1, "{sent:?}");
    let last = &sent[before];
    assert_eq!(last.method, "DELETE");
    assert_eq!(last.ids, 1);
    // One id goes in the path.
    let sent_to = format!("{}?{}", last.path, last.query);
    assert!(sent_to.contains(&lock_id), "{last:?}");
    assert!(free.iter().all(|id| !sent_to.contains(id.as_str())));
    let retry = &r.app.panes.log.entries[0];
    assert_eq!(retry.target, "1 Lead (retry of 12:34:56)");
    assert!(matches!(retry.state, EntryState::Done { failed: 1, .. }));
}

#[tokio::test]
async fn f_shows_failures_only_and_slash_filters_the_log() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    let (lock_id, name, free) = delete_three_leads_one_locked(&sb, &mut r).await;
    // A second operation that goes through entirely.
    let ctl = sb.control();
    let (locked, pending) = (
        ctl.locked_record_ids("Leads"),
        ctl.not_approved_record_ids("Leads"),
    );
    let other = r
        .app
        .panes
        .records
        .table
        .rows
        .iter()
        .map(|row| row.id.clone())
        .find(|id| !locked.contains(id) && !pending.contains(id) && *id != lock_id)
        .unwrap();
    r.app.focus = Pane::Records;
    goto_id(&mut r, &other);
    act(&mut r, &[Action::Remove, Action::Yes]).await;
    r.app.focus = Pane::Log;
    assert!(matches!(
        r.app.panes.log.entries[0].state,
        EntryState::Done {
            removed: 1,
            failed: 0,
            not_attempted: 0
        }
    ));
    let j = failure_index(&r, 1, &lock_id);
    // Expand the operation with the failure.
    act(&mut r, &[Action::Down, Action::Enter]).await;
    assert_eq!(r.app.panes.log.lines().len(), 5);

    act(&mut r, &[Action::FailuresOnly]).await;
    let lines = r.app.panes.log.lines();
    assert_eq!(lines, vec![LogLine::Entry(1), LogLine::Outcome(1, j)]);
    assert!(r.screen_text().contains("failures only"));
    act(&mut r, &[Action::FailuresOnly]).await;
    assert_eq!(r.app.panes.log.lines().len(), 5);

    // `/` narrows as you type: by a free lead's id, only its operation and line remain.
    r.act(Action::Filter);
    for c in free[0].chars() {
        r.act(Action::Char(c));
    }
    assert_eq!(
        r.app.panes.log.lines().len(),
        2,
        "{:?}",
        r.app.panes.log.lines()
    );
    act(&mut r, &[Action::Enter]).await;
    assert_eq!(r.app.panes.log.filter, free[0]);
    // By the locked lead's name: its line.
    r.act(Action::Filter);
    for _ in 0..free[0].len() {
        r.act(Action::Backspace);
    }
    for c in name.chars() {
        r.act(Action::Char(c));
    }
    act(&mut r, &[Action::Enter]).await;
    let lines = r.app.panes.log.lines();
    assert!(lines.contains(&LogLine::Outcome(1, j)), "{lines:?}");
    // Esc clears the filter before it leaves the pane.
    act(&mut r, &[Action::Esc]).await;
    assert!(r.app.panes.log.filter.is_empty());
    assert_eq!(r.app.focus, Pane::Log);
    assert_eq!(r.app.panes.log.lines().len(), 5);
}

/// The app on `sb` with these credentials (the sandbox may be scripted first).
async fn session_with(
    sb: &Sandbox,
    credentials: Credentials,
) -> (Runner<TestBackend>, tempfile::TempDir) {
    let client = ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version: 8,
        credentials,
        concurrency: 4,
    })
    .unwrap();
    let mut app = App::new(StatusInfo {
        profile: "demo".into(),
        data_center: "sandbox".into(),
        api_version: 8,
        production: false,
        credits_left: None,
    });
    app.clock = Arc::new(|| "12:34:56".to_string());
    app.color = false;
    let journal = tempfile::tempdir().unwrap();
    app.journal_dir = Some(journal.path().to_path_buf());
    let mut r = Runner::new(client, app, TestBackend::new(80, 24)).unwrap();
    assert!(r.settle(SETTLE).await.unwrap());
    (r, journal)
}

#[tokio::test]
async fn a_refused_refresh_token_is_a_readable_popup_and_r_retries() {
    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let mut creds = sb.credentials();
    creds.refresh_token = Secret::new("1000.not-a-real-refresh-token");
    let (mut r, _journal) = session_with(&sb, creds).await;
    let Some(Layer::Connection(c)) = r.app.top_layer() else {
        panic!("no popup: {}", r.screen_text())
    };
    assert_eq!(c.failure.code, "OAUTH_REFUSED");
    let hint = c.failure.hint.clone();
    let s = r.screen_text();
    assert!(s.contains("Cannot reach Zoho CRM"), "{s}");
    assert!(s.contains("OAUTH_REFUSED"), "{s}");
    for word in hint.split(' ') {
        assert!(s.contains(word), "{word}: {s}");
    }
    assert!(s.contains("r retries"), "{s}");
    // r: the module list is asked again; refused again, the popup says so.
    r.act(Action::Reload);
    let Some(Layer::Connection(c)) = r.app.top_layer() else {
        panic!("the popup closed: {}", r.screen_text())
    };
    assert!(c.retrying.is_some());
    assert!(r.app.panes.modules.table.loading.is_some());
    assert!(r.settle(SETTLE).await.unwrap());
    let Some(Layer::Connection(c)) = r.app.top_layer() else {
        panic!("the popup closed: {}", r.screen_text())
    };
    assert_eq!(c.attempts, 2);
    assert!(r.screen_text().contains("2 in a row"));
    // Esc closes it; the pane says only what to do.
    act(&mut r, &[Action::Esc]).await;
    assert!(r.app.top_layer().is_none());
    let s = r.screen_text();
    assert!(s.contains("r retries"), "{s}");
    assert!(writes(&sb).is_empty());
}

#[tokio::test]
async fn no_network_is_a_popup_and_r_loads_once_it_is_back() {
    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    // Every attempt of the first load loses its connection (reads are retried twice).
    sb.control()
        .script_faults("GET /settings/modules", &[Fault::LostAfterApply; 3])
        .unwrap();
    let (mut r, _journal) = session_with(&sb, sb.credentials()).await;
    let Some(Layer::Connection(c)) = r.app.top_layer() else {
        panic!("no popup: {}", r.screen_text())
    };
    assert_eq!(c.failure.code, "NETWORK");
    assert!(r.app.panes.modules.table.rows.is_empty());
    act(&mut r, &[Action::Reload]).await;
    assert!(r.app.top_layer().is_none(), "{}", r.screen_text());
    assert!(
        r.app
            .panes
            .modules
            .table
            .rows
            .iter()
            .any(|row| row.name == "Leads")
    );
}
