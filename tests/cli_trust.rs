//! Issue 10, CLI side: nothing is removed that the admin did not see, in the org they meant.
//! Dry runs tell locked, awaiting-approval and undelinkable targets apart; undo and resume refuse
//! another org. The real binary against sandboxes served by this test process (control
//! characters: `cli_sanitize.rs`).

use crate::cli_support as support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::*;
use zcrm_tui::zoho::{PageRequest, SearchQuery};

/// Requests that change data (anything but GET), as the sandbox served them.
fn writes(org: &Org) -> Vec<String> {
    org.writes()
}

// ---- locked and awaiting approval ----

#[test]
fn dry_run_lists_locked_and_awaiting_approval_apart_and_exits_1() {
    let org = Org::start();
    let ctl = org.control();
    let free = org.ids("Leads", 1).remove(0);
    let locked = ctl.locked_record_ids("Leads").remove(0);
    let pending = ctl.not_approved_record_ids("Leads").remove(0);
    let list = format!("{free},{locked},{pending}");
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &list, "--dry-run"]));
    let out = stdout(&o);
    assert_eq!(status(&o), 1, "{out}{}", stderr(&o));
    assert!(out.contains(&format!("found    {free}  ")), "{out}");
    assert!(
        out.contains(&format!("locked   {locked}  ")) && out.contains("(will fail: RECORD_LOCKED)"),
        "{out}"
    );
    assert!(
        out.contains(&format!("awaiting approval {pending}  "))
            && out.contains("(will fail: NOT_APPROVED)"),
        "{out}"
    );
    assert!(
        out.contains(
            "; 1 found, 1 locked, 1 awaiting approval, 0 missing: 2 would fail. Nothing was removed."
        ),
        "{out}"
    );
    assert!(writes(&org).is_empty(), "{:?}", writes(&org));

    // The dry run told the truth: the real run fails for exactly those two.
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &list, "--yes"]));
    assert_eq!(status(&o), 1);
    let out = stdout(&o);
    assert!(
        out.contains(&format!("failed   {locked}: RECORD_LOCKED")),
        "{out}"
    );
    assert!(
        out.contains(&format!("failed   {pending}: NOT_APPROVED")),
        "{out}"
    );
    assert!(!ctl.record_exists("Leads", &free));
}

#[test]
fn dry_run_json_marks_locks_and_a_clean_dry_run_exits_0() {
    let org = Org::start();
    let ctl = org.control();
    let free = org.ids("Leads", 2);
    let locked = ctl.locked_record_ids("Contacts").remove(0);
    let o = run(&mut org.cmd(&[
        "delete",
        "Contacts",
        "--ids",
        &locked,
        "--dry-run",
        "--json",
    ]));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines[0]["found"], true);
    assert_eq!(lines[0]["lock"], "locked");
    assert_eq!(lines[0]["would_fail"], true);
    assert_eq!(lines[1]["summary"]["locked"], 1);
    assert_eq!(lines[1]["summary"]["found"], 0);
    assert_eq!(lines[1]["summary"]["would_fail"], 1);

    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &free.join(","), "--dry-run"]));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("; 2 found, 0 missing. Nothing was removed."));
}

#[test]
fn an_api_that_refuses_the_lock_fields_still_gets_a_dry_run_that_says_so() {
    let org = Org::start();
    let proxy = org.proxy(|path, status, body| {
        if path.contains("%24locked_for_me") || path.contains("$locked_for_me") {
            let refusal = r#"{"code":"INVALID_DATA","details":{"api_name":"$locked_for_me"},"message":"invalid field","status":"error"}"#;
            (400, refusal.to_string())
        } else {
            (status, body)
        }
    });
    let free = org.ids("Leads", 1).remove(0);
    let list = format!("{free},{GHOST}");
    let o = run(&mut org.cmd_via(&proxy, &["delete", "Leads", "--ids", &list, "--dry-run"]));
    let out = stdout(&o);
    assert_eq!(status(&o), 1, "{out}{}", stderr(&o));
    assert!(out.contains(&format!("found    {free}  ")), "{out}");
    assert!(
        out.contains("note: whether they are locked or awaiting approval could not be read"),
        "{out}"
    );
    assert!(out.contains("; 1 found, 1 missing."), "{out}");
}

