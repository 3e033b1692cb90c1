//! What the TUI's undo and resume dialogs hold to name the ids of a big record delete: the
//! operation folded with every before-image (`Journal::operation`, as before) against folded
//! down to the names (`Journal::operation_named`). The delete is a real one (50,000 generated
//! Leads through `journal::execute`, against a sandbox in this process with no added latency);
//! then each fold runs alone, the sandbox idle, and a counting allocator reports the heap it
//! peaked at above what was live before it, and its time.
//!
//! `cargo bench --bench dialog_fold` (`-- --quick`: 5,000). Measures; asserts nothing about
//! the figures.

#[allow(dead_code)]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use zcrm_tui::journal::{self, Journal, OperationRecord};
use zcrm_tui::sandbox::SandboxOptions;
use zcrm_tui::zoho::{Removal, RunOptions};

/// Counts the bytes live on the heap and the most they reached.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Runs `fold`, and returns what it kept, its time and the heap it peaked at above the start.
fn measured(
    fold: impl FnOnce() -> Option<OperationRecord>,
) -> (OperationRecord, std::time::Duration, usize) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let start = Instant::now();
    let record = fold().expect("the operation is in the journal");
    let took = start.elapsed();
    (record, took, PEAK.load(Relaxed).saturating_sub(base))
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

#[tokio::main]
async fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 5_000 } else { 50_000 };
    println!("# dialog_fold: what the undo dialog folds for a delete of {n} Leads");
    println!("machine: {}", support::machine());
    let (sb, ids) = support::removal::sandbox(SandboxOptions::default(), n).await;
    let client = support::client(&sb, 8);
    let dir = tempfile::tempdir().expect("a temporary journal directory");
    let j = Journal::open(dir.path()).expect("the journal opens");
    let removal = Removal::DeleteRecords {
        module: support::removal::MODULE.to_string(),
        ids,
        wf_trigger: false,
    };
    let (op, report) = journal::execute(&client, &j, "bench", &removal, RunOptions::default())
        .await
        .expect("the delete runs");
    assert_eq!(report.outcomes.len(), n, "every id accounted for");
    // The index brought up to date first, so that neither fold pays for it.
    j.operations().expect("the journal lists");

    let mut rows = Vec::new();
    for (what, named) in [("every image (before)", false), ("names only (now)", true)] {
        let (record, took, peak) = measured(|| {
            let read = if named {
                j.operation_named(&op)
            } else {
                j.operation(&op)
            };
            read.expect("the journal reads")
        });
        let kept: usize = record.before.iter().map(|v| v.to_string().len()).sum();
        rows.push(vec![
            what.to_string(),
            format!("{}", record.before.len()),
            mb(kept),
            mb(peak),
            support::ms(took),
        ]);
    }
    support::table(
        &format!("Folding a delete of {n} Leads for the undo dialog"),
        &[
            "fold",
            "images",
            "kept (as JSON)",
            "heap peak above the start",
            "time",
        ],
        &rows,
    );
    sb.shutdown().await;
}
