//! The dry run of `delink-external`: both sides resolved by their external values.
//!
//! The base record is searched by the external field the admin named. The related record is
//! named only by a value: the API resolves it with the related module's own external-id field
//! (the seed page: `extdeal3` is the value of `External_Deal_ID` in Deals), which the request
//! does not name. So the related record is looked for among the base record's related records,
//! by the field that carries exactly that value: fields whose API name says "external" first,
//! then the module's other fields, 50 at a time (the API's limit per read).

use serde_json::Value;

use crate::zoho::{ExternalDelink, PageRequest, Record, RelatedListInfo, SearchQuery, ZohoClient};

use super::super::exit::CliError;
use super::report::{DryRun, Resolution};
use super::{name_fields, walk_related};

/// Fields one read may ask for.
const MAX_FIELDS: usize = 50;

/// A related record that carries the value.
struct Match {
    id: String,
    name: String,
    field: String,
}

pub async fn resolve(
    client: &ZohoClient,
    e: &ExternalDelink,
    list: &RelatedListInfo,
) -> Result<DryRun, CliError> {
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
    let base_said = format!(
        "{} with {}={}",
        e.module, e.external_field, e.external_value
    );
    let missing = Resolution::new(&e.related_external_value, None);
    let Some(base) = page.records.first() else {
        return Ok(DryRun {
            resolutions: vec![missing],
            caveat: Some(format!("no {base_said} was found")),
        });
    };
    let base_line = format!("{base_said} is `{}` ({})", base.display_name(), base.id);
    let related_module = list.module.as_deref().unwrap_or(&list.api_name);
    let value = &e.related_external_value;
    let Some(found) = matches(client, e, (&base.id, &list.api_name), related_module).await? else {
        return Ok(DryRun {
            resolutions: vec![Resolution {
                detail: Some(format!(
                    "the fields of {related_module} could not be listed: not checked"
                )),
                ..missing
            }],
            caveat: Some(base_line),
        });
    };
    let (resolution, caveat) = match found.as_slice() {
        [] => (
            missing,
            format!(
                "{base_line}; none of its {} carries {value}",
                list.display_label
            ),
        ),
        [m] => (
            Resolution {
                detail: Some(format!("{related_module} {}, {}={value}", m.id, m.field)),
                ..Resolution::new(value, Some(m.name.clone()))
            },
            base_line,
        ),
        many => {
            let ids: Vec<&str> = many.iter().map(|m| m.id.as_str()).collect();
            (
                Resolution {
                    detail: Some(format!(
                        "{} related {related_module} carry {value}: {}; which one the API \
                         would delink cannot be told",
                        many.len(),
                        ids.join(", ")
                    )),
                    ..missing
                },
                base_line,
            )
        }
    };
    Ok(DryRun {
        resolutions: vec![resolution],
        caveat: Some(caveat),
    })
}

/// The base record's related records that carry `e.related_external_value` in one field,
/// from the first group of fields that yields any; `None` when the related module lists no
/// field to compare (nothing could be checked).
async fn matches(
    client: &ZohoClient,
    e: &ExternalDelink,
    (base_id, related_list): (&str, &str),
    related_module: &str,
) -> Result<Option<Vec<Match>>, CliError> {
    let names = name_fields(related_module);
    let mut candidates: Vec<String> = client
        .field_names(related_module)
        .await?
        .into_iter()
        .filter(|f| f != "id" && !f.starts_with('$') && !names.contains(f))
        .collect();
    // Stable: the likely external fields first, the rest in the API's order.
    candidates.sort_by_key(|f| !f.to_ascii_lowercase().contains("external"));
    if candidates.is_empty() {
        return Ok(None);
    }
    let value = e.related_external_value.as_str();
    let per_read = MAX_FIELDS.saturating_sub(names.len()).max(1);
    let mut found: Vec<Match> = Vec::new();
    for group in candidates.chunks(per_read) {
        let mut fields = names.clone();
        fields.extend(group.iter().cloned());
        walk_related(client, (&e.module, base_id, related_list), fields, |r| {
            let hit = group
                .iter()
                .find(|f| r.fields.get(f.as_str()).and_then(Value::as_str) == Some(value));
            if let Some(f) = hit
                && !found.iter().any(|m| m.id == r.id)
            {
                found.push(Match {
                    id: r.id.clone(),
                    name: display_name(r, &names),
                    field: f.clone(),
                });
            }
            false
        })
        .await?;
        if !found.is_empty() {
            break;
        }
    }
    Ok(Some(found))
}

/// The record's name from its name fields only: with every field asked for, a lookup such as a
/// Deal's `Account_Name` would otherwise name it.
fn display_name(r: &Record, names: &[String]) -> String {
    let fields = names
        .iter()
        .filter_map(|n| r.fields.get(n).map(|v| (n.clone(), v.clone())))
        .collect();
    Record {
        id: r.id.clone(),
        fields,
    }
    .display_name()
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
    fn criteria_values_are_escaped() {
        assert_eq!(escape_criteria("a(b),c"), "a\\(b\\)\\,c");
    }
}
