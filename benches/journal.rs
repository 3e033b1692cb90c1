//! The journal at 1,000 / 10,000 / 50,000 operations (issue 15): listing (the newest page, as
//! `zcrm-tui journal` prints by default, and every operation, as `--all`) and `show` with the
//! index and without it (reading and folding every line, as before the index), the index's
//! rebuild and its catch-up after another session's lines (1 and 100 new operations, then the
//! ends of 100 that were left running: the first read after each), the real `zcrm-tui journal` (time and
//! peak RSS), and the TUI's `J` to its first page. Each in-process figure is measured in a
//! fresh child process, which also reports its peak RSS (VmHWM).
//!
//! The journals are written directly through the library's line format (`Entry`), one daily
//! file per 1,000 operations; each operation is a delete of 3 Leads with their before-images,
//! one call and its answer, and an end (every fifth left running), about 3 KB.

#[allow(dead_code)]
mod support;

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use ratatui::backend::TestBackend;
use zcrm_tui::action::Action;
use zcrm_tui::app::journal_view::PAGE;
use zcrm_tui::commands::journal::text;
use zcrm_tui::journal::entry::{Body, EndState, Entry, Fate, IdFate, Intent, Org};
use zcrm_tui::journal::store::Store;
use zcrm_tui::journal::{Journal, fold, index};
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::tui::Runner;
use zcrm_tui::zoho::Removal;

const CHILD_ENV: &str = "ZCRM_BENCH_JOURNAL_CHILD";
const SIZES: [usize; 3] = [1_000, 10_000, 50_000];
/// `ZCRM_BENCH_JOURNAL_SIZES=50000` measures only those sizes.
const SIZES_ENV: &str = "ZCRM_BENCH_JOURNAL_SIZES";
const PER_DAY: usize = 1_000;

fn op_id(i: usize) -> String {
    format!("{}-{:06x}", 20260101 + i / PER_DAY, i)
}

fn build(journal: &Path, n: usize) {
    std::fs::create_dir_all(journal).expect("journal dir");
    for day in 0..n.div_ceil(PER_DAY) {
        let path = journal.join(format!("2026-{day:05}.jsonl"));
        let mut w = std::io::BufWriter::new(std::fs::File::create(path).expect("day file"));
        let ops = day * PER_DAY..((day + 1) * PER_DAY).min(n);
        write_ops(&mut w, ops.map(|i| (i, op_lines(i))));
    }
}

/// Another session's lines after the index was written: appended to the newest daily file.
fn append(journal: &Path, lines: impl Iterator<Item = (usize, Vec<Body>)>) {
    let last = Store::open(journal)
        .and_then(|s| s.files())
        .expect("files")
        .pop()
        .expect("a file");
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(last)
        .expect("append");
    let mut w = std::io::BufWriter::new(file);
    write_ops(&mut w, lines);
    w.flush().expect("append");
}

fn write_ops(w: &mut impl Write, ops: impl Iterator<Item = (usize, Vec<Body>)>) {
    for (i, lines) in ops {
        for body in lines {
            serde_json::to_writer(&mut *w, &Entry::now(&op_id(i), body)).expect("write");
            w.write_all(b"\n").expect("write");
        }
    }
}

/// Operation `i`'s lines: every fifth left running (no end).
fn op_lines(i: usize) -> Vec<Body> {
    let ids: Vec<String> = (0..3)
        .map(|k| format!("{}", 3_652_397_000_000_000u64 + (i * 3 + k) as u64))
        .collect();
    let removal = Removal::DeleteRecords {
        module: "Leads".into(),
        ids: ids.clone(),
        wf_trigger: false,
    };
    let mut intent = Intent::new("prod", Org::default(), removal, ids.clone());
    intent.before = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "Last_Name": format!("Doe {id}"), "Email": "doe@example.com", "Description": "x".repeat(600)}))
        .collect();
    let mut lines = vec![
        Body::Intent(Box::new(intent)),
        Body::Sending {
            call: 0,
            ids: ids.clone(),
            attempt: 1,
        },
        Body::Answered {
            call: 0,
            outcomes: ids
                .iter()
                .map(|id| IdFate {
                    id: id.clone(),
                    fate: Fate::Removed {
                        message: "record deleted".into(),
                    },
                })
                .collect(),
        },
    ];
    if !i.is_multiple_of(5) {
        lines.push(end());
    }
    lines
}

