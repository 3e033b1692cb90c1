//! `zcrm-tui sandbox` throttles token grants as Zoho's accounts server does, unless told not to.

use crate::cli_support as support;

use support::*;

/// Starts `zcrm-tui sandbox` with `extra`, asks 11 access tokens for its refresh token, stops
/// it; the HTTP status and `error` of the 11th answer.
fn eleventh_grant(extra: &[&str]) -> (u16, serde_json::Value) {
    let home = tempfile::tempdir().unwrap();
    let (mut child, line) = spawn_sandbox(home.path(), extra);
    let mut last = (0, serde_json::Value::Null);
    for _ in 0..11 {
        last = sandbox_grant_status(&line, "refresh_token");
    }
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
