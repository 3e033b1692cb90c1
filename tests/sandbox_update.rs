//! `PUT /crm/{v}/{module}` and `PUT /crm/{v}/{module}/{id}`: Zoho's update-records call over
//! real HTTP: the new values and a later Modified_Time, per-record errors, the 100-record
//! limit, locked records, scopes and the read-only user.

use crate::sandbox_common as common;

use chrono::DateTime;
use common::{Answer, Env, SAMPLE_TOKEN, start, start_with};
use reqwest::Method;
use serde_json::{Value, json};
use zcrm_tui::sandbox::SandboxOptions;

async fn put(env: &Env, path: &str, body: &Value, token: &str) -> Answer {
    env.call_as(Method::PUT, path, Some(token), &[], Some(&body.to_string()))
        .await
}

async fn lead(env: &Env, id: &str) -> Value {
    env.get(&format!("/crm/v8/Leads/{id}")).await.json()["data"][0].clone()
}

fn t(v: &Value) -> DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn an_update_shows_in_the_record_with_a_later_modified_time() {
    let env = start().await;
    let ids = env.sb.control().record_ids("Leads");
    let (a, b) = (ids[0].clone(), ids[1].clone());
    let before = lead(&env, &a).await;
    let body = json!({"data": [
        {"id": a, "Lead_Status": "Junk Lead", "City": "Tallinn"},
        {"id": b, "Last_Name": "Renamed"},
    ]});
    let r = put(&env, "/crm/v7/Leads", &body, SAMPLE_TOKEN).await;
    assert_eq!(r.status, 200, "{:?}", r.body);
    let item = &r.json()["data"][0];
    assert_eq!(item["code"], "SUCCESS");
    assert_eq!(item["status"], "success");
    assert_eq!(item["message"], "record updated");
    assert_eq!(item["details"]["id"], a.as_str());
    assert!(item["details"]["Modified_By"]["id"].is_string());
    assert_eq!(item["details"]["Created_Time"], before["Created_Time"]);
    let after = lead(&env, &a).await;
    assert_eq!(after["Lead_Status"], "Junk Lead");
    assert_eq!(after["City"], "Tallinn");
    assert_eq!(after["Modified_Time"], item["details"]["Modified_Time"]);
    assert!(t(&after["Modified_Time"]) > t(&before["Modified_Time"]));
    assert_eq!(after["Modified_By"], item["details"]["Modified_By"]);
    let renamed = lead(&env, &b).await;
    assert_eq!(renamed["Last_Name"], "Renamed");
    assert!(renamed["Full_Name"].as_str().unwrap().ends_with("Renamed"));
    // One record through its path.
    let r = put(
        &env,
        &format!("/crm/v7/Leads/{a}"),
        &json!({"data": [{"City": "Riga"}]}),
        SAMPLE_TOKEN,
    )
    .await;
    assert_eq!(r.items("data"), vec![(a.clone(), "SUCCESS".to_string())]);
    assert_eq!(lead(&env, &a).await["City"], "Riga");
    // COQL sees the change.
    let q = json!({"select_query": format!("select City from Leads where id = '{a}'")}).to_string();
    let r = env.post_json("/crm/v7/coql", &q).await;
    assert_eq!(r.json()["data"][0]["City"], "Riga");
}

#[tokio::test]
async fn each_record_answers_for_itself() {
    let env = start().await;
    let id = env.sb.control().record_ids("Leads")[0].clone();
    let body = json!({"data": [
        {"id": id, "City": "Oslo"},
        {"City": "nowhere"},
        {"id": "1234567890123456789", "City": "x"},
        {"id": id, "No_Such_Field": 1},
        {"id": id, "Created_Time": "yesterday", "Owner": 5},
    ]});
    let r = put(&env, "/crm/v7/Leads", &body, SAMPLE_TOKEN).await;
    assert_eq!(r.status, 207);
    let d = &r.json()["data"];
    assert_eq!(d[0]["code"], "SUCCESS");
    assert_eq!(
        d[1],
        json!({"code":"MANDATORY_NOT_FOUND","details":{"api_name":"id","json_path":"$.data[1].id"},"message":"required field not found","status":"error"})
    );
    assert_eq!(
        d[2],
        json!({"code":"INVALID_DATA","details":{"api_name":"id","json_path":"$.data[2].id"},"message":"the id given seems to be invalid","status":"error"})
    );
    assert_eq!(
        d[3],
        json!({"code":"INVALID_DATA","details":{"api_name":"No_Such_Field","json_path":"$.data[3].No_Such_Field"},"message":"invalid data","status":"error"})
    );
    // Created_Time is Zoho's to set and left alone; a number for a lookup is refused.
    assert_eq!(d[4]["code"], "INVALID_DATA");
    assert_eq!(d[4]["details"]["api_name"], "Owner");
    assert_eq!(d[4]["details"]["expected_data_type"], "ownerlookup");
    assert_eq!(lead(&env, &id).await["City"], "Oslo");
    // All refused: 400.
    let r = put(
        &env,
        "/crm/v7/Leads",
        &json!({"data": [{"City": "x"}]}),
        SAMPLE_TOKEN,
    )
    .await;
    assert_eq!(r.status, 400);
}

