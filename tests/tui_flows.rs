//! Flows against the real sandbox over loopback: the real `App` and API task, driven by scripted
//! actions on a `TestBackend` (slumber's Runner pattern).

use std::time::Duration;

use ratatui::backend::TestBackend;
use zcrm_tui::action::Action;
use zcrm_tui::app::log::EntryState;
use zcrm_tui::app::{App, Layer, Pane};
use zcrm_tui::sandbox::{Fault, SandboxOptions};
use zcrm_tui::tui::Runner;
use zcrm_tui::zoho::{ClientConfig, IdOutcome, ZohoClient};

use crate::tui_support;
use tui_support::*;

#[tokio::test]
async fn cancelled_dialogs_send_nothing() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    let first = r.app.panes.records.table.focused().unwrap().id.clone();
    // Esc, n, and Enter on the default (Cancel) button all cancel.
    for cancel in [Action::Esc, Action::No, Action::Enter] {
        act(
            &mut r,
            &[Action::ToggleSelect, Action::ToggleSelect, Action::Remove],
        )
        .await;
        assert!(matches!(r.app.top_layer(), Some(Layer::Confirm(_))));
        assert!(r.screen_text().contains("Delete 2 Leads"));
        act(&mut r, &[cancel]).await;
        assert!(r.app.top_layer().is_none());
        r.app.panes.records.table.selected.clear();
        r.act(Action::First);
    }
    // A typed-count dialog cancelled after a wrong count.
    act(&mut r, &[Action::SelectAll, Action::Remove]).await;
    act(&mut r, &[Action::Char('7'), Action::Enter, Action::Esc]).await;
    assert!(r.app.top_layer().is_none());
    // Contact roles and a delink too.
    act(&mut r, &[Action::Esc]).await;
    goto(&mut r, "Contact Roles");
    act(&mut r, &[Action::Enter, Action::Remove, Action::No]).await;

    assert!(deletes(&sb).is_empty(), "{:?}", deletes(&sb));
    assert!(r.app.panes.log.entries.is_empty());
    assert!(sb.control().record_exists("Leads", &first));
}

#[tokio::test]
async fn removing_250_leads_goes_out_as_3_calls_with_progress() {
    // One call at a time, each taking a while: every progress step lasts long enough to be seen.
    let (sb, mut r, _journal) = start_with(120, 40, SandboxOptions::default(), 1).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    // Space selects and moves down; the next page loads as the cursor nears the end.
    for _ in 0..250 {
        r.act(Action::ToggleSelect);
        assert!(r.settle(SETTLE).await.unwrap());
    }
    assert_eq!(r.app.panes.records.table.selected.len(), 250);
    assert!(
        r.app.panes.records.table.rows.len() >= 400,
        "second page loaded"
    );
    let ids: Vec<String> = r.app.panes.records.table.selected.keys().cloned().collect();

    act(&mut r, &[Action::Remove]).await;
    assert!(r.screen_text().contains("Type 250 to confirm"));
    // `y` is not enough for more than 10 items.
    act(&mut r, &[Action::Yes]).await;
    assert!(matches!(r.app.top_layer(), Some(Layer::Confirm(_))));
    assert!(deletes(&sb).is_empty());
    act(
        &mut r,
        &[Action::Char('2'), Action::Char('5'), Action::Char('0')],
    )
    .await;
    sb.control().set_latency(Duration::from_millis(40));
    r.act(Action::Enter);

    // Watch the frames while the removal runs: progress must be drawn.
    let mut progress_drawn = false;
    let deadline = tokio::time::Instant::now() + SETTLE;
    while r.app.is_busy() && tokio::time::Instant::now() < deadline {
        assert!(r.settle(Duration::from_millis(1)).await.is_ok());
        let s = r.screen_text();
        progress_drawn |= ["100/250", "200/250"].iter().any(|p| s.contains(p));
    }
    assert!(r.settle(SETTLE).await.unwrap());

    let calls = deletes(&sb);
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert!(calls.iter().all(|c| c.ids <= 100));
    assert_eq!(calls.iter().map(|c| c.ids).sum::<usize>(), 250);
    let steps: Vec<usize> = r.app.progress_seen.iter().map(|p| p.1).collect();
    assert!(
        steps.len() >= 3 && steps.iter().all(|&d| d <= 250),
        "{steps:?}"
    );
    assert!(progress_drawn, "a progress state was drawn: {steps:?}");
    // Every id is accounted for; the seeded org has a few locked or unapproved Leads, which fail.
    let entry = &r.app.panes.log.entries[0];
    assert_eq!(entry.outcomes.len(), 250);
    let mut sent: Vec<String> = entry.outcomes.iter().map(|o| o.id().to_string()).collect();
    sent.sort();
    assert_eq!(sent, ids, "exactly the confirmed ids, each once");
    for o in &entry.outcomes {
        match o {
            IdOutcome::Removed { id, .. } => {
                assert!(!sb.control().record_exists("Leads", id));
                assert!(
                    r.app
                        .panes
                        .records
                        .table
                        .rows
                        .iter()
                        .all(|row| &row.id != id)
                );
            }
            IdOutcome::Failed { id, code, .. } => {
                assert!(
                    ["RECORD_LOCKED", "NOT_APPROVED"].contains(&code.as_str()),
                    "{o:?}"
                );
                assert!(sb.control().record_exists("Leads", id));
                assert!(r.app.panes.records.table.failed.contains_key(id));
            }
            IdOutcome::NotAttempted { .. } => panic!("{o:?}"),
        }
    }
    let EntryState::Done {
        removed,
        failed,
        not_attempted: 0,
    } = entry.state.clone()
    else {
        panic!("{:?}", entry.state)
    };
    assert_eq!(removed + failed, 250);
    let line = format!("Delete 250 Leads  ✓ {removed} ok  ✗ {failed} failed");
    assert!(r.screen_text().contains(&line), "{}", r.screen_text());
}

