//! The org's data in memory: records, relations, the recycle bin and contact roles.
//! Pure data operations; nothing here knows about HTTP.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value, json};

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

type Node = (String, String);

pub struct OrgState {
    pub org: Value,
    pub users: Vec<UserSeed>,
    pub modules: Vec<ModuleMeta>,
    /// Every id ever seeded per module, in listing order (deleted ones are skipped when listing).
    order: HashMap<String, Vec<String>>,
    records: HashMap<String, HashMap<String, Stored>>,
    /// id -> module, for APIs addressed by id alone (the recycle bin).
    module_of: HashMap<String, String>,
    /// Undirected relations, as adjacency lists in insertion order.
    edges: HashMap<Node, Vec<Node>>,
    /// Fields of a relation itself (a contact's role on a deal), keyed by the ordered pair.
    edge_fields: HashMap<(Node, Node), Map<String, Value>>,
    /// Deleted records in deletion order: the recycle bin.
    bin: Vec<Node>,
    pub roles: Vec<Role>,
    /// Records added by `add_generated` so far (their ids are numbered from it).
    generated: u64,
    /// Record deletes that ran with workflow rules triggered (`wf_trigger` true or absent).
    pub workflow_runs: usize,
}

impl OrgState {
    pub fn from_seed(seed: Seed) -> Self {
        let mut order: HashMap<String, Vec<String>> = HashMap::new();
        let mut records: HashMap<String, HashMap<String, Stored>> = HashMap::new();
        let mut module_of = HashMap::new();
        for m in &seed.org.modules {
            order.entry(m.api_name.clone()).or_default();
            records.entry(m.api_name.clone()).or_default();
        }
        for (module, list) in seed.records {
            for fields in list {
                let Some(id) = fields.get("id").and_then(Value::as_str).map(str::to_string) else {
                    continue;
                };
                order.entry(module.clone()).or_default().push(id.clone());
                module_of.insert(id.clone(), module.clone());
                records.entry(module.clone()).or_default().insert(
                    id,
                    Stored {
                        fields,
                        deleted: None,
                    },
                );
            }
        }
        let mut state = Self {
            org: seed.org.org,
            users: seed.org.users,
            modules: seed.org.modules,
            order,
            records,
            module_of,
            edges: HashMap::new(),
            edge_fields: HashMap::new(),
            bin: Vec::new(),
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

    pub fn user(&self, id: &str) -> Option<&UserSeed> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn live(&self, module: &str, id: &str) -> Option<&Map<String, Value>> {
        let s = self.records.get(module)?.get(id)?;
        s.deleted.is_none().then_some(&s.fields)
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
        let (Some(order), Some(recs)) = (self.order.get(module), self.records.get(module)) else {
            return Vec::new();
        };
        order
            .iter()
            .filter_map(|id| recs.get(id))
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
        let (Some(order), Some(recs)) = (self.order.get(module), self.records.get(module)) else {
            return Vec::new();
        };
        let mut out: Vec<(String, Value)> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for s in order.iter().filter_map(|id| recs.get(id)) {
            for (k, v) in &s.fields {
                if k == "id" || k.starts_with('$') {
                    continue;
                }
                match index.get(k) {
                    Some(&i) => {
                        if out[i].1.is_null() && !v.is_null() {
                            out[i].1 = v.clone();
                        }
                    }
                    None => {
                        index.insert(k.clone(), out.len());
                        out.push((k.clone(), v.clone()));
                    }
                }
            }
        }
        out
    }

    /// The live record of `module` whose `field` equals `value`.
    pub fn find_by_field(&self, module: &str, field: &str, value: &str) -> Option<String> {
        self.live_records(module).into_iter().find_map(|r| {
            (r.get(field).and_then(Value::as_str) == Some(value))
                .then(|| r.get("id").and_then(Value::as_str).map(str::to_string))
                .flatten()
        })
    }

    /// Adds `n` plain records to `module`, named after it, and returns their ids.
    pub fn add_generated(&mut self, module: &str, n: usize, now: &str) -> Vec<String> {
        let Some(meta) = self.module(module) else {
            return Vec::new();
        };
        let singular = meta.singular_label.clone();
        let name_field = match module {
            "Accounts" => "Account_Name",
            "Deals" => "Deal_Name",
            "Campaigns" => "Campaign_Name",
            "Products" => "Product_Name",
            "Price_Books" => "Price_Book_Name",
            "Tasks" => "Subject",
            "Appointments" => "Appointment_Name",
            "Services" => "Service_Name",
            _ => "Name",
        };
        let owner = self
            .users
            .first()
            .map(|u| json!({ "name": u.full_name, "id": u.id, "email": u.email }))
            .unwrap_or(Value::Null);
        let mut ids = Vec::with_capacity(n);
        for _ in 0..n {
            self.generated += 1;
            let k = self.generated;
            let id = format!("98{k:017}");
            let mut f = Map::new();
            f.insert("id".into(), json!(id));
            if module == "Leads" || module == "Contacts" {
                f.insert("First_Name".into(), json!("Bulk"));
                f.insert("Last_Name".into(), json!(format!("{singular} {k}")));
                f.insert("Full_Name".into(), json!(format!("Bulk {singular} {k}")));
                f.insert("Email".into(), json!(format!("bulk{k}@bulk.example")));
            } else {
                f.insert(name_field.into(), json!(format!("Bulk {singular} {k}")));
            }
            f.insert("Owner".into(), owner.clone());
            f.insert("Created_Time".into(), json!(now));
            f.insert("Modified_Time".into(), json!(now));
            self.order
                .entry(module.to_string())
                .or_default()
                .push(id.clone());
            self.module_of.insert(id.clone(), module.to_string());
            self.records.entry(module.to_string()).or_default().insert(
                id.clone(),
                Stored {
                    fields: f,
                    deleted: None,
                },
            );
            ids.push(id);
        }
        ids
    }

    pub fn delete(&mut self, module: &str, id: &str, time: String, by: (String, String)) {
        if let Some(s) = self.records.get_mut(module).and_then(|m| m.get_mut(id)) {
            s.deleted = Some(DeletedInfo {
                time,
                by,
                purged: false,
            });
            self.bin.push((module.to_string(), id.to_string()));
        }
    }

    /// Changes when a record in the bin was deleted (tests age the bin with it).
    pub fn set_deleted_time(&mut self, module: &str, id: &str, time: &str) -> bool {
        match self
            .records
            .get_mut(module)
            .and_then(|m| m.get_mut(id))
            .and_then(|s| s.deleted.as_mut())
        {
            Some(d) => {
                d.time = time.to_string();
                true
            }
            None => false,
        }
    }

    /// Brings a record back from the bin (with its relations, which were only hidden).
    pub fn restore(&mut self, module: &str, id: &str) -> bool {
        let Some(s) = self.records.get_mut(module).and_then(|m| m.get_mut(id)) else {
            return false;
        };
        if s.deleted.as_ref().is_none_or(|d| d.purged) {
            return false;
        }
        s.deleted = None;
        self.bin.retain(|(m, i)| !(m == module && i == id));
        true
    }

    /// Deletes a record from the recycle bin for good.
    pub fn purge(&mut self, module: &str, id: &str) -> bool {
        match self
            .records
            .get_mut(module)
            .and_then(|m| m.get_mut(id))
            .and_then(|s| s.deleted.as_mut())
        {
            Some(d) if !d.purged => {
                d.purged = true;
                true
            }
            _ => false,
        }
    }

    /// Deleted records, most recently deleted first; `purged` tells those gone for good.
    pub fn bin(&self) -> Vec<(String, String, &Map<String, Value>, DeletedInfo)> {
        self.bin
            .iter()
            .rev()
            .filter_map(|(m, id)| {
                let s = self.records.get(m)?.get(id)?;
                let d = s.deleted.clone()?;
                Some((m.clone(), id.clone(), &s.fields, d))
            })
            .collect()
    }

    pub fn link(&mut self, a: (&str, &str), b: (&str, &str)) -> bool {
        let na = (a.0.to_string(), a.1.to_string());
        let nb = (b.0.to_string(), b.1.to_string());
        let list = self.edges.entry(na.clone()).or_default();
        if list.contains(&nb) {
            return false;
        }
        list.push(nb.clone());
        self.edges.entry(nb).or_default().push(na);
        true
    }

    fn pair(a: (&str, &str), b: (&str, &str)) -> (Node, Node) {
        let na = (a.0.to_string(), a.1.to_string());
        let nb = (b.0.to_string(), b.1.to_string());
        if na <= nb { (na, nb) } else { (nb, na) }
    }

    pub fn set_relation_fields(&mut self, a: (&str, &str), b: (&str, &str), f: Map<String, Value>) {
        if f.is_empty() {
            self.edge_fields.remove(&Self::pair(a, b));
        } else {
            self.edge_fields.insert(Self::pair(a, b), f);
        }
    }

    pub fn relation_fields(&self, a: (&str, &str), b: (&str, &str)) -> Option<&Map<String, Value>> {
        self.edge_fields.get(&Self::pair(a, b))
    }

    /// Removes a relation; its own fields are lost with it, as in Zoho.
    pub fn unlink(&mut self, a: (&str, &str), b: (&str, &str)) {
        self.edge_fields.remove(&Self::pair(a, b));
        let na = (a.0.to_string(), a.1.to_string());
        let nb = (b.0.to_string(), b.1.to_string());
        if let Some(l) = self.edges.get_mut(&na) {
            l.retain(|n| n != &nb);
        }
        if let Some(l) = self.edges.get_mut(&nb) {
            l.retain(|n| n != &na);
        }
    }

    /// Whether both ends are live and related.
    pub fn related(&self, a: (&str, &str), b: (&str, &str)) -> bool {
        self.live(a.0, a.1).is_some()
            && self.live(b.0, b.1).is_some()
            && self
                .edges
                .get(&(a.0.to_string(), a.1.to_string()))
                .is_some_and(|l| l.iter().any(|(m, i)| m == b.0 && i == b.1))
    }

    /// Live records of `target` related to (`module`, `id`), in the order they were linked.
    pub fn related_records(
        &self,
        module: &str,
        id: &str,
        target: &str,
    ) -> Vec<&Map<String, Value>> {
        let mut seen = HashSet::new();
        self.edges
            .get(&(module.to_string(), id.to_string()))
            .map(|l| {
                l.iter()
                    .filter(|(m, _)| m == target)
                    .filter(|(_, i)| seen.insert(i.clone()))
                    .filter_map(|(m, i)| self.live(m, i))
                    .collect()
            })
            .unwrap_or_default()
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
