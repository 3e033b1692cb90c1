//! Before-images: what is about to be removed, read from the API just before, so that it can be
//! exported and re-imported if restoring is impossible.
//!
//! - record deletes: every field of each record (`field_names`, read 50 fields per call, the
//!   API's limit, and merged), read call by call during the run (`images`); if the records
//!   cannot be read at all, the delete is refused (nothing is sent): deleting what could not be
//!   recorded would leave nothing to re-import once the recycle bin is emptied;
//! - delinks: the relation (base module, record, list, related id), whether it existed (the
//!   record's related list, read just before), what the relation itself carries and the delink
//!   loses (a member's status, a list price, a contact's role on a deal: [`RELATION`], which the
//!   relink of an undo sends back), plus the related record's fields when they can be read (else
//!   a note, and the delink goes on);
//! - contact roles: id, name and sequence of those that exist (else a note, and the delete goes
//!   on);
//!
//! A relation or a role removed leaves no trace, so these images are also the proof that a
//! later check ([`existed`]) needs: without them an uncertain outcome stays unknown.
//! - delinks by external ID: the external values as given.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

use crate::zoho::{Removal, ZohoClient, ZohoError, display_fields};

/// The API returns at most this many fields per read.
pub const FIELDS_PER_READ: usize = 50;

/// Before-images, and why they are partial when they are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Images {
    pub before: Vec<Value>,
    pub note: Option<String>,
}

/// Keys of a delink's before-image that describe the relation (the rest are the related
/// record's fields).
pub const FROM_MODULE: &str = "delinked_from_module";
pub const FROM_RECORD: &str = "delinked_from_record_id";
pub const FROM_LIST: &str = "delinked_from_list";
/// Whether the relation existed just before the run (absent: the related list could not be read).
pub const WAS_RELATED: &str = "delinked_was_related";
/// The relation's own fields (`Member_Status`, `list_price`, `Contact_Role`), when it had any.
pub const RELATION: &str = "delinked_relation";

/// The relation data the before-images of a delink hold, per related id.
pub fn relation_data(before: &[Value]) -> crate::zoho::RelationData {
    before
        .iter()
        .filter_map(|v| {
            let id = v.get("id")?.as_str()?.to_string();
            let own = v.get(RELATION)?.as_object()?.clone();
            Some((id, own))
        })
        .collect()
}

/// The ids of `removal` the before-images show present before the run (related, or existing
/// roles); `None` when they do not tell (the read failed, or nothing leaves no trace).
pub fn existed(removal: &Removal, before: &[Value]) -> Option<HashSet<String>> {
    let id = |v: &Value| v.get("id").and_then(Value::as_str).map(str::to_string);
    match removal {
        Removal::Delink { .. } => {
            let marked: Vec<(String, bool)> = before
                .iter()
                .filter_map(|v| Some((id(v)?, v.get(WAS_RELATED)?.as_bool()?)))
                .collect();
            (!marked.is_empty()).then(|| {
                marked
                    .into_iter()
                    .filter(|(_, was)| *was)
                    .map(|(i, _)| i)
                    .collect()
            })
        }
        // Only roles that existed have an image; none at all may be a failed read.
        Removal::DeleteContactRoles { .. } => {
            (!before.is_empty()).then(|| before.iter().filter_map(id).collect())
        }
        _ => None,
    }
}

