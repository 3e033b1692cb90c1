//! The org's data in memory: records, relations, the recycle bin (`recycle`), users
//! (`users`) and contact roles. Pure data operations; nothing here knows about HTTP.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::ordered::OrderedSet;
use super::relations::{Node, Relations};
use super::seed::{ModuleMeta, RelatedListMeta, Seed, UserSeed};

/// A record and, once deleted, where it went.
pub struct Stored {
    pub fields: Map<String, Value>,
    pub deleted: Option<DeletedInfo>,
}

#[derive(Clone)]
pub struct DeletedInfo {
    pub time: String,
    pub by: (String, String),
    /// Deleted from the recycle bin too: gone for good, cannot be restored.
    pub purged: bool,
}

pub struct Role {
    pub id: String,
    pub name: String,
    pub sequence_number: i64,
    pub deleted: bool,
}

pub struct OrgState {
    pub org: Value,
    pub users: Vec<UserSeed>,
    /// The sandbox's fixed user ids (its tokens sign in as them) -> the user of a loaded org
    /// playing that part, when the org has no user with that id.
    user_alias: HashMap<String, String>,
    pub modules: Vec<ModuleMeta>,
    /// Every record ever added per module, in listing order (deleted ones are skipped when
    /// listing).
    records: HashMap<String, Rows>,
    /// id -> module, for APIs addressed by id alone (the recycle bin).
    module_of: HashMap<String, String>,
    relations: Relations,
    /// (module, external-id value) -> id, for the module's external-id field: deletes by
    /// external id look each value up instead of scanning the module.
    by_external: HashMap<(String, String), String>,
    /// Deleted records in deletion order: the recycle bin.
    bin: OrderedSet<Node>,
    pub roles: Vec<Role>,
    /// Records generated so far (their ids are numbered from it).
    pub(super) generated: u64,
    /// Record deletes that ran with workflow rules triggered (`wf_trigger` true or absent).
    pub workflow_runs: usize,
}

mod recycle;
mod rows;
mod users;

use rows::Rows;

impl OrgState {
    pub fn from_seed(seed: Seed) -> Self {
        let mut state = Self {
            org: seed.org.org,
            users: seed.org.users,
            user_alias: HashMap::new(),
            modules: seed.org.modules,
            records: HashMap::new(),
            module_of: HashMap::new(),
            relations: Relations::default(),
            by_external: HashMap::new(),
            bin: OrderedSet::default(),
            roles: seed
                .org
                .contact_roles
                .into_iter()
                .map(|r| Role {
                    id: r.id,
                    name: r.name,
                    sequence_number: r.sequence_number,
                    deleted: false,
                })
                .collect(),
            workflow_runs: 0,
            generated: 0,
        };
        state.cast_users();
        let names: Vec<String> = state.modules.iter().map(|m| m.api_name.clone()).collect();
        for m in names {
            state.records.entry(m).or_default();
        }
        for (module, list) in seed.records {
            for fields in list {
                state.insert_record(&module, fields);
            }
        }
        for r in seed.relations {
            let (a, b) = (
                (r.a.0.as_str(), r.a.1.as_str()),
                (r.b.0.as_str(), r.b.1.as_str()),
            );
            state.link(a, b);
            if let Some(f) = r.fields {
                state.set_relation_fields(a, b, f);
            }
        }
        state
    }

    /// Adds a live record at the end of its module's listing; false (and nothing added) when it
    /// has no `id` or its id is taken.
    pub(super) fn insert_record(&mut self, module: &str, fields: Map<String, Value>) -> bool {
        let Some(id) = fields.get("id").and_then(Value::as_str).map(str::to_string) else {
            return false;
        };
        if self.module_of.contains_key(&id) {
            return false;
        }
        let external = self
            .module(module)
            .and_then(|m| m.external_field.as_deref())
            .and_then(|f| fields.get(f))
            .and_then(Value::as_str)
            .map(str::to_string);
        if let Some(v) = external {
            self.by_external
                .entry((module.to_string(), v))
                .or_insert_with(|| id.clone());
        }
        if !self.records.contains_key(module) {
            self.records.insert(module.to_string(), Rows::default());
        }
        if let Some(rows) = self.records.get_mut(module) {
            let stored = Stored {
                fields,
                deleted: None,
            };
            rows.push(id.clone(), stored);
        }
        self.module_of.insert(id, module.to_string());
        true
    }

    /// Whether an id is taken by any record, live or deleted.
    pub(super) fn id_taken(&self, id: &str) -> bool {
        self.module_of.contains_key(id)
    }

    /// The module's canonical metadata, matching its API name case-insensitively as Zoho does.
    /// Real orgs name the booking modules `Appointments__s` and `Services__s`; both spellings
    /// reach the same module here.
    pub fn module(&self, name: &str) -> Option<&ModuleMeta> {
        let find = |n: &str| {
            self.modules
                .iter()
                .find(|m| m.api_name.eq_ignore_ascii_case(n))
        };
        find(name).or_else(|| name.strip_suffix("__s").and_then(find))
    }

    /// A related list of `module`, by API name; `Potentials` is the old name of `Deals`.
    pub fn related_list(&self, module: &str, name: &str) -> Option<&RelatedListMeta> {
        let m = self.module(module)?;
        let find = |n: &str| {
            m.related_lists
                .iter()
                .find(|r| r.api_name.eq_ignore_ascii_case(n))
        };
        find(name)
            .or_else(|| name.strip_suffix("__s").and_then(find))
            .or_else(|| {
                if name.eq_ignore_ascii_case("Potentials") {
                    find("Deals")
                } else {
                    None
                }
            })
    }

