//! A big selection: the time from `d` on 10,000 and 50,000 selected rows to the confirm dialog
//! drawn, through the real app on a 120x40 `TestBackend` (the rows loaded page by page from an
//! in-process sandbox, as the admin loads them, then `a`). Nothing is removed: each dialog is
//! cancelled. Also the time of `a` itself (select all) and of a frame with the selection.
//!
//! `cargo bench --bench selection`. CPU-bound: the machine and its load are printed with them.

#[allow(dead_code)]
mod support;

use std::time::{Duration, Instant};

use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};

const ITERS: usize = 15;

fn median(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() - 1])
}

async fn measure(rows: usize) -> Vec<String> {
    let sb = Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox starts on 127.0.0.1");
    sb.control().add_records("Leads", rows);
    let mut r = support::app::runner(support::client(&sb, 4), 120, 40).await;
    let loaded = support::app::load_all_leads(&mut r, usize::MAX).await;
    let started = Instant::now();
    r.act(Action::SelectAll);
    let select = started.elapsed();
    let selected = r.app.panes.records.table.selected.len();
    let mut to_dialog = Vec::with_capacity(ITERS);
    let mut frames = Vec::with_capacity(ITERS);
    for _ in 0..ITERS {
        let t = Instant::now();
        r.act(Action::Remove);
        if let Err(e) = r.draw() {
            panic!("draw: {e}");
        }
        to_dialog.push(t.elapsed());
        assert!(
            matches!(r.app.top_layer(), Some(Layer::Confirm(d)) if d.items.len() == selected),
            "d opened the dialog for every selected row"
        );
        r.act(Action::Esc);
        let t = Instant::now();
        if let Err(e) = r.draw() {
            panic!("draw: {e}");
        }
        frames.push(t.elapsed());
    }
    assert!(
        sb.control().requests().iter().all(|q| q.method == "GET"),
        "nothing was removed"
    );
    let (dm, dmax) = median(to_dialog);
    let (fm, _) = median(frames);
    sb.shutdown().await;
    vec![
        format!("{loaded}"),
        format!("{selected}"),
        support::ms(select),
        support::ms(dm),
        support::ms(dmax),
        support::ms(fm),
    ]
}

fn main() {
    let data = tempfile::tempdir().expect("temporary data directory");
    // SAFETY: set before any other thread exists (the runtime is built below).
    unsafe { std::env::set_var("ZCRM_DATA_DIR", data.path()) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    println!("# selection: d on a big selection, 120x40");
    println!("machine: {}", support::machine());
    let rows = runtime.block_on(async {
        let mut rows = Vec::new();
        for n in [10_000, 50_000] {
            rows.push(measure(n).await);
        }
        rows
    });
    support::table(
        &format!(
            "`d` to the dialog drawn ({ITERS} times each, {} when measured)",
            support::load()
        ),
        &[
            "rows loaded",
            "selected (a)",
            "a",
            "d to dialog drawn, median",
            "max",
            "frame after Esc, median",
        ],
        &rows,
    );
}
