//! Issue 15, "flat memory" and "fast by default": a record delete's before-images are read call
//! by call during the run, each on disk before the call that removes its records is sent, in one
//! pipeline with the deletes (no longer all read and held before the first delete).

use crate::truthful_support;

use std::collections::HashSet;

use truthful_support::*;
use zcrm_tui::journal::Fate;
use zcrm_tui::journal::entry::Body;
use zcrm_tui::journal::store::read_file;
use zcrm_tui::sandbox::Fault;

/// The journal's lines, in the order written.
fn lines(e: &Env) -> Vec<Body> {
    let dir = e.dir.path().join("journal");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|f| f.ok().map(|f| f.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| read_file(f).unwrap().0)
        .map(|e| e.body)
        .collect()
}

fn image_ids(images: &[serde_json::Value]) -> impl Iterator<Item = String> + '_ {
    images
        .iter()
        .filter_map(|v| v["id"].as_str().map(str::to_string))
}

#[tokio::test]
async fn each_calls_images_are_on_disk_before_it_is_sent_and_reads_overlap_the_deletes() {
    let e = env().await;
    // 4 calls at once (the support's client): the first round is 400 records, read before the
    // intent; the other 6 calls read theirs during the run.
    let ids = e.leads(1_000);
    let (op, report) = e.execute(&e.delete(&ids)).await.unwrap();
    assert_eq!(report.removed(), 1_000);

    let mut imaged: HashSet<String> = HashSet::new();
    let mut sendings = 0;
    let mut before_lines = 0;
    for body in lines(&e) {
        match body {
            Body::Intent(i) => {
                assert!(
                    i.before.len() <= 400,
                    "the intent holds {} images: they were all read first",
                    i.before.len()
                );
                imaged.extend(image_ids(&i.before));
            }
            Body::IntentPart { before, .. } => imaged.extend(image_ids(&before)),
            Body::Before { before, .. } => {
                before_lines += 1;
                imaged.extend(image_ids(&before));
            }
            Body::Sending { ids, .. } => {
                sendings += 1;
                for id in &ids {
                    assert!(
                        imaged.contains(id),
                        "{id} sent before its image was written"
                    );
                }
            }
            _ => {}
        }
    }
    assert_eq!(sendings, 10);
    assert!(before_lines >= 2, "{before_lines} before lines");

    // One pipeline: a delete went out before the last before-image read came back.
    let log = e.ctl.requests();
    let reads: Vec<usize> = (0..log.len())
        .filter(|&i| log[i].method == "GET" && log[i].path.ends_with("/Leads"))
        .collect();
    let first_delete = log.iter().position(|r| r.method == "DELETE").unwrap();
    assert_eq!(reads.len(), 10, "one read per call of 100");
    assert!(
        first_delete < *reads.last().unwrap(),
        "every read came before the first delete"
    );

    // Folded back: every image once, in the order of the ids, and nothing said missing.
    let record = e.record(&op);
    let folded: Vec<String> = image_ids(&record.before).collect();
    assert_eq!(folded, ids);
    let details = e.journal.details(&op).unwrap().unwrap();
    assert_eq!(details.intent.before_note, None);
}

#[tokio::test]
async fn a_call_whose_records_cannot_be_read_is_not_sent_and_the_others_go_on() {
    let e = env().await;
    let ids = e.leads(1_000);
    // The first round's 4 reads pass; every try of the 6 reads made during the run (3 each:
    // the first and 2 retries) fails.
    let mut script = vec![Fault::Pass; 4];
    script.extend([Fault::InternalError; 18]);
    e.ctl.script_faults("GET /Leads", &script).unwrap();
    let (op, report) = e.execute(&e.delete(&ids)).await.unwrap();
    assert_eq!(report.removed(), 400);
    assert_eq!(e.deletes_sent(), 4);

    let record = e.record(&op);
    let imaged: HashSet<String> = image_ids(&record.before).collect();
    assert_eq!(imaged.len(), 400);
    for (id, fate) in &record.fates {
        if imaged.contains(id) {
            assert!(matches!(fate, Fate::Removed { .. }), "{id}: {fate:?}");
            assert!(e.ctl.in_recycle_bin("Leads", id));
        } else {
            match fate {
                Fate::NotAttempted { reason } => assert!(
                    reason.contains("could not be read for their before-images"),
                    "{reason}"
                ),
                other => panic!("{id} without an image: {other:?}"),
            }
            assert!(e.ctl.record_exists("Leads", id), "{id} removed unrecorded");
        }
    }
}

#[tokio::test]
async fn ids_that_could_not_be_read_are_counted_once_for_the_whole_run() {
    let e = env().await;
    let mut ids = e.leads(650);
    // Absent records, some in the first round and some read during the run.
    ids.insert(10, "111111111111111111".into());
    ids.push("222222222222222222".into());
    ids.push("333333333333333333".into());
    let (op, _) = e.execute(&e.delete(&ids)).await.unwrap();
    let details = e.journal.details(&op).unwrap().unwrap();
    assert_eq!(
        details.intent.before_note.as_deref(),
        Some("3 of the ids could not be read (already deleted, never existed, or hidden)")
    );
    assert_eq!(details.record.before.len(), 650);
}

/// An undo or a resume reads an operation without what it does not use: a record delete's
/// images (the recycle bin restores the records) are left out, a delink's (what the relink
/// sends back) kept; `show` and `export` still read them all.
#[tokio::test]
async fn undo_and_resume_read_no_record_images_and_keep_a_delinks() {
    let e = env().await;
    let ids = e.leads(250);
    let (deleted, _) = e.execute(&e.delete(&ids)).await.unwrap();
    let light = e.journal.operation_for_runs(&deleted).unwrap().unwrap();
    assert!(light.before.is_empty(), "{} images", light.before.len());
    assert_eq!(light.fates, e.record(&deleted).fates, "the same fates");
    assert_eq!(e.record(&deleted).before.len(), 250, "show reads them all");
    let plan = zcrm_tui::journal::undo_plan(&light, 8).unwrap();
    assert_eq!(plan.ids.len(), 250);

    let related = e.ctl.related_ids("Campaigns", CAMPAIGN, "Contacts");
    let delink = zcrm_tui::zoho::Removal::Delink {
        module: "Campaigns".into(),
        record_id: CAMPAIGN.into(),
        related_list: "Contacts".into(),
        ids: related[..1].to_vec(),
    };
    let (delinked, _) = e.execute(&delink).await.unwrap();
    let light = e.journal.operation_for_runs(&delinked).unwrap().unwrap();
    assert_eq!(light.before.len(), 1, "the relation's image is kept");
}
