//! Peak RSS of a big removal and of its undo (issue 15, "flat memory"): the real binary's
//! `zcrm-tui delete Leads --ids-file F --yes` of 10,000 and 50,000 generated Leads (their
//! before-images journaled), then `zcrm-tui journal undo OP --yes` (a restore from the recycle
//! bin), against a sandbox served by this process on loopback. The peak is the kernel's
//! `ru_maxrss` of the child (`/usr/bin/time`); the sandbox's own memory is not in it.
//!
//! `cargo bench --bench rss` (`-- --quick`: 1,000 and 5,000; `-- --sizes 50000,1000000`: any
//! two). Measures; asserts nothing about the figures.

#[allow(dead_code)]
mod support;

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::zoho::{Credentials, Endpoints};

const MODULE: &str = "Leads";

/// One run of the binary: its wall time and peak RSS in kB.
struct Measured {
    wall: Duration,
    kb: Option<u64>,
    out: Output,
}

/// Where the sandbox is and how to get in: owned, for the blocking thread that runs the child.
#[derive(Clone)]
struct Conn {
    endpoints: Endpoints,
    credentials: Credentials,
}

/// `zcrm-tui ARGS` against the sandbox, its data in `data`, under `/usr/bin/time`.
fn zcrm(conn: &Conn, data: &Path, args: &[&str]) -> Measured {
    let bin = Path::new(env!("CARGO_BIN_EXE_zcrm-tui"));
    let (mut c, peak) = match support::peak::Peak::command(bin) {
        Some((c, p)) => (c, Some(p)),
        None => (Command::new(bin), None),
    };
    let (e, creds) = (&conn.endpoints, &conn.credentials);
    for k in [
        "ZCRM_CONFIG",
        "ZCRM_DC",
        "ZCRM_LOG",
        "ZCRM_CLIENT_ID",
        "ZCRM_CLIENT_SECRET",
        "ZCRM_REFRESH_TOKEN",
    ] {
        c.env_remove(k);
    }
    c.args(args)
        .args([
            "--api-domain",
            &e.api_domain,
            "--accounts-url",
            &e.accounts_url,
        ])
        .env("ZCRM_CLIENT_ID", &creds.client_id)
        .env("ZCRM_CLIENT_SECRET", creds.client_secret.expose())
        .env("ZCRM_REFRESH_TOKEN", creds.refresh_token.expose())
        .env("ZCRM_DATA_DIR", data)
        .env("HOME", data)
        .env("XDG_CONFIG_HOME", data.join("config"))
        .env("XDG_DATA_HOME", data.join("data"))
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null());
    let t = Instant::now();
    let out = c.output().expect("zcrm-tui runs");
    let wall = t.elapsed();
    assert!(
        out.status.success(),
        "zcrm-tui {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Measured {
        wall,
        kb: peak.and_then(|p| p.kb()),
        out,
    }
}

fn mb(kb: Option<u64>) -> String {
    kb.map(|k| format!("{:.1} MB", k as f64 / 1024.0))
        .unwrap_or_else(|| "-".into())
}

/// The operation id a removal printed (`Journal: operation ID ...`).
fn op_id(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Journal: operation "))
        .and_then(|rest| rest.split([' ', ';']).next())
        .unwrap_or_else(|| panic!("no journal line in:\n{text}"))
        .to_string()
}

