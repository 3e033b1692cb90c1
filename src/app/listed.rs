//! What a confirm dialog lists: each record's id, name and distinguishing value, laid end to end
//! in three buffers and measured as they come in. A selection of 50,000 rows is copied with a
//! handful of allocations rather than 150,000, and a frame draws the rows it shows without
//! measuring the others (the columns' widths are known once the list is built).

use crate::ui::width;

/// Strings end to end in one buffer: the `i`th is `buf[ends[i - 1]..ends[i]]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Texts {
    buf: String,
    ends: Vec<usize>,
}

impl Texts {
    fn push(&mut self, s: &str) {
        self.buf.push_str(s);
        self.ends.push(self.buf.len());
    }

    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1],
        };
        self.buf.get(start..end)
    }
}

/// The records a confirm dialog lists, in the order they will be sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Listed {
    ids: Texts,
    names: Texts,
    details: Texts,
    id_width: usize,
    detail_width: usize,
}

/// One listed record: id, name, and its distinguishing value ("" when it has none).
pub type ListedItem<'a> = (&'a str, &'a str, &'a str);

impl Listed {
    pub fn push(&mut self, id: &str, name: &str, detail: &str) {
        // A string takes at most a column per byte: one no longer than the widest so far
        // cannot be wider, and is not measured.
        if id.len() > self.id_width {
            self.id_width = self.id_width.max(width(id));
        }
        if detail.len() > self.detail_width {
            self.detail_width = self.detail_width.max(width(detail));
        }
        self.ids.push(id);
        self.names.push(name);
        self.details.push(detail);
    }

    /// Room for `n` more items, so that a big selection's list grows once.
    pub fn reserve(&mut self, n: usize) {
        for t in [&mut self.ids, &mut self.names, &mut self.details] {
            t.ends.reserve(n);
        }
    }

    pub fn len(&self) -> usize {
        self.ids.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, i: usize) -> Option<ListedItem<'_>> {
        Some((self.ids.get(i)?, self.names.get(i)?, self.details.get(i)?))
    }

    pub fn iter(&self) -> impl Iterator<Item = ListedItem<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.ids.get(i))
    }

    /// The widest id, in display columns.
    pub fn id_width(&self) -> usize {
        self.id_width
    }

    /// The widest distinguishing value, in display columns.
    pub fn detail_width(&self) -> usize {
        self.detail_width
    }
}

/// Ids with names, no distinguishing values (undo, resume, retry, a delink by external id).
impl From<Vec<(String, String)>> for Listed {
    fn from(items: Vec<(String, String)>) -> Self {
        let mut l = Listed::default();
        for (id, name) in &items {
            l.push(id, name, "");
        }
        l
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_back_as_pushed_with_the_widest_columns() {
        let mut l = Listed::default();
        assert!(l.is_empty());
        assert_eq!(l.get(0), None);
        l.push("34770617742003", "Beatrice Okoye", "Kestrel Aerospace");
        l.push("7", "", "");
        l.push("410405000002264040", "李小龍", "株式会社");
        assert_eq!(l.len(), 3);
        assert_eq!(
            l.get(0),
            Some(("34770617742003", "Beatrice Okoye", "Kestrel Aerospace"))
        );
        assert_eq!(l.get(1), Some(("7", "", "")));
        assert_eq!(l.get(2), Some(("410405000002264040", "李小龍", "株式会社")));
        assert_eq!(l.get(3), None);
        assert_eq!((l.id_width(), l.detail_width()), (18, 17));
        assert_eq!(
            l.ids().collect::<Vec<_>>(),
            ["34770617742003", "7", "410405000002264040"]
        );
        assert_eq!(l.iter().count(), 3);
        // Measured by columns, not bytes: 18 bytes in 9 columns, then 10 bytes in 10.
        let mut wide = Listed::default();
        wide.push("1", "", "ééééééééé");
        wide.push("2", "", "abcdefghij");
        wide.push("3", "", "李小龍");
        assert_eq!(wide.detail_width(), 10);
        let from: Listed = vec![("1".to_string(), "a".to_string())].into();
        assert_eq!(from.get(0), Some(("1", "a", "")));
    }
}
