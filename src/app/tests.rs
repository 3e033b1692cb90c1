use super::*;
use crate::api_task::ApiEvent;
use crate::zoho::{ContactRole, IdOutcome, Removal};
use confirm::{ConfirmDialog, Origin};
use log::LogEntry;

/// Pretends removal `req` was confirmed and is running.
fn running(app: &mut App) -> ReqId {
    let dialog = ConfirmDialog::new(
        Removal::DeleteContactRoles {
            ids: vec!["1".into(), "2".into()],
        },
        "Delete",
        "2 contact roles".into(),
        vec![("1".into(), "a".into()), ("2".into(), "b".into())],
        0,
        Origin::None,
    );
    match app.confirmed(dialog).as_slice() {
        [ApiCommand::Remove { req, .. }] => *req,
        other => panic!("{other:?}"),
    }
}

pub(crate) fn demo_app() -> App {
    App::new(StatusInfo {
        profile: "demo".into(),
        data_center: "us".into(),
        api_version: 8,
        production: false,
        credits_left: None,
    })
}

fn is_stop(app: &App) -> bool {
    matches!(app.top_layer(), Some(Layer::Stop(_)))
}

#[test]
fn ctrl_c_asks_before_stopping_a_removal_and_quits_when_idle() {
    let mut app = demo_app();
    app.start();
    let req = running(&mut app);
    assert!(app.update(Action::ForceQuit).is_empty());
    assert!(!app.quit);
    assert!(is_stop(&app));
    // Esc keeps going; q asks again; y stops (and only now a command leaves).
    assert!(app.update(Action::Esc).is_empty());
    assert!(app.top_layer().is_none());
    app.update(Action::Quit);
    assert_eq!(app.update(Action::Yes), vec![ApiCommand::Stop { req }]);
    assert!(app.panes.log.entries[0].stopping);
    // Stopping already: q explains, Ctrl-C quits.
    app.update(Action::Quit);
    assert!(!app.quit && app.message.is_some());
    app.update(Action::ForceQuit);
    assert!(app.quit);
    // Nothing running: Ctrl-C quits at once.
    let mut idle = App::new(app.info.clone());
    idle.update(Action::ForceQuit);
    assert!(idle.quit);
}

#[test]
fn a_removal_that_ends_closes_its_stop_dialog_and_notice() {
    let mut app = demo_app();
    app.start();
    let req = running(&mut app);
    app.update(Action::Quit);
    assert!(is_stop(&app));
    let report = crate::zoho::RemovalReport {
        outcomes: vec![IdOutcome::Removed {
            id: "1".into(),
            message: "record deleted".into(),
        }],
        calls: 1,
    };
    app.on_api(ApiEvent::Removed(req, Ok(report.clone())));
    // The removal finished while the dialog was up: there is nothing left to stop.
    assert!(app.top_layer().is_none());
    assert!(app.update(Action::Yes).is_empty());

    let req = running(&mut app);
    app.update(Action::Quit);
    assert_eq!(app.update(Action::Yes), vec![ApiCommand::Stop { req }]);
    assert!(
        app.message
            .as_deref()
            .is_some_and(|m| m.starts_with("Stopping"))
    );
    app.on_api(ApiEvent::Removed(req, Ok(report)));
    assert_eq!(app.message, None);
}

fn with_roles(app: &mut App, ids: &[&str]) {
    let req = match app.start().as_slice() {
        [
            ApiCommand::OpenJournal { .. },
            ApiCommand::LoadModules { req },
        ] => *req,
        other => panic!("{other:?}"),
    };
    app.on_api(ApiEvent::Modules(req, Ok(vec![])));
    app.focus = Pane::Records;
    let cmds = app.open_module(CONTACT_ROLES_ID);
    let req = match cmds.as_slice() {
        [ApiCommand::LoadContactRoles { req }] => *req,
        other => panic!("{other:?}"),
    };
    app.on_api(ApiEvent::ContactRoles(
        req,
        Ok(ids
            .iter()
            .map(|id| ContactRole {
                id: id.to_string(),
                name: format!("Role {id}"),
                sequence_number: None,
            })
            .collect()),
    ));
}

