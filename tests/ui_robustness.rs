//! No key sequence at any terminal size panics, and a removal command only ever leaves the app
//! right after a confirm dialog was confirmed. Pure: fabricated API answers, no network.

use std::sync::Arc;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use zcrm_tui::action::Action;
use zcrm_tui::api_task::{ApiCommand, ApiEvent, ApiFailure};
use zcrm_tui::app::{App, Overlay};
use zcrm_tui::tui::StatusInfo;
use zcrm_tui::zoho::{
    ContactRole, IdOutcome, ModuleInfo, Page, Progress, Record, RelatedListInfo, RemovalReport,
};

fn module(name: &str) -> ModuleInfo {
    ModuleInfo {
        api_name: name.into(),
        module_name: name.into(),
        plural_label: name.into(),
        singular_label: name.trim_end_matches('s').into(),
        id: "1".into(),
        api_supported: true,
        deletable: true,
    }
}

fn page(n: usize, more: bool) -> Page {
    Page {
        records: (0..n)
            .map(|i| Record {
                id: format!("{}", 9_000_000 + i),
                fields: json!({"Full_Name": format!("Person {i}"), "Email": "a@b.c"})
                    .as_object()
                    .cloned()
                    .unwrap(),
            })
            .collect(),
        more_records: more,
        page: None,
        next_page_token: None,
    }
}

/// A fabricated answer to each command (some of them failures).
fn answer(cmd: &ApiCommand, fail: bool) -> Vec<ApiEvent> {
    let err = || ApiFailure {
        code: "INTERNAL_ERROR".into(),
        message: "boom".into(),
        hint: "retry".into(),
    };
    match cmd {
        ApiCommand::LoadModules { req } => vec![ApiEvent::Modules(
            *req,
            if fail {
                Err(err())
            } else {
                Ok(vec![module("Leads"), module("Campaigns")])
            },
        )],
        ApiCommand::LoadRecords { req, .. } | ApiCommand::Search { req, .. } => {
            vec![ApiEvent::Records(
                *req,
                if fail { Err(err()) } else { Ok(page(30, true)) },
            )]
        }
        ApiCommand::LoadRelatedLists { req, .. } => vec![ApiEvent::RelatedLists(
            *req,
            Ok(vec![RelatedListInfo {
                id: "2".into(),
                api_name: "Contacts".into(),
                display_label: "Contacts".into(),
                module: Some("Contacts".into()),
                can_delink: !fail,
            }]),
        )],
        ApiCommand::LoadRelated { req, .. } => vec![ApiEvent::Related(*req, Ok(page(12, false)))],
        ApiCommand::LoadContactRoles { req } => vec![ApiEvent::ContactRoles(
            *req,
            Ok(vec![ContactRole {
                id: "77".into(),
                name: "Buyer".into(),
                sequence_number: Some(1),
            }]),
        )],
        ApiCommand::Remove { req, op } => {
            let total = op.id_count();
            let outcomes = (0..total)
                .map(|i| {
                    if fail && i % 2 == 0 {
                        IdOutcome::Failed {
                            id: format!("{}", 9_000_000 + i),
                            code: "RECORD_LOCKED".into(),
                            message: "locked".into(),
                            details: json!({}),
                            hint: "unlock it".into(),
                        }
                    } else {
                        IdOutcome::Removed {
                            id: format!("{}", 9_000_000 + i),
                            message: "record deleted".into(),
                        }
                    }
                })
                .collect();
            vec![
                ApiEvent::Progress(
                    *req,
                    Progress {
                        done: total / 2,
                        total,
                    },
                ),
                ApiEvent::Removed(*req, Ok(RemovalReport { outcomes, calls: 1 })),
            ]
        }
        ApiCommand::Cancel { .. } => vec![],
    }
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Up),
        Just(Action::Down),
        Just(Action::Left),
        Just(Action::Right),
        Just(Action::NextPane),
        Just(Action::PrevPane),
        Just(Action::Enter),
        Just(Action::Enter),
        Just(Action::Esc),
        Just(Action::First),
        Just(Action::Last),
        Just(Action::PageUp),
        Just(Action::PageDown),
        Just(Action::ToggleSelect),
        Just(Action::SelectAll),
        Just(Action::Filter),
        Just(Action::Remove),
        Just(Action::Remove),
        Just(Action::ExternalForm),
        Just(Action::ToggleWorkflow),
        Just(Action::Reload),
        Just(Action::Help),
        Just(Action::Yes),
        Just(Action::No),
        Just(Action::Backspace),
        Just(Action::DeleteChar),
        Just(Action::Home),
        Just(Action::End),
        any::<char>().prop_map(Action::Char),
        (0u8..10).prop_map(|d| Action::Char((b'0' + d) as char)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_keys_any_size_no_panic_and_removal_only_after_confirm(
        actions in proptest::collection::vec((action(), any::<bool>()), 1..120),
        sizes in proptest::collection::vec((0u16..140, 0u16..50), 1..4),
    ) {
        let mut app = App::new(StatusInfo {
            profile: "demo".into(),
            data_center: "us".into(),
            api_version: 8,
        });
        app.clock = Arc::new(|| "00:00:00".to_string());
        let mut pending: Vec<ApiCommand> = app.start();
        let mut terms: Vec<Terminal<TestBackend>> = sizes
            .iter()
            .map(|&(w, h)| Terminal::new(TestBackend::new(w, h)).unwrap())
            .collect();
        for (i, (a, fail)) in actions.into_iter().enumerate() {
            // Answer what was asked, then press the next key.
            for cmd in std::mem::take(&mut pending) {
                for ev in answer(&cmd, fail) {
                    let more = app.on_api(ev);
                    let removes = more.iter().any(|c| matches!(c, ApiCommand::Remove { .. }));
                    prop_assert!(!removes, "an API event started a removal");
                    pending.extend(more);
                }
            }
            let was_confirm = matches!(app.overlay, Overlay::Confirm(_));
            let confirming = matches!(a, Action::Yes | Action::Enter);
            let cmds = app.update(a);
            for c in &cmds {
                let is_remove = matches!(c, ApiCommand::Remove { .. });
                if is_remove {
                    prop_assert!(was_confirm && confirming, "removal without the dialog");
                }
            }
            pending.extend(cmds);
            let t = &mut terms[i % sizes.len()];
            t.draw(|f| zcrm_tui::ui::render(&app, f)).unwrap();
        }
    }
}
