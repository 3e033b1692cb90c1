use super::super::entry::{Body, EndState, Entry, FORMAT, Fate, IdFate, Intent, Org};
use super::super::{Journal, OpState};
use crate::zoho::Removal;

fn intent(ids: &[&str]) -> Body {
    Body::Intent(Box::new(Intent {
        format: FORMAT,
        profile: "prod".into(),
        org: Org::default(),
        action: Default::default(),
        undo_of: None,
        resume_of: None,
        removal: Removal::DeleteRecords {
            module: "Leads".into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
            wf_trigger: false,
        },
        ids: ids.iter().map(|s| s.to_string()).collect(),
        before: vec![serde_json::json!({"id": "1", "Last_Name": "Doe"})],
        before_note: None,
        pid: 1,
        parts: None,
        selection: None,
    }))
}

fn removed(id: &str) -> IdFate {
    IdFate {
        id: id.into(),
        fate: Fate::Removed {
            message: "record deleted".into(),
        },
    }
}

#[test]
fn fates_follow_the_lines_and_a_torn_last_line_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open(dir.path()).unwrap();
    let ids = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    j.append("op1", intent(&["1", "2", "3", "4"])).unwrap();
    j.append(
        "op1",
        Body::Sending {
            call: 0,
            ids: ids(&["1", "2"]),
            attempt: 1,
        },
    )
    .unwrap();
    j.append(
        "op1",
        Body::Answered {
            call: 0,
            outcomes: vec![removed("1"), removed("2")],
        },
    )
    .unwrap();
    j.append(
        "op1",
        Body::Sending {
            call: 1,
            ids: ids(&["3"]),
            attempt: 1,
        },
    )
    .unwrap();
    // A crash in the middle of a line.
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap();
    std::io::Write::write_all(&mut f, br#"{"op":"op1","at":"x","kind":"answ"#).unwrap();

    let r = j.operation("op1").unwrap().unwrap();
    assert_eq!(r.summary.state, OpState::Running);
    assert_eq!(r.summary.removed, 2);
    assert_eq!(r.fates[2].1, Fate::Unknown, "sent without an answer");
    assert!(
        matches!(r.fates[3].1, Fate::NotAttempted { .. }),
        "never sent"
    );
    assert_eq!((r.summary.unknown, r.summary.not_attempted), (1, 1));
    assert_eq!(r.before.len(), 1);

    // The next append starts on a fresh line: the torn one does not swallow it.
    j.append(
        "op1",
        Body::End {
            state: EndState::Stopped,
            note: None,
        },
    )
    .unwrap();
    let r = j.operation("op").unwrap().unwrap();
    assert_eq!(r.summary.state, OpState::Stopped);
    let ops = j.operations().unwrap();
    assert_eq!(ops.len(), 1);
}

