//! One row of a list pane: an id, a human name, the pane's column values, and what the
//! local filter and sort need.

use crate::zoho::LockState;

/// One row: an id, a human name and the values of the pane's columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub name: String,
    /// The most distinguishing value after the name (the pane's second column).
    pub detail: String,
    /// One value per column of the pane, as people read it (the name column included).
    pub cells: Vec<String>,
    /// The position the server gave the row: an unsorted pane goes back to it.
    pub order: usize,
    /// Locked or awaiting approval: a delete of it will fail.
    pub lock: Option<LockState>,
    /// Name, id and values lowercased once, so that filtering 10,000 rows on every frame is one
    /// substring search per row rather than an allocation per field.
    search: String,
}

impl Row {
    pub fn new(id: impl Into<String>, name: impl Into<String>, detail: impl Into<String>) -> Self {
        let (id, name, detail) = (id.into(), name.into(), detail.into());
        let mut row = Self {
            id,
            name,
            detail,
            cells: Vec::new(),
            order: 0,
            lock: None,
            search: String::new(),
        };
        row.index();
        row
    }

    /// The row with the values of its pane's columns (searched by the filter too).
    pub fn with_cells(mut self, cells: Vec<String>) -> Self {
        self.cells = cells;
        self.index();
        self
    }

    pub fn with_lock(mut self, lock: Option<LockState>) -> Self {
        self.lock = lock;
        self
    }

    fn index(&mut self) {
        // A separator no filter can hold keeps a match from spanning two fields.
        let mut s = format!(
            "{}\u{0}{}\u{0}{}",
            self.name.to_lowercase(),
            self.id.to_lowercase(),
            self.detail.to_lowercase()
        );
        for c in &self.cells {
            s.push('\u{0}');
            s.push_str(&c.to_lowercase());
        }
        self.search = s;
    }
}

/// Whether `row` shows under the lowercased filter `f` (name, id or a value, any case).
pub(super) fn row_matches(row: &Row, f: &str) -> bool {
    row.search.contains(f)
}
