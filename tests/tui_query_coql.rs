//! Selection by a COQL `where` clause and by a custom view in the TUI, against the sandbox's
//! COQL subset and seeded views over loopback: the count first, the matches paged, every match
//! removed and nothing else, the journal keeping the query; refused queries said readably.

use std::collections::BTreeSet;

use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::app::log::EntryState;
use zcrm_tui::zoho::query::Selector;

use crate::tui_support;
use tui_support::*;

const BULK: &str = "First_Name = 'Bulk'";

#[tokio::test]
async fn a_where_clause_pages_past_the_first_page_and_removes_exactly_its_matches() {
    let (sb, mut r, journal, bulk) = leads_with_bulk(450).await;
    let others = leads_but(&sb, &bulk);
    query(&mut r, BULK).await;
    let s = r.screen_text();
    assert!(s.contains(&format!("450 match where {BULK}")), "{s}");
    assert_eq!(r.app.panes.records.table.rows.len(), 200, "one page first");
    act(&mut r, &[Action::Last]).await;
    let wanted: BTreeSet<String> = bulk.iter().cloned().collect();
    assert_eq!(ids_shown(&r), wanted, "the pages neither overlap nor skip");

    act(&mut r, &[Action::SelectMatching, Action::Remove]).await;
    let s = r.screen_text();
    // A count and one COQL call of 2,000 rows to read; five calls of 100 to delete.
    assert!(s.contains("7 API calls: 2 to read, 5 to delete"), "{s}");
    assert!(
        s.contains(&format!("Every record that matches where {BULK}")),
        "{s}"
    );
    type_text(&mut r, "450");
    act(&mut r, &[Action::Enter]).await;
    assert_eq!(deletes(&sb).iter().map(|c| c.ids).sum::<usize>(), 450);
    assert!(
        bulk.iter()
            .all(|id| !sb.control().record_exists("Leads", id))
    );
    assert!(
        others
            .iter()
            .all(|id| sb.control().record_exists("Leads", id))
    );
    let sel = newest_selection(&r, journal.path());
    assert_eq!(sel.query, Some(Selector::Where(BULK.into())));
    assert_eq!(sel.matched, Some(450));
}

#[tokio::test]
async fn a_refused_where_clause_says_what_zoho_pointed_at_and_changes_nothing() {
    let (sb, mut r, _journal, _bulk) = leads_with_bulk(3).await;
    let before = ids_shown(&r);
    for (bad, code) in [
        ("Lead_Stat = 'Junk Lead'", "INVALID_QUERY"),
        ("Lead_Status = ", "SYNTAX_ERROR"),
    ] {
        query(&mut r, bad).await;
        let s = r.screen_text();
        assert!(s.contains(&format!("Query refused: {code}")), "{bad}: {s}");
        assert!(r.app.panes.records.query.is_none());
        assert_eq!(ids_shown(&r), before);
        let entry = &r.app.panes.log.entries[0];
        let EntryState::Error { message, hint } = &entry.state else {
            panic!("{:?}", entry.state);
        };
        assert!(
            message.contains(code) && message.contains(" — "),
            "{message}"
        );
        assert!(hint.starts_with("Correct the query"), "{hint}");
    }
    assert!(writes(&sb).iter().all(|w| w.path.ends_with("/coql")));
    assert!(deletes(&sb).is_empty());
}

#[tokio::test]
async fn v_lists_the_views_and_selects_a_views_records() {
    let (sb, mut r, journal, _bulk) = leads_with_bulk(0).await;
    act(&mut r, &[Action::Views]).await;
    let Some(Layer::Views(list)) = r.app.top_layer() else {
        panic!("no views list: {}", r.screen_text());
    };
    let names: Vec<String> = list.views.iter().map(|v| v.name.clone()).collect();
    assert!(names.contains(&"Junk Leads".to_string()), "{names:?}");
    let at = names.iter().position(|n| n == "Junk Leads").unwrap();
    for _ in 0..at {
        r.act(Action::Down);
    }
    act(&mut r, &[Action::Enter]).await;
    let q = r.app.panes.records.query.clone().expect("the view selects");
    let junk: BTreeSet<String> = ids_shown(&r);
    assert_eq!(q.count as usize, junk.len());
    assert!(q.count > 0);
    let s = r.screen_text();
    assert!(
        s.contains(&format!("{} match view 'Junk Leads'", q.count)),
        "{s}"
    );
    // The same records as the where clause that the view's criteria say.
    act(&mut r, &[Action::Esc]).await;
    query(&mut r, "Lead_Status = 'Junk Lead'").await;
    assert_eq!(ids_shown(&r), junk);
    // Back to the view, and remove what it selects.
    act(&mut r, &[Action::Esc, Action::Views]).await;
    for _ in 0..at {
        r.act(Action::Down);
    }
    act(
        &mut r,
        &[Action::Enter, Action::SelectMatching, Action::Remove],
    )
    .await;
    type_text(&mut r, &q.count.to_string());
    act(&mut r, &[Action::Enter]).await;
    let entry = &r.app.panes.log.entries[0];
    let outcomes: BTreeSet<String> = entry.outcomes.iter().map(|o| o.id().to_string()).collect();
    assert_eq!(outcomes, junk, "exactly the view's records were sent");
    for o in &entry.outcomes {
        assert_eq!(sb.control().record_exists("Leads", o.id()), !o.is_removed());
    }
    let sel = newest_selection(&r, journal.path());
    assert_eq!(sel.query, Some(q.selector));
}
