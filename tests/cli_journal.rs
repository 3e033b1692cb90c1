//! `zcrm-tui journal [show|export|undo|resume]`, run as the real binary against a sandbox served
//! by this test process; the journal lives in `$ZCRM_DATA_DIR/journal` of a private directory.

use crate::cli_support as support;

use std::process::Command;

use serde_json::Value;
use support::*;

const CAMPAIGN: &str = "3652397000000327001";
const C1: &str = "3652397000000925128";
const C2: &str = "3652397000000649013";

/// The binary aimed at the sandbox, with its data in `home/zdata`.
fn cmd(org: &Org, args: &[&str]) -> Command {
    let mut c = org.cmd(args);
    c.env("ZCRM_DATA_DIR", org.path("zdata"));
    c
}

/// `zcrm-tui journal ...` needs no connection.
fn journal_cmd(org: &Org, args: &[&str]) -> Command {
    let mut c = bin(org.home.path());
    c.arg("journal")
        .args(args)
        .env("ZCRM_DATA_DIR", org.path("zdata"));
    c
}

#[test]
fn list_show_and_export_a_delete() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let o = run(&mut cmd(
        &org,
        &["delete", "Leads", "--ids", &ids.join(","), "--yes"],
    ));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let op = op_id(&o);
    assert!(
        org.path("zdata").join("journal").is_dir(),
        "the journal is in $ZCRM_DATA_DIR/journal"
    );

    // List, human and JSON.
    let o = run(&mut journal_cmd(&org, &[]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with(&op))
        .unwrap_or_else(|| panic!("{op} not listed:\n{out}"));
    for part in ["environment", "delete", "Leads", "2/2 removed", "finished"] {
        assert!(line.contains(part), "`{part}` missing in `{line}`");
    }
    let o = run(&mut journal_cmd(&org, &["--json"]));
    let list = json_lines(&stdout(&o));
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], op.as_str());
    assert_eq!(list[0]["operation"], "delete");
    assert_eq!(list[0]["removed"], 2);
    assert_eq!(list[0]["state"], "finished");

    // Show: every id and its fate.
    let o = run(&mut journal_cmd(&org, &["show", &op]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    for id in &ids {
        assert!(out.contains(&format!("removed  {id}")), "{out}");
    }
    assert!(out.contains("Before-images  2"), "{out}");
    let o = run(&mut journal_cmd(&org, &["show", &op, "--json"]));
    let v: Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(v["fates"].as_array().unwrap().len(), 2);
    assert_eq!(v["fates"][0]["fate"], "removed");
    assert_eq!(v["fates"][0]["id"], ids[0].as_str());
    assert_eq!(v["before_images"], 2);

    // Export: JSON on stdout, CSV to a private file.
    let o = run(&mut journal_cmd(&org, &["export", &op]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 2);
    assert_eq!(data[0]["id"], ids[0].as_str());
    assert!(data[0]["Last_Name"].is_string(), "{}", data[0]);
    let file = org.path("leads.csv");
    let o = run(&mut journal_cmd(
        &org,
        &[
            "export",
            &op,
            "--format",
            "csv",
            "--output",
            file.to_str().unwrap(),
        ],
    ));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let csv = std::fs::read_to_string(&file).unwrap();
    let mut rows = csv.lines();
    let header = rows.next().unwrap();
    assert!(
        header.starts_with("id,") && header.contains("Last_Name"),
        "{header}"
    );
    let rows: Vec<&str> = rows.collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].starts_with(&ids[0]));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // Unknown ids are usage errors.
    let o = run(&mut journal_cmd(&org, &["show", "19990101-000000-000000"]));
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("no operation"), "{}", stderr(&o));
}

