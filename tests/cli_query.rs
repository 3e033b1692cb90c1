//! `delete MODULE --where/--criteria/--cvid`: the real binary against a sandbox served by this
//! test process; what is removed is checked in the sandbox's state, what is journaled in the
//! journal the binary wrote.

use crate::cli_support as support;

use std::collections::BTreeSet;

use serde_json::Value;
use support::*;
use zcrm_tui::journal::Journal;
use zcrm_tui::zoho::query::Selector;

const JUNK: &str = "(Lead_Status:equals:Junk Lead)";

/// Ids of `module`'s live records whose `field` is `value`, read straight from the sandbox.
fn ids_where(org: &Org, module: &str, field: &str, value: &str) -> BTreeSet<String> {
    let client = org.client();
    let fields = vec![field.to_string()];
    let all = org.control().record_ids(module);
    let records = org
        .rt
        .block_on(client.records_by_ids(module, &all, &fields))
        .unwrap();
    records
        .into_iter()
        .filter(|r| r.fields.get(field).and_then(Value::as_str) == Some(value))
        .map(|r| r.id)
        .collect()
}

fn live(org: &Org, module: &str) -> BTreeSet<String> {
    org.control().record_ids(module).into_iter().collect()
}

/// The live Leads are `expected`; else the ids that differ and what the binary said.
fn assert_leads(org: &Org, expected: &BTreeSet<String>, o: &std::process::Output) {
    let now = live(org, "Leads");
    let gone: Vec<&String> = expected.difference(&now).collect();
    let stayed: Vec<&String> = now.difference(expected).collect();
    assert!(
        gone.is_empty() && stayed.is_empty(),
        "removed but expected: {gone:?}; left but not expected: {stayed:?}\n{}",
        stderr(o)
    );
}

fn journal(org: &Org) -> Journal {
    Journal::open(&org.home.path().join("data/zcrm-tui/journal")).unwrap()
}

#[test]
fn criteria_remove_every_match_and_nothing_else_and_the_journal_keeps_the_query() {
    let org = Org::start();
    let junk = ids_where(&org, "Leads", "Lead_Status", "Junk Lead");
    let before = live(&org, "Leads");
    assert!(junk.len() > 10, "{} junk leads", junk.len());
    let o = run(&mut org.cmd(&["delete", "Leads", "--criteria", JUNK, "--yes"]));
    // Locked and pending junk leads fail, as any removal of them does.
    let unremovable: BTreeSet<String> = unremovable(&org)
        .into_iter()
        .filter(|id| junk.contains(id))
        .collect();
    let expected: BTreeSet<String> = before
        .iter()
        .filter(|id| !junk.contains(*id) || unremovable.contains(*id))
        .cloned()
        .collect();
    assert_leads(&org, &expected, &o);
    assert_eq!(
        status(&o),
        if unremovable.is_empty() { 0 } else { 1 },
        "{}",
        stderr(&o)
    );
    let summary = report(&o);
    assert!(
        summary.contains(&format!(
            "Deleted {} of {} Leads",
            junk.len() - unremovable.len(),
            junk.len()
        )),
        "{summary}"
    );
    let op = op_id(&o);
    let folded = journal(&org).details(&op).unwrap().expect("journaled");
    let sel = folded.intent.selection.expect("the query is journaled");
    assert_eq!(sel.query, Some(Selector::Criteria(JUNK.into())));
    assert_eq!(sel.matched, Some(junk.len() as u64));
    assert_eq!(sel.plan, None);
    // `journal show` says how the ids were chosen.
    let shown = stdout(&run(bin(org.home.path()).args(["journal", "show", &op])));
    assert!(
        shown.contains(&format!(
            "Selected by    criteria {JUNK} ({} matched)\n",
            junk.len()
        )),
        "{shown}"
    );
}

