//! Relations from either side, what they carry, and a deal's contact roles, over HTTP:
//! "Delink Related Records" (000/002) from both ends, "Update Related Records" putting a
//! relation back with its data, and "Get / Add / Remove Contact Roles of a Specific Deal".

use crate::sandbox_common as common;

use common::{SAMPLE_TOKEN, start};
use reqwest::Method;
use serde_json::{Value, json};

/// A record of `module` with a record in its `list`, and that record.
fn first_related(
    c: &zcrm_tui::sandbox::SandboxControl,
    module: &str,
    list: &str,
) -> (String, String) {
    c.record_ids(module)
        .into_iter()
        .find_map(|r| {
            let other = c.related_ids(module, &r, list).first().cloned();
            other.map(|o| (r, o))
        })
        .unwrap_or_else(|| panic!("the seed relates some {module} to {list}"))
}

/// The row of `id` in a related-list read.
fn row(a: &common::Answer, id: &str) -> Value {
    a.json()["data"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["id"] == id).cloned())
        .unwrap_or(Value::Null)
}

#[tokio::test]
async fn a_campaign_member_is_delinked_from_the_lead_side_and_relinked_with_its_status() {
    let env = start().await;
    let c = env.sb.control();
    let (lead, campaign) = first_related(&c, "Leads", "Campaigns");
    let path = format!("/crm/v8/Leads/{lead}/Campaigns");
    let read = env
        .get(&format!("{path}?fields=Campaign_Name,Member_Status"))
        .await;
    assert_eq!(read.status, 200);
    let status = row(&read, &campaign)["Member_Status"].clone();
    assert!(status.is_string(), "{:?}", read.body);
    // The campaign side shows the same status for the same relation.
    let other = env
        .get(&format!(
            "/crm/v8/Campaigns/{campaign}/Leads?fields=Full_Name,Member_Status"
        ))
        .await;
    assert_eq!(row(&other, &lead)["Member_Status"], status);

    let a = env.delete(&format!("{path}/{campaign}")).await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert_eq!(a.items("data"), vec![(campaign.clone(), "SUCCESS".into())]);
    assert!(!c.is_related("Campaigns", &campaign, "Leads", &lead));

    // Update Related Records: the relation and its Member_Status come back.
    let body = json!({"data": [{"id": campaign, "Member_Status": status}]}).to_string();
    let a = env
        .call_as(Method::PUT, &path, Some(SAMPLE_TOKEN), &[], Some(&body))
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert_eq!(a.json()["data"][0]["message"], "relation updated");
    let again = env
        .get(&format!("{path}?fields=Campaign_Name,Member_Status"))
        .await;
    assert_eq!(row(&again, &campaign)["Member_Status"], status);
}

#[tokio::test]
async fn a_price_book_delinks_its_products_and_their_list_price_is_on_the_relation() {
    let env = start().await;
    let c = env.sb.control();
    let (book, product) = first_related(&c, "Price_Books", "Products");
    let path = format!("/crm/v7/Price_Books/{book}/Products");
    let read = env
        .get(&format!("{path}?fields=Product_Name,list_price"))
        .await;
    let price = row(&read, &product)["list_price"].clone();
    assert!(price.is_number(), "{:?}", read.body);
    let a = env.delete(&format!("{path}?ids={product}")).await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert!(!c.is_related("Products", &product, "Price_Books", &book));
    assert!(c.record_exists("Products", &product));
}

#[tokio::test]
async fn a_relation_kept_by_a_lookup_is_still_refused() {
    let env = start().await;
    let c = env.sb.control();
    let (account, deal) = first_related(&c, "Accounts", "Deals");
    let a = env
        .delete(&format!("/crm/v8/Accounts/{account}/Deals/{deal}"))
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "INVALID_REQUEST_METHOD");
    assert!(c.is_related("Accounts", &account, "Deals", &deal));
    // The metadata says so too.
    let lists = env
        .get("/crm/v8/settings/related_lists?module=Accounts")
        .await;
    let ops = |name: &str| {
        lists.json()["related_lists"]
            .as_array()
            .and_then(|l| l.iter().find(|x| x["api_name"] == name).cloned())
            .map(|x| x["record_operations"]["disassociate"].clone())
    };
    assert_eq!(ops("Deals"), Some(json!(false)));
    assert_eq!(ops("Products"), Some(json!(true)));
}

/// A deal with at least two contacts in roles, and the contacts' rows.
async fn deal_with_roles(env: &common::Env) -> (String, Vec<Value>) {
    let c = env.sb.control();
    for deal in c.record_ids("Deals") {
        let a = env
            .get(&format!(
                "/crm/v8/Deals/{deal}/Contact_Roles?fields=Full_Name,Contact_Role"
            ))
            .await;
        let rows = a.json()["data"].as_array().cloned().unwrap_or_default();
        if rows.len() >= 2 {
            return (deal, rows);
        }
    }
    panic!("the seed has a deal with two contact roles")
}

