//! The four removals: ids checked, split into calls of at most 100, sent with bounded concurrency,
//! and every id's fate read from the replies, truthfully (`outcomes`).

use super::error::ZohoError;
use super::ids::{chunk_ids, prepare_id, prepare_ids};
pub use super::outcomes::{assign, assign_accepting, fail_all, not_attempted};
use super::paths::{ApiBase, segment};
use super::transport::{ApiRequest, Transport};
use super::types::{ExternalDelink, RemovalReport, RunOptions};

/// A removal ready to send: its calls, each with the ids it carries.
pub struct Plan {
    /// Where the per-id results are: `data`, `contact_roles` or `recycle_bin`.
    pub result_key: &'static str,
    pub calls: Vec<(Vec<String>, ApiRequest)>,
    /// How to tell, after an attempt that may have landed, whether an id was done.
    pub verify: Verify,
    /// Whether `SCHEDULED` (a restore queued as a background job, HTTP 202) counts as done.
    pub accept_scheduled: bool,
}

impl Plan {
    pub fn total(&self) -> usize {
        self.calls.iter().map(|(ids, _)| ids.len()).sum()
    }
}

/// How the outcome of an uncertain attempt is checked against the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verify {
    /// Record deletes: deleted ids sit in the module's recycle bin.
    RecordsInBin { module: String },
    /// Delinks: the relation is gone while the related record still exists.
    Relations {
        module: String,
        record_id: String,
        related_list: String,
    },
    /// Contact roles: the role existed before the run and is gone from `GET /Contacts/roles`.
    ContactRoles,
    /// A call that can be repeated safely (relink): its retry's answers are taken as they are.
    Repeatable,
    /// Nothing can tell (restore, delink by external value): an uncertain id stays unknown.
    Unverifiable,
}

/// `DELETE /{module}/{id}` or `DELETE /{module}?ids=..`, with `wf_trigger`.
pub fn plan_delete_records(
    base: &ApiBase,
    module: &str,
    ids: &[String],
    wf_trigger: bool,
) -> Result<Plan, ZohoError> {
    let module_name = module;
    let module = segment(module, "module name")?;
    let ids = prepare_ids(ids, "record ids")?;
    let wf = ("wf_trigger", wf_trigger.to_string());
    let calls = if let [one] = ids.as_slice() {
        let url = base.url(&[module, segment(one, "record id")?], &[wf]);
        vec![(ids.clone(), ApiRequest::delete(url))]
    } else {
        chunk_ids(&ids)
            .into_iter()
            .map(|chunk| {
                let url = base.url(
                    std::slice::from_ref(&module),
                    &[("ids", chunk.join(",")), wf.clone()],
                );
                (chunk, ApiRequest::delete(url))
            })
            .collect()
    };
    Ok(Plan {
        result_key: "data",
        calls,
        verify: Verify::RecordsInBin {
            module: module_name.to_string(),
        },
        accept_scheduled: false,
    })
}

/// `DELETE /{module}/{id}/{related_list}/{related_id}` or `...?ids=..`.
pub fn plan_delink(
    base: &ApiBase,
    module: &str,
    record_id: &str,
    related_list: &str,
    related_ids: &[String],
) -> Result<Plan, ZohoError> {
    let verify = Verify::Relations {
        module: module.to_string(),
        record_id: prepare_id(record_id, "record id")?,
        related_list: related_list.to_string(),
    };
    let module = segment(module, "module name")?;
    let record = segment(&prepare_id(record_id, "record id")?, "record id")?;
    let list = segment(related_list, "related list name")?;
    let ids = prepare_ids(related_ids, "related record ids")?;
    let calls = if let [one] = ids.as_slice() {
        let url = base.url(
            &[module, record, list, segment(one, "related record id")?],
            &[],
        );
        vec![(ids.clone(), ApiRequest::delete(url))]
    } else {
        let segs = [module, record, list];
        chunk_ids(&ids)
            .into_iter()
            .map(|chunk| {
                let url = base.url(&segs, &[("ids", chunk.join(","))]);
                (chunk, ApiRequest::delete(url))
            })
            .collect()
    };
    Ok(Plan {
        result_key: "data",
        calls,
        verify,
        accept_scheduled: false,
    })
}

/// `DELETE /{module}/{ext}/{related_list}/{related_ext}` with `X-EXTERNAL: {module}.{field}`.
/// The outcome's id is the related record's external value, as the admin gave it.
pub fn plan_delink_external(base: &ApiBase, req: &ExternalDelink) -> Result<Plan, ZohoError> {
    let field = req.external_field.trim();
    let module_name = req.module.trim();
    let header_ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
    };
    if !header_ok(module_name) || !header_ok(field) {
        return Err(ZohoError::InvalidInput(format!(
            "module {:?} and external field {:?} must be API names (letters, digits, _)",
            req.module, req.external_field
        )));
    }
    let url = base.url(
        &[
            segment(module_name, "module name")?,
            segment(&req.external_value, "external value")?,
            segment(&req.related_list, "related list name")?,
            segment(&req.related_external_value, "related external value")?,
        ],
        &[],
    );
    let mut call = ApiRequest::delete(url);
    call.headers
        .push(("X-EXTERNAL", format!("{module_name}.{field}")));
    Ok(Plan {
        result_key: "data",
        calls: vec![(vec![req.related_external_value.clone()], call)],
        // The related record's external field is not known to the client, so a relation gone
        // cannot be told from one that never was.
        verify: Verify::Unverifiable,
        accept_scheduled: false,
    })
}

