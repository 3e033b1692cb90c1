//! The recycle bin as a list (`GET /settings/recycle_bin`, v8) through the client against the
//! sandbox: entries of every module with who deleted them; older API versions say v8 is needed.

use crate::client_support;

use client_support::*;
use zcrm_tui::zoho::{ClientConfig, ZohoClient, ZohoError};

#[tokio::test]
async fn the_bin_lists_every_module_and_pages_and_older_versions_say_v8() {
    let sb = sandbox().await;
    let c = client(&sb, 2);
    let leads = sb.control().add_records("Leads", 250);
    for id in &leads {
        assert!(sb.control().delete_by_another_user("Leads", id));
    }
    let deal = sb.control().record_ids("Deals")[0].clone();
    assert!(sb.control().delete_by_another_user("Deals", &deal));
    let first = c.recycle_bin_page(None, 1).await.unwrap();
    assert_eq!(first.items.len(), 200);
    assert!(first.more);
    let second = c.recycle_bin_page(None, 2).await.unwrap();
    assert!(!second.more);
    let all: Vec<_> = first.items.iter().chain(&second.items).collect();
    assert_eq!(all.len(), 251);
    let d = all
        .iter()
        .find(|e| e.id == deal)
        .expect("the deal is listed");
    assert_eq!(d.module, "Deals");
    assert_eq!(d.deleted_by.as_deref(), Some("Marcus Chen"));
    assert_eq!(d.days_left(chrono::Utc::now()), Some(60));
    let only = c.recycle_bin_page(Some("Deals"), 1).await.unwrap();
    assert_eq!(only.items.len(), 1);

    let v7 = ZohoClient::with_options(
        ClientConfig {
            endpoints: sb.endpoints(),
            api_version: 7,
            credentials: sb.credentials(),
            concurrency: 2,
        },
        fast_options(),
    )
    .unwrap();
    let before = sb.control().requests().len();
    match v7.recycle_bin_page(None, 1).await {
        Err(ZohoError::InvalidInput(m)) => assert!(m.contains("API v8 only"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(sb.control().requests().len(), before, "nothing was sent");
}
