//! Errors through the client against the sandbox: every code the sandbox produces reaches the
//! caller typed; tokens expire mid-run; rate limits; refused credentials stop the run.

use crate::client_support;

use std::sync::Arc;
use std::time::Duration;

use client_support::*;
use zcrm_tui::sandbox::SandboxOptions;
use zcrm_tui::zoho::reply::classify;
use zcrm_tui::zoho::{
    ClientOptions, Credentials, ErrorCode, IdOutcome, PageRequest, Secret, ZohoError,
};

#[tokio::test]
async fn token_expiry_in_the_middle_of_a_bulk_run_costs_one_grant() {
    let sb = sandbox().await;
    let ctl = sb.control();
    ctl.set_latency(Duration::from_millis(40));
    let c = client(&sb, 3);
    let mut all: Vec<String> = deletable_ids(&ctl, "Leads", 150);
    let real = all.len();
    all.extend(unknown_ids(600 - real));
    let expire = ctl.clone();
    let calls_seen = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = calls_seen.clone();
    // After the first call answers, every token the sandbox handed out dies.
    let progress: zcrm_tui::zoho::ProgressFn = Arc::new(move |_| {
        if seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            expire.expire_access_tokens();
        }
    });
    let report = c
        .delete_records("Leads", &all, true, Some(progress))
        .await
        .unwrap();
    assert_eq!(report.outcomes.len(), 600);
    assert_eq!(report.calls, 6);
    assert_eq!(
        report.removed(),
        real,
        "{:?}",
        report
            .outcomes
            .iter()
            .find(|o| !o.is_removed() && code_of(o) != Some("INVALID_DATA"))
    );
    assert!(
        report.outcomes[real..]
            .iter()
            .all(|o| code_of(o) == Some("INVALID_DATA"))
    );
    assert_eq!(
        ctl.token_grants(),
        2,
        "one grant at start, one shared refresh"
    );
    assert_eq!(c.stats().token_grants, 2);
    assert!(
        ctl.requests().iter().any(|r| r.status == 401),
        "a call did hit the expiry"
    );
}

#[tokio::test]
async fn concurrent_reads_share_one_grant_and_one_refresh() {
    let sb = sandbox().await;
    let ctl = sb.control();
    ctl.set_latency(Duration::from_millis(30));
    let c = client(&sb, 8);
    let page = PageRequest::first(vec![]);
    let run = |c: zcrm_tui::zoho::ZohoClient, page: PageRequest| async move {
        c.records("Leads", &page).await
    };
    let first: Vec<_> =
        futures::future::join_all((0..8).map(|_| run(c.clone(), page.clone()))).await;
    assert!(first.iter().all(Result::is_ok));
    assert_eq!(ctl.token_grants(), 1);
    ctl.expire_access_tokens();
    let second: Vec<_> =
        futures::future::join_all((0..8).map(|_| run(c.clone(), page.clone()))).await;
    assert!(second.iter().all(Result::is_ok), "{second:?}");
    assert_eq!(ctl.token_grants(), 2);
}

