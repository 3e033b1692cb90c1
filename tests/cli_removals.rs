//! The removal subcommands, run as the real binary against a sandbox served by this test
//! process over loopback; outcomes are checked on stdout/stderr and in the sandbox's state.

use crate::cli_support as support;

use std::path::Path;
use std::process::Command;

use support::*;

#[test]
fn delete_removes_the_records() {
    let org = Org::start();
    let ids = org.ids("Leads", 3);
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &ids.join(","), "--yes"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert_eq!(report(&o), "Deleted 3 of 3 Leads in 1 call\n");
    for id in &ids {
        assert!(!org.control().record_exists("Leads", id));
    }
    let deletes = org.deletes();
    assert_eq!(deletes.len(), 1);
    assert!(deletes[0].path.contains("/Leads"), "{}", deletes[0].path);
    // stderr is not a terminal here: no progress, nothing at all.
    assert_eq!(stderr(&o), "");
}

#[test]
fn secrets_appear_neither_in_the_output_nor_in_the_log_file() {
    let org = Org::start();
    let ids = org.ids("Leads", 1);
    let list = format!("{},{GHOST}", ids[0]);
    let mut outputs = String::new();
    for extra in [&["--yes"][..], &["--yes", "--json"], &["--dry-run"]] {
        let mut args = vec!["delete", "Leads", "--ids", &list];
        args.extend_from_slice(extra);
        let o = run(org.cmd(&args).env("ZCRM_LOG", "trace"));
        outputs.push_str(&stdout(&o));
        outputs.push_str(&stderr(&o));
    }
    let logs = org.home.path().join("data/zcrm-tui/logs");
    let mut log_text = String::new();
    for entry in std::fs::read_dir(&logs).expect("a log directory") {
        log_text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert!(log_text.contains("removal finished"), "{log_text}");
    let c = org.sb().credentials();
    for secret in [c.client_secret.expose(), c.refresh_token.expose()] {
        assert!(!outputs.contains(secret));
        assert!(!log_text.contains(secret));
    }
}

#[test]
fn wf_trigger_false_reaches_the_api() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let o = run(&mut org.cmd(&[
        "delete",
        "Leads",
        "--ids",
        &ids.join(","),
        "--wf-trigger",
        "false",
        "-y",
    ]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let deletes = org.deletes();
    assert_eq!(deletes.len(), 1);
    assert!(
        deletes[0].query.contains("wf_trigger=false"),
        "{}",
        deletes[0].query
    );
}

#[test]
fn mixed_outcomes_exit_1_and_list_the_failures() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let list = format!("{},{GHOST},{}", ids[0], ids[1]);
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &list, "--yes"]));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("failed   {GHOST}: INVALID_DATA")),
        "{out}"
    );
    assert!(out.contains("(hint: "), "{out}");
    assert!(
        report(&o).ends_with("Deleted 2 of 3 Leads in 1 call (1 failed)\n"),
        "{out}"
    );
    assert!(!org.control().record_exists("Leads", &ids[0]));
    assert!(!org.control().record_exists("Leads", &ids[1]));
}

#[test]
fn dry_run_resolves_names_and_sends_no_delete() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let list = format!("{},{},{GHOST}", ids[0], ids[1]);
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &list, "--dry-run"]));
    // A missing id means the real run would fail for it: exit 1.
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains(&format!("found    {}  ", ids[0])), "{out}");
    assert!(
        out.contains(&format!("MISSING  {GHOST}  (not found)")),
        "{out}"
    );
    assert!(
        out.contains(
            "Dry run: would delete 3 Leads in 1 call; 2 found, 1 missing. Nothing was removed."
        ),
        "{out}"
    );
    assert!(org.deletes().is_empty());
    assert!(
        !org.control().requests().is_empty(),
        "the names came from the API"
    );
    assert!(org.control().record_exists("Leads", &ids[0]));
}

#[test]
fn without_yes_and_without_a_terminal_nothing_is_sent() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &ids.join(",")]));
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(
        err.contains("refusing to delete 2 Leads without --yes"),
        "{err}"
    );
    assert!(
        org.control().requests().is_empty(),
        "not even a token request"
    );
    assert!(org.control().record_exists("Leads", &ids[0]));
}

