//! `v`: a record's every field, through the real app and API task against the sandbox.

use std::time::Duration;

use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

#[tokio::test]
async fn v_shows_every_field_labelled_and_slash_finds_one() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    goto(&mut r, "Christopher Brown");
    act(&mut r, &[Action::Detail]).await;
    let s = r.screen_text();
    assert!(
        s.contains("Lead · Christopher Brown (410405000002264040)"),
        "{s}"
    );
    assert!(
        s.contains("christopher.brown@kestrelaerospace.example"),
        "{s}"
    );
    assert!(
        s.contains("Sandbox Admin <admin@zcrm-sandbox.example>"),
        "{s}"
    );
    // Labels from the field metadata, dates for people with their zone.
    assert!(s.contains("Lead Status"), "{s}");
    assert!(s.contains("(UTC"), "{s}");
    assert!(!s.contains("2025-11-30T16:24:00+00:00"), "{s}");
    // `/` narrows to the fields that match; Esc clears, Esc closes; nothing was changed.
    act(&mut r, &[Action::Filter]).await;
    for c in "status".chars() {
        r.act(Action::Char(c));
    }
    act(&mut r, &[Action::Enter]).await;
    let Some(Layer::Detail(v)) = r.app.top_layer() else {
        panic!("the popup stays")
    };
    let lines = v.lines();
    assert!(!lines.is_empty());
    assert!(
        lines
            .iter()
            .all(|l| l.label.to_lowercase().contains("status")
                || l.value.to_lowercase().contains("status"))
    );
    act(&mut r, &[Action::Esc, Action::Esc]).await;
    assert!(r.app.top_layer().is_none());
    assert!(writes(&sb).is_empty());
}

#[tokio::test]
async fn the_detail_says_a_record_is_locked_and_esc_abandons_a_slow_load() {
    let (sb, mut r, _journal) = start(80, 24, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    let locked = sb.control().locked_record_ids("Leads");
    let name = r
        .app
        .panes
        .records
        .table
        .rows
        .iter()
        .find(|row| row.id == locked[0])
        .unwrap()
        .name
        .clone();
    goto(&mut r, &name);
    act(&mut r, &[Action::Detail]).await;
    let s = r.screen_text();
    assert!(
        s.contains("locked: a delete would fail (RECORD_LOCKED)"),
        "{s}"
    );
    act(&mut r, &[Action::Esc]).await;
    // A slow load: Esc closes the popup at once and the answer is dropped.
    sb.control().set_latency(Duration::from_millis(800));
    r.act(Action::Detail);
    r.draw().unwrap();
    assert!(r.screen_text().contains("loading"), "{}", r.screen_text());
    r.act(Action::Esc);
    assert!(r.app.top_layer().is_none());
    assert!(!r.app.is_busy());
    sb.control().set_latency(Duration::ZERO);
}

#[tokio::test]
async fn the_detail_counts_each_related_list_and_the_counts_never_hold_the_fields_back() {
    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    goto(&mut r, "Campaigns");
    act(&mut r, &[Action::Enter]).await;
    goto(&mut r, "Spring Expo");
    let id = r.app.panes.records.table.focused().unwrap().id.clone();
    act(&mut r, &[Action::Detail]).await;
    let leads = sb.control().related_ids("Campaigns", &id, "Leads").len();
    let contacts = sb.control().related_ids("Campaigns", &id, "Contacts").len();
    assert!(contacts > 0, "the seed relates Contacts to Spring Expo");
    let s = r.screen_text();
    assert!(
        s.contains(&format!("Related  Leads {leads} · Contacts {contacts}")),
        "{s}"
    );
    // The counts take two round trips (the lists, then a page of each), the fields one: with a
    // slow API the fields show while the counts are still coming, and Esc abandons both.
    act(&mut r, &[Action::Esc]).await;
    sb.control().set_latency(Duration::from_millis(300));
    r.act(Action::Detail);
    while matches!(r.app.top_layer(), Some(Layer::Detail(v)) if v.loading.is_some()) {
        assert!(r.next_event(Duration::from_secs(10)).await.unwrap());
    }
    let s = r.screen_text();
    assert!(s.contains("Campaign · Spring Expo"), "{s}");
    assert!(s.contains("counting…"), "{s}");
    r.act(Action::Esc);
    assert!(r.app.top_layer().is_none());
    assert!(!r.app.is_busy());
    assert!(writes(&sb).is_empty());
}
