//! `zcrm-tui sandbox`: the first line is a JSON object a script can use; the server answers a
//! token request; SIGTERM stops it cleanly.

use crate::cli_support as support;

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use support::*;

#[test]
fn sandbox_prints_a_parseable_first_line_and_serves_tokens() {
    let home = tempfile::tempdir().unwrap();
    let (mut child, line) = spawn_sandbox(
        home.path(),
        &["--port", "0", "--latency-ms", "1", "--token-ttl-s", "60"],
    );
    for key in [
        "api_domain",
        "accounts_url",
        "client_id",
        "client_secret",
        "refresh_token",
        "read_only_refresh_token",
    ] {
        assert!(line[key].as_str().is_some(), "{key} missing in {line}");
    }
    let accounts = line["accounts_url"].as_str().unwrap().to_string();
    assert!(accounts.starts_with("http://127.0.0.1:"), "{accounts}");

    let answer = sandbox_grant(&line, "refresh_token");
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

#[test]
fn sandbox_faults_flag_answers_every_call_with_an_empty_200() {
    let home = tempfile::tempdir().unwrap();
    let mut child = bin(home.path())
        .args(["sandbox", "--faults", "empty", "--fault-rate", "1.0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let line: serde_json::Value = serde_json::from_str(&first).unwrap_or_default();
    let api = line["api_domain"].as_str().unwrap_or_default().to_string();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let token = "1000.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf";
    let http = reqwest::Client::new();
    let (status, body, after) = rt.block_on(async {
        let del = http
            .delete(format!("{api}/crm/v8/Leads?ids=410405000002264040"))
            .header("Authorization", format!("Zoho-oauthtoken {token}"))
            .send()
            .await
            .unwrap();
        let status = del.status().as_u16();
        let body = del.text().await.unwrap();
        let get = http
            .get(format!("{api}/crm/v8/Leads/410405000002264040"))
            .header("Authorization", format!("Zoho-oauthtoken {token}"))
            .send()
            .await
            .unwrap();
        let get_status = get.status().as_u16();
        (status, body, (get_status, get.text().await.unwrap()))
    });
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!((status, body.as_str()), (200, ""), "{api}");
    // Reads too: a 2xx whose body says nothing (that the work was done is the control API's
    // to check: tests/sandbox_knobs.rs).
    assert_eq!(after, (200, String::new()));
}

#[test]
fn sandbox_rejects_an_unknown_fault_and_a_rate_without_faults() {
    let home = tempfile::tempdir().unwrap();
    let o = run(bin(home.path()).args(["sandbox", "--faults", "gremlins", "--fault-rate", "0.5"]));
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("unknown fault `gremlins`"),
        "{}",
        stderr(&o)
    );
    let o = run(bin(home.path()).args(["sandbox", "--fault-rate", "0.5"]));
    assert_eq!(status(&o), 2);
}
