//! `zcrm-tui journal` lists a page, newest first (issue 15): the newest 50 by default,
//! `--limit N`, `--all`, and a last line saying how many older ones there are. Run as the real
//! binary on a journal of 120 operations written through the library's line format, then one
//! more recorded by a real delete against a sandbox.

use crate::cli_support as support;
use crate::journal_support;

use std::path::Path;
use std::process::Command;

use support::*;
use zcrm_tui::commands::journal::text;
use zcrm_tui::journal::{Journal, index};

const WRITTEN: usize = 120;

fn journal(data: &Path, args: &[&str]) -> (String, String) {
    let mut c: Command = bin(data);
    c.arg("journal").args(args).env("ZCRM_DATA_DIR", data);
    let o = run(&mut c);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    (stdout(&o), stderr(&o))
}

/// The listing's operation ids, in order (the header and the last line are not operations).
fn ids(out: &str) -> Vec<String> {
    out.lines()
        .skip(1)
        .filter(|l| !l.is_empty() && !l.contains("older operation"))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

/// One Lead deleted by the real binary, journaled in `data`: its operation id.
fn real_delete(org: &Org, data: &Path) -> String {
    let lead = org.ids("Leads", 1);
    let mut del = org.cmd(&["delete", "Leads", "--ids", &lead[0], "--yes"]);
    del.env("ZCRM_DATA_DIR", data);
    let o = run(&mut del);
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    op_id(&o)
}

#[test]
fn the_newest_page_first_with_limit_all_and_the_older_line() {
    let org = Org::start();
    let data = org.path("zdata");
    let jdir = data.join("journal");
    journal_support::write_deletes(&jdir, "20260101-000000", WRITTEN, 7);
    let real = real_delete(&org, &data);
    let total = WRITTEN + 1;
    let every = Journal::open(&jdir)
        .unwrap()
        .operations_unindexed()
        .unwrap();
    assert_eq!(every.len(), total);
    let newest: Vec<String> = every.iter().map(|s| s.id.clone()).collect();
    assert_eq!(newest[0], real, "the real delete is the newest");

    // Default: the newest 50, the same rows as the whole listing's first 50, and the line.
    let (out, _) = journal(&data, &[]);
    assert_eq!(ids(&out), newest[..50]);
    let last = out.lines().last().unwrap();
    assert_eq!(
        last,
        "71 older operations not shown: `zcrm-tui journal --limit 100` lists more, `--all` every one."
    );
    let rows: Vec<&str> = out.lines().take(51).collect();
    let first_50 = text::human_list(&every[..50]);
    assert_eq!(
        rows,
        first_50.lines().collect::<Vec<_>>(),
        "same format per line"
    );
    assert!(out.lines().nth(1).unwrap().contains("1/1 removed"), "{out}");

    // --limit N
    let (out, _) = journal(&data, &["--limit", "5"]);
    assert_eq!(ids(&out), newest[..5]);
    assert!(out.ends_with("116 older operations not shown: `zcrm-tui journal --limit 50` lists more, `--all` every one.\n"), "{out}");
    let (out, _) = journal(&data, &["--limit", "121"]);
    assert_eq!(ids(&out), newest);
    assert!(!out.contains("older operation"), "nothing older: {out}");

    // --all: exactly the whole listing, nothing after it.
    let (all, _) = journal(&data, &["--all"]);
    assert_eq!(all, text::human_list(&every));

    // --json: one object a line on stdout, the count of older ones on stderr.
    let (out, err) = journal(&data, &["--json", "--limit", "3"]);
    let list = json_lines(&out);
    let got: Vec<&str> = list.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(got, newest[..3]);
    assert!(err.contains("118 older operations not shown"), "{err}");
    let (out, err) = journal(&data, &["--json", "--all"]);
    assert_eq!(json_lines(&out).len(), total);
    assert!(!err.contains("older"), "{err}");

    // Without the index: rebuilt, and the same answers.
    let (page, _) = journal(&data, &[]);
    for args in [&[][..], &["--limit", "5"], &["--all"]] {
        let before = journal(&data, args).0;
        std::fs::remove_file(jdir.join(index::FILE)).unwrap();
        assert_eq!(journal(&data, args).0, before, "{args:?} without the index");
        assert!(jdir.join(index::FILE).is_file(), "rebuilt");
    }
    assert_eq!(journal(&data, &[]).0, page);
}

#[test]
fn limit_and_all_do_not_go_together() {
    let home = tempfile::tempdir().unwrap();
    let o = run(bin(home.path())
        .args(["journal", "--limit", "3", "--all"])
        .env("ZCRM_DATA_DIR", home.path()));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("--all"), "{}", stderr(&o));
}

#[test]
fn an_empty_journal_says_so() {
    let home = tempfile::tempdir().unwrap();
    let (out, _) = journal(home.path(), &["--limit", "1"]);
    assert!(out.starts_with("No operations recorded yet in "), "{out}");
}

/// The first `journal` after a real removal takes it into the index by appending to it: the
/// file stays the same one and what it held stays byte for byte (a rewrite would rename a new
/// file over it), and the listing is the whole fold's.
#[cfg(unix)]
#[test]
fn a_removal_after_the_index_was_written_is_appended_to_it() {
    use std::os::unix::fs::MetadataExt;
    let org = Org::start();
    let data = org.path("zdata");
    let jdir = data.join("journal");
    journal_support::write_deletes(&jdir, "20260101-000000", WRITTEN, 7);
    journal(&data, &[]);
    let path = jdir.join(index::FILE);
    let before = std::fs::read(&path).unwrap();
    let inode = std::fs::metadata(&path).unwrap().ino();

    let real = real_delete(&org, &data);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the removal did not touch it"
    );

    let (out, _) = journal(&data, &["--limit", "3"]);
    assert_eq!(ids(&out)[0], real, "{out}");
    let after = std::fs::read(&path).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().ino(),
        inode,
        "not replaced"
    );
    assert!(after.len() > before.len());
    assert_eq!(&after[..before.len()], &before[..], "only appended to");
    let every = Journal::open(&jdir)
        .unwrap()
        .operations_unindexed()
        .unwrap();
    assert_eq!(journal(&data, &["--all"]).0, text::human_list(&every));
}