fn end() -> Body {
    Body::End {
        state: EndState::Finished,
        note: None,
    }
}

/// In the child: one measure, printed as `ms=` and `hwm_kb=`.
fn child(spec: &str) {
    let mut parts = spec.split('\n');
    let (Some(mode), Some(dir), Some(n)) = (parts.next(), parts.next(), parts.next()) else {
        panic!("bad child spec");
    };
    let dir = Path::new(dir);
    let n: usize = n.parse().expect("n");
    let j = Journal::open(dir).expect("journal");
    let sink = |s: String| std::hint::black_box(s.len());
    let started = Instant::now();
    match mode {
        "list" => sink(text::human_list(
            &j.page(0, text::DEFAULT_LIMIT).expect("list").ops,
        )),
        "list-all" => sink(text::human_list(&j.page(0, usize::MAX).expect("list").ops)),
        "list-unindexed" => sink(text::human_list(&j.operations_unindexed().expect("list"))),
        "show" => sink(text::human_show(
            &j.details(&op_id(n / 2)).expect("show").expect("op"),
        )),
        "show-unindexed" => {
            let (entries, _) = Store::open(dir).expect("store").read_all().expect("read");
            let f = fold::fold_all(entries)
                .into_iter()
                .find(|f| f.record.summary.id == op_id(n / 2));
            sink(text::human_show(&f.expect("op")))
        }
        "tui" => tui_first_page(),
        other => panic!("mode {other}"),
    };
    let took = started.elapsed();
    println!("ms={}", took.as_secs_f64() * 1000.0);
    println!("hwm_kb={}", support::status_kb("VmHWM").unwrap_or(0));
}

/// `J` in the real app on a 120x40 `TestBackend`, to the frame that shows the list; the
/// figure printed is that time, not the child's start.
fn tui_first_page() -> usize {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let sb = Sandbox::start(SandboxOptions::default())
            .await
            .expect("sandbox");
        let mut r: Runner<TestBackend> =
            support::app::runner(support::client(&sb, 4), 120, 40).await;
        let t = Instant::now();
        r.act(Action::Journal);
        support::app::settle(&mut r).await;
        let took = t.elapsed();
        assert!(
            r.screen_text().contains(&format!("Journal ({PAGE} of ")),
            "the journal's first page is listed:\n{}",
            r.screen_text()
        );
        println!("first_page_ms={}", took.as_secs_f64() * 1000.0);
        sb.shutdown().await;
        0
    })
}

fn measure(mode: &str, data: &Path, n: usize) -> (f64, u64, String) {
    let spec = [
        mode,
        data.join("journal").to_str().expect("utf-8 path"),
        &n.to_string(),
    ]
    .join("\n");
    let out = std::process::Command::new(std::env::current_exe().expect("own path"))
        .env(CHILD_ENV, spec)
        .env("ZCRM_DATA_DIR", data)
        .output()
        .expect("child");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{mode}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let field = |k: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{k}=")))
            .and_then(|v| v.parse::<f64>().ok())
    };
    let ms = field("first_page_ms")
        .or_else(|| field("ms"))
        .unwrap_or(f64::NAN);
    (ms, field("hwm_kb").unwrap_or(0.0) as u64, text)
}

