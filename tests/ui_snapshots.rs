//! Snapshots of every screen and dialog at 80x24 and 120x40, driven through the real app and API
//! task against the sandbox (fixed clock, no colours).

use std::sync::Arc;
use std::time::Duration;

use ratatui::backend::TestBackend;
use serde_json::json;
use tempfile::TempDir;
use zcrm_tui::action::Action;
use zcrm_tui::app::{App, Layer, Pane};
use zcrm_tui::journal::{Fate, OpState, OperationRecord, OperationSummary};
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::tui::{Runner, StatusInfo};
use zcrm_tui::zoho::{ClientConfig, Removal, ZohoClient};

const SETTLE: Duration = Duration::from_secs(20);
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

async fn start(w: u16, h: u16) -> (Sandbox, Runner<TestBackend>, TempDir) {
    start_with(w, h, 8, 4).await
}

async fn start_with(
    w: u16,
    h: u16,
    api_version: u8,
    concurrency: usize,
) -> (Sandbox, Runner<TestBackend>, TempDir) {
    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let client = ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version,
        credentials: sb.credentials(),
        concurrency,
    })
    .unwrap();
    let mut app = App::new(StatusInfo {
        profile: "demo".into(),
        data_center: "us".into(),
        api_version,
        production: false,
        credits_left: None,
    });
    app.clock = Arc::new(|| "09:41:00".to_string());
    app.color = false;
    // Each app journals into a directory of its own, never into the admin's.
    let journal = tempfile::tempdir().unwrap();
    app.journal_dir = Some(journal.path().to_path_buf());
    let mut r = Runner::new(client, app, TestBackend::new(w, h)).unwrap();
    assert!(r.settle(SETTLE).await.unwrap());
    // The sandbox's port changes from run to run; the screens show the org as a fixed one.
    r.app.org = HERE.into();
    (sb, r, journal)
}

fn goto(r: &mut Runner<TestBackend>, name: &str) {
    r.act(Action::First);
    for _ in 0..2000 {
        let t = r.app.table(r.app.focus).unwrap();
        if t.focused().is_some_and(|row| row.name == name) {
            return;
        }
        r.act(Action::Down);
    }
    panic!("no row named {name}");
}

async fn act(r: &mut Runner<TestBackend>, actions: &[Action]) {
    for a in actions {
        r.act(a.clone());
        assert!(r.settle(SETTLE).await.unwrap(), "timed out after {a:?}");
    }
}

fn snap(r: &Runner<TestBackend>, name: &str) {
    let size = r.terminal.backend().buffer().area;
    insta::assert_snapshot!(
        format!("{name}_{}x{}", size.width, size.height),
        r.terminal.backend()
    );
}

/// Campaign "Spring Expo" -> Contacts, with two related contacts selected.
async fn to_spring_expo_contacts(r: &mut Runner<TestBackend>) {
    goto(r, "Campaigns");
    act(r, &[Action::Enter]).await;
    goto(r, "Spring Expo");
    act(r, &[Action::Enter]).await;
    goto(r, "Contacts");
    act(r, &[Action::Enter]).await;
}

#[tokio::test]
async fn browse_screens() {
    for (w, h) in SIZES {
        let (_sb, mut r, _journal) = start(w, h).await;
        snap(&r, "modules");
        goto(&mut r, "Leads");
        act(&mut r, &[Action::Enter, Action::ToggleSelect, Action::Down]).await;
        snap(&r, "records");
        let (_sb, mut r, _journal) = start(w, h).await;
        goto(&mut r, "Campaigns");
        act(&mut r, &[Action::Enter]).await;
        goto(&mut r, "Spring Expo");
        act(&mut r, &[Action::Enter]).await;
        snap(&r, "related_lists");
        goto(&mut r, "Contacts");
        act(&mut r, &[Action::Enter, Action::ToggleSelect]).await;
        snap(&r, "related_records");
        act(&mut r, &[Action::Esc, Action::Esc, Action::Esc]).await;
        goto(&mut r, "Contact Roles");
        act(&mut r, &[Action::Enter]).await;
        snap(&r, "contact_roles");
    }
}

