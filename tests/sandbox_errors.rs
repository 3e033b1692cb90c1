//! The documented error answers of the removal APIs.

use crate::sandbox_common as common;

use common::{SAMPLE_TOKEN, start};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn more_than_100_ids_are_refused_whole() {
    let env = start().await;
    let c = env.sb.control();
    let ids: Vec<String> = c.record_ids("Leads").into_iter().take(101).collect();
    let a = env
        .delete(&format!("/crm/v8/Leads?ids={}", ids.join(",")))
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.json(),
        &json!({"code":"LIMIT_EXCEEDED","details":{"limit":"100","param_name":"ids"},"message":"Limit Exceeded, You cannot give more than 100 record ids","status":"error"})
    );
    assert!(
        ids.iter().all(|id| c.record_exists("Leads", id)),
        "nothing deleted"
    );
    // Exactly 100 is fine.
    let a = env
        .delete(&format!("/crm/v8/Leads?ids={}", ids[..100].join(",")))
        .await;
    assert_ne!(a.code(), "LIMIT_EXCEEDED");
    assert_eq!(a.items("data").len(), 100);
    // Same limit for delinks and contact roles.
    let many: Vec<String> = (0..101).map(|i| format!("{}", 1_000_000 + i)).collect();
    let a = env
        .delete(&format!(
            "/crm/v8/Campaigns/3652397000000327001/Leads?ids={}",
            many.join(",")
        ))
        .await;
    assert_eq!(a.code(), "LIMIT_EXCEEDED");
    let a = env
        .delete(&format!("/crm/v8/Contacts/roles?ids={}", many.join(",")))
        .await;
    assert_eq!(a.code(), "LIMIT_EXCEEDED");
}

#[tokio::test]
async fn missing_ids_is_required_param_missing() {
    let env = start().await;
    for path in [
        "/crm/v8/Leads",
        "/crm/v8/Leads?ids=",
        "/crm/v8/Contacts/roles",
        "/crm/v8/Campaigns/3652397000000327001/Leads",
    ] {
        let a = env.delete(path).await;
        assert_eq!(a.status, 400, "{path}");
        assert_eq!(
            a.json(),
            &json!({"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"ids"},"message":"One of the expected parameter is missing","status":"error"}),
            "{path}"
        );
    }
}

#[tokio::test]
async fn unknown_and_unsupported_modules_are_invalid_module() {
    let env = start().await;
    let a = env.delete("/crm/v8/Widgets?ids=1").await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "INVALID_MODULE");
    assert_eq!(a.json()["details"]["resource_path_index"], 0);
    for m in ["Documents", "Projects"] {
        let a = env.delete(&format!("/crm/v8/{m}?ids=1")).await;
        assert_eq!(a.status, 400);
        assert_eq!(a.code(), "INVALID_MODULE");
        assert_eq!(
            a.json()["message"],
            "The given module is not supported in API"
        );
    }
    // Listed but not deletable through the API.
    let a = env.delete("/crm/v8/Visits?ids=1").await;
    assert_eq!(a.code(), "INVALID_MODULE");
}

#[tokio::test]
async fn wrong_paths_and_methods() {
    let env = start().await;
    for path in [
        "/crm/v9/Leads?ids=1",
        "/crm/v1/Leads?ids=1",
        "/crm/v8",
        "/crm/v8/settings/nothing",
        "/crm/v8/Leads/1/Campaigns/2/extra",
        "/api/v8/Leads",
    ] {
        let a = env.delete(path).await;
        assert_eq!(a.status, 404, "{path}");
        assert_eq!(a.code(), "INVALID_URL_PATTERN", "{path}");
    }
    let a = env.call(Method::POST, "/crm/v8/Contacts/roles?ids=1").await;
    assert_eq!(a.status, 400);
    assert_eq!(
        a.json(),
        &json!({"code":"INVALID_REQUEST_METHOD","details":{},"message":"The http request method type is not a valid one","status":"error"})
    );
    let a = env.call(Method::PATCH, "/crm/v8/Leads?ids=1").await;
    assert_eq!(a.code(), "INVALID_REQUEST_METHOD");
    let a = env.delete("/crm/v8/settings/modules").await;
    assert_eq!(a.code(), "INVALID_REQUEST_METHOD");
}

#[tokio::test]
async fn non_numeric_ids_cannot_be_parsed() {
    let env = start().await;
    let a = env.delete("/crm/v8/Leads?ids=410405000002264040,abc").await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "UNABLE_TO_PARSE_DATA_TYPE");
    assert!(
        env.sb
            .control()
            .record_exists("Leads", "410405000002264040")
    );
    let a = env.delete("/crm/v8/Leads/abc").await;
    assert_eq!(a.code(), "UNABLE_TO_PARSE_DATA_TYPE");
}

