//! The sandbox's limits as Zoho's servers apply them (issue 13): URLs longer than a server
//! holds, bodies over the limit, the accounts server's token throttle.

use crate::sandbox_common as common;

use common::{start, start_with};
use serde_json::{Value, json};
use zcrm_tui::sandbox::SandboxOptions;

/// Reads one HTTP/1.1 answer from `s`: its status and its body (by `content-length`, else to
/// the end of the stream).
async fn read_answer(s: &mut tokio::net::TcpStream) -> (u16, Vec<u8>) {
    use tokio::io::AsyncReadExt;
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
            let status = head.split(' ').nth(1).and_then(|c| c.parse().ok());
            let length: Option<usize> = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok());
            if let (Some(status), Some(length)) = (status, length)
                && got.len() >= end + 4 + length
            {
                return (status, got[end + 4..end + 4 + length].to_vec());
            }
        }
        let n = s.read(&mut chunk).await.unwrap();
        if n == 0 {
            let text = String::from_utf8_lossy(&got).to_string();
            panic!("the answer ended early: {text:?}");
        }
        got.extend_from_slice(&chunk[..n]);
    }
}

/// Sends `head` as it is on a new connection (clients like curl send URLs longer than
/// reqwest will build) and reads the answer: the status and the body.
async fn raw_call(env: &common::Env, head: String) -> (u16, Vec<u8>) {
    use tokio::io::AsyncWriteExt;
    let addr = env.base.trim_start_matches("http://").to_string();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    read_answer(&mut s).await
}

#[tokio::test]
async fn more_ids_than_a_url_holds_get_limit_exceeded_not_414() {
    let env = start().await;
    let ids: Vec<String> = (0..5000u64)
        .map(|i| format!("{}", 4_104_050_000_000_000_000u64 + i))
        .collect();
    let path = format!("/crm/v8/Leads?ids={}", ids.join(","));
    assert!(path.len() > 65_535, "past hyper's own URI limit");
    let head = format!(
        "DELETE {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Zoho-oauthtoken {}\r\n\
         Connection: close\r\n\r\n",
        common::SAMPLE_TOKEN
    );
    let (status, body) = raw_call(&env, head).await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_slice(&body).expect("a JSON body");
    assert_eq!(
        body,
        json!({
            "code": "LIMIT_EXCEEDED",
            "details": { "limit": "100", "param_name": "ids" },
            "message": "Limit Exceeded, You cannot give more than 100 record ids",
            "status": "error",
        })
    );
    // A long URL without ids is refused as long.
    let long = format!(
        "GET /crm/v8/Leads/search?word={} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "w".repeat(70_000)
    );
    let (status, body) = raw_call(&env, long).await;
    assert_eq!(status, 400);
    let body: Value = serde_json::from_slice(&body).expect("a JSON body");
    assert_eq!(body["code"], "LIMIT_EXCEEDED");
    assert_eq!(body["details"]["param_name"], "url");
    // The sandbox still answers, and nothing was deleted.
    assert_eq!(env.get("/crm/v8/org").await.status, 200);
    assert_eq!(env.sb.control().record_ids("Leads").len(), 400);
}

#[tokio::test]
async fn a_long_url_after_a_request_with_a_body_on_the_same_connection_is_caught_too() {
    use tokio::io::AsyncWriteExt;
    let env = start().await;
    let addr = env.base.trim_start_matches("http://").to_string();
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    // A body that, were it read as a request line, would trip the guard by itself.
    let body = format!("{{\"ids\":[\"{}\"]}}", "7".repeat(70_000));
    let first = format!(
        "POST /crm/v8/settings/recycle_bin/actions/restore HTTP/1.1\r\nHost: 127.0.0.1\r\n\
         Authorization: Zoho-oauthtoken {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        common::SAMPLE_TOKEN,
        body.len()
    );
    s.write_all(first.as_bytes()).await.unwrap();
    let (status, answer) = read_answer(&mut s).await;
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_slice(&answer).expect("a JSON body");
    assert_eq!(answer["recycle_bin"][0]["code"], "INVALID_DATA", "{answer}");
    let second = format!(
        "DELETE /crm/v8/Leads?ids={} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        vec!["4104050000000000000"; 4000].join(",")
    );
    s.write_all(second.as_bytes()).await.unwrap();
    let (status, answer) = read_answer(&mut s).await;
    assert_eq!(status, 400);
    let answer: Value = serde_json::from_slice(&answer).expect("a JSON body");
    assert_eq!(answer["code"], "LIMIT_EXCEEDED");
    assert_eq!(answer["details"]["param_name"], "ids");
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_not_read_as_empty() {
    let env = start().await;
    let ids: Vec<String> = (0..60_000u64)
        .map(|i| format!("\"{}\"", 4_104_050_000_000_000_000u64 + i))
        .collect();
    let body = format!("{{\"ids\":[{}]}}", ids.join(","));
    assert!(body.len() > 1 << 20);
    let a = env
        .post_json("/crm/v8/settings/recycle_bin/actions/restore", &body)
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "LIMIT_EXCEEDED");
    assert_eq!(a.json()["details"]["param_name"], "body");
}

#[tokio::test]
async fn the_token_throttle_answers_access_denied_after_ten_grants() {
    let env = start_with(SandboxOptions {
        token_throttle: true,
        ..SandboxOptions::default()
    })
    .await;
    let creds = env.sb.credentials();
    for _ in 0..10 {
        env.token_for(&creds).await;
    }
    let (status, body) = env.grant_answer(&creds).await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "Access Denied");
    assert!(
        body["error_description"]
            .as_str()
            .unwrap()
            .contains("too many requests")
    );
    // Another refresh token has its own allowance.
    let other = env.sb.control().read_only_credentials();
    assert!(env.grant(&other).await["access_token"].is_string());
}

#[tokio::test]
async fn the_default_options_do_not_throttle() {
    let env = start().await;
    let creds = env.sb.credentials();
    for _ in 0..12 {
        env.token_for(&creds).await;
    }
}
