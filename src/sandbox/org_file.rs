//! `--org FILE`: an org from one JSON object shaped like `assets/sandbox/`'s three files:
//! `org`, `users`, `modules`, `contact_roles` (as in org.json), `records` (as records.json)
//! and `relations` (as relations.json). Everything a file gets wrong is said with the path and
//! where in the file, never by a panic.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::seed::{ModuleMeta, OrgSeed, RoleSeed, Seed, UserSeed, relation};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgFile {
    org: Value,
    users: Vec<UserSeed>,
    modules: Vec<ModuleMeta>,
    #[serde(default)]
    contact_roles: Vec<RoleSeed>,
    #[serde(default)]
    records: BTreeMap<String, Vec<Map<String, Value>>>,
    #[serde(default)]
    relations: Vec<Vec<Value>>,
}

pub fn load(path: &Path) -> Result<Seed, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("--org {shown}: cannot be read: {e}"))?;
    let file: OrgFile = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "--org {shown}: not an org file: {e} (expected one JSON object with org, users, \
             modules, and optionally contact_roles, records and relations)"
        )
    })?;
    check(file).map_err(|what| format!("--org {shown}: {what}"))
}

fn check(file: OrgFile) -> Result<Seed, String> {
    if !file.org.is_object() {
        return Err("`org` must be an object (as /org answers it)".into());
    }
    if !file
        .users
        .iter()
        .any(|u| u.can_delete && !u.own_records_only)
    {
        return Err(
            "`users` needs an administrator (can_delete true, own_records_only false): the \
             sandbox's credentials sign in as the first one"
                .into(),
        );
    }
    let mut owner: HashMap<String, String> = HashMap::new();
    for (module, list) in &file.records {
        if !file.modules.iter().any(|m| &m.api_name == module) {
            return Err(format!(
                "records.{module}: no module `{module}` in `modules`"
            ));
        }
        for (i, r) in list.iter().enumerate() {
            let Some(id) = r.get("id").and_then(Value::as_str) else {
                return Err(format!("records.{module}[{i}]: no `id` string"));
            };
            if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "records.{module}[{i}]: id `{id}` is not digits, as Zoho ids are"
                ));
            }
            if let Some(other) = owner.insert(id.to_string(), format!("records.{module}[{i}]")) {
                return Err(format!("records.{module}[{i}]: id {id} is also {other}'s"));
            }
        }
    }
    let mut relations = Vec::with_capacity(file.relations.len());
    for (i, raw) in file.relations.into_iter().enumerate() {
        let r = relation(raw).ok_or_else(|| {
            format!("relations[{i}]: expected [module, id, module, id] and optionally an object of the relation's fields")
        })?;
        for (m, id) in [&r.a, &r.b] {
            let known = owner
                .get(id)
                .is_some_and(|at| at.starts_with(&format!("records.{m}[")));
            if !known {
                return Err(format!("relations[{i}]: no record {id} in records.{m}"));
            }
        }
        relations.push(r);
    }
    Ok(Seed {
        org: OrgSeed {
            org: file.org,
            users: file.users,
            modules: file.modules,
            contact_roles: file.contact_roles,
        },
        records: file.records,
        relations,
    })
}