#[test]
fn a_delink_is_undone_by_relinking() {
    let org = Org::start();
    let ctl = org.control();
    let o = run(&mut cmd(
        &org,
        &[
            "delink",
            "Campaigns",
            CAMPAIGN,
            "Contacts",
            "--ids",
            &format!("{C1},{C2}"),
            "--yes",
        ],
    ));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let op = op_id(&o);
    assert!(!ctl.is_related("Campaigns", CAMPAIGN, "Contacts", C1));
    // The before-image is the relation plus the related record's fields.
    let o = run(&mut journal_cmd(&org, &["export", &op]));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let first = &v["data"][0];
    assert_eq!(first["id"], C1);
    assert_eq!(first["delinked_from_module"], "Campaigns");
    assert_eq!(first["delinked_from_record_id"], CAMPAIGN);
    assert_eq!(first["delinked_from_list"], "Contacts");
    assert!(first["Last_Name"].is_string(), "{first}");

    // Not on a terminal and no --yes: refused, nothing sent.
    let before = ctl.requests().len();
    let o = run(&mut cmd(&org, &["journal", "undo", &op]));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("without --yes"), "{}", stderr(&o));
    assert_eq!(ctl.requests().len(), before);

    let o = run(&mut cmd(&org, &["journal", "undo", &op, "--yes", "--json"]));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let lines = json_lines(&stdout(&o));
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["operation"], "relink");
    assert_eq!(summary["undo_of"], op.as_str());
    assert_eq!(summary["done"], 2);
    assert!(ctl.is_related("Campaigns", CAMPAIGN, "Contacts", C1));
    assert!(ctl.is_related("Campaigns", CAMPAIGN, "Contacts", C2));

    // The undo is journaled too, naming what it undid.
    let o = run(&mut journal_cmd(&org, &["--json"]));
    let list = json_lines(&stdout(&o));
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["operation"], "relink");
    assert_eq!(list[0]["undo_of"], op.as_str());
    // An undo cannot itself be undone.
    let undo_id = list[0]["id"].as_str().unwrap().to_string();
    let o = run(&mut cmd(&org, &["journal", "undo", &undo_id, "--yes"]));
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("itself an undo"), "{}", stderr(&o));
}

#[test]
fn a_delete_is_undone_from_the_recycle_bin_on_v8_only() {
    let org = Org::start();
    let ctl = org.control();
    let ids = org.ids("Leads", 3);
    let o = run(&mut cmd(
        &org,
        &["delete", "Leads", "--ids", &ids.join(","), "--yes"],
    ));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let op = op_id(&o);
    assert!(ids.iter().all(|id| ctl.in_recycle_bin("Leads", id)));

    // v7 cannot restore: said so, with the export offered; nothing sent.
    let before = ctl.requests().len();
    let o = run(&mut cmd(
        &org,
        &["journal", "undo", &op, "--yes", "--api-version", "7"],
    ));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("API v8") && err.contains("journal export"),
        "{err}"
    );
    assert_eq!(ctl.requests().len(), before);

    let o = run(&mut cmd(&org, &["journal", "undo", &op, "--yes"]));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Restore 3 Leads"), "{}", stdout(&o));
    for id in &ids {
        assert!(ctl.record_exists("Leads", id), "{id} not restored");
        assert!(!ctl.in_recycle_bin("Leads", id));
    }
}

#[test]
fn contact_roles_cannot_be_undone_and_say_why() {
    let org = Org::start();
    let roles = org.rt.block_on(org.client().contact_roles()).unwrap();
    let id = roles[0].id.clone();
    let o = run(&mut cmd(&org, &["delete-roles", "--ids", &id, "--yes"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let op = op_id(&o);
    // The role's name is recorded.
    let o = run(&mut journal_cmd(&org, &["export", &op]));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["data"][0]["name"], roles[0].name.as_str());
    let o = run(&mut cmd(&org, &["journal", "undo", &op, "--yes"]));
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("cannot be restored"), "{}", stderr(&o));
    assert!(!org.control().contact_role_exists(&id));
}

#[test]
fn undo_refuses_another_org() {
    let org = Org::start();
    let ids = org.ids("Leads", 1);
    let o = run(&mut cmd(
        &org,
        &["delete", "Leads", "--ids", &ids[0], "--yes"],
    ));
    let op = op_id(&o);
    let other = Org::start();
    // The same journal, but the connection goes to another sandbox.
    let mut c = other.cmd(&["journal", "undo", &op, "--yes"]);
    c.env("ZCRM_DATA_DIR", org.path("zdata"));
    let o = run(&mut c);
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("ran against"), "{}", stderr(&o));
    assert!(org.control().in_recycle_bin("Leads", &ids[0]));
}

