//! A set that remembers insertion order, with O(log n) removal from anywhere.
//!
//! The recycle bin and each record's relations are such sets: restores and delinks take
//! entries out of the middle, and a `Vec::retain` per id made a 50,000-id restore quadratic.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

pub struct OrderedSet<T> {
    by_seq: BTreeMap<u64, T>,
    seq_of: HashMap<T, u64>,
    next: u64,
}

impl<T> Default for OrderedSet<T> {
    fn default() -> Self {
        Self {
            by_seq: BTreeMap::new(),
            seq_of: HashMap::new(),
            next: 0,
        }
    }
}

impl<T: Hash + Eq + Clone> OrderedSet<T> {
    /// Adds `item` at the end; false (and left where it was) when already there.
    pub fn insert(&mut self, item: T) -> bool {
        if self.seq_of.contains_key(&item) {
            return false;
        }
        self.next += 1;
        self.by_seq.insert(self.next, item.clone());
        self.seq_of.insert(item, self.next);
        true
    }

    pub fn remove(&mut self, item: &T) -> bool {
        match self.seq_of.remove(item) {
            Some(seq) => {
                self.by_seq.remove(&seq);
                true
            }
            None => false,
        }
    }

    /// Moves `item` to the end (adding it if absent).
    pub fn move_to_end(&mut self, item: T) {
        self.remove(&item);
        self.insert(item);
    }

    pub fn contains(&self, item: &T) -> bool {
        self.seq_of.contains_key(item)
    }

    /// In insertion order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.by_seq.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removal_from_the_middle_keeps_the_order_of_the_rest() {
        let mut s = OrderedSet::default();
        for id in [1, 2, 3, 4] {
            assert!(s.insert(id));
        }
        assert!(!s.insert(3), "already there");
        assert!(s.remove(&2));
        assert!(!s.remove(&2));
        s.move_to_end(1);
        assert_eq!(s.iter().copied().collect::<Vec<_>>(), [3, 4, 1]);
        assert_eq!(s.iter().rev().copied().collect::<Vec<_>>(), [1, 4, 3]);
        assert!(s.contains(&4) && !s.contains(&2));
    }
}
