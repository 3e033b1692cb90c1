//! The four removals through the client against the sandbox over loopback: seed samples, single
//! and bulk, batching, encoding, and input refused before anything is sent.

use crate::client_support;

use client_support::*;
use zcrm_tui::zoho::{ExternalDelink, IdOutcome, ZohoError};

#[tokio::test]
async fn seed_delete_records_sample_deletes_both_leads() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let leads = ids(&["410405000002264040", "410405000002264025"]);
    let report = c.delete_records("Leads", &leads, true, None).await.unwrap();
    assert_eq!(report.calls, 1);
    assert_eq!(report.removed(), 2);
    for (o, id) in report.outcomes.iter().zip(&leads) {
        assert_eq!(o.id(), id);
        assert_eq!(message_of(o), "record deleted");
        assert!(!ctl.record_exists("Leads", id));
        assert!(ctl.in_recycle_bin("Leads", id));
    }
    let reqs = ctl.requests();
    let dels: Vec<_> = reqs.iter().filter(|r| r.method == "DELETE").collect();
    assert_eq!(dels.len(), 1);
    assert_eq!(dels[0].path, "/crm/v8/Leads");
    assert!(
        dels[0].query.contains("wf_trigger=true"),
        "{}",
        dels[0].query
    );
    assert_eq!(dels[0].ids, 2);
}

#[tokio::test]
async fn one_record_goes_by_path_and_wf_trigger_false_is_sent() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let id = deletable_ids(&ctl, "Deals", 1)[0].clone();
    let report = c
        .delete_records("Deals", std::slice::from_ref(&id), false, None)
        .await
        .unwrap();
    assert!(report.outcomes[0].is_removed(), "{report:?}");
    assert!(!ctl.record_exists("Deals", &id));
    let req = ctl
        .requests()
        .into_iter()
        .find(|r| r.method == "DELETE")
        .unwrap();
    assert_eq!(req.path, format!("/crm/v8/Deals/{id}"));
    assert!(req.query.contains("wf_trigger=false"));
}

#[tokio::test]
async fn mixed_delete_reports_each_id_and_deleting_again_is_invalid_data() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let real = deletable_ids(&ctl, "Leads", 1)[0].clone();
    let report = c
        .delete_records(
            "Leads",
            &[real.clone(), "4150868000005067099".into()],
            true,
            None,
        )
        .await
        .unwrap();
    assert!(report.outcomes[0].is_removed());
    assert_eq!(code_of(&report.outcomes[1]), Some("INVALID_DATA"));
    assert!(ctl.requests().iter().any(|r| r.status == 207));
    // Already deleted: INVALID_DATA, with a hint, and never reported removed.
    let again = c
        .delete_records("Leads", std::slice::from_ref(&real), true, None)
        .await
        .unwrap();
    let IdOutcome::Failed { code, hint, .. } = &again.outcomes[0] else {
        panic!("{again:?}")
    };
    assert_eq!(code, "INVALID_DATA");
    assert!(!hint.is_empty());
}

#[tokio::test]
async fn deleting_250_ids_makes_exactly_3_calls_of_at_most_100() {
    let sb = sandbox().await;
    let c = client(&sb, 2);
    let ctl = sb.control();
    let mut all: Vec<String> = deletable_ids(&ctl, "Leads", 200);
    let real = all.len();
    all.extend(unknown_ids(250 - real));
    // Duplicates are dropped before batching.
    let mut with_dups = all.clone();
    with_dups.extend(all[..10].iter().cloned());
    let (progress, seen) = recorder();
    ctl.clear_requests();
    let report = c
        .delete_records("Leads", &with_dups, false, Some(progress))
        .await
        .unwrap();
    assert_eq!(report.calls, 3);
    assert_eq!(report.outcomes.len(), 250);
    let order: Vec<&str> = report.outcomes.iter().map(|o| o.id()).collect();
    assert_eq!(order, all.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(report.removed(), real);
    for o in &report.outcomes[real..] {
        assert_eq!(code_of(o), Some("INVALID_DATA"));
    }
    let mut sizes: Vec<usize> = ctl
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.ids)
        .collect();
    sizes.sort();
    assert_eq!(sizes, [50, 100, 100]);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen.last().unwrap().done, 250);
    assert!(seen.iter().all(|p| p.total == 250));
}

