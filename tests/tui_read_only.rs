//! A read-only session in the TUI: browsing works; `d`, `u`, `R` and `x` say "read-only
//! profile" in the footer without opening a dialog, and the status line says so.

use zcrm_tui::action::Action;
use zcrm_tui::app::{Layer, Pane};
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

#[tokio::test]
async fn removal_undo_resume_and_retry_keys_are_refused_in_a_read_only_session() {
    // A delete done in a writable session, for the read-only one to try to undo.
    let (sb, mut w, journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut w, "Leads");
    act(&mut w, &[Action::Enter, Action::Remove]).await;
    assert!(matches!(w.app.top_layer(), Some(Layer::Confirm(_))));
    act(&mut w, &[Action::Yes]).await;
    assert_eq!(deletes(&sb).len(), 1);
    drop(w);
    let before = writes(&sb).len();

    let mut r = read_only_session_on(&sb, journal.path(), 120, 40).await;
    assert!(r.app.read_only);
    let status = r
        .screen_text()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(status.contains("│ read-only │"), "{status}");

    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    assert!(!r.app.panes.records.table.rows.is_empty(), "browsing works");
    let lead = r.app.panes.records.table.focused().unwrap().id.clone();
    for key in [Action::Remove, Action::Undo, Action::Resume] {
        act(&mut r, &[Action::ToggleSelect, key.clone()]).await;
        assert!(r.app.top_layer().is_none(), "{key:?} opened a layer");
        assert!(
            r.screen_text().contains("read-only profile"),
            "{key:?}:\n{}",
            r.screen_text()
        );
    }
    // The journal's undo and resume, and the log's retry.
    act(&mut r, &[Action::Journal]).await;
    assert!(matches!(r.app.top_layer(), Some(Layer::Journal(_))));
    for key in [Action::Undo, Action::Resume] {
        act(&mut r, std::slice::from_ref(&key)).await;
        assert!(
            matches!(r.app.top_layer(), Some(Layer::Journal(_))),
            "{key:?} left the journal view"
        );
        assert!(r.screen_text().contains("read-only profile"), "{key:?}");
    }
    act(&mut r, &[Action::Esc]).await;
    r.app.focus = Pane::Log;
    act(&mut r, &[Action::Retry]).await;
    assert!(r.app.top_layer().is_none());
    assert!(r.screen_text().contains("read-only profile"));

    assert_eq!(writes(&sb).len(), before, "{:?}", writes(&sb));
    assert!(sb.control().record_exists("Leads", &lead));
}
