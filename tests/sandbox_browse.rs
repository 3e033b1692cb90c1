//! The browse APIs, the recycle bin, and undo (relink, restore).

use crate::sandbox_common as common;

use common::start;
use reqwest::Method;
use serde_json::{Value, json};

fn ids_of(v: &Value) -> Vec<String> {
    v["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn modules_are_listed_with_their_flags() {
    let env = start().await;
    let a = env.get("/crm/v8/settings/modules").await;
    assert_eq!(a.status, 200);
    let modules = a.json()["modules"].as_array().unwrap();
    let find = |n: &str| modules.iter().find(|m| m["api_name"] == n).unwrap().clone();
    for n in [
        "Leads",
        "Contacts",
        "Accounts",
        "Deals",
        "Campaigns",
        "Products",
        "Price_Books",
        "Appointments",
        "Services",
        "Tasks",
    ] {
        let m = find(n);
        assert_eq!(m["api_supported"], true, "{n}");
        assert_eq!(m["deletable"], true, "{n}");
        for k in [
            "module_name",
            "plural_label",
            "singular_label",
            "id",
            "creatable",
            "editable",
            "viewable",
            "recycle_bin_on_delete",
            "generated_type",
            "status",
        ] {
            assert!(!m[k].is_null(), "{n}.{k}");
        }
    }
    assert_eq!(find("Documents")["api_supported"], false);
    assert_eq!(find("Visits")["deletable"], false);
}

#[tokio::test]
async fn related_lists_say_which_relations_can_be_delinked() {
    let env = start().await;
    let a = env
        .get("/crm/v8/settings/related_lists?module=Products")
        .await;
    let lists = a.json()["related_lists"].as_array().unwrap();
    let names: Vec<&str> = lists
        .iter()
        .map(|l| l["api_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Leads", "Accounts", "Contacts", "Deals", "Price_Books"]
    );
    for l in lists {
        assert_eq!(l["record_operations"]["disassociate"], true);
        assert!(l["module"]["api_name"].is_string() && l["module"]["id"].is_string());
        assert!(
            l["href"]
                .as_str()
                .unwrap()
                .starts_with("Products/{ENTITYID}/")
        );
        assert!(l["display_label"].is_string() && l["type"].is_string());
    }
    let a = env
        .get("/crm/v8/settings/related_lists?module=Accounts")
        .await;
    // Only the documented many-to-many relation: Contacts and Deals hang on a lookup.
    let delinkable: Vec<&str> = a.json()["related_lists"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["record_operations"]["disassociate"] == true)
        .filter_map(|l| l["api_name"].as_str())
        .collect();
    assert_eq!(delinkable, ["Products"]);
    let a = env.get("/crm/v8/settings/related_lists").await;
    assert_eq!(a.code(), "REQUIRED_PARAM_MISSING");
    assert_eq!(a.json()["details"]["param_name"], "module");
    let a = env
        .get("/crm/v8/settings/related_lists?module=Widgets")
        .await;
    assert_eq!(a.code(), "INVALID_MODULE");
}

#[tokio::test]
async fn records_are_paged_with_info_and_page_tokens() {
    let env = start().await;
    let c = env.sb.control();
    let all = c.record_ids("Leads");
    assert_eq!(all.len(), 400);

    let a = env.get("/crm/v8/Leads?fields=Full_Name,Email").await;
    assert_eq!(a.status, 200);
    let info = &a.json()["info"];
    assert_eq!(info["per_page"], 200);
    assert_eq!(info["count"], 200);
    assert_eq!(info["page"], 1);
    assert_eq!(info["more_records"], true);
    assert_eq!(ids_of(a.json()), all[..200]);
    let rec = &a.json()["data"][0];
    assert_eq!(
        rec.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["Email", "Full_Name", "id"]
    );

    let p2 = env
        .get("/crm/v8/Leads?fields=Full_Name&page=2&per_page=200")
        .await;
    assert_eq!(ids_of(p2.json()), all[200..]);
    assert_eq!(p2.json()["info"]["more_records"], false);
    let p3 = env.get("/crm/v8/Leads?fields=Full_Name&page=3").await;
    assert_eq!(p3.status, 204);
    assert!(p3.raw.is_empty());

    // page_token continues where the previous page stopped.
    let small = env.get("/crm/v8/Leads?fields=Full_Name&per_page=150").await;
    let token = small.json()["info"]["next_page_token"]
        .as_str()
        .unwrap()
        .to_string();
    let next = env
        .get(&format!(
            "/crm/v8/Leads?fields=Full_Name&per_page=150&page_token={token}"
        ))
        .await;
    assert_eq!(ids_of(next.json()), all[150..300]);

    // per_page is capped at 200; beyond 2,000 records only page_token works.
    let big = env.get("/crm/v8/Leads?fields=Full_Name&per_page=500").await;
    assert_eq!(big.json()["info"]["per_page"], 200);
    let far = env
        .get("/crm/v8/Leads?fields=Full_Name&page=11&per_page=200")
        .await;
    assert_eq!(far.status, 400);
    assert_eq!(far.code(), "DISCRETE_PAGINATION_LIMIT_EXCEEDED");

    let missing = env.get("/crm/v8/Leads").await;
    assert_eq!(
        missing.json(),
        &json!({"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"fields"},"message":"One of the expected parameter is missing","status":"error"})
    );
}

#[tokio::test]
async fn records_by_ids_single_records_and_empty_answers() {
    let env = start().await;
    let a = env
        .get("/crm/v8/Leads?ids=410405000002264040,410405000002264025,4150868000005067099&fields=Full_Name")
        .await;
    assert_eq!(
        ids_of(a.json()),
        ["410405000002264040", "410405000002264025"]
    );
    assert_eq!(a.json()["data"][0]["Full_Name"], "Christopher Brown");
    let one = env.get("/crm/v8/Leads/410405000002264040").await;
    assert_eq!(one.json()["data"][0]["Last_Name"], "Brown");
    assert!(one.json()["data"][0]["Owner"]["name"].is_string());
    env.delete("/crm/v8/Leads/410405000002264040").await;
    let gone = env.get("/crm/v8/Leads/410405000002264040").await;
    assert_eq!(gone.status, 204);
    assert!(gone.raw.is_empty());
    let none = env
        .get("/crm/v8/Leads?ids=4150868000005067099&fields=Full_Name")
        .await;
    assert_eq!(none.status, 204);
}

#[tokio::test]
async fn related_records_follow_delinks_and_deletes() {
    let env = start().await;
    let c = env.sb.control();
    let path = "/crm/v8/Campaigns/3652397000000327001/Contacts?fields=Full_Name,Email";
    let before = ids_of(env.get(path).await.json());
    assert!(before.len() >= 5, "Spring Expo has several contacts");
    assert!(before.contains(&"3652397000000925128".to_string()));
    let leads = env
        .get("/crm/v8/Campaigns/3652397000000327001/Leads?fields=Full_Name")
        .await;
    assert!(ids_of(leads.json()).len() >= 5);
    let campaign = env.get("/crm/v8/Campaigns/3652397000000327001").await;
    assert_eq!(campaign.json()["data"][0]["Campaign_Name"], "Spring Expo");

    env.delete("/crm/v8/Campaigns/3652397000000327001/Contacts/3652397000000925128")
        .await;
    // A deleted record disappears from relation listings too.
    env.delete(&format!("/crm/v8/Contacts/{}", before[2])).await;
    let after = ids_of(env.get(path).await.json());
    assert_eq!(after.len(), before.len() - 2);
    assert!(!after.contains(&"3652397000000925128".to_string()));
    assert!(!after.contains(&before[2]));
    assert!(c.record_exists("Contacts", "3652397000000925128"));
    let fields = env
        .get("/crm/v8/Campaigns/3652397000000327001/Contacts")
        .await;
    assert_eq!(fields.code(), "REQUIRED_PARAM_MISSING");
}

#[tokio::test]
async fn search_by_word_email_phone_and_criteria() {
    let env = start().await;
    let a = env
        .get("/crm/v8/Leads/search?criteria=(Last_Name:equals:Brown)&fields=Full_Name")
        .await;
    assert!(ids_of(a.json()).contains(&"410405000002264040".to_string()));
    let a = env
        .get("/crm/v8/Leads/search?criteria=((Last_Name:equals:Brown)and(First_Name:starts_with:Chris))")
        .await;
    assert_eq!(ids_of(a.json()), ["410405000002264040"]);
    let a = env.get("/crm/v8/Leads/search?word=Penhaligon").await;
    assert_eq!(ids_of(a.json()), ["34770617742004"]);
    let email = env.get("/crm/v8/Leads/410405000002264040").await.json()["data"][0]["Email"]
        .as_str()
        .unwrap()
        .to_string();
    let a = env
        .get(&format!("/crm/v8/Leads/search?email={email}"))
        .await;
    assert_eq!(ids_of(a.json()), ["410405000002264040"]);
    let a = env.get("/crm/v8/Leads/search?word=zzzznothing").await;
    assert_eq!(a.status, 204);
    let a = env.get("/crm/v8/Leads/search").await;
    assert_eq!(a.code(), "REQUIRED_PARAM_MISSING");
    let a = env.get("/crm/v8/Leads/search?criteria=Last_Name").await;
    assert_eq!(a.code(), "INVALID_QUERY");
}

#[tokio::test]
async fn contact_roles_are_listed() {
    let env = start().await;
    let a = env.get("/crm/v8/Contacts/roles").await;
    let roles = a.json()["contact_roles"].as_array().unwrap();
    assert!(roles.len() >= 8);
    assert!(
        roles
            .iter()
            .any(|r| r["id"] == "4150868000001015046" && r["name"].is_string())
    );
    assert!(roles.iter().all(|r| r["sequence_number"].is_i64()));
}

#[tokio::test]
async fn deleted_records_are_listed_in_the_recycle_bin() {
    let env = start().await;
    assert_eq!(
        env.get("/crm/v8/Leads/deleted?type=recycle").await.status,
        204
    );
    assert_eq!(env.get("/crm/v8/settings/recycle_bin").await.status, 204);
    env.delete("/crm/v8/Leads?ids=410405000002264040,410405000002264025")
        .await;
    let a = env.get("/crm/v8/Leads/deleted?type=recycle").await;
    assert_eq!(a.status, 200);
    let d = &a.json()["data"];
    assert_eq!(d.as_array().unwrap().len(), 2);
    let names: Vec<&str> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["display_name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Christopher Brown"));
    assert_eq!(d[0]["type"], "recycle");
    assert!(d[0]["deleted_time"].is_string() && d[0]["deleted_by"]["name"].is_string());
    assert_eq!(
        env.get("/crm/v8/Leads/deleted?type=permanent").await.status,
        204
    );
    assert_eq!(env.get("/crm/v8/Contacts/deleted").await.status, 204);
    let bin = env.get("/crm/v8/settings/recycle_bin").await;
    let entries = bin.json()["recycle_bin"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["module"]["api_name"], "Leads");
}

#[tokio::test]
async fn restore_from_the_bin_and_relink_undo_removals() {
    let env = start().await;
    let c = env.sb.control();
    env.delete("/crm/v8/Leads?ids=410405000002264040").await;
    let a = env
        .call_as(
            Method::POST,
            "/crm/v8/settings/recycle_bin/actions/restore",
            Some(common::SAMPLE_TOKEN),
            &[],
            Some(r#"{"ids":["410405000002264040","4150868000005067099"]}"#),
        )
        .await;
    assert_eq!(a.status, 207);
    assert_eq!(a.json()["recycle_bin"][0]["code"], "SUCCESS");
    assert_eq!(a.json()["recycle_bin"][0]["message"], "record restored");
    assert_eq!(a.json()["recycle_bin"][1]["code"], "INVALID_DATA");
    assert!(c.record_exists("Leads", "410405000002264040"));
    assert!(!c.in_recycle_bin("Leads", "410405000002264040"));
    // Restore is a v8 API.
    let old = env
        .call_as(
            Method::POST,
            "/crm/v7/settings/recycle_bin/actions/restore",
            Some(common::SAMPLE_TOKEN),
            &[],
            Some(r#"{"ids":["1"]}"#),
        )
        .await;
    assert_eq!(old.status, 404);

    env.delete("/crm/v8/Campaigns/3652397000000327001/Contacts/3652397000000925128")
        .await;
    assert!(!c.is_related(
        "Campaigns",
        "3652397000000327001",
        "Contacts",
        "3652397000000925128"
    ));
    let a = env
        .call(
            Method::PUT,
            "/crm/v8/Campaigns/3652397000000327001/Contacts/3652397000000925128",
        )
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert!(c.is_related(
        "Campaigns",
        "3652397000000327001",
        "Contacts",
        "3652397000000925128"
    ));
    env.delete("/crm/v8/Campaigns/3652397000000327001/Contacts?ids=3652397000000925128,3652397000000649013").await;
    let a = env
        .call_as(
            Method::PUT,
            "/crm/v8/Campaigns/3652397000000327001/Contacts",
            Some(common::SAMPLE_TOKEN),
            &[],
            Some(r#"{"data":[{"id":"3652397000000925128"},{"id":"3652397000000649013"}]}"#),
        )
        .await;
    assert_eq!(a.status, 200);
    assert!(c.is_related(
        "Campaigns",
        "3652397000000327001",
        "Contacts",
        "3652397000000649013"
    ));
}

#[tokio::test]
async fn the_org_holds_at_least_a_thousand_records_with_every_relation() {
    let env = start().await;
    let c = env.sb.control();
    let modules = [
        "Leads",
        "Contacts",
        "Accounts",
        "Deals",
        "Campaigns",
        "Products",
        "Price_Books",
        "Appointments",
        "Services",
        "Tasks",
    ];
    let total: usize = modules.iter().map(|m| c.record_ids(m).len()).sum();
    assert!(total >= 1000, "{total}");
    for (m, rl) in [
        ("Campaigns", "Leads"),
        ("Campaigns", "Contacts"),
        ("Products", "Leads"),
        ("Products", "Accounts"),
        ("Products", "Contacts"),
        ("Products", "Deals"),
        ("Products", "Price_Books"),
        ("Appointments", "Services"),
        ("Contacts", "Deals"),
    ] {
        let linked = c
            .record_ids(m)
            .iter()
            .filter(|id| !c.related_ids(m, id, rl).is_empty())
            .count();
        assert!(linked > 0, "{m} -> {rl}");
    }
    let org = env.get("/crm/v8/org").await;
    assert!(org.json()["org"][0]["license_details"]["paid_type"].is_string());
    let me = env.get("/crm/v8/users?type=CurrentUser").await;
    assert_eq!(me.json()["users"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_record_can_be_fetched_by_its_external_id() {
    let env = start().await;
    let a = env
        .call_as(
            Method::GET,
            "/crm/v8/Deals/extdeal3",
            Some(common::SAMPLE_TOKEN),
            &[("X-EXTERNAL", "Deals.External_Deal_ID")],
            None,
        )
        .await;
    assert_eq!(a.json()["data"][0]["id"], "111111000000094040");
}

#[tokio::test]
async fn purged_records_cannot_be_restored() {
    let env = start().await;
    let c = env.sb.control();
    env.delete("/crm/v8/Leads?ids=410405000002264040,410405000002264025")
        .await;
    let a = env
        .delete("/crm/v8/settings/recycle_bin/410405000002264040")
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json()["recycle_bin"][0]["code"], "SUCCESS");
    assert!(!c.in_recycle_bin("Leads", "410405000002264040"));
    assert!(!c.record_exists("Leads", "410405000002264040"));
    let perm = env.get("/crm/v8/Leads/deleted?type=permanent").await;
    assert_eq!(ids_of(perm.json()), ["410405000002264040"]);
    assert_eq!(perm.json()["data"][0]["type"], "permanent");
    let bin = env.get("/crm/v8/settings/recycle_bin").await;
    assert_eq!(bin.json()["recycle_bin"].as_array().unwrap().len(), 1);
    let a = env
        .call_as(
            Method::POST,
            "/crm/v8/settings/recycle_bin/410405000002264040/actions/restore",
            Some(common::SAMPLE_TOKEN),
            &[],
            None,
        )
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["recycle_bin"][0]["code"], "INVALID_DATA");
    let a = env
        .delete("/crm/v8/settings/recycle_bin?ids=410405000002264040")
        .await;
    assert_eq!(a.status, 400, "purged twice");
}

#[tokio::test]
async fn a_contacts_role_on_a_deal_is_lost_on_delink_and_restored_by_relink() {
    let env = start().await;
    let c = env.sb.control();
    let contact = c
        .record_ids("Contacts")
        .into_iter()
        .find(|id| env.sb.control().related_ids("Contacts", id, "Deals").len() == 1)
        .unwrap();
    let deal = c.related_ids("Contacts", &contact, "Deals")[0].clone();
    let listed = env
        .get(&format!(
            "/crm/v8/Deals/{deal}/Contact_Roles?fields=Full_Name,Contact_Role"
        ))
        .await;
    let row = listed.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == contact.as_str())
        .unwrap()
        .clone();
    let role = row["Contact_Role"].clone();
    assert!(role["name"].is_string() && role["id"].is_string(), "{row}");
    let a = env
        .delete(&format!("/crm/v8/Contacts/{contact}/Deals/{deal}"))
        .await;
    assert_eq!(a.status, 200);
    // Relinked bare, the role is gone: it lived on the relation.
    let a = env
        .call(
            Method::PUT,
            &format!("/crm/v8/Contacts/{contact}/Deals/{deal}"),
        )
        .await;
    assert_eq!(a.status, 200);
    let bare = env
        .get(&format!(
            "/crm/v8/Deals/{deal}/Contact_Roles?fields=Full_Name,Contact_Role"
        ))
        .await;
    let bare_row = bare.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == contact.as_str())
        .unwrap()
        .clone();
    assert!(bare_row["Contact_Role"].is_null(), "{bare_row}");
    let body = format!(r#"{{"data":[{{"id":"{deal}","Contact_Role":{role}}}]}}"#);
    let a = env
        .call_as(
            Method::PUT,
            &format!("/crm/v8/Contacts/{contact}/Deals"),
            Some(common::SAMPLE_TOKEN),
            &[],
            Some(&body),
        )
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    let again = env
        .get(&format!(
            "/crm/v8/Deals/{deal}/Contact_Roles?fields=Full_Name,Contact_Role"
        ))
        .await;
    let row = again.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == contact.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["Contact_Role"], role);
}

#[tokio::test]
async fn search_results_page_with_their_token() {
    let env = start().await;
    let first = env
        .get("/crm/v8/Leads/search?word=example&per_page=50")
        .await;
    assert_eq!(first.json()["info"]["more_records"], true);
    let token = first.json()["info"]["next_page_token"]
        .as_str()
        .unwrap()
        .to_string();
    let second = env
        .get(&format!(
            "/crm/v8/Leads/search?word=example&per_page=50&page_token={token}"
        ))
        .await;
    assert_eq!(second.status, 200);
    let (a, b) = (ids_of(first.json()), ids_of(second.json()));
    assert_eq!(b.len(), 50);
    assert!(a.iter().all(|id| !b.contains(id)));
    // A token of another search is refused.
    let other = env
        .get(&format!(
            "/crm/v8/Leads/search?word=lumen&page_token={token}"
        ))
        .await;
    assert_eq!(other.code(), "INVALID_DATA");
}

#[tokio::test]
async fn paging_a_big_module_stays_fast() {
    let env = start().await;
    env.sb.control().add_records("Leads", 10_000);
    let t = std::time::Instant::now();
    let mut token: Option<String> = None;
    let mut seen = 0;
    loop {
        let q = match &token {
            Some(t) => format!("/crm/v8/Leads?fields=Full_Name,Email&page_token={t}"),
            None => "/crm/v8/Leads?fields=Full_Name,Email".to_string(),
        };
        let a = env.get(&q).await;
        seen += a.json()["data"].as_array().unwrap().len();
        match a.json()["info"]["next_page_token"].as_str() {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, 10_400);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn undo_answers_are_200_207_or_400_per_id() {
    let env = start().await;
    let campaign = "/crm/v8/Campaigns/3652397000000327001/Contacts";
    env.delete(&format!("{campaign}/3652397000000925128")).await;
    let put = |body: &'static str| {
        env.call_as(
            Method::PUT,
            campaign,
            Some(common::SAMPLE_TOKEN),
            &[],
            Some(body),
        )
    };
    let a = put(r#"{"data":[{"id":"3652397000000925128"},{"id":"9100000000000000001"}]}"#).await;
    assert_eq!(a.status, 207, "{:?}", a.body);
    assert_eq!(
        a.items("data"),
        [
            ("3652397000000925128".to_string(), "SUCCESS".to_string()),
            (
                "9100000000000000001".to_string(),
                "INVALID_DATA".to_string()
            )
        ]
    );
    let a = put(r#"{"data":[{"id":"9100000000000000001"}]}"#).await;
    assert_eq!(a.status, 400);
    assert_eq!(a.items("data")[0].1, "INVALID_DATA");
    let a = put(r#"{"nothing":1}"#).await;
    assert_eq!((a.status, a.code()), (400, "REQUIRED_PARAM_MISSING"));
    let a = env
        .call_as(
            Method::POST,
            "/crm/v8/settings/recycle_bin/actions/restore",
            Some(common::SAMPLE_TOKEN),
            &[],
            Some(r#"{"ids":["9100000000000000001"]}"#),
        )
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.items("recycle_bin"),
        [(
            "9100000000000000001".to_string(),
            "INVALID_DATA".to_string()
        )]
    );
}

#[tokio::test]
async fn fields_are_listed_from_the_seeded_records() {
    let env = start().await;
    let a = env.get("/crm/v8/settings/fields?module=Leads").await;
    assert_eq!(a.status, 200);
    let fields = a.json()["fields"].as_array().expect("fields");
    let by_name = |n: &str| {
        fields
            .iter()
            .find(|f| f["api_name"] == n)
            .unwrap_or_else(|| panic!("{n} listed"))
    };
    assert_eq!(by_name("Email")["data_type"], "email");
    assert_eq!(by_name("Owner")["data_type"], "ownerlookup");
    assert_eq!(by_name("Created_Time")["data_type"], "datetime");
    assert_eq!(by_name("Last_Name")["field_label"], "Last Name");
    for f in fields {
        let id = f["id"].as_str().expect("id");
        assert!(
            id.len() == 19 && id.bytes().all(|b| b.is_ascii_digit()),
            "{id}"
        );
        assert!(f["api_name"] != "id");
    }
    // The same ids on every call.
    let again = env.get("/crm/v8/settings/fields?module=leads").await;
    assert_eq!(again.json(), a.json());
    assert_eq!(
        env.get("/crm/v8/settings/fields").await.code(),
        "REQUIRED_PARAM_MISSING"
    );
    assert_eq!(
        env.get("/crm/v8/settings/fields?module=Nope").await.code(),
        "INVALID_MODULE"
    );
}

#[tokio::test]
async fn records_sort_as_zoho_documents() {
    let env = start().await;
    let numeric = |s: &String| (s.len(), s.clone());
    // `sort_order` alone sorts by id; desc is the default order of a sort.
    let asc = ids_of(
        env.get("/crm/v8/Leads?fields=Full_Name&sort_order=asc")
            .await
            .json(),
    );
    let mut want = asc.clone();
    want.sort_by_key(numeric);
    assert_eq!(asc, want);
    let desc = ids_of(
        env.get("/crm/v8/Leads?fields=Full_Name&sort_by=id")
            .await
            .json(),
    );
    let mut all_desc = desc.clone();
    all_desc.sort_by_key(numeric);
    all_desc.reverse();
    assert_eq!(desc, all_desc);
    let bad = env
        .get("/crm/v8/Leads?fields=Full_Name&sort_order=up")
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.code(), "INVALID_DATA");
    let bad = env
        .get("/crm/v8/Leads?fields=Full_Name&sort_by=Email")
        .await;
    assert_eq!(bad.code(), "INVALID_DATA");
}
