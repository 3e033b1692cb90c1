//! Every curl sample of the seed pages, with the host swapped, gets the page's sample response;
//! and the mixed (207) example of zoho-api.md holds on a fresh sandbox.

use crate::sandbox_common as common;

use common::{SAMPLE_TOKEN, start};
use reqwest::Method;
use serde_json::{Value, json};

fn parse(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

#[tokio::test]
async fn delete_records_sample_answers_its_documented_response_in_every_version() {
    // 001: curl ".../crm/v2/Leads?ids=410405000002264040,410405000002264025&wf_trigger=true"
    let expected = parse(
        r#"{
    "data": [
       {
            "code": "SUCCESS",
            "details": {
                "id": "410405000002264040"
            },
            "message": "record deleted",
            "status": "success"
        },
       {
            "code": "SUCCESS",
            "details": {
                "id": "410405000002264025"
            },
            "message": "record deleted",
            "status": "success"
        }
    ]
}"#,
    );
    for v in 2..=8 {
        let env = start().await;
        let a = env
            .delete(&format!(
                "/crm/v{v}/Leads?ids=410405000002264040,410405000002264025&wf_trigger=true"
            ))
            .await;
        assert_eq!(a.status, 200, "v{v}");
        assert_eq!(a.json(), &expected, "v{v}");
        let c = env.sb.control();
        assert!(!c.record_exists("Leads", "410405000002264040"));
        assert!(c.in_recycle_bin("Leads", "410405000002264025"));
    }
}

#[tokio::test]
async fn delink_sample_answers_its_documented_response() {
    // 000 (v2) and 002 (v7): Campaigns/3652397000000327001/Contacts?ids=...
    let expected = parse(
        r#"{
    "data": [
        {
            "code": "SUCCESS",
            "details": {
                "id": "3652397000000925128"
            },
            "message": "relation removed",
            "status": "success"
        },
        {
            "code": "SUCCESS",
            "details": {
                "id": "3652397000000649013"
            },
            "message": "relation removed",
            "status": "success"
        }
    ]
}"#,
    );
    for v in [2, 7] {
        let env = start().await;
        let c = env.sb.control();
        assert!(c.is_related(
            "Campaigns",
            "3652397000000327001",
            "Contacts",
            "3652397000000925128"
        ));
        let a = env
            .delete(&format!("/crm/v{v}/Campaigns/3652397000000327001/Contacts?ids=3652397000000925128,3652397000000649013"))
            .await;
        assert_eq!(a.status, 200);
        assert_eq!(a.json(), &expected);
        assert!(!c.is_related(
            "Campaigns",
            "3652397000000327001",
            "Contacts",
            "3652397000000925128"
        ));
        // Delinked records still exist.
        assert!(c.record_exists("Contacts", "3652397000000925128"));
        assert!(c.record_exists("Contacts", "3652397000000649013"));
        assert!(c.record_exists("Campaigns", "3652397000000327001"));
    }
}

#[tokio::test]
async fn java_sdk_delink_of_products_from_a_lead_answers_success() {
    // 000's Java SDK sample: RelatedRecordsOperations("Products", 3477061000005177002L, "Leads")
    // .delinkRecords with IDS 3477061000005919001, 3477061000005917011, which the SDK sends as
    // DELETE /crm/v2/Leads/3477061000005177002/Products?ids=3477061000005919001,3477061000005917011
    let env = start().await;
    let c = env.sb.control();
    let (lead, products) = (
        "3477061000005177002",
        ["3477061000005919001", "3477061000005917011"],
    );
    for p in products {
        assert!(c.is_related("Leads", lead, "Products", p), "{p}");
    }
    let a = env
        .delete("/crm/v2/Leads/3477061000005177002/Products?ids=3477061000005919001,3477061000005917011")
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    let item = |id: &str| json!({"code": "SUCCESS", "details": {"id": id}, "message": "relation removed", "status": "success"});
    assert_eq!(
        a.json(),
        &json!({"data": [item(products[0]), item(products[1])]})
    );
    for p in products {
        assert!(!c.is_related("Products", p, "Leads", lead));
        assert!(c.record_exists("Products", p));
    }
    assert!(c.record_exists("Leads", lead));
}

