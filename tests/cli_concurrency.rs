//! The real binary's removal concurrency: read from the org's edition when nothing pins it,
//! not read at all when `--concurrency` does.

use crate::cli_support as support;

use support::*;

fn org_reads(org: &Org) -> usize {
    org.control()
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with("/org"))
        .count()
}

#[test]
fn an_unpinned_delete_reads_the_edition_once_and_a_pinned_one_does_not() {
    let org = Org::start();
    let ids = org.control().add_records("Leads", 250);
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &ids[..200].join(","), "--yes"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert_eq!(report(&o), "Deleted 200 of 200 Leads in 2 calls\n");
    assert_eq!(org_reads(&org), 1);
    assert_eq!(org.deletes().len(), 2, "the read is no removal call");
    // The sandbox's org is an Enterprise one: 20 concurrent calls, 18 for the removal.
    assert!(org.control().max_in_flight() <= 18);

    org.control().clear_requests();
    let o = run(&mut org.cmd(&[
        "delete",
        "Leads",
        "--ids",
        &ids[200..].join(","),
        "--yes",
        "--concurrency",
        "2",
    ]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    assert_eq!(org_reads(&org), 0);
    assert_eq!(org.deletes().len(), 1);
}
