//! At 160 columns or more the focused record's fields follow the cursor; scrolling past records
//! asks for none of them, only for the one the cursor rests on.

use std::time::Duration;

use zcrm_tui::action::Action;
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

fn record_reads(sb: &zcrm_tui::sandbox::Sandbox) -> Vec<String> {
    sb.control()
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/crm/v8/Leads/"))
        .map(|r| r.path)
        .collect()
}

#[tokio::test]
async fn the_preview_follows_the_cursor_and_reads_only_where_it_rests() {
    let (sb, mut r, _journal) = start(200, 60, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    // Off until asked: a wide screen keeps its columns.
    assert!(record_reads(&sb).is_empty());
    assert!(r.screen_text().contains("p preview"), "{}", r.screen_text());
    act(&mut r, &[Action::Preview]).await;
    let s = r.screen_text();
    assert!(s.contains("Lead · Christopher Brown"), "{s}");
    assert!(
        s.contains("christopher.brown@kestrelaerospace.example"),
        "{s}"
    );
    let first = record_reads(&sb);
    assert_eq!(first.len(), 1, "{first:?}");

    // Five moves in a row, faster than the panel's rest: one read, for where the cursor stops.
    for _ in 0..5 {
        r.act(Action::Down);
    }
    assert!(r.settle(Duration::from_secs(10)).await.unwrap());
    let t = &r.app.panes.records.table;
    let here = t.focused().unwrap().clone();
    let reads = record_reads(&sb);
    assert_eq!(reads.len(), 2, "{reads:?}");
    assert!(reads[1].ends_with(&here.id), "{reads:?}");
    let shown: String = here.name.chars().take(12).collect();
    assert!(
        r.screen_text().contains(&format!("Lead · {shown}")),
        "{}",
        r.screen_text()
    );
    // `p` again: the panel goes, and the cursor moves read nothing.
    act(&mut r, &[Action::Preview, Action::Down, Action::Down]).await;
    assert_eq!(record_reads(&sb).len(), 2);
    assert!(!r.screen_text().contains("v opens it whole"));
    assert!(writes(&sb).is_empty());
}

#[tokio::test]
async fn below_160_columns_there_is_no_preview_and_no_read() {
    let (sb, mut r, _journal) = start(159, 40, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::Preview]).await;
    assert!(
        r.screen_text().contains("needs 160 columns"),
        "{}",
        r.screen_text()
    );
    act(&mut r, &[Action::Down, Action::Down]).await;
    assert!(record_reads(&sb).is_empty());
    assert!(r.app.preview.view.is_none());
}