#[tokio::test]
async fn a_token_refused_even_after_refresh_reaches_the_caller_as_invalid_token() {
    let sb = sandbox_with(SandboxOptions {
        token_ttl: Duration::ZERO,
        ..SandboxOptions::default()
    })
    .await;
    let c = client(&sb, 2);
    let e = c.list_modules().await.unwrap_err();
    assert!(
        matches!(
            e,
            ZohoError::Api {
                status: 401,
                code: ErrorCode::InvalidToken | ErrorCode::AuthenticationFailure,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(sb.control().token_grants(), 2, "refreshed exactly once");
    // In a removal: the first call fails with the code, the others are not sent.
    let report = c
        .delete_records("Leads", &unknown_ids(300), true, None)
        .await
        .unwrap();
    assert!(matches!(
        code_of(&report.outcomes[0]),
        Some("INVALID_TOKEN" | "AUTHENTICATION_FAILURE")
    ));
    assert!(
        matches!(report.outcomes[299], IdOutcome::NotAttempted { .. }),
        "{:?}",
        report.outcomes[299]
    );
}

#[tokio::test]
async fn a_refused_refresh_token_is_an_oauth_error_and_nothing_is_removed() {
    let sb = sandbox().await;
    let ctl = sb.control();
    let mut creds = sb.credentials();
    creds.refresh_token = Secret::new("1000.not-a-real-refresh-token");
    let c = client_with(&sb, creds, 1, fast_options());
    let e = c.list_modules().await.unwrap_err();
    assert!(matches!(e, ZohoError::OAuth(_)), "{e:?}");
    assert!(!e.hint().is_empty());
    assert!(
        !format!("{e} {e:?}").contains("not-a-real"),
        "no secret in messages"
    );
    let leads: Vec<String> = deletable_ids(&ctl, "Leads", 150);
    let report = c.delete_records("Leads", &leads, true, None).await.unwrap();
    assert_eq!(report.removed(), 0);
    assert_eq!(report.calls, 0, "no call carried a removal");
    assert_eq!(code_of(&report.outcomes[0]), Some("OAUTH_REFUSED"));
    assert!(matches!(
        report.outcomes[149],
        IdOutcome::NotAttempted { .. }
    ));
    assert!(leads.iter().all(|id| ctl.record_exists("Leads", id)));
    assert!(ctl.requests().is_empty(), "no API request without a token");
}

#[tokio::test]
async fn scope_mismatch_is_typed_and_stops_the_run() {
    let sb = sandbox().await;
    let ctl = sb.control();
    let creds: Credentials =
        ctl.credentials_with_scopes(&["ZohoCRM.modules.READ", "ZohoCRM.settings.ALL"]);
    let c = client_with(&sb, creds, 1, fast_options());
    // Reading is allowed.
    assert!(
        c.records("Leads", &PageRequest::first(vec![]))
            .await
            .is_ok()
    );
    let leads: Vec<String> = deletable_ids(&ctl, "Leads", 250);
    let report = c.delete_records("Leads", &leads, true, None).await.unwrap();
    assert_eq!(report.calls, 1, "the run stopped after the refusal");
    let IdOutcome::Failed { code, hint, .. } = &report.outcomes[0] else {
        panic!()
    };
    assert_eq!(code, "OAUTH_SCOPE_MISMATCH");
    assert!(hint.contains("scope"));
    assert!(
        report
            .outcomes
            .iter()
            .skip(100)
            .all(|o| matches!(o, IdOutcome::NotAttempted { .. }))
    );
    assert!(leads.iter().all(|id| ctl.record_exists("Leads", id)));
}

#[tokio::test]
async fn no_permission_is_typed_and_stops_the_run() {
    let sb = sandbox().await;
    let ctl = sb.control();
    let c = client_with(&sb, ctl.read_only_credentials(), 1, fast_options());
    let leads: Vec<String> = deletable_ids(&ctl, "Leads", 150);
    let report = c.delete_records("Leads", &leads, true, None).await.unwrap();
    assert_eq!(report.calls, 1);
    assert_eq!(code_of(&report.outcomes[0]), Some("NO_PERMISSION"));
    assert!(matches!(
        report.outcomes[120],
        IdOutcome::NotAttempted { .. }
    ));
    let roles = c
        .delete_contact_roles(&ids(&["4150868000001015046"]), None)
        .await
        .unwrap();
    assert_eq!(code_of(&roles.outcomes[0]), Some("NO_PERMISSION"));
    assert!(ctl.contact_role_exists("4150868000001015046"));
}

#[tokio::test]
async fn rate_limits_are_retried_then_reported_as_such() {
    let sb = sandbox().await;
    let ctl = sb.control();
    ctl.set_latency(Duration::from_millis(80));
    ctl.set_max_concurrency(Some(1));
    // No retries: some calls come back TOO_MANY_REQUESTS, reported as such.
    let no_retry = client_with(
        &sb,
        sb.credentials(),
        4,
        ClientOptions {
            rate_limit_retries: 0,
            ..fast_options()
        },
    );
    let report = no_retry
        .delete_records("Leads", &unknown_ids(400), true, None)
        .await
        .unwrap();
    let limited = report
        .outcomes
        .iter()
        .filter(|o| code_of(o) == Some("TOO_MANY_REQUESTS"))
        .count();
    assert!(limited >= 100, "{limited}");
    let IdOutcome::Failed { hint, .. } = report
        .outcomes
        .iter()
        .find(|o| code_of(o) == Some("TOO_MANY_REQUESTS"))
        .unwrap()
    else {
        panic!()
    };
    assert!(hint.contains("wait"));
    assert!(ctl.requests().iter().any(|r| r.status == 429));
    // With retries and backoff, the same run gets through.
    let patient = client_with(
        &sb,
        sb.credentials(),
        4,
        ClientOptions {
            rate_limit_retries: 20,
            ..fast_options()
        },
    );
    let report = patient
        .delete_records("Leads", &unknown_ids(400), true, None)
        .await
        .unwrap();
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| code_of(o) == Some("INVALID_DATA")),
        "{:?}",
        report
            .outcomes
            .iter()
            .find(|o| code_of(o) != Some("INVALID_DATA"))
    );
    assert!(patient.stats().rate_limit_retries > 0);
}

#[tokio::test]
async fn server_errors_are_retried_a_bounded_number_of_times_on_removals_and_reads() {
    let sb = sandbox().await;
    let ctl = sb.control();
    let c = client(&sb, 2);
    let leads: Vec<String> = deletable_ids(&ctl, "Leads", 3);
    c.list_modules().await.unwrap(); // token first
    ctl.set_error_rate(1.0);
    ctl.clear_requests();
    let report = c.delete_records("Leads", &leads, true, None).await.unwrap();
    // Every attempt may have landed and the recycle bin cannot be read: unknown, not "failed".
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| code_of(o) == Some("UNKNOWN_OUTCOME")),
        "{report:?}"
    );
    let dels = ctl
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .count();
    assert_eq!(dels, 3, "a removal is attempted three times");
    ctl.clear_requests();
    let e = c.list_modules().await.unwrap_err();
    assert!(
        matches!(
            e,
            ZohoError::Api {
                status: 500,
                code: ErrorCode::InternalError,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(ctl.requests().len(), 3, "a read is retried twice");
    ctl.set_error_rate(0.0);
    assert!(leads.iter().all(|id| ctl.record_exists("Leads", id)));
}

#[tokio::test]
async fn network_failures_are_typed() {
    let sb = sandbox().await;
    let mut endpoints = sb.endpoints();
    let creds = sb.credentials();
    // A port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    endpoints.api_domain = format!("http://127.0.0.1:{port}");
    let c = zcrm_tui::zoho::ZohoClient::with_options(
        zcrm_tui::zoho::ClientConfig {
            endpoints,
            api_version: 8,
            credentials: creds,
            concurrency: 1,
        },
        fast_options(),
    )
    .unwrap();
    let report = c
        .delete_records("Leads", &unknown_ids(2), true, None)
        .await
        .unwrap();
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| code_of(o) == Some("NETWORK")),
        "{report:?}"
    );
    assert!(matches!(c.list_modules().await, Err(ZohoError::Network(_))));
}

