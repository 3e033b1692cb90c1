//! The seeded org: embedded JSON files from `assets/sandbox/` (see `generate.py` there).

use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

const ORG: &str = include_str!("../../assets/sandbox/org.json");
const RECORDS: &str = include_str!("../../assets/sandbox/records.json");
const RELATIONS: &str = include_str!("../../assets/sandbox/relations.json");

#[derive(Clone, Debug, Deserialize)]
pub struct RelatedListMeta {
    pub id: String,
    pub api_name: String,
    pub display_label: String,
    /// The module of the related records.
    pub module: String,
    pub module_id: String,
    /// Whether the documented delink API supports this relation.
    pub delink: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct ModuleMeta {
    pub api_name: String,
    pub module_name: String,
    pub singular_label: String,
    pub plural_label: String,
    pub id: String,
    pub api_supported: bool,
    pub deletable: bool,
    pub creatable: bool,
    pub editable: bool,
    pub viewable: bool,
    pub recycle_bin_on_delete: bool,
    pub generated_type: String,
    pub status: String,
    /// The module's name in OAuth scopes (`ZohoCRM.modules.{scope_name}.DELETE`).
    pub scope_name: String,
    /// The module's external-id field, if it has one.
    pub external_field: Option<String>,
    pub related_lists: Vec<RelatedListMeta>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct UserSeed {
    pub id: String,
    pub full_name: String,
    pub email: String,
    pub profile: Value,
    pub role: Value,
    /// False for the read-only demo user: removals answer NO_PERMISSION.
    pub can_delete: bool,
    /// A sales rep under private data sharing: may remove only the records they own; the rest
    /// answer AUTHORIZATION_FAILED.
    #[serde(default)]
    pub own_records_only: bool,
}

#[derive(Clone, Debug, Deserialize)]
pub struct RoleSeed {
    pub id: String,
    pub name: String,
    pub sequence_number: i64,
}

#[derive(Debug, Deserialize)]
pub struct OrgSeed {
    pub org: Value,
    pub users: Vec<UserSeed>,
    pub modules: Vec<ModuleMeta>,
    pub contact_roles: Vec<RoleSeed>,
}

pub struct Relation {
    pub a: (String, String),
    pub b: (String, String),
    pub fields: Option<Map<String, Value>>,
}

pub(super) fn relation(raw: Vec<Value>) -> Option<Relation> {
    let text = |i: usize| raw.get(i).and_then(Value::as_str).map(str::to_string);
    Some(Relation {
        a: (text(0)?, text(1)?),
        b: (text(2)?, text(3)?),
        fields: raw.get(4).and_then(Value::as_object).cloned(),
    })
}

pub struct Seed {
    pub org: OrgSeed,
    /// Records per module, in listing order; each map holds `id`.
    pub records: BTreeMap<String, Vec<Map<String, Value>>>,
    /// `[module_a, id_a, module_b, id_b]`, optionally followed by the relation's own fields
    /// (e.g. a contact's `Contact_Role` on a deal).
    pub relations: Vec<Relation>,
}

/// Parses the embedded files. They are compiled in, so a failure is a build defect, reported
/// as an error rather than a panic all the same.
pub fn load() -> anyhow::Result<Seed> {
    Ok(Seed {
        org: serde_json::from_str(ORG)?,
        records: serde_json::from_str(RECORDS)?,
        relations: serde_json::from_str::<Vec<Vec<Value>>>(RELATIONS)?
            .into_iter()
            .map(|r| relation(r).ok_or_else(|| anyhow::anyhow!("malformed relation in the seed")))
            .collect::<anyhow::Result<_>>()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_org_parses_and_is_big_enough() {
        let seed = load().unwrap();
        let total: usize = seed.records.values().map(Vec::len).sum();
        assert!(total >= 1000, "{total} records");
        assert!(seed.org.contact_roles.len() >= 8);
        assert!(seed.org.users.iter().any(|u| !u.can_delete));
    }
}
