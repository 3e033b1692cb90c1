//! `P` in the confirm dialog of a record delete: a plan is written instead of removing, through
//! the real app and API task against the sandbox over loopback. The plan read back holds
//! exactly the records chosen (picked by hand, or every match of a query, with the query),
//! with their names and `Modified_Time`; nothing is removed; an existing file is never
//! overwritten; other dialogs ignore `P`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use tempfile::TempDir;
use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::plan;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::tui::Runner;
use zcrm_tui::zoho::query::Selector;

use crate::tui_support;
use tui_support::*;

const BULK: &str = "(First_Name:equals:Bulk)";

/// `P` as the terminal sends it (Shift held).
fn press_p(r: &mut Runner<TestBackend>) {
    r.key(KeyEvent::new(KeyCode::Char('P'), KeyModifiers::SHIFT));
}

/// Leads open in Records.
async fn leads(w: u16, h: u16) -> (Sandbox, Runner<TestBackend>, TempDir) {
    let (sb, mut r, journal) = start(w, h, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    (sb, r, journal)
}

/// The first three Leads picked, `d`, `P`: the path prompt. Their ids.
async fn three_picked_then_p(r: &mut Runner<TestBackend>) -> Vec<String> {
    act(r, &[Action::First]).await;
    act(
        r,
        &[
            Action::ToggleSelect,
            Action::ToggleSelect,
            Action::ToggleSelect,
            Action::Remove,
        ],
    )
    .await;
    let Some(Layer::Confirm(d)) = r.app.top_layer() else {
        panic!("no dialog: {}", r.screen_text());
    };
    // As the dialog lists them: what it would send.
    let ids: Vec<String> = d.items.ids().map(str::to_string).collect();
    assert_eq!(ids.len(), 3);
    assert!(r.screen_text().contains("P plan"), "{}", r.screen_text());
    press_p(r);
    assert!(r.settle(SETTLE).await.unwrap());
    assert!(matches!(r.app.top_layer(), Some(Layer::PlanPrompt(_))));
    ids
}

/// Replaces the prefilled path with `path` and presses Enter (waiting for the write).
async fn write_to(r: &mut Runner<TestBackend>, path: &Path) {
    for _ in 0..200 {
        r.act(Action::Backspace);
    }
    type_text(r, &path.display().to_string());
    act(r, &[Action::Enter]).await;
}

fn written_line(path: &Path, n: usize) -> String {
    format!(
        "Plan written: {} ({n} records) — review it, then zcrm-tui apply {}",
        path.display(),
        path.display()
    )
}

#[tokio::test]
async fn picked_leads_are_planned_with_names_and_modified_time_and_nothing_is_removed() {
    let (sb, mut r, _journal) = leads(120, 40).await;
    let ids = three_picked_then_p(&mut r).await;
    let prefilled = match r.app.top_layer() {
        Some(Layer::PlanPrompt(p)) => p.input.value().to_string(),
        _ => unreachable!(),
    };
    assert!(
        prefilled.starts_with("./zcrm-plan-Leads-") && prefilled.ends_with(".json"),
        "{prefilled}"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("three.json");
    write_to(&mut r, &path).await;

    let plan = plan::read(&path).expect("a valid plan");
    assert_eq!(plan.ids(), ids, "exactly the picked ids, in their order");
    assert_eq!(plan.count, 3);
    assert_eq!(plan.operation.module(), "Leads");
    assert_eq!(plan.profile, "demo");
    assert!(plan.query.is_none());
    for rec in &plan.records {
        assert!(!rec.name.is_empty(), "{rec:?}");
        assert!(rec.modified_time.is_some(), "{rec:?}");
    }
    let left = sb.control().record_ids("Leads");
    assert!(ids.iter().all(|id| left.contains(id)), "nothing removed");
    assert!(deletes(&sb).is_empty(), "no DELETE request");
    assert!(r.app.top_layer().is_none(), "the dialog closed");
    let said = written_line(&path, 3);
    assert_eq!(r.app.message.as_deref(), Some(said.as_str()));
    assert!(
        zcrm_tui::ui::log::entry_text(&r.app.panes.log.entries[0]).contains(&said),
        "the log says it too"
    );
}

#[tokio::test]
async fn every_match_of_a_query_is_planned_with_the_query() {
    let (sb, mut r, _journal, bulk) = leads_with_bulk(250).await;
    query(&mut r, BULK).await;
    act(&mut r, &[Action::SelectMatching, Action::Remove]).await;
    assert!(r.screen_text().contains("P plan"), "{}", r.screen_text());
    press_p(&mut r);
    assert!(r.settle(SETTLE).await.unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bulk.json");
    write_to(&mut r, &path).await;

    let plan = plan::read(&path).expect("a valid plan");
    let mut got = plan.ids();
    got.sort();
    let mut want = bulk.clone();
    want.sort();
    assert_eq!(got, want, "every match, and only the matches");
    assert_eq!(plan.query, Some(Selector::Criteria(BULK.into())));
    assert_eq!(plan.matched, Some(250));
    assert!(plan.records.iter().all(|r| r.modified_time.is_some()));
    assert!(
        bulk.iter()
            .all(|id| sb.control().record_ids("Leads").contains(id))
    );
    assert!(deletes(&sb).is_empty(), "no DELETE request");
    assert_eq!(
        r.app.message.as_deref(),
        Some(written_line(&path, 250).as_str())
    );
}

#[tokio::test]
async fn an_existing_file_is_not_overwritten_and_another_name_can_be_given() {
    let (sb, mut r, _journal) = leads(120, 40).await;
    let ids = three_picked_then_p(&mut r).await;
    let dir = tempfile::tempdir().unwrap();
    let taken: PathBuf = dir.path().join("taken.json");
    std::fs::write(&taken, "keep me").unwrap();
    write_to(&mut r, &taken).await;
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "keep me");
    assert!(matches!(r.app.top_layer(), Some(Layer::PlanPrompt(_))));
    let s = r.screen_text();
    assert!(s.contains("exists already: it was not overwritten"), "{s}");

    let other = dir.path().join("other.json");
    write_to(&mut r, &other).await;
    assert_eq!(plan::read(&other).expect("written").ids(), ids);
    assert_eq!(std::fs::read_to_string(&taken).unwrap(), "keep me");
    assert!(deletes(&sb).is_empty());
}

#[tokio::test]
async fn esc_goes_back_to_the_dialog_and_p_does_nothing_in_a_delink_dialog() {
    let (sb, mut r, _journal) = leads(120, 40).await;
    three_picked_then_p(&mut r).await;
    act(&mut r, &[Action::Esc]).await;
    assert!(matches!(r.app.top_layer(), Some(Layer::Confirm(_))));
    act(&mut r, &[Action::Esc]).await;
    assert!(r.app.top_layer().is_none());
    assert!(deletes(&sb).is_empty());

    let (sb, mut r, _journal) = start(120, 40, SandboxOptions::default()).await;
    to_spring_expo_contacts(&mut r).await;
    act(&mut r, &[Action::Remove]).await;
    let Some(Layer::Confirm(d)) = r.app.top_layer() else {
        panic!("no dialog: {}", r.screen_text());
    };
    assert!(d.title.starts_with("Delink"), "{}", d.title);
    assert!(!r.screen_text().contains("P plan"), "{}", r.screen_text());
    press_p(&mut r);
    assert!(r.settle(SETTLE).await.unwrap());
    assert!(matches!(r.app.top_layer(), Some(Layer::Confirm(_))));
    assert!(r.app.requests.is_empty(), "nothing was asked of the API");
    assert!(writes(&sb).is_empty());
}

#[tokio::test]
async fn the_path_prompt_at_80x24() {
    let (_sb, mut r, _journal) = leads(80, 24).await;
    r.app.org = "http://127.0.0.1:8088".into();
    r.app.file_stamp = Arc::new(|| "20260101-093000".to_string());
    three_picked_then_p(&mut r).await;
    insta::assert_snapshot!("plan_prompt_80x24", r.terminal.backend());
}
