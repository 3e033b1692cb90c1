//! `zcrm-tui journal` commands answer the same with the index as without it (issue 15): the
//! real binary against a sandbox served by this test process, the index deleted between runs.

#[path = "cli_support.rs"]
mod support;

use std::process::Command;

use support::*;

fn cmd(org: &Org, args: &[&str]) -> Command {
    let mut c = org.cmd(args);
    c.env("ZCRM_DATA_DIR", org.path("zdata"));
    c
}

fn journal_cmd(org: &Org, args: &[&str]) -> Command {
    let mut c = bin(org.home.path());
    c.arg("journal")
        .args(args)
        .env("ZCRM_DATA_DIR", org.path("zdata"));
    c
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
