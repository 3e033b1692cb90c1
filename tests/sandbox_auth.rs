//! OAuth: the token endpoint (query and form), invalid_code, token expiry, scopes, permissions.

use crate::sandbox_common as common;

use std::time::Duration;

use common::{start, start_with};
use reqwest::Method;
use serde_json::json;
use zcrm_tui::sandbox::SandboxOptions;

const INVALID_TOKEN: &str =
    r#"{"code":"INVALID_TOKEN","details":{},"message":"invalid oauth token","status":"error"}"#;

#[tokio::test]
async fn token_endpoint_accepts_query_and_form_parameters() {
    let env = start().await;
    let creds = env.sb.credentials();
    let g = env.grant(&creds).await;
    assert_eq!(g["token_type"], "Bearer");
    assert_eq!(g["api_domain"], env.sb.endpoints().api_domain.as_str());
    assert_eq!(g["expires_in"], 3600);
    assert!(g["scope"].as_str().unwrap().contains("ZohoCRM.modules.ALL"));
    let t1 = g["access_token"].as_str().unwrap().to_string();

    let form = format!(
        "grant_type=refresh_token&refresh_token={}&client_id={}&client_secret={}",
        creds.refresh_token.expose(),
        creds.client_id,
        creds.client_secret.expose()
    );
    let resp = env
        .http
        .post(format!(
            "{}/oauth/v2/token",
            env.sb.endpoints().accounts_url
        ))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let g2: serde_json::Value = resp.json().await.unwrap();
    let t2 = g2["access_token"].as_str().unwrap().to_string();
    assert_ne!(t1, t2);
    assert_eq!(env.sb.control().token_grants(), 2);

    for t in [&t1, &t2] {
        let a = env
            .call_as(Method::GET, "/crm/v8/settings/modules", Some(t), &[], None)
            .await;
        assert_eq!(a.status, 200);
    }
}

#[tokio::test]
async fn bad_refresh_tokens_and_clients_answer_200_invalid_code() {
    let env = start().await;
    let good = env.sb.credentials();
    let mut bad_token = good.clone();
    bad_token.refresh_token = zcrm_tui::zoho::Secret::new("1000.nope.nope");
    let mut bad_secret = good.clone();
    bad_secret.client_secret = zcrm_tui::zoho::Secret::new("wrong");
    let mut bad_client = good.clone();
    bad_client.client_id = "1000.OTHER".into();
    for creds in [bad_token, bad_secret, bad_client] {
        assert_eq!(env.grant(&creds).await, json!({"error":"invalid_code"}));
    }
    assert_eq!(env.sb.control().token_grants(), 0);
}

#[tokio::test]
async fn missing_unknown_and_expired_tokens_are_invalid_token() {
    let env = start_with(SandboxOptions {
        token_ttl: Duration::from_millis(300),
        ..SandboxOptions::default()
    })
    .await;
    let expected: serde_json::Value = serde_json::from_str(INVALID_TOKEN).unwrap();
    let path = "/crm/v8/Leads?ids=410405000002264040";
    let missing = env.call_as(Method::DELETE, path, None, &[], None).await;
    assert_eq!(missing.status, 401);
    assert_eq!(missing.json(), &expected);
    let unknown = env
        .call_as(Method::DELETE, path, Some("1000.unknown.token"), &[], None)
        .await;
    assert_eq!(unknown.status, 401);
    assert_eq!(unknown.json(), &expected);

    let token = env.token_for(&env.sb.credentials()).await;
    let ok = env
        .call_as(
            Method::GET,
            "/crm/v8/Contacts/roles",
            Some(&token),
            &[],
            None,
        )
        .await;
    assert_eq!(ok.status, 200);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let expired = env
        .call_as(Method::DELETE, path, Some(&token), &[], None)
        .await;
    assert_eq!(expired.status, 401);
    assert_eq!(expired.json(), &expected);
    assert!(
        env.sb
            .control()
            .record_exists("Leads", "410405000002264040")
    );
}

#[tokio::test]
async fn expire_access_tokens_and_token_ttl_knobs() {
    let env = start().await;
    let c = env.sb.control();
    let token = env.token_for(&env.sb.credentials()).await;
    let get = |t: String| {
        let env = &env;
        async move {
            env.call_as(Method::GET, "/crm/v8/Contacts/roles", Some(&t), &[], None)
                .await
                .status
        }
    };
    assert_eq!(get(token.clone()).await, 200);
    c.expire_access_tokens();
    assert_eq!(get(token.clone()).await, 401);
    let fresh = env.token_for(&env.sb.credentials()).await;
    assert_eq!(get(fresh).await, 200);
    c.set_token_ttl(Duration::from_millis(100));
    let short = env.grant(&env.sb.credentials()).await;
    assert_eq!(short["expires_in"], 0);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        get(short["access_token"].as_str().unwrap().into()).await,
        401
    );
}

