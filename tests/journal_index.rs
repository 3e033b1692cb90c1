//! The journal index (issue 15): a cache of one summary line per operation beside the daily
//! files. Whatever happens to it (deleted, left behind by another session's appends, next to a
//! torn last line, or beside a file rewritten under it), listings and single operations read
//! exactly what folding the whole journal gives.

use std::io::Write;
use std::path::{Path, PathBuf};

use zcrm_tui::journal::entry::{Body, EndState, Entry, Fate, IdFate, Intent, Org};
use zcrm_tui::journal::store::Store;
use zcrm_tui::journal::{Journal, OpState, fold, index};
use zcrm_tui::zoho::Removal;

fn intent(ids: &[String]) -> Body {
    let removal = Removal::DeleteRecords {
        module: "Leads".into(),
        ids: ids.to_vec(),
        wf_trigger: false,
    };
    Body::Intent(Box::new(Intent::new(
        "prod",
        Org::default(),
        removal,
        ids.to_vec(),
    )))
}

fn removed(id: &str) -> IdFate {
    IdFate {
        id: id.into(),
        fate: Fate::Removed {
            message: "record deleted".into(),
        },
    }
}

/// `n` operations of three ids; every third one left running (no end), their lines interleaved
/// two at a time as concurrent runs write them.
fn write_ops(store: &Store, prefix: &str, n: usize) -> Vec<String> {
    let ops: Vec<String> = (0..n).map(|i| format!("{prefix}-{i:05}")).collect();
    for pair in ops.chunks(2) {
        for op in pair {
            let ids: Vec<String> = (0..3).map(|k| format!("{op}-{k}")).collect();
            store.append(&Entry::now(op, intent(&ids))).unwrap();
        }
        for op in pair {
            let ids: Vec<String> = (0..3).map(|k| format!("{op}-{k}")).collect();
            let sending = Body::Sending {
                call: 0,
                ids: ids.clone(),
                attempt: 1,
            };
            store.append(&Entry::now(op, sending)).unwrap();
            let answered = Body::Answered {
                call: 0,
                outcomes: vec![removed(&ids[0]), removed(&ids[1])],
            };
            store.append(&Entry::now(op, answered)).unwrap();
        }
        for op in pair.iter().filter(|op| !op.ends_with(['0', '3', '6', '9'])) {
            let end = Body::End {
                state: EndState::Finished,
                note: None,
            };
            store.append(&Entry::now(op, end)).unwrap();
        }
    }
    ops
}

fn day_files(dir: &Path) -> Vec<PathBuf> {
    Store::open(dir).unwrap().files().unwrap()
}

/// Every operation as folding the whole journal gives it, without the index.
fn truth(j: &Journal) -> Vec<zcrm_tui::journal::OperationRecord> {
    let (entries, _) = Store::open(j.dir()).unwrap().read_all().unwrap();
    let mut all: Vec<_> = fold::fold_all(entries)
        .into_iter()
        .map(|f| f.record)
        .collect();
    all.sort_by(|a, b| a.summary.id.cmp(&b.summary.id));
    all
}

/// Listing and every single operation, through the index, agree with the whole fold.
fn assert_agrees(j: &Journal) {
    assert_eq!(j.operations().unwrap(), j.operations_unindexed().unwrap());
    for want in truth(j) {
        let got = j.operation(&want.summary.id).unwrap().unwrap();
        assert_eq!(got, want);
    }
}

#[test]
fn a_deleted_index_is_rebuilt_with_the_same_listing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let ops = write_ops(&store, "op", 40);
    let j = Journal::open(dir.path()).unwrap();
    let first = j.operations().unwrap();
    assert_eq!(first.len(), 40);
    assert_eq!(
        first.iter().filter(|s| s.state == OpState::Running).count(),
        16
    );
    let path = dir.path().join(index::FILE);
    assert!(path.is_file(), "the listing wrote the index");
    assert_agrees(&j);

    std::fs::remove_file(&path).unwrap();
    assert_eq!(j.operations().unwrap(), first, "rebuilt from the journal");
    assert!(path.is_file());
    std::fs::write(&path, b"{not an index").unwrap();
    assert_eq!(
        j.operations().unwrap(),
        first,
        "an unreadable index is rebuilt"
    );
    assert_agrees(&j);
    assert!(
        j.operation(&ops[7]).unwrap().is_some() && j.operation("op-0000").is_err(),
        "a prefix naming ten operations is refused"
    );
}

/// The index is a cache: one that cannot even be read as a file (a directory left in its
/// place) answers as if missing, from the journal, instead of failing the listing.
#[test]
fn an_index_that_cannot_be_read_is_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let ops = write_ops(&store, "op", 12);
    let j = Journal::open(dir.path()).unwrap();
    let first = j.operations().unwrap();
    let path = dir.path().join(index::FILE);
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    assert_eq!(j.operations().unwrap(), first);
    assert_eq!(j.page(0, 5).unwrap().ops, first[..5].to_vec());
    assert!(j.operation(&ops[3]).unwrap().is_some());
    assert_agrees(&j);
}

