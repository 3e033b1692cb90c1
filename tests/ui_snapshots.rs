//! Snapshots of every screen and dialog at 80x24 and 120x40, driven through the real app and API
//! task against the sandbox (fixed clock, no colours).

use std::sync::Arc;
use std::time::Duration;

use ratatui::backend::TestBackend;
use zcrm_tui::action::Action;
use zcrm_tui::app::{App, Pane};
use zcrm_tui::sandbox::{Sandbox, SandboxOptions};
use zcrm_tui::tui::{Runner, StatusInfo};
use zcrm_tui::zoho::{ClientConfig, ZohoClient};

const SETTLE: Duration = Duration::from_secs(20);
const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

async fn start(w: u16, h: u16) -> (Sandbox, Runner<TestBackend>) {
    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let client = ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version: 8,
        credentials: sb.credentials(),
        concurrency: 4,
    })
    .unwrap();
    let mut app = App::new(StatusInfo {
        profile: "demo".into(),
        data_center: "us".into(),
        api_version: 8,
    });
    app.clock = Arc::new(|| "09:41:00".to_string());
    app.color = false;
    let mut r = Runner::new(client, app, TestBackend::new(w, h)).unwrap();
    assert!(r.settle(SETTLE).await.unwrap());
    (sb, r)
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
        let (_sb, mut r) = start(w, h).await;
        snap(&r, "modules");
        goto(&mut r, "Leads");
        act(&mut r, &[Action::Enter, Action::ToggleSelect, Action::Down]).await;
        snap(&r, "records");
        let (_sb, mut r) = start(w, h).await;
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
        let (_sb, mut r) = start(w, h).await;
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
        let (_sb, mut r) = start(w, h).await;
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
        let (_sb, mut r) = start(w, h).await;
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
        let (_sb, mut r) = start(w, h).await;
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
    let (_sb, mut r) = start(80, 24).await;
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
