//! The log pane after a big removal (issue 15: "look for the same pattern elsewhere ... log
//! expansion"): 10,000 and 50,000 Leads removed through the real app (rows loaded page by page
//! from an in-process sandbox, `a`, `d`, the count typed, Enter), then, with the log focused,
//! the time of each key and of the frame after it: `Enter` expanding the entry (one line per
//! id), `j` moving down it, `G` to its last line, `f` (failures only) and back, a `/` filter
//! of one character, `Enter` collapsing it. Medians of 15, the largest beside them.
//!
//! `cargo bench --bench log`. CPU-bound: the machine and its load are printed with them.

#[allow(dead_code)]
mod support;

use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;
use zcrm_tui::action::Action;
use zcrm_tui::app::panes::Pane;
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::tui::Runner;

const ITERS: usize = 15;

/// The key and the frame after it.
fn key_and_frame(r: &mut Runner<TestBackend>, a: Action) -> Duration {
    let t = Instant::now();
    r.act(a);
    if let Err(e) = r.draw() {
        panic!("draw: {e}");
    }
    t.elapsed()
}

fn median(mut v: Vec<Duration>) -> String {
    v.sort();
    format!(
        "{} ({})",
        support::ms(v[v.len() / 2]),
        support::ms(v[v.len() - 1])
    )
}

async fn measure(n: usize) -> Vec<String> {
    let sb = Sandbox::start(SandboxOptions::default())
        .await
        .expect("sandbox starts on 127.0.0.1");
    sb.control().add_records("Leads", n);
    let mut r = support::app::runner(support::client(&sb, 10), 120, 40).await;
    let loaded = support::app::load_all_leads(&mut r, usize::MAX).await;
    r.act(Action::SelectAll);
    r.act(Action::Remove);
    for c in loaded.to_string().chars() {
        r.act(Action::Char(c));
    }
    r.act(Action::Enter);
    support::app::settle(&mut r).await;
    let entry = r
        .app
        .panes
        .log
        .entries
        .first()
        .expect("the removal is logged");
    let outcomes = entry.outcomes.len();
    assert_eq!(outcomes, loaded, "every id has its outcome in the log");
    r.app.focus = Pane::Log;
    let (mut expand, mut down, mut last, mut fails, mut filter, mut collapse) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..ITERS {
        r.act(Action::First);
        expand.push(key_and_frame(&mut r, Action::Enter));
        assert!(r.app.panes.log.entries[0].expanded, "Enter expanded it");
        for _ in 0..3 {
            down.push(key_and_frame(&mut r, Action::Down));
        }
        last.push(key_and_frame(&mut r, Action::Last));
        fails.push(key_and_frame(&mut r, Action::FailuresOnly));
        key_and_frame(&mut r, Action::FailuresOnly);
        r.act(Action::Filter);
        filter.push(key_and_frame(&mut r, Action::Char('7')));
        r.act(Action::Esc);
        r.act(Action::First);
        collapse.push(key_and_frame(&mut r, Action::Enter));
        assert!(!r.app.panes.log.entries[0].expanded, "Enter collapsed it");
    }
    sb.shutdown().await;
    vec![
        format!("{outcomes}"),
        median(expand),
        median(down),
        median(last),
        median(fails),
        median(filter),
        median(collapse),
    ]
}

fn main() {
    let (_data, runtime) = support::app_runtime();
    println!("# log: the log pane after a big removal, 120x40");
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
            "Key and the frame after it ({ITERS} times each, median (max), {} when measured)",
            support::load()
        ),
        &[
            "ids in the entry",
            "Enter (expand)",
            "j",
            "G",
            "f",
            "/ then one character",
            "Enter (collapse)",
        ],
        &rows,
    );
}
