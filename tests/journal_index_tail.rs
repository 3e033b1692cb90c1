//! The journal index takes new journal lines by appending to itself (issue 15): the first
//! read after another session's lines appends the operations that changed and leaves the
//! bytes already written (and the file itself) alone; a later line for an operation
//! supersedes its earlier one; and whatever the tail holds (torn by a crash, a batch whose
//! bytes do not add up, two updaters racing, another format), every listing, page and
//! single operation is what folding the whole journal gives.
#![cfg(unix)]

use crate::journal_support;

use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use journal_support::write_deletes;
use zcrm_tui::journal::entry::{Body, EndState, Entry, Fate, IdFate};
use zcrm_tui::journal::store::Store;
use zcrm_tui::journal::{Journal, OpState, OperationSummary, index};

fn index_file(dir: &Path) -> PathBuf {
    dir.join(index::FILE)
}

/// The index's bytes and inode.
fn snapshot(dir: &Path) -> (Vec<u8>, u64) {
    let path = index_file(dir);
    let bytes = std::fs::read(&path).unwrap();
    (bytes, std::fs::metadata(&path).unwrap().ino())
}

/// Everything read through the index agrees with folding the whole journal: the listing,
/// pages at several offsets, and each operation on its own.
fn assert_agrees(j: &Journal) {
    let all = j.operations_unindexed().unwrap();
    assert_eq!(j.operations().unwrap(), all, "the whole listing");
    for (skip, limit) in [(0, 3), (2, 4), (0, 50), (7, 1), (all.len(), 5)] {
        let page = j.page(skip, limit).unwrap();
        let want: Vec<OperationSummary> = all.iter().skip(skip).take(limit).cloned().collect();
        assert_eq!(page.ops, want, "skip {skip} limit {limit}");
        assert_eq!(page.older, all.len().saturating_sub(skip + limit));
    }
    assert_eq!(j.page(0, usize::MAX).unwrap().ops, all);
    for s in &all {
        let got = j.operation(&s.id).unwrap().unwrap();
        assert_eq!(&got.summary, s, "{}", s.id);
    }
}

fn end(store: &Store, op: &str, state: EndState) {
    let body = Body::End { state, note: None };
    store.append(&Entry::now(op, body)).unwrap();
}

fn resolved(store: &Store, op: &str, id: &str) {
    let body = Body::Resolved {
        outcomes: vec![IdFate {
            id: id.into(),
            fate: Fate::Removed {
                message: "found in the recycle bin".into(),
            },
        }],
        note: "verified".into(),
    };
    store.append(&Entry::now(op, body)).unwrap();
}

#[test]
fn the_first_read_after_new_lines_only_appends_to_the_index() {
    let dir = tempfile::tempdir().unwrap();
    write_deletes(dir.path(), "a", 30, 3);
    let j = Journal::open(dir.path()).unwrap();
    assert_eq!(j.page(0, 5).unwrap().older, 25);
    let (before, inode) = snapshot(dir.path());

    // Another session: five new operations, and an end for one that was left running.
    write_deletes(dir.path(), "b", 5, 0);
    end(
        &Store::open(dir.path()).unwrap(),
        "a-00003",
        EndState::Stopped,
    );
    let page = j.page(0, 5).unwrap();
    assert!(page.ops.iter().all(|s| s.id.starts_with("b-")), "{page:?}");
    let (after, same) = snapshot(dir.path());
    assert_eq!(same, inode, "the same file, not a new one renamed over it");
    assert!(after.len() > before.len(), "appended to");
    assert_eq!(
        &after[..before.len()],
        &before[..],
        "what was written stays"
    );
    let added = after.len() - before.len();
    assert!(
        added < before.len() / 2,
        "the update wrote {added} bytes, the index was {} (the changed operations only)",
        before.len()
    );
    assert_agrees(&j);

    // An index that is up to date is not written at all.
    let (now, _) = snapshot(dir.path());
    j.page(0, 5).unwrap();
    j.operations().unwrap();
    assert_eq!(snapshot(dir.path()).0, now, "read only");
}

