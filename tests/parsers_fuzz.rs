//! Property tests of everything that reads bytes from the network or ids from the admin:
//! nothing panics on any input, and no id is ever counted as removed unless the reply marked it
//! `SUCCESS`.

use proptest::prelude::*;
use serde_json::{Value, json};
use zcrm_tui::zoho::reply::{RESULT_KEYS, classify, items, list};
use zcrm_tui::zoho::{IdOutcome, auth, browse, ids, lookups, removals};

/// JSON shaped like the API's answers often enough to reach deep into the parsers.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        prop_oneof![
            Just("SUCCESS".to_string()),
            Just("SCHEDULED".to_string()),
            Just("error".to_string()),
            Just("success".to_string()),
            Just("INVALID_DATA".to_string()),
            Just("INVALID_TOKEN".to_string()),
            "[0-9]{1,20}",
            ".*"
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("data".to_string()),
                    Just("contact_roles".to_string()),
                    Just("recycle_bin".to_string()),
                    Just("modules".to_string()),
                    Just("related_lists".to_string()),
                    Just("fields".to_string()),
                    Just("info".to_string()),
                    Just("more_records".to_string()),
                    Just("next_page_token".to_string()),
                    Just("code".to_string()),
                    Just("status".to_string()),
                    Just("details".to_string()),
                    Just("id".to_string()),
                    Just("api_name".to_string()),
                    Just("message".to_string()),
                    Just("access_token".to_string()),
                    Just("error".to_string()),
                    Just("expires_in".to_string()),
                    "[a-z_]{1,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// One per-id result, well or badly formed.
fn arb_item() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            Just(json!("SUCCESS")),
            Just(json!("INVALID_DATA")),
            Just(json!("SCHEDULED")),
            Just(json!(null)),
            Just(json!(7))
        ],
        prop_oneof![
            Just(json!("success")),
            Just(json!("error")),
            Just(json!(null)),
            Just(json!("succ"))
        ],
        prop_oneof![
            "[1-5]".prop_map(|s| json!({ "id": s })),
            (1u64..6).prop_map(|n| json!({ "id": n })),
            Just(json!({})),
            Just(json!(null)),
            Just(json!({ "id": 1.5 }))
        ],
    )
        .prop_map(|(code, status, details)| {
            let mut m = serde_json::Map::new();
            if !code.is_null() {
                m.insert("code".into(), code);
            }
            if !status.is_null() {
                m.insert("status".into(), status);
            }
            if !details.is_null() {
                m.insert("details".into(), details);
            }
            m.insert("message".into(), json!("m"));
            Value::Object(m)
        })
}

fn arb_reply() -> impl Strategy<Value = Value> {
    (
        prop_oneof![
            Just("data"),
            Just("contact_roles"),
            Just("recycle_bin"),
            Just("other")
        ],
        proptest::collection::vec(arb_item(), 0..8),
    )
        .prop_map(|(key, list)| json!({ key: list }))
}

/// The list `items` reads for `key`, as the API documents it.
fn raw_list<'a>(body: &'a Value, key: &str) -> Option<&'a Vec<Value>> {
    let obj = body.as_object()?;
    obj.get(key)
        .or_else(|| RESULT_KEYS.iter().find_map(|k| obj.get(*k)))?
        .as_array()
}

fn marked_success(entry: &Value) -> bool {
    entry.get("code").and_then(Value::as_str) == Some("SUCCESS")
        && entry.get("status").and_then(Value::as_str) != Some("error")
}

