//! The browse calls through the client against the sandbox over loopback.

use crate::client_support;

use client_support::*;
use zcrm_tui::zoho::{PageRequest, SearchQuery, display_fields};

#[tokio::test]
async fn modules_and_related_lists() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let modules = c.list_modules().await.unwrap();
    for name in [
        "Leads",
        "Contacts",
        "Accounts",
        "Deals",
        "Campaigns",
        "Products",
        "Price_Books",
        "Appointments",
        "Services",
        "Tasks",
    ] {
        let m = modules
            .iter()
            .find(|m| m.api_name == name)
            .unwrap_or_else(|| panic!("{name}"));
        assert!(m.api_supported, "{name}");
    }
    let lists = c.related_lists("Campaigns").await.unwrap();
    let contacts = lists
        .iter()
        .find(|l| l.api_name == "Contacts")
        .expect("Contacts list");
    assert!(contacts.can_delink);
    let lists = c.related_lists("Appointments").await.unwrap();
    assert!(
        lists
            .iter()
            .any(|l| l.api_name == "Services" && l.can_delink),
        "{lists:?}"
    );
    let req = sb.control().requests();
    assert!(req.iter().any(
        |r| r.path == "/crm/v8/settings/related_lists" && r.query.contains("module=Campaigns")
    ));
}

#[tokio::test]
async fn records_page_by_page_and_by_token() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let all = ctl.record_ids("Leads");
    let mut req = PageRequest::first(display_fields("Leads"));
    req.per_page = 50;
    let first = c.records("Leads", &req).await.unwrap();
    assert_eq!(first.records.len(), 50.min(all.len()));
    assert_eq!(first.more_records, all.len() > 50);
    assert!(first.records.iter().all(|r| !r.display_name().is_empty()));
    let mut seen: Vec<String> = first.records.iter().map(|r| r.id.clone()).collect();
    let mut page = first;
    let mut n = 1;
    while page.more_records && n < 100 {
        n += 1;
        req.page = n;
        page = c.records("Leads", &req).await.unwrap();
        seen.extend(page.records.iter().map(|r| r.id.clone()));
    }
    let mut expected = all.clone();
    expected.sort();
    seen.sort();
    assert_eq!(seen, expected);
    let q = ctl
        .requests()
        .iter()
        .find(|r| r.path == "/crm/v8/Leads")
        .unwrap()
        .query
        .clone();
    assert!(
        q.contains("fields=Full_Name,") && q.contains("per_page=50"),
        "{q}"
    );
    // A page token, when the sandbox gives one, is followed.
    if let Some(token) = page.next_page_token.clone() {
        req.page_token = Some(token);
        c.records("Leads", &req).await.unwrap();
        assert!(
            ctl.requests()
                .iter()
                .any(|r| r.query.contains("page_token="))
        );
    }
}

#[tokio::test]
async fn records_by_250_ids_are_3_calls_and_unknown_ids_are_absent() {
    let sb = sandbox().await;
    let c = client(&sb, 2);
    let ctl = sb.control();
    let mut wanted: Vec<String> = deletable_ids(&ctl, "Leads", 200);
    let real = wanted.len();
    wanted.extend(unknown_ids(250 - real));
    ctl.clear_requests();
    let recs = c.records_by_ids("Leads", &wanted, &[]).await.unwrap();
    assert_eq!(recs.len(), real);
    let gets: Vec<_> = ctl
        .requests()
        .into_iter()
        .filter(|r| r.method == "GET")
        .collect();
    assert_eq!(gets.len(), 3);
    assert!(gets.iter().all(|r| r.ids <= 100));
}

#[tokio::test]
async fn related_records_of_the_seed_campaign() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let page = c
        .related_records(
            "Campaigns",
            "3652397000000327001",
            "Contacts",
            &PageRequest::first(vec![]),
        )
        .await
        .unwrap();
    let ids: Vec<&str> = page.records.iter().map(|r| r.id.as_str()).collect();
    assert!(
        ids.contains(&"3652397000000925128") && ids.contains(&"3652397000000649013"),
        "{ids:?}"
    );
    // After delinking both, the list no longer holds them.
    c.delink_related(
        "Campaigns",
        "3652397000000327001",
        "Contacts",
        &client_support::ids(&["3652397000000925128", "3652397000000649013"]),
        None,
    )
    .await
    .unwrap();
    let page = c
        .related_records(
            "Campaigns",
            "3652397000000327001",
            "Contacts",
            &PageRequest::first(vec![]),
        )
        .await
        .unwrap();
    assert!(
        page.records
            .iter()
            .all(|r| r.id != "3652397000000925128" && r.id != "3652397000000649013")
    );
}

#[tokio::test]
async fn search_and_an_empty_result_is_204() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let first = c
        .records("Leads", &PageRequest::first(vec![]))
        .await
        .unwrap();
    let lead = &first.records[0];
    let last = lead
        .fields
        .get("Last_Name")
        .and_then(|v| v.as_str())
        .expect("Last_Name")
        .to_string();
    let found = c
        .search(
            "Leads",
            &SearchQuery::Criteria(format!("(Last_Name:equals:{last})")),
            &PageRequest::first(vec![]),
        )
        .await
        .unwrap();
    assert!(found.records.iter().any(|r| r.id == lead.id));
    let found = c
        .search(
            "Leads",
            &SearchQuery::Word(last.clone()),
            &PageRequest::first(vec![]),
        )
        .await
        .unwrap();
    assert!(found.records.iter().any(|r| r.id == lead.id));
    let none = c
        .search(
            "Leads",
            &SearchQuery::Word("zzqx-no-such-word-4711".into()),
            &PageRequest::first(vec![]),
        )
        .await
        .unwrap();
    assert!(none.records.is_empty() && !none.more_records);
    assert!(sb.control().requests().iter().any(|r| r.status == 204));
}

#[tokio::test]
async fn contact_roles_are_listed() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let roles = c.contact_roles().await.unwrap();
    assert!(roles.iter().any(|r| r.id == "4150868000001015046"));
    assert!(roles.iter().all(|r| !r.name.is_empty()));
}

#[tokio::test]
async fn every_api_version_from_2_to_8_reaches_the_sandbox() {
    let sb = sandbox().await;
    for v in 2..=8u8 {
        let c = zcrm_tui::zoho::ZohoClient::new(zcrm_tui::zoho::ClientConfig {
            endpoints: sb.endpoints(),
            api_version: v,
            credentials: sb.credentials(),
            concurrency: 1,
        })
        .unwrap();
        c.contact_roles().await.unwrap();
        assert!(
            sb.control()
                .requests()
                .iter()
                .any(|r| r.path == format!("/crm/v{v}/Contacts/roles"))
        );
    }
}
