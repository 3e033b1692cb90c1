//! One module's records in listing order, with an index by id: a listing walks the rows
//! without hashing 50,000 ids per page, and a lookup by id stays O(1).

use std::collections::HashMap;

use super::Stored;

#[derive(Default)]
pub struct Rows {
    rows: Vec<Stored>,
    index: HashMap<String, usize>,
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
        self.index.insert(id, self.rows.len());
        self.rows.push(s);
    }

    /// Every record ever added (deleted ones too), in listing order.
    pub fn iter(&self) -> impl Iterator<Item = &Stored> {
        self.rows.iter()
    }
}