#[test]
fn d_alone_never_emits_a_command() {
    let mut app = demo_app();
    with_roles(&mut app, &["5"]);
    assert!(app.update(Action::Remove).is_empty());
    assert!(matches!(app.top_layer(), Some(Layer::Confirm(_))));
    match app.update(Action::Yes).as_slice() {
        [ApiCommand::Remove { op, .. }] => assert_eq!(
            *op,
            Removal::DeleteContactRoles {
                ids: vec!["5".into()]
            }
        ),
        other => panic!("{other:?}"),
    }
    // A removal is running: q does not walk away from it.
    app.update(Action::Quit);
    assert!(!app.quit);
}

#[test]
fn rows_in_flight_are_never_sent_again() {
    let mut app = demo_app();
    with_roles(&mut app, &["5", "6", "7"]);
    app.update(Action::ToggleSelect);
    app.update(Action::ToggleSelect);
    app.update(Action::Remove);
    let first = match app.update(Action::Yes).as_slice() {
        [ApiCommand::Remove { req, op }] => {
            assert_eq!(op.ids(), ["5", "6"]);
            *req
        }
        other => panic!("{other:?}"),
    };
    // While they are being removed: marked, unselectable, never part of a new removal.
    let t = &app.panes.records.table;
    assert!(t.removing.contains("5") && t.removing.contains("6"));
    assert!(t.selected.is_empty());
    app.update(Action::SelectAll);
    assert_eq!(
        app.panes.records.table.selected.keys().collect::<Vec<_>>(),
        ["7"]
    );
    app.update(Action::Remove);
    match app.update(Action::Yes).as_slice() {
        [ApiCommand::Remove { op, .. }] => assert_eq!(op.ids(), ["7"]),
        other => panic!("{other:?}"),
    }
    // Both show their progress.
    assert_eq!(app.removal_progress(), vec![(0, 2), (0, 1)]);
    let report = crate::zoho::RemovalReport {
        outcomes: vec![
            IdOutcome::Removed {
                id: "5".into(),
                message: "deleted".into(),
            },
            IdOutcome::Removed {
                id: "6".into(),
                message: "deleted".into(),
            },
        ],
        calls: 1,
    };
    app.on_api(ApiEvent::Removed(first, Ok(report)));
    let t = &app.panes.records.table;
    assert!(!t.removing.contains("5") && t.removing.contains("7"));
    assert_eq!(t.rows.len(), 1);
}

#[test]
fn a_late_answer_for_an_abandoned_load_is_dropped() {
    let mut app = demo_app();
    with_roles(&mut app, &["5"]);
    let cmds = app.reload(Pane::Records);
    let stale = match cmds.as_slice() {
        [ApiCommand::LoadContactRoles { req }] => *req,
        other => panic!("{other:?}"),
    };
    app.update(Action::Esc);
    assert!(!app.is_busy());
    app.on_api(ApiEvent::ContactRoles(stale, Ok(vec![])));
    assert!(app.panes.records.table.rows.is_empty());
    assert!(!app.is_busy());
    let _ = LogEntry::running(1, "t".into(), "x", "y", 1);
}

#[test]
fn keys_reach_only_the_top_layer_and_nothing_while_too_small() {
    let mut app = demo_app();
    with_roles(&mut app, &["5", "6"]);
    app.update(Action::SelectAll);
    app.update(Action::Remove);
    assert!(matches!(app.top_layer(), Some(Layer::Confirm(_))));
    // Too small: the dialog is not drawn, so neither y nor q reach it.
    app.resize(40, 10);
    assert!(matches!(app.top(), Top::TooSmall { .. }));
    assert!(app.update(Action::Yes).is_empty());
    assert!(app.update(Action::Enter).is_empty());
    assert!(matches!(app.top_layer(), Some(Layer::Confirm(_))));
    // q quits the app there (nothing is running), it does not cancel the hidden dialog.
    app.update(Action::Quit);
    assert!(app.quit);
    app.quit = false;
    // Back to a usable size: the dialog is on top again and gets the keys.
    app.resize(80, 24);
    app.update(Action::Help);
    assert!(
        matches!(app.top_layer(), Some(Layer::Confirm(_))),
        "help is not a dialog key"
    );
    assert_eq!(app.update(Action::Yes).len(), 1);
}

