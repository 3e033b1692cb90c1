//! Issue 14's integration test: 20,000 generated Leads, a `--where` that selects exactly 5,000
//! of them, run by the real binary; exactly those are removed (less the locked and the pending
//! ones, which fail as any removal of them does) and no other record. The expectation is
//! computed here from the records as the records API lists them, not through COQL.

use crate::cli_support as support;

use std::collections::BTreeSet;

use support::*;
use zcrm_tui::sandbox::SandboxOptions;
use zcrm_tui::zoho::PageRequest;

const GENERATED: usize = 20_000;
const SELECTED: usize = 5_000;

/// Every live Lead's id and `Created_Time`, through page-token paging.
fn all_leads(org: &Org) -> Vec<(String, String)> {
    let client = org.client();
    let mut req = PageRequest::first(vec!["Created_Time".to_string()]);
    let mut out = Vec::new();
    loop {
        let page = org.rt.block_on(client.records("Leads", &req)).unwrap();
        for r in page.records {
            let t = r.fields["Created_Time"].as_str().unwrap().to_string();
            out.push((r.id, t));
        }
        match page.next_page_token {
            Some(t) if page.more_records => {
                req.page_token = Some(t);
                req.page += 1;
            }
            _ => return out,
        }
    }
}

#[test]
fn a_where_selecting_5000_of_20000_generated_leads_removes_exactly_those() {
    let org = Org::start_with(SandboxOptions {
        generate: vec![("Leads".to_string(), GENERATED)],
        seed: 14,
        ..SandboxOptions::default()
    });
    let leads = all_leads(&org);
    assert!(leads.len() >= GENERATED, "{} leads", leads.len());
    // The cut: the 5,001st oldest Created_Time, distinct from the 5,000th, so that
    // `Created_Time < cut` holds for exactly 5,000 records.
    let mut times: Vec<chrono::DateTime<chrono::FixedOffset>> = leads
        .iter()
        .map(|(_, t)| chrono::DateTime::parse_from_rfc3339(t).unwrap())
        .collect();
    times.sort();
    assert!(times[SELECTED - 1] < times[SELECTED], "a tie at the cut");
    let cut = times[SELECTED];
    let selected: BTreeSet<String> = leads
        .iter()
        .filter(|(_, t)| chrono::DateTime::parse_from_rfc3339(t).unwrap() < cut)
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(selected.len(), SELECTED);
    let unremovable: BTreeSet<String> = org
        .unremovable_ids("Leads")
        .into_iter()
        .filter(|id| selected.contains(id))
        .collect();
    let clause = format!(
        "Created_Time < '{}'",
        cut.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    );

    let started = std::time::Instant::now();
    let o = run(&mut org.cmd(&["delete", "Leads", "--where", &clause, "--yes", "--json"]));
    let took = started.elapsed();
    let lines = json_lines(&stdout(&o));
    let summary = &lines.last().unwrap()["summary"];
    assert_eq!(summary["requested"], SELECTED, "{}", stderr(&o));
    assert_eq!(summary["removed"], SELECTED - unremovable.len());
    assert_eq!(status(&o), if unremovable.is_empty() { 0 } else { 1 });

    let remaining: BTreeSet<String> = org.control().record_ids("Leads").into_iter().collect();
    let expected: BTreeSet<String> = leads
        .iter()
        .map(|(id, _)| id.clone())
        .filter(|id| !selected.contains(id) || unremovable.contains(id))
        .collect();
    assert_eq!(remaining.len(), expected.len());
    assert!(remaining == expected, "other records were touched");
    // At most 100 ids a call.
    for d in org.deletes() {
        assert!(d.ids <= 100);
    }
    eprintln!(
        "removed {} of {SELECTED} selected among {} Leads in {took:?}",
        SELECTED - unremovable.len(),
        leads.len()
    );
}
