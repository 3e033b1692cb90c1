//! COQL's refusals over real HTTP: SYNTAX_ERROR, INVALID_QUERY and LIMIT_EXCEEDED with their
//! details, the request's shape, and the scopes a query needs.

use crate::sandbox_common as common;

use common::{Answer, start};
use serde_json::json;

#[tokio::test]
async fn errors_as_documented() {
    let env = start().await;
    let err = |a: &Answer| (a.status, a.code().to_string(), a.json()["details"].clone());
    let a = env.coql("select from Leads").await;
    assert_eq!(
        err(&a),
        (
            400,
            "SYNTAX_ERROR".into(),
            json!({"clause":"select","line":1,"column":8,"near":"from"})
        )
    );
    let a = env.coql("select id\nfrom Leads\nwhere Last_Name = ").await;
    assert_eq!(
        err(&a),
        (
            400,
            "SYNTAX_ERROR".into(),
            json!({"clause":"where","line":3,"column":19,"near":""})
        )
    );
    let a = env.coql("select Last_Nam from Leads").await;
    assert_eq!(
        err(&a),
        (
            400,
            "INVALID_QUERY".into(),
            json!({"column_name":"Last_Nam"})
        )
    );
    let a = env.coql("select id from Leads where Nope = 'x'").await;
    assert_eq!(err(&a).2, json!({"column_name":"Nope"}));
    let a = env.coql("select id from Leads order by Nope").await;
    assert_eq!(err(&a).2, json!({"column_name":"Nope"}));
    let a = env.coql("select id from Lead").await;
    assert_eq!(
        err(&a),
        (400, "INVALID_QUERY".into(), json!({"module_name":"Lead"}))
    );
    assert_eq!(a.json()["message"], "invalid module given");
    let a = env
        .coql("select id from Leads where Created_Time like '%2024%'")
        .await;
    assert_eq!(
        err(&a),
        (
            400,
            "INVALID_QUERY".into(),
            json!({"column_name":"Created_Time","operator":"like"})
        )
    );
    let a = env
        .coql("select id from Leads where Created_Time > '2024-01-01'")
        .await;
    assert_eq!(
        err(&a),
        (
            400,
            "INVALID_QUERY".into(),
            json!({"column_name":"Created_Time","value":"2024-01-01"})
        )
    );
    let a = env.coql("select id from Leads limit 2001").await;
    assert_eq!(
        err(&a),
        (
            400,
            "LIMIT_EXCEEDED".into(),
            json!({"clause":"limit","limit":2000})
        )
    );
    assert!(
        env.coql("select id from Leads limit 98000, 2000")
            .await
            .status
            < 300
    );
    let a = env.coql("select id from Leads limit 98001, 2000").await;
    assert_eq!(
        err(&a),
        (
            400,
            "LIMIT_EXCEEDED".into(),
            json!({"clause":"offset","limit":100000})
        )
    );
    // The limitations page's own example.
    let a = env
        .coql("select id from Contacts where id is not null order by id,id")
        .await;
    assert_eq!(
        err(&a),
        (
            400,
            "DUPLICATE_DATA".into(),
            json!({"clause":"order by","column_name":"id"})
        )
    );
    let a = env.post_json("/crm/v7/coql", "{}").await;
    assert_eq!(
        err(&a),
        (
            400,
            "REQUIRED_PARAM_MISSING".into(),
            json!({"param_name":"select_query"})
        )
    );
    let a = env.get("/crm/v7/coql").await;
    assert_eq!(a.code(), "INVALID_REQUEST_METHOD");
}

#[tokio::test]
async fn scopes_and_the_read_only_user() {
    let env = start().await;
    let c = env.sb.control();
    let body = json!({ "select_query": "select id from Leads limit 1" }).to_string();
    let post = |token: String| {
        let body = body.clone();
        let env = &env;
        async move {
            env.call_as(
                reqwest::Method::POST,
                "/crm/v7/coql",
                Some(&token),
                &[],
                Some(&body),
            )
            .await
        }
    };
    let without_coql = env
        .token_for(&c.credentials_with_scopes(&["ZohoCRM.modules.ALL"]))
        .await;
    assert_eq!(post(without_coql).await.code(), "OAUTH_SCOPE_MISMATCH");
    let other_module = env
        .token_for(
            &c.credentials_with_scopes(&["ZohoCRM.coql.READ", "ZohoCRM.modules.contacts.READ"]),
        )
        .await;
    assert_eq!(post(other_module).await.code(), "OAUTH_SCOPE_MISMATCH");
    let enough = env
        .token_for(&c.credentials_with_scopes(&["ZohoCRM.coql.READ", "ZohoCRM.modules.leads.READ"]))
        .await;
    assert_eq!(post(enough).await.status, 200);
    let read_only = env.token_for(&c.read_only_credentials()).await;
    assert_eq!(post(read_only).await.status, 200, "a query only reads");
    let main = env.token_for(&env.sb.credentials()).await;
    assert_eq!(
        post(main).await.status,
        200,
        "the sandbox's own credentials carry the COQL scope"
    );
}