    pub fn live(&self, module: &str, id: &str) -> Option<&Map<String, Value>> {
        let s = self.records.get(module)?.get(id)?;
        s.deleted.is_none().then_some(&s.fields)
    }

    /// Sets fields of a live record (`PUT /{module}`); false when there is none.
    pub fn update_record(&mut self, module: &str, id: &str, changes: Map<String, Value>) -> bool {
        let Some(rows) = self.records.get_mut(module) else {
            return false;
        };
        match rows.get_mut(id) {
            Some(s) if s.deleted.is_none() => {
                for (k, v) in &changes {
                    s.fields.insert(k.clone(), v.clone());
                }
            }
            _ => return false,
        }
        for (k, v) in &changes {
            rows.sample(k, v);
        }
        true
    }

    pub fn in_bin(&self, module: &str, id: &str) -> bool {
        self.records
            .get(module)
            .and_then(|m| m.get(id))
            .and_then(|s| s.deleted.as_ref())
            .is_some_and(|d| !d.purged)
    }

    pub fn module_of(&self, id: &str) -> Option<&str> {
        self.module_of.get(id).map(String::as_str)
    }

    /// Live records of a module, in listing order.
    pub fn live_records(&self, module: &str) -> Vec<&Map<String, Value>> {
        let Some(rows) = self.records.get(module) else {
            return Vec::new();
        };
        rows.iter()
            .filter(|s| s.deleted.is_none())
            .map(|s| &s.fields)
            .collect()
    }

    pub fn live_ids(&self, module: &str) -> Vec<String> {
        self.live_records(module)
            .into_iter()
            .filter_map(|r| r.get("id").and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    /// Every field name the module's records carry (deleted ones included), in first-seen
    /// order, with a non-null sample value; `id` and `$`-prefixed meta keys left out.
    pub fn field_samples(&self, module: &str) -> Vec<(String, Value)> {
        self.records
            .get(module)
            .map(|rows| rows.samples().to_vec())
            .unwrap_or_default()
    }

    /// The live record of `module` whose `field` equals `value`.
    pub fn find_by_field(&self, module: &str, field: &str, value: &str) -> Option<String> {
        let indexed = self
            .module(module)
            .and_then(|m| m.external_field.as_deref())
            .is_some_and(|f| f == field);
        if indexed {
            let id = self
                .by_external
                .get(&(module.to_string(), value.to_string()))?;
            return self.live(module, id).map(|_| id.clone());
        }
        self.live_records(module).into_iter().find_map(|r| {
            (r.get(field).and_then(Value::as_str) == Some(value))
                .then(|| r.get("id").and_then(Value::as_str).map(str::to_string))
                .flatten()
        })
    }

    pub fn link(&mut self, a: (&str, &str), b: (&str, &str)) -> bool {
        self.relations.link(a, b)
    }

    pub fn set_relation_fields(&mut self, a: (&str, &str), b: (&str, &str), f: Map<String, Value>) {
        self.relations.set_fields(a, b, f);
    }

    pub fn relation_fields(&self, a: (&str, &str), b: (&str, &str)) -> Option<&Map<String, Value>> {
        self.relations.fields(a, b)
    }

    /// Removes a relation; its own fields are lost with it, as in Zoho.
    pub fn unlink(&mut self, a: (&str, &str), b: (&str, &str)) {
        self.relations.unlink(a, b);
    }

    /// Whether both ends are live and related.
    pub fn related(&self, a: (&str, &str), b: (&str, &str)) -> bool {
        self.live(a.0, a.1).is_some()
            && self.live(b.0, b.1).is_some()
            && self.relations.linked(a, b)
    }

    /// What (`module`, `id`) is linked to, live or not, in the order the links were made.
    pub(super) fn neighbours(&self, module: &str, id: &str) -> impl Iterator<Item = &Node> {
        self.relations.neighbours((module, id))
    }

    /// Live records of `target` related to (`module`, `id`), in the order they were linked.
    pub fn related_records(
        &self,
        module: &str,
        id: &str,
        target: &str,
    ) -> Vec<&Map<String, Value>> {
        self.relations
            .neighbours((module, id))
            .filter(|(m, _)| m == target)
            .filter_map(|(m, i)| self.live(m, i))
            .collect()
    }

    pub fn live_roles(&self) -> Vec<&Role> {
        let mut roles: Vec<&Role> = self.roles.iter().filter(|r| !r.deleted).collect();
        roles.sort_by_key(|r| r.sequence_number);
        roles
    }

    pub fn role_json(r: &Role) -> Value {
        json!({ "id": r.id, "name": r.name, "sequence_number": r.sequence_number })
    }
}

/// A record's human name, as Zoho's `display_name` in the recycle bin.
pub fn display_name(fields: &Map<String, Value>) -> String {
    for k in [
        "Full_Name",
        "Account_Name",
        "Deal_Name",
        "Campaign_Name",
        "Product_Name",
        "Price_Book_Name",
        "Subject",
        "Appointment_Name",
        "Service_Name",
        "Name",
    ] {
        if let Some(s) = fields.get(k).and_then(Value::as_str) {
            return s.to_string();
        }
    }
    fields
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}
