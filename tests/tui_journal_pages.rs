//! The TUI's `J` (issue 15): the first page is the newest operations, and older pages are read
//! as the admin scrolls towards the end, without losing or repeating an operation when another
//! session records new ones meanwhile. The real app and API task on a `TestBackend`.

use crate::journal_support;
use crate::tui_support;

use journal_support::write_deletes;
use tui_support::*;
use zcrm_tui::action::Action;
use zcrm_tui::app::journal_view::{JournalView, PAGE};
use zcrm_tui::app::layers::Layer;
use zcrm_tui::journal::Journal;
use zcrm_tui::sandbox::SandboxOptions;

fn view(r: &zcrm_tui::tui::Runner<ratatui::backend::TestBackend>) -> &JournalView {
    match r.app.top_layer() {
        Some(Layer::Journal(v)) => v,
        _ => panic!("the journal view is not open:\n{}", r.screen_text()),
    }
}

#[tokio::test]
async fn older_pages_are_read_as_the_cursor_nears_the_end() {
    let (_sb, mut r, journal) = start(120, 40, SandboxOptions::default()).await;
    let total = 2 * PAGE + 50;
    write_deletes(journal.path(), "a", total, 0);
    let newest: Vec<String> = Journal::open(journal.path())
        .unwrap()
        .operations_unindexed()
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();

    act(&mut r, &[Action::Journal]).await;
    let v = view(&r);
    assert_eq!(v.ops.len(), PAGE, "one page first");
    assert_eq!(v.older, total - PAGE);
    let s = r.screen_text();
    assert!(s.contains(&format!("Journal (200 of {total})")), "{s}");
    assert!(s.contains("Delete 1 Lead"), "{s}");

    // Another session records five more: the pages shift, nothing is shown twice.
    write_deletes(journal.path(), "b", 5, 0);

    // Down a screen at a time: no page is asked for far from the end.
    act(&mut r, &[Action::PageDown]).await;
    assert_eq!(view(&r).ops.len(), PAGE, "still the first page");
    act(&mut r, &[Action::Last]).await;
    let v = view(&r);
    assert_eq!(
        v.ops.len(),
        2 * PAGE - 5,
        "the second page, less the five shown"
    );
    assert_eq!(v.older, total + 5 - 2 * PAGE);
    act(&mut r, &[Action::Last]).await;
    let v = view(&r);
    let got: Vec<&str> = v.ops.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(got, newest, "every operation once, newest first");
    assert_eq!(v.older, 0);
    act(&mut r, &[Action::Last]).await;
    assert_eq!(view(&r).ops.len(), total, "nothing more is asked for");
    let s = r.screen_text();
    assert!(s.contains(&format!("Journal ({total})")), "{s}");

    // Reload starts from the newest again: the five new ones first.
    act(&mut r, &[Action::Reload]).await;
    let v = view(&r);
    assert_eq!(v.ops.len(), PAGE);
    assert!(v.ops[..5].iter().all(|s| s.id.starts_with("b-")));
    assert_eq!(v.older, total + 5 - PAGE);
}