#[tokio::test]
async fn scopes_are_checked_per_module_and_operation() {
    let env = start().await;
    let c = env.sb.control();
    let read_only_scope =
        c.credentials_with_scopes(&["ZohoCRM.modules.READ", "ZohoCRM.settings.modules.READ"]);
    let token = env.token_for(&read_only_scope).await;
    let call = |m: Method, p: &'static str| {
        let env = &env;
        let token = token.clone();
        async move { env.call_as(m, p, Some(&token), &[], None).await }
    };
    assert_eq!(
        call(Method::GET, "/crm/v8/settings/modules").await.status,
        200
    );
    assert_eq!(
        call(Method::GET, "/crm/v8/Leads?fields=Last_Name")
            .await
            .status,
        200
    );
    let a = call(Method::DELETE, "/crm/v8/Leads?ids=410405000002264040").await;
    assert_eq!(a.status, 401);
    assert_eq!(a.code(), "OAUTH_SCOPE_MISMATCH");
    let a = call(Method::GET, "/crm/v8/settings/related_lists?module=Leads").await;
    assert_eq!(a.code(), "OAUTH_SCOPE_MISMATCH");
    assert!(c.record_exists("Leads", "410405000002264040"));

    // A per-module DELETE scope covers that module only.
    let leads_only = c.credentials_with_scopes(&["ZohoCRM.modules.leads.DELETE"]);
    let token = env.token_for(&leads_only).await;
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Leads?ids=410405000002264040",
            Some(&token),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 200);
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Contacts/roles?ids=4150868000001015046",
            Some(&token),
            &[],
            None,
        )
        .await;
    assert_eq!(a.code(), "OAUTH_SCOPE_MISMATCH");
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Campaigns/3652397000000327001/Contacts/3652397000000925128",
            Some(&token),
            &[],
            None,
        )
        .await;
    assert_eq!(a.code(), "OAUTH_SCOPE_MISMATCH");

    // Delink accepts WRITE on the module (seed page: ALL, WRITE or DELETE).
    let campaigns_write = c.credentials_with_scopes(&["ZohoCRM.modules.campaigns.WRITE"]);
    let token = env.token_for(&campaigns_write).await;
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Campaigns/3652397000000327001/Contacts/3652397000000925128",
            Some(&token),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 200);
}

#[tokio::test]
async fn a_read_only_user_gets_no_permission() {
    let env = start().await;
    let c = env.sb.control();
    let token = env.token_for(&c.read_only_credentials()).await;
    let browse = env
        .call_as(
            Method::GET,
            "/crm/v8/Leads?fields=Last_Name",
            Some(&token),
            &[],
            None,
        )
        .await;
    assert_eq!(browse.status, 200);
    for path in [
        "/crm/v8/Leads?ids=410405000002264040",
        "/crm/v8/Campaigns/3652397000000327001/Contacts/3652397000000925128",
        "/crm/v8/Contacts/roles?ids=4150868000001015046",
    ] {
        let a = env
            .call_as(Method::DELETE, path, Some(&token), &[], None)
            .await;
        assert_eq!(a.status, 403, "{path}");
        assert_eq!(a.code(), "NO_PERMISSION");
        assert!(a.json()["details"]["permissions"].is_array());
    }
    assert!(c.record_exists("Leads", "410405000002264040"));
    assert!(c.is_related(
        "Campaigns",
        "3652397000000327001",
        "Contacts",
        "3652397000000925128"
    ));
    assert!(c.contact_role_exists("4150868000001015046"));
}

#[tokio::test]
async fn refresh_throttle_answers_access_denied() {
    let env = start().await;
    let c = env.sb.control();
    c.set_token_grant_limit(Some((2, Duration::from_secs(600))));
    let creds = env.sb.credentials();
    env.token_for(&creds).await;
    env.token_for(&creds).await;
    let url = format!(
        "{}/oauth/v2/token?grant_type=refresh_token&refresh_token={}&client_id={}&client_secret={}",
        env.sb.endpoints().accounts_url,
        creds.refresh_token.expose(),
        creds.client_id,
        creds.client_secret.expose()
    );
    let resp = env.http.post(url).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    let v: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(v["error"], "Access Denied");
    assert!(
        v["error_description"]
            .as_str()
            .unwrap()
            .contains("too many requests")
    );
    assert_eq!(c.token_grants(), 2);
}

#[tokio::test]
async fn a_rep_limited_to_own_records_gets_authorization_failed_for_the_rest() {
    let env = start().await;
    let c = env.sb.control();
    let token = env.token_for(&c.restricted_credentials()).await;
    let own = c.restricted_user_record_ids("Leads");
    let own_id = own
        .iter()
        .find(|id| {
            !c.locked_record_ids("Leads").contains(id)
                && !c.not_approved_record_ids("Leads").contains(id)
        })
        .unwrap()
        .clone();
    let other = c
        .record_ids("Leads")
        .into_iter()
        .find(|id| !own.contains(id))
        .unwrap();
    let a = env
        .call_as(
            Method::DELETE,
            &format!("/crm/v8/Leads?ids={own_id},{other}"),
            Some(&token),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 207);
    assert_eq!(
        a.items("data"),
        vec![
            (own_id.clone(), "SUCCESS".into()),
            (other.clone(), "AUTHORIZATION_FAILED".into())
        ]
    );
    assert!(c.record_exists("Leads", &other));
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Contacts/roles?ids=4150868000001015046",
            Some(&token),
            &[],
            None,
        )
        .await;
    assert_eq!((a.status, a.code()), (400, "AUTHORIZATION_FAILED"));
    assert!(c.contact_role_exists("4150868000001015046"));
}
