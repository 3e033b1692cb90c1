use super::*;
use serde_json::json;

fn sample() -> Plan {
    let records: Vec<Record> = ["11", "12"]
        .iter()
        .map(|id| {
            let fields = json!({"Full_Name": format!("Lead {id}"), "Modified_Time": "2024-01-15T10:20:30+05:30"});
            Record {
                id: id.to_string(),
                fields: fields.as_object().cloned().unwrap_or_default(),
            }
        })
        .collect();
    Plan::from_records(
        PlanOperation::Delete {
            module: "Leads".into(),
            wf_trigger: true,
        },
        Some(Selector::Where("Lead_Status = 'Junk Lead'".into())),
        Some(2),
        &records,
        "prod",
        PlanOrg {
            api_domain: "https://www.zohoapis.eu".into(),
            accounts_url: "https://accounts.zoho.eu".into(),
            api_version: 8,
            org_id: Some("5725767000000000101".into()),
        },
    )
}

#[test]
fn a_plan_goes_to_its_file_and_comes_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.json");
    let plan = sample();
    assert!(plan.plan_id.starts_with("plan-"), "{}", plan.plan_id);
    assert_eq!(plan.records[0].name, "Lead 11");
    write(&path, &plan, false).unwrap();
    assert_eq!(read(&path).unwrap(), plan);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // An existing plan is kept unless overwriting is asked for.
    assert!(matches!(
        write(&path, &plan, false),
        Err(PlanError::Exists { .. })
    ));
    write(&path, &plan, true).unwrap();
}

/// Whether an error is the one a case expects.
type Expect = fn(&PlanError) -> bool;

#[test]
fn every_unusable_file_is_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let good = serde_json::to_string_pretty(&sample()).unwrap();
    let cases: Vec<(std::path::PathBuf, Expect)> = vec![
        (dir.path().join("none.json"), |e| {
            matches!(e, PlanError::Missing { .. })
        }),
        (at("empty.json", "  \n"), |e| {
            matches!(e, PlanError::Empty { .. })
        }),
        (at("cut.json", &good[..good.len() / 2]), |e| {
            matches!(e, PlanError::Truncated { .. })
        }),
        (at("junk.json", "plan: yes"), |e| {
            matches!(e, PlanError::NotJson { .. })
        }),
        (at("other.json", "{\"ids\": [1]}"), |e| {
            matches!(e, PlanError::NotAPlan { .. })
        }),
        (
            at(
                "future.json",
                &good.replace("\"format\": 1", "\"format\": 9"),
            ),
            |e| matches!(e, PlanError::UnknownFormat { format: 9, .. }),
        ),
        (
            at("count.json", &good.replace("\"count\": 2", "\"count\": 3")),
            |e| matches!(e, PlanError::Invalid { what, .. } if what.contains("says 3 records but lists 2")),
        ),
        (
            at("twice.json", &good.replace("\"12\"", "\"11\"")),
            |e| matches!(e, PlanError::Invalid { what, .. } if what.contains("listed twice")),
        ),
        (
            at("badid.json", &good.replace("\"12\"", "\"12; DROP\"")),
            |e| matches!(e, PlanError::Invalid { what, .. } if what.contains("not a record id")),
        ),
        (
            at("shape.json", &good.replace("\"records\"", "\"rows\"")),
            |e| matches!(e, PlanError::Invalid { .. }),
        ),
    ];
    for (path, expected) in cases {
        let e = read(&path).unwrap_err();
        assert!(expected(&e), "{}: {e:?}", path.display());
        assert!(!e.hint().is_empty());
    }
    // A huge file is refused from its size, without being read.
    let huge = dir.path().join("huge.json");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(MAX_PLAN_BYTES + 1)
        .unwrap();
    assert!(matches!(read(&huge), Err(PlanError::TooLarge { .. })));
    let small = at("small.json", &good);
    assert!(matches!(
        read_with_limit(&small, 10),
        Err(PlanError::TooLarge { .. })
    ));
}
