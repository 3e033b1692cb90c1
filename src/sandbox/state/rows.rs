//! One module's records in listing order, with an index by id: a listing walks the rows
//! without hashing 50,000 ids per page, and a lookup by id stays O(1). The field samples are
//! kept as records are added or updated, not gathered per metadata call.

use std::collections::HashMap;

use serde_json::Value;

use super::Stored;

#[derive(Default)]
pub struct Rows {
    rows: Vec<Stored>,
    index: HashMap<String, usize>,
    /// Every field name in first-seen order with a non-null sample value (if any has one);
    /// `id` and `$` meta keys left out.
    samples: Vec<(String, Value)>,
    sample_of: HashMap<String, usize>,
}

impl Rows {
    pub fn get(&self, id: &str) -> Option<&Stored> {
        self.index.get(id).and_then(|&i| self.rows.get(i))
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut Stored> {
        let i = *self.index.get(id)?;
        self.rows.get_mut(i)
    }

    /// Appends; the caller has checked that `id` is new.
    pub fn push(&mut self, id: String, s: Stored) {
        for (k, v) in &s.fields {
            self.sample(k, v);
        }
        self.index.insert(id, self.rows.len());
        self.rows.push(s);
    }

    /// Keeps the field samples true of a value a record now holds.
    pub fn sample(&mut self, k: &str, v: &Value) {
        if k == "id" || k.starts_with('$') {
            return;
        }
        match self.sample_of.get(k) {
            Some(&i) => {
                if let Some(slot) = self.samples.get_mut(i)
                    && slot.1.is_null()
                    && !v.is_null()
                {
                    slot.1 = v.clone();
                }
            }
            None => {
                self.sample_of.insert(k.to_string(), self.samples.len());
                self.samples.push((k.to_string(), v.clone()));
            }
        }
    }

    pub fn samples(&self) -> &[(String, Value)] {
        &self.samples
    }

    /// Every record ever added (deleted ones too), in listing order.
    pub fn iter(&self) -> impl Iterator<Item = &Stored> {
        self.rows.iter()
    }
}
