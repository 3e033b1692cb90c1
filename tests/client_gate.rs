//! `RunOptions::gate`: asked just before each call is first sent, against the sandbox over
//! loopback. The ids it refuses never reach the server; the call goes with the others; a call
//! that will not be sent (the run stopped) asks it nothing.

use crate::client_support;

use std::sync::Mutex;
use std::sync::{Arc, atomic::AtomicUsize, atomic::Ordering};

use client_support::*;
use futures::FutureExt;
use futures::future::BoxFuture;
use tokio_util::sync::CancellationToken;
use zcrm_tui::zoho::{Admitted, BatchGate, IdOutcome, Removal, RunOptions};

/// Refuses every third id it is asked about; remembers each call's ids.
#[derive(Default)]
struct EveryThird {
    asked: Mutex<Vec<Vec<String>>>,
    refused: AtomicUsize,
}

impl BatchGate for EveryThird {
    fn admit<'a>(&'a self, ids: &'a [String]) -> BoxFuture<'a, Admitted> {
        async move {
            self.asked.lock().unwrap().push(ids.to_vec());
            let mut out = Admitted::default();
            for id in ids {
                if self.refused.fetch_add(1, Ordering::SeqCst) % 3 == 2 {
                    out.refused.push(IdOutcome::Failed {
                        id: id.clone(),
                        code: "CHANGED_SINCE_PLAN".into(),
                        message: "not sent".into(),
                        details: serde_json::json!({ "id": id }),
                        hint: String::new(),
                    });
                } else {
                    out.send.push(id.clone());
                }
            }
            out
        }
        .boxed()
    }
}

fn delete(ids: &[String]) -> Removal {
    Removal::DeleteRecords {
        module: "Leads".into(),
        ids: ids.to_vec(),
        wf_trigger: true,
    }
}

#[tokio::test]
async fn refused_ids_are_never_sent_and_the_rest_go_in_the_same_calls() {
    let sb = sandbox().await;
    let ctl = sb.control();
    let leads = ctl.add_records("Leads", 250);
    let gate = Arc::new(EveryThird::default());
    let opts = RunOptions {
        gate: Some(gate.clone()),
        ..RunOptions::default()
    };
    let report = client(&sb, 2).remove(&delete(&leads), opts).await.unwrap();
    assert_eq!(report.outcomes.len(), 250);
    let refused: Vec<&str> = report
        .outcomes
        .iter()
        .filter(|o| !o.is_removed())
        .map(|o| o.id())
        .collect();
    assert_eq!(refused.len(), 83);
    assert_eq!(report.removed(), 167);
    for id in &leads {
        assert_eq!(
            ctl.record_exists("Leads", id),
            refused.contains(&id.as_str())
        );
    }
    // Asked once per call, with the call's ids (100, 100, 50); each call sent once, narrowed.
    let asked = gate.asked.lock().unwrap().clone();
    let mut sizes: Vec<usize> = asked.iter().map(Vec::len).collect();
    sizes.sort();
    assert_eq!(sizes, [50, 100, 100]);
    let deletes: Vec<usize> = ctl
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.ids)
        .collect();
    assert_eq!(deletes.iter().sum::<usize>(), 167);
    assert_eq!(report.calls, 3);
}

#[tokio::test]
async fn a_stopped_run_asks_the_gate_nothing() {
    let sb = sandbox().await;
    let leads = sb.control().add_records("Leads", 150);
    let gate = Arc::new(EveryThird::default());
    let stop = CancellationToken::new();
    stop.cancel();
    let opts = RunOptions {
        gate: Some(gate.clone()),
        stop: Some(stop),
        ..RunOptions::default()
    };
    let report = client(&sb, 2).remove(&delete(&leads), opts).await.unwrap();
    assert!(gate.asked.lock().unwrap().is_empty());
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| matches!(o, IdOutcome::NotAttempted { .. }))
    );
}