#[test]
fn a_custom_view_selects_its_records() {
    let org = Org::start();
    let client = org.client();
    let leads = org
        .rt
        .block_on(client.list_modules())
        .unwrap()
        .into_iter()
        .find(|m| m.api_name == "Leads")
        .unwrap();
    let cvid = zcrm_tui::sandbox::all_records_view_id(&leads.id);
    let n = live(&org, "Leads").len();
    let o = run(&mut org.cmd(&["delete", "Leads", "--cvid", &cvid, "--dry-run"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("Query: custom view {cvid}\n")),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "Matches: {} Leads\n",
            zcrm_tui::numbers::thousands(n as u64)
        )),
        "{out}"
    );
    assert!(org.deletes().is_empty());
}

#[test]
fn a_dry_run_counts_samples_and_prices_the_run_and_removes_nothing() {
    let org = Org::start();
    let junk = ids_where(&org, "Leads", "Lead_Status", "Junk Lead");
    let o = run(&mut org.cmd(&["delete", "Leads", "--criteria", JUNK, "--dry-run"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(&format!("Query: criteria {JUNK}\n")), "{out}");
    assert!(
        out.contains(&format!("Matches: {} Leads\n", junk.len())),
        "{out}"
    );
    let firsts: Vec<&str> = out.lines().filter(|l| l.starts_with("first  ")).collect();
    let lasts: Vec<&str> = out.lines().filter(|l| l.starts_with("last   ")).collect();
    assert_eq!((firsts.len(), lasts.len()), (3, 3), "{out}");
    for l in firsts.iter().chain(&lasts) {
        let id = l.split_whitespace().nth(1).unwrap();
        assert!(junk.contains(id), "{l} is not a match");
    }
    let calls = junk.len().div_ceil(100);
    assert!(out.contains("Calls: "), "{out}");
    assert!(
        out.contains(&format!("{calls} to delete (100 ids a call)")),
        "{out}"
    );
    assert!(out.contains("Credits: about "), "{out}");
    let word = if calls == 1 { "call" } else { "calls" };
    assert!(
        out.ends_with(&format!(
            "Dry run: would delete {} Leads matching criteria {JUNK} in {calls} removal {word}. \
             Nothing was removed.\n",
            junk.len()
        )),
        "{out}"
    );
    assert!(org.deletes().is_empty());

    let o = run(&mut org.cmd(&["delete", "Leads", "--criteria", JUNK, "--dry-run", "--json"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let lines = json_lines(&stdout(&o));
    let (samples, summary) = lines.split_at(lines.len() - 1);
    assert_eq!(samples.len(), 6);
    assert_eq!(samples[0]["sample"], "first");
    assert_eq!(samples[5]["sample"], "last");
    let s = &summary[0]["summary"];
    assert_eq!(s["dry_run"], true);
    assert_eq!(s["matched"], junk.len());
    assert_eq!(s["query"]["kind"], "criteria");
    assert_eq!(s["query"]["text"], JUNK);
    assert_eq!(s["calls"]["removal"], calls);
    assert_eq!(s["calls"]["count"], 1);
    assert!(s["credits"]["total"].as_u64().unwrap() >= s["calls"]["total"].as_u64().unwrap());
    assert!(s["credits_assumed"].as_str().unwrap().contains("COQL"));
    assert!(org.deletes().is_empty());
}

#[test]
fn a_query_and_ids_together_are_refused_before_anything_is_sent() {
    let org = Org::start();
    for args in [
        &["--where", "Last_Name is not null", "--ids", "1"][..],
        &["--criteria", JUNK, "--ids-file", "f"],
        &["--cvid", "1", "-"],
        &["--where", "Last_Name is not null", "--criteria", JUNK],
        &["--criteria", JUNK, "--cvid", "1"],
        &["--cvid", "1", "--plan", "p.json", "--dry-run"],
    ] {
        let mut all = vec!["delete", "Leads"];
        all.extend_from_slice(args);
        let o = run(&mut org.cmd(&all));
        assert_eq!(status(&o), 2, "{args:?}");
        assert!(
            stderr(&o).contains("cannot be used with"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let o = run(&mut org.cmd(&["delete", "Leads", "--yes"]));
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("--where CLAUSE"), "{}", stderr(&o));
    assert!(org.control().requests().is_empty());
}

#[test]
fn criteria_matching_more_than_a_search_returns_are_refused() {
    let org = Org::start();
    org.control().add_records("Leads", 2_001);
    let before = live(&org, "Leads");
    let o = run(&mut org.cmd(&[
        "delete",
        "Leads",
        "--criteria",
        "(First_Name:equals:Bulk)",
        "--yes",
    ]));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("the criteria match 2,001 records but a search returns at most 2,000"),
        "{err}"
    );
    assert!(err.contains("COQL where clause"), "{err}");
    assert_eq!(live(&org, "Leads"), before);
    // Counted, never read: refused before the first page.
    let reads: Vec<String> = org
        .control()
        .requests()
        .into_iter()
        .map(|r| r.path)
        .filter(|p| p.contains("/search"))
        .collect();
    assert!(reads.is_empty(), "{reads:?}");
    assert!(org.deletes().is_empty());
}

/// Ids of the live Leads whose status is `status` and that were created before `before`.
fn junk_before(org: &Org, status: &str, before: &str) -> BTreeSet<String> {
    let client = org.client();
    let fields = ["Lead_Status", "Created_Time"].map(String::from);
    let all = org.control().record_ids("Leads");
    let cut = chrono::DateTime::parse_from_rfc3339(before).unwrap();
    org.rt
        .block_on(client.records_by_ids("Leads", &all, &fields))
        .unwrap()
        .into_iter()
        .filter(|r| {
            r.fields["Lead_Status"] == status
                && chrono::DateTime::parse_from_rfc3339(r.fields["Created_Time"].as_str().unwrap())
                    .unwrap()
                    < cut
        })
        .map(|r| r.id)
        .collect()
}

fn unremovable(org: &Org) -> BTreeSet<String> {
    org.unremovable_ids("Leads").into_iter().collect()
}

#[test]
fn a_where_clause_removes_every_match_and_nothing_else() {
    let org = Org::start();
    let clause = "Lead_Status = 'Junk Lead' and Created_Time < '2026-01-01T00:00:00+00:00'";
    let matches = junk_before(&org, "Junk Lead", "2026-01-01T00:00:00+00:00");
    assert!(matches.len() > 5, "{} matches", matches.len());
    let before = live(&org, "Leads");
    let o = run(&mut org.cmd(&["delete", "Leads", "--where", clause, "--yes"]));
    let kept = unremovable(&org);
    let expected: BTreeSet<String> = before
        .into_iter()
        .filter(|id| !matches.contains(id) || kept.contains(id))
        .collect();
    assert_leads(&org, &expected, &o);
    let summary = report(&o);
    assert!(
        summary.contains(&format!(" of {} Leads", matches.len())),
        "{summary}"
    );
    let folded = journal(&org).details(&op_id(&o)).unwrap().unwrap();
    let sel = folded.intent.selection.unwrap();
    assert_eq!(sel.query, Some(Selector::Where(clause.into())));
    assert_eq!(sel.matched, Some(matches.len() as u64));
    // The matches were read with COQL, not listed whole.
    let coql = org
        .control()
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/coql"))
        .count();
    assert_eq!(coql, 2, "a COUNT, then one page");
}

#[test]
fn a_where_dry_run_prices_coql_by_its_limit() {
    let org = Org::start();
    let clause = "Lead_Status = 'Junk Lead'";
    let n = ids_where(&org, "Leads", "Lead_Status", "Junk Lead").len();
    let o = run(&mut org.cmd(&["delete", "Leads", "--where", clause, "--dry-run", "--json"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let lines = json_lines(&stdout(&o));
    let s = &lines.last().unwrap()["summary"];
    assert_eq!(s["matched"], n);
    assert_eq!(s["query"]["kind"], "where");
    assert_eq!(s["calls"]["read"], 1);
    assert_eq!(s["credits"]["read"], 3, "a LIMIT 2,000 page costs 3");
    assert_eq!(lines.len(), 7, "three first, three last, the summary");
    assert!(org.deletes().is_empty());
}

#[test]
fn a_query_the_api_refuses_is_its_error_exit_2_and_nothing_removed() {
    let org = Org::start();
    let before = live(&org, "Leads");
    for (flag, query, code, detail) in [
        (
            "--criteria",
            "(Lead_Status:resembles:Junk)",
            "INVALID_QUERY",
            "criteria",
        ),
        ("--where", "Lead_Status = ", "SYNTAX_ERROR", "\"clause\""),
        (
            "--where",
            "No_Such_Field = 'x'",
            "INVALID_QUERY",
            "No_Such_Field",
        ),
    ] {
        let o = run(&mut org.cmd(&["delete", "Leads", flag, query, "--yes"]));
        assert_eq!(status(&o), 2, "{query}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(code), "{query}: {err}");
        assert!(err.contains(detail), "{query}: {err}");
        assert!(err.contains("nothing was removed"), "{err}");
        let hint = if flag == "--where" {
            "hint: Check the clause against COQL"
        } else {
            "hint: Criteria read (Field_API_Name:operator:value)"
        };
        assert!(err.contains(hint), "{err}");
    }
    assert_eq!(live(&org, "Leads"), before);
    assert!(org.deletes().is_empty());
}

#[test]
fn a_custom_view_with_criteria_removes_its_records_only() {
    let org = Org::start();
    let client = org.client();
    let views = org.rt.block_on(client.custom_views("Leads")).unwrap();
    let view = views
        .iter()
        .find(|v| v.name == "Junk Leads")
        .expect("a seeded view");
    let junk = ids_where(&org, "Leads", "Lead_Status", "Junk Lead");
    let before = live(&org, "Leads");
    let o = run(&mut org.cmd(&["delete", "Leads", "--cvid", &view.id, "--yes"]));
    let kept = unremovable(&org);
    let expected: BTreeSet<String> = before
        .into_iter()
        .filter(|id| !junk.contains(id) || kept.contains(id))
        .collect();
    assert_leads(&org, &expected, &o);
    let folded = journal(&org).details(&op_id(&o)).unwrap().unwrap();
    assert_eq!(
        folded.intent.selection.unwrap().query,
        Some(Selector::View(view.id.clone()))
    );
}

#[test]
fn a_query_that_matches_nothing_sends_nothing_and_journals_nothing() {
    let org = Org::start();
    let none = "(Lead_Status:equals:Nobody Has This)";
    let o = run(&mut org.cmd(&["delete", "Leads", "--criteria", none, "--yes"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!("No Leads matching criteria {none}; nothing was sent.\n")
    );
    let o = run(&mut org.cmd(&["delete", "Leads", "--criteria", none, "--yes", "--json"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["summary"]["requested"], 0);
    let plan = org.path("none.json");
    let o = run(&mut org.cmd(&[
        "delete",
        "Leads",
        "--criteria",
        none,
        "--plan",
        plan.to_str().unwrap(),
    ]));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "no Leads matching criteria {none}; no plan was written"
        )),
        "{}",
        stderr(&o)
    );
    assert!(!plan.exists());
    assert!(org.deletes().is_empty());
    assert!(journal(&org).operations().unwrap().is_empty());
}

#[test]
fn on_a_terminal_the_prompt_names_the_query_and_the_typed_count_confirms() {
    let org = Org::start();
    let junk = ids_where(&org, "Leads", "Lead_Status", "Junk Lead");
    let n = junk.len().to_string();
    let (code, screen) = org.on_terminal(&["delete", "Leads", "--criteria", JUNK], &n);
    assert!(
        screen.contains(&format!(
            "Delete {n} Leads matching criteria {JUNK}? Type {n} to confirm: "
        )),
        "{screen}"
    );
    assert!(screen.contains(&format!(" of {n} Leads in ")), "{screen}");
    assert!(code <= 1, "{screen}");
    let left: BTreeSet<String> = live(&org, "Leads").intersection(&junk).cloned().collect();
    assert_eq!(
        left,
        unremovable(&org).intersection(&junk).cloned().collect()
    );
}
