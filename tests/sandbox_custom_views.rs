//! Custom views: the list and one view with its criteria (`/settings/custom_views`), and the
//! records and counts a `cvid` selects, on the seeded org and on a generated one.

use crate::sandbox_common as common;

use chrono::DateTime;
use common::{Env, start, start_with};
use serde_json::{Value, json};
use zcrm_tui::sandbox::SandboxOptions;

async fn views(env: &Env, module: &str) -> Vec<Value> {
    let a = env
        .get(&format!("/crm/v7/settings/custom_views?module={module}"))
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    a.json()["custom_views"].as_array().unwrap().clone()
}

async fn view_id(env: &Env, module: &str, name: &str) -> String {
    views(env, module)
        .await
        .iter()
        .find(|v| v["name"] == name)
        .unwrap_or_else(|| panic!("no view {name}"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every record `GET /{module}?cvid=` pages through.
async fn in_view(env: &Env, module: &str, cvid: &str, fields: &str) -> Vec<Value> {
    env.all_pages(&format!("/crm/v8/{module}?cvid={cvid}&fields={fields}"))
        .await
}

async fn count(env: &Env, module: &str, cvid: &str) -> u64 {
    let a = env
        .get(&format!("/crm/v8/{module}/actions/count?cvid={cvid}"))
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    a.json()["count"].as_u64().unwrap()
}

#[tokio::test]
async fn each_module_lists_its_views_and_one_view_has_its_criteria() {
    let env = start().await;
    let leads = views(&env, "Leads").await;
    let names: Vec<&str> = leads.iter().map(|v| v["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "All Leads",
            "Junk Leads",
            "Leads created before 2024",
            "Junk Leads created before 2026"
        ]
    );
    let all = &leads[0];
    assert_eq!(all["system_name"], "ALLVIEWS");
    assert_eq!(all["default"], true);
    assert_eq!(
        all["id"],
        zcrm_tui::sandbox::all_records_view_id(
            env.get("/crm/v8/settings/modules/Leads").await.json()["modules"][0]["id"]
                .as_str()
                .unwrap()
        )
    );
    for v in &leads {
        for key in [
            "id",
            "name",
            "display_value",
            "system_name",
            "default",
            "system_defined",
            "category",
        ] {
            assert!(v.get(key).is_some(), "{key} in {v}");
        }
    }
    assert!(views(&env, "Contacts").await.len() >= 2);
    assert!(views(&env, "Deals").await.len() >= 2);
    let junk = view_id(&env, "Leads", "Junk Leads").await;
    let a = env
        .get(&format!(
            "/crm/v7/settings/custom_views/{junk}?module=Leads"
        ))
        .await;
    let v = &a.json()["custom_views"][0];
    assert_eq!(v["name"], "Junk Leads");
    assert_eq!(v["criteria"]["comparator"], "equal");
    assert_eq!(v["criteria"]["field"]["api_name"], "Lead_Status");
    assert!(v["criteria"]["field"]["id"].is_string());
    assert_eq!(v["criteria"]["value"], "Junk Lead");
    let a = env
        .get("/crm/v7/settings/custom_views/123?module=Leads")
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "INVALID_DATA");
    let a = env.get("/crm/v7/settings/custom_views").await;
    assert_eq!(a.json()["details"], json!({"param_name":"module"}));
    assert_eq!(a.code(), "REQUIRED_PARAM_MISSING");
}

#[tokio::test]
async fn records_and_counts_follow_the_views_criteria() {
    let env = start().await;
    let junk = view_id(&env, "Leads", "Junk Leads").await;
    let rows = in_view(&env, "Leads", &junk, "Lead_Status").await;
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["Lead_Status"] == "Junk Lead"));
    assert_eq!(count(&env, "Leads", &junk).await, rows.len() as u64);
    let all: u64 = env.get("/crm/v8/Leads/actions/count").await.json()["count"]
        .as_u64()
        .unwrap();
    assert!((rows.len() as u64) < all);
    let both = view_id(&env, "Leads", "Junk Leads created before 2026").await;
    let cut = DateTime::parse_from_rfc3339("2026-01-01T00:00:00+00:00").unwrap();
    let rows = in_view(&env, "Leads", &both, "Lead_Status,Created_Time").await;
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r["Lead_Status"] == "Junk Lead"
        && DateTime::parse_from_rfc3339(r["Created_Time"].as_str().unwrap()).unwrap() < cut));
    let big = view_id(&env, "Deals", "Deals over 100,000").await;
    let deals = in_view(&env, "Deals", &big, "Amount").await;
    assert!(
        !deals.is_empty()
            && deals
                .iter()
                .all(|d| d["Amount"].as_f64().unwrap() > 100_000.0)
    );
    let austin = view_id(&env, "Contacts", "Contacts in Austin").await;
    assert_eq!(
        count(&env, "Contacts", &austin).await,
        in_view(&env, "Contacts", &austin, "Mailing_City")
            .await
            .len() as u64
    );
    // An unknown cvid: the listing as without one, and the count's INVALID_DATA, as before.
    let a = env.get("/crm/v8/Leads?cvid=123&fields=Last_Name").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["info"]["count"], 200);
    let a = env.get("/crm/v8/Leads/actions/count?cvid=123").await;
    assert_eq!(a.code(), "INVALID_DATA");
    // A view of another module is not this module's.
    let a = env
        .get(&format!("/crm/v8/Deals/actions/count?cvid={junk}"))
        .await;
    assert_eq!(a.code(), "INVALID_DATA");
}

#[tokio::test]
async fn generated_records_fall_into_the_views_too() {
    let env = start_with(SandboxOptions {
        generate: vec![("Leads".into(), 3000)],
        seed: 3,
        ..SandboxOptions::default()
    })
    .await;
    // The seeded leads are all from 2025 on: the old ones are generated.
    let old = view_id(&env, "Leads", "Leads created before 2024").await;
    let rows = in_view(&env, "Leads", &old, "Created_Time").await;
    let cut = DateTime::parse_from_rfc3339("2024-01-01T00:00:00+00:00").unwrap();
    assert!(rows.len() > 100, "{}", rows.len());
    assert!(
        rows.iter().all(
            |r| DateTime::parse_from_rfc3339(r["Created_Time"].as_str().unwrap()).unwrap() < cut
        )
    );
    assert_eq!(count(&env, "Leads", &old).await, rows.len() as u64);
    let junk = view_id(&env, "Leads", "Junk Leads").await;
    assert!(count(&env, "Leads", &junk).await > 100);
}
