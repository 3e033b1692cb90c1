//! How many records each of a record's related lists holds, for the detail popup. Zoho has no
//! count call for related records, so one page (200 ids) per list is read: a count past one page
//! is said as "200+", never guessed.

use futures::future::join_all;

use super::types::{PageRequest, RelatedListInfo};
use super::{ZohoClient, ZohoError};

/// Lists read for a popup; an org with more shows the first ones and says how many it left.
pub const MAX_LISTS: usize = 12;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tally {
    Exactly(usize),
    /// One full page came back and the API said there are more.
    AtLeast(usize),
    /// The list could not be read; the reason in the admin's words.
    Unknown(String),
}

impl Tally {
    pub fn describe(&self) -> String {
        match self {
            Tally::Exactly(n) => n.to_string(),
            Tally::AtLeast(n) => format!("{n}+"),
            Tally::Unknown(_) => "?".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelatedCount {
    pub label: String,
    pub api_name: String,
    pub tally: Tally,
}

/// The counts, and how many lists were not read because there were more than [`MAX_LISTS`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RelatedCounts {
    pub lists: Vec<RelatedCount>,
    pub not_read: usize,
}

impl ZohoClient {
    /// One page of ids per related list, read concurrently (each read costs one credit).
    pub async fn related_counts(&self, module: &str, id: &str) -> Result<RelatedCounts, ZohoError> {
        let lists = self.related_lists(module).await?;
        let not_read = lists.len().saturating_sub(MAX_LISTS);
        let reads = lists
            .iter()
            .take(MAX_LISTS)
            .map(|l| self.count_one(module, id, l));
        Ok(RelatedCounts {
            lists: join_all(reads).await,
            not_read,
        })
    }

    async fn count_one(&self, module: &str, id: &str, list: &RelatedListInfo) -> RelatedCount {
        let page = PageRequest::first(vec!["id".into()]);
        let tally = match self
            .related_records(module, id, &list.api_name, &page)
            .await
        {
            Ok(p) if p.more_records => Tally::AtLeast(p.records.len()),
            Ok(p) => Tally::Exactly(p.records.len()),
            Err(e) => Tally::Unknown(e.to_string()),
        };
        RelatedCount {
            label: list.display_label.clone(),
            api_name: list.api_name.clone(),
            tally,
        }
    }
}
