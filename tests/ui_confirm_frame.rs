//! A frame of the confirm dialog costs the same over 20 records as over 20,000: the screen stays
//! live while a big removal waits for its confirmation. Counted in bytes allocated by a frame
//! (every allocation of this test binary goes through the counter below), not in time: a frame
//! used to copy every id, building a plan of them only to ask whether `P` is offered.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use zcrm_tui::app::Layer;
use zcrm_tui::app::confirm::{ConfirmDialog, Origin};
use zcrm_tui::zoho::Removal;

mod tui_support;

struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; only sizes are added up.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATED.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` requires.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// Bytes allocated by one frame of a record delete's dialog over `n` Leads, after a first frame.
fn frame_bytes(n: u64) -> usize {
    let mut app = tui_support::demo_app();
    let ids: Vec<String> = (0..n)
        .map(|i| (3_477_061_000_000_000_000 + i).to_string())
        .collect();
    let items: Vec<(String, String)> = ids
        .iter()
        .map(|id| (id.clone(), format!("Lead {id}")))
        .collect();
    let removal = Removal::DeleteRecords {
        module: "Leads".into(),
        ids,
        wf_trigger: true,
    };
    let dialog = ConfirmDialog::new(
        removal,
        "Delete",
        format!("{n} Leads"),
        items,
        0,
        Origin::None,
    );
    app.layers.push(Layer::Confirm(Box::new(dialog)));
    app.resize(120, 40);
    let mut t = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let mut frame = || {
        t.draw(|f| zcrm_tui::ui::render(&app, f))
            .expect("a frame on a test terminal");
    };
    frame();
    let before = ALLOCATED.load(Ordering::Relaxed);
    frame();
    ALLOCATED.load(Ordering::Relaxed) - before
}

#[test]
fn a_frame_of_the_dialog_does_not_grow_with_its_records() {
    let small = frame_bytes(20);
    let big = frame_bytes(20_000);
    assert!(
        big < small + 64 * 1024,
        "a frame over 20 records allocated {small} bytes, over 20,000 {big}"
    );
}
