//! Issue 12, cases 4 to 6: resume and undo claim only what the operation proved it removed.
//! Each test injects the fault over real HTTP and checks every id's journaled fate against the
//! sandbox's state (listed, in the bin, related).

use crate::truthful_support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use truthful_support::*;
use zcrm_tui::journal::{self, Fate};
use zcrm_tui::sandbox::{Fault, SAMPLE_ACCESS_TOKEN, SandboxControl};
use zcrm_tui::zoho::{IdOutcome, Removal, RemovalObserver, RunOptions};

/// Case 4: an id already in the recycle bin before the interrupted run (deleted a day earlier)
/// is not claimed by resume, and undo does not restore it.
#[tokio::test]
async fn resume_does_not_claim_what_was_deleted_before_the_run() {
    let e = env().await;
    let ids = e.leads(3);
    let (earlier, landed, left) = (&ids[0], &ids[1], &ids[2]);
    e.client
        .delete_records("Leads", std::slice::from_ref(earlier), false, None)
        .await
        .unwrap();
    assert!(
        e.ctl
            .set_deleted_time("Leads", earlier, "2026-01-02T03:04:05+00:00")
    );
    e.crashed_run("op-del", e.delete(&ids), Vec::new());
    // The interrupted run's call landed for one id before it was killed.
    e.client
        .delete_records("Leads", std::slice::from_ref(landed), false, None)
        .await
        .unwrap();

    let record = e.record("op-del");
    let resumed = e.resume(&record, RunOptions::default()).await.unwrap();
    assert_eq!(resumed.verified_removed, vec![landed.clone()]);
    let record = e.record("op-del");
    assert!(is_removed(fate(&record, landed)));
    assert!(is_removed(fate(&record, left)));
    let f = fate(&record, earlier);
    assert!(is_failed(f), "{earlier} was deleted before the run: {f:?}");
    assert!(e.ctl.in_recycle_bin("Leads", earlier));

    let plan = journal::undo_plan(&record, 8).unwrap();
    let mut undone = plan.ids.clone();
    undone.sort();
    let mut expected = vec![landed.clone(), left.clone()];
    expected.sort();
    assert_eq!(
        undone, expected,
        "undo restores only what this operation removed"
    );
    journal::undo(&e.client, &e.journal, "test", &plan, RunOptions::default())
        .await
        .unwrap();
    assert!(e.ctl.record_exists("Leads", landed) && e.ctl.record_exists("Leads", left));
    assert!(
        e.ctl.in_recycle_bin("Leads", earlier),
        "not ours to restore"
    );
}

/// The same rule for who deleted it: a record another user deleted while the run was going is
/// theirs, not the operation's; resume does not claim it, and undo does not restore it.
#[tokio::test]
async fn resume_does_not_claim_what_another_user_deleted() {
    let e = env().await;
    let ids = e.leads(2);
    let (theirs, ours) = (&ids[0], &ids[1]);
    e.crashed_run("op-who", e.delete(&ids), Vec::new());
    assert!(e.ctl.delete_by_another_user("Leads", theirs));
    e.client
        .delete_records("Leads", std::slice::from_ref(ours), false, None)
        .await
        .unwrap();
    let record = e.record("op-who");
    let resumed = e.resume(&record, RunOptions::default()).await.unwrap();
    assert_eq!(resumed.verified_removed, vec![ours.clone()]);
    let record = e.record("op-who");
    assert!(is_removed(fate(&record, ours)));
    assert!(
        is_failed(fate(&record, theirs)),
        "{:?}",
        fate(&record, theirs)
    );
    assert_eq!(
        journal::undo_plan(&record, 8).unwrap().ids,
        vec![ours.clone()]
    );
}

/// Before resume's own delete goes, waits until the late landing is in, and notes how many were
/// still held when the delete was about to be sent.
struct WaitForLanding {
    ctl: SandboxControl,
    held_at_send: Mutex<Vec<usize>>,
}

