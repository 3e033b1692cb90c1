//! `POST /crm/{v}/coql`: Zoho's COQL subset over real HTTP, with the queries of Zoho's own COQL
//! pages, each operator, brackets, paging by `limit offset, count` on a generated org,
//! `COUNT(id)` and the documented errors.

use crate::sandbox_common as common;

use std::collections::HashSet;

use chrono::DateTime;
use common::{Env, start, start_with};
use serde_json::{Value, json};
use zcrm_tui::sandbox::SandboxOptions;

async fn count(env: &Env, where_: &str) -> u64 {
    let a = env
        .coql(&format!("select COUNT(id) from Leads where {where_}"))
        .await;
    assert_eq!(a.status, 200, "{where_}: {:?}", a.body);
    a.json()["data"][0]["COUNT(id)"].as_u64().unwrap()
}

/// Every live lead with the fields the tests compare, through the records API.
async fn leads(env: &Env) -> Vec<Value> {
    env.all_pages("/crm/v8/Leads?fields=Last_Name,Lead_Status,Created_Time,Email,Owner")
        .await
}

fn time(v: &Value) -> i64 {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .timestamp()
}

#[tokio::test]
async fn queries_from_zohos_pages() {
    let env = start().await;
    let all = leads(&env).await;
    // The Java SDK sample of "Get Records through a COQL Query".
    let a = env
        .coql("select Last_Name from Leads where Last_Name is not null limit 500")
        .await;
    assert_eq!(a.status, 200);
    let with_name = all.iter().filter(|r| r["Last_Name"].is_string()).count();
    assert_eq!(a.json()["info"]["count"], with_name.min(500));
    assert_eq!(a.json()["info"]["more_records"], with_name > 500);
    let row = &a.json()["data"][0];
    assert_eq!(row.as_object().unwrap().len(), 2, "Last_Name and id: {row}");
    // The page's own sample, on Contacts: the sandbox's contacts have no Lead_Source.
    let a = env.coql("select Last_Name, First_Name, Full_Name, Lead_Source, Languages_Known from Contacts where (((Last_Name = 'Boyle') and (Lead_Source = Advertisement)) and Languages_Known = 'English;German') limit 2").await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.json(),
        &json!({"code":"INVALID_QUERY","details":{"column_name":"Lead_Source"},"message":"invalid column given","status":"error"})
    );
    let a = env.coql("select Last_Name, First_Name, Full_Name from Contacts where ((Last_Name = 'Boyle') and (First_Name = 'Patricia')) limit 2").await;
    assert!(a.status == 200 || a.status == 204, "{:?}", a.body);
    // Default: 200 rows, by id ascending.
    let a = env
        .coql("select Last_Name from Leads where Created_Time >= '2000-01-01T00:00:00+00:00'")
        .await;
    let ids: Vec<u128> = a.json()["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(ids.len(), 200);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(a.json()["info"]["more_records"], true);
}

