//! Selection by query in the TUI, through the real app and API task against the sandbox over
//! loopback: `:` counts first, then shows the matches (paged); `A` selects every match; `d`
//! asks for the typed count; the removal reads the ids and removes exactly the matches,
//! journaled with the query. A wrong count, a changed count or a refused query remove nothing.

use std::collections::BTreeSet;
use std::time::Duration;

use ratatui::backend::TestBackend;
use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::app::log::EntryState;
use zcrm_tui::tui::Runner;
use zcrm_tui::zoho::query::Selector;

use crate::tui_support;
use tui_support::*;

const BULK: &str = "(First_Name:equals:Bulk)";

#[tokio::test]
async fn a_query_counts_first_pages_its_matches_and_removes_every_one_of_them() {
    let (sb, mut r, journal, bulk) = leads_with_bulk(250).await;
    let others = leads_but(&sb, &bulk);
    assert!(!others.is_empty());

    query(&mut r, BULK).await;
    let s = r.screen_text();
    assert!(s.contains(&format!("250 match criteria {BULK}")), "{s}");
    // The first page of matches, then the rest as the cursor goes to the end.
    assert_eq!(r.app.panes.records.table.rows.len(), 200);
    assert!(s.contains("(1/200+) 250 match"), "{s}");
    act(&mut r, &[Action::Last]).await;
    let wanted: BTreeSet<String> = bulk.iter().cloned().collect();
    assert_eq!(ids_shown(&r), wanted, "every match, and only the matches");

    act(&mut r, &[Action::First, Action::SelectMatching]).await;
    let s = r.screen_text();
    assert!(s.contains("250 selected (by query)"), "{s}");
    // Space and `a` leave "all matching" as it is, and say so.
    act(&mut r, &[Action::ToggleSelect]).await;
    assert!(
        r.screen_text()
            .contains("All 250 matches are selected (by query)")
    );
    assert!(r.app.panes.records.table.selected.is_empty());
    assert!(r.app.panes.records.all_matching().is_some());

    act(&mut r, &[Action::Remove]).await;
    let s = r.screen_text();
    assert!(s.contains("Delete 250 Leads (by query)"), "{s}");
    assert!(
        s.contains(&format!("Every record that matches criteria {BULK}")),
        "{s}"
    );
    assert!(
        s.contains("Sample: the first 3 and the last 3 of 250."),
        "{s}"
    );
    // A count, two pages of 200 to read; three calls of 100 to delete.
    assert!(s.contains("6 API calls: 3 to read, 3 to delete"), "{s}");
    assert!(s.contains("Type 250 to confirm"), "{s}");
    act(&mut r, &[Action::Yes]).await;
    assert!(
        matches!(r.app.top_layer(), Some(Layer::Confirm(_))),
        "y is not enough"
    );
    type_text(&mut r, "250");
    act(&mut r, &[Action::Enter]).await;

    let calls = deletes(&sb);
    assert_eq!(calls.iter().map(|c| c.ids).sum::<usize>(), 250, "{calls:?}");
    assert_eq!(calls.len(), 3);
    for id in &bulk {
        assert!(!sb.control().record_exists("Leads", id), "{id} left");
    }
    for id in &others {
        assert!(sb.control().record_exists("Leads", id), "{id} removed");
    }
    let entry = &r.app.panes.log.entries[0];
    assert!(
        matches!(entry.state, EntryState::Done { removed: 250, .. }),
        "{:?}",
        entry.state
    );
    // The query is counted again: nothing matches now.
    let s = r.screen_text();
    assert!(s.contains("0 match"), "{s}");
    let sel = newest_selection(&r, journal.path());
    assert_eq!(sel.query, Some(Selector::Criteria(BULK.into())));
    assert_eq!(sel.matched, Some(250));
}

#[tokio::test]
async fn a_wrong_typed_count_removes_nothing() {
    let (sb, mut r, _journal, bulk) = leads_with_bulk(30).await;
    query(&mut r, BULK).await;
    act(&mut r, &[Action::SelectMatching, Action::Remove]).await;
    type_text(&mut r, "29");
    act(&mut r, &[Action::Enter]).await;
    assert!(r.screen_text().contains("29 is not 30"));
    act(&mut r, &[Action::Esc]).await;
    assert!(r.app.top_layer().is_none());
    assert!(writes(&sb).is_empty(), "{:?}", writes(&sb));
    assert!(
        bulk.iter()
            .all(|id| sb.control().record_exists("Leads", id))
    );
}

#[tokio::test]
async fn a_count_that_changed_since_the_dialog_removes_nothing_and_says_so() {
    let (sb, mut r, _journal, bulk) = leads_with_bulk(30).await;
    query(&mut r, BULK).await;
    act(&mut r, &[Action::SelectMatching, Action::Remove]).await;
    // Another user adds a matching Lead while the admin reads the dialog.
    let late = sb.control().add_records("Leads", 1);
    type_text(&mut r, "30");
    act(&mut r, &[Action::Enter]).await;
    assert!(deletes(&sb).is_empty(), "{:?}", deletes(&sb));
    assert!(
        bulk.iter()
            .chain(&late)
            .all(|id| sb.control().record_exists("Leads", id))
    );
    let message = newest_error(&r);
    assert!(
        message.contains("matches 31 records now, not the 30 you confirmed"),
        "{message}"
    );
    let s = r.screen_text();
    assert!(s.contains("Nothing removed: the query matches 31"), "{s}");
}

