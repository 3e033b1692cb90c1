//! `?`: the searchable help runs what it finds, through the real app against the sandbox.

use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

fn typed(r: &mut zcrm_tui::tui::Runner<ratatui::backend::TestBackend>, s: &str) {
    for c in s.chars() {
        r.act(Action::Char(c));
    }
}

#[tokio::test]
async fn typing_in_the_help_finds_an_action_and_enter_runs_it_as_its_key_would() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    act(&mut r, &[Action::Help]).await;
    // Letters are text here: `d` and `q` do not remove or quit, they search.
    typed(&mut r, "detail");
    r.draw().unwrap();
    let s = r.screen_text();
    assert!(s.contains("find: detail"), "{s}");
    assert!(s.contains("Keys 1-1 of 1"), "{s}");
    act(&mut r, &[Action::Enter]).await;
    let Some(Layer::Detail(v)) = r.app.top_layer() else {
        panic!("Enter ran `v`: {}", r.screen_text())
    };
    let focused = r.app.panes.records.table.focused().unwrap().id.clone();
    assert_eq!(v.id, focused);
    act(&mut r, &[Action::Esc]).await;

    // A removal found this way still goes through the confirm dialog, Cancel first.
    act(&mut r, &[Action::Help]).await;
    typed(&mut r, "remove");
    act(&mut r, &[Action::Enter]).await;
    assert!(
        matches!(r.app.top_layer(), Some(Layer::Confirm(_))),
        "{}",
        r.screen_text()
    );
    act(&mut r, &[Action::Enter]).await;
    assert!(r.app.top_layer().is_none());
    assert!(writes(&sb).is_empty(), "nothing was removed");

    // A key that only makes sense pressed is said so, and the help stays.
    act(&mut r, &[Action::Help]).await;
    typed(&mut r, "move the cursor");
    act(&mut r, &[Action::Enter]).await;
    assert!(matches!(r.app.top_layer(), Some(Layer::Help(_))));
    assert!(
        r.screen_text().contains("a key to press, not an action"),
        "{}",
        r.screen_text()
    );
}