#[tokio::test]
async fn each_operator_compares_as_the_fields_type() {
    let env = start().await;
    let all = leads(&env).await;
    let n = |f: &dyn Fn(&Value) -> bool| all.iter().filter(|r| f(r)).count() as u64;
    let name = |r: &Value| r["Last_Name"].as_str().unwrap_or_default().to_lowercase();
    let status = |r: &Value| r["Lead_Status"].as_str().unwrap_or_default().to_string();
    let cut = time(&json!("2026-01-01T00:00:00+00:00"));
    let t = |r: &Value| time(&r["Created_Time"]);
    assert_eq!(
        count(&env, "Lead_Status = 'Junk Lead'").await,
        n(&|r| status(r) == "Junk Lead")
    );
    assert_eq!(
        count(&env, "Lead_Status != 'Junk Lead'").await,
        n(&|r| status(r) != "Junk Lead")
    );
    assert_eq!(
        count(&env, "Last_Name like '%son%'").await,
        n(&|r| name(r).contains("son"))
    );
    assert_eq!(
        count(&env, "Last_Name like 'Ch%'").await,
        n(&|r| name(r).starts_with("ch"))
    );
    assert_eq!(
        count(&env, "Last_Name like '%ez'").await,
        n(&|r| name(r).ends_with("ez"))
    );
    assert_eq!(
        count(&env, "Last_Name not like '%son%'").await,
        n(&|r| !name(r).contains("son"))
    );
    let two = ["Junk Lead", "Lost Lead"];
    assert_eq!(
        count(&env, "Lead_Status in ('Junk Lead', 'Lost Lead')").await,
        n(&|r| two.contains(&status(r).as_str()))
    );
    assert_eq!(
        count(&env, "Lead_Status not in ('Junk Lead', 'Lost Lead')").await,
        n(&|r| !two.contains(&status(r).as_str()))
    );
    // The same instant written in another offset selects the same records.
    for (q, f) in [
        (
            "Created_Time < '2026-01-01T00:00:00+00:00'",
            &(|x: i64| x < cut) as &dyn Fn(i64) -> bool,
        ),
        ("Created_Time < '2026-01-01T05:30:00+05:30'", &|x| x < cut),
        ("Created_Time > '2026-01-01T00:00:00+00:00'", &|x| x > cut),
        ("Created_Time <= '2026-01-01T00:00:00+00:00'", &|x| x <= cut),
        ("Created_Time >= '2026-01-01T00:00:00+00:00'", &|x| x >= cut),
        (
            "Created_Time between '2025-06-01T00:00:00+00:00' and '2026-01-01T00:00:00+00:00'",
            &|x| x >= time(&json!("2025-06-01T00:00:00+00:00")) && x <= cut,
        ),
    ] {
        assert_eq!(count(&env, q).await, n(&|r| f(t(r))), "{q}");
    }
    assert_eq!(
        count(&env, "Email is null").await,
        n(&|r| r["Email"].is_null())
    );
    assert_eq!(
        count(&env, "Email is not null").await,
        n(&|r| !r["Email"].is_null())
    );
    let owner = all[0]["Owner"]["id"].as_str().unwrap().to_string();
    let owned = n(&|r| r["Owner"]["id"] == owner.as_str());
    assert_eq!(count(&env, &format!("Owner = '{owner}'")).await, owned);
    assert_eq!(count(&env, &format!("Owner.id = '{owner}'")).await, owned);
    let a = env
        .coql(&format!(
            "select Owner from Leads where Owner = '{owner}' limit 1"
        ))
        .await;
    assert_eq!(
        a.json()["data"][0]["Owner"],
        json!({ "id": owner }),
        "COQL answers a lookup by its id"
    );
}

#[tokio::test]
async fn more_than_two_criteria_need_brackets() {
    let env = start().await;
    let q = "select id from Leads where Lead_Status = 'Junk Lead' and Email is not null and Last_Name like 'B%'";
    let a = env.coql(q).await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.json(),
        &json!({"code":"SYNTAX_ERROR","details":{"clause":"where","line":1,"column":76,"near":"and"},"message":"error occured while parsing the query","status":"error"})
    );
    let left = count(
        &env,
        "((Lead_Status = 'Junk Lead' and Email is not null) and Last_Name like 'B%')",
    )
    .await;
    let right = count(
        &env,
        "(Lead_Status = 'Junk Lead' and (Email is not null and Last_Name like 'B%'))",
    )
    .await;
    assert_eq!(left, right);
    let either = count(
        &env,
        "(Lead_Status = 'Junk Lead' or Lead_Status = 'Lost Lead')",
    )
    .await;
    assert_eq!(
        either,
        count(&env, "Lead_Status in ('Junk Lead','Lost Lead')").await
    );
}

