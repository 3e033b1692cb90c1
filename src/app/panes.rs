//! The browsing panes as one value: which pane is which, what each belongs to, and the helpers
//! that turn API data into rows. Each pane is a component in its own file.

use crate::api_task::{ApiCommand, ApiFailure, ApiResult};
use crate::zoho::{LOCK_FIELDS, ModuleInfo, Page, PageRequest, Record, display_fields, lock_state};

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

/// A page of `module`'s records came for `t`: its rows are added, or its error shown. True
/// when rows came (more may be wanted).
pub fn append_page(t: &mut Table, module: &str, res: ApiResult<Page>) -> bool {
    match res {
        Ok(page) => {
            let next = next_page(&page, module, t.rows.len());
            t.rows
                .extend(page.records.iter().map(|r| record_row(module, r)));
            t.next = next;
            t.error = None;
            t.page_arrived();
            true
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

fn field_text(v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

/// The column shown next to a record's name: its first display field that is not a name.
pub fn record_row(module: &str, r: &Record) -> Row {
    let name = r.display_name();
    let skip = [
        "Full_Name",
        "First_Name",
        "Last_Name",
        "Owner",
        "Created_Time",
    ];
    let detail = display_fields(module)
        .iter()
        .filter(|f| !skip.contains(&f.as_str()))
        .filter_map(|f| r.fields.get(f).and_then(field_text))
        .find(|t| *t != name)
        .unwrap_or_default();
    Row::new(r.id.clone(), name, detail).with_lock(lock_state(r))
}

/// What a browse read asks for: the columns shown, and whether the record is locked or awaiting
/// approval (the API returns only the fields asked for).
pub fn browse_fields(module: &str) -> Vec<String> {
    let mut fields = display_fields(module);
    fields.extend(LOCK_FIELDS.iter().map(|f| f.to_string()));
    fields
}

pub fn plural(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 {
        format!("1 {singular}")
    } else {
        format!("{n} {plural}")
    }
}

/// The first page of `module`'s records.
pub fn first_page(module: &str) -> PageRequest {
    PageRequest {
        fields: browse_fields(module),
        page: 1,
        per_page: PER_PAGE,
        page_token: None,
    }
}

/// The request for the page after `page`, if the server has more. Page numbers up to Zoho's
/// 2,000-record limit, the page token beyond.
pub fn next_page(page: &Page, module: &str, loaded_before: usize) -> Option<PageRequest> {
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
        fields: browse_fields(module),
        page: number,
        per_page: PER_PAGE,
        page_token: token,
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
        assert!(next_page(&page(10, false, Some(1), None), "Leads", 0).is_none());
        let p2 = next_page(&page(200, true, Some(1), Some("t1")), "Leads", 0).unwrap();
        assert_eq!((p2.page, p2.page_token.as_deref()), (2, None));
        let p11 = next_page(&page(200, true, Some(10), Some("t10")), "Leads", 1800).unwrap();
        assert_eq!((p11.page, p11.page_token.as_deref()), (11, Some("t10")));
    }
}