/// Every kind of layer, each over the same panes.
fn layers() -> Vec<(&'static str, Layer)> {
    let dialog = ConfirmDialog::new(
        Removal::DeleteContactRoles {
            ids: (0..12).map(|i| i.to_string()).collect(),
        },
        "Delete",
        "12 contact roles".into(),
        (0..12)
            .map(|i| (i.to_string(), format!("r{i}")))
            .collect::<Vec<_>>(),
        0,
        Origin::None,
    );
    vec![
        ("help", Layer::Help(Box::default())),
        ("confirm", Layer::Confirm(Box::new(dialog))),
        ("form", Layer::Form(Box::new(ExternalForm::new(None)))),
        ("stop", Layer::Stop(stop::StopDialog::default())),
        ("journal", Layer::Journal(Box::default())),
        (
            "notice",
            Layer::Notice(Notice {
                title: "t".into(),
                lines: vec!["l".into()],
            }),
        ),
    ]
}

#[test]
fn keys_reach_only_the_top_layer_of_each_kind() {
    for (name, layer) in layers() {
        let mut app = demo_app();
        with_roles(&mut app, &["5", "6", "7"]);
        app.layers.push(layer);
        let before = app.layers.iter().count();
        // Keys that would act on the panes: none of them reaches the Records pane.
        for a in [
            Action::Down,
            Action::SelectAll,
            Action::ToggleSelect,
            Action::Remove,
            Action::Char('d'),
            Action::Yes,
            Action::Reload,
            Action::NextPane,
        ] {
            let cmds = app.update(a.clone());
            assert!(
                !cmds.iter().any(|c| matches!(
                    c,
                    ApiCommand::Remove { .. } | ApiCommand::LoadContactRoles { .. }
                )),
                "{name}: {a:?} reached the panes: {cmds:?}"
            );
            if app.layers.iter().count() < before {
                break; // the key closed the layer (y on a notice, ...): the panes are on top now
            }
        }
        let t = &app.panes.records.table;
        assert!(
            t.selected.is_empty(),
            "{name}: a key selected rows under it"
        );
        assert_eq!(t.cursor, 0, "{name}: a key moved the cursor under it");
        assert_eq!(app.focus, Pane::Records, "{name}: a key moved the focus");
    }
}

#[test]
fn while_too_small_no_layer_gets_a_key() {
    for (name, layer) in layers() {
        let mut app = demo_app();
        with_roles(&mut app, &["5"]);
        app.layers.push(layer);
        app.resize(59, 30);
        for a in [
            Action::Esc,
            Action::Enter,
            Action::Yes,
            Action::No,
            Action::Char('1'),
            Action::Down,
            Action::Right,
        ] {
            assert!(app.update(a).is_empty(), "{name}");
        }
        assert_eq!(
            app.layers.iter().count(),
            1,
            "{name}: the layer was closed blind"
        );
        app.resize(60, 15);
        assert!(matches!(app.top(), Top::Layer(_)), "{name}");
    }
}

#[test]
fn a_resumes_rows_are_named_as_their_pane_names_them() {
    let module = crate::zoho::ModuleInfo {
        api_name: "Campaigns".into(),
        module_name: "Campaigns".into(),
        plural_label: "Campaigns".into(),
        singular_label: "Campaign".into(),
        id: "2".into(),
        api_supported: true,
        deletable: true,
    };
    let rec = RecordRef {
        module,
        id: "1".into(),
        name: "n".into(),
    };
    let list = crate::zoho::RelatedListInfo {
        id: "9".into(),
        api_name: "Contacts".into(),
        display_label: "Contacts".into(),
        module: Some("Contacts".into()),
        can_delink: true,
    };
    let delink = Removal::Delink {
        module: "Campaigns".into(),
        record_id: "1".into(),
        related_list: "Contacts".into(),
        ids: vec![],
    };
    assert_eq!(
        removal::origin_of(&delink),
        Origin::Related(related::related_context(&rec, &list))
    );
    let mut app = demo_app();
    with_roles(&mut app, &["5"]);
    assert_eq!(
        removal::origin_of(&Removal::DeleteContactRoles { ids: vec![] }),
        Origin::Records(app.panes.records.table.context.clone())
    );
}
