//! A big selection: the time from `d` on 10,000 and 50,000 selected rows to the confirm dialog
//! drawn, through the real app on a 120x40 `TestBackend` (the rows loaded page by page from an
//! in-process sandbox, as the admin loads them, then `a`). Nothing is removed: each dialog is
//! cancelled. Also the time of `a` itself (select all), of the key and of the frame that make up
//! `d`, of a frame with the dialog open (it must not grow with the selection), of `Esc` (the
//! dialog dropped) and of a frame with the selection.
//!
//! `cargo bench --bench selection`. CPU-bound: the machine and its load are printed with them.

#[allow(dead_code)]
mod support;

use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;
use zcrm_tui::action::Action;
use zcrm_tui::app::Layer;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::tui::Runner;

const ITERS: usize = 15;

fn median(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() - 1])
}

fn draw(r: &mut Runner<TestBackend>) -> Duration {
    let t = Instant::now();
    if let Err(e) = r.draw() {
        panic!("draw: {e}");
    }
    t.elapsed()
}

fn act(r: &mut Runner<TestBackend>, a: Action) -> Duration {
    let t = Instant::now();
    r.act(a);
    t.elapsed()
}

async fn measure(rows: usize) -> Vec<String> {
    let sb = Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox starts on 127.0.0.1");
    sb.control().add_records("Leads", rows);
    let mut r = support::app::runner(support::client(&sb, 4), 120, 40).await;
    let loaded = support::app::load_all_leads(&mut r, usize::MAX).await;
    let select = act(&mut r, Action::SelectAll);
    let selected = r.app.panes.records.table.selected.len();
    let (mut keys, mut firsts, mut to_dialog, mut open, mut escs, mut frames) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..ITERS {
        let key = act(&mut r, Action::Remove);
        let first = draw(&mut r);
        keys.push(key);
        firsts.push(first);
        to_dialog.push(key + first);
        assert!(
            matches!(r.app.top_layer(), Some(Layer::Confirm(d)) if d.items.len() == selected),
            "d opened the dialog for every selected row"
        );
        open.push(draw(&mut r));
        escs.push(act(&mut r, Action::Esc));
        frames.push(draw(&mut r));
    }
    assert!(
        sb.control().requests().iter().all(|q| q.method == "GET"),
        "nothing was removed"
    );
    let (dm, dmax) = median(to_dialog);
    sb.shutdown().await;
    vec![
        format!("{loaded}"),
        format!("{selected}"),
        support::ms(select),
        support::ms(median(keys).0),
        support::ms(median(firsts).0),
        support::ms(dm),
        support::ms(dmax),
        support::ms(median(open).0),
        support::ms(median(escs).0),
        support::ms(median(frames).0),
    ]
}

fn main() {
    let (_data, runtime) = support::app_runtime();
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
            "`d` to the dialog drawn ({ITERS} times each, medians, {} when measured)",
            support::load()
        ),
        &[
            "rows loaded",
            "selected (a)",
            "a",
            "d: key",
            "d: first frame",
            "d to dialog drawn",
            "max",
            "frame, dialog open",
            "Esc",
            "frame after Esc",
        ],
        &rows,
    );
}
