//! A sandbox sized and shaped through `SandboxOptions`: generated records (realistic,
//! deterministic, related, some locked), the edition's limits and credits, a linear restore.

use crate::sandbox_common as common;

use std::collections::{BTreeSet, HashSet};
use std::time::Duration;

use common::{Env, start_with};
use serde_json::Value;
use zcrm_tui::sandbox::{Edition, SandboxOptions};

fn generating(module: &str, n: usize, seed: u64) -> SandboxOptions {
    SandboxOptions {
        generate: vec![(module.to_string(), n)],
        seed,
        ..SandboxOptions::default()
    }
}

/// Every live record of `module` with `fields`, through page_token paging.
async fn all(env: &Env, module: &str, fields: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let q = match &token {
            Some(t) => format!("/crm/v8/{module}?fields={fields}&page_token={t}"),
            None => format!("/crm/v8/{module}?fields={fields}"),
        };
        let a = env.get(&q).await;
        assert_eq!(a.status, 200, "{q}");
        out.extend(a.json()["data"].as_array().unwrap().iter().cloned());
        match a.json()["info"]["next_page_token"].as_str() {
            Some(t) if a.json()["info"]["more_records"] == true => token = Some(t.to_string()),
            _ => return out,
        }
    }
}

const LEAD_FIELDS: &str =
    "Full_Name,Email,Company,Owner,Lead_Status,Lead_Source,Industry,Created_Time,Modified_Time";

#[tokio::test]
async fn generated_leads_look_like_the_seeded_ones_and_do_not_collide() {
    let seeded = start_with(SandboxOptions::default()).await;
    let before = all(&seeded, "Leads", LEAD_FIELDS).await;
    let env = start_with(generating("Leads", 3_000, 7)).await;
    let leads = all(&env, "Leads", LEAD_FIELDS).await;
    assert_eq!(leads.len(), before.len() + 3_000);
    let ids: HashSet<&str> = leads.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), leads.len(), "every id is unique");
    assert_eq!(
        &leads[..before.len()],
        &before[..],
        "the seeded org is untouched"
    );
    let new = &leads[before.len()..];

    let picklist = |rows: &[Value], f: &str| -> BTreeSet<String> {
        rows.iter()
            .filter_map(|r| r[f].as_str().map(str::to_string))
            .collect()
    };
    for f in ["Lead_Status", "Lead_Source", "Industry"] {
        let (old, made) = (picklist(&before, f), picklist(new, f));
        assert!(
            made.len() >= 2 && made.is_subset(&old),
            "{f}: {made:?} not from {old:?}"
        );
    }
    let users = env.get("/crm/v8/users?type=AllUsers").await;
    let user_ids: HashSet<&str> = users.json()["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["id"].as_str())
        .collect();
    let owners: HashSet<&str> = new
        .iter()
        .map(|l| l["Owner"]["id"].as_str().unwrap())
        .collect();
    assert!(
        owners.len() >= 3 && owners.is_subset(&user_ids),
        "{owners:?}"
    );
    let names: HashSet<&str> = new
        .iter()
        .map(|l| l["Full_Name"].as_str().unwrap())
        .collect();
    assert!(names.len() > 500, "{} distinct names", names.len());
    for l in new {
        let email = l["Email"].as_str().unwrap();
        assert!(
            email.contains('@') && email.ends_with(".example"),
            "{email}"
        );
        assert!(!l["Company"].as_str().unwrap().is_empty());
        assert!(l["Modified_Time"].as_str() >= l["Created_Time"].as_str());
    }
    let years: BTreeSet<&str> = new
        .iter()
        .map(|l| &l["Created_Time"].as_str().unwrap()[..4])
        .collect();
    assert!(years.len() >= 4, "created over years: {years:?}");

    // Some are locked or awaiting approval, as in the seed, and deletes say so.
    let c = env.sb.control();
    let gen_ids: HashSet<&str> = new.iter().map(|l| l["id"].as_str().unwrap()).collect();
    let locked: Vec<String> = c
        .locked_record_ids("Leads")
        .into_iter()
        .filter(|i| gen_ids.contains(i.as_str()))
        .collect();
    let pending: Vec<String> = c
        .not_approved_record_ids("Leads")
        .into_iter()
        .filter(|i| gen_ids.contains(i.as_str()))
        .collect();
    assert!((5..=100).contains(&locked.len()), "{} locked", locked.len());
    assert!(
        (5..=100).contains(&pending.len()),
        "{} pending",
        pending.len()
    );
    let a = env
        .delete(&format!("/crm/v8/Leads?ids={}", locked[0]))
        .await;
    assert_eq!(a.items("data")[0].1, "RECORD_LOCKED");

    // Related to existing campaigns and products, listed from either side.
    let related = gen_ids
        .iter()
        .filter(|id| !c.related_ids("Leads", id, "Campaigns").is_empty())
        .count();
    assert!(
        (900..=2_400).contains(&related),
        "{related} leads in a campaign"
    );
    let one = gen_ids
        .iter()
        .find(|id| !c.related_ids("Leads", id, "Campaigns").is_empty())
        .unwrap();
    let campaign = &c.related_ids("Leads", one, "Campaigns")[0];
    assert!(
        c.related_ids("Campaigns", campaign, "Leads")
            .contains(&one.to_string())
    );
}