#[tokio::test]
async fn dialogs() {
    for (w, h) in SIZES {
        let (_sb, mut r, _journal) = start(w, h).await;
        to_spring_expo_contacts(&mut r).await;
        act(
            &mut r,
            &[
                Action::ToggleSelect,
                Action::ToggleSelect,
                Action::ToggleSelect,
                Action::Remove,
            ],
        )
        .await;
        snap(&r, "confirm_small");
        act(&mut r, &[Action::Esc, Action::Esc]).await;
        act(&mut r, &[Action::Esc, Action::Esc]).await;
        // Leads: 25 selected, 5 of them hidden by a filter.
        let (_sb, mut r, _journal) = start(w, h).await;
        goto(&mut r, "Leads");
        act(&mut r, &[Action::Enter]).await;
        for _ in 0..25 {
            r.act(Action::ToggleSelect);
        }
        // A search leaves some of the selection hidden: the dialog must say so.
        r.act(Action::Filter);
        for c in "Kestrel".chars() {
            r.act(Action::Char(c));
        }
        act(&mut r, &[Action::Enter, Action::Remove, Action::Char('2')]).await;
        snap(&r, "confirm_typed");
        act(&mut r, &[Action::Esc, Action::ExternalForm]).await;
        for c in "External_Lead_ID".chars() {
            r.act(Action::Char(c));
        }
        act(&mut r, &[Action::Down, Action::Char('x'), Action::Enter]).await;
        snap(&r, "external_form");
        act(&mut r, &[Action::Esc, Action::Help]).await;
        snap(&r, "help");
    }
}

#[tokio::test]
async fn log_expanded() {
    for (w, h) in SIZES {
        let (_sb, mut r, _journal) = start(w, h).await;
        to_spring_expo_contacts(&mut r).await;
        act(
            &mut r,
            &[Action::ToggleSelect, Action::ToggleSelect, Action::Remove],
        )
        .await;
        act(&mut r, &[Action::Yes]).await;
        r.app.focus = Pane::Log;
        act(&mut r, &[Action::Enter]).await;
        snap(&r, "log_expanded");
    }
}

#[tokio::test]
async fn too_small() {
    for (w, h) in [(59, 24), (80, 14), (20, 5)] {
        let (_sb, mut r, _journal) = start(w, h).await;
        r.draw().unwrap();
        let s = r.screen_text();
        assert!(s.contains("too small"), "{s}");
        if (w, h) == (59, 24) {
            snap(&r, "too_small");
        }
    }
}

#[tokio::test]
async fn no_color_means_no_colours_but_still_a_visible_cursor() {
    use ratatui::style::{Color, Modifier};
    let (_sb, mut r, _journal) = start(80, 24).await;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::ToggleSelect]).await;
    let cells = |r: &Runner<TestBackend>| r.terminal.backend().buffer().content().to_vec();
    let plain = cells(&r);
    assert!(
        plain
            .iter()
            .all(|c| c.fg == Color::Reset && c.bg == Color::Reset)
    );
    assert!(
        plain
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED))
    );
    r.app.color = true;
    r.draw().unwrap();
    assert!(cells(&r).iter().any(|c| c.fg != Color::Reset));
}