#[tokio::test]
async fn concurrency_is_bounded() {
    let sb = sandbox().await;
    let ctl = sb.control();
    ctl.set_latency(std::time::Duration::from_millis(60));
    let c = client(&sb, 3);
    let report = c
        .delete_records("Leads", &unknown_ids(1000), true, None)
        .await
        .unwrap();
    assert_eq!(report.calls, 10);
    assert!(ctl.max_in_flight() <= 3, "{}", ctl.max_in_flight());
    assert!(ctl.max_in_flight() >= 2, "calls did overlap");
}

#[tokio::test]
async fn seed_delink_sample_removes_relations_and_keeps_records() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let (campaign, contacts) = (
        "3652397000000327001",
        ids(&["3652397000000925128", "3652397000000649013"]),
    );
    for id in &contacts {
        assert!(ctl.is_related("Campaigns", campaign, "Contacts", id));
    }
    let report = c
        .delink_related("Campaigns", campaign, "Contacts", &contacts, None)
        .await
        .unwrap();
    assert_eq!(report.removed(), 2, "{report:?}");
    for (o, id) in report.outcomes.iter().zip(&contacts) {
        assert_eq!(message_of(o), "relation removed");
        assert!(!ctl.is_related("Campaigns", campaign, "Contacts", id));
        assert!(ctl.record_exists("Contacts", id));
    }
    let req = ctl
        .requests()
        .into_iter()
        .find(|r| r.method == "DELETE")
        .unwrap();
    assert_eq!(req.path, format!("/crm/v8/Campaigns/{campaign}/Contacts"));
    assert_eq!(req.ids, 2);
}

#[tokio::test]
async fn one_delink_goes_by_path_and_unrelated_ids_are_invalid_data() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let campaign = "3652397000000327001";
    let report = c
        .delink_related(
            "Campaigns",
            campaign,
            "Contacts",
            &ids(&["3652397000000925128"]),
            None,
        )
        .await
        .unwrap();
    assert!(report.outcomes[0].is_removed(), "{report:?}");
    let req = ctl
        .requests()
        .into_iter()
        .find(|r| r.method == "DELETE")
        .unwrap();
    assert_eq!(
        req.path,
        format!("/crm/v8/Campaigns/{campaign}/Contacts/3652397000000925128")
    );
    // A related id and an unrelated one: mixed outcome, walked id by id.
    let report = c
        .delink_related(
            "Campaigns",
            campaign,
            "Contacts",
            &ids(&["3652397000000649013", "99999999"]),
            None,
        )
        .await
        .unwrap();
    assert!(report.outcomes[0].is_removed(), "{report:?}");
    assert_eq!(code_of(&report.outcomes[1]), Some("INVALID_DATA"));
}

#[tokio::test]
async fn bulk_delink_of_150_ids_is_two_calls() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let campaign = "3652397000000327001";
    let mut related = ids(&["3652397000000925128"]);
    related.extend(unknown_ids(149));
    ctl.clear_requests();
    let report = c
        .delink_related("Campaigns", campaign, "Contacts", &related, None)
        .await
        .unwrap();
    assert_eq!(report.calls, 2);
    assert_eq!(report.outcomes.len(), 150);
    assert!(report.outcomes[0].is_removed());
    assert_eq!(report.removed(), 1);
    assert!(
        ctl.requests()
            .iter()
            .filter(|r| r.method == "DELETE")
            .all(|r| r.ids <= 100)
    );
}

#[tokio::test]
async fn seed_external_delink_sample() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let req = ExternalDelink {
        module: "Contacts".into(),
        external_field: "External_Contact_ID".into(),
        external_value: "extcontact3".into(),
        related_list: "Deals".into(),
        related_external_value: "extdeal3".into(),
    };
    let report = c.delink_external(&req).await.unwrap();
    assert_eq!(report.calls, 1);
    assert!(report.outcomes[0].is_removed(), "{report:?}");
    assert_eq!(report.outcomes[0].id(), "extdeal3");
    assert_eq!(message_of(&report.outcomes[0]), "relation removed");
    let r = ctl
        .requests()
        .into_iter()
        .find(|r| r.method == "DELETE")
        .unwrap();
    assert_eq!(r.path, "/crm/v8/Contacts/extcontact3/Deals/extdeal3");
    // Gone now: the same call is refused per id.
    let again = c.delink_external(&req).await.unwrap();
    assert_eq!(code_of(&again.outcomes[0]), Some("INVALID_DATA"));
}

