//! A list pane's rows, cursor, selection, local filter and paging state.

use std::collections::{BTreeMap, HashMap};

use crate::api_task::ReqId;
use crate::zoho::PageRequest;

/// One row: an id, a human name and one more column worth showing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub detail: String,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Row>,
    /// Index into `visible()`.
    pub cursor: usize,
    /// Selected ids with their names (names kept so hidden rows can still be listed).
    pub selected: BTreeMap<String, String>,
    /// Ids whose removal failed, with the code.
    pub failed: HashMap<String, String>,
    /// The filter applied (locally, or by the server for records).
    pub filter: String,
    /// Whether `filter` was applied by the server (the rows are search results).
    pub server_filter: bool,
    /// The load in flight for this pane.
    pub loading: Option<ReqId>,
    /// How to ask for the next page, when the server said there are more.
    pub next: Option<PageRequest>,
    pub error: Option<String>,
    /// What the rows belong to (e.g. `records:Leads`), so late results go to the right place.
    pub context: String,
}

impl Table {
    pub fn reset(&mut self, context: impl Into<String>) {
        *self = Table {
            context: context.into(),
            ..Table::default()
        };
    }

    fn matches(&self, row: &Row) -> bool {
        if self.filter.is_empty() || self.server_filter {
            return true;
        }
        let f = self.filter.to_lowercase();
        row.name.to_lowercase().contains(&f)
            || row.id.contains(&f)
            || row.detail.to_lowercase().contains(&f)
    }

    /// Indices (into `rows`) of the rows the filter lets through, in order.
    pub fn visible(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| self.matches(&self.rows[i]))
            .collect()
    }

    pub fn visible_len(&self) -> usize {
        self.rows.iter().filter(|r| self.matches(r)).count()
    }

    pub fn focused(&self) -> Option<&Row> {
        let vis = self.visible();
        vis.get(self.cursor).map(|&i| &self.rows[i])
    }

    pub fn clamp(&mut self) {
        let n = self.visible_len();
        if self.cursor >= n {
            self.cursor = n.saturating_sub(1);
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.visible_len();
        if n == 0 {
            self.cursor = 0;
            return;
        }
        let c = self.cursor as isize + delta;
        self.cursor = c.clamp(0, n as isize - 1) as usize;
    }

    pub fn first(&mut self) {
        self.cursor = 0;
    }

    pub fn last(&mut self) {
        self.cursor = self.visible_len().saturating_sub(1);
    }

    pub fn toggle_focused(&mut self) {
        if let Some(row) = self.focused().cloned()
            && self.selected.remove(&row.id).is_none()
        {
            self.selected.insert(row.id, row.name);
        }
    }

    /// Selects every loaded visible row; if they all are selected already, clears the selection.
    pub fn toggle_all(&mut self) {
        let vis = self.visible();
        let all = !vis.is_empty()
            && vis
                .iter()
                .all(|&i| self.selected.contains_key(&self.rows[i].id));
        if all {
            self.selected.clear();
        } else {
            for i in vis {
                let r = &self.rows[i];
                self.selected.insert(r.id.clone(), r.name.clone());
            }
        }
    }

    /// Selected ids not shown under the current filter.
    pub fn hidden_selected(&self) -> usize {
        let shown: std::collections::HashSet<&str> = self
            .visible()
            .into_iter()
            .map(|i| self.rows[i].id.as_str())
            .collect();
        self.selected
            .keys()
            .filter(|id| !shown.contains(id.as_str()))
            .count()
    }

    /// What a removal acts on: the selection, else the focused row. Ids with names.
    pub fn targets(&self) -> Vec<(String, String)> {
        if self.selected.is_empty() {
            return self
                .focused()
                .map(|r| vec![(r.id.clone(), r.name.clone())])
                .unwrap_or_default();
        }
        // Loaded rows in their order first, then selected ids no longer loaded.
        let mut out: Vec<(String, String)> = self
            .rows
            .iter()
            .filter(|r| self.selected.contains_key(&r.id))
            .map(|r| (r.id.clone(), r.name.clone()))
            .collect();
        for (id, name) in &self.selected {
            if !out.iter().any(|(i, _)| i == id) {
                out.push((id.clone(), name.clone()));
            }
        }
        out
    }

    /// Drops removed rows, marks failed ones, unselects both.
    pub fn apply_outcomes(&mut self, removed: &[String], failed: &[(String, String)]) {
        let removed: std::collections::HashSet<&str> = removed.iter().map(String::as_str).collect();
        self.rows.retain(|r| !removed.contains(r.id.as_str()));
        for id in &removed {
            self.selected.remove(*id);
            self.failed.remove(*id);
        }
        for (id, code) in failed {
            self.selected.remove(id);
            self.failed.insert(id.clone(), code.clone());
        }
        self.clamp();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(n: usize) -> Table {
        Table {
            rows: (0..n)
                .map(|i| Row {
                    id: format!("{i}"),
                    name: format!("name {i}"),
                    detail: String::new(),
                })
                .collect(),
            ..Table::default()
        }
    }

    #[test]
    fn cursor_never_leaves_the_rows() {
        let mut t = table(3);
        t.move_by(10);
        assert_eq!(t.cursor, 2);
        t.move_by(-10);
        assert_eq!(t.cursor, 0);
        let mut e = table(0);
        e.move_by(1);
        e.last();
        assert_eq!(e.cursor, 0);
        assert!(e.focused().is_none());
    }

    #[test]
    fn hidden_selection_is_counted() {
        let mut t = table(12);
        t.toggle_all();
        t.filter = "name 1".into();
        // "name 1", "name 10", "name 11" visible.
        assert_eq!(t.visible_len(), 3);
        assert_eq!(t.hidden_selected(), 9);
        assert_eq!(t.targets().len(), 12);
    }

    #[test]
    fn outcomes_drop_removed_and_mark_failed() {
        let mut t = table(3);
        t.toggle_all();
        t.apply_outcomes(&["0".into()], &[("1".into(), "RECORD_LOCKED".into())]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.failed.get("1").map(String::as_str), Some("RECORD_LOCKED"));
        assert_eq!(t.selected.len(), 1);
    }
}
