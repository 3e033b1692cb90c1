use super::*;
use serde_json::json;

#[test]
fn the_query_line_tells_criteria_from_a_where_clause() {
    assert_eq!(
        Selector::from_line("(Lead_Status:equals:Junk Lead)").unwrap(),
        Selector::Criteria("(Lead_Status:equals:Junk Lead)".into())
    );
    assert_eq!(
        Selector::from_line("((Lead_Status:equals:Junk Lead)and(Company:starts_with:Z))").unwrap(),
        Selector::Criteria("((Lead_Status:equals:Junk Lead)and(Company:starts_with:Z))".into())
    );
    assert_eq!(
        Selector::from_line("  where Lead_Status = 'Junk Lead' ").unwrap(),
        Selector::Where("Lead_Status = 'Junk Lead'".into())
    );
    // Brackets alone do not make criteria.
    assert_eq!(
        Selector::from_line("(Lead_Status = 'Junk Lead' and Company like 'Z%')").unwrap(),
        Selector::Where("(Lead_Status = 'Junk Lead' and Company like 'Z%')".into())
    );
    // `whereabouts` is a field name, not the keyword.
    assert_eq!(
        Selector::from_line("whereabouts is null").unwrap(),
        Selector::Where("whereabouts is null".into())
    );
    // The keyword with nothing after it is an empty clause, refused before sending.
    assert!(matches!(
        Selector::from_line(" WHERE  "),
        Err(ZohoError::InvalidInput(_))
    ));
}

#[test]
fn bad_selectors_are_refused_before_anything_is_sent() {
    for bad in [
        Selector::Where("  ".into()),
        Selector::Criteria(String::new()),
        Selector::View("12a".into()),
        Selector::Where("a = 'b'\u{1b}[2J".into()),
        Selector::Where("x".repeat(MAX_QUERY_BYTES + 1)),
    ] {
        assert!(
            matches!(bad.clone().checked(), Err(ZohoError::InvalidInput(_))),
            "{bad:?}"
        );
    }
    assert_eq!(
        Selector::View(" 4150868000000087501 ".into())
            .checked()
            .unwrap(),
        Selector::View("4150868000000087501".into())
    );
}

#[test]
fn coql_counts_are_read_as_zoho_writes_them() {
    assert_eq!(
        parse_coql_count(
            200,
            &Some(
                json!({"data": [{"COUNT(id)": 12043}], "info": {"count": 1, "more_records": false}})
            )
        )
        .unwrap(),
        12043
    );
    assert_eq!(
        parse_coql_count(200, &Some(json!({"data": [{"count(id)": "7"}]}))).unwrap(),
        7
    );
    assert_eq!(parse_coql_count(204, &None).unwrap(), 0);
    assert!(parse_coql_count(200, &Some(json!({"data": [{"id": "1"}]}))).is_err());
    assert!(parse_coql_count(200, &Some(json!({"data": [{"COUNT(id)": -1}]}))).is_err());
}

#[test]
fn a_page_is_asked_by_id_so_pages_neither_overlap_nor_skip() {
    assert_eq!(
        coql_select(
            "Leads",
            "Last_Name,Modified_Time",
            "Lead_Status = 'Junk Lead'",
            2000,
            2000
        ),
        "select Last_Name,Modified_Time from Leads where Lead_Status = 'Junk Lead' order by id asc limit 2000, 2000"
    );
}

#[test]
fn read_calls_follow_each_api_page_size() {
    assert_eq!(Selector::Where("a is null".into()).read_calls(12_043), 7);
    assert_eq!(Selector::View("1".into()).read_calls(12_043), 61);
    assert_eq!(Selector::Criteria("(a:equals:b)".into()).read_calls(0), 1);
}

#[test]
fn custom_views_are_read_with_their_names() {
    let body = Some(json!({"custom_views": [
        {"id": "4150868000000087501", "display_value": "All Leads", "name": "All Leads", "system_name": "ALLVIEWS", "default": true},
        {"id": "4150868000000999001", "name": "Junk Leads", "system_name": null}
    ]}));
    let views = views::parse_custom_views(200, &body).unwrap();
    assert_eq!(views[0].name, "All Leads");
    assert!(views[0].default && views[0].system);
    assert_eq!(views[1].name, "Junk Leads");
    assert!(!views[1].default && !views[1].system);
    assert!(
        views::parse_custom_views(200, &Some(json!({"custom_views": [{"name": "x"}]}))).is_err()
    );
}

#[test]
fn a_count_past_what_the_api_reads_is_refused_in_words() {
    let w = Selector::Where("a is null".into());
    assert!(w.reachable(COQL_MAX).is_ok());
    let e = w.reachable(COQL_MAX + 1).unwrap_err().to_string();
    assert!(
        e.contains("matches 100,001 records but COQL reads at most 100,000"),
        "{e}"
    );
    let c = Selector::Criteria("(a:equals:b)".into());
    assert!(c.reachable(SEARCH_MAX).is_ok());
    let e = c.reachable(2_400).unwrap_err().to_string();
    assert!(e.contains("as a COQL where clause instead"), "{e}");
    assert!(Selector::View("1".into()).reachable(u64::MAX).is_ok());
}
