//! No key sequence at any terminal size panics, and a removal command only ever leaves the app
//! right after a confirm dialog was confirmed. Pure: fabricated API answers, no network.

use std::sync::Arc;

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use zcrm_tui::action::Action;
use zcrm_tui::api_task::{
    ApiCommand, ApiEvent, ApiFailure, CallEvent, RecordDetail, ResumeProposal, UndoProposal,
};
use zcrm_tui::app::{App, Layer, Top};
use zcrm_tui::journal::{Fate, OpState, OperationRecord, OperationSummary, UndoKind, UndoPlan};
use zcrm_tui::tui::StatusInfo;
use zcrm_tui::zoho::query::{Cursor, CustomView, MatchPage};
use zcrm_tui::zoho::recycle_bin::{BinItem, BinPage};
use zcrm_tui::zoho::related_counts::{RelatedCount, RelatedCounts, Tally};
use zcrm_tui::zoho::{
    ContactRole, IdOutcome, ModuleInfo, Page, Progress, Record, RelatedListInfo, Removal,
    RemovalReport,
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

fn summary(i: usize, state: OpState) -> OperationSummary {
    OperationSummary {
        id: format!("20261123-1000{i:02}-abcdef"),
        time: format!("2026-11-23T10:00:{i:02}Z"),
        profile: "demo".into(),
        api_domain: String::new(),
        removal: Removal::Delink {
            module: "Campaigns".into(),
            record_id: "1".into(),
            related_list: "Contacts".into(),
            ids: vec!["9000000".into(), "9000001".into()],
        },
        undo_of: None,
        total: 2,
        removed: 1,
        failed: 0,
        not_attempted: 1,
        unknown: 0,
        state,
        plan: None,
    }
}

/// Is `cmd` one that changes the org (and so needs a confirmed dialog)?
fn changes_data(cmd: &ApiCommand) -> bool {
    matches!(
        cmd,
        ApiCommand::Remove { .. }
            | ApiCommand::RemoveMatching { .. }
            | ApiCommand::Undo { .. }
            | ApiCommand::Resume { .. }
    )
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
        ApiCommand::LoadBin { req, page } => vec![ApiEvent::Bin(
            *req,
            if fail {
                Err(err())
            } else {
                Ok(BinPage {
                    items: (0..30)
                        .map(|i| BinItem {
                            id: format!("{page}{i:03}"),
                            name: "Zoë 李\u{1b}[31m 😀".into(),
                            module: if i % 2 == 0 { "Leads" } else { "Deals" }.into(),
                            deleted_time: Some("2026-11-01T00:00:00+00:00".into()),
                            deleted_by: Some("\u{7}Priya".into()),
                        })
                        .collect(),
                    more: *page < 3,
                })
            },
        )],
        ApiCommand::LoadWebUrl { req, id, .. } => vec![ApiEvent::WebUrl(
            *req,
            (!fail).then(|| format!("https://crm.zoho.eu/crm/org1/tab/Leads/{id}")),
        )],
        ApiCommand::LookupIds { req, ids, .. } => vec![ApiEvent::LookedUp(
            *req,
            if fail {
                Err(err())
            } else {
                Ok(ids
                    .iter()
                    .map(|id| Record {
                        id: id.clone(),
                        fields: json!({"id": id, "Full_Name": "😀\u{1b}]0;x\u{7}"})
                            .as_object()
                            .cloned()
                            .unwrap_or_default(),
                    })
                    .collect())
            },
        )],
        ApiCommand::LoadRelatedCounts { req, .. } => vec![ApiEvent::RelatedCounts(
            *req,
            if fail {
                Err(err())
            } else {
                Ok(RelatedCounts {
                    lists: vec![RelatedCount {
                        label: "😀 李小龍\u{1b}[2J Campaigns".into(),
                        api_name: "Campaigns".into(),
                        tally: Tally::AtLeast(200),
                    }],
                    not_read: 3,
                })
            },
        )],
        ApiCommand::LoadDetail { req, id, .. } | ApiCommand::LoadPreview { req, id, .. } => {
            vec![ApiEvent::Detail(
                *req,
                if fail {
                    Err(err())
                } else {
                    Ok(RecordDetail {
                    record: Some(Record {
                        id: id.clone(),
                        fields:
                            json!({"id": id, "Full_Name": "😀 Zoë 李小龍\u{1b}[2J", "Amount": 3.5,
                            "Owner": {"name": "P", "id": "1"}, "$locked_for_me": true})
                            .as_object()
                            .cloned()
                            .unwrap_or_default(),
                    }),
                    fields: vec![],
                    web_url: Some("https://crm.zoho.com/crm/org1/tab/Leads/1".into()),
                })
                },
            )]
        }
        ApiCommand::LoadContactRoles { req } => vec![ApiEvent::ContactRoles(
            *req,
            Ok(vec![ContactRole {
                id: "77".into(),
                name: "Buyer".into(),
                sequence_number: Some(1),
            }]),
        )],
        ApiCommand::OpenJournal { .. } => vec![ApiEvent::JournalOpened(if fail {
            Err(err())
        } else {
            Ok("/tmp/j".into())
        })],
        ApiCommand::LoadJournal { req, .. } => vec![ApiEvent::Operations(
            *req,
            if fail {
                Err(err())
            } else {
                Ok((0..15)
                    .map(|i| {
                        summary(
                            i,
                            if i % 3 == 0 {
                                OpState::Stopped
                            } else {
                                OpState::Finished
                            },
                        )
                    })
                    .collect())
            },
        )],
        ApiCommand::LoadOperation { req, .. } => vec![ApiEvent::Operation(
            *req,
            Ok(Some(OperationRecord {
                summary: summary(1, OpState::Stopped),
                before: vec![json!({"id": "9000000", "Full_Name": "Person 0"})],
                fates: vec![
                    (
                        "9000000".into(),
                        Fate::Removed {
                            message: "ok".into(),
                        },
                    ),
                    ("9000001".into(), Fate::Unknown),
                ],
            })),
        )],
        ApiCommand::PlanUndo { req, id } => vec![ApiEvent::UndoPlanned(
            *req,
            if fail {
                Err("needs API v8".into())
            } else {
                Ok(UndoProposal {
                    plan: UndoPlan {
                        op_id: id.clone(),
                        kind: UndoKind::Relink {
                            module: "Campaigns".into(),
                            record_id: "1".into(),
                            related_list: "Contacts".into(),
                        },
                        ids: (0..12).map(|i| format!("{}", 9_000_000 + i)).collect(),
                        describe: "Relink 12 Contacts to Campaigns 1".into(),
                        relation_data: Default::default(),
                    },
                    items: (0..12)
                        .map(|i| (format!("{}", 9_000_000 + i), format!("Person {i}")))
                        .collect(),
                })
            },
        )],
        ApiCommand::PlanResume { req, .. } => vec![ApiEvent::ResumePlanned(
            *req,
            if fail {
                Err(err())
            } else {
                Ok(ResumeProposal {
                    of: summary(1, OpState::Stopped),
                    removal: Removal::DeleteContactRoles {
                        ids: vec!["77".into()],
                    },
                    items: vec![("77".into(), "Buyer".into())],
                })
            },
        )],
        ApiCommand::Stop { .. } => vec![],
        ApiCommand::WritePlan { req, path, .. } => vec![
            ApiEvent::ReadingMatches(*req, 200, 250),
            ApiEvent::PlanWritten(
                *req,
                if fail {
                    Err(ApiFailure {
                        code: "PLAN_EXISTS".into(),
                        message: format!("{} exists already", path.display()),
                        hint: "Give another file name.".into(),
                    })
                } else {
                    Ok(zcrm_tui::api_task::PlanWritten {
                        path: path.display().to_string(),
                        count: 250,
                        missing: 0,
                    })
                },
            ),
        ],
        ApiCommand::CountMatching { req, .. } => vec![ApiEvent::Counted(
            *req,
            if fail { Err(err()) } else { Ok(250) },
        )],
        ApiCommand::LoadMatches { req, .. } => vec![ApiEvent::Matches(
            *req,
            if fail {
                Err(err())
            } else {
                Ok(MatchPage {
                    records: page(30, true).records,
                    next: Some(Cursor::Offset(30)),
                })
            },
        )],
        ApiCommand::LoadViews { req, .. } => vec![ApiEvent::Views(
            *req,
            Ok(vec![CustomView {
                id: "5".into(),
                name: "Junk leads 李".into(),
                default: fail,
                system: false,
            }]),
        )],
        ApiCommand::RemoveMatching { req, .. } if fail => vec![
            ApiEvent::ReadingMatches(*req, 100, 250),
            ApiEvent::Removed(
                *req,
                Err(ApiFailure {
                    code: "COUNT_CHANGED".into(),
                    message: "the query matches 251 records now".into(),
                    hint: "run it again".into(),
                }),
            ),
        ],
        ApiCommand::RemoveMatching { req, .. } => {
            let mut evs = vec![
                ApiEvent::ReadingMatches(*req, 200, 250),
                ApiEvent::MatchesRead(
                    *req,
                    (0..3)
                        .map(|i| (format!("{}", 9_000_000 + i), format!("Person {i}")))
                        .collect(),
                ),
            ];
            evs.extend(answer(
                &ApiCommand::Remove {
                    req: *req,
                    op: Removal::DeleteContactRoles { ids: vec![] },
                },
                false,
            ));
            evs
        }
        ApiCommand::Remove { req, .. }
        | ApiCommand::Undo { req, .. }
        | ApiCommand::Resume { req, .. } => {
            let total = 3;
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
                        in_flight_limit: 8,
                    },
                ),
                ApiEvent::Call(
                    *req,
                    CallEvent::Sending {
                        call: 0,
                        attempt: 1,
                    },
                ),
                ApiEvent::Call(
                    *req,
                    CallEvent::Retrying {
                        call: 0,
                        attempt: 1,
                        reason: "HTTP 500 INTERNAL_ERROR".into(),
                    },
                ),
                ApiEvent::Call(*req, CallEvent::Answered { call: 0 }),
                ApiEvent::Journaled(*req, format!("op-{req}")),
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
        Just(Action::Journal),
        Just(Action::RecycleBin),
        Just(Action::Detail),
        Just(Action::Preview),
        Just(Action::Undo),
        Just(Action::Resume),
        Just(Action::Copy),
        Just(Action::CopyMenu),
        Just(Action::OpenUrl),
        Just(Action::Query),
        Just(Action::Views),
        Just(Action::SelectMatching),
        Just(Action::SelectMatching),
        Just(Action::Quit),
        Just(Action::ForceQuit),
        Just(Action::Yes),
        Just(Action::No),
        Just(Action::Backspace),
        Just(Action::DeleteChar),
        Just(Action::Home),
        Just(Action::End),
        any::<char>().prop_map(Action::Char),
        (0u8..10).prop_map(|d| Action::Char((b'0' + d) as char)),
        (0u16..140, 0u16..50).prop_map(|(x, y)| Action::Click { x, y }),
        (0u16..140, 0u16..50, any::<bool>()).prop_map(|(x, y, down)| Action::Wheel { x, y, down }),
        "[0-9 ,\n]{0,40}".prop_map(Action::Paste),
        any::<String>().prop_map(Action::Paste),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_keys_any_size_no_panic_and_removal_only_after_confirm(
        actions in proptest::collection::vec((action(), any::<bool>()), 1..120),
        sizes in proptest::collection::vec((0u16..200, 0u16..50), 1..4),
    ) {
        let mut app = App::new(StatusInfo {
            profile: "demo".into(),
            data_center: "us".into(),
            api_version: 8,
            production: false,
            credits_left: None,
        });
        app.clock = Arc::new(|| "00:00:00".to_string());
        let mut pending: Vec<ApiCommand> = app.start();
        let mut terms: Vec<Terminal<TestBackend>> = sizes
            .iter()
            .map(|&(w, h)| Terminal::new(TestBackend::new(w, h)).unwrap())
            .collect();
        // Removals answered one key later, so keys also land while one runs (the stop dialog).
        let mut running: Vec<ApiCommand> = Vec::new();
        for (i, (a, fail)) in actions.into_iter().enumerate() {
            // Answer what was asked, then press the next key.
            let asked = std::mem::take(&mut pending);
            let (removals, loads): (Vec<ApiCommand>, Vec<ApiCommand>) =
                asked.into_iter().partition(changes_data);
            let due = std::mem::replace(&mut running, removals);
            for cmd in due.into_iter().chain(loads) {
                for ev in answer(&cmd, fail) {
                    let more = app.on_api(ev);
                    let removes = more.iter().any(changes_data);
                    prop_assert!(!removes, "an API event started a removal");
                    pending.extend(more);
                }
            }
            // The key lands on the screen the admin sees: the size of the frame drawn next.
            let (w, h) = sizes[i % sizes.len()];
            app.resize(w, h);
            let too_small = matches!(app.top(), Top::TooSmall { .. });
            let was_confirm = matches!(app.top_layer(), Some(Layer::Confirm(_))) && !too_small;
            let was_stop = matches!(app.top_layer(), Some(Layer::Stop(_))) && !too_small;
            let confirming = matches!(a, Action::Yes | Action::Enter);
            let cmds = app.update(a);
            for c in &cmds {
                let is_remove = changes_data(c);
                if is_remove {
                    prop_assert!(was_confirm && confirming, "removal without the dialog");
                }
                if matches!(c, ApiCommand::Stop { .. }) {
                    prop_assert!(was_stop, "a stop without the stop dialog");
                }
            }
            pending.extend(cmds);
            let t = &mut terms[i % sizes.len()];
            t.draw(|f| zcrm_tui::ui::render(&app, f)).unwrap();
        }
    }
}