// ---- relations the API cannot delink ----

/// An Account and one of its Contacts (a lookup on the Contact: Accounts' `Contacts` list
/// cannot be delinked).
fn account_with_contact(org: &Org) -> (String, String) {
    let ctl = org.control();
    ctl.record_ids("Accounts")
        .into_iter()
        .find_map(|a| {
            let c = ctl.related_ids("Accounts", &a, "Contacts");
            c.first().map(|c| (a.clone(), c.clone()))
        })
        .expect("the seed relates some Account to a Contact")
}

#[test]
fn a_relation_the_api_cannot_delink_is_refused_in_the_tuis_words_with_nothing_sent() {
    let org = Org::start();
    let (lead, campaign) = account_with_contact(&org);
    for extra in [&["--dry-run"][..], &["--yes"], &["--dry-run", "--json"]] {
        let mut args = vec!["delink", "Accounts", &lead, "Contacts", "--ids", &campaign];
        args.extend_from_slice(extra);
        let o = run(&mut org.cmd(&args));
        let err = stderr(&o);
        assert_eq!(status(&o), 2, "{extra:?}: {}{err}", stdout(&o));
        assert!(
            err.contains(
                "error: The API cannot delink Contacts from Accounts: Contacts are linked to an \
                 Account by their Account_Name lookup; clear the lookup on each Contact instead; \
                 nothing was sent"
            ),
            "{err}"
        );
        assert!(!stdout(&o).contains("would delink"), "{}", stdout(&o));
    }
    assert!(writes(&org).is_empty(), "{:?}", writes(&org));
    assert!(
        org.control()
            .is_related("Accounts", &lead, "Contacts", &campaign)
    );
    // Nothing was journaled either: the refusal came before the journal was opened.
    let o = run(bin(org.home.path()).args(["journal", "--json"]));
    assert_eq!(stdout(&o), "", "{}", stderr(&o));

    let o = run(&mut org.cmd(&[
        "delink", "Accounts", &lead, "Nope", "--ids", &campaign, "--yes",
    ]));
    assert_eq!(status(&o), 2);
    assert!(
        stderr(&o).contains("Accounts has no related list `Nope`; nothing was sent"),
        "{}",
        stderr(&o)
    );
    assert!(writes(&org).is_empty());
}

