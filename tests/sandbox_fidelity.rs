//! Parameters and answers as Zoho sends them (issue 13): `wf_trigger` in any case, multipart
//! token grants, one recycle-bin entry, the search limit, record counts, `zgid`, typed field
//! metadata, restores that need their parent. Limits (URL, body, token throttle): sandbox_limits.

use crate::sandbox_common as common;

use common::start;
use reqwest::Method;
use serde_json::{Value, json};
use zcrm_tui::sandbox::all_records_view_id;

const LEAD: &str = "410405000002264040";
const ACCOUNT: &str = "5725767000001000210";
/// A contact of `ACCOUNT`.
const CONTACT: &str = "5725767000001000567";

#[tokio::test]
async fn wf_trigger_is_read_in_any_letter_case() {
    let env = start().await;
    let ids = env.sb.control().record_ids("Leads");
    let before = env.sb.control().workflow_runs();
    let off = env
        .delete(&format!("/crm/v8/Leads?ids={}&wf_trigger=False", ids[0]))
        .await;
    assert_eq!(off.status, 200, "{:?}", off.body);
    assert_eq!(env.sb.control().workflow_runs(), before);
    let on = env
        .delete(&format!("/crm/v8/Leads?ids={}&wf_trigger=TRUE", ids[1]))
        .await;
    assert_eq!(on.status, 200, "{:?}", on.body);
    assert_eq!(env.sb.control().workflow_runs(), before + 1);
    let bad = env
        .delete(&format!("/crm/v8/Leads?ids={}&wf_trigger=yes", ids[2]))
        .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.code(), "INVALID_DATA");
    assert!(env.sb.control().record_exists("Leads", &ids[2]));
}

