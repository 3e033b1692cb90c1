//! How a record pane's columns share its width: the name and the id always (ids are never
//! cut), the pane's columns in order while they fit, then the row's state (lock, failure).

use crate::app::columns::Column;
use crate::app::table::{Row, Table};
use crate::zoho::LockState;

use super::{fit, width};

/// Rows measured for the column widths: the first ones and those on screen, so widths stay put
/// while scrolling and a frame over 10,000 rows measures a few hundred.
const SAMPLE: usize = 300;
/// The name is never narrower than this while anything else is shown.
const NAME_MIN: usize = 12;
/// The name grows to this before more values are shown.
const NAME_WANTED: usize = 20;
/// The most distinguishing value's first share; it grows to `NAME_WANTED` after the name.
const FIRST_MIN: usize = 10;

#[derive(Debug, Default)]
pub struct Layout {
    /// Column index and width, in display order (the name first).
    pub cells: Vec<(usize, usize)>,
    /// The id's width, when it is shown.
    pub id: Option<usize>,
    /// The state's width: 0 without any, 1 for its glyph only.
    pub state: usize,
}

/// What the row's state column says: its failure code, or its lock.
pub fn state_text(t: &Table, row: &Row) -> String {
    match (t.failed.get(&row.id), &row.lock) {
        (Some(c), _) => format!("✗{c}"),
        (None, Some(LockState::Locked)) => "⊘locked".to_string(),
        (None, Some(LockState::AwaitingApproval(_))) => "⊘approval".to_string(),
        (None, None) => String::new(),
    }
}

/// The widest a column is worth: dates and amounts have a known width, text is capped.
fn cap(c: &Column, first: bool) -> usize {
    match c.meta.data_type.as_str() {
        "datetime" => 16,
        "date" => 10,
        "currency" => 16,
        "boolean" => 5,
        _ if first => 32,
        _ => 28,
    }
}

/// `sorted`: the column the rows are sorted by, shown before the other values.
pub fn layout(
    columns: &[Column],
    t: &Table,
    window: &[usize],
    room: usize,
    sorted: Option<usize>,
) -> Layout {
    let sample: Vec<&Row> = t
        .rows
        .iter()
        .take(SAMPLE)
        .chain(window.iter().filter_map(|&i| t.rows.get(i)))
        .collect();
    let natural: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let widest = sample.iter().map(|r| width(cell(r, i))).max().unwrap_or(0);
            // The label and the sort arrow fit, whatever the cap.
            widest.min(cap(c, i == 0)).max(width(&c.label) + 1)
        })
        .collect();
    let idw = sample
        .iter()
        .map(|r| width(&r.id))
        .max()
        .unwrap_or(0)
        .max(2);
    let state_full = sample
        .iter()
        .map(|r| width(&state_text(t, r)))
        .max()
        .unwrap_or(0);
    // Who gets room first: the name (12), the id whole, the most distinguishing value (10), the
    // sorted column, the state (its glyph if nothing more), the name up to 20, that value up
    // to 20, the other values, then the rest of the name and of the first value.
    let name_natural = natural.first().copied().unwrap_or(0);
    let mut name = name_natural.min(NAME_MIN);
    let mut out = Layout::default();
    let mut left = room.saturating_sub(name);
    if left > idw {
        out.id = Some(idw);
        left -= idw + 1;
    }
    let mut shown = Vec::new();
    let first = natural.get(1).copied().unwrap_or(0);
    if first > 0 {
        // A name people can read comes before a longer second value, which starts shorter.
        let w = first.min(FIRST_MIN);
        if w < left {
            shown.push((1, w));
            left -= w + 1;
        } else if left >= 7 {
            // The most distinguishing value shows, cut, rather than not at all.
            shown.push((1, left - 1));
            left = 0;
        }
    }
    // The sorted column shows: the header says which it is.
    if let Some(c) = sorted.filter(|&c| c >= 2 && c < natural.len())
        && natural[c] < left
    {
        shown.push((c, natural[c]));
        left -= natural[c] + 1;
    }
    if state_full > 0 && left >= 2 {
        out.state = if state_full < left { state_full } else { 1 };
        left -= out.state + 1;
    }
    let grow = name_natural.min(NAME_WANTED).saturating_sub(name).min(left);
    name += grow;
    left -= grow;
    if let Some((1, w)) = shown.first_mut() {
        let grow = first.min(NAME_WANTED).saturating_sub(*w).min(left);
        *w += grow;
        left -= grow;
    }
    for i in (2..natural.len()).filter(|&i| Some(i) != sorted) {
        let w = natural[i];
        if w < left {
            shown.push((i, w));
            left -= w + 1;
        }
    }
    shown.sort_by_key(|&(i, _)| i);
    let grow = name_natural.saturating_sub(name).min(left);
    name += grow;
    left -= grow;
    if let Some((1, w)) = shown.first_mut() {
        *w += first.saturating_sub(*w).min(left);
    }
    if !columns.is_empty() {
        out.cells.push((0, name));
    }
    out.cells.extend(shown);
    out
}