#[test]
fn resolved_lines_settle_open_ids_and_listing_is_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open(dir.path()).unwrap();
    j.append("a", intent(&["1"])).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(5));
    j.append("b", intent(&["2"])).unwrap();
    j.append(
        "a",
        Body::Resolved {
            outcomes: vec![removed("1")],
            note: "found in the recycle bin".into(),
        },
    )
    .unwrap();
    let ops = j.operations().unwrap();
    assert_eq!(ops[0].id, "b");
    assert_eq!(ops[1].id, "a");
    assert_eq!(ops[1].removed, 1);
    assert!(j.operation("zzz").unwrap().is_none());
    // A prefix naming two operations is refused, not guessed.
    j.append("bb", intent(&["3"])).unwrap();
    assert!(j.operation("b").unwrap().is_some(), "exact id wins");
    let e = Entry::now(
        "x",
        Body::End {
            state: EndState::Finished,
            note: None,
        },
    );
    let line = serde_json::to_string(&e).unwrap();
    assert!(line.contains(r#""kind":"end""#) && line.contains(r#""state":"finished""#));
}

#[test]
fn a_large_intent_is_put_back_together_and_a_torn_one_sent_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open(dir.path()).unwrap();
    let ids: Vec<String> = (0..25_000).map(|i| (1_000_000 + i).to_string()).collect();
    let Body::Intent(mut head) = intent(&[]) else {
        panic!()
    };
    head.ids = ids.clone();
    let lines = super::super::lines::intent_lines(*head);
    assert!(lines.len() > 2);
    j.append_all("big", lines.clone()).unwrap();
    let r = j.operation("big").unwrap().unwrap();
    assert_eq!(r.fates.len(), ids.len());
    assert!(r.fates.iter().zip(&ids).all(|((a, _), b)| a == b));
    assert_eq!(r.before.len(), 1);
    // A run killed while writing its parts: what was written reads, and nothing was sent.
    j.append_all("torn", lines[..2].to_vec()).unwrap();
    let r = j.operation("torn").unwrap().unwrap();
    assert_eq!(r.summary.not_attempted, r.fates.len());
    assert!(matches!(&r.fates[0].1, Fate::NotAttempted { reason } if reason.contains("whole")));
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let jdir = dir.path().join("journal");
    let j = Journal::open(&jdir).unwrap();
    j.append("a", intent(&["1"])).unwrap();
    let dmode = std::fs::metadata(&jdir).unwrap().permissions().mode() & 0o777;
    assert_eq!(dmode, 0o700);
    for f in std::fs::read_dir(&jdir).unwrap() {
        let p = f.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        assert!(
            name.ends_with(".jsonl") && name.len() == "2026-11-23.jsonl".len(),
            "{name}"
        );
        assert_eq!(
            std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

/// The TUI's undo and resume dialogs name each record: a record delete's images are folded down
/// to the id and the name fields (whatever else they held), a delink's kept whole (the relink
/// sends them back), and the names come out as from the whole image.
#[test]
fn a_fold_for_names_keeps_only_what_names_a_deleted_record() {
    use super::{Folder, Images};
    let whole = serde_json::json!({
        "id": "2", "First_Name": "Ann", "Last_Name": "Lee", "Email": "ann@example.com",
        "Description": "x".repeat(10_000), "Owner": {"id": "9", "name": "Sam"}
    });
    let mut lines = vec![
        Entry::now("op1", intent(&["1", "2"])),
        Entry::now(
            "op1",
            Body::Before {
                before: vec![whole.clone()],
                missing: 0,
                note: None,
            },
        ),
    ];
    let mut delink = intent(&["7"]);
    if let Body::Intent(i) = &mut delink {
        i.removal = Removal::Delink {
            module: "Campaigns".into(),
            record_id: "5".into(),
            related_list: "Contacts".into(),
            ids: vec!["7".into()],
        };
        i.before = vec![serde_json::json!({"id": "7", "Email": "kept@example.com"})];
    }
    lines.push(Entry::now("op2", delink));
    let mut f = Folder::new(Images::Names);
    lines.into_iter().for_each(|e| f.push(e));
    let folded = f.finish();
    let op1 = folded
        .iter()
        .find(|f| f.record.summary.id == "op1")
        .unwrap();
    assert_eq!(
        op1.record.before,
        vec![
            serde_json::json!({"id": "1", "Last_Name": "Doe"}),
            serde_json::json!({"id": "2", "First_Name": "Ann", "Last_Name": "Lee"}),
        ]
    );
    let name = |v: &serde_json::Value| {
        crate::zoho::Record {
            id: String::new(),
            fields: v.as_object().cloned().unwrap_or_default(),
        }
        .display_name()
    };
    assert_eq!(name(&op1.record.before[1]), name(&whole));
    let op2 = folded
        .iter()
        .find(|f| f.record.summary.id == "op2")
        .unwrap();
    assert_eq!(
        op2.record.before,
        vec![serde_json::json!({"id": "7", "Email": "kept@example.com"})]
    );
}