#[tokio::test]
async fn delink_removes_the_relation_and_the_row() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    goto(&mut r, "Campaigns");
    act(&mut r, &[Action::Enter]).await;
    goto(&mut r, "Spring Expo");
    let campaign = r.app.panes.records.table.focused().unwrap().id.clone();
    act(&mut r, &[Action::Enter]).await;
    goto(&mut r, "Contacts");
    act(&mut r, &[Action::Enter]).await;
    let contact = r.app.panes.related.table.focused().unwrap().id.clone();
    assert!(
        sb.control()
            .is_related("Campaigns", &campaign, "Contacts", &contact)
    );
    act(&mut r, &[Action::Remove]).await;
    assert!(
        r.screen_text()
            .contains("Delink 1 Contact from Campaign 'Spring Expo'")
    );
    act(&mut r, &[Action::Yes]).await;
    assert!(
        !sb.control()
            .is_related("Campaigns", &campaign, "Contacts", &contact)
    );
    assert!(
        sb.control().record_exists("Contacts", &contact),
        "delinked, not deleted"
    );
    assert!(
        r.app
            .panes
            .related
            .table
            .rows
            .iter()
            .all(|row| row.id != contact)
    );
    r.app.focus = Pane::Log;
    act(&mut r, &[Action::Enter]).await;
    let s = r.screen_text();
    // The id's line names the record next to its id.
    assert!(s.contains(&format!("({contact}) SUCCESS")), "{s}");
}

#[tokio::test]
async fn failed_ids_stay_marked_with_their_code() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(
        &mut r,
        &[Action::Enter, Action::ToggleSelect, Action::ToggleSelect],
    )
    .await;
    let ids: Vec<String> = r.app.panes.records.table.selected.keys().cloned().collect();
    // Someone else deletes one of them first.
    let client = ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version: 8,
        credentials: sb.credentials(),
        concurrency: 1,
    })
    .unwrap();
    client
        .delete_records("Leads", &ids[..1], true, None)
        .await
        .unwrap();
    act(&mut r, &[Action::Remove, Action::Yes]).await;
    assert_eq!(
        r.app.panes.log.entries[0].state,
        EntryState::Done {
            removed: 1,
            failed: 1,
            not_attempted: 0
        }
    );
    assert_eq!(
        r.app
            .panes
            .records
            .table
            .failed
            .get(&ids[0])
            .map(String::as_str),
        Some("INVALID_DATA")
    );
    assert!(
        r.app
            .panes
            .records
            .table
            .rows
            .iter()
            .any(|row| row.id == ids[0])
    );
    assert!(
        !r.app
            .panes
            .records
            .table
            .rows
            .iter()
            .any(|row| row.id == ids[1])
    );
    assert!(r.screen_text().contains("✗INVALID_DATA"));
}