/// `DELETE /Contacts/roles/{id}` or `DELETE /Contacts/roles?ids=..`.
pub fn plan_delete_contact_roles(base: &ApiBase, ids: &[String]) -> Result<Plan, ZohoError> {
    let ids = prepare_ids(ids, "contact role ids")?;
    let segs = ["Contacts".to_string(), "roles".to_string()];
    let calls = if let [one] = ids.as_slice() {
        let url = base.url(
            &[segs[0].clone(), segs[1].clone(), segment(one, "role id")?],
            &[],
        );
        vec![(ids.clone(), ApiRequest::delete(url))]
    } else {
        chunk_ids(&ids)
            .into_iter()
            .map(|chunk| {
                let url = base.url(&segs, &[("ids", chunk.join(","))]);
                (chunk, ApiRequest::delete(url))
            })
            .collect()
    };
    Ok(Plan {
        result_key: "contact_roles",
        calls,
        verify: Verify::ContactRoles,
        accept_scheduled: false,
    })
}

/// Send a plan's calls, at most `concurrency` at once, and account for every id: retries,
/// verification of uncertain attempts, the observer and the stop token are in [`super::engine`].
pub async fn run(
    transport: &Transport,
    base: &ApiBase,
    concurrency: usize,
    plan: Plan,
    opts: RunOptions,
) -> Result<RemovalReport, ZohoError> {
    super::engine::run(transport, base, concurrency, plan, opts).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn base() -> ApiBase {
        ApiBase::new("http://127.0.0.1:1", 8)
    }

    #[test]
    fn delete_plans_split_250_ids_into_three_calls() {
        let all: Vec<String> = (1..=250).map(|i| (1000 + i).to_string()).collect();
        let plan = plan_delete_records(&base(), "Leads", &all, false).unwrap();
        assert_eq!(plan.calls.len(), 3);
        assert!(plan.calls.iter().all(|(c, _)| c.len() <= 100));
        assert!(plan.calls[0].1.url.ends_with("&wf_trigger=false"));
        assert!(
            plan.calls[0]
                .1
                .url
                .starts_with("http://127.0.0.1:1/crm/v8/Leads?ids=1001,1002,")
        );
        let one = plan_delete_records(&base(), "Leads", &ids(&["7", "7"]), true).unwrap();
        assert_eq!(
            one.calls[0].1.url,
            "http://127.0.0.1:1/crm/v8/Leads/7?wf_trigger=true"
        );
    }

    #[test]
    fn delink_and_role_plans_use_the_documented_paths() {
        let p = plan_delink(
            &base(),
            "Campaigns",
            "3652397000000327001",
            "Contacts",
            &ids(&["1", "2"]),
        )
        .unwrap();
        assert_eq!(
            p.calls[0].1.url,
            "http://127.0.0.1:1/crm/v8/Campaigns/3652397000000327001/Contacts?ids=1,2"
        );
        let p = plan_delink(
            &base(),
            "Campaigns",
            "3652397000000327001",
            "Contacts",
            &ids(&["1"]),
        )
        .unwrap();
        assert_eq!(
            p.calls[0].1.url,
            "http://127.0.0.1:1/crm/v8/Campaigns/3652397000000327001/Contacts/1"
        );
        assert!(plan_delink(&base(), "Campaigns", "abc", "Contacts", &ids(&["1"])).is_err());
        let p = plan_delete_contact_roles(&base(), &ids(&["5"])).unwrap();
        assert_eq!(
            p.calls[0].1.url,
            "http://127.0.0.1:1/crm/v8/Contacts/roles/5"
        );
        assert_eq!(p.result_key, "contact_roles");
        let p = plan_delete_contact_roles(&base(), &ids(&["5", "6"])).unwrap();
        assert_eq!(
            p.calls[0].1.url,
            "http://127.0.0.1:1/crm/v8/Contacts/roles?ids=5,6"
        );
    }

    #[test]
    fn external_plans_encode_values_and_set_the_header() {
        let req = ExternalDelink {
            module: "Contacts".into(),
            external_field: "External_Contact_ID".into(),
            external_value: "a/b?c#d e".into(),
            related_list: "Deals".into(),
            related_external_value: "Düsseldorf 1".into(),
        };
        let p = plan_delink_external(&base(), &req).unwrap();
        let (ids, call) = &p.calls[0];
        assert_eq!(ids, &["Düsseldorf 1".to_string()]);
        assert_eq!(
            call.url,
            "http://127.0.0.1:1/crm/v8/Contacts/a%2Fb%3Fc%23d%20e/Deals/D%C3%BCsseldorf%201"
        );
        assert_eq!(
            call.headers,
            vec![("X-EXTERNAL", "Contacts.External_Contact_ID".to_string())]
        );
        let bad = ExternalDelink {
            external_field: "Ext Field".into(),
            ..req.clone()
        };
        assert!(plan_delink_external(&base(), &bad).is_err());
        let bad = ExternalDelink {
            external_value: "..".into(),
            ..req
        };
        assert!(plan_delink_external(&base(), &bad).is_err());
    }
}
