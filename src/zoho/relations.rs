//! What a relation itself carries, and putting relations back (the undo of a delink and of
//! removing a deal's contact roles).
//!
//! Zoho keeps some data on the relation, not on either record: a campaign member's
//! `Member_Status`, a product's `list_price` in a price book, a contact's `Contact_Role` on a
//! deal. A delink loses it; "Update Related Records" (`PUT /{module}/{id}/{related_list}` with
//! `{"data":[{"id":..,"Member_Status":..}]}`) and "Add Contact Roles to a Specific Deal"
//! (`PUT /Deals/{id}/Contact_Roles/{contact_id}` with `{"data":[{"Contact_Role":{"id":..}}]}`)
//! take it back.

use std::collections::{BTreeMap, HashSet};

use serde_json::{Map, Value, json};

use super::browse;
use super::error::ZohoError;
use super::ids::{chunk_ids, prepare_id, prepare_ids};
use super::paths::{ApiBase, segment};
use super::removals::{Plan, Verify};
use super::transport::{ApiRequest, Transport};
use super::types::{PageRequest, Record};

/// The relation's own fields, per related id.
pub type RelationData = BTreeMap<String, Map<String, Value>>;

/// The related list of a deal that holds its contacts with their roles.
pub const CONTACT_ROLES: &str = "Contact_Roles";

/// Pages read at most when reading a related list whole (200 relations each).
const MAX_PAGES: u32 = 50;

/// The fields a relation of `module`'s `related_list` carries itself, in either direction.
pub fn relation_fields(module: &str, related_list: &str) -> &'static [&'static str] {
    let pair = |a: &str, b: &str| {
        (module.eq_ignore_ascii_case(a) && related_list.eq_ignore_ascii_case(b))
            || (module.eq_ignore_ascii_case(b) && related_list.eq_ignore_ascii_case(a))
    };
    if pair("Campaigns", "Leads") || pair("Campaigns", "Contacts") {
        &["Member_Status"]
    } else if pair("Products", "Price_Books") {
        &["list_price"]
    } else if module.eq_ignore_ascii_case("Deals")
        && related_list.eq_ignore_ascii_case(CONTACT_ROLES)
    {
        &["Contact_Role"]
    } else {
        &[]
    }
}

/// The relation data of `ids` as the related list shows it now (ids without any are left out).
pub async fn read(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    record_id: &str,
    related_list: &str,
    ids: &[String],
) -> Result<RelationData, ZohoError> {
    let fields = relation_fields(module, related_list);
    if fields.is_empty() {
        return Ok(RelationData::new());
    }
    let wanted: HashSet<&String> = ids.iter().collect();
    let asked = fields.iter().map(|f| f.to_string()).collect();
    let rows = all_related(t, base, module, record_id, related_list, asked).await?;
    Ok(rows
        .into_iter()
        .filter(|r| wanted.contains(&r.id))
        .filter_map(|r| {
            let own: Map<String, Value> = r
                .fields
                .into_iter()
                .filter(|(k, v)| fields.contains(&k.as_str()) && !v.is_null())
                .collect();
            (!own.is_empty()).then_some((r.id, own))
        })
        .collect())
}

/// Every related record of the list (up to [`MAX_PAGES`] pages), with `fields`.
pub async fn all_related(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    record_id: &str,
    related_list: &str,
    fields: Vec<String>,
) -> Result<Vec<Record>, ZohoError> {
    let mut req = PageRequest::first(fields);
    let mut out = Vec::new();
    for page in 1..=MAX_PAGES {
        req.page = page;
        let p = browse::related_records(t, base, module, record_id, related_list, &req).await?;
        out.extend(p.records);
        if !p.more_records {
            break;
        }
        req.page_token = p.next_page_token;
    }
    Ok(out)
}