/// The row's value in column `i`; the name column falls back on the record's name.
pub fn cell(row: &Row, i: usize) -> &str {
    match row.cells.get(i) {
        Some(c) if i == 0 && c.is_empty() => &row.name,
        Some(c) => c,
        None if i == 0 => &row.name,
        None => "",
    }
}

/// One row's text in `lay`: values cut to their width, numbers to the right, the id whole.
pub fn line(columns: &[Column], lay: &Layout, row: &Row, state: &str) -> String {
    let mut parts: Vec<String> = lay
        .cells
        .iter()
        .map(|&(i, w)| {
            aligned(
                cell(row, i),
                w,
                columns.get(i).is_some_and(Column::is_numeric),
            )
        })
        .collect();
    if let Some(w) = lay.id {
        parts.push(aligned(&row.id, w, false));
    }
    if lay.state > 0 {
        let s = if lay.state == 1 {
            state.chars().next().map(String::from).unwrap_or_default()
        } else {
            state.to_string()
        };
        parts.push(fit(&s, lay.state));
    }
    parts.join(" ")
}

/// The header: each shown column's label (the sorted one with its arrow), "Id", "State".
pub fn header(columns: &[Column], lay: &Layout, sorted: Option<(usize, bool)>) -> String {
    let label = |i: usize, text: &str| match sorted {
        Some((c, desc)) if c == i => format!("{text}{}", if desc { "↓" } else { "↑" }),
        _ => text.to_string(),
    };
    let mut parts: Vec<String> = lay
        .cells
        .iter()
        .map(|&(i, w)| {
            let c = &columns[i];
            aligned(&label(i, &c.label), w, c.is_numeric())
        })
        .collect();
    if let Some(w) = lay.id {
        parts.push(fit(&label(columns.len(), "Id"), w));
    }
    if lay.state > 0 {
        parts.push(fit(if lay.state == 1 { "!" } else { "State" }, lay.state));
    }
    parts.join(" ")
}

fn aligned(s: &str, w: usize, right: bool) -> String {
    let n = width(s);
    if right && n < w {
        format!("{}{s}", " ".repeat(w - n))
    } else {
        fit(s, w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leads() -> (Vec<Column>, Table) {
        let cols: Vec<Column> = ["Full_Name", "Company", "Lead_Status", "Email"]
            .iter()
            .map(|f| Column::new(f))
            .collect();
        let cells = |n: &str| {
            vec![
                n.to_string(),
                "Kestrel Aerospace".to_string(),
                "Junk Lead".to_string(),
                "chloe.muller@kestrelaerospace.example".to_string(),
            ]
        };
        let t = Table {
            rows: vec![
                Row::new("5725767000001003136", "Chloe Müller", "")
                    .with_cells(cells("Chloe Müller")),
                Row::new("410405000002264040", "李小龍 Bruce", "")
                    .with_cells(cells("李小龍 Bruce")),
            ],
            ..Table::default()
        };
        (cols, t)
    }

    #[test]
    fn ids_are_whole_and_columns_come_as_width_allows() {
        let (cols, t) = leads();
        let narrow = layout(&cols, &t, &[0, 1], 44, None);
        assert_eq!(narrow.id, Some(19));
        assert_eq!(narrow.cells.iter().map(|c| c.0).collect::<Vec<_>>(), [0, 1]);
        let wide = layout(&cols, &t, &[0, 1], 150, None);
        assert_eq!(wide.cells.len(), 4);
        for lay in [narrow, wide] {
            let used: usize = lay.cells.iter().map(|c| c.1 + 1).sum::<usize>() + 19;
            let text = line(&cols, &lay, &t.rows[0], "");
            assert!(text.ends_with("5725767000001003136"), "{text}");
            assert_eq!(width(&text), used);
            let text = line(&cols, &lay, &t.rows[1], "");
            assert_eq!(width(&text), used, "wide characters measured in columns");
        }
    }

    #[test]
    fn the_header_names_the_sorted_column_and_its_direction() {
        let (cols, t) = leads();
        let lay = layout(&cols, &t, &[0, 1], 150, None);
        let h = header(&cols, &lay, Some((1, true)));
        assert!(h.starts_with("Name "), "{h}");
        assert!(h.contains("Company↓"), "{h}");
        assert!(h.contains("Id"), "{h}");
    }
}
