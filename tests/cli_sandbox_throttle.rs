//! `zcrm-tui sandbox` throttles token grants as Zoho's accounts server does, unless told not to.

#[path = "cli_support.rs"]
mod support;

use support::*;

/// Starts `zcrm-tui sandbox` with `extra`, asks 11 access tokens for its refresh token, stops
/// it; the HTTP status and `error` of the 11th answer.
fn eleventh_grant(extra: &[&str]) -> (u16, serde_json::Value) {
    let home = tempfile::tempdir().unwrap();
    let (mut child, line) = spawn_sandbox(home.path(), extra);
    let accounts = line["accounts_url"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut url = url::Url::parse(&format!("{accounts}/oauth/v2/token")).unwrap();
    url.query_pairs_mut()
        .append_pair("grant_type", "refresh_token")
        .append_pair("client_id", line["client_id"].as_str().unwrap_or_default())
        .append_pair(
            "client_secret",
            line["client_secret"].as_str().unwrap_or_default(),
        )
        .append_pair(
            "refresh_token",
            line["refresh_token"].as_str().unwrap_or_default(),
        );
    let rt = tokio::runtime::Runtime::new().unwrap();
    let last = rt.block_on(async {
        let http = reqwest::Client::new();
        let mut last = (0, serde_json::Value::Null);
        for _ in 0..11 {
            let resp = http.post(url.clone()).send().await.unwrap();
            let status = resp.status().as_u16();
            last = (status, resp.json().await.unwrap());
        }
        last
    });
    let _ = child.kill();
    let _ = child.wait();
    last
}

#[test]
fn the_sandbox_command_throttles_grants_by_default() {
    let (status, body) = eleventh_grant(&[]);
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["error"], "Access Denied", "{body}");
}

#[test]
fn no_token_throttle_turns_it_off() {
    let (status, body) = eleventh_grant(&["--no-token-throttle"]);
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"].is_string(), "{body}");
}
