//! `delete ... --plan FILE` and `apply FILE`: the real binary against sandboxes served by this
//! test process. A plan's file is checked as written; its apply removes exactly its records,
//! less those changed or deleted since (refused, reported, journaled), and nothing at all for
//! another org or a file that is not a sound plan.

use crate::cli_support as support;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use support::*;
use zcrm_tui::journal::{Fate, Journal};

fn live(org: &Org, module: &str) -> BTreeSet<String> {
    org.control().record_ids(module).into_iter().collect()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Writes a plan of `ids` to `name` in the org's home; returns its path and its JSON.
fn plan_of(org: &Org, ids: &[String], name: &str) -> (std::path::PathBuf, Value) {
    plan_via(org, &org.sb().endpoints().api_domain, ids, name)
}

/// [`plan_of`] through `api_domain` (a proxy in front of the sandbox).
fn plan_via(
    org: &Org,
    api_domain: &str,
    ids: &[String],
    name: &str,
) -> (std::path::PathBuf, Value) {
    let path = org.path(name);
    let o = run(&mut org.cmd_via(
        api_domain,
        &[
            "delete",
            "Leads",
            "--ids",
            &ids.join(","),
            "--plan",
            path.to_str().unwrap(),
        ],
    ));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Nothing was removed."),
        "{}",
        stdout(&o)
    );
    (path.clone(), read_json(&path))
}