#[test]
fn two_hundred_fifty_ids_go_out_as_three_calls() {
    let org = Org::start();
    // Whatever the seed holds, pad with ids no record has so the count is exactly 250.
    let mut ids = org.removable_ids("Leads");
    ids.truncate(250);
    let mut n = 0u64;
    while ids.len() < 250 {
        ids.push(format!("{}", 4150868000900000000u64 + n));
        n += 1;
    }
    let file = org.path("ids.txt");
    std::fs::write(&file, ids.join("\n")).unwrap();
    let o = run(&mut org.cmd(&[
        "delete",
        "Leads",
        "--ids-file",
        file.to_str().unwrap(),
        "--dry-run",
    ]));
    assert!(
        stdout(&o).contains("would delete 250 Leads in 3 calls"),
        "{}",
        stdout(&o)
    );
    assert!(org.deletes().is_empty());
    let o = run(&mut org.cmd(&[
        "delete",
        "Leads",
        "--ids-file",
        file.to_str().unwrap(),
        "--yes",
    ]));
    let deletes = org.deletes();
    assert_eq!(deletes.len(), 3, "{deletes:?}");
    assert!(deletes.iter().all(|r| r.ids <= 100));
    assert_eq!(deletes.iter().map(|r| r.ids).sum::<usize>(), 250);
    let out = stdout(&o);
    assert!(out.contains("of 250 Leads in 3 calls"), "{out}");
    assert_eq!(status(&o), if n == 0 { 0 } else { 1 });
}

#[test]
fn csv_ids_file_uses_the_id_column() {
    let org = Org::start();
    let ids = org.ids("Contacts", 2);
    let csv = format!(
        "Last Name,Id,Email\n\"Doe, Jane\",{},jane@example.com\nRoe,zcrm_{},roe@example.com\n",
        ids[0], ids[1]
    );
    let file = org.path("report.csv");
    std::fs::write(&file, csv).unwrap();
    let o = run(&mut org.cmd(&[
        "delete",
        "Contacts",
        "--ids-file",
        file.to_str().unwrap(),
        "--yes",
    ]));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(report(&o), "Deleted 2 of 2 Contacts in 1 call\n");
    assert!(!org.control().record_exists("Contacts", &ids[0]));
    assert!(!org.control().record_exists("Contacts", &ids[1]));
}

#[test]
fn an_invalid_line_is_named_and_nothing_is_sent() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let text = format!("id\n{}\n\n{}\n12ab\n", ids[0], ids[1]);
    let file = org.path("ids.csv");
    std::fs::write(&file, text).unwrap();
    let o = run(&mut org.cmd(&[
        "delete",
        "Leads",
        "--ids-file",
        file.to_str().unwrap(),
        "--yes",
    ]));
    assert_eq!(status(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("line 5: `12ab`"), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(org.control().requests().is_empty());
    assert!(org.control().record_exists("Leads", &ids[0]));
}

#[test]
fn ids_from_stdin_with_yes() {
    let org = Org::start();
    let ids = org.ids("Accounts", 2);
    let o = run_with_stdin(
        &mut org.cmd(&["delete", "Accounts", "-", "--yes"]),
        &format!("{}\n{}\n{}\n", ids[0], ids[1], ids[0]),
    );
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert_eq!(report(&o), "Deleted 2 of 2 Accounts in 1 call\n");
}

#[test]
fn ids_from_stdin_without_yes_are_refused() {
    let org = Org::start();
    let ids = org.ids("Accounts", 1);
    let o = run_with_stdin(&mut org.cmd(&["delete", "Accounts", "-"]), &ids[0]);
    assert_eq!(status(&o), 2);
    assert!(stderr(&o).contains("without --yes"));
    assert!(org.control().requests().is_empty());
}

#[test]
fn json_output_is_one_object_per_id_then_a_summary() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let list = format!("{},{GHOST},{}", ids[0], ids[1]);
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &list, "--yes", "--json"]));
    assert_eq!(status(&o), 1);
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["id"], ids[0].as_str());
    assert_eq!(lines[0]["outcome"], "removed");
    assert_eq!(lines[1]["id"], GHOST);
    assert_eq!(lines[1]["outcome"], "failed");
    assert_eq!(lines[1]["code"], "INVALID_DATA");
    assert!(lines[1]["hint"].as_str().is_some_and(|h| !h.is_empty()));
    assert_eq!(lines[2]["outcome"], "removed");
    let s = &lines[3]["summary"];
    assert_eq!(s["operation"], "delete");
    assert_eq!(s["module"], "Leads");
    assert_eq!(s["requested"], 3);
    assert_eq!(s["removed"], 2);
    assert_eq!(s["failed"], 1);
    assert_eq!(s["calls"], 1);
    assert_eq!(s["dry_run"], false);
}