#[tokio::test]
async fn module_errors_are_typed() {
    let sb = sandbox().await;
    let c = client(&sb, 2);
    let report = c
        .delete_records("No_Such_Module", &unknown_ids(2), true, None)
        .await
        .unwrap();
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| code_of(o) == Some("INVALID_MODULE")),
        "{report:?}"
    );
    let e = c
        .records("No_Such_Module", &PageRequest::first(vec![]))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            ZohoError::Api {
                status: 400,
                code: ErrorCode::InvalidModule,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(!e.hint().is_empty());
}

/// Calls the client never makes (more than 100 ids, no ids, a wrong method) still come back
/// typed from the sandbox's real replies.
#[tokio::test]
async fn replies_to_malformed_calls_are_typed() {
    let sb = sandbox().await;
    let ep = sb.endpoints();
    let creds = sb.credentials();
    let http = reqwest::Client::new();
    let token_url = format!("{}/oauth/v2/token", ep.accounts_url);
    let body = format!(
        "grant_type=refresh_token&client_id={}&client_secret={}&refresh_token={}",
        creds.client_id,
        creds.client_secret.expose(),
        creds.refresh_token.expose()
    );
    let grant = http
        .post(&token_url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    let g =
        zcrm_tui::zoho::auth::parse_grant(grant.status().as_u16(), &grant.bytes().await.unwrap())
            .unwrap();
    let auth = format!("Zoho-oauthtoken {}", g.access_token.expose());
    let send = |method: reqwest::Method, path: String| {
        let req = http
            .request(method, format!("{}/crm/v8{path}", ep.api_domain))
            .header("authorization", auth.clone());
        async move {
            let r = req.send().await.unwrap();
            let status = r.status().as_u16();
            classify(status, &r.bytes().await.unwrap())
        }
    };
    let many = unknown_ids(101).join(",");
    let cases = [
        (
            reqwest::Method::DELETE,
            format!("/Leads?ids={many}"),
            ErrorCode::LimitExceeded,
            400,
        ),
        (
            reqwest::Method::DELETE,
            "/Leads".to_string(),
            ErrorCode::RequiredParamMissing,
            400,
        ),
        (
            reqwest::Method::DELETE,
            "/Contacts/roles".to_string(),
            ErrorCode::RequiredParamMissing,
            400,
        ),
        (
            reqwest::Method::PATCH,
            "/Leads?ids=1".to_string(),
            ErrorCode::InvalidRequestMethod,
            400,
        ),
        (
            reqwest::Method::DELETE,
            "/Leads?ids=12,abc".to_string(),
            ErrorCode::UnableToParseDataType,
            400,
        ),
        (
            reqwest::Method::DELETE,
            "/Leads/1/2/3/4/5/6".to_string(),
            ErrorCode::InvalidUrlPattern,
            404,
        ),
    ];
    for (method, path, code, status) in cases {
        let e = send(method.clone(), path.clone()).await.unwrap_err();
        let ZohoError::Api {
            status: s,
            code: c,
            details,
            ..
        } = &e
        else {
            panic!("{method} {path}: {e:?}")
        };
        assert_eq!((c, *s), (&code, status), "{method} {path}");
        if code == ErrorCode::LimitExceeded {
            assert_eq!(zcrm_tui::zoho::reply::limit_of(details), Some(100));
        }
    }
}

#[tokio::test]
async fn route_and_relation_errors_are_typed() {
    let sb = sandbox().await;
    let ctl = sb.control();
    let c = client(&sb, 2);
    let campaign = "3652397000000327001";
    let code_for = |r: &zcrm_tui::zoho::RemovalReport| code_of(&r.outcomes[0]).map(str::to_string);
    // An unknown related list: the URL matches no route.
    let r = c
        .delink_related(
            "Campaigns",
            campaign,
            "No_Such_List",
            &ids(&["3652397000000925128"]),
            None,
        )
        .await
        .unwrap();
    assert_eq!(code_for(&r).as_deref(), Some("INVALID_URL_PATTERN"));
    // A relation the API cannot remove (an Account's Contacts: a lookup on each Contact).
    let account = deletable_ids(&ctl, "Accounts", 1)[0].clone();
    let r = c
        .delink_related(
            "Accounts",
            &account,
            "Contacts",
            &ids(&["3652397000000925128"]),
            None,
        )
        .await
        .unwrap();
    assert_eq!(code_for(&r).as_deref(), Some("INVALID_REQUEST_METHOD"));
    // A module the API does not support, and one whose records cannot be deleted.
    for module in ["Documents", "Visits"] {
        let r = c
            .delete_records(module, &unknown_ids(1), true, None)
            .await
            .unwrap();
        assert_eq!(code_for(&r).as_deref(), Some("INVALID_MODULE"), "{module}");
    }
    // Discrete pages end at 2,000 records.
    let mut req = PageRequest::first(vec![]);
    req.page = 11;
    let e = c.records("Leads", &req).await.unwrap_err();
    let ZohoError::Api { code, details, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(code, &ErrorCode::DiscretePaginationLimitExceeded);
    assert_eq!(zcrm_tui::zoho::reply::limit_of(details), Some(2000));
}

#[tokio::test]
async fn the_last_contact_role_cannot_be_deleted() {
    let sb = sandbox().await;
    let c = client(&sb, 2);
    let roles: Vec<String> = c
        .contact_roles()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert!(roles.len() >= 2);
    let report = c.delete_contact_roles(&roles, None).await.unwrap();
    assert_eq!(report.removed(), roles.len() - 1);
    let last = report.outcomes.iter().find(|o| !o.is_removed()).unwrap();
    let IdOutcome::Failed {
        code,
        details,
        hint,
        ..
    } = last
    else {
        panic!("{last:?}")
    };
    assert_eq!(code, "LOWER_LIMIT_REACHED");
    assert_eq!(zcrm_tui::zoho::reply::limit_of(details), Some(1));
    assert_eq!(hint, ErrorCode::LowerLimitReached.hint());
    assert!(sb.control().contact_role_exists(last.id()));
}

#[tokio::test]
async fn short_lived_tokens_are_refreshed_before_they_expire() {
    let sb = sandbox_with(SandboxOptions {
        token_ttl: Duration::from_secs(2),
        latency: Duration::from_millis(250),
        ..SandboxOptions::default()
    })
    .await;
    let ctl = sb.control();
    let c = client(&sb, 1);
    let started = std::time::Instant::now();
    let report = c
        .delete_records("Leads", &unknown_ids(1200), true, None)
        .await
        .unwrap();
    // 12 calls of 250 ms: about 3 s, so the 2 s token ran out during the run.
    assert_eq!(report.calls, 12);
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| code_of(o) == Some("INVALID_DATA")),
        "{:?}",
        report
            .outcomes
            .iter()
            .find(|o| code_of(o) != Some("INVALID_DATA"))
    );
    // One grant at the start, then one per 1.8 s (the token's 2 s less the refresh margin):
    // refreshed ahead of time, never once per request.
    let grants = ctl.token_grants();
    let most = 2 + (started.elapsed().as_secs_f64() / 1.8) as usize;
    assert!(
        grants >= 2 && grants <= most,
        "{grants} grants, at most {most}"
    );
}
