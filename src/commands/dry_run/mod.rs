//! `--dry-run`: resolve every id through the API (read calls only) and say what a removal would
//! find: which ids exist (and, for a delink, are related), which are locked or awaiting
//! approval, and whether the relation can be delinked at all. Nothing here calls a removing
//! endpoint.

mod external;
pub mod query;
mod report;

use std::collections::{HashMap, HashSet};

use crate::zoho::{
    ErrorCode, LOCK_FIELDS, LockState, PageRequest, Record, RelatedListInfo, ZohoClient, ZohoError,
    lock_state,
};

use super::exit::CliError;
use super::operation::Operation;
use super::relation;

pub use report::{Counts, DryRun, Resolution, human_dry_run, json_dry_run};

/// The fields that name a record of `module` (Zoho requires `fields` on every read).
pub fn name_fields(module: &str) -> Vec<String> {
    let fields: &[&str] = match module {
        "Leads" | "Contacts" => &["Full_Name", "First_Name", "Last_Name"],
        "Accounts" => &["Account_Name"],
        "Deals" | "Potentials" => &["Deal_Name"],
        "Campaigns" => &["Campaign_Name"],
        "Products" => &["Product_Name"],
        "Price_Books" => &["Price_Book_Name"],
        "Appointments" | "Appointments__s" => &["Appointment_Name"],
        "Services" | "Services__s" => &["Service_Name"],
        "Vendors" => &["Vendor_Name"],
        "Tasks" | "Calls" | "Events" | "Cases" | "Quotes" | "Sales_Orders" | "Purchase_Orders"
        | "Invoices" => &["Subject"],
        _ => &["Name"],
    };
    fields.iter().map(|f| f.to_string()).collect()
}

/// Reads that a dry run may make when following pages of related records.
const MAX_RELATED_PAGES: u32 = 200;

/// What the removal of `ids` would meet. A relation the API cannot delink is refused here
/// exactly as the real run refuses it (exit 2).
pub async fn resolve(
    client: &ZohoClient,
    op: &Operation,
    ids: &[String],
) -> Result<DryRun, CliError> {
    match op {
        Operation::Delete { module, .. } => Ok(delete(client, module, ids).await?),
        Operation::DeleteRoles => {
            let roles = client.contact_roles().await?;
            let names: HashMap<String, String> =
                roles.into_iter().map(|r| (r.id, r.name)).collect();
            Ok(DryRun {
                resolutions: ids
                    .iter()
                    .map(|id| Resolution::new(id, names.get(id).cloned()))
                    .collect(),
                caveat: None,
            })
        }
        Operation::Delink {
            module,
            record_id,
            related_list,
        } => {
            let list = relation::delinkable(client, module, related_list).await?;
            Ok(delink(client, module, record_id, &list, ids).await?)
        }
        Operation::DelinkExternal(e) => {
            let list = relation::delinkable(client, &e.module, &e.related_list).await?;
            external::resolve(client, e, &list).await
        }
    }
}

/// Each id: found with its name and lock state, or missing.
async fn delete(client: &ZohoClient, module: &str, ids: &[String]) -> Result<DryRun, ZohoError> {
    let names = name_fields(module);
    let mut fields = names.clone();
    fields.extend(LOCK_FIELDS.iter().map(|f| f.to_string()));
    let mut caveat = None;
    let records = match client.records_by_ids(module, ids, &fields).await {
        Ok(r) => r,
        // An API that will not be asked for the `$` fields by name still names the records:
        // say what could not be checked rather than fail the whole dry run.
        Err(ZohoError::Api {
            code: ErrorCode::InvalidData,
            message,
            ..
        }) => {
            caveat = Some(format!(
                "whether they are locked or awaiting approval could not be read (the API \
                 answered INVALID_DATA: {message}); the real run reports those as RECORD_LOCKED \
                 or NOT_APPROVED"
            ));
            client.records_by_ids(module, ids, &names).await?
        }
        Err(e) => return Err(e),
    };
    let found: HashMap<&str, (String, Option<LockState>)> = records
        .iter()
        .map(|r| (r.id.as_str(), (r.display_name(), lock_state(r))))
        .collect();
    Ok(DryRun {
        resolutions: ids
            .iter()
            .map(|id| match found.get(id.as_str()) {
                Some((name, lock)) => Resolution {
                    lock: lock.clone(),
                    ..Resolution::new(id, Some(name.clone()))
                },
                None => Resolution::new(id, None),
            })
            .collect(),
        caveat,
    })
}

/// Each id: related to the parent record (with its name), or missing.
async fn delink(
    client: &ZohoClient,
    module: &str,
    record_id: &str,
    list: &RelatedListInfo,
    ids: &[String],
) -> Result<DryRun, ZohoError> {
    let parent = client
        .records_by_ids(
            module,
            std::slice::from_ref(&record_id.to_string()),
            &name_fields(module),
        )
        .await?;
    let Some(parent) = parent.first() else {
        return Ok(DryRun {
            resolutions: ids.iter().map(|id| Resolution::new(id, None)).collect(),
            caveat: Some(format!("{module} record {record_id} was not found")),
        });
    };
    let related_module = list.module.as_deref().unwrap_or(&list.api_name);
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut names = HashMap::new();
    walk_related(
        client,
        (module, record_id, &list.api_name),
        name_fields(related_module),
        |r| {
            if wanted.contains(r.id.as_str()) {
                names.insert(r.id.clone(), r.display_name());
            }
            names.len() == wanted.len()
        },
    )
    .await?;
    Ok(DryRun {
        resolutions: ids
            .iter()
            .map(|id| Resolution::new(id, names.get(id).cloned()))
            .collect(),
        caveat: Some(format!(
            "{module} {record_id} is `{}`",
            parent.display_name()
        )),
    })
}

/// Pages through the records related to `(module, record_id)` through `related_list`, asking
/// for `fields`, until `visit` says it has seen enough (true) or the list ends.
async fn walk_related(
    client: &ZohoClient,
    (module, record_id, related_list): (&str, &str, &str),
    fields: Vec<String>,
    mut visit: impl FnMut(&Record) -> bool,
) -> Result<(), ZohoError> {
    let mut req = PageRequest::first(fields);
    for _ in 0..MAX_RELATED_PAGES {
        let page = client
            .related_records(module, record_id, related_list, &req)
            .await?;
        let mut done = false;
        for r in &page.records {
            done |= visit(r);
        }
        if done || !page.more_records {
            break;
        }
        req.page += 1;
        req.page_token = page.next_page_token.clone();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_fields_cover_the_seeded_modules() {
        assert_eq!(name_fields("Leads")[0], "Full_Name");
        assert_eq!(name_fields("Deals"), ["Deal_Name"]);
        assert_eq!(name_fields("Custom_Module"), ["Name"]);
    }
}