#[tokio::test]
async fn locked_and_unapproved_records_are_refused_per_id() {
    let env = start().await;
    let c = env.sb.control();
    let locked = c.locked_record_ids("Leads");
    let pending = c.not_approved_record_ids("Leads");
    assert!(!locked.is_empty() && !pending.is_empty());
    let ok = "410405000002264040";
    let a = env
        .delete(&format!(
            "/crm/v8/Leads?ids={},{},{ok}",
            locked[0], pending[0]
        ))
        .await;
    assert_eq!(a.status, 207);
    let items = &a.json()["data"];
    assert_eq!(items[0]["code"], "RECORD_LOCKED");
    assert_eq!(items[0]["details"]["id"], locked[0].as_str());
    assert!(items[0]["details"]["action"].is_string());
    assert_eq!(items[1]["code"], "NOT_APPROVED");
    assert_eq!(items[2]["code"], "SUCCESS");
    assert!(c.record_exists("Leads", &locked[0]));
    assert!(c.record_exists("Leads", &pending[0]));
    assert!(!c.record_exists("Leads", ok));
}

#[tokio::test]
async fn deleting_twice_and_unknown_ids_are_invalid_data() {
    let env = start().await;
    let first = env.delete("/crm/v8/Leads/410405000002264040").await;
    assert_eq!(first.status, 200);
    let again = env.delete("/crm/v8/Leads/410405000002264040").await;
    assert_eq!(again.status, 400);
    assert_eq!(
        again.json(),
        &json!({"data":[{"code":"INVALID_DATA","details":{"id":"410405000002264040"},"message":"record not deleted","status":"error"}]})
    );
    let a = env
        .delete("/crm/v8/Campaigns/3652397000000327001/Contacts/99999999")
        .await;
    assert_eq!(
        a.json(),
        &json!({"data":[{"code":"INVALID_DATA","details":{"id":"99999999"},"message":"relation not found","status":"error"}]})
    );
}

#[tokio::test]
async fn unsupported_relations_are_refused() {
    let env = start().await;
    let c = env.sb.control();
    let account = c.record_ids("Accounts")[0].clone();
    let contacts = c.related_ids("Accounts", &account, "Contacts");
    assert!(!contacts.is_empty());
    // Accounts -> Contacts can be listed but not delinked.
    let listed = env
        .get(&format!(
            "/crm/v8/Accounts/{account}/Contacts?fields=Full_Name"
        ))
        .await;
    assert_eq!(listed.status, 200);
    let a = env
        .delete(&format!(
            "/crm/v8/Accounts/{account}/Contacts/{}",
            contacts[0]
        ))
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "INVALID_REQUEST_METHOD");
    assert!(c.is_related("Accounts", &account, "Contacts", &contacts[0]));
    // A related list the module does not have.
    let a = env
        .delete(&format!(
            "/crm/v8/Accounts/{account}/Nothing/{}",
            contacts[0]
        ))
        .await;
    assert_eq!(a.code(), "INVALID_URL_PATTERN");
}

#[tokio::test]
async fn unknown_external_values_name_the_external_field() {
    let env = start().await;
    let hdr = [("X-EXTERNAL", "Contacts.External_Contact_ID")];
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Contacts/nosuchcontact/Deals/extdeal3",
            Some(SAMPLE_TOKEN),
            &hdr,
            None,
        )
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.code(), "INVALID_DATA");
    assert_eq!(a.json()["details"]["api_name"], "External_Contact_ID");
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Contacts/extcontact3/Deals/nosuchdeal",
            Some(SAMPLE_TOKEN),
            &hdr,
            None,
        )
        .await;
    assert_eq!(a.status, 400);
    assert_eq!(a.json()["data"][0]["code"], "INVALID_DATA");
    assert_eq!(
        a.json()["data"][0]["details"]["api_name"],
        "External_Deal_ID"
    );
    // External values with reserved characters arrive percent-encoded and are decoded.
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Contacts/ext%2Fcontact%3F%20x/Deals/extdeal3",
            Some(SAMPLE_TOKEN),
            &hdr,
            None,
        )
        .await;
    assert_eq!(a.json()["details"]["api_name"], "External_Contact_ID");
    let last = env.sb.control().requests().pop().unwrap();
    assert_eq!(last.path, "/crm/v8/Contacts/ext/contact? x/Deals/extdeal3");
}

