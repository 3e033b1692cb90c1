//! What `/` looks for in a log entry's id lines: each outcome's words (id, name, code, message)
//! in lowercase, built once per entry and kept. A filter passes over every outcome of an entry
//! several times a key (the cursor kept on a line, the frame, the footer's hints), and after a
//! big removal there are 50,000 of them: building and lowercasing each one's words on every
//! pass made a key of the filter cost 40 ms there.

use std::cell::RefCell;

use crate::zoho::IdOutcome;

/// The lowercase words of each outcome, for the outcomes and names they were built from.
#[derive(Debug, Default)]
pub struct SearchCache(RefCell<Option<Built>>);

#[derive(Debug)]
struct Built {
    /// (outcomes, names) when built: an entry's outcomes come once, with its report, and its
    /// names before them, so a change of either count means they changed.
    key: (usize, usize),
    words: Vec<String>,
}

impl Clone for SearchCache {
    /// A copy builds its own when asked: it is only a cache.
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for SearchCache {
    /// Entries are equal by what they hold, whatever was cached for them.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl SearchCache {
    /// Whether the words of outcome `j` hold `q` (lowercase). `words` gives an outcome's words,
    /// as the admin reads them.
    pub fn matches(
        &self,
        key: (usize, usize),
        outcomes: &[IdOutcome],
        j: usize,
        q: &str,
        words: impl Fn(&IdOutcome) -> String,
    ) -> bool {
        let mut cache = self.0.borrow_mut();
        if cache.as_ref().is_none_or(|b| b.key != key) {
            *cache = Some(Built {
                key,
                words: outcomes.iter().map(|o| words(o).to_lowercase()).collect(),
            });
        }
        cache
            .as_ref()
            .and_then(|b| b.words.get(j))
            .is_some_and(|w| w.contains(q))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(id: &str) -> IdOutcome {
        IdOutcome::Removed {
            id: id.into(),
            message: "Record Deleted".into(),
        }
    }

    #[test]
    fn it_is_rebuilt_when_the_outcomes_change() {
        let cache = SearchCache::default();
        let words = |o: &IdOutcome| format!("{} {}", o.id(), "Record Deleted");
        let one = vec![removed("11")];
        assert!(cache.matches((1, 0), &one, 0, "record deleted", words));
        assert!(!cache.matches((1, 0), &one, 0, "22", words));
        let two = vec![removed("11"), removed("22")];
        assert!(cache.matches((2, 0), &two, 1, "22", words));
        assert!(
            !cache.matches((2, 0), &two, 2, "22", words),
            "no such outcome"
        );
    }
}