#[tokio::test]
async fn search_filters_records_on_the_server() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::Filter]).await;
    for c in "Kestrel".chars() {
        r.act(Action::Char(c));
    }
    act(&mut r, &[Action::Enter]).await;
    assert!(
        sb.control()
            .requests()
            .iter()
            .any(|q| q.path.ends_with("/Leads/search") && q.query.contains("word=Kestrel"))
    );
    assert!(!r.app.panes.records.table.rows.is_empty());
    assert!(r.app.panes.records.table.rows.len() < 400);
    // One character is refused with a message, nothing sent.
    let before = sb.control().requests().len();
    act(&mut r, &[Action::Filter, Action::Backspace]).await;
    for _ in 0..10 {
        r.act(Action::Backspace);
    }
    act(&mut r, &[Action::Char('K'), Action::Enter]).await;
    assert_eq!(sb.control().requests().len(), before);
    assert!(
        r.app
            .message
            .as_deref()
            .unwrap_or("")
            .contains("at least 2")
    );
}

#[tokio::test]
async fn esc_abandons_a_slow_load() {
    let opts = SandboxOptions {
        latency: Duration::from_secs(3),
        ..SandboxOptions::default()
    };
    let (_sb, mut r, _journal) = start(80, 24, opts).await;
    goto(&mut r, "Leads");
    r.act(Action::Enter);
    assert!(r.app.is_busy());
    r.draw().unwrap();
    assert!(r.screen_text().contains("loading"));
    r.act(Action::Esc);
    assert!(!r.app.is_busy());
    assert!(r.app.panes.records.table.loading.is_none());
    // Keys still work while nothing is loading.
    r.act(Action::Help);
    r.draw().unwrap();
    assert!(r.screen_text().contains("Keys"));
}

#[tokio::test]
async fn delink_by_external_id_goes_through_the_form_and_the_dialog() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    act(&mut r, &[Action::ExternalForm]).await;
    // An empty form is refused with a message, nothing sent.
    act(&mut r, &[Action::Enter]).await;
    assert!(r.screen_text().contains("Module is required"));
    for (i, value) in [
        "Contacts",
        "External_Contact_ID",
        "extcontact3",
        "Deals",
        "extdeal3",
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            r.act(Action::Down);
        }
        for c in value.chars() {
            r.act(Action::Char(c));
        }
    }
    act(&mut r, &[Action::Enter]).await;
    let s = r.screen_text();
    assert!(
        s.contains("Delink Deals 'extdeal3' from Contacts 'extcontact3' (by external ID)"),
        "{s}"
    );
    assert!(deletes(&sb).is_empty());
    act(&mut r, &[Action::Yes]).await;
    let calls = deletes(&sb);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(calls[0].path.contains("extcontact3") && calls[0].path.contains("extdeal3"));
    assert_eq!(
        r.app.panes.log.entries[0].state,
        EntryState::Done {
            removed: 1,
            failed: 0,
            not_attempted: 0
        }
    );
}

#[tokio::test]
async fn u_on_a_delink_relinks_through_the_same_dialog() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    let (campaign, contact) = to_spring_expo_contacts(&mut r).await;
    act(&mut r, &[Action::Remove, Action::Yes]).await;
    let ctl = sb.control();
    assert!(!ctl.is_related("Campaigns", &campaign, "Contacts", &contact));
    assert!(r.app.panes.log.entries[0].op_id.is_some(), "journaled");

    // u on the log line: the undo dialog, named like the removal, defaulting to Cancel.
    r.app.focus = Pane::Log;
    let before = writes(&sb).len();
    act(&mut r, &[Action::Undo]).await;
    let s = r.screen_text();
    assert!(
        s.contains("Relink 1 Contact to Campaign 'Spring Expo'?"),
        "{s}"
    );
    assert!(s.contains(&contact), "the ids are listed: {s}");
    assert_eq!(writes(&sb).len(), before, "planning sends nothing");
    act(&mut r, &[Action::Yes]).await;

    assert!(ctl.is_related("Campaigns", &campaign, "Contacts", &contact));
    let relinks: Vec<_> = writes(&sb).into_iter().skip(before).collect();
    assert_eq!(relinks.len(), 1, "{relinks:?}");
    assert_eq!(relinks[0].method, "PUT");
    let entry = &r.app.panes.log.entries[0];
    assert_eq!(entry.operation, "Relink");
    assert_eq!(
        entry.state,
        EntryState::Done {
            removed: 1,
            failed: 0,
            not_attempted: 0
        }
    );
    // The Related pane was read again: the contact is back.
    assert!(
        r.app
            .panes
            .related
            .table
            .rows
            .iter()
            .any(|row| row.id == contact)
    );
    let s = r.screen_text();
    assert!(
        s.contains("Relink 1 Contact to Campaign 'Spring Expo'  ✓ 1 ok"),
        "{s}"
    );
}