/// `Err` only when the removal must not go on (see the module's doc).
pub async fn fetch(client: &ZohoClient, removal: &Removal) -> Result<Images, ZohoError> {
    match removal {
        // Read call by call during the run instead (see `images`).
        Removal::DeleteRecords { .. } => Ok(Images::default()),
        Removal::Delink {
            module,
            record_id,
            related_list,
            ids,
        } => {
            let relation = |id: &str| {
                let mut m = Map::new();
                m.insert(FROM_MODULE.into(), module.clone().into());
                m.insert(FROM_RECORD.into(), record_id.clone().into());
                m.insert(FROM_LIST.into(), related_list.clone().into());
                m.insert("id".into(), id.into());
                m
            };
            let mut notes = Vec::new();
            let related = match client.related_ids(module, record_id, related_list).await {
                Ok(r) => Some(r),
                Err(e) => {
                    notes.push(format!(
                        "the related list could not be read ({e}): an id whose answer is lost \
                         cannot be confirmed removed"
                    ));
                    None
                }
            };
            let mut relation_data = match client
                .relation_data(module, record_id, related_list, ids)
                .await
            {
                Ok(d) => d,
                Err(e) => {
                    notes.push(format!(
                        "what the relations carry could not be read ({e}); an undo relinks them \
                         without it"
                    ));
                    Default::default()
                }
            };
            let mut fields_by_id: HashMap<String, Map<String, Value>> = HashMap::new();
            match related_module(client, module, related_list).await {
                Ok(Some(rm)) => {
                    let (fields, n) = fields_of(client, &rm).await;
                    notes.extend(n);
                    match read_records(client, &rm, ids, &fields).await {
                        Ok((recs, n)) => {
                            notes.extend(n);
                            for r in recs {
                                let id = r.get("id").and_then(Value::as_str).map(str::to_string);
                                if let Some(id) = id {
                                    fields_by_id.insert(id, r);
                                }
                            }
                        }
                        Err(e) => notes.push(format!(
                            "the related {rm} records could not be read ({e}); the relations are recorded"
                        )),
                    }
                }
                Ok(None) => notes.push(format!(
                    "the related list {related_list} names no module; the relations are recorded"
                )),
                Err(e) => notes.push(format!(
                    "the related list could not be looked up ({e}); the relations are recorded"
                )),
            }
            let before = ids
                .iter()
                .map(|id| {
                    let mut m = relation(id);
                    if let Some(r) = &related {
                        m.insert(WAS_RELATED.into(), r.contains(id).into());
                    }
                    if let Some(own) = relation_data.remove(id) {
                        m.insert(RELATION.into(), Value::Object(own));
                    }
                    if let Some(fields) = fields_by_id.remove(id) {
                        for (k, v) in fields {
                            m.entry(k).or_insert(v);
                        }
                    }
                    Value::Object(m)
                })
                .collect();
            Ok(Images {
                before,
                note: join(notes),
            })
        }
        Removal::DeleteContactRoles { ids } => match client.contact_roles().await {
            Ok(roles) => {
                let before: Vec<Value> = ids
                    .iter()
                    .filter_map(|id| roles.iter().find(|r| &r.id == id))
                    .map(|r| json!({"id": r.id, "name": r.name, "sequence_number": r.sequence_number}))
                    .collect();
                let missing = ids.len() - before.len();
                Ok(Images {
                    before,
                    note: (missing > 0)
                        .then(|| format!("{missing} of the role ids were not found")),
                })
            }
            Err(e) => Ok(Images {
                before: Vec::new(),
                note: Some(format!("the contact roles could not be read ({e})")),
            }),
        },
        Removal::DelinkExternal(e) => Ok(Images {
            before: vec![json!({
                "module": e.module,
                "external_field": e.external_field,
                "external_value": e.external_value,
                "related_list": e.related_list,
                "related_external_value": e.related_external_value,
            })],
            note: None,
        }),
    }
}

/// Every field of `module`, or its display fields (with a note) when they cannot be listed.
pub(super) async fn fields_of(client: &ZohoClient, module: &str) -> (Vec<String>, Vec<String>) {
    let valid = |f: &String| {
        f != "id"
            && !f.is_empty()
            && f.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'$')
    };
    match client.field_names(module).await {
        Ok(names) if !names.is_empty() => (names.into_iter().filter(valid).collect(), Vec::new()),
        Ok(_) => (
            display_fields(module),
            vec![format!(
                "{module} listed no fields; only its display fields were recorded"
            )],
        ),
        Err(e) => (
            display_fields(module),
            vec![format!(
                "the fields of {module} could not be listed ({e}); only its display fields were recorded"
            )],
        ),
    }
}

/// Records by id, every field, 50 fields per read, merged. `Err` when not even the first slice
/// of fields could be read; later slices that fail leave a note.
pub(super) async fn read_records(
    client: &ZohoClient,
    module: &str,
    ids: &[String],
    fields: &[String],
) -> Result<(Vec<Map<String, Value>>, Vec<String>), ZohoError> {
    let mut notes = Vec::new();
    let mut by_id: HashMap<String, Map<String, Value>> = HashMap::new();
    let slices: Vec<&[String]> = if fields.is_empty() {
        vec![&[]]
    } else {
        fields.chunks(FIELDS_PER_READ).collect()
    };
    // The slices are read side by side (the pace bounds them with everything else).
    let reads =
        futures::future::join_all(slices.iter().map(|s| client.records_by_ids(module, ids, s)))
            .await;
    for (i, (slice, read)) in slices.iter().zip(reads).enumerate() {
        match read {
            Ok(records) => {
                for r in records {
                    let entry = by_id.entry(r.id.clone()).or_insert_with(|| {
                        let mut m = Map::new();
                        m.insert("id".into(), r.id.clone().into());
                        m
                    });
                    for (k, v) in r.fields {
                        entry.entry(k).or_insert(v);
                    }
                }
            }
            Err(e) if i == 0 => return Err(e),
            Err(e) => notes.push(format!(
                "fields {}..{} of {module} could not be read ({e})",
                i * FIELDS_PER_READ + 1,
                i * FIELDS_PER_READ + slice.len()
            )),
        }
    }
    let ordered = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    Ok((ordered, notes))
}

async fn related_module(
    client: &ZohoClient,
    module: &str,
    related_list: &str,
) -> Result<Option<String>, ZohoError> {
    let lists = client.related_lists(module).await?;
    Ok(lists
        .into_iter()
        .find(|l| l.api_name == related_list)
        .and_then(|l| l.module))
}

pub(super) fn join(notes: Vec<String>) -> Option<String> {
    (!notes.is_empty()).then(|| notes.join("; "))
}
