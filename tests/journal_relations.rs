//! What a relation carries survives its delink: captured in the journal's before-image and sent
//! back by the undo's relink (Update Related Records; Add Contact Roles to a Specific Deal),
//! from either side of the relation, over real HTTP against the sandbox.

use crate::truthful_support;

use truthful_support::*;
use zcrm_tui::journal::before::RELATION;
use zcrm_tui::journal::{self, Fate};
use zcrm_tui::zoho::{Removal, RunOptions, deal_roles};

/// A record of `module` with at least two records in `list`, and two of them.
fn with_two(e: &Env, module: &str, list: &str) -> (String, Vec<String>) {
    e.ctl
        .record_ids(module)
        .into_iter()
        .find_map(|r| {
            let rel = e.ctl.related_ids(module, &r, list);
            (rel.len() >= 2).then(|| (r, rel[..2].to_vec()))
        })
        .unwrap_or_else(|| panic!("the seed relates some {module} to two {list}"))
}

async fn delink_and_undo(e: &Env, module: &str, list: &str) {
    let (record, ids) = with_two(e, module, list);
    let before = e
        .client
        .relation_data(module, &record, list, &ids)
        .await
        .unwrap();
    assert_eq!(before.len(), 2, "{module}/{list} carries data: {before:?}");
    let removal = Removal::Delink {
        module: module.into(),
        record_id: record.clone(),
        related_list: list.into(),
        ids: ids.clone(),
    };
    let (op, report) = e.execute(&removal).await.unwrap();
    assert_eq!(report.removed(), 2);
    for id in &ids {
        assert!(!e.ctl.is_related(module, &record, list, id));
    }
    let rec = e.record(&op);
    // The before-image holds what the relation carried.
    for img in &rec.before {
        let id = img["id"].as_str().unwrap();
        assert_eq!(
            img[RELATION].as_object(),
            before.get(id),
            "{module}/{list}: {img}"
        );
    }
    let plan = journal::undo_plan(&rec, 8).unwrap();
    assert_eq!(plan.relation_data, before);
    let (undo_op, report) =
        journal::undo(&e.client, &e.journal, "test", &plan, RunOptions::default())
            .await
            .unwrap();
    assert_eq!(report.removed(), 2, "{:?}", report.outcomes);
    for id in &ids {
        assert!(e.ctl.is_related(module, &record, list, id));
        assert!(matches!(
            e.record(&undo_op)
                .fates
                .iter()
                .find(|(i, _)| i == id)
                .map(|(_, f)| f),
            Some(Fate::Removed { .. })
        ));
    }
    let after = e
        .client
        .relation_data(module, &record, list, &ids)
        .await
        .unwrap();
    assert_eq!(after, before, "{module}/{list}: the relink restored it");
}

#[tokio::test]
async fn member_status_survives_a_delink_from_the_lead_side() {
    let e = env().await;
    // Two Campaigns of one Lead are rare; Campaigns side: two Leads of one Campaign, and the
    // Lead side for one of them.
    delink_and_undo(&e, "Campaigns", "Leads").await;
    let (lead, campaign) = e
        .ctl
        .record_ids("Leads")
        .into_iter()
        .find_map(|l| {
            let c = e.ctl.related_ids("Leads", &l, "Campaigns").first().cloned();
            c.map(|c| (l, c))
        })
        .unwrap();
    let ids = vec![campaign.clone()];
    let before = e
        .client
        .relation_data("Leads", &lead, "Campaigns", &ids)
        .await
        .unwrap();
    assert!(
        before[&campaign].contains_key("Member_Status"),
        "{before:?}"
    );
    let removal = Removal::Delink {
        module: "Leads".into(),
        record_id: lead.clone(),
        related_list: "Campaigns".into(),
        ids: ids.clone(),
    };
    let (op, report) = e.execute(&removal).await.unwrap();
    assert_eq!(report.removed(), 1, "{:?}", report.outcomes);
    let plan = journal::undo_plan(&e.record(&op), 8).unwrap();
    journal::undo(&e.client, &e.journal, "test", &plan, RunOptions::default())
        .await
        .unwrap();
    let after = e
        .client
        .relation_data("Leads", &lead, "Campaigns", &ids)
        .await
        .unwrap();
    assert_eq!(after, before);
}

#[tokio::test]
async fn list_price_survives_a_delink_from_the_price_book_side() {
    let e = env().await;
    delink_and_undo(&e, "Price_Books", "Products").await;
}

#[tokio::test]
async fn contact_roles_removed_from_a_deal_come_back_with_their_roles() {
    let e = env().await;
    let (deal, contacts) = with_two(&e, "Deals", "Contact_Roles");
    let roles_before = e.client.deal_contact_roles(&deal).await.unwrap();
    let role_of = |rows: &[zcrm_tui::zoho::Record], id: &str| {
        rows.iter()
            .find(|r| r.id == id)
            .and_then(|r| r.fields.get("Contact_Role").cloned())
    };
    let (op, report) = e.execute(&deal_roles(&deal, &contacts)).await.unwrap();
    assert_eq!(report.removed(), 2, "{:?}", report.outcomes);
    let now = e.client.deal_contact_roles(&deal).await.unwrap();
    for c in &contacts {
        assert!(role_of(&now, c).is_none(), "{c} is off the deal");
        assert!(e.ctl.record_exists("Contacts", c), "the contact stays");
    }
    let rec = e.record(&op);
    for img in &rec.before {
        assert!(img[RELATION]["Contact_Role"]["id"].is_string(), "{img}");
    }
    let plan = journal::undo_plan(&rec, 8).unwrap();
    assert!(
        plan.describe.starts_with("Re-add 2 contacts to Deals"),
        "{}",
        plan.describe
    );
    let (_, report) = journal::undo(&e.client, &e.journal, "test", &plan, RunOptions::default())
        .await
        .unwrap();
    assert_eq!(report.removed(), 2, "{:?}", report.outcomes);
    // One PUT per contact, as "Add Contact Roles to a Specific Deal" documents.
    let puts: Vec<String> = e
        .ctl
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .map(|r| r.path)
        .collect();
    assert_eq!(puts.len(), 2, "{puts:?}");
    assert!(
        puts.iter()
            .all(|p| p.contains("/Deals/") && p.contains("/Contact_Roles/"))
    );
    let after = e.client.deal_contact_roles(&deal).await.unwrap();
    for c in &contacts {
        assert_eq!(role_of(&after, c), role_of(&roles_before, c), "{c}");
        assert!(role_of(&after, c).is_some());
    }
}

#[tokio::test]
async fn set_deal_contact_role_gives_a_contact_a_role() {
    let e = env().await;
    let (deal, contacts) = with_two(&e, "Deals", "Contact_Roles");
    let roles = e.client.contact_roles().await.unwrap();
    let role = &roles[0];
    let r = e
        .client
        .set_deal_contact_role(&deal, &contacts[0], &role.id)
        .await
        .unwrap();
    assert_eq!(r.removed(), 1, "{:?}", r.outcomes);
    let rows = e.client.deal_contact_roles(&deal).await.unwrap();
    let row = rows.iter().find(|r| r.id == contacts[0]).unwrap();
    assert_eq!(row.fields["Contact_Role"]["id"], role.id.as_str());
    assert_eq!(row.fields["Contact_Role"]["name"], role.name.as_str());
}
