//! Generated records: a bigger org than the seeded one, shaped like it.
//!
//! Each generated record starts from a seeded record of its module (so it carries the same
//! fields) and gets new people and company names, owners among the org's users, dates spread
//! over four years, picklist values and numbers drawn from what the module's records hold, a
//! few locked or awaiting approval, lookups and relations to existing records at the seed's
//! own rates. The same `seed` gives the same records.

mod names;
mod profile;
mod related;

use chrono::{DateTime, Duration as Days, FixedOffset, SecondsFormat};
use serde_json::{Map, Value, json};

use super::state::OrgState;
use profile::Profile;

/// A small, stable generator (SplitMix64): the same seed gives the same org on every build,
/// which a library RNG does not promise across versions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, salt: &str) -> Self {
        let h = crate::hash::fnv1a(&[salt.as_bytes()]);
        Rng(seed ^ h)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// 0..n (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// A new id no record has: the org's 7-digit prefix, a 9, and a counter.
fn new_id(state: &mut OrgState, prefix: &str) -> String {
    loop {
        state.generated += 1;
        let id = format!("{prefix}9{:011}", state.generated);
        if !state.id_taken(&id) {
            return id;
        }
    }
}

fn id_prefix(state: &OrgState) -> String {
    let org_id = state
        .org
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if org_id.len() >= 7 && org_id.bytes().all(|b| b.is_ascii_digit()) {
        org_id[..7].to_string()
    } else {
        "5725767".to_string()
    }
}

/// Adds `n` realistic records to `module` (see the module docs) and returns their ids.
pub fn generate(
    state: &mut OrgState,
    module: &str,
    n: usize,
    seed: u64,
) -> Result<Vec<String>, String> {
    let canonical = match state.module(module) {
        Some(m) => m.api_name.clone(),
        None => {
            let known: Vec<&str> = state.modules.iter().map(|m| m.api_name.as_str()).collect();
            return Err(format!(
                "--generate: the org has no module `{module}` (it has {})",
                known.join(", ")
            ));
        }
    };
    let profile = Profile::of(state, &canonical);
    let prefix = id_prefix(state);
    let mut rng = Rng::new(seed, &canonical);
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let id = new_id(state, &prefix);
        let k = state.generated;
        let (fields, looked_up) = profile.record(&mut rng, &id, k);
        state.insert_record(&canonical, fields);
        for (m, target) in &looked_up {
            state.link((&canonical, &id), (m, target));
        }
        for r in &profile.relations {
            let links = r.rate.trunc() as usize + usize::from(rng.chance(r.rate.fract()));
            let other = &r.module;
            for _ in 0..links {
                let Some(target) = rng.pick(profile.candidates(other)).cloned() else {
                    break;
                };
                let (a, b) = (
                    (canonical.as_str(), id.as_str()),
                    (other.as_str(), target.as_str()),
                );
                if state.link(a, b)
                    && let Some(f) = rng.pick(&r.samples).cloned()
                {
                    state.set_relation_fields(a, b, f);
                }
            }
        }
        ids.push(id);
    }
    Ok(ids)
}

/// Adds `n` plain records to `module` (named after it, owned by the first user, never locked)
/// and returns their ids: for bulk tests that need every record removable.
pub fn add_plain(state: &mut OrgState, module: &str, n: usize, now: &str) -> Vec<String> {
    let Some(meta) = state.module(module) else {
        return Vec::new();
    };
    let singular = meta.singular_label.clone();
    let name_field = profile::name_field(module);
    let owner = state
        .users
        .first()
        .map(|u| json!({ "name": u.full_name, "id": u.id, "email": u.email }))
        .unwrap_or(Value::Null);
    let mut ids = Vec::with_capacity(n);
    for _ in 0..n {
        let id = new_id(state, "98");
        let k = state.generated;
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
        state.insert_record(module, f);
        ids.push(id);
    }
    ids
}

pub(super) fn stamp(t: DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// A time `days` back from `anchor` at most, to the minute.
pub(super) fn earlier(
    rng: &mut Rng,
    anchor: DateTime<FixedOffset>,
    days: i64,
) -> DateTime<FixedOffset> {
    let minutes = rng.below((days.max(1) * 24 * 60) as usize) as i64;
    anchor - Days::minutes(minutes)
}
