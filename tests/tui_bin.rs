//! `B`: the Recycle Bin view through the real app against the sandbox: entries with who deleted
//! them and the days left; a restore of one module's entries goes through the confirm dialog and
//! the journal, whoever deleted them.

use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::journal::Journal;
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

#[tokio::test]
async fn the_bin_lists_who_deleted_what_and_restores_through_the_dialog_and_the_journal() {
    let (sb, mut r, journal) = start(120, 40, SandboxOptions::default()).await;
    let leads = sb.control().record_ids("Leads");
    let deals = sb.control().record_ids("Deals");
    let (a, b, d) = (leads[3].clone(), leads[4].clone(), deals[0].clone());
    for (m, id) in [("Leads", &a), ("Leads", &b), ("Deals", &d)] {
        assert!(sb.control().delete_by_another_user(m, id));
    }
    act(&mut r, &[Action::RecycleBin]).await;
    let Some(Layer::Bin(v)) = r.app.top_layer() else {
        panic!("B opens the bin: {}", r.screen_text())
    };
    assert!(v.error.is_none(), "{:?}", v.error);
    for id in [&a, &b, &d] {
        assert!(v.items.iter().any(|e| &e.id == id), "{id} listed");
    }
    let s = r.screen_text();
    assert!(s.contains("Recycle Bin ("), "{s}");
    assert!(s.contains("Days left"), "{s}");
    assert!(s.contains("Marcus Chen"), "who deleted them: {s}");
    assert!(s.contains("       60│"), "days left: {s}");

    // The three together span two modules: refused, nothing opened.
    let pick = |r: &mut zcrm_tui::tui::Runner<ratatui::backend::TestBackend>, id: &str| {
        let Some(Layer::Bin(v)) = r.app.top_layer() else {
            panic!()
        };
        let pos = v
            .visible()
            .iter()
            .position(|&i| v.items[i].id == id)
            .unwrap();
        r.act(Action::First);
        for _ in 0..pos {
            r.act(Action::Down);
        }
        r.act(Action::ToggleSelect);
    };
    pick(&mut r, &a);
    pick(&mut r, &d);
    act(&mut r, &[Action::Undo]).await;
    assert!(matches!(r.app.top_layer(), Some(Layer::Bin(_))));
    assert!(
        r.screen_text().contains("spans modules"),
        "{}",
        r.screen_text()
    );

    // Leads only: the dialog names them, Cancel first; `y` restores them.
    pick(&mut r, &d);
    pick(&mut r, &b);
    act(&mut r, &[Action::Undo]).await;
    let Some(Layer::Confirm(dlg)) = r.app.top_layer() else {
        panic!("{}", r.screen_text())
    };
    assert_eq!(dlg.items.len(), 2);
    assert!(
        dlg.title
            .starts_with("Restore 2 Leads from the Recycle Bin"),
        "{}",
        dlg.title
    );
    assert!(writes(&sb).is_empty());
    act(&mut r, &[Action::Yes]).await;
    assert!(sb.control().record_exists("Leads", &a));
    assert!(sb.control().record_exists("Leads", &b));
    assert!(
        sb.control().in_recycle_bin("Deals", &d),
        "the deal stays deleted"
    );
    let Some(Layer::Bin(v)) = r.app.top_layer() else {
        panic!("the view stays: {}", r.screen_text())
    };
    assert!(
        !v.items.iter().any(|e| e.id == a || e.id == b),
        "restored ones leave it"
    );
    assert!(v.items.iter().any(|e| e.id == d));
    assert!(v.restoring.is_empty() && v.selected.is_empty());

    // Journaled as a restore, like any operation.
    let ops = Journal::open(journal.path()).unwrap().operations().unwrap();
    let op = ops.first().expect("journaled");
    assert_eq!(op.undo_of.as_deref(), Some("recycle-bin"));
    assert_eq!(op.removed, 2);
}

#[tokio::test]
async fn a_read_only_session_lists_the_bin_but_restores_nothing() {
    let (sb, _r, journal) = start(120, 40, SandboxOptions::default()).await;
    let id = sb.control().record_ids("Leads")[0].clone();
    assert!(sb.control().delete_by_another_user("Leads", &id));
    let mut r = read_only_session_on(&sb, journal.path(), 120, 40).await;
    act(&mut r, &[Action::RecycleBin, Action::Undo]).await;
    let Some(Layer::Bin(v)) = r.app.top_layer() else {
        panic!("no dialog over the bin: {}", r.screen_text())
    };
    assert!(v.items.iter().any(|e| e.id == id));
    assert!(
        r.screen_text().contains("read-only profile"),
        "{}",
        r.screen_text()
    );
    assert!(writes(&sb).is_empty());
    assert!(sb.control().in_recycle_bin("Leads", &id));
}