#[tokio::test]
async fn odd_external_values_are_percent_encoded() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    for odd in ["a/b", "what?now", "#hash", "two words", "Müller-Ü", "100%"] {
        ctl.clear_requests();
        let req = ExternalDelink {
            module: "Contacts".into(),
            external_field: "External_Contact_ID".into(),
            external_value: odd.into(),
            related_list: "Deals".into(),
            related_external_value: odd.into(),
        };
        let report = c.delink_external(&req).await.unwrap();
        // One request, routed as a delink (an unknown external value), not split by `/` or cut
        // at `?`/`#` (which would be INVALID_URL_PATTERN or another route).
        assert_eq!(
            code_of(&report.outcomes[0]),
            Some("INVALID_DATA"),
            "{odd}: {report:?}"
        );
        let reqs = ctl.requests();
        assert_eq!(reqs.len(), 1, "{odd}");
        assert_eq!(reqs[0].method, "DELETE");
        assert!(
            reqs[0].path.starts_with("/crm/v8/Contacts/"),
            "{}",
            reqs[0].path
        );
        assert!(!reqs[0].query.contains("now"), "{odd}: {}", reqs[0].query);
    }
}

#[tokio::test]
async fn seed_contact_roles_sample_and_a_single_role() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let roles = ids(&["4150868000001015046", "4150868000001015042"]);
    let report = c.delete_contact_roles(&roles, None).await.unwrap();
    assert_eq!(report.removed(), 2, "{report:?}");
    for (o, id) in report.outcomes.iter().zip(&roles) {
        assert_eq!(message_of(o), "contact role deleted");
        assert!(!ctl.contact_role_exists(id));
    }
    let remaining = c.contact_roles().await.unwrap();
    let other = remaining
        .iter()
        .find(|r| !roles.contains(&r.id))
        .expect("another role");
    ctl.clear_requests();
    let report = c
        .delete_contact_roles(std::slice::from_ref(&other.id), None)
        .await
        .unwrap();
    assert!(report.outcomes[0].is_removed(), "{report:?}");
    // The run reads the roles first (to check an uncertain answer later), then deletes.
    let dels: Vec<_> = ctl
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .collect();
    assert_eq!(dels.len(), 1);
    assert_eq!(dels[0].path, format!("/crm/v8/Contacts/roles/{}", other.id));
    // Deleted already: INVALID_DATA.
    let again = c.delete_contact_roles(&roles, None).await.unwrap();
    assert!(
        again
            .outcomes
            .iter()
            .all(|o| code_of(o) == Some("INVALID_DATA"))
    );
}

#[tokio::test]
async fn invalid_ids_are_refused_with_zero_requests() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    ctl.clear_requests();
    let bad = ids(&["410405000002264040", "41040500000226404O", "1.5e3"]);
    let e = c
        .delete_records("Leads", &bad, true, None)
        .await
        .unwrap_err();
    let ZohoError::InvalidInput(msg) = &e else {
        panic!("{e:?}")
    };
    assert!(
        msg.contains("41040500000226404O") && msg.contains("1.5e3"),
        "{msg}"
    );
    assert!(!e.hint().is_empty());
    assert!(c.delete_records("Leads", &[], true, None).await.is_err());
    assert!(
        c.delink_related("Campaigns", "3652397000000327001", "Contacts", &bad, None)
            .await
            .is_err()
    );
    assert!(
        c.delink_related("Campaigns", "x1", "Contacts", &ids(&["1"]), None)
            .await
            .is_err()
    );
    assert!(c.delete_contact_roles(&ids(&["role"]), None).await.is_err());
    let ext = ExternalDelink {
        module: "Contacts".into(),
        external_field: "External Contact".into(),
        external_value: "x".into(),
        related_list: "Deals".into(),
        related_external_value: "y".into(),
    };
    assert!(c.delink_external(&ext).await.is_err());
    assert!(ctl.requests().is_empty(), "{:?}", ctl.requests().len());
    assert_eq!(ctl.token_grants(), 0);
    assert!(ctl.record_exists("Leads", "410405000002264040"));
}