/// The screen as text with every journal operation id (e.g. `20261123-110512-3fa9c1`, which
/// carries the time) replaced by a placeholder of the same length, so the layout is unchanged.
fn masked(r: &Runner<TestBackend>) -> String {
    let text = r.screen_text();
    let mut out = String::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let is_id = |w: &[char]| {
        w.len() == 22
            && w[..8].iter().all(char::is_ascii_digit)
            && w[8] == '-'
            && w[9..15].iter().all(char::is_ascii_digit)
            && w[15] == '-'
            && w[16..].iter().all(char::is_ascii_hexdigit)
    };
    while i < chars.len() {
        if i + 22 <= chars.len() && is_id(&chars[i..i + 22]) {
            out.push_str("YYYYMMDD-HHMMSS-xxxxxx");
            i += 22;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

fn snap_masked(r: &Runner<TestBackend>, name: &str) {
    let size = r.terminal.backend().buffer().area;
    insta::assert_snapshot!(format!("{name}_{}x{}", size.width, size.height), masked(r));
}

fn op(i: usize, removal: Removal, counts: [usize; 4], state: OpState) -> OperationSummary {
    OperationSummary {
        id: format!("20261123-09{:02}00-a1b2c{i}", 40 - i),
        time: format!("2026-11-23T09:{:02}:00Z", 40 - i),
        profile: "demo".into(),
        api_domain: HERE.into(),
        total: counts.iter().sum(),
        removed: counts[0],
        failed: counts[1],
        not_attempted: counts[2],
        unknown: counts[3],
        removal,
        undo_of: None,
        state,
        plan: None,
    }
}

/// The org the journal snapshots pretend to be connected to (the sandbox's port changes).
const HERE: &str = "http://127.0.0.1:8088";

/// A journal with one operation of each kind, newest first (times fixed, unlike a real run's):
/// one of another org and one of a demo sandbox that is gone among them.
fn sample_journal() -> Vec<OperationSummary> {
    let delink = Removal::Delink {
        module: "Campaigns".into(),
        record_id: "4150868000000224005".into(),
        related_list: "Contacts".into(),
        ids: vec!["4150868000000224101".into()],
    };
    let mut relink = op(0, delink.clone(), [1, 0, 0, 0], OpState::Finished);
    relink.undo_of = Some("20261123-093800-a1b2c2".into());
    vec![
        relink,
        op(
            1,
            Removal::DeleteRecords {
                module: "Leads".into(),
                ids: vec![],
                wf_trigger: true,
            },
            [100, 0, 150, 0],
            OpState::Stopped,
        ),
        OperationSummary {
            profile: "staging".into(),
            api_domain: "https://www.zohoapis.eu".into(),
            ..op(2, delink, [1, 0, 0, 0], OpState::Finished)
        },
        OperationSummary {
            api_domain: "http://127.0.0.1:41234".into(),
            ..op(
                3,
                Removal::DeleteContactRoles { ids: vec![] },
                [1, 0, 0, 0],
                OpState::Finished,
            )
        },
        op(
            4,
            Removal::DeleteRecords {
                module: "Leads".into(),
                ids: vec![],
                wf_trigger: true,
            },
            [38, 2, 0, 1],
            OpState::Running,
        ),
    ]
}

#[tokio::test]
async fn journal_view() {
    for (w, h) in SIZES {
        let (_sb, mut r, _journal) = start(w, h).await;
        act(&mut r, &[Action::Journal]).await;
        let Some(view) = r.app.layers.journal_mut() else {
            panic!("J opens the journal view")
        };
        view.ops = sample_journal();
        view.cursor = 1;
        r.app.org = HERE.into();
        r.draw().unwrap();
        snap(&r, "journal");
        // Another org's entry says why u / R are unavailable, and u refuses before asking.
        if let Some(view) = r.app.layers.journal_mut() {
            view.cursor = 2;
        }
        r.draw().unwrap();
        snap(&r, "journal_other_org");
        act(&mut r, &[Action::Undo]).await;
        assert!(matches!(r.app.top_layer(), Some(Layer::Notice(_))));
        snap(&r, "journal_other_org_undo");
        act(&mut r, &[Action::Esc]).await;
        // One operation's ids and fates.
        let Some(view) = r.app.layers.journal_mut() else {
            unreachable!()
        };
        let summary = view.ops[4].clone();
        view.detail = Some(OperationRecord {
            summary,
            before: vec![
                json!({"id": "4150868000000224001", "Full_Name": "Christopher Brown"}),
                json!({"id": "4150868000000224002", "Full_Name": "Margaret Ellis"}),
            ],
            fates: vec![
                (
                    "4150868000000224001".into(),
                    Fate::Removed {
                        message: "record deleted".into(),
                    },
                ),
                (
                    "4150868000000224002".into(),
                    Fate::Failed {
                        code: "RECORD_LOCKED".into(),
                        message: "the record is locked".into(),
                        hint: "unlock it in Zoho CRM".into(),
                    },
                ),
                ("4150868000000224003".into(), Fate::Unknown),
                (
                    "4150868000000224004".into(),
                    Fate::NotAttempted {
                        reason: "stopped by the admin".into(),
                    },
                ),
            ],
        });
        r.draw().unwrap();
        snap(&r, "journal_detail");
    }
}

#[tokio::test]
async fn undo_dialog_and_refusal() {
    for (w, h) in SIZES {
        let (_sb, mut r, _journal) = start(w, h).await;
        to_spring_expo_contacts(&mut r).await;
        act(
            &mut r,
            &[
                Action::ToggleSelect,
                Action::ToggleSelect,
                Action::Remove,
                Action::Yes,
            ],
        )
        .await;
        r.app.focus = Pane::Log;
        act(&mut r, &[Action::Undo]).await;
        snap(&r, "undo_confirm");
        act(&mut r, &[Action::Esc]).await;

        // API v7 cannot restore from the recycle bin: the admin is told, and offered the export.
        let (_sb, mut r, _journal) = start_with(w, h, 7, 4).await;
        goto(&mut r, "Leads");
        act(
            &mut r,
            &[
                Action::Enter,
                Action::ToggleSelect,
                Action::Remove,
                Action::Yes,
            ],
        )
        .await;
        r.app.focus = Pane::Log;
        act(&mut r, &[Action::Undo]).await;
        assert!(matches!(r.app.top_layer(), Some(Layer::Notice(_))));
        snap_masked(&r, "undo_refused");
    }
}

#[tokio::test]
async fn stop_dialog() {
    for (w, h) in SIZES {
        // One call at a time, each slow: the stop dialog opens while the first is out.
        let (sb, mut r, _journal) = start_with(w, h, 8, 1).await;
        goto(&mut r, "Leads");
        act(&mut r, &[Action::Enter, Action::SelectAll, Action::Remove]).await;
        for c in "200".chars() {
            r.act(Action::Char(c));
        }
        sb.control().set_latency(Duration::from_millis(400));
        r.act(Action::Enter);
        while r.app.calls_in_flight() == 0 {
            let _ = r.settle(Duration::from_millis(5)).await.unwrap();
        }
        r.act(Action::ForceQuit);
        r.draw().unwrap();
        snap(&r, "stop");
        // Keep going, and let it finish before the sandbox goes.
        r.act(Action::Esc);
        sb.control().set_latency(Duration::ZERO);
        assert!(r.settle(SETTLE).await.unwrap());
    }
}

#[tokio::test]
async fn record_detail() {
    for (w, h) in COLUMN_SIZES {
        let (_sb, mut r, _journal) = start(w, h).await;
        goto(&mut r, "Leads");
        act(&mut r, &[Action::Enter]).await;
        goto(&mut r, "Christopher Brown");
        act(&mut r, &[Action::Detail]).await;
        // Dates are shown in the local zone: the snapshot is taken where the zone is UTC.
        if chrono::Local::now().offset().local_minus_utc() == 0 {
            snap(&r, "detail");
        }
    }
}

const COLUMN_SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// The Records pane with its header and columns: Leads (sorted by the server), Deals (values
/// for people: amounts, dates, lookups by name), the contact roles (name, sequence).
#[tokio::test]
async fn records_with_headers() {
    for (w, h) in COLUMN_SIZES {
        let (_sb, mut r, _journal) = start(w, h).await;
        goto(&mut r, "Leads");
        act(&mut r, &[Action::Enter]).await;
        snap(&r, "columns_leads");
        for _ in 0..6 {
            act(&mut r, &[Action::Sort]).await;
        }
        act(&mut r, &[Action::SortFlip]).await;
        snap(&r, "columns_leads_sorted");
        act(&mut r, &[Action::Left]).await;
        goto(&mut r, "Deals");
        act(&mut r, &[Action::Enter]).await;
        snap(&r, "columns_deals");
        act(&mut r, &[Action::Left]).await;
        goto(&mut r, "Contact Roles");
        act(&mut r, &[Action::Enter]).await;
        snap(&r, "columns_contact_roles");
    }
}

/// A profile marked `production = true` says so, in words and in the warning colour, in the
/// status line and in the confirm dialog.
#[tokio::test]
async fn a_production_profile_is_marked_where_it_is_named() {
    let (_sb, mut r, _journal) = start(120, 40).await;
    r.app.info.production = true;
    r.app.color = true;
    goto(&mut r, "Leads");
    act(&mut r, &[Action::Enter, Action::Remove]).await;
    r.draw().unwrap();
    let s = r.screen_text();
    assert!(s.contains(" zcrm-tui │ ⚠ demo (production) │"), "{s}");
    assert!(s.contains("In ⚠ demo (production) @ "), "{s}");
    let buf = r.terminal.backend().buffer();
    let marked: Vec<(u16, u16)> = (0..buf.area.height)
        .flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter(|&(x, y)| {
            buf[(x, y)].symbol() == "⚠" && buf[(x, y)].bg == ratatui::style::Color::Red
        })
        .collect();
    assert_eq!(
        marked.len(),
        2,
        "the status line and the dialog: {marked:?}"
    );
}

const WHOLE_SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

#[tokio::test]
async fn log_failure_opened_whole() {
    for (w, h) in WHOLE_SIZES {
        let (sb, mut r, _journal) = start(w, h).await;
        let locked = sb.control().locked_record_ids("Leads");
        goto(&mut r, "Leads");
        act(&mut r, &[Action::Enter]).await;
        // Two free leads and the first locked one: it fails with RECORD_LOCKED.
        let pending = sb.control().not_approved_record_ids("Leads");
        let mut picked = 0;
        while picked < 3 {
            let row = r.app.panes.records.table.focused().unwrap().clone();
            let is_locked = locked.contains(&row.id);
            let free = !is_locked && !pending.contains(&row.id);
            if (free && picked < 2) || (is_locked && picked == 2) {
                r.act(Action::ToggleSelect);
                picked += 1;
            } else {
                r.act(Action::Down);
            }
        }
        act(&mut r, &[Action::Remove, Action::Yes]).await;
        r.app.focus = Pane::Log;
        act(&mut r, &[Action::Enter]).await;
        snap(&r, "log_failures_first");
        act(&mut r, &[Action::Down, Action::Enter]).await;
        assert!(matches!(r.app.top_layer(), Some(Layer::LogLine(_))));
        snap_masked(&r, "log_failure_whole");
    }
}

#[tokio::test]
async fn connection_error_popup() {
    for (w, h) in WHOLE_SIZES {
        let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
        let mut credentials = sb.credentials();
        credentials.refresh_token = zcrm_tui::zoho::Secret::new("1000.not-a-real-refresh-token");
        let client = ZohoClient::new(ClientConfig {
            endpoints: sb.endpoints(),
            api_version: 8,
            credentials,
            concurrency: 4,
        })
        .unwrap();
        let mut app = App::new(StatusInfo {
            profile: "demo".into(),
            data_center: "us".into(),
            api_version: 8,
            production: false,
            credits_left: None,
        });
        app.color = false;
        let journal = tempfile::tempdir().unwrap();
        app.journal_dir = Some(journal.path().to_path_buf());
        let mut r = Runner::new(client, app, TestBackend::new(w, h)).unwrap();
        assert!(r.settle(SETTLE).await.unwrap());
        r.app.org = HERE.into();
        r.draw().unwrap();
        assert!(matches!(r.app.top_layer(), Some(Layer::Connection(_))));
        snap(&r, "connection_error");
    }
}

/// The confirm dialog of each kind of removal, with what follows from it (the undo sentence).
#[tokio::test]
async fn confirm_dialogs_say_what_will_happen() {
    for (w, h) in COLUMN_SIZES {
        let (_sb, mut r, _journal) = start(w, h).await;
        goto(&mut r, "Leads");
        act(
            &mut r,
            &[Action::Enter, Action::ToggleSelect, Action::ToggleSelect],
        )
        .await;
        act(&mut r, &[Action::Remove]).await;
        snap(&r, "confirm_delete");
        act(&mut r, &[Action::Esc]).await;
        r.app.focus = Pane::Modules;
        to_spring_expo_contacts(&mut r).await;
        act(&mut r, &[Action::Remove]).await;
        snap(&r, "confirm_delink");
        act(&mut r, &[Action::Esc]).await;
        r.app.focus = Pane::Modules;
        goto(&mut r, "Contact Roles");
        act(&mut r, &[Action::Enter, Action::Remove]).await;
        snap(&r, "confirm_contact_role");
        act(&mut r, &[Action::Esc]).await;
    }
}
