//! Issue 12, cases 1 to 3: an empty 2xx body, wherever it comes, is never read as an outcome.
//! Each test injects the fault over real HTTP and checks every id's journaled fate against the
//! sandbox's state.

use crate::truthful_support;

use truthful_support::*;
use zcrm_tui::journal::{self, Fate, OpState};
use zcrm_tui::sandbox::Fault;
use zcrm_tui::zoho::RunOptions;

/// Case 1: the delete landed and was answered `200` with nothing in it. It is retried; the
/// retry's `INVALID_DATA` is checked in the bin, and every id is recorded removed.
#[tokio::test]
async fn an_empty_200_on_a_delete_is_retried_and_verified() {
    let e = env().await;
    let ids = e.leads(5);
    e.ctl
        .script_faults("DELETE /Leads", &[Fault::EmptyAfterApply])
        .unwrap();
    let (op, report) = e.execute(&e.delete(&ids)).await.unwrap();
    assert_eq!(e.deletes_sent(), 2, "the empty answer was retried once");
    let record = e.record(&op);
    assert_deletes_truthful(&e.ctl, &record);
    for id in &ids {
        assert!(e.ctl.in_recycle_bin("Leads", id));
        assert!(
            is_removed(fate(&record, id)),
            "{id}: {:?}",
            fate(&record, id)
        );
    }
    assert_eq!(report.removed(), 5);
    // The undo sees them all.
    let plan = journal::undo_plan(&record, 8).unwrap();
    assert_eq!(plan.ids.len(), 5);
}

/// Every attempt answered empty: the client gives up asking and checks each id in the bin.
#[tokio::test]
async fn deletes_answered_empty_every_time_are_settled_by_the_bin() {
    let e = env().await;
    let ids = e.leads(3);
    // The sandbox carries the delete out, a proxy eats the body: every attempt empty.
    e.ctl
        .script_faults("DELETE /Leads", &[Fault::EmptyAfterApply; 3])
        .unwrap();
    let (op, _) = e.execute(&e.delete(&ids)).await.unwrap();
    let record = e.record(&op);
    assert_deletes_truthful(&e.ctl, &record);
    assert_eq!(record.summary.removed, 3, "{:?}", record.fates);
}

/// Case 2: after an uncertain attempt the retry says `INVALID_DATA`, and the recycle-bin check
/// is answered `200` with an empty body. That check proves nothing: the ids are unknown (never
/// failed), and `journal resume` settles them once the bin can be read.
#[tokio::test]
async fn an_empty_200_on_the_bin_check_leaves_the_ids_unknown() {
    let e = env().await;
    let ids = e.leads(4);
    e.ctl
        .script_faults("DELETE /Leads", &[Fault::DropAfterApply])
        .unwrap();
    e.ctl
        .script_faults("GET /Leads/deleted", &[Fault::EmptyAfterApply; 30])
        .unwrap();
    let (op, report) = e.execute(&e.delete(&ids)).await.unwrap();
    let record = e.record(&op);
    assert_deletes_truthful(&e.ctl, &record);
    for id in &ids {
        assert!(e.ctl.in_recycle_bin("Leads", id));
        assert_eq!(fate(&record, id), &Fate::Unknown, "{id}");
    }
    assert_eq!(report.removed(), 0);
    assert!(
        journal::undo_plan(&record, 8).is_err(),
        "nothing proven to undo"
    );

    e.ctl.clear_faults();
    let resumed = e.resume(&record, RunOptions::default()).await.unwrap();
    assert_eq!(resumed.verified_removed.len(), 4);
    assert_eq!(resumed.op_id, None, "nothing sent again");
    let record = e.record(&op);
    assert_eq!(record.summary.removed, 4);
    assert_deletes_truthful(&e.ctl, &record);
}

/// Case 3: the before-image read is answered `200` with an empty body. That is a failed read,
/// not "no such records": the delete is refused, nothing is sent, nothing is journaled as done.
#[tokio::test]
async fn an_empty_200_on_the_before_image_read_refuses_the_delete() {
    let e = env().await;
    let ids = e.leads(179);
    e.ctl
        .script_faults("GET /Leads", &[Fault::EmptyAfterApply; 30])
        .unwrap();
    let err = e.execute(&e.delete(&ids)).await.unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
    assert_eq!(e.deletes_sent(), 0);
    for id in &ids {
        assert!(e.ctl.record_exists("Leads", id), "{id} removed");
    }
    for op in e.journal.operations().unwrap() {
        assert_eq!(op.removed + op.unknown, 0, "{op:?}");
        assert_ne!(op.state, OpState::Running);
    }
}