#[tokio::test]
async fn locked_and_unapproved_records_are_refused_per_id() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let mut found = 0;
    for module in ["Leads", "Contacts", "Accounts", "Deals"] {
        let locked = ctl.locked_record_ids(module);
        let pending = ctl.not_approved_record_ids(module);
        if locked.is_empty() && pending.is_empty() {
            continue;
        }
        let free = ctl
            .record_ids(module)
            .into_iter()
            .find(|id| !locked.contains(id) && !pending.contains(id))
            .unwrap();
        let mut all = locked.clone();
        all.extend(pending.iter().cloned());
        all.push(free.clone());
        let report = c.delete_records(module, &all, true, None).await.unwrap();
        for o in &report.outcomes {
            let id = o.id().to_string();
            if locked.contains(&id) {
                found += 1;
                let IdOutcome::Failed { code, hint, .. } = o else {
                    panic!("{o:?}")
                };
                assert_eq!(code, "RECORD_LOCKED");
                assert!(hint.contains("locked"));
                assert!(ctl.record_exists(module, &id));
            } else if pending.contains(&id) {
                found += 1;
                assert_eq!(code_of(o), Some("NOT_APPROVED"));
                assert!(ctl.record_exists(module, &id));
            } else {
                assert!(o.is_removed(), "{o:?}");
            }
        }
        assert!(ctl.requests().iter().any(|r| r.status == 207));
    }
    assert!(found > 0, "the sandbox seeds locked or unapproved records");
}

#[tokio::test]
async fn wf_trigger_decides_whether_workflows_run() {
    let sb = sandbox().await;
    let c = client(&sb, 4);
    let ctl = sb.control();
    let leads: Vec<String> = deletable_ids(&ctl, "Leads", 4);
    let before = ctl.workflow_runs();
    c.delete_records("Leads", &leads[..2], false, None)
        .await
        .unwrap();
    assert_eq!(ctl.workflow_runs(), before);
    c.delete_records("Leads", &leads[2..], true, None)
        .await
        .unwrap();
    assert!(ctl.workflow_runs() > before);
}

/// Each seed page's curl sample, sent with the API version the page uses, gives the page's
/// sample response: the same ids, codes and messages.
#[tokio::test]
async fn seed_samples_with_their_own_api_versions() {
    use zcrm_tui::zoho::{ClientConfig, ZohoClient};
    let sb = sandbox().await;
    let ctl = sb.control();
    let at = |v: u8| {
        ZohoClient::with_options(
            ClientConfig {
                endpoints: sb.endpoints(),
                api_version: v,
                credentials: sb.credentials(),
                concurrency: 1,
            },
            fast_options(),
        )
        .unwrap()
    };
    let expect = |r: &zcrm_tui::zoho::RemovalReport, want: &[(&str, &str)]| {
        let got: Vec<(String, String)> = r
            .outcomes
            .iter()
            .map(|o| match o {
                IdOutcome::Removed { id, message } => (id.clone(), message.clone()),
                other => panic!("{other:?}"),
            })
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want);
    };
    // 001: Delete records (v2).
    let r = at(2)
        .delete_records(
            "Leads",
            &ids(&["410405000002264040", "410405000002264025"]),
            true,
            None,
        )
        .await
        .unwrap();
    expect(
        &r,
        &[
            ("410405000002264040", "record deleted"),
            ("410405000002264025", "record deleted"),
        ],
    );
    // 000 (v2) and 002 (v7): Delink related records; both pages give the same sample.
    let r = at(7)
        .delink_related(
            "Campaigns",
            "3652397000000327001",
            "Contacts",
            &ids(&["3652397000000925128", "3652397000000649013"]),
            None,
        )
        .await
        .unwrap();
    expect(
        &r,
        &[
            ("3652397000000925128", "relation removed"),
            ("3652397000000649013", "relation removed"),
        ],
    );
    // 003: Delink by external ids (v7).
    let r = at(7)
        .delink_external(&ExternalDelink {
            module: "Contacts".into(),
            external_field: "External_Contact_ID".into(),
            external_value: "extcontact3".into(),
            related_list: "Deals".into(),
            related_external_value: "extdeal3".into(),
        })
        .await
        .unwrap();
    expect(&r, &[("extdeal3", "relation removed")]);
    // 004: Delete contact roles (v6).
    let r = at(6)
        .delete_contact_roles(&ids(&["4150868000001015046", "4150868000001015042"]), None)
        .await
        .unwrap();
    expect(
        &r,
        &[
            ("4150868000001015046", "contact role deleted"),
            ("4150868000001015042", "contact role deleted"),
        ],
    );
    let paths: Vec<String> = ctl
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| format!("{}?{}", r.path, r.query))
        .collect();
    assert_eq!(
        paths,
        [
            "/crm/v2/Leads?ids=410405000002264040,410405000002264025&wf_trigger=true",
            "/crm/v7/Campaigns/3652397000000327001/Contacts?ids=3652397000000925128,3652397000000649013",
            "/crm/v7/Contacts/extcontact3/Deals/extdeal3?",
            "/crm/v6/Contacts/roles?ids=4150868000001015046,4150868000001015042",
        ]
    );
}
