//! How a module's seeded records relate to other modules', for generated records to follow.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::super::state::OrgState;
use super::profile::is_lookup;

/// How a module's records relate to another module's, as seeded.
pub struct RelationRate {
    pub module: String,
    /// Links per record.
    pub rate: f64,
    /// The relation's own fields, as seeded (a contact's role on a deal).
    pub samples: Vec<Map<String, Value>>,
}

/// What `relation_rates` finds.
pub(super) struct Related {
    pub(super) rates: Vec<RelationRate>,
    pub(super) lookup_links: Vec<String>,
    pub(super) candidates: HashMap<String, Vec<String>>,
}

/// Whether some record of `child` points at a record of `parent` through a lookup.
fn has_lookup_to(state: &OrgState, child: &str, parent: &str) -> bool {
    state.live_records(child).into_iter().take(50).any(|r| {
        r.values()
            .filter_map(is_lookup)
            .any(|id| state.module_of(id) == Some(parent))
    })
}

/// Per related module: links per seeded record and the seeded relation fields, and the live
/// records a new record may link to. Modules whose records look this one up (its children)
/// and modules it looks up (linked through the lookup) are left out.
pub(super) fn relation_rates(
    state: &OrgState,
    module: &str,
    templates: &[Map<String, Value>],
    pool: &HashMap<String, Vec<(String, String)>>,
) -> Related {
    let mut counts: BTreeMap<String, (usize, Vec<Map<String, Value>>)> = BTreeMap::new();
    for t in templates {
        let Some(id) = t.get("id").and_then(Value::as_str) else {
            continue;
        };
        for (m, other) in state.neighbours(module, id) {
            let e = counts.entry(m.clone()).or_default();
            e.0 += 1;
            if e.1.len() < 64
                && let Some(own) = state.relation_fields((module, id), (m, other))
            {
                e.1.push(own.clone());
            }
        }
    }
    let mut rates = Vec::new();
    let mut lookup_links = Vec::new();
    let mut candidates = HashMap::new();
    for (other, (n, samples)) in counts {
        if pool.contains_key(&other) {
            lookup_links.push(other);
            continue;
        }
        if has_lookup_to(state, &other, module) {
            continue;
        }
        candidates.insert(other.clone(), state.live_ids(&other));
        rates.push(RelationRate {
            module: other,
            rate: n as f64 / templates.len().max(1) as f64,
            samples,
        });
    }
    Related {
        rates,
        lookup_links,
        candidates,
    }
}
