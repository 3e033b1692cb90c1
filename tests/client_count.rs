//! Record counts through the client, and the token throttle as the client shows it, against
//! the sandbox over loopback.

use crate::client_support;

use client_support::*;
use zcrm_tui::sandbox::SandboxOptions;
use zcrm_tui::zoho::count::CountFilter;
use zcrm_tui::zoho::{SearchQuery, ZohoError};

#[tokio::test]
async fn counts_all_records_a_search_and_a_growing_module() {
    let sb = sandbox().await;
    let c = client(&sb, 2);
    let total = sb.control().record_ids("Leads").len() as u64;
    assert_eq!(
        c.count_records("Leads", &CountFilter::All).await.unwrap(),
        total
    );
    let one = CountFilter::Search(SearchQuery::Email(
        "christopher.brown@kestrelaerospace.example".into(),
    ));
    assert_eq!(c.count_records("Leads", &one).await.unwrap(), 1);
    let none = CountFilter::Search(SearchQuery::Word("nothing-like-this".into()));
    assert_eq!(c.count_records("Leads", &none).await.unwrap(), 0);
    sb.control().add_records("Leads", 2500);
    assert_eq!(
        c.count_records("Leads", &CountFilter::All).await.unwrap(),
        total + 2500
    );
    let r = sb.control().requests();
    let last = r.last().unwrap();
    assert_eq!(last.path, "/crm/v8/Leads/actions/count");
    assert_eq!(last.query, "");
}

#[tokio::test]
async fn a_refused_count_is_the_api_error_and_an_empty_filter_is_not_sent() {
    let sb = sandbox().await;
    let c = client(&sb, 2);
    let e = c
        .count_records("Leads", &CountFilter::View("123".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ZohoError::Api { status: 400, code, .. } if code.as_str() == "INVALID_DATA"),
        "{e:?}"
    );
    sb.control().clear_requests();
    let e = c
        .count_records(
            "Leads",
            &CountFilter::Search(SearchQuery::Word("  ".into())),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, ZohoError::InvalidInput(_)));
    assert!(sb.control().requests().is_empty());
}

#[tokio::test]
async fn a_throttled_refresh_reads_as_a_sentence_naming_the_throttle() {
    let sb = sandbox_with(SandboxOptions {
        token_throttle: true,
        ..SandboxOptions::default()
    })
    .await;
    // Ten clients, ten access tokens: the allowance of one refresh token for ten minutes.
    for _ in 0..10 {
        let c = client(&sb, 1);
        c.count_records("Leads", &CountFilter::All).await.unwrap();
    }
    let c = client(&sb, 1);
    let e = c
        .count_records("Leads", &CountFilter::All)
        .await
        .unwrap_err();
    let shown = e.to_string();
    assert!(matches!(e, ZohoError::OAuth(_)), "{e:?}");
    assert!(shown.contains("Access Denied"), "{shown}");
    assert!(shown.contains("too many requests"), "{shown}");
    assert!(e.hint().contains("10 per 10 minutes"), "{}", e.hint());
    let token = sb.credentials().refresh_token.expose().to_string();
    assert!(!shown.contains(&token) && !e.hint().contains(&token));
}