#[tokio::test]
async fn contact_roles_of_a_deal_are_listed_removed_and_added_back() {
    let env = start().await;
    let c = env.sb.control();
    let (deal, rows) = deal_with_roles(&env).await;
    let (a_id, b_id) = (
        rows[0]["id"].as_str().unwrap().to_string(),
        rows[1]["id"].as_str().unwrap().to_string(),
    );
    let role = rows[0]["Contact_Role"].clone();
    assert!(role["name"].is_string() && role["id"].is_string(), "{role}");

    // One contact by path, as the page's sample request.
    let a = env
        .delete(&format!("/crm/v8/Deals/{deal}/Contact_Roles/{a_id}"))
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert_eq!(
        a.json(),
        &json!({"data": [{"code": "SUCCESS", "details": {"id": a_id}, "message": "relation removed", "status": "success"}]})
    );
    assert!(!c.is_related("Deals", &deal, "Contact_Roles", &a_id));
    assert!(c.record_exists("Contacts", &a_id), "the contact stays");
    // Several by ?ids=: one removed, one no longer on the deal.
    let a = env
        .delete(&format!(
            "/crm/v8/Deals/{deal}/Contact_Roles?ids={b_id},{a_id}"
        ))
        .await;
    assert_eq!(a.status, 207, "a mixed answer, as zoho-api.md's");
    assert_eq!(
        a.items("data"),
        vec![
            (b_id.clone(), "SUCCESS".into()),
            (a_id.clone(), "INVALID_DATA".into())
        ]
    );

    // Add Contact Roles to a Specific Deal: the role is mandatory.
    let one = format!("/crm/v8/Deals/{deal}/Contact_Roles/{a_id}");
    let a = env
        .call_as(
            Method::PUT,
            &one,
            Some(SAMPLE_TOKEN),
            &[],
            Some(r#"{"data":[{}]}"#),
        )
        .await;
    assert_eq!(
        a.items("data"),
        vec![(a_id.clone(), "MANDATORY_NOT_FOUND".into())]
    );
    assert!(!c.is_related("Deals", &deal, "Contact_Roles", &a_id));
    let body = json!({"data": [{"Contact_Role": {"id": role["id"]}}]}).to_string();
    let a = env
        .call_as(Method::PUT, &one, Some(SAMPLE_TOKEN), &[], Some(&body))
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert_eq!(a.items("data"), vec![(a_id.clone(), "SUCCESS".into())]);
    let back = env
        .get(&format!(
            "/crm/v8/Deals/{deal}/Contact_Roles?fields=Full_Name,Contact_Role"
        ))
        .await;
    assert_eq!(
        row(&back, &a_id)["Contact_Role"],
        role,
        "re-added with its role"
    );
    // An unknown role is refused, the contact left off the deal.
    let bad = json!({"data": [{"Contact_Role": {"id": "1"}}]}).to_string();
    let a = env
        .call_as(
            Method::PUT,
            &format!("/crm/v8/Deals/{deal}/Contact_Roles/{b_id}"),
            Some(SAMPLE_TOKEN),
            &[],
            Some(&bad),
        )
        .await;
    assert_eq!(a.items("data"), vec![(b_id.clone(), "INVALID_DATA".into())]);
    assert!(!c.is_related("Deals", &deal, "Contact_Roles", &b_id));
}

#[tokio::test]
async fn removing_contact_roles_needs_the_deals_and_the_contacts_delete_scopes() {
    let env = start().await;
    let c = env.sb.control();
    let (deal, rows) = deal_with_roles(&env).await;
    let contact = rows[0]["id"].as_str().unwrap().to_string();
    let path = format!("/crm/v8/Deals/{deal}/Contact_Roles/{contact}");
    for scopes in [
        &["ZohoCRM.modules.deals.DELETE"][..],
        &["ZohoCRM.modules.contacts.DELETE"],
        &[
            "ZohoCRM.modules.deals.WRITE",
            "ZohoCRM.modules.contacts.WRITE",
        ],
    ] {
        let token = env.token_for(&c.credentials_with_scopes(scopes)).await;
        let a = env
            .call_as(Method::DELETE, &path, Some(&token), &[], None)
            .await;
        assert_eq!(a.status, 401, "{scopes:?}: {:?}", a.body);
        assert_eq!(a.code(), "OAUTH_SCOPE_MISMATCH");
    }
    assert!(c.is_related("Deals", &deal, "Contact_Roles", &contact));
    let both = [
        "ZohoCRM.modules.deals.DELETE",
        "ZohoCRM.modules.contacts.DELETE",
    ];
    let token = env.token_for(&c.credentials_with_scopes(&both)).await;
    let a = env
        .call_as(Method::DELETE, &path, Some(&token), &[], None)
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert!(!c.is_related("Deals", &deal, "Contact_Roles", &contact));
}
