//! What generation learns from a module's seeded records: templates, picklist values, number
//! ranges, lookups, relation rates, owners and the latest date.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration as Days, FixedOffset, NaiveDate};
use serde_json::{Map, Value, json};

use super::super::state::{OrgState, display_name};
use super::related::{RelationRate, relation_rates};
use super::{Rng, earlier, names, stamp};

/// A string field with at most this many distinct values (and many records per value) is a
/// picklist.
const PICKLIST_MAX: usize = 15;
const LOCKED_SHARE: f64 = 0.01;
const YEARS: i64 = 4;

pub fn name_field(module: &str) -> &'static str {
    match module {
        "Accounts" => "Account_Name",
        "Deals" => "Deal_Name",
        "Campaigns" => "Campaign_Name",
        "Products" => "Product_Name",
        "Price_Books" => "Price_Book_Name",
        "Tasks" => "Subject",
        "Appointments" => "Appointment_Name",
        "Services" => "Service_Name",
        _ => "Name",
    }
}

pub struct Profile {
    module: String,
    singular: String,
    templates: Vec<Map<String, Value>>,
    owners: Vec<Value>,
    picklists: BTreeMap<String, Vec<Value>>,
    /// field -> (min, max, whole numbers)
    numbers: BTreeMap<String, (f64, f64, bool)>,
    /// Records a lookup may point at, per module: (id, name).
    pool: HashMap<String, Vec<(String, String)>>,
    /// The module of each record the templates' lookups point at.
    lookup_module: HashMap<String, String>,
    pub relations: Vec<RelationRate>,
    /// Modules a record looks up and is also related to (an account's contacts): the new
    /// record is related to the record it looks up.
    lookup_links: Vec<String>,
    candidates: HashMap<String, Vec<String>>,
    external: Option<String>,
    /// Fields holding a date (`2026-01-14`), and those holding a date-time, besides the
    /// created and modified times: classified once, not parsed per record.
    date_fields: Vec<String>,
    time_fields: Vec<String>,
    anchor: DateTime<FixedOffset>,
}

/// The id a lookup value (`{"name": .., "id": ..}`) points at.
pub(super) fn is_lookup(v: &Value) -> Option<&str> {
    let o = v.as_object()?;
    o.get("name")?;
    o.get("id")?.as_str()
}