#[test]
fn delink_external_is_checked_for_delinkability_too() {
    let org = Org::start();
    // Accounts' Deals list is view only in the seed.
    let o = run(&mut org.cmd(&[
        "delink-external",
        "Accounts",
        "External_Account_ID",
        "extaccount1",
        "Deals",
        "extdeal1",
        "--yes",
    ]));
    assert_eq!(status(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains(
            "The API cannot delink Deals from Accounts: Deals are linked to an Account by their \
             Account_Name lookup; clear the lookup on each Deal instead; nothing was sent"
        ),
        "{}",
        stderr(&o)
    );
    assert!(writes(&org).is_empty());
}

// ---- delink-external --dry-run resolves both sides ----

fn deal_with_external(org: &Org, value: &str) -> (String, String) {
    let page = org
        .rt
        .block_on(org.client().search(
            "Deals",
            &SearchQuery::Criteria(format!("(External_Deal_ID:equals:{value})")),
            &PageRequest::first(vec!["Deal_Name".into()]),
        ))
        .unwrap();
    let r = page.records.first().expect("a seeded Deal with that value");
    (r.id.clone(), r.display_name())
}

#[test]
fn delink_external_dry_run_resolves_the_base_and_the_related_record() {
    let org = Org::start();
    let (deal_id, deal_name) = deal_with_external(&org, "extdeal3");
    let args = |base: &'static str, related: &'static str| {
        vec![
            "delink-external",
            "Contacts",
            "External_Contact_ID",
            base,
            "Deals",
            related,
            "--dry-run",
        ]
    };
    let o = run(&mut org.cmd(&args("extcontact3", "extdeal3")));
    let out = stdout(&o);
    assert_eq!(status(&o), 0, "{out}{}", stderr(&o));
    assert!(
        out.contains(&format!(
            "found    extdeal3  {deal_name}  (Deals {deal_id}, External_Deal_ID=extdeal3)"
        )),
        "{out}"
    );
    assert!(
        out.contains("note: Contacts with External_Contact_ID=extcontact3 is `"),
        "{out}"
    );
    assert!(!out.contains("not checked"), "{out}");

    // A value no related Deal carries is missing: the real run would fail.
    let o = run(&mut org.cmd(&args("extcontact3", "extdeal-none")));
    assert_eq!(status(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("MISSING  extdeal-none  (not found or not related)"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("none of its Deals carries extdeal-none"));

    // An unknown base record.
    let o = run(&mut org.cmd(&args("extcontact-none", "extdeal3")));
    assert_eq!(status(&o), 1);
    assert!(
        stdout(&o).contains("note: no Contacts with External_Contact_ID=extcontact-none was found"),
        "{}",
        stdout(&o)
    );
    assert!(writes(&org).is_empty(), "{:?}", writes(&org));
    // Still related: nothing was removed.
    let contact = org
        .rt
        .block_on(org.client().search(
            "Contacts",
            &SearchQuery::Criteria("(External_Contact_ID:equals:extcontact3)".into()),
            &PageRequest::first(vec!["Full_Name".into()]),
        ))
        .unwrap()
        .records
        .remove(0)
        .id;
    assert!(
        org.control()
            .is_related("Contacts", &contact, "Deals", &deal_id)
    );
}

// ---- undo and resume refuse another org ----

/// A 300-Lead delete killed after its first call was answered: interrupted, ids left open.
fn interrupted_delete(org: &Org) -> (String, Vec<String>) {
    let ids = org.ids("Leads", 300);
    let file = write_file(org.home.path(), "ids.txt", &ids.join("\n"), 0o600);
    org.control().set_latency(Duration::from_millis(300));
    let file = file.to_str().unwrap();
    let mut child = org
        .cmd(&[
            "delete",
            "Leads",
            "--ids-file",
            file,
            "--yes",
            "--concurrency",
            "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while org.deletes().is_empty() {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
            panic!("the delete ended ({status}) before it was killed: {err}");
        }
        assert!(Instant::now() < deadline, "no delete was answered");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    // A call in flight at the kill may still be answered: let it land before counting.
    std::thread::sleep(Duration::from_millis(1000));
    org.control().set_latency(Duration::ZERO);
    let o = run(bin(org.home.path()).args(["journal", "--json"]));
    let op = json_lines(&stdout(&o))[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let left: Vec<String> = ids
        .into_iter()
        .filter(|id| org.control().record_exists("Leads", id))
        .collect();
    assert!(!left.is_empty() && left.len() < 300, "{}", left.len());
    (op, left)
}

fn with_journal_of(org: &Org, mut c: Command) -> Command {
    c.env("XDG_DATA_HOME", org.home.path().join("data"));
    c
}

#[test]
fn undo_and_resume_of_another_orgs_operation_send_nothing() {
    let org = Org::start();
    let (op, left) = interrupted_delete(&org);
    let removed = org.control().requests().len();
    let other = Org::start();
    let before_other: Vec<String> = other.control().record_ids("Leads");
    for action in ["resume", "undo"] {
        let o = run(&mut with_journal_of(
            &org,
            other.cmd(&["journal", action, &op, "--yes"]),
        ));
        let err = stderr(&o);
        assert_eq!(status(&o), 2, "{action}: {}{err}", stdout(&o));
        assert!(
            err.contains(&format!("operation {op} ran against ")),
            "{err}"
        );
        assert!(err.contains("nothing was sent"), "{err}");
    }
    // Nothing reached either org: no request of any kind to the other one, none since the kill
    // to the first, whose open ids are still there.
    assert!(
        other.control().requests().is_empty(),
        "{:?}",
        other.control().requests()
    );
    assert_eq!(other.control().record_ids("Leads"), before_other);
    assert_eq!(org.control().requests().len(), removed);
    assert!(
        left.iter()
            .all(|id| org.control().record_exists("Leads", id))
    );
}