#[test]
fn a_plan_file_holds_every_record_with_its_name_and_time_and_removes_nothing() {
    let org = Org::start();
    let path = org.path("junk.json");
    let before = live(&org, "Leads");
    let o = run(&mut org.cmd(&[
        "delete",
        "Leads",
        "--criteria",
        "(Lead_Status:equals:Junk Lead)",
        "--wf-trigger",
        "false",
        "--plan",
        path.to_str().unwrap(),
    ]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(org.deletes().is_empty());
    assert_eq!(live(&org, "Leads"), before);
    let plan = read_json(&path);
    assert_eq!(plan["format"], 1);
    let plan_id = plan["plan_id"].as_str().unwrap();
    assert!(plan_id.starts_with("plan-"), "{plan_id}");
    assert!(
        stdout(&o).contains(&format!("Plan {plan_id} written to ")),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        plan["operation"],
        serde_json::json!({"kind": "delete", "module": "Leads", "wf_trigger": false})
    );
    assert_eq!(
        plan["query"],
        serde_json::json!({"kind": "criteria", "text": "(Lead_Status:equals:Junk Lead)"})
    );
    assert!(chrono::DateTime::parse_from_rfc3339(plan["created_at"].as_str().unwrap()).is_ok());
    assert!(!plan["profile"].as_str().unwrap().is_empty());
    assert_eq!(plan["org"]["api_domain"], org.sb().endpoints().api_domain);
    assert_eq!(
        plan["org"]["accounts_url"],
        org.sb().endpoints().accounts_url
    );
    assert_eq!(plan["org"]["org_id"], "5725767000000000101");
    let records = plan["records"].as_array().unwrap();
    assert_eq!(plan["count"], records.len());
    assert_eq!(plan["matched"], records.len());
    // Each record as the sandbox has it.
    let ids: Vec<String> = records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let client = org.client();
    let fields = ["Full_Name", "Modified_Time", "Lead_Status"].map(String::from);
    let now = org
        .rt
        .block_on(client.records_by_ids("Leads", &ids, &fields))
        .unwrap();
    assert_eq!(now.len(), ids.len());
    for (r, n) in records.iter().zip(&now) {
        assert_eq!(r["id"], n.id.as_str());
        assert_eq!(r["name"], n.fields["Full_Name"]);
        assert_eq!(r["modified_time"], n.fields["Modified_Time"]);
        assert_eq!(n.fields["Lead_Status"], "Junk Lead");
    }

    // An existing plan is kept unless --force.
    let again = |force: bool| {
        let mut args = vec![
            "delete",
            "Leads",
            "--criteria",
            "(Lead_Status:equals:Junk Lead)",
            "--plan",
            path.to_str().unwrap(),
        ];
        if force {
            args.push("--force");
        }
        run(&mut org.cmd(&args))
    };
    let o = again(false);
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("exists already"), "{}", stderr(&o));
    assert_eq!(read_json(&path)["plan_id"], plan_id);
    let o = again(true);
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert_ne!(read_json(&path)["plan_id"], plan_id);
}

#[test]
fn apply_removes_exactly_the_plans_records_and_journals_the_plan() {
    let org = Org::start();
    let ids = org.ids("Leads", 5);
    let (path, plan) = plan_of(&org, &ids, "five.json");
    let before = live(&org, "Leads");
    let o = run(&mut org.cmd(&["apply", path.to_str().unwrap(), "--yes"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let expected: BTreeSet<String> = before.into_iter().filter(|id| !ids.contains(id)).collect();
    assert_eq!(live(&org, "Leads"), expected);
    let out = report(&o);
    assert!(out.contains("Deleted 5 of 5 Leads in 1 call"), "{out}");
    assert!(out.contains("No record changed since the plan."), "{out}");
    let err = stderr(&o);
    let plan_id = plan["plan_id"].as_str().unwrap();
    assert!(
        err.contains(&format!("Plan {plan_id}: delete 5 Leads")),
        "{err}"
    );
    let j = Journal::open(&org.home.path().join("data/zcrm-tui/journal")).unwrap();
    let folded = j.details(&op_id(&o)).unwrap().unwrap();
    let sel = folded.intent.selection.unwrap();
    assert_eq!(sel.plan.as_deref(), Some(plan_id));
    assert_eq!(sel.query, None);
    assert_eq!(sel.matched, Some(5));
}

#[test]
fn records_deleted_since_the_plan_are_refused_and_reported_the_rest_removed() {
    let org = Org::start();
    let ids = org.ids("Leads", 4);
    let (path, _) = plan_of(&org, &ids, "four.json");
    assert!(org.control().delete_by_another_user("Leads", &ids[1]));
    let o = run(&mut org.cmd(&["apply", path.to_str().unwrap(), "--yes", "--json"]));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let lines = json_lines(&stdout(&o));
    let gone: Vec<&Value> = lines
        .iter()
        .filter(|l| l["code"] == "GONE_SINCE_PLAN")
        .collect();
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0]["id"], ids[1].as_str());
    assert_eq!(gone[0]["outcome"], "failed");
    let s = &lines.last().unwrap()["summary"];
    assert_eq!(s["removed"], 3);
    assert_eq!(s["gone_since_plan"], 1);
    assert_eq!(s["changed_since_plan"], 0);
    for id in [&ids[0], &ids[2], &ids[3]] {
        assert!(!org.control().record_exists("Leads", id));
    }
    // The refused id was never sent.
    assert!(org.deletes().iter().all(|d| !d.query.contains(&ids[1])));
    let op = s["op_id"].as_str().unwrap();
    let j = Journal::open(&org.home.path().join("data/zcrm-tui/journal")).unwrap();
    let folded = j.details(op).unwrap().unwrap();
    let fate = folded
        .record
        .fates
        .iter()
        .find(|(id, _)| id == &ids[1])
        .unwrap();
    assert!(
        matches!(&fate.1, Fate::Failed { code, .. } if code == "GONE_SINCE_PLAN"),
        "{fate:?}"
    );
}

#[test]
fn a_plan_for_another_org_is_refused_with_nothing_sent() {
    let here = Org::start();
    let ids = here.ids("Leads", 2);
    let (path, _) = plan_of(&here, &ids, "p.json");
    let there = Org::start();
    let o = run(&mut there.cmd(&["apply", path.to_str().unwrap(), "--yes"]));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("was made for the org at"), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(there.deletes().is_empty());
    assert!(here.deletes().is_empty());

    // Same address, another org id: refused too.
    let mut plan = read_json(&path);
    plan["org"]["org_id"] = "1".into();
    let other = here.path("other.json");
    std::fs::write(&other, plan.to_string()).unwrap();
    let o = run(&mut here.cmd(&["apply", other.to_str().unwrap(), "--yes"]));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("was made for org 1 but this connection reaches org 5725767000000000101"),
        "{}",
        stderr(&o)
    );
    assert!(here.deletes().is_empty());
}

#[test]
fn a_corrupt_plan_is_refused_before_anything_is_sent() {
    let org = Org::start();
    let ids = org.ids("Leads", 3);
    let (path, plan) = plan_of(&org, &ids, "p.json");
    let text = std::fs::read_to_string(&path).unwrap();
    org.control().clear_requests();
    let cut = write_file(org.home.path(), "cut.json", &text[..text.len() / 2], 0o600);
    let mut future = plan.clone();
    future["format"] = 2.into();
    let future = write_file(org.home.path(), "future.json", &future.to_string(), 0o600);
    let mut edited = plan.clone();
    edited["count"] = 4.into();
    let edited = write_file(org.home.path(), "edited.json", &edited.to_string(), 0o600);
    for (file, says) in [
        (cut, "is cut short"),
        (future, "has format 2; this zcrm-tui reads format 1"),
        (edited, "it says 4 records but lists 3"),
        (org.path("none.json"), "does not exist"),
    ] {
        let o = run(&mut org.cmd(&["apply", file.to_str().unwrap(), "--yes"]));
        assert_eq!(status(&o), 2, "{}", stderr(&o));
        assert!(stderr(&o).contains(says), "{says}: {}", stderr(&o));
        assert!(stderr(&o).contains("nothing was sent"), "{}", stderr(&o));
    }
    assert!(org.control().requests().is_empty());
    // Off a terminal without --yes: nothing is removed either.
    let o = run(&mut org.cmd(&["apply", path.to_str().unwrap()]));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    assert!(org.deletes().is_empty());
}

#[test]
fn records_modified_since_the_plan_are_refused_and_reported_the_rest_removed() {
    let org = Org::start();
    let ids = org.ids("Leads", 6);
    let (path, plan) = plan_of(&org, &ids, "six.json");
    // Another user edits two and deletes one between the review and the apply.
    org.update("Leads", &ids[0], "Last_Name", "Edited");
    org.update("Leads", &ids[3], "Company", "Edited Ltd");
    assert!(org.control().delete_by_another_user("Leads", &ids[4]));
    let o = run(&mut org.cmd(&["apply", path.to_str().unwrap(), "--yes"]));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let out = report(&o);
    for id in [&ids[0], &ids[3]] {
        assert!(
            out.contains(&format!(
                "failed   {id}: CHANGED_SINCE_PLAN not sent: modified since the plan was made"
            )),
            "{out}"
        );
        assert!(
            org.control().record_exists("Leads", id),
            "a changed record stays"
        );
    }
    assert!(
        out.contains(&format!("failed   {}: GONE_SINCE_PLAN", ids[4])),
        "{out}"
    );
    assert!(
        out.contains("Deleted 3 of 6 Leads in 1 call (3 failed)"),
        "{out}"
    );
    assert!(
        out.contains(
            "Kept since the plan: 2 changed (CHANGED_SINCE_PLAN), 1 gone (GONE_SINCE_PLAN)"
        ),
        "{out}"
    );
    for id in [&ids[1], &ids[2], &ids[5]] {
        assert!(!org.control().record_exists("Leads", id));
    }
    // What was sent carried exactly the unchanged three.
    let deletes = org.deletes();
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].ids, 3);
    let j = Journal::open(&org.home.path().join("data/zcrm-tui/journal")).unwrap();
    let folded = j.details(&op_id(&o)).unwrap().unwrap();
    assert_eq!(
        folded.intent.selection.unwrap().plan.as_deref(),
        plan["plan_id"].as_str()
    );
    let code_of = |id: &str| match &folded.record.fates.iter().find(|(i, _)| i == id).unwrap().1 {
        Fate::Failed { code, .. } => code.clone(),
        other => other.name().to_string(),
    };
    assert_eq!(code_of(&ids[0]), "CHANGED_SINCE_PLAN");
    assert_eq!(code_of(&ids[3]), "CHANGED_SINCE_PLAN");
    assert_eq!(code_of(&ids[4]), "GONE_SINCE_PLAN");
    assert_eq!(code_of(&ids[1]), "removed");
    // `journal show` reports them too.
    let shown = stdout(&run(bin(org.home.path()).args([
        "journal",
        "show",
        &op_id(&o),
    ])));
    assert!(shown.contains("CHANGED_SINCE_PLAN"), "{shown}");
    let plan_id = plan["plan_id"].as_str().unwrap();
    assert!(
        shown.contains(&format!("Plan           {plan_id}\n")),
        "{shown}"
    );
}

