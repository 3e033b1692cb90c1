//! The client's reads behind the safety nets: fields for before-images, related ids, the
//! recycle bin (see `lookups`).

use super::client::ZohoClient;
use super::error::ZohoError;
use super::{bin, lookups};

impl ZohoClient {
    /// Every field API name of a module (`GET /settings/fields?module=X`), for before-images.
    pub async fn field_names(&self, module: &str) -> Result<Vec<String>, ZohoError> {
        lookups::field_names(self.transport(), self.base(), module).await
    }

    /// Every id related to `record_id` through `related_list`, page after page.
    pub async fn related_ids(
        &self,
        module: &str,
        record_id: &str,
        related_list: &str,
    ) -> Result<std::collections::HashSet<String>, ZohoError> {
        lookups::related_ids(
            self.transport(),
            self.base(),
            module,
            record_id,
            related_list,
        )
        .await
    }

    /// Which of `ids` the recycle bin shows deleted since `since` (less the clock skew
    /// allowed), by the current user when the API says: the first run's rule (see `bin`), for
    /// a resume to apply with that run's start.
    pub async fn in_recycle_bin_since(
        &self,
        module: &str,
        ids: &[String],
        since: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<String>, ZohoError> {
        let ours =
            bin::deleted_by_run(self.transport(), self.base(), module, ids, Some(since)).await?;
        Ok(ids
            .iter()
            .filter(|id| ours.contains(*id))
            .cloned()
            .collect())
    }

    /// Which of `ids` are in the module's recycle bin (`GET /{module}/deleted?type=recycle`,
    /// paged), in the order of `ids`.
    pub async fn in_recycle_bin(
        &self,
        module: &str,
        ids: &[String],
    ) -> Result<Vec<String>, ZohoError> {
        lookups::in_recycle_bin(self.transport(), self.base(), module, ids).await
    }
}
