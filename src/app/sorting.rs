//! `s` and `S` on the record panes: a new order asked of the server where Zoho sorts, else the
//! loaded rows reordered.

use crate::api_task::ApiCommand;

use super::sort::cycle;
use super::{App, Pane};

impl App {
    /// `s` (`flip` false): the next column; `S`: the other direction.
    pub(super) fn sort(&mut self, flip: bool) -> Vec<ApiCommand> {
        match self.focus {
            Pane::Records if self.panes.records.source.is_some() => {
                let p = &mut self.panes.records;
                let was_server = p.sort.as_ref().is_some_and(|s| s.server);
                p.sort = next(p.sort.take(), &p.columns, p.server_sorts(), flip);
                self.message = Some(said(p.sort.as_ref()));
                let now_server = p.sort.as_ref().is_some_and(|s| s.server);
                if was_server || now_server {
                    return p.reload_sorted(&mut self.requests);
                }
                super::sort::sort_rows(&mut p.table, p.sort.as_ref());
            }
            Pane::Related if self.panes.related.of.is_some() => {
                let p = &mut self.panes.related;
                p.sort = next(p.sort.take(), &p.columns, false, flip);
                self.message = Some(said(p.sort.as_ref()));
                p.resort();
            }
            _ => self.message = Some("Sort rows in Records or Related records".into()),
        }
        Vec::new()
    }
}

fn next(
    current: Option<super::sort::Sort>,
    columns: &[super::columns::Column],
    server_ok: bool,
    flip: bool,
) -> Option<super::sort::Sort> {
    if !flip {
        return cycle(current.as_ref(), columns, server_ok);
    }
    // `S` with no sort yet sorts by the first column, descending.
    let mut s = current.or_else(|| cycle(None, columns, server_ok))?;
    s.descending = !s.descending;
    Some(s)
}

fn said(sort: Option<&super::sort::Sort>) -> String {
    match sort {
        Some(s) => format!("Sorted {}", s.describe()),
        None => "Unsorted: the server's order".into(),
    }
}
