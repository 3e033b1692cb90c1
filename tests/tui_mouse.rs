//! The mouse through the real app: a click focuses and moves, the wheel scrolls, and a click on
//! a dialog's action button never confirms.

use ratatui::layout::Rect;
use zcrm_tui::action::Action;
use zcrm_tui::app::{Layer, Pane};
use zcrm_tui::sandbox::SandboxOptions;
use zcrm_tui::ui::layout::{areas, rows_area};

use crate::tui_support;
use tui_support::*;

const SCREEN: Rect = Rect::new(0, 0, 80, 24);

fn line(s: &str, y: u16) -> String {
    s.lines().nth(usize::from(y)).unwrap_or("").to_string()
}

#[tokio::test]
async fn a_click_focuses_the_pane_and_lands_on_the_row_under_it_and_the_wheel_scrolls() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    r.app.focus = Pane::Modules;
    r.draw().unwrap();
    let at = areas(SCREEN, r.app.focus, false);
    let rows = rows_area(at.records, true);
    // The fourth row drawn in Records.
    act(
        &mut r,
        &[Action::Click {
            x: rows.x + 3,
            y: rows.y + 3,
        }],
    )
    .await;
    assert_eq!(r.app.focus, Pane::Records);
    let t = &r.app.panes.records.table;
    assert_eq!(t.cursor, 3);
    let name: String = t.focused().unwrap().name.chars().take(10).collect();
    assert!(
        line(&r.screen_text(), rows.y + 3).contains(&name),
        "the row clicked is the row drawn there: {name}\n{}",
        r.screen_text()
    );
    act(
        &mut r,
        &[Action::Wheel {
            x: rows.x,
            y: rows.y,
            down: true,
        }],
    )
    .await;
    assert_eq!(r.app.panes.records.table.cursor, 6);
    act(
        &mut r,
        &[Action::Wheel {
            x: rows.x,
            y: rows.y,
            down: false,
        }],
    )
    .await;
    assert_eq!(r.app.panes.records.table.cursor, 3);
    // Below the last row, on a border, or on the header: focus only, the cursor stays.
    act(
        &mut r,
        &[Action::Click {
            x: rows.x,
            y: rows.y - 1,
        }],
    )
    .await;
    assert_eq!(r.app.panes.records.table.cursor, 3);
    let modules = rows_area(areas(SCREEN, r.app.focus, false).modules, false);
    act(
        &mut r,
        &[Action::Click {
            x: modules.x,
            y: modules.y,
        }],
    )
    .await;
    assert_eq!(r.app.focus, Pane::Modules);
    assert_eq!(r.app.panes.modules.table.cursor, 0);
    assert!(writes(&sb).is_empty());
}

#[tokio::test]
async fn a_click_on_the_action_button_lights_it_but_never_confirms_and_cancel_cancels() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::Remove]).await;
    let Some(Layer::Confirm(d)) = r.app.top_layer() else {
        panic!("d opens the dialog: {}", r.screen_text())
    };
    let at = zcrm_tui::ui::confirm::dialog_areas(&r.app, d, SCREEN);
    let s = r.screen_text();
    assert!(line(&s, at.cancel.y).contains(" Cancel "), "{s}");
    act(
        &mut r,
        &[Action::Click {
            x: at.action.x + 1,
            y: at.action.y,
        }],
    )
    .await;
    let Some(Layer::Confirm(d)) = r.app.top_layer() else {
        panic!("a click does not close the dialog: {}", r.screen_text())
    };
    assert!(d.focus_confirm, "the action button is lit");
    assert!(
        r.screen_text().contains("a click does not"),
        "{}",
        r.screen_text()
    );
    act(
        &mut r,
        &[Action::Click {
            x: at.action.x + 1,
            y: at.action.y,
        }],
    )
    .await;
    assert!(matches!(r.app.top_layer(), Some(Layer::Confirm(_))));
    assert!(writes(&sb).is_empty(), "two clicks removed nothing");
    act(
        &mut r,
        &[Action::Click {
            x: at.cancel.x + 1,
            y: at.cancel.y,
        }],
    )
    .await;
    assert!(r.app.top_layer().is_none());
    assert!(writes(&sb).is_empty());

    // A typed-count dialog: the button is not even lit by a click before the count is typed.
    act(&mut r, &[Action::SelectAll, Action::Remove]).await;
    let Some(Layer::Confirm(d)) = r.app.top_layer() else {
        panic!("{}", r.screen_text())
    };
    assert!(d.needs_typed_count());
    let at = zcrm_tui::ui::confirm::dialog_areas(&r.app, d, SCREEN);
    act(
        &mut r,
        &[Action::Click {
            x: at.action.x + 1,
            y: at.action.y,
        }],
    )
    .await;
    let Some(Layer::Confirm(d)) = r.app.top_layer() else {
        panic!("{}", r.screen_text())
    };
    assert!(!d.focus_confirm);
    assert!(
        r.screen_text().contains("first: the button unlocks"),
        "{}",
        r.screen_text()
    );
    assert!(writes(&sb).is_empty());
}
