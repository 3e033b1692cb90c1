//! `--dry-run`: resolve every id through the API (read calls only) and say what a removal would
//! find. Nothing here calls a removing endpoint.

use std::collections::{HashMap, HashSet};

use crate::zoho::{PageRequest, SearchQuery, ZohoClient, ZohoError};

use super::operation::Operation;
use super::output::{DryRun, Resolution};

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

pub async fn resolve(
    client: &ZohoClient,
    op: &Operation,
    ids: &[String],
) -> Result<DryRun, ZohoError> {
    match op {
        Operation::Delete { module, .. } => {
            let records = client
                .records_by_ids(module, ids, &name_fields(module))
                .await?;
            let names: HashMap<String, String> = records
                .iter()
                .map(|r| (r.id.clone(), r.display_name()))
                .collect();
            Ok(DryRun {
                resolutions: by_id(ids, &names),
                caveat: None,
            })
        }
        Operation::DeleteRoles => {
            let roles = client.contact_roles().await?;
            let names: HashMap<String, String> =
                roles.into_iter().map(|r| (r.id, r.name)).collect();
            Ok(DryRun {
                resolutions: by_id(ids, &names),
                caveat: None,
            })
        }
        Operation::Delink {
            module,
            record_id,
            related_list,
        } => {
            let parent = client
                .records_by_ids(
                    module,
                    std::slice::from_ref(record_id),
                    &name_fields(module),
                )
                .await?;
            let Some(parent) = parent.first() else {
                return Ok(DryRun {
                    resolutions: by_id(ids, &HashMap::new()),
                    caveat: Some(format!("{module} record {record_id} was not found")),
                });
            };
            let related_module = related_module(client, module, related_list).await;
            let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
            let names = related_names(
                client,
                module,
                record_id,
                related_list,
                &name_fields(&related_module),
                &wanted,
            )
            .await?;
            Ok(DryRun {
                resolutions: by_id(ids, &names),
                caveat: Some(format!(
                    "{module} {record_id} is `{}`",
                    parent.display_name()
                )),
            })
        }
        Operation::DelinkExternal(e) => {
            let criteria = format!(
                "({}:equals:{})",
                e.external_field,
                escape_criteria(&e.external_value)
            );
            let page = client
                .search(
                    &e.module,
                    &SearchQuery::Criteria(criteria),
                    &PageRequest::first(name_fields(&e.module)),
                )
                .await?;
            let base = page.records.first().map(|r| r.display_name());
            let caveat = match &base {
                Some(name) => format!(
                    "{} with {}={} is `{name}`; the related record's external value is checked \
                     only by the removal itself",
                    e.module, e.external_field, e.external_value
                ),
                None => format!(
                    "no {} record has {}={}",
                    e.module, e.external_field, e.external_value
                ),
            };
            Ok(DryRun {
                resolutions: vec![Resolution {
                    id: e.related_external_value.clone(),
                    name: base
                        .map(|_| "(base record found; related value not checked)".to_string()),
                }],
                caveat: Some(caveat),
            })
        }
    }
}

fn by_id(ids: &[String], names: &HashMap<String, String>) -> Vec<Resolution> {
    ids.iter()
        .map(|id| Resolution {
            id: id.clone(),
            name: names.get(id).cloned(),
        })
        .collect()
}

/// The module a related list holds (e.g. Campaigns' `Contacts` list holds Contacts). Falls back
/// to the list's own name, which matches for the standard lists.
async fn related_module(client: &ZohoClient, module: &str, related_list: &str) -> String {
    match client.related_lists(module).await {
        Ok(lists) => lists
            .into_iter()
            .find(|l| l.api_name == related_list)
            .and_then(|l| l.module)
            .unwrap_or_else(|| related_list.to_string()),
        Err(e) => {
            tracing::debug!("related lists of {module} unavailable: {e}");
            related_list.to_string()
        }
    }
}

/// Pages through the related records until every wanted id is seen or the list ends.
async fn related_names(
    client: &ZohoClient,
    module: &str,
    record_id: &str,
    related_list: &str,
    fields: &[String],
    wanted: &HashSet<&str>,
) -> Result<HashMap<String, String>, ZohoError> {
    let mut names = HashMap::new();
    let mut req = PageRequest::first(fields.to_vec());
    for _ in 0..MAX_RELATED_PAGES {
        let page = client
            .related_records(module, record_id, related_list, &req)
            .await?;
        for r in &page.records {
            if wanted.contains(r.id.as_str()) {
                names.insert(r.id.clone(), r.display_name());
            }
        }
        if !page.more_records || names.len() == wanted.len() {
            break;
        }
        req.page += 1;
        req.page_token = page.next_page_token.clone();
    }
    Ok(names)
}

/// Zoho's criteria syntax escapes `(`, `)` and `,` with a backslash.
fn escape_criteria(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        if matches!(c, '(' | ')' | ',' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
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

    #[test]
    fn criteria_values_are_escaped() {
        assert_eq!(escape_criteria("a(b),c"), "a\\(b\\)\\,c");
    }
}