#[tokio::test]
async fn a_refused_query_is_said_and_changes_nothing() {
    let (sb, mut r, _journal, _bulk) = leads_with_bulk(5).await;
    let before = ids_shown(&r);
    query(&mut r, "(First_Name:resembles:Bulk)").await;
    let s = r.screen_text();
    assert!(s.contains("Query refused: INVALID_QUERY"), "{s}");
    assert!(r.app.panes.records.query.is_none());
    assert_eq!(ids_shown(&r), before, "the rows are as they were");
    let entry = &r.app.panes.log.entries[0];
    assert!(
        matches!(entry.state, EntryState::Error { .. }),
        "{:?}",
        entry.state
    );
    assert_eq!(entry.operation, "Query");
    // Not sent at all: an empty where clause.
    query(&mut r, "where   ").await;
    assert!(r.app.panes.records.query.is_none());
    assert!(writes(&sb).is_empty(), "{:?}", writes(&sb));
}

#[tokio::test]
async fn esc_and_an_empty_query_go_back_to_the_module_and_up_brings_the_query_back() {
    let (_sb, mut r, _journal, bulk) = leads_with_bulk(5).await;
    let all = r.app.panes.records.table.rows.len();
    query(&mut r, BULK).await;
    assert_eq!(ids_shown(&r), bulk.iter().cloned().collect());
    act(&mut r, &[Action::SelectMatching, Action::Esc]).await;
    assert!(
        r.app.panes.records.all_matching().is_none(),
        "Esc clears A first"
    );
    assert!(r.app.panes.records.query.is_some());
    act(&mut r, &[Action::Esc]).await;
    assert!(r.app.panes.records.query.is_none());
    assert_eq!(r.app.panes.records.table.rows.len(), all);
    // The history: ↑ brings the query back; Enter runs it again; an empty line leaves it.
    act(&mut r, &[Action::Query, Action::Up, Action::Enter]).await;
    assert!(r.app.panes.records.query.is_some());
    act(&mut r, &[Action::Query]).await;
    for _ in 0..BULK.len() {
        r.act(Action::Backspace);
    }
    act(&mut r, &[Action::Enter]).await;
    assert!(r.app.panes.records.query.is_none());
    assert_eq!(r.app.panes.records.table.rows.len(), all);
}

#[tokio::test]
async fn reading_the_matches_shows_progress_and_a_stop_then_removes_nothing() {
    let (sb, mut r, _journal, bulk) = leads_with_bulk(450).await;
    query(&mut r, BULK).await;
    act(&mut r, &[Action::SelectMatching, Action::Remove]).await;
    type_text(&mut r, "450");
    // Each page of matches takes a while: the reading can be watched, and stopped.
    sb.control().set_latency(Duration::from_millis(150));
    act_now(&mut r, Action::Enter);
    // The matches are counted again first: that is part of reading them, not a removal.
    let first = r.screen_text();
    assert!(first.contains("reading matches 0/450"), "{first}");
    assert!(!first.contains("removing"), "{first}");
    let deadline = tokio::time::Instant::now() + SETTLE;
    let mut seen = false;
    while !seen && tokio::time::Instant::now() < deadline {
        assert!(r.settle(Duration::from_millis(5)).await.is_ok());
        seen = r.screen_text().contains("reading matches 200/450");
    }
    assert!(seen, "{}", r.screen_text());
    // Nothing is being removed yet, and the status line does not say so.
    assert!(
        !r.screen_text().contains("removing 0/450"),
        "{}",
        r.screen_text()
    );
    // The screen answers while reading: Esc asks whether to stop, y stops.
    act_now(&mut r, Action::Esc);
    assert!(matches!(r.app.top_layer(), Some(Layer::Stop(_))));
    act_now(&mut r, Action::Yes);
    assert!(r.settle(SETTLE).await.unwrap());
    assert!(deletes(&sb).is_empty(), "{:?}", deletes(&sb));
    assert!(
        bulk.iter()
            .all(|id| sb.control().record_exists("Leads", id))
    );
    let message = newest_error(&r);
    assert!(
        message.contains("stopped while reading the matches"),
        "{message}"
    );
}

/// A key pressed while requests are in flight (without waiting for them).
fn act_now(r: &mut Runner<TestBackend>, a: Action) {
    r.act(a);
    r.draw().unwrap();
}

#[tokio::test]
async fn criteria_past_what_a_search_reaches_say_so_and_are_not_offered_for_removal() {
    let (sb, mut r, _journal, _bulk) = leads_with_bulk(2_100).await;
    query(&mut r, BULK).await;
    let s = r.screen_text();
    assert!(
        s.contains(
            "2,100 match criteria (First_Name:equals:Bulk) · a search reaches the first 2,000 only"
        ),
        "{s}"
    );
    act(&mut r, &[Action::SelectMatching, Action::Remove]).await;
    assert!(
        r.app.top_layer().is_none(),
        "no dialog for what cannot be reached"
    );
    let s = r.screen_text();
    assert!(
        s.contains("Not all 2,100 can be removed: a search reaches"),
        "{s}"
    );
    assert!(writes(&sb).is_empty());
}
