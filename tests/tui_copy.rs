//! Copy through the real app on a `TestBackend`: `y` copies the focused id, `Y` opens the menu
//! (id, name, the selected ids, the web URL). What would reach the clipboard is the app's
//! `copy.pending` (the runner writes it as OSC 52: see e2e_pty.rs).

use zcrm_tui::action::Action;
use zcrm_tui::app::{Layer, Pane};
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

#[tokio::test]
async fn the_copy_menu_copies_the_id_the_name_and_the_selection() {
    let (_sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    assert_eq!(r.app.focus, Pane::Records);
    let rows: Vec<(String, String)> = r.app.panes.records.table.rows[..3]
        .iter()
        .map(|row| (row.id.clone(), row.name.clone()))
        .collect();

    // y: the focused record's id.
    act(&mut r, &[Action::Copy]).await;
    assert_eq!(r.app.copy.pending.as_deref(), Some(rows[0].0.as_str()));
    assert!(
        r.screen_text()
            .contains(&format!("copied 1 id: {}", rows[0].0))
    );

    // Three selected; the cursor is on the fourth row.
    act(
        &mut r,
        &[
            Action::ToggleSelect,
            Action::ToggleSelect,
            Action::ToggleSelect,
        ],
    )
    .await;
    act(&mut r, &[Action::First, Action::CopyMenu]).await;
    assert!(matches!(r.app.top_layer(), Some(Layer::Copy(_))));
    let s = r.screen_text();
    for line in [
        " Copy ",
        &format!("1 id        {}", rows[0].0),
        &format!("2 name      {}", rows[0].1),
        "3 selected  3 ids, one per line",
        "4 web URL   the record's page in Zoho CRM",
    ] {
        assert!(s.contains(line), "{line:?} missing:\n{s}");
    }
    // ↓ ↓ Enter: the selected ids, one per line, sorted by id.
    act(&mut r, &[Action::Down, Action::Down, Action::Enter]).await;
    assert!(r.app.top_layer().is_none());
    let mut ids: Vec<String> = rows.iter().map(|(id, _)| id.clone()).collect();
    ids.sort();
    assert_eq!(r.app.copy.pending.as_deref(), Some(ids.join("\n").as_str()));
    assert!(
        r.screen_text().contains("copied 3 ids"),
        "{}",
        r.screen_text()
    );

    // 2 picks the name; Esc closes without copying.
    act(&mut r, &[Action::CopyMenu, Action::Char('2')]).await;
    assert_eq!(r.app.copy.pending.as_deref(), Some(rows[0].1.as_str()));
    r.app.copy.pending = None;
    act(&mut r, &[Action::CopyMenu, Action::Esc]).await;
    assert!(r.app.top_layer().is_none() && r.app.copy.pending.is_none());

    // The sandbox is not Zoho's domain: no web URL, said in words, for the menu and for `o`.
    act(&mut r, &[Action::CopyMenu, Action::Char('4')]).await;
    assert!(
        r.screen_text().contains("No web URL"),
        "{}",
        r.screen_text()
    );
    assert!(r.app.copy.pending.is_none());
    act(&mut r, &[Action::OpenUrl]).await;
    assert!(r.app.top_layer().is_none());
    assert!(r.screen_text().contains("No web URL"));

    // Where there is no record, nothing is copied.
    r.app.focus = Pane::Log;
    act(&mut r, &[Action::Copy]).await;
    assert!(r.app.copy.pending.is_none());
    assert!(r.screen_text().contains("focus Records or Related records"));
}
