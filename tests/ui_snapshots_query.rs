//! Snapshots of selection by query at 80x24 and 120x40: the query line, the count line (the
//! footer and the title once the count is back), "all matching", its confirm dialog (with only
//! the first page loaded, and with every match loaded), and the custom views list. Driven
//! through the real app and API task against the sandbox (fixed clock, no colours).

use ratatui::backend::TestBackend;
use tempfile::TempDir;
use zcrm_tui::action::Action;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::tui::Runner;

use crate::tui_support;
use tui_support::*;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];
const BULK: &str = "(First_Name:equals:Bulk)";

fn snap(r: &Runner<TestBackend>, name: &str) {
    let size = r.terminal.backend().buffer().area;
    insta::assert_snapshot!(
        format!("{name}_{}x{}", size.width, size.height),
        r.terminal.backend()
    );
}

/// Leads open, with `n` generated "Bulk" Leads; the org shown as a fixed one (the sandbox's
/// port changes from run to run).
async fn leads(w: u16, h: u16, n: usize) -> (Sandbox, Runner<TestBackend>, TempDir) {
    let (sb, mut r, journal) = start(w, h, SandboxOptions::default()).await;
    sb.control().add_records("Leads", n);
    r.app.org = "http://127.0.0.1:8088".into();
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    (sb, r, journal)
}

#[tokio::test]
async fn query_line_count_and_all_matching() {
    for (w, h) in SIZES {
        let (_sb, mut r, _journal) = leads(w, h, 250).await;
        act(&mut r, &[Action::Query]).await;
        snap(&r, "query_line_empty");
        type_text(&mut r, BULK);
        assert!(r.settle(SETTLE).await.unwrap());
        snap(&r, "query_line");
        act(&mut r, &[Action::Enter]).await;
        snap(&r, "query_count");
        act(&mut r, &[Action::SelectMatching]).await;
        snap(&r, "query_all_matching");
        // Only the first page is loaded: the dialog says the rest are read on confirm.
        act(&mut r, &[Action::Remove]).await;
        snap(&r, "query_confirm_partly_loaded");
        act(&mut r, &[Action::Esc, Action::Last, Action::Remove]).await;
        snap(&r, "query_confirm_all_loaded");
    }
}

#[tokio::test]
async fn custom_views_list() {
    for (w, h) in SIZES {
        let (_sb, mut r, _journal) = leads(w, h, 0).await;
        act(&mut r, &[Action::Views]).await;
        snap(&r, "views_list");
        act(&mut r, &[Action::Down, Action::Enter]).await;
        snap(&r, "view_count");
    }
}
