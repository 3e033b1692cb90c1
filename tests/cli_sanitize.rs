//! Issue 10 item 8: text from the server (record names, API messages) reaches the terminal
//! without control characters on every CLI output path; JSON keeps the data, escaped; an export
//! to a pipe keeps it byte for byte. The real binary against a sandbox behind a loopback proxy
//! that plants escape sequences in every name and message.

use crate::cli_support as support;

use support::*;

/// What the proxy puts in front of every name and message: OSC retitle, clear screen, C1 CSI,
/// a line break that could forge a line of output.
const HOSTILE: &str = r"\u001b]0;pwned\u0007\u001b[2J\u009b1A\r\nDeleted 0 of 0: ";

/// A proxy in front of the sandbox, as a CRM user typing escape sequences into names (and a
/// server echoing them in messages) would make every answer.
fn hostile_proxy(org: &Org) -> String {
    org.proxy(|_, status, body| {
        let body = body
            .replace("\"Full_Name\":\"", &format!("\"Full_Name\":\"{HOSTILE}"))
            .replace("\"message\":\"", &format!("\"message\":\"{HOSTILE}"));
        (status, body)
    })
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