#[test]
fn a_superseded_summary_shows_its_newest_state() {
    let dir = tempfile::tempdir().unwrap();
    write_deletes(dir.path(), "s", 12, 4);
    let j = Journal::open(dir.path()).unwrap();
    let state = |j: &Journal, id: &str| {
        let s = j.operations().unwrap().into_iter().find(|s| s.id == id);
        let s = s.unwrap();
        (s.state, s.removed)
    };
    assert_eq!(state(&j, "s-00004"), (OpState::Running, 0));

    // Three updates of the same operation, each read once: every read shows the newest.
    let other = Store::open(dir.path()).unwrap();
    resolved(&other, "s-00004", "3652397000000004");
    assert_eq!(j.page(0, 20).unwrap().ops.len(), 12);
    assert_eq!(state(&j, "s-00004"), (OpState::Running, 1));
    end(&other, "s-00004", EndState::Stopped);
    let page = j.page(0, 20).unwrap();
    let s = page.ops.iter().find(|s| s.id == "s-00004").unwrap();
    assert_eq!((s.state, s.removed), (OpState::Stopped, 1));
    write_deletes(dir.path(), "t", 2, 0);
    end(&other, "s-00008", EndState::Finished);
    assert_eq!(state(&j, "s-00008").0, OpState::Finished);
    assert_eq!(state(&j, "s-00004"), (OpState::Stopped, 1));

    // The index holds the operation's older lines too: the last one is the one read.
    let text = std::fs::read_to_string(index_file(dir.path())).unwrap();
    let lines = text.lines().filter(|l| l.starts_with(r#"{"id":"s-00004""#));
    assert!(lines.count() >= 2, "superseded, not rewritten:\n{text}");
    let r = j.operation("s-00004").unwrap().unwrap();
    assert_eq!((r.summary.state, r.summary.removed), (OpState::Stopped, 1));
    assert_agrees(&j);
}

/// The bytes of the index after its last batch was cut at `cut` bytes from its end.
fn cut_tail(dir: &Path, cut: usize) {
    let (bytes, _) = snapshot(dir);
    std::fs::write(index_file(dir), &bytes[..bytes.len() - cut]).unwrap();
}

#[test]
fn a_torn_or_damaged_tail_reads_as_a_fresh_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    write_deletes(dir.path(), "r", 20, 2);
    let j = Journal::open(dir.path()).unwrap();
    j.operations().unwrap();
    let other = Store::open(dir.path()).unwrap();
    end(&other, "r-00002", EndState::Finished);
    j.page(0, 5).unwrap();
    write_deletes(dir.path(), "n", 3, 0);
    end(&other, "r-00004", EndState::Stopped);
    j.page(0, 5).unwrap();

    // The fresh rebuild, for comparison.
    let fresh = |j: &Journal| {
        let (bytes, _) = snapshot(j.dir());
        std::fs::remove_file(index_file(j.dir())).unwrap();
        let all = j.operations().unwrap();
        let page = j.page(3, 4).unwrap();
        std::fs::write(index_file(j.dir()), bytes).unwrap();
        (all, page)
    };

    // A crash in the middle of the last batch: torn in its commit line, then in its lines.
    for (k, cut) in [1, 30, 200].into_iter().enumerate() {
        let (want, want_page) = fresh(&j);
        assert_eq!(want, j.operations_unindexed().unwrap());
        let (whole, _) = snapshot(dir.path());
        std::fs::write(index_file(dir.path()), &whole).unwrap();
        cut_tail(dir.path(), cut);
        assert_eq!(j.operations().unwrap(), want, "cut {cut}");
        std::fs::write(index_file(dir.path()), &whole).unwrap();
        cut_tail(dir.path(), cut);
        assert_eq!(j.page(3, 4).unwrap(), want_page, "cut {cut}");
        // The next update appends after the torn bytes and is read.
        end(&other, &format!("r-{:05}", 6 + 2 * k), EndState::Finished);
        let (torn, inode) = snapshot(dir.path());
        assert_agrees(&j);
        let (after, same) = snapshot(dir.path());
        assert_eq!(
            (same, &after[..torn.len()]),
            (inode, &torn[..]),
            "cut {cut}"
        );
        write_deletes(dir.path(), &format!("c{cut}"), 1, 0);
        assert_agrees(&j);
    }

    // A batch whose bytes do not add up (a byte changed in a summary line): not trusted.
    let (bytes, _) = snapshot(dir.path());
    let text = String::from_utf8(bytes).unwrap();
    let at = text.rfind(r#""total":1"#).unwrap();
    assert!(at > text.find("commit").unwrap(), "in the tail");
    let mut damaged = text.clone().into_bytes();
    damaged[at + 8] = b'7';
    std::fs::write(index_file(dir.path()), damaged).unwrap();
    assert_agrees(&j);

    // A torn line at the end (a write that stopped short), then another format's index.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(index_file(dir.path()))
        .unwrap();
    f.write_all(br#"{"id":"r-00001","s":{"id":"r-0000"#)
        .unwrap();
    assert_agrees(&j);
    std::fs::write(
        index_file(dir.path()),
        "{\"format\":2,\"files\":[],\"listed\":0}\n",
    )
    .unwrap();
    assert_agrees(&j);
    assert!(
        std::fs::read_to_string(index_file(dir.path()))
            .unwrap()
            .starts_with("{\"format\":3,"),
        "rebuilt in the new format"
    );
}

/// Two updaters racing (a TUI and a CLI run) while a third session appends: each read is a
/// listing that folding the journal gave at some moment, and the last one is exact.
#[test]
fn readers_racing_an_appending_session_never_list_wrongly() {
    let dir = tempfile::tempdir().unwrap();
    write_deletes(dir.path(), "base", 40, 5);
    Journal::open(dir.path()).unwrap().operations().unwrap();
    let path = dir.path().to_path_buf();
    let writer = std::thread::spawn({
        let path = path.clone();
        move || {
            let store = Store::open(&path).unwrap();
            for i in 0..40 {
                write_deletes(&path, &format!("w{i:02}"), 1, 2);
                if i % 8 == 0 {
                    end(
                        &store,
                        &format!("base-{:05}", i / 8 * 5),
                        EndState::Finished,
                    );
                }
            }
        }
    });
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let j = Journal::open(&path).unwrap();
                let mut last = 0;
                for k in 0..60 {
                    let page = j.page(0, 10 + k % 7).unwrap();
                    let total = page.ops.len() + page.older;
                    assert!(total >= last, "never fewer operations than a read before");
                    last = total;
                    let ids: Vec<&str> = page.ops.iter().map(|s| s.id.as_str()).collect();
                    let mut sorted = page.ops.clone();
                    sorted.sort_by(|a, b| (&b.time, &b.id).cmp(&(&a.time, &a.id)));
                    assert_eq!(page.ops, sorted, "newest first");
                    let mut unique = ids.clone();
                    unique.dedup();
                    assert_eq!(unique.len(), ids.len(), "no operation twice");
                }
            })
        })
        .collect();
    writer.join().unwrap();
    for r in readers {
        r.join().unwrap();
    }
    let j = Journal::open(dir.path()).unwrap();
    assert_eq!(j.operations().unwrap().len(), 80);
    assert_agrees(&j);
}

