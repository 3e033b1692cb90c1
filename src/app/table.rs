//! A list pane's rows, cursor, selection, local filter and paging state.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::api_task::ReqId;
use crate::zoho::{LockState, PageRequest};

pub use super::row::Row;
use super::row::row_matches;

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
    /// Ids a confirmed removal is working on: marked, never selectable, never sent again.
    pub removing: HashSet<String>,
    /// `G` was pressed while more pages were to come: load on and land on the last row.
    pub seek_last: bool,
    /// Its load was abandoned (`Esc`): the pane says so, and how to load it again.
    pub abandoned: bool,
    /// After a reload: the record the cursor was on, to land on again once its row is back.
    pub return_to: Option<String>,
    /// The server stopped serving pages (Zoho's search ends at 2,000 results: `LIMIT_REACHED`):
    /// the rows are the first ones only, and the title says so.
    pub capped: Option<usize>,
}

impl Table {
    pub fn reset(&mut self, context: impl Into<String>) {
        *self = Table {
            context: context.into(),
            ..Table::default()
        };
    }

    /// The lowercased local filter, or `None` when every row passes (no filter, or the server
    /// filtered). Lowercased once per pass: a frame over 10,000 rows must stay well under 1 ms.
    pub(super) fn local_filter(&self) -> Option<String> {
        (!self.filter.is_empty() && !self.server_filter).then(|| self.filter.to_lowercase())
    }

