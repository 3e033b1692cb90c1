//! The browsing panes as one value: which pane is which, what each belongs to, and the helpers
//! that turn API data into rows. Each pane is a component in its own file.

use crate::api_task::{ApiCommand, ApiFailure, ApiResult};
use crate::zoho::{ModuleInfo, Page, PageRequest, Record, lock_state};

use super::columns::{Column, ColumnConfig};
use super::sort::{Sort, sort_rows};

use super::log::Log;
use super::modules::ModulesPane;
use super::records::RecordsPane;
use super::related::RelatedPane;
use super::related_lists::ListsPane;
use super::requests::Requests;
use super::table::{Row, Table};

/// Rows per page asked of the API (its maximum).
pub const PER_PAGE: u32 = 200;
/// Beyond this many records Zoho wants `page_token` instead of `page`.
const DISCRETE_PAGE_LIMIT: u32 = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pane {
    Modules,
    Records,
    RelatedLists,
    Related,
    Log,
}

impl Pane {
    pub const ORDER: [Pane; 5] = [
        Pane::Modules,
        Pane::Records,
        Pane::RelatedLists,
        Pane::Related,
        Pane::Log,
    ];

    pub fn index(self) -> usize {
        Self::ORDER.iter().position(|p| *p == self).unwrap_or(0)
    }
}

/// The record whose related lists are shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordRef {
    pub module: ModuleInfo,
    pub id: String,
    pub name: String,
}

#[derive(Default)]
pub struct Panes {
    pub modules: ModulesPane,
    pub records: RecordsPane,
    pub lists: ListsPane,
    pub related: RelatedPane,
    pub log: Log,
    /// The config's `[columns]`.
    pub columns: ColumnConfig,
}

impl Panes {
    pub fn table(&self, pane: Pane) -> Option<&Table> {
        match pane {
            Pane::Modules => Some(&self.modules.table),
            Pane::Records => Some(&self.records.table),
            Pane::RelatedLists => Some(&self.lists.table),
            Pane::Related => Some(&self.related.table),
            Pane::Log => None,
        }
    }

    pub fn table_mut(&mut self, pane: Pane) -> Option<&mut Table> {
        match pane {
            Pane::Modules => Some(&mut self.modules.table),
            Pane::Records => Some(&mut self.records.table),
            Pane::RelatedLists => Some(&mut self.lists.table),
            Pane::Related => Some(&mut self.related.table),
            Pane::Log => None,
        }
    }
}

/// Abandons the pane's load in flight, if any: its answer will be dropped.
pub fn cancel_load(t: &mut Table, reqs: &mut Requests) -> Option<ApiCommand> {
    let req = t.loading.take()?;
    reqs.finish(req);
    Some(ApiCommand::Cancel { req })
}

/// A page came for `t`, asked as `asked`: its rows are added (in the pane's local order, if it
/// has one), or its error shown. True when rows came (more may be wanted).
pub fn append_page(
    t: &mut Table,
    columns: &[Column],
    sort: Option<&Sort>,
    asked: &PageRequest,
    res: ApiResult<Page>,
) -> bool {
    match res {
        Ok(page) => {
            let next = next_page(&page, asked, t.rows.len());
            let from = t.rows.len();
            t.rows.extend(page.records.iter().enumerate().map(|(i, r)| {
                let mut row = record_row(columns, r);
                row.order = from + i;
                row
            }));
            t.next = next;
            t.error = None;
            if sort.is_some_and(|s| !s.server) {
                sort_rows(t, sort);
            }
            t.page_arrived();
            true
        }
        // Zoho's search serves its first 2,000 results and refuses the next page: the rows
        // loaded stay, marked as the first ones, rather than hidden behind an error.
        Err(e) if e.code == "LIMIT_REACHED" && !t.rows.is_empty() => {
            t.next = None;
            t.capped = Some(t.rows.len());
            t.seek_last = false;
            false
        }
        Err(e) => {
            t.error = Some(failure_text(&e));
            t.seek_last = false;
            false
        }
    }
}

pub fn failure_text(f: &ApiFailure) -> String {
    format!("{} — {}", f.message, f.hint)
}

/// A record as a row: its name, and one value per column as people read it. The detail (the
/// second column) tells same-named records apart wherever only one value fits.
pub fn record_row(columns: &[Column], r: &Record) -> Row {
    let name = r.display_name();
    let cells: Vec<String> = columns
        .iter()
        .map(|c| match r.fields.get(&c.field) {
            Some(v) => super::values::for_cell(v, Some(&c.meta)),
            None if c.field == "id" => r.id.clone(),
            None => String::new(),
        })
        .collect();
    let detail = cells
        .iter()
        .skip(1)
        .find(|t| !t.is_empty() && **t != name)
        .cloned()
        .unwrap_or_default();
    Row::new(r.id.clone(), name, detail)
        .with_cells(cells)
        .with_lock(lock_state(r))
}

pub fn plural(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// The first page: these fields, in this server order.
pub fn first_page(fields: Vec<String>, sort: Option<crate::zoho::ServerSort>) -> PageRequest {
    PageRequest {
        fields,
        page: 1,
        per_page: PER_PAGE,
        page_token: None,
        sort,
    }
}

/// The request for the page after `page` (asked as `asked`), if the server has more. Page
/// numbers up to Zoho's 2,000-record limit, the page token beyond.
pub fn next_page(page: &Page, asked: &PageRequest, loaded_before: usize) -> Option<PageRequest> {
    if !page.more_records {
        return None;
    }
    let loaded = loaded_before + page.records.len();
    let number = page.page.unwrap_or((loaded as u32).div_ceil(PER_PAGE)) + 1;
    let token = if (number - 1) * PER_PAGE >= DISCRETE_PAGE_LIMIT {
        page.next_page_token.clone()
    } else {
        None
    };
    Some(PageRequest {
        page: number,
        page_token: token,
        ..asked.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: usize, more: bool, number: Option<u32>, token: Option<&str>) -> Page {
        Page {
            records: (0..n)
                .map(|i| Record {
                    id: i.to_string(),
                    fields: serde_json::Map::new(),
                })
                .collect(),
            more_records: more,
            page: number,
            next_page_token: token.map(str::to_string),
        }
    }

    #[test]
    fn pages_by_number_then_by_token_beyond_2000() {
        let sort = crate::zoho::ServerSort {
            by: "Modified_Time".into(),
            ascending: true,
        };
        let asked = first_page(vec!["Full_Name".into()], Some(sort));
        assert!(next_page(&page(10, false, Some(1), None), &asked, 0).is_none());
        let p2 = next_page(&page(200, true, Some(1), Some("t1")), &asked, 0).unwrap();
        assert_eq!((p2.page, p2.page_token.as_deref()), (2, None));
        assert_eq!(p2.sort, asked.sort, "every page in the same order");
        let p11 = next_page(&page(200, true, Some(10), Some("t10")), &asked, 1800).unwrap();
        assert_eq!((p11.page, p11.page_token.as_deref()), (11, Some("t10")));
    }
}