#[tokio::test]
async fn token_endpoint_reads_a_multipart_form_as_the_node_sdk_sends_it() {
    let env = start().await;
    let creds = env.sb.credentials();
    let boundary = "----zcrmNodeSdkBoundary7MA4YWxkTrZu0gW";
    let mut body = String::new();
    for (k, v) in [
        ("client_id", creds.client_id.as_str()),
        ("client_secret", creds.client_secret.expose()),
        ("grant_type", "refresh_token"),
        ("refresh_token", creds.refresh_token.expose()),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let resp = env
        .http
        .post(format!(
            "{}/oauth/v2/token",
            env.sb.endpoints().accounts_url
        ))
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let g: Value = resp.json().await.unwrap();
    let token = g["access_token"].as_str().expect("an access token");
    assert_eq!(g["token_type"], "Bearer");
    let roles = env
        .call_as(
            Method::GET,
            "/crm/v8/Contacts/roles",
            Some(token),
            &[],
            None,
        )
        .await;
    assert_eq!(roles.status, 200);
}

#[tokio::test]
async fn one_recycle_bin_entry_is_answered_by_id() {
    let env = start().await;
    let path = format!("/crm/v8/settings/recycle_bin/{LEAD}");
    assert_eq!(
        env.get(&path).await.status,
        204,
        "a live record is not in the bin"
    );
    assert_eq!(
        env.delete(&format!("/crm/v8/Leads/{LEAD}")).await.status,
        200
    );
    let one = env.get(&path).await;
    assert_eq!(one.status, 200, "{:?}", one.body);
    let entry = &one.json()["recycle_bin"][0];
    assert_eq!(entry["id"], LEAD);
    assert_eq!(entry["module"]["api_name"], "Leads");
    assert_eq!(entry["display_name"], "Christopher Brown");
    assert!(entry["deleted_by"]["id"].is_string());
    assert!(entry["deleted_time"].is_string());
    assert_eq!(one.json()["recycle_bin"].as_array().unwrap().len(), 1);
    assert_eq!(one.json()["info"]["count"], 1);
    assert_eq!(
        env.get("/crm/v8/settings/recycle_bin/abc").await.status,
        400
    );
}

#[tokio::test]
async fn search_stops_at_two_thousand_results_with_limit_reached() {
    let env = start().await;
    env.sb.control().add_records("Leads", 2100);
    let path = |page: usize| format!("/crm/v8/Leads/search?word=bulk&per_page=200&page={page}");
    let last = env.get(&path(10)).await;
    assert_eq!(last.status, 200);
    assert_eq!(last.json()["info"]["more_records"], true);
    let past = env.get(&path(11)).await;
    assert_eq!(past.status, 400);
    assert_eq!(
        past.json(),
        &json!({
            "code": "LIMIT_REACHED",
            "details": { "limit": "2000" },
            "message": "maximum response iteration limit reached",
            "status": "error",
        })
    );
    // The listing itself still pages on past 2,000 (with page tokens).
    let list = env.get("/crm/v8/Leads?fields=Last_Name&page=11").await;
    assert_eq!(list.code(), "DISCRETE_PAGINATION_LIMIT_EXCEEDED");
}

#[tokio::test]
async fn record_count_answers_for_all_a_search_or_a_view() {
    let env = start().await;
    let total = env.sb.control().record_ids("Leads").len();
    let count = |a: &common::Answer| a.json()["count"].as_u64().expect("a count");
    let all = env.get("/crm/v8/Leads/actions/count").await;
    assert_eq!(all.status, 200);
    assert_eq!(count(&all), total as u64);
    let email = env
        .get("/crm/v8/Leads/actions/count?email=christopher.brown@kestrelaerospace.example")
        .await;
    assert_eq!(count(&email), 1);
    let lost = env
        .get("/crm/v8/Leads/actions/count?criteria=(Lead_Status:equals:Lost%20Lead)")
        .await;
    let found = env
        .get("/crm/v8/Leads/search?criteria=(Lead_Status:equals:Lost%20Lead)&per_page=200")
        .await;
    assert_eq!(
        count(&lost),
        found.json()["data"].as_array().unwrap().len() as u64
    );
    assert!(count(&lost) > 0 && count(&lost) < total as u64);
    let word = env
        .get("/crm/v8/Leads/actions/count?word=nothing-like-this")
        .await;
    assert_eq!(count(&word), 0);

    let modules = env.get("/crm/v8/settings/modules/Leads").await;
    let module_id = modules.json()["modules"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let view = all_records_view_id(&module_id);
    let by_view = env
        .get(&format!("/crm/v8/Leads/actions/count?cvid={view}"))
        .await;
    assert_eq!(count(&by_view), total as u64);
    let both = env
        .get(&format!("/crm/v8/Leads/actions/count?cvid={view}&word=x"))
        .await;
    assert_eq!(both.status, 400);
    assert_eq!(both.code(), "AMBIGUITY_DURING_PROCESSING");
    let unknown = env.get("/crm/v8/Leads/actions/count?cvid=123").await;
    assert_eq!(unknown.code(), "INVALID_DATA");
    assert_eq!(
        env.get("/crm/v8/Nope/actions/count").await.code(),
        "INVALID_MODULE"
    );
}

#[tokio::test]
async fn org_carries_its_zgid() {
    let env = start().await;
    let org = env.get("/crm/v8/org").await;
    let org = &org.json()["org"][0];
    let zgid = org["zgid"].as_str().expect("a zgid");
    assert!(!zgid.is_empty() && zgid.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(org["domain_name"], format!("org{zgid}").as_str());
}

#[tokio::test]
async fn field_metadata_carries_real_data_types() {
    let env = start().await;
    let fields = |module: &'static str| {
        let env = &env;
        async move {
            let a = env
                .get(&format!("/crm/v8/settings/fields?module={module}"))
                .await;
            a.json()["fields"].as_array().unwrap().clone()
        }
    };
    let by = |list: &[Value], name: &str| -> Value {
        list.iter()
            .find(|f| f["api_name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    let deals = fields("Deals").await;
    assert_eq!(by(&deals, "Amount")["data_type"], "currency");
    let stage = by(&deals, "Stage");
    assert_eq!(stage["data_type"], "picklist");
    let values: Vec<&str> = stage["pick_list_values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["actual_value"].as_str().unwrap())
        .collect();
    assert!(values.contains(&"Qualification"), "{values:?}");
    let account = by(&deals, "Account_Name");
    assert_eq!(account["data_type"], "lookup");
    assert_eq!(account["lookup"]["module"]["api_name"], "Accounts");
    assert_eq!(
        by(&deals, "Contact_Name")["lookup"]["module"]["api_name"],
        "Contacts"
    );
    assert_eq!(by(&deals, "Probability")["data_type"], "integer");
    let products = fields("Products").await;
    assert_eq!(by(&products, "Unit_Price")["data_type"], "currency");
    assert_eq!(by(&products, "Product_Active")["data_type"], "boolean");
    let leads = fields("Leads").await;
    assert_eq!(by(&leads, "Lead_Status")["data_type"], "picklist");
    assert_eq!(by(&leads, "Email")["data_type"], "email");
    assert_eq!(by(&leads, "Last_Name")["data_type"], "text");
}

#[tokio::test]
async fn a_child_waits_for_its_parent_to_be_restored() {
    let env = start().await;
    assert_eq!(
        env.delete(&format!("/crm/v8/Accounts/{ACCOUNT}"))
            .await
            .status,
        200
    );
    assert_eq!(
        env.delete(&format!("/crm/v8/Contacts/{CONTACT}"))
            .await
            .status,
        200
    );
    let restore = |body: String| {
        let env = &env;
        async move {
            env.post_json("/crm/v8/settings/recycle_bin/actions/restore", &body)
                .await
        }
    };
    let alone = restore(json!({ "ids": [CONTACT] }).to_string()).await;
    assert_eq!(alone.status, 400, "{:?}", alone.body);
    assert_eq!(
        alone.items("recycle_bin"),
        vec![(
            CONTACT.to_string(),
            "CANNOT_RESTORE_WITHOUT_PARENT".to_string()
        )]
    );
    assert_eq!(alone.json()["recycle_bin"][0]["status"], "error");
    let one = env
        .call(
            Method::POST,
            &format!("/crm/v8/settings/recycle_bin/{CONTACT}/actions/restore"),
        )
        .await;
    assert_eq!(
        one.items("recycle_bin")[0].1,
        "CANNOT_RESTORE_WITHOUT_PARENT"
    );
    assert!(env.sb.control().in_recycle_bin("Contacts", CONTACT));

    let together = restore(json!({ "ids": [CONTACT, ACCOUNT] }).to_string()).await;
    assert_eq!(together.status, 200, "{:?}", together.body);
    assert!(env.sb.control().record_exists("Contacts", CONTACT));
    assert!(env.sb.control().record_exists("Accounts", ACCOUNT));
}