/// Removal and undo of `n` generated Leads; each row: what, n, wall, peak.
async fn run(n: usize) -> [(String, Duration, Option<u64>); 2] {
    // A margin over `n`: some generated records are locked or awaiting approval.
    let sb = Sandbox::start(SandboxOptions {
        generate: vec![(MODULE.into(), n + n / 5 + 100)],
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox");
    let ctl = sb.control();
    let unremovable: std::collections::HashSet<String> = ctl
        .locked_record_ids(MODULE)
        .into_iter()
        .chain(ctl.not_approved_record_ids(MODULE))
        .collect();
    let ids: Vec<String> = ctl
        .record_ids(MODULE)
        .into_iter()
        .filter(|id| !unremovable.contains(id))
        .take(n)
        .collect();
    assert_eq!(ids.len(), n, "enough removable Leads");
    let data = tempfile::tempdir().expect("data directory");
    let file = data.path().join("ids.txt");
    std::fs::write(&file, ids.join("\n")).expect("ids file");
    let file = file.to_str().expect("utf-8 path").to_string();
    let conn = Conn {
        endpoints: sb.endpoints(),
        credentials: sb.credentials(),
    };
    let (c, dir) = (conn.clone(), data.path().to_path_buf());
    let del = tokio::task::spawn_blocking(move || {
        zcrm(&c, &dir, &["delete", MODULE, "--ids-file", &file, "--yes"])
    })
    .await
    .expect("delete");
    let op = op_id(&del.out);
    let gone = ids
        .iter()
        .filter(|id| !ctl.record_exists(MODULE, id))
        .count();
    assert_eq!(gone, n, "every id removed");
    let dir = data.path().to_path_buf();
    let undo =
        tokio::task::spawn_blocking(move || zcrm(&conn, &dir, &["journal", "undo", &op, "--yes"]))
            .await
            .expect("undo");
    let back = ids
        .iter()
        .filter(|id| ctl.record_exists(MODULE, id))
        .count();
    assert_eq!(back, n, "every id restored");
    sb.shutdown().await;
    [
        ("delete, before-images journaled".into(), del.wall, del.kb),
        (
            "undo (restore from the recycle bin)".into(),
            undo.wall,
            undo.kb,
        ),
    ]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    // `-- --sizes 50000,1000000`: any two sizes, e.g. the 1,000,000-id file of issue 15.
    let asked = (args.iter())
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| {
            let (a, b) = v.split_once(',')?;
            Some([a.parse().ok()?, b.parse().ok()?])
        });
    let sizes: [usize; 2] = match asked {
        Some(s) => s,
        None if quick => [1_000, 5_000],
        None => [10_000, 50_000],
    };
    println!("# rss: peak RSS of the real binary's removal and undo at {sizes:?} Leads");
    println!("machine: {}", support::machine());
    let start = zcrm_version_kb();
    let mut rows = Vec::new();
    let mut peaks = Vec::new();
    for n in sizes {
        for (what, wall, kb) in run(n).await {
            rows.push(vec![
                what.clone(),
                format!("{n}"),
                support::ms(wall),
                mb(kb),
            ]);
            peaks.push((what, n, kb));
        }
    }
    support::table(
        "Peak RSS of `zcrm-tui` (target at 50,000: under 80 MB, growth under 1 KB per id)",
        &["what", "records", "wall", "peak RSS"],
        &rows,
    );
    let mut growth = Vec::new();
    for (what, n, kb) in peaks.iter().filter(|p| p.1 == sizes[1]) {
        let small = peaks.iter().find(|p| p.0 == *what && p.1 == sizes[0]);
        if let (Some(big), Some(small)) = (kb, small.and_then(|s| s.2)) {
            let per_id = (*big as f64 - small as f64) * 1024.0 / (*n - sizes[0]) as f64;
            growth.push(vec![what.clone(), format!("{per_id:.0} B")]);
        }
    }
    support::table(
        &format!(
            "Growth per id between {} and {} records (the binary alone: {})",
            sizes[0],
            sizes[1],
            mb(start)
        ),
        &["what", "growth per id"],
        &growth,
    );
}

/// The binary's floor: `zcrm-tui --version`'s peak RSS.
fn zcrm_version_kb() -> Option<u64> {
    let (mut c, peak) = support::peak::Peak::command(Path::new(env!("CARGO_BIN_EXE_zcrm-tui")))?;
    c.arg("--version").output().ok()?;
    peak.kb()
}