#[test]
fn dry_run_json_has_found_flags_and_calls() {
    let org = Org::start();
    let ids = org.ids("Leads", 1);
    let list = format!("{},{GHOST}", ids[0]);
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &list, "--dry-run", "--json"]));
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines[0]["found"], true);
    assert!(lines[0]["name"].as_str().is_some());
    assert_eq!(lines[1]["found"], false);
    assert_eq!(lines[2]["summary"]["missing"], 1);
    assert_eq!(lines[2]["summary"]["calls"], 1);
    assert!(org.deletes().is_empty());
}

// ---- delink (the seed page's own sample: Campaign 3652397000000327001 and two Contacts) ----

const CAMPAIGN: &str = "3652397000000327001";
const C1: &str = "3652397000000925128";
const C2: &str = "3652397000000649013";

#[test]
fn delink_removes_the_relations_and_keeps_the_records() {
    let org = Org::start();
    let ctl = org.control();
    assert!(ctl.is_related("Campaigns", CAMPAIGN, "Contacts", C1));
    assert!(ctl.is_related("Campaigns", CAMPAIGN, "Contacts", C2));
    let o = run(&mut org.cmd(&[
        "delink",
        "Campaigns",
        CAMPAIGN,
        "Contacts",
        "--ids",
        &format!("{C1},{C2}"),
        "--yes",
    ]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert_eq!(
        report(&o),
        format!("Delinked 2 of 2 Contacts from Campaigns {CAMPAIGN} in 1 call\n")
    );
    assert!(!ctl.is_related("Campaigns", CAMPAIGN, "Contacts", C1));
    assert!(!ctl.is_related("Campaigns", CAMPAIGN, "Contacts", C2));
    assert!(ctl.record_exists("Contacts", C1));
    assert!(ctl.record_exists("Contacts", C2));
}

#[test]
fn delink_mixed_and_dry_run() {
    let org = Org::start();
    let o = run(&mut org.cmd(&[
        "delink",
        "Campaigns",
        CAMPAIGN,
        "Contacts",
        "--ids",
        &format!("{C1},{GHOST}"),
        "--dry-run",
    ]));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("found    {C1}")),
        "{out}{}",
        stderr(&o)
    );
    assert!(
        out.contains(&format!("MISSING  {GHOST}  (not found or not related)")),
        "{out}"
    );
    assert!(org.deletes().is_empty());
    assert!(
        org.control()
            .is_related("Campaigns", CAMPAIGN, "Contacts", C1)
    );

    let o = run(&mut org.cmd(&[
        "delink",
        "Campaigns",
        CAMPAIGN,
        "Contacts",
        "--ids",
        &format!("{C1},{GHOST}"),
        "--yes",
    ]));
    assert_eq!(status(&o), 1);
    let out = stdout(&o);
    assert!(
        out.contains(&format!("failed   {GHOST}: INVALID_DATA")),
        "{out}"
    );
    assert!(out.contains("(1 failed)"), "{out}");
    assert!(
        !org.control()
            .is_related("Campaigns", CAMPAIGN, "Contacts", C1)
    );
}

#[test]
fn delink_external_by_the_seed_sample() {
    let org = Org::start();
    let o = run(&mut org.cmd(&[
        "delink-external",
        "Contacts",
        "External_Contact_ID",
        "extcontact3",
        "Deals",
        "extdeal3",
        "--yes",
        "--json",
    ]));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines[0]["outcome"], "removed");
    assert_eq!(
        lines.last().unwrap()["summary"]["operation"],
        "delink-external"
    );
    let deletes = org.deletes();
    assert_eq!(deletes.len(), 1);
    assert!(
        deletes[0].path.contains("extcontact3"),
        "{}",
        deletes[0].path
    );

    // Again: the relation is gone, so the API says so and the exit status is 1.
    let o = run(&mut org.cmd(&[
        "delink-external",
        "Contacts",
        "External_Contact_ID",
        "extcontact3",
        "Deals",
        "extdeal3",
        "--yes",
    ]));
    assert_eq!(status(&o), 1, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("failed   extdeal3: "), "{}", stdout(&o));
}