fn every_parser(status: u16, bytes: &[u8]) {
    let _ = auth::parse_grant(status, bytes);
    if let Ok(body) = classify(status, bytes) {
        for key in ["data", "contact_roles", "recycle_bin"] {
            let _ = items(status, &body, key);
            let _ = list(status, &body, key);
        }
        let _ = browse::parse_modules(status, &body);
        let _ = browse::parse_related_lists("Campaigns", status, &body);
        let _ = browse::parse_contact_roles(status, &body);
        let _ = browse::parse_page(status, &body);
        let _ = lookups::parse_deleted(status, &body);
        let _ = lookups::parse_fields(status, &body);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(status in 0u16..1000, bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        every_parser(status, &bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(status in 100u16..600, v in arb_json()) {
        every_parser(status, &serde_json::to_vec(&v).unwrap());
    }

    #[test]
    fn cut_short_json_never_panics(status in 100u16..600, v in arb_json(), cut in any::<prop::sample::Index>()) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let at = cut.index(bytes.len() + 1);
        every_parser(status, &bytes[..at]);
    }

    /// Only entries the body marks `SUCCESS` (and not `status: error`) come back as successes.
    #[test]
    fn items_never_invent_a_success(status in prop_oneof![Just(200u16), Just(207), Just(400), 100u16..600], v in prop_oneof![arb_reply(), arb_json()]) {
        let bytes = serde_json::to_vec(&v).unwrap();
        let Ok(body) = classify(status, &bytes) else { return Ok(()); };
        for key in ["data", "contact_roles", "recycle_bin"] {
            let Ok(found) = items(status, &body, key) else { continue; };
            let raw = body.as_ref().and_then(|b| raw_list(b, key));
            match raw {
                None => prop_assert!(found.is_empty()),
                Some(raw) => {
                    prop_assert_eq!(found.len(), raw.len());
                    for (item, entry) in found.iter().zip(raw) {
                        prop_assert_eq!(item.success, marked_success(entry), "{:?}", entry);
                    }
                }
            }
        }
    }

    /// Matched to the ids of a call, an id is removed only when an entry marked `SUCCESS` names
    /// it (or is the lone answer to a lone id); a cut-short reply removes nothing.
    #[test]
    fn ids_are_removed_only_on_a_success_that_names_them(v in arb_reply(), n in 1usize..5, cut in any::<prop::sample::Index>()) {
        let call: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
        let bytes = serde_json::to_vec(&v).unwrap();
        for bytes in [&bytes[..], &bytes[..cut.index(bytes.len())]] {
            let Ok(body) = classify(200, bytes) else { continue; };
            let Ok(found) = items(200, &body, "data") else { continue; };
            let raw: Vec<Value> = body.as_ref().and_then(|b| raw_list(b, "data")).cloned().unwrap_or_default();
            for o in removals::assign(&call, found) {
                if let IdOutcome::Removed { id, .. } = &o {
                    let named = raw.iter().any(|e| {
                        marked_success(e)
                            && match e.get("details").and_then(|d| d.get("id")) {
                                Some(Value::String(s)) => s == id,
                                Some(Value::Number(x)) => x.to_string() == *id,
                                _ => false,
                            }
                    });
                    let lone = call.len() == 1 && raw.len() == 1 && marked_success(&raw[0]);
                    prop_assert!(named || lone, "{} removed from {:?}", id, raw);
                }
            }
        }
    }

    #[test]
    fn id_parsers_never_panic_and_only_pass_digits(list in proptest::collection::vec(any::<String>(), 0..30), one in any::<String>()) {
        if let Ok(ok) = ids::prepare_ids(&list, "record ids") {
            prop_assert!(!ok.is_empty());
            for id in &ok {
                prop_assert!(ids::is_valid_id(id));
            }
        }
        if let Ok(id) = ids::prepare_id(&one, "record id") {
            prop_assert!(!id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn id_like_strings_are_kept_digit_for_digit(list in proptest::collection::vec("[ ]{0,2}[0-9]{1,20}[ ]{0,2}", 1..250)) {
        let ok = ids::prepare_ids(&list, "record ids").unwrap();
        for raw in &list {
            prop_assert!(ok.contains(&raw.trim().to_string()));
        }
        let plan = removals::plan_delete_records(&zcrm_tui::zoho::paths::ApiBase::new("http://127.0.0.1:1", 8), "Leads", &list, true).unwrap();
        prop_assert!(plan.calls.iter().all(|(c, _)| !c.is_empty() && c.len() <= 100));
        prop_assert_eq!(plan.total(), ok.len());
    }
}

#[test]
fn a_scheduled_restore_counts_only_where_asked() {
    let body = classify(
        202,
        br#"{"recycle_bin":[{"code":"SCHEDULED","status":"success","message":"restore scheduled","details":{"id":"1"}}]}"#,
    )
    .unwrap();
    let found = items(202, &body, "recycle_bin").unwrap();
    assert!(!found[0].success);
    let call = vec!["1".to_string()];
    assert!(!removals::assign(&call, found.clone())[0].is_removed());
    let o = &removals::assign_accepting(&call, found, true)[0];
    assert_eq!(
        o,
        &IdOutcome::Removed {
            id: "1".into(),
            message: "restore scheduled".into()
        }
    );
}