impl Profile {
    pub fn of(state: &OrgState, module: &str) -> Profile {
        let templates: Vec<Map<String, Value>> =
            state.live_records(module).into_iter().cloned().collect();
        let mut distinct: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut numbers: BTreeMap<String, (f64, f64, bool)> = BTreeMap::new();
        let mut lookup_module = HashMap::new();
        let mut anchor: Option<DateTime<FixedOffset>> = None;
        let (mut date_fields, mut time_fields) = (Vec::new(), Vec::new());
        for t in &templates {
            for (k, v) in t {
                match v {
                    Value::String(text) => {
                        if !distinct.contains_key(k) && k != "Created_Time" && k != "Modified_Time"
                        {
                            if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
                                date_fields.push(k.clone());
                            } else if DateTime::parse_from_rfc3339(text).is_ok() {
                                time_fields.push(k.clone());
                            }
                        }
                        let d = distinct.entry(k.clone()).or_default();
                        if d.len() <= PICKLIST_MAX && !d.contains(v) {
                            d.push(v.clone());
                        }
                    }
                    Value::Number(n) => {
                        let x = n.as_f64().unwrap_or_default();
                        let e = numbers.entry(k.clone()).or_insert((x, x, true));
                        e.0 = e.0.min(x);
                        e.1 = e.1.max(x);
                        e.2 &= n.is_i64() || n.is_u64();
                    }
                    _ => {
                        if let Some(id) = is_lookup(v)
                            && let Some(m) = state.module_of(id)
                        {
                            lookup_module.insert(id.to_string(), m.to_string());
                        }
                    }
                }
            }
            let created = t.get("Created_Time").and_then(Value::as_str);
            if let Some(c) = created.and_then(|c| DateTime::parse_from_rfc3339(c).ok()) {
                anchor = Some(anchor.map_or(c, |a| a.max(c)));
            }
        }
        let per_value = |k: &str| templates.iter().filter(|t| t.contains_key(k)).count();
        let picklists = distinct
            .into_iter()
            .filter(|(k, d)| (2..=PICKLIST_MAX).contains(&d.len()) && d.len() * 3 <= per_value(k))
            .collect();
        let mut pool: HashMap<String, Vec<(String, String)>> = HashMap::new();
        for m in lookup_module.values() {
            pool.entry(m.clone()).or_insert_with(|| {
                state
                    .live_records(m)
                    .into_iter()
                    .filter_map(|r| Some((r.get("id")?.as_str()?.to_string(), display_name(r))))
                    .collect()
            });
        }
        let related = relation_rates(state, module, &templates, &pool);
        let owners = state
            .users
            .iter()
            .filter(|u| u.can_delete)
            .map(|u| json!({ "name": u.full_name, "id": u.id, "email": u.email }))
            .collect();
        Profile {
            module: module.to_string(),
            singular: state
                .module(module)
                .map(|m| m.singular_label.clone())
                .unwrap_or_else(|| module.to_string()),
            owners,
            picklists,
            numbers,
            pool,
            lookup_module,
            relations: related.rates,
            lookup_links: related.lookup_links,
            candidates: related.candidates,
            external: state.module(module).and_then(|m| m.external_field.clone()),
            date_fields,
            time_fields,
            anchor: anchor.unwrap_or_else(|| {
                DateTime::parse_from_rfc3339("2026-01-01T00:00:00+00:00").unwrap_or_default()
            }),
            templates,
        }
    }

    pub fn candidates(&self, module: &str) -> &[String] {
        self.candidates
            .get(module)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// One record: a template's fields with new values (see the module docs of `generate`),
    /// and the records it looks up that it is to be related to as well.
    pub fn record(
        &self,
        rng: &mut Rng,
        id: &str,
        k: u64,
    ) -> (Map<String, Value>, Vec<(String, String)>) {
        let mut f = match rng.pick(&self.templates) {
            Some(t) => t.clone(),
            None => self.blank(),
        };
        f.remove("$locked_for_me");
        f.remove("$approval_state");
        f.insert("id".into(), json!(id));
        for (field, values) in &self.picklists {
            if let (Some(v), Some(slot)) = (rng.pick(values), f.get_mut(field)) {
                *slot = v.clone();
            }
        }
        for (field, &(lo, hi, whole)) in &self.numbers {
            let x = lo + (hi - lo) * (rng.below(10_001) as f64 / 10_000.0);
            if let Some(slot) = f.get_mut(field) {
                *slot = if whole {
                    json!(x.round() as i64)
                } else {
                    json!((x * 100.0).round() / 100.0)
                };
            }
        }
        let lookups: Vec<(String, String)> = f
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), self.lookup_module.get(is_lookup(v)?)?.clone())))
            .collect();
        let mut links = Vec::new();
        for (field, module) in lookups {
            if let Some((lid, lname)) = self.pool.get(&module).and_then(|p| rng.pick(p)) {
                f.insert(field, json!({ "name": lname, "id": lid }));
                if self.lookup_links.contains(&module) {
                    links.push((module, lid.clone()));
                }
            }
        }
        let company = self.company(rng, &mut f);
        self.person(rng, &mut f, &company, k);
        self.name(&mut f, k);
        for phone in ["Phone", "Mobile"] {
            if f.contains_key(phone) {
                let n = rng.below(10_000_000);
                f.insert(
                    phone.into(),
                    json!(format!("+1 555 {:03} {:04}", n / 10_000, n % 10_000)),
                );
            }
        }
        if let Some(ext) = &self.external
            && let Some(stem) = f.get(ext).and_then(Value::as_str)
        {
            let stem = stem
                .trim_end_matches(|c: char| c.is_ascii_digit())
                .to_string();
            f.insert(ext.clone(), json!(format!("{stem}-g{k}")));
        }
        if let Some(owner) = rng.pick(&self.owners) {
            f.insert("Owner".into(), owner.clone());
            if f.contains_key("Created_By") {
                f.insert("Created_By".into(), owner.clone());
            }
        }
        self.dates(rng, &mut f);
        if rng.chance(LOCKED_SHARE) {
            f.insert("$locked_for_me".into(), json!(true));
        }
        if rng.chance(LOCKED_SHARE) {
            f.insert("$approval_state".into(), json!("approval_process_pending"));
        }
        (f, links)
    }

    /// The fields of a record of a module that has none to start from (an org file may list
    /// a module without records): its name, and for people their names, email and company.
    fn blank(&self) -> Map<String, Value> {
        let person = ["Leads", "Contacts"].contains(&self.module.as_str());
        let mut keys = vec!["Owner", "Created_Time", "Modified_Time"];
        if person {
            keys.extend(["First_Name", "Last_Name", "Full_Name", "Email"]);
        }
        if self.module == "Leads" {
            keys.push("Company");
        }
        let mut f: Map<String, Value> = keys
            .into_iter()
            .map(|k| (k.to_string(), json!("")))
            .collect();
        if !person {
            f.insert(name_field(&self.module).into(), json!(self.singular));
        }
        f
    }

    /// A new company name for the record's own company field (Leads' `Company`, Accounts'
    /// `Account_Name`), or the name of the account it looks up; the one its email is at.
    fn company(&self, rng: &mut Rng, f: &mut Map<String, Value>) -> String {
        let mut made = || {
            let head = rng.pick(names::COMPANY_HEAD).copied().unwrap_or("Acme");
            let tail = rng.pick(names::COMPANY_TAIL).copied().unwrap_or("Labs");
            let suffix = rng.pick(names::COMPANY_SUFFIX).copied().unwrap_or_default();
            format!("{head} {tail}{suffix}")
        };
        for own in ["Company", "Account_Name"] {
            if f.get(own).is_some_and(Value::is_string) {
                let c = made();
                f.insert(own.into(), json!(c));
                if f.contains_key("Website") {
                    f.insert(
                        "Website".into(),
                        json!(format!("https://www.{}", domain(&c))),
                    );
                }
                return c;
            }
        }
        match f
            .get("Account_Name")
            .and_then(|a| a.get("name"))
            .and_then(Value::as_str)
        {
            Some(a) => a.to_string(),
            None => made(),
        }
    }

    fn person(&self, rng: &mut Rng, f: &mut Map<String, Value>, company: &str, k: u64) {
        if !f.contains_key("Last_Name") {
            return;
        }
        let first = rng.pick(names::FIRST).copied().unwrap_or("Alex");
        let last = rng.pick(names::LAST).copied().unwrap_or("Doe");
        f.insert("First_Name".into(), json!(first));
        f.insert("Last_Name".into(), json!(last));
        f.insert("Full_Name".into(), json!(format!("{first} {last}")));
        if f.contains_key("Email") {
            let local = format!("{first}.{last}{k}").to_lowercase();
            f.insert(
                "Email".into(),
                json!(format!("{local}@{}", domain(company))),
            );
        }
    }

    /// A record's name after its account (`Acme Ltd. - Support Plan`) or numbered.
    fn name(&self, f: &mut Map<String, Value>, k: u64) {
        let field = name_field(&self.module);
        if field == "Account_Name" {
            return;
        }
        let Some(old) = f.get(field).and_then(Value::as_str) else {
            return;
        };
        let account = f
            .get("Account_Name")
            .and_then(|a| a.get("name"))
            .and_then(Value::as_str);
        let new = match (old.split_once(" - "), account) {
            (Some((_, tail)), Some(a)) => format!("{a} - {tail}"),
            _ => format!("{old} {k}"),
        };
        f.insert(field.into(), json!(new));
    }

    /// Created up to four years back, modified within 90 days of it; other dates and times
    /// move along with the creation.
    fn dates(&self, rng: &mut Rng, f: &mut Map<String, Value>) {
        let created = earlier(rng, self.anchor, YEARS * 365);
        let later = |rng: &mut Rng, days: i64| {
            created + Days::minutes(rng.below((days * 1440) as usize) as i64)
        };
        let modified = later(rng, 90).min(self.anchor.max(created));
        for (key, at) in [("Created_Time", created), ("Modified_Time", modified)] {
            if f.contains_key(key) {
                f.insert(key.into(), json!(stamp(at)));
            }
        }
        for key in &self.date_fields {
            if f.get(key).is_some_and(Value::is_string) {
                let d = later(rng, 180).date_naive().format("%Y-%m-%d").to_string();
                f.insert(key.clone(), json!(d));
            }
        }
        for key in &self.time_fields {
            if f.get(key).is_some_and(Value::is_string) {
                f.insert(key.clone(), json!(stamp(later(rng, 60))));
            }
        }
    }
}

fn domain(company: &str) -> String {
    let words: String = company
        .split_whitespace()
        .filter(|w| !w.ends_with('.') && !["GmbH", "LLC", "Group"].contains(w))
        .collect::<Vec<_>>()
        .join("")
        .to_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!("{words}.example")
}