#[tokio::test]
async fn delink_by_external_id_sample_answers_its_documented_response() {
    // 003: curl ".../crm/v7/Contacts/extcontact3/Deals/extdeal3" -H "X-EXTERNAL: Contacts.External_Contact_ID"
    let env = start().await;
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v7/Contacts/extcontact3/Deals/extdeal3",
            Some(SAMPLE_TOKEN),
            &[("X-EXTERNAL", "Contacts.External_Contact_ID")],
            None,
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.json(),
        &parse(
            r#"{
"data": [
{
"code": "SUCCESS",
"details": {
"id": "111111000000094040"
},
"message": "relation removed",
"status": "success"
}
]
}"#
        )
    );
    assert!(
        env.sb
            .control()
            .record_exists("Deals", "111111000000094040")
    );
    // Done twice, the relation is gone.
    let again = env
        .call_as(
            Method::DELETE,
            "/crm/v7/Contacts/extcontact3/Deals/extdeal3",
            Some(SAMPLE_TOKEN),
            &[("X-EXTERNAL", "Contacts.External_Contact_ID")],
            None,
        )
        .await;
    assert_eq!(again.status, 400);
    assert_eq!(
        again.items("data"),
        vec![("111111000000094040".into(), "INVALID_DATA".into())]
    );
}

#[tokio::test]
async fn delete_contact_roles_sample_answers_its_documented_response() {
    // 004: curl ".../crm/v6/Contacts/roles?ids=4150868000001015046,4150868000001015042"
    let env = start().await;
    let a = env
        .delete("/crm/v6/Contacts/roles?ids=4150868000001015046,4150868000001015042")
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(
        a.json(),
        &parse(
            r#"{
    "contact_roles": [
        {
            "code": "SUCCESS",
            "details": {
                "id": "4150868000001015046"
            },
            "message": "contact role deleted",
            "status": "success"
        },
        {
            "code": "SUCCESS",
            "details": {
                "id": "4150868000001015042"
            },
            "message": "contact role deleted",
            "status": "success"
        }
    ]
}"#
        )
    );
    let c = env.sb.control();
    assert!(!c.contact_role_exists("4150868000001015046"));
    // Deleted twice: "contact role not deleted".
    let again = env
        .delete("/crm/v6/Contacts/roles/4150868000001015042")
        .await;
    assert_eq!(again.status, 400);
    assert_eq!(
        again.json()["contact_roles"][0]["message"],
        "contact role not deleted"
    );
}

#[tokio::test]
async fn mixed_delete_example_is_a_207() {
    let env = start().await;
    let a = env
        .delete("/crm/v8/Leads?ids=410405000002264040,4150868000005067099")
        .await;
    assert_eq!(a.status, 207);
    assert_eq!(
        a.json(),
        &parse(
            r#"{"data":[{"status":"success","code":"SUCCESS","message":"record deleted","details":{"id":"410405000002264040"}},{"status":"error","code":"INVALID_DATA","message":"record not deleted","details":{"id":"4150868000005067099"}}]}"#
        )
    );
}

#[tokio::test]
async fn sdk_sample_price_book_delinks_work() {
    let env = start().await;
    let c = env.sb.control();
    // Java/C#/PHP samples: Products/{id}/Price_Books?ids=34770617596026,34770617246019
    for product in ["34770617606020", "3477061606020", "3477061000007606020"] {
        let a = env
            .delete(&format!(
                "/crm/v2/Products/{product}/Price_Books?ids=34770617596026,34770617246019"
            ))
            .await;
        assert_eq!(a.status, 200, "{product}: {:?}", a.body);
    }
    let one = env
        .delete("/crm/v2/Products/34770617606020/Price_Books/34770610345002")
        .await;
    assert_eq!(
        one.json(),
        &json!({"data":[{"code":"SUCCESS","details":{"id":"34770610345002"},"message":"relation removed","status":"success"}]})
    );
    let py = env
        .delete("/crm/v2/Products/3409643000000798007/Price_Books?ids=3409643000002414001,3409643000002414010")
        .await;
    assert_eq!(py.status, 200);
    assert!(c.record_exists("Price_Books", "3409643000002414001"));
    // "Potentials" is the v2 name of the Deals list.
    let deals = c.related_ids("Products", "3409643000000798007", "Deals");
    let first = &deals[0];
    let old = env
        .delete(&format!(
            "/crm/v2/Products/3409643000000798007/Potentials/{first}"
        ))
        .await;
    assert_eq!(old.status, 200, "{:?}", old.body);
}

#[tokio::test]
async fn sdk_sample_lead_deletes_work() {
    let env = start().await;
    let a = env
        .delete("/crm/v2/Leads?ids=3409643000002804002,3409643000002804003,3409643000002804004&wf_trigger=true")
        .await;
    assert_eq!(a.status, 200);
    let one = env.delete("/crm/v2/Leads/34770617738002").await;
    assert_eq!(
        one.json(),
        &json!({"data":[{"code":"SUCCESS","details":{"id":"34770617738002"},"message":"record deleted","status":"success"}]})
    );
}