#[tokio::test]
async fn paging_by_limit_and_offset_across_2000_row_pages() {
    let env = start_with(SandboxOptions {
        generate: vec![("Leads".into(), 5000)],
        seed: 7,
        ..SandboxOptions::default()
    })
    .await;
    let where_ = "Lead_Status != 'Junk Lead'";
    let total = count(&env, where_).await as usize;
    assert!(total > 4000, "{total}");
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let q = format!(
            "select Last_Name, Created_Time from Leads where {where_} order by Created_Time desc, id asc limit {offset}, 2000"
        );
        let a = env.coql(&q).await;
        assert_eq!(a.status, 200);
        let rows = a.json()["data"].as_array().unwrap().clone();
        assert_eq!(a.json()["info"]["count"], rows.len());
        offset += rows.len();
        seen.extend(rows);
        if a.json()["info"]["more_records"] != true {
            break;
        }
        assert_eq!(seen.len() % 2000, 0);
    }
    assert_eq!(seen.len(), total);
    let ids: HashSet<&str> = seen.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), total);
    assert!(
        seen.windows(2)
            .all(|w| time(&w[0]["Created_Time"]) >= time(&w[1]["Created_Time"]))
    );
    // `limit N offset M` is the same page as `limit M, N`.
    let a = env.coql(&format!("select id from Leads where {where_} order by Created_Time desc, id limit 2000 offset 2000")).await;
    let b = env
        .coql(&format!(
            "select id from Leads where {where_} order by Created_Time desc, id limit 2000, 2000"
        ))
        .await;
    assert_eq!(a.json()["data"], b.json()["data"]);
    assert_eq!(a.json()["data"][0]["id"], seen[2000]["id"]);
    // Past the last match: no content.
    let a = env
        .coql(&format!(
            "select id from Leads where {where_} limit {total}, 10"
        ))
        .await;
    assert_eq!(a.status, 204);
}

#[tokio::test]
async fn count_and_in_lists_of_up_to_100_values() {
    let env = start().await;
    let a = env.coql("select COUNT(id) from Leads").await;
    assert_eq!(
        a.json(),
        &json!({"data":[{"COUNT(id)": leads(&env).await.len()}],"info":{"count":1,"more_records":false}})
    );
    let values = |n: usize| {
        (0..n)
            .map(|i| format!("'v{i}'"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let a = env
        .coql(&format!(
            "select id from Leads where Last_Name in ({})",
            values(100)
        ))
        .await;
    assert_eq!(a.status, 204, "100 values are accepted");
    let a = env
        .coql(&format!(
            "select id from Leads where Last_Name in ({})",
            values(101)
        ))
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "LIMIT_EXCEEDED");
    assert_eq!(a.json()["details"], json!({"clause":"where","limit":100}));
    let a = env
        .coql("select id from Leads where Last_Name = 'nobody at all'")
        .await;
    assert_eq!(a.status, 204);
    assert!(a.raw.is_empty());
}

/// Zoho's COQL overview: LIMIT 1-200 costs one credit, 201-1,000 two, 1,001-2,000 three.
#[tokio::test]
async fn a_coql_call_costs_credits_by_its_limit() {
    let env = start_with(SandboxOptions {
        edition: Some(zcrm_tui::sandbox::Edition::Standard),
        ..SandboxOptions::default()
    })
    .await;
    let c = env.sb.control();
    let used = || c.credits().map(|(used, _)| used).unwrap_or(0);
    let before = used();
    let spent = |limit: &str| format!("select Last_Name from Leads where id is not null {limit}");
    for (limit, cost) in [
        ("limit 200", 1),
        ("limit 201", 2),
        ("limit 0, 1000", 2),
        ("limit 2000", 3),
        ("", 1),
    ] {
        let at = used();
        let a = env.coql(&spent(limit)).await;
        assert!(a.status == 200 || a.status == 204, "{limit}: {:?}", a.body);
        assert_eq!(used() - at, cost, "{limit}");
    }
    assert_eq!(used() - before, 9);
}
