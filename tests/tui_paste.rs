//! Bracketed paste into Records, through the real app against the sandbox: loaded ids are
//! selected at once, the rest are looked up on Enter, bad input selects nothing.

use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

#[tokio::test]
async fn pasted_ids_select_the_loaded_rows_and_the_rest_after_a_lookup() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    let t = &r.app.panes.records.table;
    let (a, b) = (t.rows[0].id.clone(), t.rows[5].id.clone());
    let loaded: Vec<&str> = t.rows.iter().map(|row| row.id.as_str()).collect();
    let all = sb.control().record_ids("Leads");
    let unloaded = all
        .iter()
        .find(|id| !loaded.contains(&id.as_str()))
        .expect("Leads has more than one page")
        .clone();
    let nowhere = "999999999999999999";

    // Bad input: nothing selected, and said why.
    act(&mut r, &[Action::Paste(format!("{a}\nnot-an-id\n"))]).await;
    assert!(r.app.panes.records.table.selected.is_empty());
    assert!(
        r.screen_text().contains("'not-an-id' is not a record id"),
        "{}",
        r.screen_text()
    );

    // Spreadsheet-style: one per line, CRLF, a duplicate.
    let text = format!("{a}\r\n{b}\r\n{unloaded}\r\n{nowhere}\r\n{a}\r\n");
    act(&mut r, &[Action::Paste(text)]).await;
    assert_eq!(r.app.panes.records.table.selected.len(), 2);
    assert!(matches!(r.app.top_layer(), Some(Layer::Lookup(_))));
    let s = r.screen_text();
    assert!(
        s.contains("2 loaded rows are selected. 2 ids are not loaded."),
        "{s}"
    );
    let before = sb.control().requests().len();
    act(&mut r, &[Action::Enter]).await;
    let reads: Vec<_> = sb.control().requests().into_iter().skip(before).collect();
    assert_eq!(reads.len(), 1, "one read of at most 100 ids: {reads:?}");
    assert_eq!(reads[0].method, "GET");
    let sel = &r.app.panes.records.table.selected;
    assert_eq!(sel.len(), 3);
    assert!(sel.contains_key(&unloaded) && !sel.contains_key(nowhere));
    assert!(!sel[&unloaded].is_empty(), "selected with its name");
    assert!(
        r.screen_text().contains("selected 1; 1 id is not in Leads"),
        "{}",
        r.screen_text()
    );
    // The selection is what `d` would remove: the dialog lists the three.
    act(&mut r, &[Action::Remove]).await;
    let Some(Layer::Confirm(d)) = r.app.top_layer() else {
        panic!("{}", r.screen_text())
    };
    assert_eq!(d.items.len(), 3);
    act(&mut r, &[Action::Esc]).await;
    assert!(writes(&sb).is_empty());
}

#[tokio::test]
async fn a_paste_into_a_field_is_typed_and_a_paste_never_answers_a_dialog() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::Filter]).await;
    act(&mut r, &[Action::Paste("Chloe\nMüller".into())]).await;
    let typed = r
        .app
        .filter_input
        .as_ref()
        .map(|(i, _)| i.value().to_string());
    assert_eq!(typed.as_deref(), Some("ChloeMüller"));
    act(&mut r, &[Action::Esc, Action::Remove]).await;
    assert!(matches!(r.app.top_layer(), Some(Layer::Confirm(_))));
    act(&mut r, &[Action::Paste("y\n".into())]).await;
    assert!(matches!(r.app.top_layer(), Some(Layer::Confirm(_))));
    assert!(writes(&sb).is_empty());
}