impl RemovalObserver for WaitForLanding {
    fn sending(&self, _call: usize, _ids: &[String], _attempt: u32) {
        if let Ok(mut g) = self.held_at_send.lock() {
            g.push(self.ctl.late_landings_pending());
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.ctl.late_landings_pending() > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    fn retrying(&self, _call: usize, _attempt: u32, _reason: &str) {}
    fn answered(&self, _call: usize, _outcomes: &[IdOutcome]) {}
}

/// Case 5: the killed run's last delete lands after resume checked the bin and before resume's
/// own delete, which is answered `INVALID_DATA`. Those ids were of unknown fate: checked, they
/// are found in the bin, deleted since the run began, and recorded removed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_landing_during_resume_is_verified_not_failed() {
    let e = env().await;
    let ids = e.leads(2);
    e.crashed_run("op-late", e.delete(&ids), Vec::new());
    // The killed run's call: held past its timeout, carried out a while later.
    e.ctl.set_late_landing(Duration::from_millis(1500));
    e.ctl
        .script_faults("DELETE /Leads", &[Fault::LateLanding])
        .unwrap();
    let url = format!(
        "{}/crm/v8/Leads?ids={}&wf_trigger=false",
        e.sb.endpoints().api_domain,
        ids.join(",")
    );
    let gave_up = reqwest::Client::new()
        .delete(&url)
        .header(
            "Authorization",
            format!("Zoho-oauthtoken {SAMPLE_ACCESS_TOKEN}"),
        )
        .timeout(Duration::from_millis(100))
        .send()
        .await;
    assert!(gave_up.is_err(), "the client timed out");
    assert_eq!(e.ctl.late_landings_pending(), 1);

    let watch = Arc::new(WaitForLanding {
        ctl: e.ctl.clone(),
        held_at_send: Mutex::new(Vec::new()),
    });
    let record = e.record("op-late");
    let opts = RunOptions {
        observer: Some(watch.clone()),
        ..RunOptions::default()
    };
    let resumed = e.resume(&record, opts).await.unwrap();
    assert!(
        resumed.verified_removed.is_empty(),
        "not landed at the check"
    );
    assert_eq!(
        watch.held_at_send.lock().unwrap().first(),
        Some(&1),
        "the landing was still held when resume's delete was about to go"
    );
    let record = e.record("op-late");
    for id in &ids {
        assert!(e.ctl.in_recycle_bin("Leads", id));
        let f = fate(&record, id);
        assert!(is_removed(f), "{id}: {f:?}");
    }
    assert_deletes_truthful(&e.ctl, &record);
}

fn delink(ids: &[String]) -> Removal {
    Removal::Delink {
        module: "Campaigns".into(),
        record_id: CAMPAIGN.into(),
        related_list: "Contacts".into(),
        ids: ids.to_vec(),
    }
}

/// A contact related to the campaign and one that never was.
fn related_and_not(ctl: &SandboxControl) -> (String, String) {
    let related = ctl.related_ids("Campaigns", CAMPAIGN, "Contacts");
    let never = ctl
        .record_ids("Contacts")
        .into_iter()
        .find(|id| !related.contains(id))
        .expect("a contact outside the campaign");
    (related[0].clone(), never)
}

/// Case 6: the pre-run read of the related list fails, the delink's answer is lost, and the
/// retry says `INVALID_DATA` for both ids. Nothing proves either relation existed: both are
/// unknown, and neither undo nor resume ever relinks or claims them.
#[tokio::test]
async fn a_delink_without_a_pre_run_read_proves_nothing() {
    let e = env().await;
    let (was, never) = related_and_not(&e.ctl);
    e.ctl
        .script_faults("GET /Campaigns/*/Contacts", &[Fault::InternalError; 3])
        .unwrap();
    e.ctl
        .script_faults("DELETE /Campaigns/*/Contacts", &[Fault::DropAfterApply])
        .unwrap();
    let ids = vec![was.clone(), never.clone()];
    let (op, report) = e.execute(&delink(&ids)).await.unwrap();
    assert_eq!(report.removed(), 0, "{:?}", report.outcomes);
    let record = e.record(&op);
    for id in &ids {
        assert_eq!(fate(&record, id), &Fate::Unknown, "{id}");
        assert!(!e.ctl.is_related("Campaigns", CAMPAIGN, "Contacts", id));
    }
    assert!(journal::undo_plan(&record, 8).is_err(), "nothing to relink");

    // Resume cannot prove anything either: it claims nothing, and relates nothing.
    let _ = e.resume(&record, RunOptions::default()).await;
    let record = e.record(&op);
    for id in &ids {
        assert!(
            !is_removed(fate(&record, id)),
            "{id}: {:?}",
            fate(&record, id)
        );
        assert!(!e.ctl.is_related("Campaigns", CAMPAIGN, "Contacts", id));
    }
}

/// The same lost answer with a good pre-run read: the related id is confirmed removed, the
/// other one failed, and undo relinks only the first.
#[tokio::test]
async fn a_delink_with_its_pre_run_read_is_settled_and_undone_exactly() {
    let e = env().await;
    let (was, never) = related_and_not(&e.ctl);
    e.ctl
        .script_faults("DELETE /Campaigns/*/Contacts", &[Fault::DropAfterApply])
        .unwrap();
    let ids = vec![was.clone(), never.clone()];
    let (op, _) = e.execute(&delink(&ids)).await.unwrap();
    let record = e.record(&op);
    assert!(is_removed(fate(&record, &was)), "{:?}", record.fates);
    assert!(is_failed(fate(&record, &never)), "{:?}", record.fates);
    let plan = journal::undo_plan(&record, 8).unwrap();
    assert_eq!(plan.ids, vec![was.clone()]);
    journal::undo(&e.client, &e.journal, "test", &plan, RunOptions::default())
        .await
        .unwrap();
    assert!(e.ctl.is_related("Campaigns", CAMPAIGN, "Contacts", &was));
    assert!(!e.ctl.is_related("Campaigns", CAMPAIGN, "Contacts", &never));
}

/// A crashed delete of two contact roles, its call landed for the first; `with_images`: its
/// before-images show both roles existing.
async fn crashed_role_delete(with_images: bool) -> (Env, Vec<String>) {
    let e = env().await;
    let roles = e.client.contact_roles().await.unwrap();
    assert!(roles.len() >= 3, "the seed has roles to spare");
    let ids: Vec<String> = roles[..2].iter().map(|r| r.id.clone()).collect();
    let images = roles[..2]
        .iter()
        .filter(|_| with_images)
        .map(|r| serde_json::json!({"id": r.id, "name": r.name}))
        .collect();
    let removal = Removal::DeleteContactRoles { ids: ids.clone() };
    e.crashed_run("op-roles", removal, images);
    e.client
        .delete_contact_roles(&ids[..1], None)
        .await
        .unwrap();
    (e, ids)
}

/// Contact roles leave no trace: resume claims a role gone only when the before-images show it
/// existed; without them (the pre-run read failed) a gone role stays unknown.
#[tokio::test]
async fn resume_claims_a_gone_role_only_with_its_before_image() {
    let (e, ids) = crashed_role_delete(true).await;
    let resumed = e
        .resume(&e.record("op-roles"), RunOptions::default())
        .await
        .unwrap();
    assert_eq!(resumed.verified_removed, ids[..1].to_vec());
    let record = e.record("op-roles");
    assert!(
        record.fates.iter().all(|(_, f)| is_removed(f)),
        "{:?}",
        record.fates
    );

    let (e, ids) = crashed_role_delete(false).await;
    e.resume(&e.record("op-roles"), RunOptions::default())
        .await
        .unwrap();
    let record = e.record("op-roles");
    assert_eq!(
        fate(&record, &ids[0]),
        &Fate::Unknown,
        "nothing proves it was there"
    );
    assert!(is_removed(fate(&record, &ids[1])), "{:?}", record.fates);
    assert!(!e.ctl.contact_role_exists(&ids[0]) && !e.ctl.contact_role_exists(&ids[1]));
}