#[test]
fn delete_roles_success_and_refusal() {
    let org = Org::start();
    let roles = org.rt.block_on(org.client().contact_roles()).unwrap();
    assert!(roles.len() >= 2);
    let ids: Vec<String> = roles.iter().take(2).map(|r| r.id.clone()).collect();

    let o = run(&mut org.cmd(&["delete-roles", "--ids", &ids.join(",")]));
    assert_eq!(status(&o), 2);
    assert!(org.deletes().is_empty());

    let o = run(&mut org.cmd(&["delete-roles", "--ids", &ids.join(","), "--dry-run"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains(&format!("found    {}  {}", ids[0], roles[0].name)));
    assert!(org.deletes().is_empty());

    let o = run(&mut org.cmd(&["delete-roles", "--ids", &ids.join(","), "--yes"]));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(report(&o), "Deleted 2 of 2 contact roles in 1 call\n");
    assert!(!org.control().contact_role_exists(&ids[0]));
    assert!(!org.control().contact_role_exists(&ids[1]));
}

#[test]
fn unknown_module_is_a_usage_error_with_a_hint() {
    let org = Org::start();
    let o = run(&mut org.cmd(&["delete", "Nonsense", "--ids", GHOST, "--yes"]));
    assert_eq!(status(&o), 2, "{}{}", stdout(&o), stderr(&o));
    let err = stderr(&o);
    // Refused while reading the records for the journal, before any removal call.
    assert!(err.contains("nothing was sent: "), "{err}");
    assert!(err.contains("INVALID_MODULE"), "{err}");
    assert!(org.deletes().is_empty());
    assert!(err.contains("hint: "), "{err}");
}

#[test]
fn locked_records_fail_with_their_own_code_and_hint() {
    let org = Org::start();
    let locked = org.control().locked_record_ids("Leads");
    assert!(!locked.is_empty(), "the seed has locked Leads");
    let free = org.ids("Leads", 1);
    let list = format!("{},{}", locked[0], free[0]);
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &list, "--yes"]));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("failed   {}: RECORD_LOCKED", locked[0])),
        "{out}"
    );
    assert!(
        out.contains("Deleted 1 of 2 Leads in 1 call (1 failed)"),
        "{out}"
    );
    assert!(org.control().record_exists("Leads", &locked[0]));
}

// ---- configuration against the live sandbox ----

fn profile_text(org: &Org, refresh_token: &str) -> String {
    let e = org.sb().endpoints();
    let c = org.sb().credentials();
    format!(
        "default_profile = \"local\"\n[profiles.local]\napi_domain = \"{}\"\naccounts_url = \"{}\"\n\
         client_id = \"{}\"\nclient_secret = \"{}\"\nrefresh_token = \"{refresh_token}\"\n",
        e.api_domain,
        e.accounts_url,
        c.client_id,
        c.client_secret.expose()
    )
}

fn profile_cmd(org: &Org, path: &Path, args: &[&str]) -> Command {
    let mut cmd = bin(org.home.path());
    cmd.args(args).arg("--config").arg(path);
    cmd
}

#[test]
fn a_profile_connects_and_the_environment_overrides_it() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let good = org.sb().credentials().refresh_token.expose().to_string();

    let path = write_file(
        org.home.path(),
        "ok.toml",
        &profile_text(&org, &good),
        0o600,
    );
    let o = run(&mut profile_cmd(
        &org,
        &path,
        &["delete", "Leads", "--ids", &ids[0], "--yes"],
    ));
    assert_eq!(status(&o), 0, "{}", stderr(&o));

    // The file's refresh token is wrong; the environment's is right and wins.
    let path = write_file(
        org.home.path(),
        "bad.toml",
        &profile_text(&org, "1000.wrong.token"),
        0o600,
    );
    let o = run(&mut profile_cmd(
        &org,
        &path,
        &["delete", "Leads", "--ids", &ids[1], "--yes"],
    ));
    assert_eq!(
        status(&o),
        2,
        "the wrong token alone is refused: {}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("1000.wrong.token"));
    assert!(org.control().record_exists("Leads", &ids[1]));
    let o = run(
        profile_cmd(&org, &path, &["delete", "Leads", "--ids", &ids[1], "--yes"])
            .env("ZCRM_REFRESH_TOKEN", &good),
    );
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(!org.control().record_exists("Leads", &ids[1]));
}

#[test]
fn demo_flag_runs_against_an_in_process_sandbox() {
    let home = tempfile::tempdir().unwrap();
    let o = run(bin(home.path()).args(["delete-roles", "--demo", "--ids", GHOST, "--dry-run"]));
    assert_eq!(status(&o), 1, "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("MISSING  {GHOST}")),
        "{}",
        stdout(&o)
    );
}
