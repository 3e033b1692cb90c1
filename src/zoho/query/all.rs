//! Every match of a selector, for a removal or a plan: counted first, refused past what the
//! selector's API can reach, then read in the largest pages that API allows.

use std::collections::HashSet;

use super::{COQL_PAGE, Cursor, PER_PAGE, Selector};
use crate::zoho::client::ZohoClient;
use crate::zoho::error::ZohoError;
use crate::zoho::types::Record;

impl Selector {
    /// `Err` (in words, nothing read yet) when `total` matches are more than this selector's
    /// API returns: a removal of "the first 2,000 of 3,000" is not what the admin asked for.
    pub fn reachable(&self, total: u64) -> Result<(), ZohoError> {
        match self.ceiling() {
            Some(max) if total > max => {
                Err(ZohoError::InvalidInput(past_ceiling(self, total, max)))
            }
            _ => Ok(()),
        }
    }
}

impl ZohoClient {
    /// Every match, read in the largest pages the API allows, with `progress(read_so_far)`
    /// after each page. Refused before reading when the count is past what the selector's API
    /// can reach (see [`Selector::reachable`]).
    pub async fn all_matching(
        &self,
        module: &str,
        sel: &Selector,
        fields: &[String],
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<Vec<Record>, ZohoError> {
        Ok(self
            .all_matching_counted(module, sel, fields, progress)
            .await?
            .1)
    }

    /// [`ZohoClient::all_matching`], with the count it read first (what the query matched
    /// when it was counted, for the journal and a plan).
    pub async fn all_matching_counted(
        &self,
        module: &str,
        sel: &Selector,
        fields: &[String],
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<(u64, Vec<Record>), ZohoError> {
        let total = self.count_matching(module, sel).await?;
        let records = self
            .all_matching_known(module, sel, fields, total, progress)
            .await?;
        Ok((total, records))
    }

    /// The reading of [`ZohoClient::all_matching_counted`] when the caller has just counted
    /// (e.g. to check the count against the one the admin confirmed): no second count call.
    pub async fn all_matching_known(
        &self,
        module: &str,
        sel: &Selector,
        fields: &[String],
        total: u64,
        progress: &(dyn Fn(usize) + Send + Sync),
    ) -> Result<Vec<Record>, ZohoError> {
        sel.reachable(total)?;
        let size = match sel {
            Selector::Where(_) => COQL_PAGE,
            _ => PER_PAGE,
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut at: Option<Cursor> = None;
        loop {
            let page = self
                .matching_page(module, sel, fields, at.as_ref(), size)
                .await?;
            for r in page.records {
                if seen.insert(r.id.clone()) {
                    out.push(r);
                }
            }
            progress(out.len());
            match page.next {
                Some(next) => at = Some(next),
                None => break,
            }
        }
        Ok(out)
    }
}

fn past_ceiling(sel: &Selector, total: u64, max: u64) -> String {
    let (n, m) = (
        crate::numbers::thousands(total),
        crate::numbers::thousands(max),
    );
    match sel {
        Selector::Criteria(_) => format!(
            "the criteria match {n} records but a search returns at most {m}; give the condition \
             as a COQL where clause instead (COQL reads up to 100,000)"
        ),
        _ => format!(
            "the query matches {n} records but COQL reads at most {m}; narrow it (for example by \
             Created_Time) and remove in parts"
        ),
    }
}