/// Updates past a fraction of the body fold the tail into a new body (a new file renamed over
/// the old), and the listing does not change for it.
#[test]
fn a_long_tail_is_compacted_into_a_new_body() {
    let dir = tempfile::tempdir().unwrap();
    write_deletes(dir.path(), "k", 10, 0);
    let j = Journal::open(dir.path()).unwrap();
    j.operations().unwrap();
    let (_, first) = snapshot(dir.path());
    let mut longest = 0;
    let mut rounds = 0;
    while snapshot(dir.path()).1 == first {
        rounds += 1;
        assert!(rounds < 2_000, "never compacted");
        write_deletes(dir.path(), &format!("m{rounds:04}"), 2, 0);
        longest = longest.max(snapshot(dir.path()).0.len());
        j.page(0, 3).unwrap();
    }
    assert!(
        snapshot(dir.path()).0.len() < longest,
        "the body holds each operation once"
    );
    let text = std::fs::read_to_string(index_file(dir.path())).unwrap();
    assert!(
        !text.contains("commit"),
        "a body without a tail: {text:.300}"
    );
    assert_eq!(j.operations().unwrap().len(), 10 + 2 * rounds);
    assert_agrees(&j);
}

/// Three updaters racing: one slow (its batch computed from the body alone and appended
/// last but one), one that moved past it, and one after that. The slow batch would make an
/// operation older than the journal if it were read; it is not.
#[test]
fn a_batch_computed_from_an_older_state_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    write_deletes(dir.path(), "z", 6, 3);
    let j = Journal::open(dir.path()).unwrap();
    j.operations().unwrap();
    let (body, _) = snapshot(dir.path());
    let suffix = |from: &[u8]| snapshot(dir.path()).0[from.len()..].to_vec();
    let other = Store::open(dir.path()).unwrap();

    // The slow one saw a resolved id of z-00003 only.
    resolved(&other, "z-00003", "3652397000000003");
    j.page(0, 1).unwrap();
    let slow = suffix(&body);
    // The next one, from the body too, saw z-00003 end as well.
    std::fs::write(index_file(dir.path()), &body).unwrap();
    end(&other, "z-00003", EndState::Stopped);
    j.page(0, 1).unwrap();
    let moved = suffix(&body);
    // And one after it: another operation ends.
    end(&other, "z-00000", EndState::Finished);
    let both = [&body[..], &moved[..]].concat();
    j.page(0, 1).unwrap();
    let last = suffix(&both);

    std::fs::write(index_file(dir.path()), [&both[..], &slow, &last].concat()).unwrap();
    let z3 = j
        .operations()
        .unwrap()
        .into_iter()
        .find(|s| s.id == "z-00003");
    let z3 = z3.unwrap();
    assert_eq!((z3.state, z3.removed), (OpState::Stopped, 1), "{z3:?}");
    assert_agrees(&j);
}
