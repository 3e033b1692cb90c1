//! Read-only profiles through the binary: `--read-only` or `read_only = true` refuses every
//! command that changes data, with nothing but reads sent; dry runs still work.

use crate::cli_support as support;

use support::*;

fn assert_refused(o: &std::process::Output, org: &Org) {
    assert_eq!(status(o), 2, "{}", stderr(o));
    let err = stderr(o);
    assert!(err.contains("error: read-only profile: "), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(err.contains("hint: This profile only browses"), "{err}");
    assert!(org.writes().is_empty(), "{:?}", org.writes());
}

#[test]
fn the_flag_refuses_every_removal_command_and_dry_runs_still_work() {
    let org = Org::start();
    let leads = org.ids("Leads", 1);
    let id = leads[0].as_str();
    let o = run(&mut org.cmd(&["--read-only", "delete", "Leads", "--ids", id, "--yes"]));
    assert_refused(&o, &org);
    assert!(org.control().record_exists("Leads", id));

    for args in [
        vec![
            "delink",
            "Campaigns",
            "3652397000000327001",
            "Contacts",
            "--ids",
            "3652397000000925128",
            "--yes",
            "--read-only",
        ],
        vec![
            "delink-external",
            "Contacts",
            "External_Contact_ID",
            "extcontact3",
            "Deals",
            "extdeal3",
            "--yes",
            "--read-only",
        ],
        vec![
            "delete-roles",
            "--ids",
            "4150868000001015046",
            "--yes",
            "--read-only",
        ],
    ] {
        let o = run(&mut org.cmd(&args));
        assert_refused(&o, &org);
    }

    let o = run(&mut org.cmd(&["--read-only", "delete", "Leads", "--ids", id, "--dry-run"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert!(org.writes().is_empty());
}

#[test]
fn a_read_only_profile_refuses_removal_and_undo() {
    let org = Org::start();
    let id = org.ids("Leads", 1).remove(0);
    // A delete done with the sandbox's writable connection, for the profile to try to undo.
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &id, "--yes"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let op = op_id(&o);
    org.control().clear_requests();

    let path = org.profile_file("viewer", "read_only = true");
    let other = org.ids("Leads", 1).remove(0);
    let o = run(bin(org.home.path())
        .args(["delete", "Leads", "--ids", &other, "--yes", "--config"])
        .arg(&path));
    assert_refused(&o, &org);
    assert!(org.control().record_exists("Leads", &other));

    let o = run(bin(org.home.path())
        .args(["journal", "undo", &op, "--yes", "--config"])
        .arg(&path));
    assert_refused(&o, &org);
    assert!(org.control().in_recycle_bin("Leads", &id), "still deleted");
}