#[test]
fn no_journal_no_removal() {
    let org = Org::start();
    let ids = org.ids("Leads", 1);
    // A data directory that cannot exist: its parent is a file.
    let blocker = write_file(org.home.path(), "not-a-dir", "x", 0o600);
    let mut c = org.cmd(&["delete", "Leads", "--ids", &ids[0], "--yes"]);
    c.env("ZCRM_DATA_DIR", blocker.join("data"));
    let o = run(&mut c);
    assert_eq!(status(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert!(stderr(&o).contains("nothing was sent"), "{}", stderr(&o));
    assert!(stderr(&o).contains("ZCRM_DATA_DIR"), "{}", stderr(&o));
    assert!(org.deletes().is_empty());
    assert!(org.control().record_exists("Leads", &ids[0]));
}

/// What every read-only `journal` command prints, as (args, status, stdout, stderr).
fn answers(org: &Org, ops: &[String]) -> Vec<(String, i32, String, String)> {
    let mut runs: Vec<Vec<String>> = vec![vec![], vec!["--json".into()]];
    for op in ops {
        runs.push(vec!["show".into(), op.clone()]);
        runs.push(vec!["show".into(), op.clone(), "--json".into()]);
        runs.push(vec!["show".into(), op[..op.len() - 2].to_string()]);
        runs.push(vec!["export".into(), op.clone()]);
    }
    runs.push(vec!["show".into(), "19990101-000000-000000".into()]);
    runs.into_iter()
        .map(|args| {
            let a: Vec<&str> = args.iter().map(String::as_str).collect();
            let o = run(&mut journal_cmd(org, &a));
            (args.join(" "), status(&o), stdout(&o), stderr(&o))
        })
        .collect()
}

/// Issue 15: the index is a cache; deleted, it is rebuilt and nothing reads otherwise.
#[test]
fn journal_commands_answer_the_same_with_and_without_the_index() {
    let org = Org::start();
    let ids = org.ids("Leads", 3);
    let mut ops = Vec::new();
    for id in &ids {
        let o = run(&mut cmd(&org, &["delete", "Leads", "--ids", id, "--yes"]));
        assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
        ops.push(op_id(&o));
    }
    let index = org.path("zdata").join("journal").join("index.v1");
    assert!(!index.exists(), "removals never write the index");

    let built = answers(&org, &ops);
    assert!(index.is_file(), "the first listing built it");
    let kept = answers(&org, &ops);
    std::fs::remove_file(&index).unwrap();
    let rebuilt = answers(&org, &ops);
    for ((a, b), c) in built.iter().zip(&kept).zip(&rebuilt) {
        assert_eq!(a, b, "with the index kept");
        assert_eq!(a, c, "with the index rebuilt");
    }
    let list = &built[0].2;
    assert!(ops.iter().all(|op| list.contains(op.as_str())), "{list}");

    // An undo appended after the index was written is listed, and so is its effect.
    let o = run(&mut cmd(
        &org,
        &["journal", "undo", &ops[0], "--yes", "--json"],
    ));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let indexed = answers(&org, &ops);
    std::fs::remove_file(&index).unwrap();
    assert_eq!(indexed, answers(&org, &ops));
    let list = json_lines(&indexed[1].2);
    assert_eq!(list.len(), 4, "{}", indexed[1].2);
    assert_eq!(list[0]["undo_of"], ops[0].as_str());
}

/// A journal that cannot take the intent (here its file is `/dev/full`: every write fails with
/// ENOSPC): the delete is refused in words that say why and what to do, and nothing is sent.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_refuses_the_delete_before_anything_is_sent() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let dir = org.path("zdata").join("journal");
    std::fs::create_dir_all(&dir).unwrap();
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    std::os::unix::fs::symlink("/dev/full", dir.join(format!("{today}.jsonl"))).unwrap();
    let o = run(&mut cmd(
        &org,
        &["delete", "Leads", "--ids", &ids.join(","), "--yes"],
    ));
    let err = stderr(&o);
    assert_eq!(status(&o), 2, "{err}");
    assert!(
        err.contains("error: the journal cannot be written (No space left on device"),
        "{err}"
    );
    assert_eq!(err.matches("nothing was sent").count(), 1, "{err}");
    assert!(
        err.contains("hint: Free some space, or set ZCRM_DATA_DIR"),
        "{err}"
    );
    assert!(org.deletes().is_empty(), "{:?}", org.deletes());
    assert!(
        ids.iter()
            .all(|id| org.control().record_exists("Leads", id))
    );
}

/// Under a shell's file-size limit (`ulimit -f`), a journal write fails (`EFBIG`) instead of the
/// process being killed by `SIGXFSZ`: the delete is refused in words and nothing is sent.
#[cfg(target_os = "linux")]
#[test]
fn a_file_size_limit_refuses_the_delete_instead_of_killing_the_process() {
    use std::os::unix::process::CommandExt;
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let mut c = cmd(&org, &["delete", "Leads", "--ids", &ids.join(","), "--yes"]);
    // SAFETY: one system call between fork and exec, nothing allocated.
    unsafe {
        c.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: libc::RLIM_INFINITY,
            };
            match libc::setrlimit(libc::RLIMIT_FSIZE, &limit) {
                0 => Ok(()),
                _ => Err(std::io::Error::last_os_error()),
            }
        });
    }
    let o = run(&mut c);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{:?}: {err}", o.status);
    assert!(
        err.contains("error: the journal cannot be written (File too large"),
        "{err}"
    );
    assert!(org.deletes().is_empty(), "{:?}", org.deletes());
    assert!(
        ids.iter()
            .all(|id| org.control().record_exists("Leads", id))
    );
}