#[test]
fn appends_of_another_session_after_the_index_was_written_are_picked_up() {
    let dir = tempfile::tempdir().unwrap();
    let ops = write_ops(&Store::open(dir.path()).unwrap(), "a", 6);
    let j = Journal::open(dir.path()).unwrap();
    let before = j.operations().unwrap();
    let running = before
        .iter()
        .find(|s| s.id == ops[0])
        .expect("listed")
        .clone();
    assert_eq!(running.state, OpState::Running);

    // Another session (its own writer) finishes the running one and records a new one.
    let other = Store::open(dir.path()).unwrap();
    let resolved = Body::Resolved {
        outcomes: vec![removed(&format!("{}-2", ops[0]))],
        note: "found in the recycle bin".into(),
    };
    other.append(&Entry::now(&ops[0], resolved)).unwrap();
    let end = Body::End {
        state: EndState::Stopped,
        note: None,
    };
    other.append(&Entry::now(&ops[0], end)).unwrap();
    write_ops(&other, "b", 2);

    let after = j.operations().unwrap();
    assert_eq!(after.len(), 8);
    let now = after.iter().find(|s| s.id == ops[0]).unwrap();
    assert_eq!((now.state, now.removed), (OpState::Stopped, 3));
    assert_agrees(&j);
    let file = &day_files(dir.path())[0];
    let text = std::fs::read_to_string(dir.path().join(index::FILE)).unwrap();
    let len = std::fs::metadata(file).unwrap().len();
    // Its coverage is in its last line: the header, or the commit of the batch appended last.
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains(&format!("\"len\":{len}")),
        "the index now covers the whole file: {}",
        text.lines().last().unwrap()
    );
}

#[test]
fn a_torn_last_line_is_skipped_and_the_next_append_reads() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let ops = write_ops(&store, "t", 3);
    let j = Journal::open(dir.path()).unwrap();
    j.operations().unwrap();
    let file = day_files(dir.path())[0].clone();
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap();
    f.write_all(format!(r#"{{"op":"{}","at":"x","kind":"answ"#, ops[0]).as_bytes())
        .unwrap();
    assert_agrees(&j);
    let torn = j.operation(&ops[0]).unwrap().unwrap();
    assert_eq!(torn.summary.unknown, 1, "the torn answer is not read");

    let end = Body::End {
        state: EndState::Finished,
        note: None,
    };
    Store::open(dir.path())
        .unwrap()
        .append(&Entry::now(&ops[0], end))
        .unwrap();
    assert_agrees(&j);
    let r = j.operation(&ops[0]).unwrap().unwrap();
    assert_eq!((r.summary.state, r.summary.unknown), (OpState::Finished, 1));
}

#[test]
fn a_file_rewritten_under_the_index_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    write_ops(&store, "x", 4);
    let j = Journal::open(dir.path()).unwrap();
    assert_eq!(j.operations().unwrap().len(), 4);
    let file = day_files(dir.path())[0].clone();

    // Restored from another copy: same length, other operations.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("x-0", "y-0")).unwrap();
    assert_agrees(&j);
    assert!(
        j.operations()
            .unwrap()
            .iter()
            .all(|s| s.id.starts_with("y-"))
    );

    // Pruned to its first operation's intent: shorter than the index covers.
    let first = std::fs::read_to_string(&file).unwrap();
    let line = first.lines().next().unwrap();
    std::fs::write(&file, format!("{line}\n")).unwrap();
    assert_agrees(&j);
    assert_eq!(j.operations().unwrap().len(), 1);

    // A day file deleted: its operations go, the rest stay.
    std::fs::remove_file(&file).unwrap();
    assert!(j.operations().unwrap().is_empty());
}

/// Every page read from the end of the index is the same slice of the whole listing, whether
/// the index is up to date, deleted, or behind another session's appends; an operation whose
/// intent is not (yet) read is in no page.
#[test]
fn pages_are_slices_of_the_whole_listing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    write_ops(&store, "p", 23);
    // Lines of an operation without its intent: indexed, never listed.
    let sending = Body::Sending {
        call: 0,
        ids: vec!["orphan-0".into()],
        attempt: 1,
    };
    store.append(&Entry::now("orphan", sending)).unwrap();
    let j = Journal::open(dir.path()).unwrap();
    let check = |j: &Journal| {
        let all = j.operations_unindexed().unwrap();
        for (skip, limit) in [(0, 5), (5, 5), (20, 5), (0, 23), (0, 100), (23, 5), (30, 1)] {
            let page = j.page(skip, limit).unwrap();
            let want: Vec<_> = all.iter().skip(skip).take(limit).cloned().collect();
            assert_eq!(page.ops, want, "skip {skip} limit {limit}");
            assert_eq!(page.older, all.len().saturating_sub(skip + limit));
        }
        assert_eq!(j.page(0, usize::MAX).unwrap().ops, all);
    };
    check(&j);
    check(&j);
    std::fs::remove_file(dir.path().join(index::FILE)).unwrap();
    check(&j);
    write_ops(&Store::open(dir.path()).unwrap(), "q", 3);
    check(&j);
    assert_eq!(j.page(0, 1).unwrap().older, 25);

    // An operation of 20,000 ids: its index line is far longer than a read from the end.
    let ids: Vec<String> = (0..20_000).map(|k| format!("big-{k:06}")).collect();
    store.append(&Entry::now("big", intent(&ids))).unwrap();
    write_ops(&store, "r", 2);
    check(&j);
    check(&j);
    assert_eq!(j.page(2, 1).unwrap().ops[0].total, 20_000);
}
