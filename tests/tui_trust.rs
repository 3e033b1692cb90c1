//! Nothing is removed that the admin did not see and confirm, in the org they meant: the TUI's
//! side of it, through the real app and API task against the sandbox on a `TestBackend`.

use std::time::Duration;

use zcrm_tui::action::Action;
use zcrm_tui::app::{Layer, Pane, Top};
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};

use crate::tui_support;
use tui_support::*;

/// Leads: the first `n` rows selected, the cursor on the row after them.
async fn select_leads(r: &mut zcrm_tui::tui::Runner<ratatui::backend::TestBackend>, n: usize) {
    goto(r, "Leads");
    act(r, &[Action::Enter]).await;
    for _ in 0..n {
        r.act(Action::ToggleSelect);
    }
}

fn notice_text(r: &zcrm_tui::tui::Runner<ratatui::backend::TestBackend>) -> String {
    match r.app.top_layer() {
        Some(Layer::Notice(n)) => n.lines.join(" "),
        _ => panic!("a notice was expected:\n{}", r.screen_text()),
    }
}

#[tokio::test]
async fn another_orgs_operation_is_refused_before_any_dialog_and_nothing_is_sent() {
    // Org A: 2 Leads deleted, journaled.
    let (sb_a, mut a, journal) = start(120, 40, SandboxOptions::default()).await;
    select_leads(&mut a, 2).await;
    act(&mut a, &[Action::Remove, Action::Yes]).await;
    assert_eq!(deletes(&sb_a).len(), 1);
    let gone: Vec<String> = sb_a.control().record_ids("Leads");
    assert_eq!(gone.len(), 398);

    // Org B, another sandbox, the same journal (one data dir, two profiles).
    let sb_b = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let mut b = session_on(&sb_b, journal.path(), 120, 40).await;
    act(&mut b, &[Action::Journal]).await;
    let s = b.screen_text();
    assert!(s.contains("⊘ demo @ 127.0.0.1:"), "{s}");
    assert!(s.contains("u / R unavailable: operation"), "{s}");
    sb_b.control().clear_requests();
    for key in [Action::Undo, Action::Resume] {
        act(&mut b, &[key]).await;
        let why = notice_text(&b);
        assert!(why.contains("ran against a demo sandbox"), "{why}");
        assert!(why.contains("nothing was sent"), "{why}");
        act(&mut b, &[Action::Esc]).await;
        assert!(matches!(b.app.top_layer(), Some(Layer::Journal(_))));
    }
    // Even if the view were fooled, the API task asks the same question before planning.
    b.app.org = sb_a.endpoints().api_domain.clone();
    act(&mut b, &[Action::Undo]).await;
    let why = notice_text(&b);
    assert!(why.contains("nothing was sent"), "{why}");
    assert!(writes(&sb_b).is_empty(), "{:?}", writes(&sb_b));
    assert_eq!(
        writes(&sb_a).len(),
        1,
        "only the original delete reached org A"
    );
    assert_eq!(sb_b.control().record_ids("Leads").len(), 400);
}

#[tokio::test]
async fn keys_never_reach_a_dialog_hidden_by_the_too_small_screen() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    select_leads(&mut r, 2).await;
    act(&mut r, &[Action::Remove]).await;
    assert!(r.screen_text().contains("Delete 2 Leads"));
    r.terminal.backend_mut().resize(40, 10);
    r.draw().unwrap();
    assert!(r.screen_text().contains("Terminal too small"));
    for a in [Action::Yes, Action::Enter, Action::Right, Action::Enter] {
        act(&mut r, &[a]).await;
    }
    assert!(deletes(&sb).is_empty(), "a key reached the hidden dialog");
    assert!(matches!(r.app.top(), Top::TooSmall { .. }));
    // Back to a usable size, the dialog is still there, on Cancel.
    r.terminal.backend_mut().resize(80, 24);
    r.draw().unwrap();
    assert!(r.screen_text().contains("Delete 2 Leads?"));
    // Too small again: q quits the app instead of cancelling the hidden dialog.
    r.terminal.backend_mut().resize(40, 10);
    r.draw().unwrap();
    act(&mut r, &[Action::Quit]).await;
    assert!(r.app.quit);
    assert!(matches!(r.app.top_layer(), Some(Layer::Confirm(_))));
    assert!(deletes(&sb).is_empty());
}

