//! The journal view (`J`): every recorded operation, newest first, read a page at a time as the
//! admin scrolls; Enter shows one operation's ids and their fates. The data comes from the API
//! task (disk reads stay off the UI loop).

use crate::api_task::ReqId;
use crate::journal::{OpState, OperationRecord, OperationSummary};
use crate::zoho::Removal;

#[derive(Clone, Debug, Default)]
pub struct JournalView {
    pub ops: Vec<OperationSummary>,
    pub cursor: usize,
    /// The listing (or the detail) being read.
    pub loading: Option<ReqId>,
    /// Operations older than the ones loaded, read when the cursor comes near the end.
    pub older: usize,
    /// The next page of older operations being read.
    pub more: Option<ReqId>,
    pub error: Option<String>,
    /// Enter: the focused operation with its ids.
    pub detail: Option<OperationRecord>,
    pub detail_scroll: usize,
}

impl JournalView {
    pub fn focused(&self) -> Option<&OperationSummary> {
        self.ops.get(self.cursor)
    }

    /// The operation `u` and `R` act on: the one shown in detail, else the focused one.
    pub fn target(&self) -> Option<&OperationSummary> {
        match &self.detail {
            Some(d) => Some(&d.summary),
            None => self.focused(),
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        if let Some(d) = &self.detail {
            let max = d.fates.len().saturating_sub(1) as isize;
            self.detail_scroll =
                (self.detail_scroll as isize + delta).clamp(0, max.max(0)) as usize;
            return;
        }
        let max = self.ops.len().saturating_sub(1) as isize;
        self.cursor = (self.cursor as isize + delta).clamp(0, max.max(0)) as usize;
    }
}

/// Operations asked for at a time: a few screens; a page costs what it holds, not the
/// journal's size.
pub const PAGE: usize = 200;

/// How close to the end of what is loaded the cursor comes before the next page is asked for.
const AHEAD: usize = 40;

impl JournalView {
    /// Whether the next older page should be asked for now.
    pub fn wants_more(&self) -> bool {
        self.older > 0
            && self.more.is_none()
            && self.loading.is_none()
            && self.detail.is_none()
            && self.cursor + AHEAD >= self.ops.len()
    }

    /// The total the journal holds, as far as the view knows.
    pub fn total(&self) -> usize {
        self.ops.len() + self.older
    }

    /// A page of older operations, after the ones loaded. Operations recorded since the first
    /// page shift the pages by as many: ones already shown are not shown twice.
    pub fn append(&mut self, page: crate::journal::Page) {
        let shown: std::collections::HashSet<&str> =
            self.ops.iter().map(|o| o.id.as_str()).collect();
        let fresh: Vec<OperationSummary> = page
            .ops
            .into_iter()
            .filter(|o| !shown.contains(o.id.as_str()))
            .collect();
        self.ops.extend(fresh);
        self.older = page.older;
    }
}

/// Whether `R` can finish the operation: it never ended, or the admin stopped it.
pub fn resumable(s: &OperationSummary) -> bool {
    matches!(s.state, OpState::Running | OpState::Stopped) && s.undo_of.is_none()
}

/// The operation in words, from what the journal holds (api names and ids, no labels):
/// "Delete 2 Leads", "Delink 1 from Campaigns 4150…/Contacts", "Relink 3 to …".
pub fn describe(s: &OperationSummary) -> String {
    let n = s.total;
    let undo = s.undo_of.is_some();
    // Api names are plural ("Leads"); one of them reads better singular.
    let noun = |name: &str| -> String {
        match name.strip_suffix('s') {
            Some(one) if n == 1 => one.to_string(),
            _ => name.to_string(),
        }
    };
    match &s.removal {
        Removal::DeleteRecords { module, .. } if undo => format!("Restore {n} {}", noun(module)),
        Removal::DeleteRecords { module, .. } => format!("Delete {n} {}", noun(module)),
        Removal::Delink {
            module,
            record_id,
            related_list,
            ..
        } => format!(
            "{} {n} {} {} {module} {record_id}",
            if undo { "Relink" } else { "Delink" },
            noun(related_list),
            if undo { "to" } else { "from" }
        ),
        Removal::DelinkExternal(e) => format!(
            "Delink {} '{}' from {} '{}'",
            e.related_list, e.related_external_value, e.module, e.external_value
        ),
        Removal::DeleteContactRoles { .. } if n == 1 => "Delete 1 contact role".to_string(),
        Removal::DeleteContactRoles { .. } => format!("Delete {n} contact roles"),
    }
}

/// "11-23 10:58:12": the same without the year, for narrow screens.
pub fn shorter_time(rfc3339: &str) -> String {
    crate::journal::short_time(rfc3339)
        .chars()
        .skip(5)
        .collect()
}