#[tokio::test]
async fn the_same_seed_gives_the_same_records_and_another_seed_others() {
    let a = start_with(generating("Contacts", 300, 42)).await;
    let b = start_with(generating("Contacts", 300, 42)).await;
    let c = start_with(generating("Contacts", 300, 43)).await;
    let fields = "Full_Name,Email,Account_Name,Owner,Created_Time,Phone";
    let (ra, rb, rc) = (
        all(&a, "Contacts", fields).await,
        all(&b, "Contacts", fields).await,
        all(&c, "Contacts", fields).await,
    );
    assert_eq!(ra, rb);
    assert_ne!(ra[250..], rc[250..]);
    // A generated contact's account is an existing one, and lists it among its contacts.
    let ctl = a.sb.control();
    let one = &ra[260];
    let account = one["Account_Name"]["id"].as_str().unwrap();
    assert!(ctl.record_exists("Accounts", account));
    let contact = one["id"].as_str().unwrap();
    assert!(ctl.is_related("Accounts", account, "Contacts", contact));
}

#[tokio::test]
async fn an_unknown_module_to_generate_is_refused_with_the_known_ones() {
    let err = zcrm_tui::sandbox::Sandbox::start(generating("Leeds", 5, 0))
        .await
        .err()
        .expect("refused");
    let msg = err.to_string();
    assert!(msg.contains("Leeds") && msg.contains("Leads, "), "{msg}");
}

#[tokio::test]
async fn the_edition_sets_org_paid_type_the_concurrency_limit_and_credits() {
    let env = start_with(SandboxOptions {
        edition: Some(Edition::Standard),
        latency: Duration::from_millis(300),
        ..SandboxOptions::default()
    })
    .await;
    let org = env.get("/crm/v8/org").await;
    assert_eq!(
        org.json()["org"][0]["license_details"]["paid_type"],
        "standard"
    );
    let answers =
        futures::future::join_all((0..13).map(|_| env.get("/crm/v8/Contacts/roles"))).await;
    let ok = answers.iter().filter(|a| a.status == 200).count();
    assert_eq!(ok, 10, "Standard allows 10 calls at once");
    assert!(
        answers
            .iter()
            .filter(|a| a.status == 429)
            .all(|a| a.code() == "TOO_MANY_REQUESTS")
    );
    let c = env.sb.control();
    // Standard: 50,000 + 250 per licensed user (10 in the seed).
    assert_eq!(c.credits(), Some((11, 52_500)), "429s cost nothing");

    // Run out: the rest of the window answers 429, with the credits left shown from half-way.
    c.set_latency(Duration::ZERO);
    c.set_credit_budget(Some(15));
    let a = env.get("/crm/v8/Contacts/roles").await;
    assert_eq!(a.headers.get("x-api-credits-remaining").unwrap(), "3");
    for _ in 0..3 {
        assert_eq!(env.get("/crm/v8/Contacts/roles").await.status, 200);
    }
    let spent = env.get("/crm/v8/Contacts/roles").await;
    assert_eq!((spent.status, spent.code()), (429, "TOO_MANY_REQUESTS"));
}

#[tokio::test]
async fn max_concurrency_overrides_the_editions_limit() {
    let env = start_with(SandboxOptions {
        edition: Some(Edition::Free),
        max_concurrency: Some(7),
        latency: Duration::from_millis(300),
        ..SandboxOptions::default()
    })
    .await;
    let answers =
        futures::future::join_all((0..9).map(|_| env.get("/crm/v8/Contacts/roles"))).await;
    assert_eq!(answers.iter().filter(|a| a.status == 200).count(), 7);
    assert_eq!(env.sb.control().credits().map(|c| c.1), Some(5_000));
}