/// `zcrm-tui journal ARGS` on `cmd` (the binary, or `/usr/bin/time` running it), output to a
/// pipe and discarded.
fn journal_run(mut cmd: std::process::Command, data: &Path, args: &[&str]) {
    let o = cmd
        .arg("journal")
        .args(args)
        .env("ZCRM_DATA_DIR", data)
        .env("HOME", data)
        .output()
        .expect("zcrm-tui journal");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

const BIN: &str = env!("CARGO_BIN_EXE_zcrm-tui");

/// The real binary's `journal ARGS`: the fastest of `runs`.
fn cli(data: &Path, args: &[&str], runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            journal_run(std::process::Command::new(BIN), data, args);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// The real binary's peak RSS for `journal ARGS`, "-" without `/usr/bin/time`.
fn cli_peak(data: &Path, args: &[&str]) -> String {
    let Some((cmd, peak)) = support::peak::Peak::command(Path::new(BIN)) else {
        return "-".into();
    };
    journal_run(cmd, data, args);
    peak.kb()
        .map(|kb| format!("{:.1} MB", kb as f64 / 1024.0))
        .unwrap_or_else(|| "-".into())
}

fn row(what: &str, n: usize, (ms, kb, _): (f64, u64, String)) -> Vec<String> {
    vec![
        what.to_string(),
        format!("{n}"),
        support::ms(Duration::from_secs_f64(ms / 1000.0)),
        format!("{:.1} MB", kb as f64 / 1024.0),
    ]
}

fn main() {
    if let Ok(spec) = std::env::var(CHILD_ENV) {
        child(&spec);
        return;
    }
    println!("# journal: list and show at {SIZES:?} operations");
    println!("machine: {}", support::machine());
    let mut rows = Vec::new();
    let mut cli_rows = Vec::new();
    let sizes: Vec<usize> = match std::env::var(SIZES_ENV) {
        Ok(v) => v.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
        Err(_) => SIZES.to_vec(),
    };
    for n in sizes {
        let data = tempfile::tempdir().expect("temporary data directory");
        let jdir = data.path().join("journal");
        build(&jdir, n);
        let bytes: u64 = Store::open(&jdir)
            .and_then(|s| s.files())
            .expect("files")
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        println!(
            "{n} operations: {:.1} MB of journal, {}",
            bytes as f64 / 1e6,
            support::load()
        );
        for (what, mode) in [
            ("list without the index (fold every line)", "list-unindexed"),
            ("show without the index", "show-unindexed"),
            ("newest 50, index missing (rebuilt, then listed)", "list"),
            ("**newest 50 with the index** (`journal`'s default)", "list"),
            (
                "every operation with the index (`journal --all`)",
                "list-all",
            ),
            ("show with the index", "show"),
        ] {
            rows.push(row(what, n, measure(mode, data.path(), n)));
        }
        // Another session's lines after the index was written, each batch read once: new
        // operations, then ends for operations that were left running (their summaries change).
        for (what, lines) in [
            (
                "1 new operation",
                (n..n + 1).map(|i| (i, op_lines(i))).collect::<Vec<_>>(),
            ),
            (
                "100 new operations",
                (n + 1..n + 101).map(|i| (i, op_lines(i))).collect(),
            ),
            (
                "ends of 100 running operations",
                (0..n)
                    .step_by(5)
                    .take(100)
                    .map(|i| (i, vec![end()]))
                    .collect(),
            ),
        ] {
            append(&jdir, lines.into_iter());
            rows.push(row(
                &format!("newest 50, first read after {what}"),
                n,
                measure("list", data.path(), n),
            ));
        }
        rows.push(row(
            "`J` to its first page drawn (whole child: app + sandbox)",
            n,
            measure("tui", data.path(), n),
        ));
        let warm = cli(data.path(), &[], 5);
        let warm_peak = cli_peak(data.path(), &[]);
        let all = cli(data.path(), &["--all"], 3);
        let all_peak = cli_peak(data.path(), &["--all"]);
        std::fs::remove_file(jdir.join(index::FILE)).expect("index");
        let cold = cli(data.path(), &[], 1);
        cli_rows.push(vec![
            format!("{n}"),
            support::ms(warm),
            warm_peak,
            support::ms(all),
            all_peak,
            support::ms(cold),
        ]);
    }
    support::table(
        "Journal reads in a fresh process (targets at 50,000: `journal` under 200 ms and 50 MB, `J` first page under 100 ms)",
        &["what", "operations", "time", "peak RSS"],
        &rows,
    );
    support::table(
        "`zcrm-tui journal`, the real binary, output to a pipe (fastest of 5; `--all` fastest of 3; the one run rebuilding a deleted index)",
        &[
            "operations",
            "`journal` (newest 50)",
            "peak RSS",
            "`journal --all`",
            "peak RSS",
            "`journal`, index missing",
        ],
        &cli_rows,
    );
}
