//! `zcrm-tui delete-roles --deal ID --contacts a,b` (a deal's contact roles) next to
//! `delete-roles --ids` (role definitions), and `journal undo` re-adding the contacts with their
//! roles; run as the real binary against a sandbox served by this test process.

use crate::cli_support as support;

use std::process::Command;

use serde_json::Value;
use support::*;

fn cmd(org: &Org, args: &[&str]) -> Command {
    let mut c = org.cmd(args);
    c.env("ZCRM_DATA_DIR", org.path("zdata"));
    c
}

/// A deal with two contacts in roles: the deal and the contacts with their roles.
fn deal_with_two(org: &Org) -> (String, Vec<(String, Value)>) {
    let client = org.client();
    for deal in org.control().record_ids("Deals") {
        let rows = org.rt.block_on(client.deal_contact_roles(&deal)).unwrap();
        if rows.len() >= 2 {
            let two = rows
                .iter()
                .take(2)
                .map(|r| (r.id.clone(), r.fields["Contact_Role"].clone()))
                .collect();
            return (deal, two);
        }
    }
    panic!("the seed has a deal with two contact roles")
}

#[test]
fn delete_roles_with_deal_removes_contacts_roles_and_undo_re_adds_them() {
    let org = Org::start();
    let ctl = org.control();
    let (deal, two) = deal_with_two(&org);
    let contacts: Vec<String> = two.iter().map(|(c, _)| c.clone()).collect();
    let list = contacts.join(",");
    let delete_roles = |flag: &str| {
        let args = ["delete-roles", "--deal", &deal, "--contacts", &list, flag];
        run(&mut cmd(&org, &args))
    };

    // --dry-run: each contact found on the deal, nothing sent.
    let o = delete_roles("--dry-run");
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains(&format!("found    {}", contacts[0])),
        "{}",
        stdout(&o)
    );
    assert!(writes_of(&org).is_empty());

    let o = delete_roles("--yes");
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(
        report(&o).contains(&format!("Removed 2 of 2 contact roles from Deals {deal}")),
        "{}",
        report(&o)
    );
    let op = op_id(&o);
    let sent = writes_of(&org);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].method, "DELETE");
    assert_eq!(sent[0].path, format!("/crm/v8/Deals/{deal}/Contact_Roles"));
    for c in &contacts {
        assert!(!ctl.is_related("Deals", &deal, "Contact_Roles", c));
        assert!(ctl.record_exists("Contacts", c), "the contact stays");
    }

    // The journal holds each contact's role; undo puts them back with it.
    let o = run(&mut cmd(&org, &["journal", "undo", &op, "--yes", "--json"]));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let lines = json_lines(&stdout(&o));
    assert_eq!(lines.last().unwrap()["summary"]["done"], 2, "{lines:?}");
    let rows = org
        .rt
        .block_on(org.client().deal_contact_roles(&deal))
        .unwrap();
    for (c, role) in &two {
        let row = rows.iter().find(|r| &r.id == c).expect("back on the deal");
        assert_eq!(&row.fields["Contact_Role"], role, "{c}");
    }
}

#[test]
fn delete_roles_without_deal_still_deletes_role_definitions_and_help_tells_both() {
    let org = Org::start();
    let roles = org.rt.block_on(org.client().contact_roles()).unwrap();
    let o = run(&mut cmd(
        &org,
        &["delete-roles", "--ids", &roles[0].id, "--yes"],
    ));
    assert_eq!(status(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(report(&o), "Deleted 1 of 1 contact role in 1 call\n");
    assert!(!org.control().contact_role_exists(&roles[0].id));

    let o = run(bin(org.home.path()).args(["delete-roles", "--help"]));
    let help = stdout(&o);
    assert!(help.contains("--deal <DEAL_ID>"), "{help}");
    assert!(help.contains("role definitions"), "{help}");
    assert!(help.contains("--contacts"), "{help}");
    // --contacts means nothing without a deal.
    let o = run(&mut cmd(
        &org,
        &["delete-roles", "--contacts", "1", "--yes"],
    ));
    assert_eq!(status(&o), 2, "{}", stderr(&o));
}

/// Requests that change data.
fn writes_of(org: &Org) -> Vec<zcrm_tui::sandbox::RequestRecord> {
    org.control()
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET")
        .collect()
}