#[tokio::test]
async fn restoring_many_ids_brings_each_back_and_keeps_the_rest_of_the_bin_in_order() {
    let env = start_with(SandboxOptions::default()).await;
    let c = env.sb.control();
    let ids = c.add_records("Leads", 6_000);
    for chunk in ids.chunks(100) {
        let a = env
            .delete(&format!("/crm/v8/Leads?ids={}", chunk.join(",")))
            .await;
        assert_eq!(a.status, 200);
    }
    // Restore every id but each tenth, in a shuffled order of calls.
    let (keep, back): (Vec<_>, Vec<_>) = ids.iter().enumerate().partition(|(i, _)| i % 10 == 0);
    let back: Vec<&String> = back.into_iter().map(|(_, id)| id).collect();
    let mut chunks: Vec<_> = back.chunks(100).collect();
    chunks.reverse();
    for chunk in chunks {
        let body = serde_json::json!({ "ids": chunk }).to_string();
        let a = env
            .post("/crm/v8/settings/recycle_bin/actions/restore", &body)
            .await;
        assert_eq!(a.status, 200);
        assert!(
            a.items("recycle_bin")
                .iter()
                .all(|(_, code)| code == "SUCCESS")
        );
    }
    assert!(back.iter().all(|id| c.record_exists("Leads", id)));
    assert!(keep.iter().all(|(_, id)| c.in_recycle_bin("Leads", id)));
    // The bin lists what is left, most recently deleted first.
    let mut listed = Vec::new();
    let mut page = 1;
    loop {
        let a = env
            .get(&format!(
                "/crm/v8/settings/recycle_bin?module=Leads&page={page}"
            ))
            .await;
        if a.status == 204 {
            break;
        }
        listed.extend(
            a.json()["recycle_bin"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["id"].as_str().unwrap().to_string()),
        );
        page += 1;
    }
    let expected: Vec<String> = keep.iter().rev().map(|(_, id)| (*id).clone()).collect();
    assert_eq!(listed, expected);
    // Restored records can be deleted and restored again.
    let again = env.delete(&format!("/crm/v8/Leads?ids={}", back[0])).await;
    assert_eq!(again.items("data")[0].1, "SUCCESS");
    assert!(c.in_recycle_bin("Leads", back[0]));
}

#[tokio::test]
async fn fifty_thousand_leads_are_listed_searched_sorted_removed_and_restored() {
    let env = start_with(SandboxOptions {
        edition: Some(Edition::Standard),
        ..generating("Leads", 50_000, 1)
    })
    .await;
    let leads = all(&env, "Leads", "Email").await;
    assert_eq!(leads.len(), 50_400);
    let last = &leads[50_399];
    let email = last["Email"].as_str().unwrap();
    let found = env
        .get(&format!("/crm/v8/Leads/search?email={email}"))
        .await;
    assert_eq!(found.json()["data"][0]["id"], last["id"]);
    let newest = env
        .get("/crm/v8/Leads?fields=Created_Time&sort_by=Created_Time&sort_order=desc&per_page=5")
        .await;
    let times: Vec<&str> = newest.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["Created_Time"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");

    let c = env.sb.control();
    let locked: HashSet<String> = c
        .locked_record_ids("Leads")
        .into_iter()
        .chain(c.not_approved_record_ids("Leads"))
        .collect();
    let ids: Vec<&str> = leads[400..]
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .filter(|id| !locked.contains(*id))
        .take(1_000)
        .collect();
    for chunk in ids.chunks(100) {
        let a = env
            .delete(&format!("/crm/v8/Leads?ids={}", chunk.join(",")))
            .await;
        assert_eq!(a.status, 200, "{:?}", a.body);
    }
    assert_eq!(c.record_ids("Leads").len(), 49_400);
    for chunk in ids.chunks(100) {
        let body = serde_json::json!({ "ids": chunk }).to_string();
        let a = env
            .post("/crm/v8/settings/recycle_bin/actions/restore", &body)
            .await;
        assert_eq!(a.status, 200);
    }
    assert_eq!(c.record_ids("Leads").len(), 50_400);
    assert_eq!(env.get("/crm/v8/settings/recycle_bin").await.status, 204);
}