#[tokio::test]
async fn rows_in_flight_are_marked_and_never_sent_twice() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    select_leads(&mut r, 2).await;
    let first: Vec<String> = r.app.panes.records.table.selected.keys().cloned().collect();
    sb.control().set_latency(Duration::from_millis(600));
    r.act(Action::Remove);
    r.act(Action::Yes);
    r.draw().unwrap();
    // Marked and unselectable while they are removed; a second d offers only the new row.
    let t = &r.app.panes.records.table;
    assert!(first.iter().all(|id| t.removing.contains(id)));
    assert!(t.selected.is_empty());
    assert!(
        r.screen_text().contains("2 removing"),
        "{}",
        r.screen_text()
    );
    r.act(Action::First);
    r.act(Action::ToggleSelect);
    r.act(Action::ToggleSelect);
    r.act(Action::ToggleSelect);
    let t = &r.app.panes.records.table;
    assert_eq!(t.selected.len(), 1, "{:?}", t.selected);
    let third: Vec<String> = t.selected.keys().cloned().collect();
    r.act(Action::Remove);
    match r.app.top_layer() {
        Some(Layer::Confirm(d)) => {
            assert_eq!(d.items.len(), 1);
            assert_eq!(d.items.get(0).map(|(id, ..)| id), Some(third[0].as_str()));
        }
        _ => panic!("{}", r.screen_text()),
    }
    r.act(Action::Yes);
    r.draw().unwrap();
    // Both running operations show their progress.
    let status = r.screen_text().lines().next().unwrap_or("").to_string();
    assert!(status.contains("removing 0/2 · 0/1"), "{status}");
    assert!(r.settle(SETTLE).await.unwrap());
    // Each id was sent once, and nothing was reported failed.
    let sent: Vec<String> = deletes(&sb)
        .iter()
        .flat_map(|d| {
            // `?ids=a,b` for several, `/Leads/{id}` for one.
            let ids = d
                .query
                .split('&')
                .find_map(|kv| kv.strip_prefix("ids="))
                .map(str::to_string)
                .unwrap_or_else(|| d.path.rsplit('/').next().unwrap_or("").to_string());
            ids.split("%2C")
                .flat_map(|s| s.split(','))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut expected: Vec<String> = first.iter().chain(&third).cloned().collect();
    let mut sent_sorted = sent.clone();
    sent_sorted.sort();
    expected.sort();
    assert_eq!(sent_sorted, expected, "{sent:?}");
    assert!(r.app.panes.records.table.failed.is_empty());
    assert!(r.app.panes.records.table.removing.is_empty());
}

#[tokio::test]
async fn a_wrong_typed_count_is_cleared_and_said() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    select_leads(&mut r, 15).await;
    act(&mut r, &[Action::Remove]).await;
    for c in "14".chars() {
        r.act(Action::Char(c));
    }
    act(&mut r, &[Action::Enter]).await;
    assert!(
        r.screen_text().contains("14 is not 15"),
        "{}",
        r.screen_text()
    );
    for c in "15".chars() {
        r.act(Action::Char(c));
    }
    let Some(Layer::Confirm(d)) = r.app.top_layer() else {
        panic!("the dialog stays open")
    };
    assert_eq!(d.typed.value(), "15");
    // Cancel lit: Enter cancels, whatever was typed.
    act(&mut r, &[Action::Left, Action::Enter]).await;
    assert!(r.app.top_layer().is_none());
    assert!(deletes(&sb).is_empty());
}

#[tokio::test]
async fn wide_names_never_cut_an_id_in_the_dialog_or_the_pane() {
    for (w, h) in [(80, 24), (120, 40)] {
        let (_sb, mut r, _journal) = start(w, h, SandboxOptions::default()).await;
        goto(&mut r, "Leads");
        act(&mut r, &[Action::Enter]).await;
        goto(&mut r, "😀 Emoji 🎉 Zoë 李小龍 Ñandú");
        let id = r.app.panes.records.table.focused().unwrap().id.clone();
        act(&mut r, &[Action::Remove]).await;
        let s = r.screen_text();
        assert!(s.contains(&id), "{w}x{h}: the id is cut\n{s}");
        act(&mut r, &[Action::Esc]).await;
        r.app.focus = Pane::Modules;
        goto(&mut r, "Accounts");
        act(&mut r, &[Action::Enter]).await;
        goto(
            &mut r,
            "株式会社ヤマダ電機ホールディングス東日本支社・関東営業本部",
        );
        let id = r.app.panes.records.table.focused().unwrap().id.clone();
        act(&mut r, &[Action::Remove]).await;
        let s = r.screen_text();
        assert!(s.contains(&id), "{w}x{h}: the id is cut\n{s}");
        // Every line of the screen is exactly as wide as the screen.
        for line in s.lines() {
            assert!(zcrm_tui::ui::width(line) <= w as usize, "{line}");
        }
        act(&mut r, &[Action::Esc]).await;
    }
}

#[tokio::test]
async fn g_lands_on_the_last_row_once_it_is_loaded() {
    let (_sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::Last]).await;
    let t = &r.app.panes.records.table;
    assert_eq!(t.rows.len(), 400);
    assert!(t.next.is_none());
    assert_eq!(t.cursor, 399);
    assert!(
        r.screen_text().contains("Leads (400/400)"),
        "{}",
        r.screen_text()
    );
}

#[tokio::test]
async fn locked_and_awaiting_records_are_marked_and_the_dialog_says_they_will_fail() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    let locked = sb.control().locked_record_ids("Leads");
    let awaiting = sb.control().not_approved_record_ids("Leads");
    let rows = r.app.panes.records.table.rows.clone();
    let name_of = |id: &str| rows.iter().find(|row| row.id == id).unwrap().name.clone();
    let free = rows
        .iter()
        .find(|row| !locked.contains(&row.id) && !awaiting.contains(&row.id))
        .unwrap()
        .name
        .clone();
    for name in [name_of(&locked[0]), name_of(&awaiting[0]), free] {
        goto(&mut r, &name);
        r.act(Action::ToggleSelect);
    }
    goto(&mut r, &name_of(&locked[1]));
    let s = r.screen_text();
    assert!(s.contains("⊘locked"), "{s}");
    act(&mut r, &[Action::Remove]).await;
    let s = r.screen_text();
    assert!(
        s.contains("1 of them is locked and will fail (RECORD_LOCKED)"),
        "{s}"
    );
    assert!(
        s.contains("1 of them is awaiting approval and will fail (NOT_APPROVED)"),
        "{s}"
    );
    act(&mut r, &[Action::Esc]).await;
    assert!(deletes(&sb).is_empty());
}
