//! After removals, undos and a resume through the real binary (with debug logging on), neither
//! the journal nor the log files hold the client secret, the refresh token or any access token.

use crate::cli_support as support;

use std::path::Path;
use std::process::Command;

use support::*;
use zcrm_tui::journal::{self, Journal};
use zcrm_tui::zoho::{Removal, RunOptions};

const CAMPAIGN: &str = "3652397000000327001";
const C1: &str = "3652397000000925128";

/// Every file under `dir`, recursively, as text.
fn texts(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            out.extend(texts(&p));
        } else if let Ok(bytes) = std::fs::read(&p) {
            out.push((
                p.display().to_string(),
                String::from_utf8_lossy(&bytes).into_owned(),
            ));
        }
    }
    out
}

/// Zoho-style access tokens as the sandbox mints them: `1000.<32 hex>.<32 hex>`.
fn holds_access_token(text: &str) -> bool {
    let hex = |s: &str| s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
    text.match_indices("1000.").any(|(i, _)| {
        let rest = &text[i + 5..];
        let mut parts = rest.splitn(3, '.');
        let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
            return false;
        };
        hex(a) && b.len() >= 32 && hex(&b[..32])
    })
}

#[test]
fn no_secret_or_token_reaches_the_journal_or_the_logs() {
    let org = Org::start();
    let ctl = org.control();
    let data = org.path("zdata");
    let cmd = |args: &[&str]| -> Command {
        let mut c = org.cmd(args);
        c.env("ZCRM_DATA_DIR", &data).env("ZCRM_LOG", "debug");
        c
    };

    let ids = org.ids("Leads", 3);
    let o = run(&mut cmd(&[
        "delete",
        "Leads",
        "--ids",
        &ids.join(","),
        "--yes",
    ]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let deleted = op_id(&o);
    ctl.expire_access_tokens();
    let o = run(&mut cmd(&[
        "delink",
        "Campaigns",
        CAMPAIGN,
        "Contacts",
        "--ids",
        C1,
        "--yes",
    ]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let delinked = op_id(&o);
    for op in [&deleted, &delinked] {
        let o = run(&mut cmd(&["journal", "undo", op, "--yes"]));
        assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    }
    assert!(ctl.is_related("Campaigns", CAMPAIGN, "Contacts", C1));

    // A removal stopped before its first call, left for `journal resume`.
    let stop = tokio_util::sync::CancellationToken::new();
    stop.cancel();
    let j = Journal::open(&data.join("journal")).unwrap();
    let more = org.ids("Leads", 2);
    let (stopped, report) = org
        .rt
        .block_on(journal::execute(
            &org.client(),
            &j,
            "environment",
            &Removal::DeleteRecords {
                module: "Leads".into(),
                ids: more.clone(),
                wf_trigger: false,
            },
            RunOptions {
                stop: Some(stop),
                ..RunOptions::default()
            },
        ))
        .unwrap();
    assert_eq!(report.removed(), 0);
    let o = run(&mut cmd(&["journal", "resume", &stopped, "--yes"]));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(more.iter().all(|id| ctl.in_recycle_bin("Leads", id)));

    let creds = org.sb().credentials();
    let files = texts(&data);
    let journals: Vec<_> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".jsonl"))
        .collect();
    let logs: Vec<_> = files.iter().filter(|(p, _)| p.contains("logs")).collect();
    assert!(!journals.is_empty(), "no journal written");
    assert!(
        logs.iter().any(|(_, t)| t.contains("removal finished")),
        "no log written under $ZCRM_DATA_DIR/logs"
    );
    for (path, text) in &files {
        assert!(
            !text.contains(creds.client_secret.expose()),
            "client secret in {path}"
        );
        assert!(
            !text.contains(creds.refresh_token.expose()),
            "refresh token in {path}"
        );
        assert!(!holds_access_token(text), "an access token in {path}");
        assert!(
            !text.contains("Zoho-oauthtoken"),
            "an Authorization header in {path}"
        );
    }
    // The check itself can fail: a minted token is recognised.
    assert!(holds_access_token(&format!(
        "x 1000.{}.{} y",
        "a".repeat(32),
        "b".repeat(32)
    )));
}