#[tokio::test]
async fn u_on_a_delete_restores_from_the_recycle_bin() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(
        &mut r,
        &[Action::Enter, Action::ToggleSelect, Action::ToggleSelect],
    )
    .await;
    let ids: Vec<String> = r.app.panes.records.table.selected.keys().cloned().collect();
    let names: Vec<String> = (r.app.panes.records.table.rows.iter())
        .filter(|row| ids.contains(&row.id))
        .map(|row| row.name.clone())
        .collect();
    act(&mut r, &[Action::Remove, Action::Yes]).await;
    let ctl = sb.control();
    for id in &ids {
        assert!(ctl.in_recycle_bin("Leads", id));
    }
    r.app.focus = Pane::Log;
    act(&mut r, &[Action::Undo]).await;
    let s = r.screen_text();
    assert!(s.contains("Restore 2 Leads from the Recycle Bin?"), "{s}");
    // Named from the journal's before-images (folded down to their names for the dialog).
    assert_eq!(names.len(), 2);
    for name in &names {
        assert!(s.contains(name.as_str()), "{name} listed: {s}");
    }
    act(&mut r, &[Action::Yes]).await;
    for id in &ids {
        assert!(ctl.record_exists("Leads", id), "{id} restored");
        assert!(!ctl.in_recycle_bin("Leads", id));
    }
    assert!(
        r.screen_text()
            .contains("Restore 2 Leads from the Recycle Bin  ✓ 2 ok"),
        "{}",
        r.screen_text()
    );
    // The records pane was read again: the two are listed once more.
    for id in &ids {
        assert!(
            r.app
                .panes
                .records
                .table
                .rows
                .iter()
                .any(|row| &row.id == id)
        );
    }
}

#[tokio::test]
async fn a_cancelled_undo_sends_nothing() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    let (campaign, contact) = to_spring_expo_contacts(&mut r).await;
    act(&mut r, &[Action::Remove, Action::Yes]).await;
    let before = sb.control().requests().len();
    r.app.focus = Pane::Log;
    for cancel in [Action::Esc, Action::No, Action::Enter] {
        act(&mut r, &[Action::Undo]).await;
        assert!(matches!(r.app.top_layer(), Some(Layer::Confirm(_))));
        act(&mut r, &[cancel]).await;
        assert!(r.app.top_layer().is_none());
    }
    // Planning an undo reads the journal only: not one request reached the org.
    assert_eq!(sb.control().requests().len(), before);
    assert!(
        !sb.control()
            .is_related("Campaigns", &campaign, "Contacts", &contact)
    );
    assert_eq!(r.app.panes.log.entries.len(), 1);
}

