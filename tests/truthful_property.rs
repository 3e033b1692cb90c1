//! Issue 12's property: whatever interleaving of faults strikes a bulk removal (its deletes and
//! the reads that check them), no id is reported removed that the sandbox still holds, and no
//! id is reported failed that the sandbox removed. Unknown claims nothing, and resume settles it.

use crate::truthful_support;

use std::time::{Duration, Instant};

use proptest::prelude::*;
use truthful_support::*;

use zcrm_tui::sandbox::{Fault, SandboxControl};
use zcrm_tui::zoho::RunOptions;

const KINDS: [Fault; 11] = [
    Fault::Pass,
    Fault::InternalError,
    Fault::TooManyRequests,
    Fault::InvalidToken,
    Fault::AuthenticationFailure,
    Fault::InternalErrorAfterApply,
    Fault::DropAfterApply,
    Fault::TruncatedAfterApply,
    Fault::EmptyAfterApply,
    Fault::LostAfterApply,
    Fault::LateLanding,
];

fn faults(max: usize) -> impl Strategy<Value = Vec<Fault>> {
    proptest::collection::vec(proptest::sample::select(KINDS.to_vec()), 0..max)
}

fn settle_late_landings(ctl: &SandboxControl) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while ctl.late_landings_pending() > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(ctl.late_landings_pending(), 0);
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 16,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_fault_interleaving_makes_an_outcome_untrue(
        deletes in faults(10),
        bin_reads in faults(6),
        image_reads in faults(3),
    ) {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let e = env().await;
            e.ctl.set_late_landing(Duration::from_millis(1700));
            let ids = e.leads(250);
            e.ctl.script_faults("DELETE /Leads", &deletes).unwrap();
            e.ctl.script_faults("GET /Leads/deleted", &bin_reads).unwrap();
            e.ctl.script_faults("GET /Leads", &image_reads).unwrap();
            let run = e.execute(&e.delete(&ids)).await;
            e.ctl.clear_faults();
            settle_late_landings(&e.ctl);
            let Ok((op, report)) = run else {
                // Refused: nothing may have been sent, nothing removed.
                prop_assert_eq!(e.deletes_sent(), 0);
                for id in &ids {
                    prop_assert!(e.ctl.record_exists("Leads", id));
                }
                return Ok(());
            };
            let record = e.record(&op);
            prop_assert_eq!(record.fates.len(), ids.len());
            prop_assert_eq!(report.outcomes.len(), ids.len());
            if let Some(untrue) = untrue_fate(&e.ctl, &record.fates) {
                return Err(TestCaseError::fail(untrue));
            }

            // Resume settles every unknown, by the same rules.
            if record.summary.unknown + record.summary.not_attempted > 0 {
                e.resume(&record, RunOptions::default()).await.unwrap();
            }
            let record = e.record(&op);
            prop_assert_eq!(record.summary.unknown, 0);
            if let Some(untrue) = untrue_fate(&e.ctl, &record.fates) {
                return Err(TestCaseError::fail(untrue));
            }
            Ok(())
        })?;
    }
}
