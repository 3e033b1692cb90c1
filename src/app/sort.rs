//! Sorting a records pane: by the server where Zoho sorts (`sort_by` on `GET /{module}` takes
//! only `id`, `Created_Time` and `Modified_Time`), else among the loaded rows.

use std::cmp::Ordering;

use crate::zoho::ServerSort;

use super::columns::Column;
use super::table::{Row, Table};

/// The fields `GET /{module}` sorts by.
pub const SERVER_SORTED: [&str; 3] = ["id", "Created_Time", "Modified_Time"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sort {
    /// Index into the pane's columns; one past the last is the id.
    pub column: usize,
    pub field: String,
    pub label: String,
    pub descending: bool,
    /// Sorted by the server (every page), not only among the rows loaded.
    pub server: bool,
}

impl Sort {
    /// What the header says: "↑ Modified (server)", "↓ Company (loaded rows)".
    pub fn describe(&self) -> String {
        let arrow = if self.descending { "↓" } else { "↑" };
        let how = if self.server { "server" } else { "loaded rows" };
        format!("{arrow} {} ({how})", self.label)
    }

    pub fn server_param(&self) -> Option<ServerSort> {
        self.server.then(|| ServerSort {
            by: self.field.clone(),
            ascending: !self.descending,
        })
    }
}

/// `s`: the column after the current one (the id after the last), then none (the server's
/// order). `server_ok`: the pane's rows come from a read Zoho sorts.
pub fn cycle(current: Option<&Sort>, columns: &[Column], server_ok: bool) -> Option<Sort> {
    let next = current.map_or(0, |s| s.column + 1);
    let (field, label) = match columns.get(next) {
        Some(c) => (c.field.clone(), c.label.clone()),
        None if next == columns.len() => ("id".to_string(), "Id".to_string()),
        None => return None,
    };
    Some(Sort {
        column: next,
        server: server_ok && SERVER_SORTED.contains(&field.as_str()),
        field,
        label,
        descending: false,
    })
}

/// The sort key of `row` in column `column` (the id one past the cells).
fn key(row: &Row, column: usize) -> &str {
    match row.cells.get(column) {
        Some(c) if column == 0 && c.is_empty() => &row.name,
        Some(c) => c,
        None => &row.id,
    }
}

/// Numbers (grouped or not) as numbers, ids by length then digits, text without case; empty
/// values last whatever the direction.
fn compare(a: &str, b: &str) -> Ordering {
    let number = |s: &str| s.replace(',', "").parse::<f64>().ok();
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    if a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit()) {
        return a.len().cmp(&b.len()).then_with(|| a.cmp(b));
    }
    match (number(a), number(b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

/// Orders the loaded rows by `sort` (by the server's order when `None` or server-sorted), the
/// cursor staying on the record it was on.
pub fn sort_rows(t: &mut Table, sort: Option<&Sort>) {
    let focused = t.focused().map(|r| r.id.clone());
    match sort.filter(|s| !s.server) {
        None => t.rows.sort_by_key(|r| r.order),
        Some(s) => t.rows.sort_by(|a, b| {
            let (ka, kb) = (key(a, s.column), key(b, s.column));
            let o = compare(ka, kb);
            let o = if s.descending && !ka.is_empty() && !kb.is_empty() {
                o.reverse()
            } else {
                o
            };
            o.then(a.order.cmp(&b.order))
        }),
    }
    if let Some(id) = focused {
        let vis = t.visible();
        if let Some(pos) = vis.iter().position(|&i| t.rows[i].id == id) {
            t.cursor = pos;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, order: usize, cells: &[&str]) -> Row {
        let mut r =
            Row::new(id, cells[0], "").with_cells(cells.iter().map(|c| c.to_string()).collect());
        r.order = order;
        r
    }

    #[test]
    fn s_cycles_every_column_then_the_id_then_none() {
        let cols = vec![Column::new("Full_Name"), Column::new("Modified_Time")];
        let a = cycle(None, &cols, true).unwrap();
        assert_eq!((a.field.as_str(), a.server), ("Full_Name", false));
        let b = cycle(Some(&a), &cols, true).unwrap();
        assert_eq!((b.field.as_str(), b.server), ("Modified_Time", true));
        let c = cycle(Some(&b), &cols, false).unwrap();
        assert_eq!((c.field.as_str(), c.server), ("id", false));
        assert_eq!(cycle(Some(&c), &cols, true), None);
        assert_eq!(b.describe(), "↑ Modified (server)");
    }

    #[test]
    fn loaded_rows_sort_as_people_expect_and_unsort_back() {
        let mut t = Table {
            rows: vec![
                row("3", 0, &["b", "1,200.00"]),
                row("1", 1, &["A", ""]),
                row("2", 2, &["c", "900.00"]),
            ],
            ..Table::default()
        };
        t.cursor = 2;
        let mut s = cycle(None, &[Column::new("Name"), Column::new("Amount")], false).unwrap();
        sort_rows(&mut t, Some(&s));
        let ids = |t: &Table| t.rows.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&t), ["1", "3", "2"]);
        assert_eq!(t.focused().map(|r| r.id.as_str()), Some("2"));
        s.column = 1;
        s.descending = true;
        sort_rows(&mut t, Some(&s));
        assert_eq!(ids(&t), ["3", "2", "1"], "numbers as numbers, empty last");
        sort_rows(&mut t, None);
        assert_eq!(ids(&t), ["3", "1", "2"]);
    }
}
