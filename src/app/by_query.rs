//! "All matching" (`A`) and its removal: every record the query matches, loaded or not. The
//! confirm dialog asks for the count typed, names the query and shows a sample (the first
//! matches, and the last ones loaded: it says whether those are the last of all). Once
//! confirmed, the API task counts again (a different count removes nothing), reads the ids
//! with progress, and removes them as any removal, journaled with the query.

use crate::api_task::{ApiCommand, MatchRemoval, ReqId};
use crate::numbers::thousands;

use super::App;
use super::confirm::{ConfirmDialog, Listed, MatchInfo, Origin, Work};
use super::layers::Layer;
use super::panes::Pane;

/// Matches shown at each end of the dialog's sample.
const SAMPLE_END: usize = 3;

impl App {
    /// `A`: every match selected (by query), or no longer. The rows picked by hand go: what is
    /// selected is then exactly what the query matches.
    pub(super) fn toggle_all_matching(&mut self) {
        let records = &mut self.panes.records;
        let Some(q) = records
            .query
            .as_mut()
            .filter(|_| self.focus == Pane::Records)
        else {
            self.message = Some("A selects every match of a query: : or V in Records first".into());
            return;
        };
        q.all = !q.all;
        self.message = Some(if q.all {
            records.table.selected.clear();
            format!(
                "{} selected (by query): d removes them all · A or Esc clears",
                thousands(q.count)
            )
        } else {
            "Selection by query cleared: nothing selected".into()
        });
    }

    /// `d` with every match selected: the dialog for all of them. Sends nothing.
    pub(super) fn ask_matching_removal(&mut self) {
        let records = &self.panes.records;
        let (Some(q), Some(m)) = (records.all_matching(), records.module()) else {
            return;
        };
        if q.count == 0 {
            self.message = Some("Nothing matches: nothing to remove".into());
            return;
        }
        if let Some(why) = q.beyond_reach() {
            // The removal would stop short of what the admin confirmed: refused before asking.
            self.message = Some(format!(
                "Not all {} can be removed: {why}",
                thousands(q.count)
            ));
            return;
        }
        let t = &records.table;
        let mut rows: Vec<&super::row::Row> = t.rows.iter().collect();
        rows.sort_by_key(|r| r.order);
        let first = rows.len().min(SAMPLE_END);
        let last_from = rows.len().saturating_sub(SAMPLE_END).max(first);
        let mut items = Listed::default();
        for r in rows[..first].iter().chain(&rows[last_from..]) {
            items.push(&r.id, &r.name, &r.detail);
        }
        let label = if q.count == 1 {
            &m.singular_label
        } else {
            &m.plural_label
        };
        let work = Work::Matching(MatchRemoval {
            module: m.api_name.clone(),
            selector: q.selector.clone(),
            count: q.count,
            wf_trigger: self.wf_trigger,
        });
        let mut d = ConfirmDialog::for_work(
            work,
            "Delete",
            format!("{} {label} (by query)", thousands(q.count)),
            items,
            0,
            Origin::Records(t.context.clone()),
        );
        if rows.len() as u64 == q.count {
            // Every match is loaded: the locks they carry are all known.
            (d.locked, d.awaiting) = t.locks_among(rows.iter().map(|r| r.id.as_str()));
        }
        d.matching = Some(MatchInfo {
            query: q.label.clone(),
            loaded: rows.len(),
            first,
        });
        self.layers.push(Layer::Confirm(Box::new(d)));
    }

    /// Progress of a removal by query reading its matches.
    pub(super) fn on_reading_matches(&mut self, req: ReqId, read: usize, total: u64) {
        if let Some(r) = self.removals.running.get_mut(&req) {
            r.reading = Some((read, total));
        }
    }

    /// The matches are read: these ids are what the removal sends. Their rows are marked, and
    /// the log knows their names (and can retry them).
    pub(super) fn on_matches_read(&mut self, req: ReqId, items: Vec<(String, String)>) {
        let ids: Vec<String> = items.iter().map(|(i, _)| i.clone()).collect();
        let Some(run) = self.removals.running.get_mut(&req) else {
            return;
        };
        run.reading = None;
        run.ids = ids.clone();
        let origin = run.origin.clone();
        let confirmed = run.by_query.clone();
        if let Some(t) = self.origin_table(&origin) {
            t.mark_removing(&ids);
        }
        if let Some(e) = self.panes.log.entry_mut(req) {
            e.names = items.into_iter().collect();
            // `x` retries the refused ones as a plain removal of those ids, as confirmed.
            e.retry = confirmed.map(|m| {
                let removal = crate::zoho::Removal::DeleteRecords {
                    module: m.module,
                    ids,
                    wf_trigger: m.wf_trigger,
                };
                (removal, origin)
            });
        }
    }

    /// `Esc` while a removal by query reads its matches: the stop dialog, as `q` opens it
    /// (a stop is only ever sent from there); stopped now, nothing is removed.
    pub(super) fn stop_reading_matches(&mut self) -> Option<Vec<ApiCommand>> {
        self.removals.reading()?;
        Some(self.interrupt(false))
    }

    /// A removal by query ended: what the query matches now (the removed ones are gone), or
    /// why nothing was removed (the rows stay as they were: `r` counts again).
    pub(super) fn after_matching_removal(&mut self, req: ReqId) -> Vec<ApiCommand> {
        let failed = self
            .panes
            .log
            .entry_mut(req)
            .is_some_and(|e| matches!(e.state, super::log::EntryState::Error { .. }));
        let cmds = match self.panes.records.query.clone().filter(|_| !failed) {
            Some(mut q) => {
                q.all = false;
                self.run_query(q)
            }
            None => Vec::new(),
        };
        if let Some(super::log::EntryState::Error { message, .. }) =
            self.panes.log.entry_mut(req).map(|e| e.state.clone())
        {
            self.message = Some(format!("Nothing removed: {message}"));
        }
        cmds
    }
}