#[tokio::test]
async fn the_last_contact_role_cannot_be_deleted() {
    let env = start().await;
    let roles = env.get("/crm/v8/Contacts/roles").await;
    let ids: Vec<String> = roles.json()["contact_roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.len() >= 8);
    let a = env
        .delete(&format!("/crm/v8/Contacts/roles?ids={}", ids.join(",")))
        .await;
    assert_eq!(a.status, 207);
    let items = a.json()["contact_roles"].as_array().unwrap();
    let last = items.last().unwrap();
    assert_eq!(last["code"], "LOWER_LIMIT_REACHED");
    assert_eq!(last["details"]["limit"], 1);
    assert!(env.sb.control().contact_role_exists(ids.last().unwrap()));
    assert!(
        items[..items.len() - 1]
            .iter()
            .all(|i| i["code"] == "SUCCESS")
    );
}

#[tokio::test]
async fn appointments_to_services_delink_also_under_the_real_org_names() {
    let env = start().await;
    let c = env.sb.control();
    let (appt, services) = c
        .record_ids("Appointments")
        .into_iter()
        .map(|a| {
            let s = c.related_ids("Appointments", &a, "Services");
            (a, s)
        })
        .find(|(_, s)| s.len() >= 2)
        .expect("an appointment with two services");
    let a = env
        .delete(&format!(
            "/crm/v7/Appointments/{appt}/Services/{}",
            services[0]
        ))
        .await;
    assert_eq!(a.status, 200);
    let a = env
        .delete(&format!(
            "/crm/v7/Appointments__s/{appt}/Services__s/{}",
            services[1]
        ))
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert!(!c.is_related("Appointments", &appt, "Services", &services[1]));
    assert!(c.record_exists("Services", &services[1]));
    // The relation is many-to-many: the Service side may delink it too.
    let (s, a0) = c
        .record_ids("Services")
        .into_iter()
        .find_map(|s| {
            let a = c
                .related_ids("Services", &s, "Appointments")
                .first()
                .cloned();
            a.map(|a| (s, a))
        })
        .expect("the seed books some Service");
    let a = env
        .delete(&format!("/crm/v7/Services/{s}/Appointments/{a0}"))
        .await;
    assert_eq!(a.status, 200, "{:?}", a.body);
    assert!(!c.is_related("Services", &s, "Appointments", &a0));
}

#[tokio::test]
async fn external_delinks_in_bulk_and_a_header_naming_another_module() {
    let env = start().await;
    let c = env.sb.control();
    let hdr = [("X-EXTERNAL", "Contacts.External_Contact_ID")];
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Contacts/extcontact3/Deals?ids=extdeal3,extdeal4",
            Some(SAMPLE_TOKEN),
            &hdr,
            None,
        )
        .await;
    let items = a.items("data");
    assert_eq!(items[0], ("111111000000094040".into(), "SUCCESS".into()));
    assert_eq!(
        items[1].1, "INVALID_DATA",
        "extdeal4 is not this contact's deal"
    );
    assert_eq!(a.status, 207);
    let other = [("X-EXTERNAL", "Leads.External_Lead_ID")];
    let a = env
        .call_as(
            Method::DELETE,
            "/crm/v8/Contacts/extcontact3/Deals/extdeal3",
            Some(SAMPLE_TOKEN),
            &other,
            None,
        )
        .await;
    assert_eq!((a.status, a.code()), (400, "INVALID_DATA"));
    assert_eq!(a.json()["details"]["header_name"], "X-EXTERNAL");
    assert!(c.record_exists("Deals", "111111000000094040"));
}
