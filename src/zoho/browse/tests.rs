use super::*;
use serde_json::json;

#[test]
fn pages_are_read_with_their_info() {
    let body = Some(json!({
        "data": [{"id": "4150868000005067099", "Last_Name": "Doe"}, {"id": 12, "Last_Name": "Roe"}],
        "info": {"page": 2, "per_page": 2, "more_records": true, "next_page_token": "tok"}
    }));
    let page = parse_page(200, &body).unwrap();
    assert_eq!(page.records[0].id, "4150868000005067099");
    assert_eq!(page.records[1].id, "12");
    assert_eq!(page.records[0].display_name(), "Doe");
    assert!(!page.records[0].fields.contains_key("id"));
    assert!(page.more_records);
    assert_eq!(page.page, Some(2));
    assert_eq!(page.next_page_token.as_deref(), Some("tok"));
    assert_eq!(parse_page(204, &None).unwrap(), Page::default());
    assert!(parse_page(200, &Some(json!({"data": [{"Last_Name": "x"}]}))).is_err());
}

#[test]
fn related_lists_know_what_can_be_delinked() {
    let body = Some(json!({"related_lists": [
        {"id": "1", "api_name": "Contacts", "display_label": "Contacts", "module": {"api_name": "Contacts", "id": "9"}},
        {"id": "2", "api_name": "Notes", "display_label": "Notes", "module": {"api_name": "Notes"}},
        {"id": "3", "api_name": "Leads", "display_label": "Leads", "module": null, "record_operations": {"disassociate": false}},
    ]}));
    let lists = parse_related_lists("Campaigns", 200, &body).unwrap();
    assert!(lists[0].can_delink);
    assert_eq!(lists[0].module.as_deref(), Some("Contacts"));
    assert!(!lists[1].can_delink);
    assert!(!lists[2].can_delink);
    assert!(documented_delink("Appointments", "Services"));
    assert!(documented_delink("Services", "Appointments"));
    assert!(documented_delink("Leads", "Products"));
    assert!(documented_delink("Price_Books", "Products"));
    assert!(documented_delink("Deals", "Contact_Roles"));
    assert!(!documented_delink("Accounts", "Contacts"));
}

#[test]
fn modules_and_roles_are_read() {
    let body = Some(json!({"modules": [
        {"api_name": "Leads", "module_name": "Leads", "plural_label": "Leads", "singular_label": "Lead", "id": "1", "api_supported": true, "deletable": true},
        {"no_api_name": true}
    ]}));
    let m = parse_modules(200, &body).unwrap();
    assert_eq!(m.len(), 1);
    assert!(m[0].api_supported && m[0].deletable);
    let body = Some(
        json!({"contact_roles": [{"name": "Manager", "id": "4150868000001015046", "sequence_number": 2}]}),
    );
    let r = parse_contact_roles(200, &body).unwrap();
    assert_eq!(r[0].sequence_number, Some(2));
    assert!(parse_contact_roles(204, &None).unwrap().is_empty());
}

#[test]
fn page_queries_are_checked() {
    let mut req = PageRequest::first(vec![]);
    let q = page_query("Leads", &req).unwrap();
    assert!(q[0].1.starts_with("Full_Name,"));
    assert_eq!(q[2], ("page", "1".to_string()));
    req.page_token = Some("t".into());
    assert_eq!(
        page_query("Leads", &req).unwrap()[2],
        ("page_token", "t".to_string())
    );
    req.per_page = 201;
    assert!(page_query("Leads", &req).is_err());
    assert!(fields_param("Leads", &["a,b".into()]).is_err());
}

proptest::proptest! {
    #[test]
    fn arbitrary_replies_never_panic(status in 100u16..600, body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
        if let Ok(b) = crate::zoho::reply::classify(status, &body) {
            let _ = parse_page(status, &b);
            let _ = parse_modules(status, &b);
            let _ = parse_related_lists("Campaigns", status, &b);
            let _ = parse_contact_roles(status, &b);
        }
        let _ = crate::zoho::auth::parse_grant(status, &body);
    }

    #[test]
    fn arbitrary_json_pages_never_panic(s in r#"\{"(data|info|modules|related_lists|contact_roles)":(\[(\{"(id|name|module|api_name|more_records|page)":("x"|1|true|null|\{\}|-1|1e400)\},?){0,3}\]|null|7|"s")\}"#) {
        if let Ok(b) = crate::zoho::reply::classify(200, s.as_bytes()) {
            let _ = parse_page(200, &b);
            let _ = parse_modules(200, &b);
            let _ = parse_related_lists("Campaigns", 200, &b);
            let _ = parse_contact_roles(200, &b);
        }
    }
}
