//! The client against a scripted server on loopback that answers what the real API might in bad
//! moments: unreadable bodies, missing results, 204s, Retry-After, OAuth errors as HTTP 200.
//! (The sandbox is faithful to the docs; these replies are the ones the docs do not promise.)

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{any, post};
use zcrm_tui::zoho::{
    ClientConfig, ClientOptions, Credentials, Endpoints, ErrorCode, IdOutcome, PageRequest, Secret,
    ZohoClient, ZohoError,
};

#[derive(Clone)]
struct Canned {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: &'static str,
}

fn canned(status: u16, body: &'static str) -> Canned {
    Canned {
        status,
        headers: vec![],
        body,
    }
}

#[derive(Default)]
struct Script {
    replies: VecDeque<Canned>,
    seen: Vec<(String, String, Option<String>, Instant)>,
    grants: usize,
    grant_reply: Option<(u16, &'static str)>,
}

type Shared = Arc<Mutex<Script>>;

async fn token(State(s): State<Shared>, body: String) -> Response {
    let mut s = s.lock().unwrap();
    s.grants += 1;
    assert!(body.contains("grant_type=refresh_token") && body.contains("refresh_token=rt"));
    let (status, text) = s.grant_reply.unwrap_or((200, ""));
    let text = if text.is_empty() {
        format!(
            r#"{{"access_token":"at{}","api_domain":"https://www.zohoapis.com","token_type":"Bearer","expires_in":3600}}"#,
            s.grants
        )
    } else {
        text.to_string()
    };
    Response::builder()
        .status(status)
        .body(Body::from(text))
        .unwrap()
}

async fn api(State(s): State<Shared>, headers: HeaderMap, req: Request) -> Response {
    let mut s = s.lock().unwrap();
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let uri = req.uri().clone();
    s.seen.push((
        req.method().to_string(),
        uri.to_string(),
        auth,
        Instant::now(),
    ));
    let c = s
        .replies
        .pop_front()
        .unwrap_or_else(|| canned(500, "script ran out"));
    let mut b = Response::builder().status(StatusCode::from_u16(c.status).unwrap());
    for (k, v) in c.headers {
        b = b.header(k, v);
    }
    b.body(Body::from(c.body)).unwrap()
}

async fn serve(replies: Vec<Canned>) -> (ZohoClient, Shared) {
    serve_with(replies, None).await
}

async fn serve_with(
    replies: Vec<Canned>,
    grant: Option<(u16, &'static str)>,
) -> (ZohoClient, Shared) {
    let state: Shared = Arc::new(Mutex::new(Script {
        replies: replies.into(),
        grant_reply: grant,
        ..Script::default()
    }));
    let app = Router::new()
        .route("/oauth/v2/token", post(token))
        .route("/crm/{*rest}", any(api))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let base = format!("http://{addr}");
    let client = ZohoClient::with_options(
        ClientConfig {
            endpoints: Endpoints {
                api_domain: base.clone(),
                accounts_url: base,
            },
            api_version: 8,
            credentials: Credentials {
                client_id: "cid".into(),
                client_secret: Secret::new("cs"),
                refresh_token: Secret::new("rt"),
            },
            concurrency: 1,
        },
        ClientOptions {
            backoff_base: Duration::from_millis(10),
            backoff_max: Duration::from_millis(100),
            ..ClientOptions::default()
        },
    )
    .unwrap();
    (client, state)
}

fn ids(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn code(o: &IdOutcome) -> &str {
    match o {
        IdOutcome::Failed { code, .. } => code,
        IdOutcome::Removed { .. } => "REMOVED",
        IdOutcome::NotAttempted { .. } => "NOT_ATTEMPTED",
    }
}

#[tokio::test]
async fn unreadable_replies_never_mark_ids_removed() {
    for body in [
        "<html>oops</html>",
        r#"{"data":[{"code":"SUCCESS","details":{"id":"1"},"message":"record deleted","status":"succ"#,
        r#"{"data":"nope"}"#,
        r#"{"something":"else"}"#,
        r#"[1,2,3]"#,
    ] {
        // Unreadable three times (it may have landed each time), then an empty recycle bin:
        // nothing confirmed, so every id is unknown, none removed.
        let (c, s) = serve(vec![
            canned(200, body),
            canned(200, body),
            canned(200, body),
            canned(204, ""),
        ])
        .await;
        let r = c
            .delete_records("Leads", &ids(&["1", "2"]), true, None)
            .await
            .unwrap();
        assert_eq!(r.removed(), 0, "{body}");
        assert!(
            r.outcomes.iter().all(|o| code(o) == "UNKNOWN_OUTCOME"),
            "{body}: {r:?}"
        );
        let seen: Vec<String> = s.lock().unwrap().seen.iter().map(|x| x.0.clone()).collect();
        assert_eq!(seen, ["DELETE", "DELETE", "DELETE", "GET"], "{body}");
        // The same, but the bin shows id 1: only id 1 is reported removed.
        let (c, _) = serve(vec![
            canned(200, body),
            canned(200, body),
            canned(200, body),
            canned(
                200,
                r#"{"data":[{"id":"1","display_name":"x","type":"recycle"}],"info":{"more_records":false}}"#,
            ),
        ])
        .await;
        let r = c
            .delete_records("Leads", &ids(&["1", "2"]), true, None)
            .await
            .unwrap();
        assert_eq!(code(&r.outcomes[0]), "REMOVED", "{body}: {r:?}");
        assert_eq!(code(&r.outcomes[1]), "UNKNOWN_OUTCOME", "{body}: {r:?}");
        // A read is retried twice on an unreadable answer, then reports it.
        let (c, s) = serve(vec![canned(200, body); 3]).await;
        let e = c.list_modules().await;
        // A reply without a `modules` list is empty rather than an error; non-lists are errors.
        if body.starts_with('<') || body.contains("\"status\":\"succ") {
            assert!(
                matches!(e, Err(ZohoError::Malformed { .. })),
                "{body}: {e:?}"
            );
            assert_eq!(s.lock().unwrap().seen.len(), 3, "{body}");
        }
    }
}

/// Ids 1 and 2 deleted against `replies`, and how many requests were served.
async fn delete_two(replies: Vec<Canned>) -> (Vec<String>, usize) {
    let (c, s) = serve(replies).await;
    let r = c
        .delete_records("Leads", &ids(&["1", "2"]), true, None)
        .await
        .unwrap();
    let seen = s.lock().unwrap().seen.len();
    (
        r.outcomes.iter().map(|o| code(o).to_string()).collect(),
        seen,
    )
}

/// An id the answer does not mention is checked in the bin before anything is said: not there,
/// it failed (`MISSING_RESULT`); there, it was removed; the check failing, it is unknown.
#[tokio::test]
async fn ids_missing_from_the_reply_are_checked_never_assumed() {
    let answer = r#"{"data":[{"code":"SUCCESS","details":{"id":"1"},"message":"record deleted","status":"success"}]}"#;
    let in_bin = r#"{"data":[{"id":"2","display_name":"x","type":"recycle"}],"info":{"more_records":false}}"#;
    let (codes, seen) = delete_two(vec![canned(200, answer), canned(204, "")]).await;
    assert_eq!(codes, ["REMOVED", "MISSING_RESULT"]);
    assert_eq!(seen, 2, "the bin was read");
    let (codes, _) = delete_two(vec![canned(200, answer), canned(200, in_bin)]).await;
    assert_eq!(codes, ["REMOVED", "REMOVED"]);
    let (codes, _) = delete_two(vec![canned(200, answer), canned(200, ""), canned(200, "")]).await;
    assert_eq!(codes, ["REMOVED", "UNKNOWN_OUTCOME"]);
}

#[tokio::test]
async fn a_204_is_empty_and_its_body_is_not_read() {
    let (c, _) = serve(vec![
        Canned {
            status: 204,
            headers: vec![("content-type", "application/json".into())],
            body: "",
        },
        canned(204, ""),
    ])
    .await;
    let page = c
        .records("Leads", &PageRequest::first(vec![]))
        .await
        .unwrap();
    assert!(page.records.is_empty() && !page.more_records);
    assert!(c.contact_roles().await.unwrap().is_empty());
}

#[tokio::test]
async fn numeric_ids_in_replies_keep_every_digit() {
    let (c, _) = serve(vec![canned(
        207,
        r#"{"data":[{"code":"SUCCESS","details":{"id":4150868000005067099},"message":"record deleted","status":"success"},{"code":"RECORD_LOCKED","details":{"id":"4150868000005067098","action":"delete"},"message":"locked","status":"error"}]}"#,
    )])
    .await;
    let r = c
        .delete_records(
            "Leads",
            &ids(&["4150868000005067099", "4150868000005067098"]),
            true,
            None,
        )
        .await
        .unwrap();
    assert_eq!(code(&r.outcomes[0]), "REMOVED");
    let IdOutcome::Failed {
        code,
        details,
        hint,
        ..
    } = &r.outcomes[1]
    else {
        panic!()
    };
    assert_eq!(code, "RECORD_LOCKED");
    assert_eq!(details["action"], "delete");
    assert_eq!(hint, ErrorCode::RecordLocked.hint());
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let (c, s) = serve(vec![
        Canned {
            status: 429,
            headers: vec![("retry-after", "1".into())],
            body: r#"{"code":"TOO_MANY_REQUESTS","details":{},"message":"too many","status":"error"}"#,
        },
        canned(200, r#"{"contact_roles":[{"id":"5","name":"Boss","sequence_number":1}]}"#),
    ])
    .await;
    let roles = c.contact_roles().await.unwrap();
    assert_eq!(roles[0].name, "Boss");
    let s = s.lock().unwrap();
    assert_eq!(s.seen.len(), 2);
    let waited = s.seen[1].3 - s.seen[0].3;
    // Capped by backoff_max (100 ms here), so the wait is that cap, not a random short backoff.
    assert!(waited >= Duration::from_millis(95), "{waited:?}");
    assert_eq!(c.stats().rate_limit_retries, 1);
}

#[tokio::test]
async fn invalid_token_refreshes_once_and_retries_with_the_new_token() {
    let (c, s) = serve(vec![
        canned(401, r#"{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}"#),
        canned(200, r#"{"contact_roles":[]}"#),
        canned(401, r#"{"code":"AUTHENTICATION_FAILURE","details":{},"message":"auth failed","status":"error"}"#),
        canned(401, r#"{"code":"AUTHENTICATION_FAILURE","details":{},"message":"auth failed","status":"error"}"#),
    ])
    .await;
    c.contact_roles().await.unwrap();
    {
        let s = s.lock().unwrap();
        assert_eq!(s.grants, 2);
        assert_eq!(s.seen[0].2.as_deref(), Some("Zoho-oauthtoken at1"));
        assert_eq!(s.seen[1].2.as_deref(), Some("Zoho-oauthtoken at2"));
    }
    // Refused again after the refresh: typed, and only one more refresh.
    let e = c.contact_roles().await.unwrap_err();
    assert!(
        matches!(
            e,
            ZohoError::Api {
                code: ErrorCode::AuthenticationFailure,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(s.lock().unwrap().grants, 3);
}

#[tokio::test]
async fn oauth_errors_as_http_200_are_oauth_errors_and_refusals_are_remembered() {
    let (c, s) = serve_with(vec![], Some((200, r#"{"error":"invalid_code"}"#))).await;
    let e = c.contact_roles().await.unwrap_err();
    assert!(
        matches!(&e, ZohoError::OAuth(m) if m.contains("invalid_code")),
        "{e:?}"
    );
    let r = c
        .delete_records("Leads", &ids(&["1"]), true, None)
        .await
        .unwrap();
    assert_eq!(code(&r.outcomes[0]), "OAUTH_REFUSED");
    let s = s.lock().unwrap();
    assert_eq!(s.grants, 1, "a refusal is not asked again at once");
    assert!(s.seen.is_empty());
}

#[tokio::test]
async fn throttled_refresh_is_an_oauth_error() {
    let (c, _) = serve_with(
        vec![],
        Some((400, r#"{"error_description":"You have made too many requests continuously. Please try again after some time.","error":"Access Denied","status":"failure"}"#)),
    )
    .await;
    let e = c.list_modules().await.unwrap_err();
    assert!(
        matches!(&e, ZohoError::OAuth(m) if m.contains("Access Denied")),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_500_on_a_removal_is_retried_and_an_invalid_data_retry_is_checked() {
    // A 500 (perhaps done), then success: removed, sent twice.
    let (c, s) = serve(vec![
        canned(500, r#"{"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"}"#),
        canned(200, r#"{"data":[{"code":"SUCCESS","details":{"id":"1"},"message":"record deleted","status":"success"},{"code":"SUCCESS","details":{"id":"2"},"message":"record deleted","status":"success"}]}"#),
    ])
    .await;
    let r = c
        .delete_records("Leads", &ids(&["1", "2"]), true, None)
        .await
        .unwrap();
    assert!(r.outcomes.iter().all(|o| code(o) == "REMOVED"), "{r:?}");
    assert_eq!(s.lock().unwrap().seen.len(), 2);
    // A 500, then INVALID_DATA for both: the bin shows only id 1, so only id 1 is removed.
    let (c, s) = serve(vec![
        canned(500, r#"{"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"}"#),
        canned(400, r#"{"data":[{"code":"INVALID_DATA","details":{"id":"1"},"message":"record not deleted","status":"error"},{"code":"INVALID_DATA","details":{"id":"2"},"message":"record not deleted","status":"error"}]}"#),
        canned(200, r#"{"data":[{"id":"1","type":"recycle"}],"info":{"more_records":false}}"#),
    ])
    .await;
    let r = c
        .delete_records("Leads", &ids(&["1", "2"]), true, None)
        .await
        .unwrap();
    assert_eq!(code(&r.outcomes[0]), "REMOVED", "{r:?}");
    assert_eq!(code(&r.outcomes[1]), "INVALID_DATA", "{r:?}");
    let seen = s.lock().unwrap().seen.clone();
    assert_eq!(seen.len(), 3);
    assert!(
        seen[2].1.contains("/Leads/deleted?type=recycle"),
        "{}",
        seen[2].1
    );
}

#[tokio::test]
async fn limit_as_string_or_integer_is_read() {
    let (c, _) = serve(vec![
        // The roles as they are before the run (read to check an uncertain answer later).
        canned(200, r#"{"contact_roles":[{"id":"7","name":"Buyer","sequence_number":1}]}"#),
        canned(400, r#"{"code":"LOWER_LIMIT_REACHED","details":{"limit":2},"message":"at least 2","status":"error"}"#),
    ])
    .await;
    let r = c.delete_contact_roles(&ids(&["7"]), None).await.unwrap();
    let IdOutcome::Failed { code, details, .. } = &r.outcomes[0] else {
        panic!()
    };
    assert_eq!(code, "LOWER_LIMIT_REACHED");
    assert_eq!(zcrm_tui::zoho::reply::limit_of(details), Some(2));
}
