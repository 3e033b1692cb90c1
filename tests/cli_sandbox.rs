//! `zcrm-tui sandbox`: the first line is a JSON object a script can use; the server answers a
//! token request; SIGTERM stops it cleanly.

#[path = "cli_support.rs"]
mod support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use support::*;

#[test]
fn sandbox_prints_a_parseable_first_line_and_serves_tokens() {
    let home = tempfile::tempdir().unwrap();
    let mut child = bin(home.path())
        .args([
            "sandbox",
            "--port",
            "0",
            "--latency-ms",
            "1",
            "--token-ttl-s",
            "60",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let line: serde_json::Value = match serde_json::from_str(&first) {
        Ok(v) => v,
        Err(e) => {
            let _ = child.kill();
            panic!("first line is not JSON: {first:?}: {e}");
        }
    };
    for key in [
        "api_domain",
        "accounts_url",
        "client_id",
        "client_secret",
        "refresh_token",
    ] {
        assert!(line[key].as_str().is_some(), "{key} missing in {first}");
    }
    let accounts = line["accounts_url"].as_str().unwrap().to_string();
    assert!(accounts.starts_with("http://127.0.0.1:"), "{accounts}");

    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut url = url::Url::parse(&format!("{accounts}/oauth/v2/token")).unwrap();
    url.query_pairs_mut()
        .append_pair("grant_type", "refresh_token")
        .append_pair("client_id", line["client_id"].as_str().unwrap())
        .append_pair("client_secret", line["client_secret"].as_str().unwrap())
        .append_pair("refresh_token", line["refresh_token"].as_str().unwrap());
    let answer: serde_json::Value = rt.block_on(async {
        reqwest::Client::new()
            .post(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert!(
        answer["access_token"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{answer}"
    );
    assert_eq!(answer["expires_in"], 60, "{answer}");

    // SIGTERM: a clean stop with status 0.
    #[cfg(unix)]
    {
        let killed = std::process::Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0));
    }
    #[cfg(not(unix))]
    {
        let _ = child.kill();
        let _ = child.wait();
    }
}

#[test]
fn sandbox_rejects_a_bad_error_rate() {
    let home = tempfile::tempdir().unwrap();
    let o = run(bin(home.path()).args(["sandbox", "--error-rate", "2"]));
    assert_eq!(status(&o), 2);
}