#[tokio::test]
async fn over_100_records_and_bodies_without_data_are_refused() {
    let env = start().await;
    let c = env.sb.control();
    let held: Vec<String> = [
        c.locked_record_ids("Leads"),
        c.not_approved_record_ids("Leads"),
    ]
    .concat();
    let ids: Vec<String> = c
        .record_ids("Leads")
        .into_iter()
        .filter(|i| !held.contains(i))
        .collect();
    let many: Vec<Value> = ids
        .iter()
        .take(101)
        .map(|i| json!({"id": i, "City": "x"}))
        .collect();
    let r = put(
        &env,
        "/crm/v7/Leads",
        &json!({ "data": many }),
        SAMPLE_TOKEN,
    )
    .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "LIMIT_EXCEEDED");
    assert_ne!(lead(&env, &ids[0]).await["City"], "x");
    let hundred: Vec<Value> = ids
        .iter()
        .take(100)
        .map(|i| json!({"id": i, "City": "x"}))
        .collect();
    let r = put(
        &env,
        "/crm/v7/Leads",
        &json!({ "data": hundred }),
        SAMPLE_TOKEN,
    )
    .await;
    assert_eq!(r.status, 200);
    let r = put(&env, "/crm/v7/Leads", &json!({}), SAMPLE_TOKEN).await;
    assert_eq!(r.code(), "MANDATORY_NOT_FOUND");
    assert_eq!(
        r.json()["details"],
        json!({"api_name":"data","json_path":"$.data"})
    );
}

#[tokio::test]
async fn locked_records_scopes_and_the_read_only_user() {
    let env = start_with(SandboxOptions {
        generate: vec![("Leads".into(), 2000)],
        seed: 11,
        ..SandboxOptions::default()
    })
    .await;
    let c = env.sb.control();
    let locked = c.locked_record_ids("Leads");
    assert!(!locked.is_empty());
    let r = put(
        &env,
        "/crm/v7/Leads",
        &json!({"data": [{"id": locked[0], "City": "x"}]}),
        SAMPLE_TOKEN,
    )
    .await;
    assert_eq!(
        r.items("data"),
        vec![(locked[0].clone(), "RECORD_LOCKED".to_string())]
    );
    let id = c.record_ids("Leads")[0].clone();
    let body = json!({"data": [{"id": id, "City": "Vilnius"}]});
    let read_only = env.token_for(&c.read_only_credentials()).await;
    let r = put(&env, "/crm/v7/Leads", &body, &read_only).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.code(), "NO_PERMISSION");
    let reader = env
        .token_for(&c.credentials_with_scopes(&["ZohoCRM.modules.READ"]))
        .await;
    assert_eq!(
        put(&env, "/crm/v7/Leads", &body, &reader).await.code(),
        "OAUTH_SCOPE_MISMATCH"
    );
    let deleter = env
        .token_for(&c.credentials_with_scopes(&["ZohoCRM.modules.leads.DELETE"]))
        .await;
    assert_eq!(
        put(&env, "/crm/v7/Leads", &body, &deleter).await.code(),
        "OAUTH_SCOPE_MISMATCH"
    );
    assert_ne!(lead(&env, &id).await["City"], "Vilnius");
    let updater = env
        .token_for(&c.credentials_with_scopes(&["ZohoCRM.modules.leads.UPDATE"]))
        .await;
    assert_eq!(
        put(&env, "/crm/v7/Leads", &body, &updater).await.status,
        200
    );
    assert_eq!(lead(&env, &id).await["City"], "Vilnius");
}