#[tokio::test]
async fn undo_is_refused_in_words_where_the_api_cannot() {
    let (_sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    goto(&mut r, "Contact Roles");
    act(&mut r, &[Action::Enter, Action::Remove, Action::Yes]).await;
    r.app.focus = Pane::Log;
    act(&mut r, &[Action::Undo]).await;
    let Some(Layer::Notice(n)) = r.app.top_layer() else {
        panic!("no notice: {}", r.screen_text());
    };
    assert_eq!(n.title, "Undo not possible");
    assert!(
        n.lines[0].contains("contact roles cannot be restored"),
        "{n:?}"
    );
    let id = r.app.panes.log.entries[0].op_id.clone().unwrap();
    assert!(
        n.lines
            .iter()
            .any(|l| l.contains(&format!("zcrm-tui journal export {id}"))),
        "the export is offered: {n:?}"
    );
    assert!(r.screen_text().contains("Undo not possible"));
    act(&mut r, &[Action::Esc]).await;
    assert!(r.app.top_layer().is_none());
}

#[tokio::test]
async fn stopping_mid_removal_leaves_the_rest_unsent_and_r_resumes_it() {
    let (sb, mut r, journal) = start_with(120, 40, SandboxOptions::default(), 1).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::SelectAll]).await;
    let ids: Vec<String> = r.app.panes.records.table.selected.keys().cloned().collect();
    assert_eq!(ids.len(), 200);
    act(&mut r, &[Action::Remove]).await;
    for c in "200".chars() {
        r.act(Action::Char(c));
    }
    // Each call takes a while: the stop comes while the first of two is out.
    sb.control().set_latency(Duration::from_millis(300));
    r.act(Action::Enter);
    let deadline = tokio::time::Instant::now() + SETTLE;
    while r.app.calls_in_flight() == 0 {
        assert!(tokio::time::Instant::now() < deadline, "no call went out");
        let _ = r.settle(Duration::from_millis(5)).await.unwrap();
    }
    assert!(deletes(&sb).is_empty(), "the first call is still in flight");

    // Ctrl-C asks; the default keeps going.
    r.act(Action::ForceQuit);
    r.draw().unwrap();
    assert!(!r.app.quit);
    let s = r.screen_text();
    assert!(
        s.contains("Stop after the 1 call in flight? The rest will not be sent."),
        "{s}"
    );
    r.act(Action::Enter);
    assert!(r.app.top_layer().is_none());
    assert!(!r.app.quit);
    // q asks too; y stops.
    r.act(Action::Quit);
    assert!(matches!(r.app.top_layer(), Some(Layer::Stop(_))));
    r.act(Action::Yes);
    assert!(r.settle(SETTLE).await.unwrap());
    sb.control().set_latency(Duration::ZERO);

    let calls = deletes(&sb);
    assert_eq!(
        calls.len(),
        1,
        "only the call in flight went out: {calls:?}"
    );
    let sent = calls[0].ids;
    let entry = &r.app.panes.log.entries[0];
    let EntryState::Done {
        removed,
        failed,
        not_attempted,
    } = entry.state.clone()
    else {
        panic!("{:?}", entry.state)
    };
    assert_eq!(removed + failed, sent);
    assert_eq!(not_attempted, 200 - sent);
    let unsent: Vec<&String> = entry
        .outcomes
        .iter()
        .filter(|o| matches!(o, IdOutcome::NotAttempted { .. }))
        .map(|o| o.id())
        .map(|id| ids.iter().find(|i| i.as_str() == id).unwrap())
        .collect();
    assert_eq!(unsent.len(), 200 - sent);
    for id in &unsent {
        assert!(sb.control().record_exists("Leads", id), "{id} untouched");
    }
    let line = format!("– {not_attempted} not attempted");
    assert!(r.screen_text().contains(&line), "{}", r.screen_text());

    // The journal says it was stopped; R on it shows what is left and finishes it.
    let j = zcrm_tui::journal::Journal::open(journal.path()).unwrap();
    let ops = j.operations().unwrap();
    assert_eq!(ops[0].state, zcrm_tui::journal::OpState::Stopped);
    act(&mut r, &[Action::Journal]).await;
    assert!(r.screen_text().contains("stopped"), "{}", r.screen_text());
    act(&mut r, &[Action::Resume]).await;
    let s = r.screen_text();
    assert!(
        s.contains(&format!("Type {} to confirm", unsent.len())),
        "{s}"
    );
    assert!(s.contains(&format!("Delete {} Leads", unsent.len())), "{s}");
    for c in unsent.len().to_string().chars() {
        r.act(Action::Char(c));
    }
    act(&mut r, &[Action::Enter]).await;
    for id in &unsent {
        assert!(
            !sb.control().record_exists("Leads", id),
            "{id} removed by the resume"
        );
    }
    assert_eq!(deletes(&sb).len(), 2);
}