/// Answers the plan's check (a read of `Modified_Time` alone) with a 500, every time.
fn check_fails(path: &str, status: u16, body: String) -> (u16, String) {
    if path.ends_with("&fields=Modified_Time") {
        (
            500,
            r#"{"code":"INTERNAL_ERROR","details":{},"message":"Internal Server Error","status":"error"}"#
                .to_string(),
        )
    } else {
        (status, body)
    }
}

#[test]
fn records_whose_check_cannot_be_read_are_not_sent() {
    let org = Org::start();
    let proxy = org.proxy(check_fails);
    let ids = org.ids("Leads", 3);
    let (path, _) = plan_via(&org, &proxy, &ids, "p.json");
    let o = run(&mut org.cmd_via(
        &proxy,
        &["apply", path.to_str().unwrap(), "--yes", "--json"],
    ));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let lines = json_lines(&stdout(&o));
    for l in &lines[..3] {
        assert_eq!(l["outcome"], "failed", "{l}");
        assert!(
            l["message"]
                .as_str()
                .unwrap()
                .starts_with("not sent: the records could not be read again"),
            "{l}"
        );
    }
    assert_eq!(lines[3]["summary"]["removed"], 0);
    assert!(org.deletes().is_empty());
    for id in &ids {
        assert!(org.control().record_exists("Leads", id));
    }
}

