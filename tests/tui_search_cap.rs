//! Zoho's search serves 2,000 results; the next page is refused `LIMIT_REACHED`. The rows
//! loaded stay on screen, marked as the first ones, instead of vanishing behind an error.

use zcrm_tui::action::Action;
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

#[tokio::test]
async fn a_search_past_two_thousand_keeps_its_rows_and_says_it_stopped() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    sb.control().add_records("Leads", 2_100);
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::Filter]).await;
    for c in "Bulk".chars() {
        r.act(Action::Char(c));
    }
    act(&mut r, &[Action::Enter, Action::Last]).await;
    let t = &r.app.panes.records.table;
    assert_eq!(t.rows.len(), 2_000);
    assert!(t.error.is_none(), "{:?}", t.error);
    assert!(t.next.is_none());
    let s = r.screen_text();
    assert!(s.contains("2000/2000 first: search stops at 2,000"), "{s}");
    assert!(s.contains("Bulk Lead"), "the rows are still drawn: {s}");
}
