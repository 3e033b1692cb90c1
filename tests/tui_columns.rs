//! Columns and sorting through the real app and API task against the sandbox: `s` sorts by the
//! server where Zoho sorts, `S` flips the order.

use serde_json::Value;
use zcrm_tui::action::Action;
use zcrm_tui::sandbox::SandboxOptions;

use crate::tui_support;
use tui_support::*;

const RECORDS: &str = include_str!("../assets/sandbox/records.json");

/// The seeded Leads' ids in the order the sandbox's data gives when sorted by `field`.
fn seeded_order(field: &str, ascending: bool) -> Vec<String> {
    let all: Value = serde_json::from_str(RECORDS).unwrap();
    let mut leads: Vec<(String, String)> = all["Leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r[field].as_str().unwrap_or_default().to_string(),
                r["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    leads.sort_by(|a, b| a.0.cmp(&b.0));
    if !ascending {
        leads.reverse();
    }
    leads.into_iter().map(|(_, id)| id).collect()
}

fn loaded_ids(r: &zcrm_tui::tui::Runner<ratatui::backend::TestBackend>) -> Vec<String> {
    let t = &r.app.panes.records.table;
    t.rows.iter().map(|row| row.id.clone()).collect()
}

fn last_list_query(sb: &zcrm_tui::sandbox::Sandbox) -> String {
    sb.control()
        .requests()
        .into_iter()
        .rev()
        .find(|q| q.method == "GET" && q.path.ends_with("/Leads"))
        .map(|q| q.query)
        .unwrap_or_default()
}

#[tokio::test]
async fn s_sorts_by_the_server_where_zoho_sorts_and_shift_s_flips() {
    let (sb, mut r, _journal) = start(200, 60, SandboxOptions::default()).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter]).await;
    let unsorted = loaded_ids(&r);
    assert!(!last_list_query(&sb).contains("sort_by"));

    // Name, Company, Lead Status, Email, Owner: among the loaded rows, no request.
    act(&mut r, &[Action::Sort]).await;
    let names: Vec<String> = r
        .app
        .panes
        .records
        .table
        .rows
        .iter()
        .map(|x| x.name.to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "sorted by name among the loaded rows");
    assert!(
        r.screen_text().contains("sort ↑ Name (loaded rows)"),
        "{}",
        r.screen_text()
    );
    let before = sb.control().requests().len();
    act(
        &mut r,
        &[Action::Sort, Action::Sort, Action::Sort, Action::Sort],
    )
    .await;
    assert_eq!(
        sb.control().requests().len(),
        before,
        "loaded rows only: nothing asked"
    );

    // Modified_Time: Zoho sorts it; the first page comes again in that order.
    act(&mut r, &[Action::Sort]).await;
    let q = last_list_query(&sb);
    assert!(
        q.contains("sort_by=Modified_Time") && q.contains("sort_order=asc"),
        "{q}"
    );
    let expected = seeded_order("Modified_Time", true);
    assert_eq!(loaded_ids(&r), expected[..200].to_vec());
    let s = r.screen_text();
    assert!(s.contains("sort ↑ Modified (server)"), "{s}");
    assert!(s.contains("Modified↑"), "the header marks the column: {s}");

    act(&mut r, &[Action::SortFlip]).await;
    let q = last_list_query(&sb);
    assert!(
        q.contains("sort_by=Modified_Time") && q.contains("sort_order=desc"),
        "{q}"
    );
    let expected = seeded_order("Modified_Time", false);
    assert_eq!(loaded_ids(&r), expected[..200].to_vec());
    assert!(r.screen_text().contains("sort ↓ Modified (server)"));

    // The next page keeps the order.
    act(&mut r, &[Action::Last]).await;
    assert_eq!(loaded_ids(&r), expected);
    assert!(last_list_query(&sb).contains("sort_order=desc"));

    // Id (server), then none: the server's own order again.
    act(&mut r, &[Action::Sort]).await;
    assert!(last_list_query(&sb).contains("sort_by=id"));
    act(&mut r, &[Action::Sort]).await;
    assert!(!last_list_query(&sb).contains("sort_by"));
    assert_eq!(loaded_ids(&r)[..200], unsorted[..200]);
}

#[tokio::test]
async fn columns_come_from_the_config_and_values_read_for_people() {
    let (_sb, mut r, _journal) = start(200, 60, SandboxOptions::default()).await;
    r.app.panes.columns.insert(
        "Deals".into(),
        vec!["Deal_Name".into(), "Amount".into(), "Probability".into()],
    );
    goto(&mut r, "Deals");
    act(&mut r, &[Action::Enter]).await;
    let s = r.screen_text();
    assert!(s.contains("Deal Name") && s.contains("Probability"), "{s}");
    assert!(!s.contains("Stage"), "only the configured columns: {s}");
    assert!(s.contains("178,000.00"), "a currency reads as one: {s}");
}
