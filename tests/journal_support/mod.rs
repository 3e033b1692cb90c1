//! Journals written directly through the library's line format, for the tests that need many
//! operations (a real removal per operation would take minutes).
#![allow(dead_code)]

use std::path::Path;

use zcrm_tui::journal::entry::{Body, EndState, Entry, Intent, Org};
use zcrm_tui::journal::store::Store;
use zcrm_tui::zoho::Removal;

/// `n` deletes of one Lead each, named `prefix-00000`...; every `running_every`th one is left
/// without its end, as a crash leaves it (0: none).
pub fn write_deletes(dir: &Path, prefix: &str, n: usize, running_every: usize) {
    let store = Store::open(dir).expect("journal");
    for i in 0..n {
        let op = format!("{prefix}-{i:05}");
        let ids = vec![format!("{}", 3_652_397_000_000_000u64 + i as u64)];
        let removal = Removal::DeleteRecords {
            module: "Leads".into(),
            ids: ids.clone(),
            wf_trigger: false,
        };
        let intent = Intent::new("prod", Org::default(), removal, ids);
        store
            .append(&Entry::now(&op, Body::Intent(Box::new(intent))))
            .expect("intent");
        if running_every == 0 || i % running_every != 0 {
            let end = Body::End {
                state: EndState::Finished,
                note: None,
            };
            store.append(&Entry::now(&op, end)).expect("end");
        }
    }
}
