//! Issue 10 item 8: text from the server (record names, API messages) reaches the terminal
//! without control characters on every CLI output path; JSON keeps the data, escaped; an export
//! to a pipe keeps it byte for byte. The real binary against a sandbox behind a loopback proxy
//! that plants escape sequences in every name and message.

#[path = "cli_support.rs"]
mod support;

use std::sync::Arc;

use support::*;

/// A loopback proxy in front of the sandbox that rewrites every answer's body, as a CRM user
/// typing escape sequences into names (and a server echoing them in messages) would.
fn hostile_proxy(org: &Org) -> String {
    let upstream = org.sb().endpoints().api_domain;
    let listener = org
        .rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let state = Arc::new((reqwest::Client::new(), upstream));
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let state = state.clone();
        async move { forward(&state.0, &state.1, req).await }
    });
    org.rt.spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

/// What the proxy puts in front of every name and message: OSC retitle, clear screen, C1 CSI,
/// a line break that could forge a line of output.
const HOSTILE: &str = r"\u001b]0;pwned\u0007\u001b[2J\u009b1A\r\nDeleted 0 of 0: ";

async fn forward(
    client: &reqwest::Client,
    upstream: &str,
    req: axum::extract::Request,
) -> axum::response::Response {
    let (parts, body) = req.into_parts();
    let body = axum::body::to_bytes(body, 1 << 24).await.unwrap();
    let path = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let mut out = client
        .request(parts.method.clone(), format!("{upstream}{path}"))
        .body(body);
    for (k, v) in &parts.headers {
        if k != "host" && k != "content-length" {
            out = out.header(k, v);
        }
    }
    let answer = out.send().await.unwrap();
    let status = answer.status();
    let content_type = answer.headers().get("content-type").cloned();
    let text = answer.text().await.unwrap();
    let text = text
        .replace("\"Full_Name\":\"", &format!("\"Full_Name\":\"{HOSTILE}"))
        .replace("\"message\":\"", &format!("\"message\":\"{HOSTILE}"));
    let mut res = axum::response::Response::builder().status(status);
    if let Some(ct) = content_type {
        res = res.header("content-type", ct);
    }
    res.body(axum::body::Body::from(text)).unwrap()
}

fn assert_no_controls(what: &str, text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{what} holds control characters: {text:?}"
    );
}

#[test]
fn names_and_messages_from_the_server_reach_the_terminal_without_control_characters() {
    let org = Org::start();
    let proxy = hostile_proxy(&org);
    let lead = org.ids("Leads", 1).remove(0);
    let list = format!("{lead},{GHOST}");

    let o = run(&mut org.cmd_via(&proxy, &["delete", "Leads", "--ids", &list, "--dry-run"]));
    let out = stdout(&o);
    assert_no_controls("dry run", &out);
    assert!(
        out.contains(&format!("found    {lead}  ]0;pwned[2J1ADeleted 0 of 0: ")),
        "{out}"
    );

    // JSON keeps the data, escaped: a reader gets the name back as the server sent it.
    let o = run(&mut org.cmd_via(
        &proxy,
        &["delete", "Leads", "--ids", &lead, "--dry-run", "--json"],
    ));
    let out = stdout(&o);
    assert_no_controls("JSON dry run", &out);
    let lines = json_lines(&out);
    let name = lines[0]["name"].as_str().unwrap();
    assert!(
        name.starts_with("\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}1A\r\n"),
        "{name:?}"
    );

    // Outcome lines echo the server's messages.
    let o = run(&mut org.cmd_via(&proxy, &["delete", "Leads", "--ids", &list, "--yes"]));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert_no_controls("outcome lines", &out);
    assert!(
        out.contains(&format!("failed   {GHOST}: INVALID_DATA ]0;pwned")),
        "{out}"
    );
    let op = op_id(&o);

    // The journal recorded the messages; list and show print them.
    for args in [&["journal"][..], &["journal", "show", &op]] {
        let o = run(bin(org.home.path()).args(args));
        assert_eq!(status(&o), 0, "{}", stderr(&o));
        assert_no_controls("journal", &stdout(&o));
        assert!(stdout(&o).contains(&op));
    }

    // An export is data: piped, it keeps what the server sent, byte for byte.
    let o = run(bin(org.home.path()).args(["journal", "export", &op, "--format", "csv"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("\u{1b}]0;pwned\u{7}"), "{}", stdout(&o));
    assert!(stdout(&o).contains("\r\n"));

    // An error that quotes the server: an unknown module.
    let o = run(&mut org.cmd_via(&proxy, &["delete", "Nope", "--ids", &lead, "--dry-run"]));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert_no_controls("error", &stderr(&o));
    assert!(stderr(&o).contains("INVALID_MODULE"), "{}", stderr(&o));
}
