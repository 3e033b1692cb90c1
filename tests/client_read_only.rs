//! A read-only client refuses every path that changes data, with nothing sent to the sandbox:
//! the client's removals, undo's relink and restore, and the journal's execute (the TUI's
//! removals and retries, the CLI's commands), undo and resume.

use crate::client_support;

use client_support::*;
use zcrm_tui::journal::{self, Journal, UndoPlan};
use zcrm_tui::sandbox::{Sandbox, SandboxControl};
use zcrm_tui::zoho::{ExternalDelink, Removal, RemovalReport, RunOptions, ZohoClient, ZohoError};

const CAMPAIGN: &str = "3652397000000327001";
const CONTACT: &str = "3652397000000925128";

fn external() -> ExternalDelink {
    ExternalDelink {
        module: "Contacts".into(),
        external_field: "External_Contact_ID".into(),
        external_value: "extcontact3".into(),
        related_list: "Deals".into(),
        related_external_value: "extdeal3".into(),
    }
}

fn read_only(sb: &Sandbox) -> ZohoClient {
    let c = client(sb, 4);
    c.set_read_only();
    assert!(c.clone().is_read_only(), "clones share the setting");
    c
}

fn assert_refused<T: std::fmt::Debug>(
    path: &str,
    result: Result<T, ZohoError>,
    ctl: &SandboxControl,
) {
    match result {
        Err(e @ ZohoError::ReadOnly(_)) => {
            let text = e.to_string();
            assert!(text.starts_with("read-only profile: "), "{path}: {text}");
            assert!(text.contains("nothing was sent"), "{path}: {text}");
            assert_eq!(e.code_str(), "READ_ONLY");
        }
        other => panic!("{path}: not refused as read-only: {other:?}"),
    }
    assert!(ctl.requests().is_empty(), "{path}: {:?}", ctl.requests());
    assert_eq!(ctl.token_grants(), 0, "{path}: a token was asked for");
}

#[tokio::test]
async fn every_client_removal_path_is_refused_before_anything_is_sent() {
    let sb = sandbox().await;
    let ctl = sb.control();
    let c = read_only(&sb);
    let leads = deletable_ids(&ctl, "Leads", 3);
    let contacts = ids(&[CONTACT]);
    let roles = ids(&["4150868000001015046"]);
    let opts = RunOptions::default;

    let removals = [
        Removal::DeleteRecords {
            module: "Leads".into(),
            ids: leads.clone(),
            wf_trigger: true,
        },
        Removal::Delink {
            module: "Campaigns".into(),
            record_id: CAMPAIGN.into(),
            related_list: "Contacts".into(),
            ids: contacts.clone(),
        },
        Removal::DelinkExternal(external()),
        Removal::DeleteContactRoles { ids: roles.clone() },
    ];
    for r in &removals {
        assert_refused(&format!("remove {r:?}"), c.remove(r, opts()).await, &ctl);
    }
    assert_refused(
        "delete_records",
        c.delete_records("Leads", &leads, true, None).await,
        &ctl,
    );
    assert_refused(
        "delink_related",
        c.delink_related("Campaigns", CAMPAIGN, "Contacts", &contacts, None)
            .await,
        &ctl,
    );
    assert_refused(
        "delink_external",
        c.delink_external(&external()).await,
        &ctl,
    );
    assert_refused(
        "delete_contact_roles",
        c.delete_contact_roles(&roles, None).await,
        &ctl,
    );
    assert_refused(
        "relink (undo of a delink)",
        c.relink("Campaigns", CAMPAIGN, "Contacts", &contacts, opts())
            .await,
        &ctl,
    );
    assert_refused(
        "restore_deleted (undo of a delete)",
        c.restore_deleted(&leads, opts()).await,
        &ctl,
    );
    for id in &leads {
        assert!(ctl.record_exists("Leads", id));
    }
    assert!(ctl.is_related("Campaigns", CAMPAIGN, "Contacts", CONTACT));

    // Browsing works.
    let modules = c
        .list_modules()
        .await
        .expect("reads pass a read-only client");
    assert!(!modules.is_empty());
    assert!(ctl.requests().iter().all(|r| r.method == "GET"));
}

/// Runs `removal` journaled with a writable client (as the app would), for undo to act on.
async fn journaled(c: &ZohoClient, j: &Journal, removal: &Removal, opts: RunOptions) -> String {
    let (op, _): (String, RemovalReport) = journal::execute(c, j, "test", removal, opts)
        .await
        .expect("the writable client removes");
    op
}

#[tokio::test]
async fn journal_execute_undo_and_resume_are_refused_with_nothing_sent_or_journaled() {
    let sb = sandbox().await;
    let ctl = sb.control();
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::open(dir.path()).unwrap();
    let writable = client(&sb, 4);
    let c = read_only(&sb);
    let leads = deletable_ids(&ctl, "Leads", 2);
    let delete = Removal::DeleteRecords {
        module: "Leads".into(),
        ids: leads.clone(),
        wf_trigger: false,
    };
    let delink = Removal::Delink {
        module: "Campaigns".into(),
        record_id: CAMPAIGN.into(),
        related_list: "Contacts".into(),
        ids: ids(&[CONTACT]),
    };
    // What undo and resume will be asked to act on: a delete and a delink done, and a delete
    // stopped before it sent anything (resumable).
    let deleted = journaled(&writable, &j, &delete, RunOptions::default()).await;
    let delinked = journaled(&writable, &j, &delink, RunOptions::default()).await;
    let stop = tokio_util::sync::CancellationToken::new();
    stop.cancel();
    let others = deletable_ids(&ctl, "Leads", 2);
    let stopped = journaled(
        &writable,
        &j,
        &Removal::DeleteRecords {
            module: "Leads".into(),
            ids: others.clone(),
            wf_trigger: false,
        },
        RunOptions {
            stop: Some(stop),
            ..RunOptions::default()
        },
    )
    .await;
    let ops = j.operations().unwrap().len();
    ctl.clear_requests();
    let grants = ctl.token_grants();

    let refused = |what: &str, e: ZohoError| {
        assert!(matches!(e, ZohoError::ReadOnly(_)), "{what}: {e:?}");
        assert!(ctl.requests().is_empty(), "{what}: {:?}", ctl.requests());
        assert_eq!(ctl.token_grants(), grants, "{what}: a token was asked for");
        assert_eq!(j.operations().unwrap().len(), ops, "{what}: journaled");
    };

    // The TUI's removals and retries and the CLI's commands all go through execute.
    for r in [&delete, &delink, &Removal::DelinkExternal(external())] {
        let e = journal::execute(&c, &j, "test", r, RunOptions::default())
            .await
            .unwrap_err();
        refused("execute", e);
    }
    for op in [&deleted, &delinked] {
        let record = j.operation(op).unwrap().unwrap();
        let plan: UndoPlan = journal::undo_plan(&record, 8).unwrap();
        let e = journal::undo(&c, &j, "test", &plan, RunOptions::default())
            .await
            .unwrap_err();
        refused("undo", e);
    }
    let record = j.operation(&stopped).unwrap().unwrap();
    let e = journal::resume(&c, &j, "test", &record, RunOptions::default())
        .await
        .unwrap_err();
    refused("resume", e);

    assert!(
        ctl.in_recycle_bin("Leads", &leads[0]),
        "the delete stays done"
    );
    for id in &others {
        assert!(
            ctl.record_exists("Leads", id),
            "the stopped delete stays unsent"
        );
    }
}