/// Relate `related_ids` to the record again, each with its relation data: `PUT
/// /{module}/{record_id}/{related_list}`, at most 100 per call; a deal's contact roles one
/// contact per call, as their page documents it.
pub fn plan_relink(
    base: &ApiBase,
    module: &str,
    record_id: &str,
    related_list: &str,
    related_ids: &[String],
    data: &RelationData,
) -> Result<Plan, ZohoError> {
    let segs = [
        segment(module, "module name")?,
        segment(&prepare_id(record_id, "record id")?, "record id")?,
        segment(related_list, "related list name")?,
    ];
    let ids = prepare_ids(related_ids, "related record ids")?;
    let own = |id: &str| data.get(id).cloned().unwrap_or_default();
    let calls = if module.eq_ignore_ascii_case("Deals")
        && related_list.eq_ignore_ascii_case(CONTACT_ROLES)
    {
        ids.iter()
            .map(|id| {
                let mut one = segs.to_vec();
                one.push(segment(id, "contact id")?);
                let body = json!({ "data": [role_body(own(id))] });
                Ok((
                    vec![id.clone()],
                    ApiRequest::put_json(base.url(&one, &[]), &body),
                ))
            })
            .collect::<Result<Vec<_>, ZohoError>>()?
    } else {
        chunk_ids(&ids)
            .into_iter()
            .map(|chunk| {
                let items: Vec<Value> = chunk
                    .iter()
                    .map(|id| {
                        let mut item = own(id);
                        item.insert("id".into(), id.clone().into());
                        Value::Object(item)
                    })
                    .collect();
                let body = json!({ "data": items });
                (chunk, ApiRequest::put_json(base.url(&segs, &[]), &body))
            })
            .collect()
    };
    Ok(Plan {
        result_key: "data",
        calls,
        verify: Verify::Repeatable,
        accept_scheduled: false,
    })
}

/// `{"Contact_Role":{"id":..}}`: the role by id, the one form every API version takes.
fn role_body(own: Map<String, Value>) -> Value {
    match own.get("Contact_Role") {
        Some(Value::Object(r)) => match r.get("id") {
            Some(id) => json!({ "Contact_Role": { "id": id } }),
            None => json!({ "Contact_Role": r }),
        },
        Some(other) => json!({ "Contact_Role": other }),
        None => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> ApiBase {
        ApiBase::new("http://127.0.0.1:1", 8)
    }

    fn body_of(r: &ApiRequest) -> Value {
        serde_json::from_slice(r.json.as_deref().unwrap_or_default()).unwrap()
    }

    #[test]
    fn relation_fields_are_known_in_both_directions() {
        assert_eq!(relation_fields("Leads", "Campaigns"), ["Member_Status"]);
        assert_eq!(relation_fields("Campaigns", "Contacts"), ["Member_Status"]);
        assert_eq!(relation_fields("Price_Books", "Products"), ["list_price"]);
        assert_eq!(relation_fields("Deals", "Contact_Roles"), ["Contact_Role"]);
        assert!(relation_fields("Accounts", "Products").is_empty());
    }

    #[test]
    fn relinks_carry_the_relation_data() {
        let ids = vec!["11".to_string(), "12".to_string()];
        let mut data = RelationData::new();
        let mut own = Map::new();
        own.insert("Member_Status".into(), "Sent".into());
        data.insert("11".into(), own);
        let p = plan_relink(&base(), "Leads", "7", "Campaigns", &ids, &data).unwrap();
        assert_eq!(p.calls.len(), 1);
        assert_eq!(
            body_of(&p.calls[0].1),
            json!({"data": [{"id": "11", "Member_Status": "Sent"}, {"id": "12"}]})
        );
    }

    #[test]
    fn contact_roles_go_back_one_contact_per_call_by_role_id() {
        let ids = vec!["21".to_string(), "22".to_string()];
        let mut data = RelationData::new();
        let mut own = Map::new();
        own.insert(
            "Contact_Role".into(),
            json!({"name": "Evaluator", "id": "4150868000001015042"}),
        );
        data.insert("21".into(), own);
        let p = plan_relink(&base(), "Deals", "9", "Contact_Roles", &ids, &data).unwrap();
        assert_eq!(p.calls.len(), 2);
        assert_eq!(
            p.calls[0].1.url,
            "http://127.0.0.1:1/crm/v8/Deals/9/Contact_Roles/21"
        );
        assert_eq!(
            body_of(&p.calls[0].1),
            json!({"data": [{"Contact_Role": {"id": "4150868000001015042"}}]})
        );
    }
}
