//! Resume checks ids of unknown fate with the API before sending anything: a relation already
//! gone, or a record already in the recycle bin, is recorded as removed and not sent again.

use crate::cli_support as support;
use crate::truthful_support;

use support::*;
use truthful_support::write_crashed_run;
use zcrm_tui::journal::before::WAS_RELATED;
use zcrm_tui::journal::{self, Fate, Journal, OpState};
use zcrm_tui::zoho::{Removal, RunOptions};

const CAMPAIGN: &str = "3652397000000327001";
const C1: &str = "3652397000000925128";
const C2: &str = "3652397000000649013";

#[test]
fn a_delink_that_landed_is_not_sent_again() {
    let org = Org::start();
    let ctl = org.control();
    let client = org.client();
    let dir = org.path("journal");
    // The call landed for C1 before the crash; C2's fate is just as unknown.
    org.rt
        .block_on(client.delink_related("Campaigns", CAMPAIGN, "Contacts", &[C1.to_string()], None))
        .unwrap();
    write_crashed_run(
        &dir,
        "op-delink",
        Removal::Delink {
            module: "Campaigns".into(),
            record_id: CAMPAIGN.into(),
            related_list: "Contacts".into(),
            ids: vec![C1.into(), C2.into()],
        },
        // Both were related when the run began: the proof that a relation gone was removed.
        [C1, C2]
            .iter()
            .map(|id| serde_json::json!({"id": id, WAS_RELATED: true}))
            .collect(),
    );
    let j = Journal::open(&dir).unwrap();
    let record = j.operation("op-delink").unwrap().unwrap();
    assert_eq!(record.summary.unknown, 2);
    assert_eq!(record.summary.state, OpState::Running);

    let left = org
        .rt
        .block_on(journal::resume_plan(&client, &record))
        .unwrap();
    assert_eq!(left.ids(), vec![C2.to_string()], "only C2 is left");

    ctl.clear_requests();
    let resumed = org
        .rt
        .block_on(journal::resume(
            &client,
            &j,
            "environment",
            &record,
            RunOptions::default(),
        ))
        .unwrap();
    assert_eq!(resumed.verified_removed, vec![C1.to_string()]);
    let deletes: Vec<_> = ctl
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 1);
    assert!(deletes[0].path.ends_with(C2), "{:?}", deletes[0]);
    assert!(!ctl.is_related("Campaigns", CAMPAIGN, "Contacts", C2));

    let record = j.operation("op-delink").unwrap().unwrap();
    assert_eq!(record.summary.state, OpState::Stopped);
    assert_eq!(record.summary.removed, 2);
    let Fate::Removed { message } = &record.fates[0].1 else {
        panic!("{:?}", record.fates[0])
    };
    assert!(message.contains("no longer related"), "{message}");
    let Fate::Removed { message } = &record.fates[1].1 else {
        panic!("{:?}", record.fates[1])
    };
    assert!(message.contains("by resume"), "{message}");
}

#[test]
fn a_delete_found_in_the_recycle_bin_is_recorded_removed() {
    let org = Org::start();
    let ctl = org.control();
    let client = org.client();
    let ids = org.ids("Leads", 2);
    let dir = org.path("journal");
    org.rt
        .block_on(client.delete_records("Leads", &ids, false, None))
        .unwrap();
    write_crashed_run(
        &dir,
        "op-delete",
        Removal::DeleteRecords {
            module: "Leads".into(),
            ids: ids.clone(),
            wf_trigger: false,
        },
        Vec::new(),
    );
    let j = Journal::open(&dir).unwrap();
    let record = j.operation("op-delete").unwrap().unwrap();
    let e = org
        .rt
        .block_on(journal::resume_plan(&client, &record))
        .unwrap_err();
    assert!(e.to_string().contains("nothing left"), "{e}");
    ctl.clear_requests();
    let resumed = org
        .rt
        .block_on(journal::resume(
            &client,
            &j,
            "environment",
            &record,
            RunOptions::default(),
        ))
        .unwrap();
    assert_eq!(resumed.op_id, None);
    assert_eq!(resumed.verified_removed.len(), 2);
    assert!(ctl.requests().iter().all(|r| r.method != "DELETE"));
    let record = j.operation("op-delete").unwrap().unwrap();
    assert_eq!(record.summary.removed, 2);
    assert_eq!(record.summary.unknown, 0);
}
