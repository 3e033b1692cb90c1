//! Issue 12, cases 7 and 8, CLI side: bounded inputs (ids files, stdin, config) and private log
//! files. The real binary against a sandbox served by this test process.

use crate::cli_support as support;

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::*;

/// Runs `cmd` and fails if it takes longer than `limit` (an unbounded read would run until
/// memory is gone: it is killed instead).
fn run_within(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let start = Instant::now();
    while child.try_wait().expect("waited").is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {limit:?}: the input is not bounded");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output collected")
}

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn dev_zero_as_ids_file_or_stdin_ends_quickly_with_a_clear_message() {
    let org = Org::start();
    let o = run_within(
        &mut org.cmd(&["delete", "Leads", "--ids-file", "/dev/zero", "--yes"]),
        LIMIT,
    );
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "ids file /dev/zero is too large: line 1 is longer than 64 KiB; nothing was sent"
        ),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("hint: Give at most 1,000,000 ids"),
        "{}",
        stderr(&o)
    );

    let zero = std::fs::File::open("/dev/zero").unwrap();
    let o = run_within(
        org.cmd(&["delete", "Leads", "-", "--yes"]).stdin(zero),
        LIMIT,
    );
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("standard input is too large: line 1 is longer than 64 KiB"),
        "{}",
        stderr(&o)
    );
    assert!(org.control().requests().is_empty());
}

#[test]
fn more_than_a_million_ids_are_refused_before_anything_is_sent() {
    let org = Org::start();
    let text: String = (1..=1_000_001u64)
        .map(|i| format!("{}\n", 4_150_868_000_000_000_000 + i))
        .collect();
    let file = write_file(org.home.path(), "big.txt", &text, 0o600);
    let o = run_within(
        &mut org.cmd(&[
            "delete",
            "Leads",
            "--ids-file",
            file.to_str().unwrap(),
            "--yes",
        ]),
        Duration::from_secs(60),
    );
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is too large: more than 1,000,000 ids; nothing was sent"),
        "{}",
        stderr(&o)
    );
    assert!(org.control().requests().is_empty());
    assert!(
        !org.home.path().join("data/zcrm-tui/journal").exists(),
        "nothing is journaled for a refused input"
    );
}

#[test]
fn a_config_past_one_mib_or_endless_is_refused() {
    let org = Org::start();
    for path in ["/dev/zero".to_string(), {
        let big = "# padding\n".repeat(110_000);
        let p = write_file(org.home.path(), "big.toml", &big, 0o600);
        p.to_str().unwrap().to_string()
    }] {
        let o = run_within(
            &mut org.cmd(&[
                "--config",
                &path,
                "delete",
                "Leads",
                "--ids",
                "1",
                "--dry-run",
            ]),
            LIMIT,
        );
        assert_eq!(status(&o), 2, "{path}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!(
                "configuration file {path} is larger than 1024 KiB; refusing to read it"
            )),
            "{}",
            stderr(&o)
        );
        let o = run_within(
            org.cmd(&["delete", "Leads", "--ids", "1", "--dry-run"])
                .env("ZCRM_CONFIG", &path),
            LIMIT,
        );
        assert_eq!(status(&o), 2, "{path}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("larger than 1024 KiB"),
            "{}",
            stderr(&o)
        );
    }
    assert!(org.control().requests().is_empty());
}

#[cfg(unix)]
#[test]
fn the_logs_directory_and_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let org = Org::start();
    let ids = org.ids("Leads", 1);
    let o = run(org
        .cmd(&["delete", "Leads", "--ids", &ids[0], "--dry-run"])
        .env("ZCRM_LOG", "debug"));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let logs = org.home.path().join("data/zcrm-tui/logs");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&logs), 0o700, "{}", logs.display());
    let files: Vec<_> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    for f in &files {
        assert_eq!(mode(f), 0o600, "{}", f.display());
        assert!(std::fs::read_to_string(f).unwrap().contains("connecting"));
    }
}
