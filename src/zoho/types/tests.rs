use super::*;

#[test]
fn removals_serialize_with_their_op_and_swap_ids() {
    let d = Removal::DeleteRecords {
        module: "Leads".into(),
        ids: vec!["1".into(), "2".into()],
        wf_trigger: false,
    };
    let v = serde_json::to_value(&d).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"op": "delete_records", "module": "Leads", "ids": ["1", "2"], "wf_trigger": false})
    );
    assert_eq!(serde_json::from_value::<Removal>(v).unwrap(), d);
    assert_eq!(d.ids(), ["1", "2"]);
    assert_eq!(d.with_ids(vec!["2".into()]).ids(), ["2"]);
    let e = Removal::DelinkExternal(ExternalDelink {
        module: "Contacts".into(),
        external_field: "External_Contact_ID".into(),
        external_value: "extcontact3".into(),
        related_list: "Deals".into(),
        related_external_value: "extdeal3".into(),
    });
    let v = serde_json::to_value(&e).unwrap();
    assert_eq!(v["op"], "delink_external");
    assert_eq!(v["related_external_value"], "extdeal3");
    assert_eq!(serde_json::from_value::<Removal>(v).unwrap(), e);
    assert_eq!(e.ids(), ["extdeal3"]);
    assert_eq!(e.with_ids(vec!["x".into()]), e);
    let r = Removal::DeleteContactRoles {
        ids: vec!["5".into()],
    };
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"op": "delete_contact_roles", "ids": ["5"]})
    );
    let l = Removal::Delink {
        module: "Campaigns".into(),
        record_id: "9".into(),
        related_list: "Contacts".into(),
        ids: vec!["1".into()],
    };
    assert_eq!(serde_json::to_value(&l).unwrap()["op"], "delink");
}

#[test]
fn outcomes_round_trip_through_json() {
    let o = IdOutcome::NotAttempted {
        id: "1".into(),
        reason: "stopped by the admin".into(),
    };
    let v = serde_json::to_string(&o).unwrap();
    assert_eq!(serde_json::from_str::<IdOutcome>(&v).unwrap(), o);
}