    fn passing<'a>(&'a self) -> impl Iterator<Item = (usize, &'a Row)> + 'a {
        let f = self.local_filter();
        self.rows
            .iter()
            .enumerate()
            .filter(move |(_, r)| f.as_deref().is_none_or(|f| row_matches(r, f)))
    }

    /// Indices (into `rows`) of the rows the filter lets through, in order.
    pub fn visible(&self) -> Vec<usize> {
        self.passing().map(|(i, _)| i).collect()
    }

    pub fn visible_len(&self) -> usize {
        match self.local_filter() {
            None => self.rows.len(),
            Some(_) => self.passing().count(),
        }
    }

    pub fn focused(&self) -> Option<&Row> {
        self.passing().nth(self.cursor).map(|(_, r)| r)
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

    /// `G`: the last row, and if the server has more, the last row once they are loaded.
    pub fn seek_end(&mut self) {
        self.last();
        self.seek_last = self.next.is_some();
    }

    /// A page was added: a pending `G` follows it to the end.
    pub fn page_arrived(&mut self) {
        if self.seek_last {
            self.last();
            self.seek_last = self.next.is_some();
        }
        if let Some(id) = self.return_to.take() {
            let found = self.passing().position(|(_, r)| r.id == id);
            match found {
                Some(pos) => self.cursor = pos,
                // Not in what came: wait for the next page, if one is coming.
                None if self.next.is_some() && self.rows.len() < 2000 => self.return_to = Some(id),
                None => {}
            }
        }
    }

    /// Marks `ids` as being removed and takes them out of the selection.
    pub fn mark_removing(&mut self, ids: &[String]) {
        for id in ids {
            self.selected.remove(id);
            self.removing.insert(id.clone());
        }
    }

    pub fn toggle_focused(&mut self) {
        if let Some(row) = self.focused().cloned()
            && !self.removing.contains(&row.id)
            && self.selected.remove(&row.id).is_none()
        {
            self.selected.insert(row.id, row.name);
        }
    }

    /// Selects every loaded visible row; if they all are selected already, clears the selection.
    pub fn toggle_all(&mut self) {
        // Nothing being removed, or nothing selected yet, is answered without a lookup per
        // row (50,000 of them on a big list).
        let removing = |id: &str| !self.removing.is_empty() && self.removing.contains(id);
        let vis: Vec<usize> = self
            .visible()
            .into_iter()
            .filter(|&i| !removing(&self.rows[i].id))
            .collect();
        let all = !vis.is_empty()
            && !self.selected.is_empty()
            && vis
                .iter()
                .all(|&i| self.selected.contains_key(&self.rows[i].id));
        if all {
            self.selected.clear();
        } else if self.selected.is_empty() {
            // Built at once (sorted, then laid out) rather than by one insert per row.
            self.selected = vis
                .into_iter()
                .map(|i| (self.rows[i].id.clone(), self.rows[i].name.clone()))
                .collect();
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

    /// What a removal acts on: the selection, else the focused row; never a row already being
    /// removed. Ids with names.
    pub fn targets(&self) -> Vec<(String, String)> {
        if self.selected.is_empty() {
            return self
                .focused()
                .filter(|r| !self.removing.contains(&r.id))
                .map(|r| vec![(r.id.clone(), r.name.clone())])
                .unwrap_or_default();
        }
        // Loaded rows in their order first, then selected ids no longer loaded.
        let mut seen: HashSet<&str> = HashSet::with_capacity(self.selected.len());
        let mut out: Vec<(String, String)> = Vec::with_capacity(self.selected.len());
        for r in &self.rows {
            if self.selected.contains_key(&r.id) && !self.removing.contains(&r.id) {
                seen.insert(r.id.as_str());
                out.push((r.id.clone(), r.name.clone()));
            }
        }
        for (id, name) in &self.selected {
            if !seen.contains(id.as_str()) && !self.removing.contains(id) {
                out.push((id.clone(), name.clone()));
            }
        }
        out
    }

    /// The second column's value of each of `ids` that is loaded.
    pub fn details_of(
        &self,
        ids: &[(String, String)],
    ) -> std::collections::HashMap<String, String> {
        let wanted: HashSet<&str> = ids.iter().map(|(i, _)| i.as_str()).collect();
        self.rows
            .iter()
            .filter(|r| wanted.contains(r.id.as_str()) && !r.detail.is_empty())
            .map(|r| (r.id.clone(), r.detail.clone()))
            .collect()
    }

    /// How many of `ids` are locked, and how many await approval (as their rows say).
    pub fn locks_among<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> (usize, usize) {
        let wanted: HashSet<&str> = ids.into_iter().collect();
        self.rows
            .iter()
            .filter(|r| wanted.contains(r.id.as_str()))
            .fold((0, 0), |(l, a), r| match r.lock {
                Some(LockState::Locked) => (l + 1, a),
                Some(LockState::AwaitingApproval(_)) => (l, a + 1),
                None => (l, a),
            })
    }

    /// Drops removed rows, marks failed ones, unselects both.
    pub fn apply_outcomes(&mut self, removed: &[String], failed: &[(String, String)]) {
        let removed: std::collections::HashSet<&str> = removed.iter().map(String::as_str).collect();
        self.rows.retain(|r| !removed.contains(r.id.as_str()));
        for id in &removed {
            self.selected.remove(*id);
            self.failed.remove(*id);
            self.removing.remove(*id);
        }
        for (id, code) in failed {
            self.selected.remove(id);
            self.removing.remove(id);
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
                .map(|i| Row::new(format!("{i}"), format!("name {i}"), String::new()))
                .collect(),
            ..Table::default()
        }
    }

    #[test]
    fn the_local_filter_ignores_case_in_any_script_and_matches_ids() {
        let mut t = Table {
            rows: vec![
                Row::new("410405000002264040", "Chloe Müller", "chloe@example.com"),
                Row::new("5725767000001003136", "Emma RODRIGUEZ", ""),
            ],
            ..Table::default()
        };
        let names = |t: &Table| -> Vec<String> {
            t.visible()
                .iter()
                .map(|&i| t.rows[i].name.clone())
                .collect()
        };
        t.filter = "MÜLL".into();
        assert_eq!(names(&t), ["Chloe Müller"]);
        t.filter = "rodri".into();
        assert_eq!(names(&t), ["Emma RODRIGUEZ"]);
        assert_eq!(
            t.focused().map(|r| r.id.as_str()),
            Some("5725767000001003136")
        );
        t.filter = "2264".into();
        assert_eq!(names(&t), ["Chloe Müller"]);
        t.filter = "EXAMPLE.COM".into();
        assert_eq!(t.visible_len(), 1);
        t.filter = "nobody".into();
        assert_eq!((t.visible_len(), t.focused()), (0, None));
        t.server_filter = true;
        assert_eq!(t.visible_len(), 2);
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

    #[test]
    fn rows_being_removed_are_never_selected_or_targeted_again() {
        let mut t = table(3);
        t.toggle_all();
        t.mark_removing(&["0".into(), "1".into()]);
        assert_eq!(t.targets(), vec![("2".to_string(), "name 2".to_string())]);
        t.selected.clear();
        t.toggle_all();
        assert_eq!(t.selected.keys().collect::<Vec<_>>(), ["2"]);
        t.cursor = 0;
        t.selected.clear();
        t.toggle_focused();
        assert!(t.selected.is_empty());
        assert!(t.targets().is_empty(), "the focused row is being removed");
        t.apply_outcomes(&["0".into()], &[("1".into(), "RECORD_LOCKED".into())]);
        assert!(t.removing.is_empty());
    }

    #[test]
    fn g_follows_pages_to_the_last_row() {
        let mut t = table(200);
        t.next = Some(PageRequest {
            fields: vec![],
            page: 2,
            per_page: 200,
            page_token: None,
            sort: None,
        });
        t.seek_end();
        assert_eq!((t.cursor, t.seek_last), (199, true));
        t.rows
            .extend((200..400).map(|i| Row::new(format!("{i}"), format!("name {i}"), "")));
        t.next = None;
        t.page_arrived();
        assert_eq!((t.cursor, t.seek_last), (399, false));
    }

    /// `a` selects every shown row not being removed; pressed when all of them are selected it
    /// clears; a partial selection is completed, never cleared.
    #[test]
    fn select_all_completes_clears_and_skips_what_is_being_removed() {
        let mut t = table(5);
        t.removing.insert("4".into());
        t.toggle_all();
        let ids = |t: &Table| t.selected.keys().cloned().collect::<Vec<_>>();
        assert_eq!(ids(&t), ["0", "1", "2", "3"]);
        assert_eq!(t.selected.get("2").map(String::as_str), Some("name 2"));
        t.toggle_all();
        assert!(t.selected.is_empty());
        t.selected.insert("1".into(), "name 1".into());
        t.filter = "name 1".into();
        t.toggle_all();
        assert!(t.selected.is_empty(), "all shown were selected: cleared");
        t.filter.clear();
        t.selected.insert("1".into(), "name 1".into());
        t.toggle_all();
        assert_eq!(ids(&t), ["0", "1", "2", "3"]);
        t.removing.clear();
        t.selected.insert("9".into(), "not loaded".into());
        t.toggle_all();
        assert_eq!(
            ids(&t),
            ["0", "1", "2", "3", "4", "9"],
            "more selected than shown"
        );
        t.toggle_all();
        assert!(t.selected.is_empty());
    }
}