#[test]
fn a_plan_of_ids_leaves_out_the_missing_ones_and_says_so() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let path = org.path("p.json");
    let list = format!("{},{GHOST},{}", ids[0], ids[1]);
    let o = run(&mut org.cmd(&[
        "delete",
        "Leads",
        "--ids",
        &list,
        "--plan",
        path.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!("not in the plan: {GHOST} (not found)\n")
    );
    let said = &json_lines(&stdout(&o))[0]["plan"];
    assert_eq!(said["count"], 2);
    assert_eq!(said["file"], path.to_str().unwrap());
    let plan = read_json(&path);
    assert_eq!(said["plan_id"], plan["plan_id"]);
    let planned: Vec<&str> = plan["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(planned, [ids[0].as_str(), ids[1].as_str()]);
    assert_eq!(plan["query"], Value::Null);
    assert!(org.deletes().is_empty());
}

#[test]
fn on_a_terminal_apply_shows_the_plan_and_only_the_count_confirms() {
    let org = Org::start();
    let ids = org.ids("Leads", 8);
    let (path, plan) = plan_of(&org, &ids, "eight.json");
    let plan_id = plan["plan_id"].as_str().unwrap();
    let file = path.to_str().unwrap();
    let (code, screen) = org.on_terminal(&["apply", file], "y");
    assert!(
        screen.contains(&format!("Plan {plan_id}: delete 8 Leads")),
        "{screen}"
    );
    assert!(screen.contains("  ... 2 more ...\r\n"), "{screen}");
    assert!(
        screen.contains(&format!(
            "Delete 8 Leads from plan {plan_id}? Type 8 to confirm: "
        )),
        "{screen}"
    );
    assert!(screen.contains("Cancelled; nothing was sent."), "{screen}");
    assert_eq!(code, 1);
    assert!(org.deletes().is_empty());
    let (code, screen) = org.on_terminal(&["apply", file], "8");
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("Deleted 8 of 8 Leads in 1 call"),
        "{screen}"
    );
}

/// An apply cut short (killed: an intent and no end) leaves ids unsent. A resume of it would
/// send them without the plan's check, so it is refused and names the way that checks.
#[test]
fn an_interrupted_apply_is_not_resumed_past_the_plans_check() {
    use zcrm_tui::journal::entry::{Body, Entry};
    use zcrm_tui::journal::store::Store;
    use zcrm_tui::zoho::Removal;

    let org = Org::start();
    let ids = org.ids("Leads", 4);
    let (path, plan) = plan_of(&org, &ids[..2], "two.json");
    let o = run(&mut org.cmd(&["apply", path.to_str().unwrap(), "--yes"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    // The same apply as the journal holds it, for two records still there and with no end.
    let dir = org.home.path().join("data/zcrm-tui/journal");
    let j = Journal::open(&dir).unwrap();
    let mut intent = j.details(&op_id(&o)).unwrap().unwrap().intent;
    let rest = ids[2..].to_vec();
    intent.removal = Removal::DeleteRecords {
        module: "Leads".into(),
        ids: rest.clone(),
        wf_trigger: true,
    };
    intent.ids = rest.clone();
    intent.before.clear();
    intent.parts = None;
    let cut = "20261201-120000-c0ffee";
    Store::open(&dir)
        .unwrap()
        .append(&Entry::now(cut, Body::Intent(Box::new(intent))))
        .unwrap();
    let before = live(&org, "Leads");
    let deletes = org.deletes().len();

    let o = run(&mut org.cmd(&["journal", "resume", cut, "--yes"]));
    assert_eq!(status(&o), 2, "{}{}", stdout(&o), stderr(&o));
    let plan_id = plan["plan_id"].as_str().unwrap();
    assert!(
        stderr(&o).contains(&format!("was applied from plan {plan_id}")),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("zcrm-tui apply"), "{}", stderr(&o));
    assert_eq!(org.deletes().len(), deletes, "nothing was sent");
    assert_eq!(live(&org, "Leads"), before);
}
