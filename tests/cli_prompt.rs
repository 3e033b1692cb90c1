//! On a terminal without --yes, the command asks for the count and only the count confirms.
//! Runs the real binary in a pseudo-terminal against a sandbox served by this process.

use crate::cli_support as support;

use support::*;

#[test]
fn the_typed_count_confirms() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let (code, screen) = org.on_terminal(&["delete", "Leads", "--ids", &ids.join(",")], "2");
    assert!(
        screen.contains("Delete 2 Leads? Type 2 to confirm: "),
        "{screen}"
    );
    assert!(
        screen.contains("Workflow rules of the module will run"),
        "{screen}"
    );
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains("Deleted 2 of 2 Leads in 1 call"),
        "{screen}"
    );
    assert!(!org.control().record_exists("Leads", &ids[0]));
}

#[test]
fn anything_else_cancels_and_sends_nothing() {
    let org = Org::start();
    let ids = org.ids("Leads", 2);
    let (code, screen) = org.on_terminal(&["delete", "Leads", "--ids", &ids.join(",")], "y");
    assert_eq!(code, 1, "{screen}");
    assert!(screen.contains("Cancelled; nothing was sent."), "{screen}");
    assert!(org.deletes().is_empty());
    assert!(org.control().record_exists("Leads", &ids[0]));
}