#[tokio::test]
async fn a_retried_call_is_said_in_the_log() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    act(&mut r, &[Action::ExternalForm]).await;
    for (i, value) in [
        "Contacts",
        "External_Contact_ID",
        "extcontact3",
        "Deals",
        "extdeal3",
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            r.act(Action::Down);
        }
        for c in value.chars() {
            r.act(Action::Char(c));
        }
    }
    act(&mut r, &[Action::Enter]).await;
    // The delink's first attempt meets a server error; the client sends it again.
    sb.control().inject_faults(&[Fault::InternalError]);
    act(&mut r, &[Action::Yes]).await;
    let entry = &r.app.panes.log.entries[0];
    assert_eq!(
        entry.state,
        EntryState::Done {
            removed: 1,
            failed: 0,
            not_attempted: 0
        }
    );
    assert_eq!(entry.notes.len(), 1, "{:?}", entry.notes);
    assert!(
        entry.notes[0].starts_with("call 1 retried"),
        "{:?}",
        entry.notes
    );
    assert!(entry.notes[0].contains("500"), "{:?}", entry.notes);
    assert_eq!(deletes(&sb).len(), 2, "sent twice");
    let s = r.screen_text();
    assert!(s.contains("✓ 1 ok  ✗ 0 failed  (1 retried)"), "{s}");
    r.app.focus = Pane::Log;
    act(&mut r, &[Action::Enter]).await;
    let s = r.screen_text();
    assert!(s.contains("↻ call 1 retried"), "{s}");
}

#[tokio::test]
async fn without_a_journal_nothing_is_removed() {
    let (sb, mut r, journal) = start(80, 24, SandboxOptions::default()).await;
    // A second app whose journal "directory" is a file: it cannot be opened.
    let blocker = journal.path().join("not-a-dir");
    std::fs::write(&blocker, "x").unwrap();
    let client = ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version: 8,
        credentials: sb.credentials(),
        concurrency: 4,
    })
    .unwrap();
    let mut app = App::new(r.app.info.clone());
    app.color = false;
    app.journal_dir = Some(blocker.join("journal"));
    r = Runner::new(client, app, TestBackend::new(80, 24)).unwrap();
    assert!(r.settle(SETTLE).await.unwrap());
    assert!(r.app.journal_error.is_some());
    assert!(
        r.screen_text().contains("Journal unavailable"),
        "{}",
        r.screen_text()
    );
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::Remove, Action::Yes]).await;
    assert!(writes(&sb).is_empty(), "{:?}", writes(&sb));
    let EntryState::Error { message, .. } = &r.app.panes.log.entries[0].state else {
        panic!("{:?}", r.app.panes.log.entries[0].state)
    };
    assert!(message.contains("nothing was sent"), "{message}");
}

#[tokio::test]
async fn an_earlier_sessions_delink_is_undone_from_the_journal_view() {
    let (sb, mut r, journal) = start(120, 40, SandboxOptions::default()).await;
    let (campaign, contact) = to_spring_expo_contacts(&mut r).await;
    act(&mut r, &[Action::Remove, Action::Yes]).await;
    assert!(
        !sb.control()
            .is_related("Campaigns", &campaign, "Contacts", &contact)
    );

    // A new session on the same journal: its log is empty, the journal is not.
    let client = ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version: 8,
        credentials: sb.credentials(),
        concurrency: 4,
    })
    .unwrap();
    let mut app = App::new(r.app.info.clone());
    app.color = false;
    app.journal_dir = Some(journal.path().to_path_buf());
    let mut r = Runner::new(client, app, TestBackend::new(120, 40)).unwrap();
    assert!(r.settle(SETTLE).await.unwrap());
    act(&mut r, &[Action::Journal]).await;
    let s = r.screen_text();
    assert!(s.contains("Journal (1)"), "{s}");
    assert!(
        s.contains(&format!("Delink 1 Contact from Campaigns {campaign}")),
        "{s}"
    );
    // Enter: the operation's ids, with the name its before-image holds.
    act(&mut r, &[Action::Enter]).await;
    let s = r.screen_text();
    assert!(s.contains(&format!("✓ {contact}")), "{s}");
    let before = writes(&sb).len();
    act(&mut r, &[Action::Undo]).await;
    let s = r.screen_text();
    assert!(
        s.contains(&format!("Relink 1 Contact to Campaign {campaign}?")),
        "{s}"
    );
    assert_eq!(writes(&sb).len(), before);
    act(&mut r, &[Action::Yes]).await;
    assert!(
        sb.control()
            .is_related("Campaigns", &campaign, "Contacts", &contact)
    );
    // The journal now holds the undo too, newest first, pointing at what it undid.
    let j = zcrm_tui::journal::Journal::open(journal.path()).unwrap();
    let ops = j.operations().unwrap();
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[0].undo_of.as_deref(), Some(ops[1].id.as_str()));
}
