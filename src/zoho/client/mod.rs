//! The Zoho CRM API client: one connection pool, one token cache, cheap to clone.

use std::sync::Arc;

use super::auth::Auth;
use super::browse;
use super::edition::Pacing;
use super::engine;
use super::error::ZohoError;
use super::paths::ApiBase;
use super::removals;
use super::transport::{ClientOptions, ClientStats, Transport};
use super::types::*;
use super::verify::Evidence;

/// Which API version paths use (`/crm/v{n}/`): 2 to 8.
pub const DEFAULT_API_VERSION: u8 = 8;

/// API versions the client accepts.
pub const API_VERSIONS: std::ops::RangeInclusive<u8> = 2..=8;

#[derive(Clone, Debug)]
pub struct ClientConfig {
    pub endpoints: Endpoints,
    pub api_version: u8,
    pub credentials: Credentials,
    /// Most calls a removal keeps in flight at once; the fallback once
    /// [`ZohoClient::concurrency_from_edition`] is asked for.
    pub concurrency: usize,
}

/// Cheap to clone (shares one connection pool and one token cache).
#[derive(Clone)]
pub struct ZohoClient {
    inner: Arc<Inner>,
}

struct Inner {
    config: ClientConfig,
    base: ApiBase,
    transport: Transport,
    pacing: Pacing,
}

impl std::fmt::Debug for ZohoClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `ClientConfig`'s Debug redacts the secrets (they are `Secret`s).
        f.debug_struct("ZohoClient")
            .field("config", &self.inner.config)
            .finish()
    }
}

impl ZohoClient {
    /// A client with the default retry and timeout settings.
    pub fn new(config: ClientConfig) -> Result<Self, ZohoError> {
        Self::with_options(config, ClientOptions::default())
    }

    /// A client with explicit retry and timeout settings (tests shorten the backoff).
    pub fn with_options(config: ClientConfig, options: ClientOptions) -> Result<Self, ZohoError> {
        if !API_VERSIONS.contains(&config.api_version) {
            return Err(ZohoError::InvalidInput(format!(
                "API version {} is not supported (use 2 to 8)",
                config.api_version
            )));
        }
        if config.concurrency == 0 {
            return Err(ZohoError::InvalidInput(
                "concurrency must be at least 1".to_string(),
            ));
        }
        for (what, url) in [
            ("api_domain", &config.endpoints.api_domain),
            ("accounts_url", &config.endpoints.accounts_url),
        ] {
            let ok = url::Url::parse(url)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
            if !ok {
                return Err(ZohoError::InvalidInput(format!(
                    "{what} {url:?} is not an http(s) URL"
                )));
            }
        }
        let http = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.connect_timeout)
            .user_agent(concat!("zcrm-tui/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ZohoError::InvalidInput(format!("cannot set up HTTP: {e}")))?;
        let auth = Auth::new(
            http.clone(),
            &config.endpoints.accounts_url,
            config.credentials.clone(),
        );
        Ok(Self {
            inner: Arc::new(Inner {
                base: ApiBase::new(&config.endpoints.api_domain, config.api_version),
                transport: Transport::new(http, auth, options),
                pacing: Pacing::pinned(config.concurrency),
                config,
            }),
        })
    }

    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// What the client has sent so far (requests, token grants, rate-limit retries).
    pub fn stats(&self) -> ClientStats {
        self.inner.transport.stats()
    }

    /// Makes this client, and every clone of it, refuse calls that change data (see
    /// [`engine::run_with`]). There is no way back: a session started read-only stays so.
    pub fn set_read_only(&self) {
        self.inner.transport.set_read_only();
    }

    pub fn is_read_only(&self) -> bool {
        self.inner.transport.is_read_only()
    }

    /// Refuses `what` on a read-only client before any work for it is done (the journal asks
    /// before it reads before-images or writes an intent; the removal itself is refused anyway).
    pub fn may_change(&self, what: &str) -> Result<(), ZohoError> {
        self.inner.transport.may_change(|| what.to_string())
    }

    /// For a concurrency the admin did not pin: removals read the org's edition (once, just
    /// before the first one) and run at its limit minus 2, at least 3; `config.concurrency` is
    /// the fallback when the edition cannot be read.
    pub fn concurrency_from_edition(&self) {
        self.inner.pacing.use_edition();
    }

    /// The removals' in-flight ceiling, once known (pinned, or the edition read).
    pub fn removal_concurrency(&self) -> Option<usize> {
        self.inner.pacing.known()
    }

    /// The removals' in-flight ceiling, reading the edition first if nobody pinned it (as the
    /// first removal would).
    pub async fn removal_ceiling(&self) -> usize {
        (self.inner.pacing.pace(self.transport(), self.base()).await).ceiling()
    }

    pub(super) fn transport(&self) -> &Transport {
        &self.inner.transport
    }

    pub(super) fn base(&self) -> &ApiBase {
        &self.inner.base
    }

    pub(super) async fn run(
        &self,
        plan: removals::Plan,
        opts: RunOptions,
    ) -> Result<RemovalReport, ZohoError> {
        self.run_with(plan, opts, Evidence::default()).await
    }

    async fn run_with(
        &self,
        plan: removals::Plan,
        opts: RunOptions,
        evidence: Evidence,
    ) -> Result<RemovalReport, ZohoError> {
        engine::run_with(
            self.transport(),
            self.base(),
            &self.inner.pacing,
            plan,
            opts,
            evidence,
        )
        .await
    }

    // ---- removals: one outcome per distinct id; split in calls of <= 100 ids ----
    //
    // `Err` only for input refused before anything was sent; every failure after that is in the
    // report, id by id.

    /// Any removal, watched by `opts.observer`, stoppable through `opts.stop`.
    pub async fn remove(
        &self,
        removal: &Removal,
        opts: RunOptions,
    ) -> Result<RemovalReport, ZohoError> {
        self.remove_with(removal, opts, Evidence::default()).await
    }

    /// [`Self::remove`], told what is already known: the pre-run read of the journal's
    /// before-images, or what an interrupted run left (a resume).
    pub async fn remove_with(
        &self,
        removal: &Removal,
        opts: RunOptions,
        evidence: Evidence,
    ) -> Result<RemovalReport, ZohoError> {
        let base = self.base();
        let plan = match removal {
            Removal::DeleteRecords {
                module,
                ids,
                wf_trigger,
            } => removals::plan_delete_records(base, module, ids, *wf_trigger)?,
            Removal::Delink {
                module,
                record_id,
                related_list,
                ids,
            } => removals::plan_delink(base, module, record_id, related_list, ids)?,
            Removal::DelinkExternal(req) => removals::plan_delink_external(base, req)?,
            Removal::DeleteContactRoles { ids } => removals::plan_delete_contact_roles(base, ids)?,
        };
        self.run_with(plan, opts, evidence).await
    }

    pub async fn delete_records(
        &self,
        module: &str,
        ids: &[String],
        wf_trigger: bool,
        progress: Option<ProgressFn>,
    ) -> Result<RemovalReport, ZohoError> {
        let plan = removals::plan_delete_records(self.base(), module, ids, wf_trigger)?;
        self.run(plan, RunOptions::with_progress(progress)).await
    }

    pub async fn delink_related(
        &self,
        module: &str,
        record_id: &str,
        related_list: &str,
        related_ids: &[String],
        progress: Option<ProgressFn>,
    ) -> Result<RemovalReport, ZohoError> {
        let plan =
            removals::plan_delink(self.base(), module, record_id, related_list, related_ids)?;
        self.run(plan, RunOptions::with_progress(progress)).await
    }

    /// One relation, addressed by external values. The outcome's id is
    /// `req.related_external_value`.
    pub async fn delink_external(&self, req: &ExternalDelink) -> Result<RemovalReport, ZohoError> {
        let plan = removals::plan_delink_external(self.base(), req)?;
        self.run(plan, RunOptions::default()).await
    }

    pub async fn delete_contact_roles(
        &self,
        ids: &[String],
        progress: Option<ProgressFn>,
    ) -> Result<RemovalReport, ZohoError> {
        let plan = removals::plan_delete_contact_roles(self.base(), ids)?;
        self.run(plan, RunOptions::with_progress(progress)).await
    }

    // ---- undo ----

    /// Relate `ids` to the record again: `PUT /{module}/{record_id}/{related_list}` with
    /// `{"data":[{"id":..},..]}`, at most 100 ids per call. `Removed` means "relinked" (the
    /// server said `SUCCESS`).
    pub async fn relink(
        &self,
        module: &str,
        record_id: &str,
        related_list: &str,
        ids: &[String],
        opts: RunOptions,
    ) -> Result<RemovalReport, ZohoError> {
        self.relink_with_data(
            module,
            record_id,
            related_list,
            ids,
            &Default::default(),
            opts,
        )
        .await
    }

    /// Restore deleted records from the recycle bin (API v8 only:
    /// `POST /settings/recycle_bin/actions/restore`, at most 100 ids per call). `Removed` means
    /// "restored", or "scheduled" (a large restore queued as a job) with Zoho's message.
    pub async fn restore_deleted(
        &self,
        ids: &[String],
        opts: RunOptions,
    ) -> Result<RemovalReport, ZohoError> {
        let version = self.inner.config.api_version;
        if version < 8 {
            return Err(ZohoError::InvalidInput(format!(
                "restore from the recycle bin needs API v8; this profile uses v{version}. \
                 Restore the records in Zoho (Setup > Data Administration > Recycle Bin) or \
                 re-import them from the journal's export; nothing was sent"
            )));
        }
        let plan = super::restore::plan_restore(self.base(), ids)?;
        self.run(plan, opts).await
    }

    // ---- browse ----

    /// Every module, unfiltered; callers keep those with `api_supported && deletable`.
    pub async fn list_modules(&self) -> Result<Vec<ModuleInfo>, ZohoError> {
        browse::list_modules(self.transport(), self.base()).await
    }

    pub async fn related_lists(&self, module: &str) -> Result<Vec<RelatedListInfo>, ZohoError> {
        browse::related_lists(self.transport(), self.base(), module).await
    }

    /// A page of records; empty `req.fields` asks for [`super::display_fields`] of the module.
    pub async fn records(&self, module: &str, req: &PageRequest) -> Result<Page, ZohoError> {
        browse::records(self.transport(), self.base(), module, req).await
    }

    /// The records among `ids` that exist (unknown ids are simply absent), 100 ids per call.
    /// More than one call (a removal's before-images) shares the removals' pace.
    pub async fn records_by_ids(
        &self,
        module: &str,
        ids: &[String],
        fields: &[String],
    ) -> Result<Vec<Record>, ZohoError> {
        let pace = if ids.len() > super::MAX_IDS_PER_CALL {
            self.inner.pacing.pace(self.transport(), self.base()).await
        } else {
            self.inner.pacing.pace_now()
        };
        browse::records_by_ids(self.transport(), self.base(), &pace, module, ids, fields).await
    }

    pub async fn related_records(
        &self,
        module: &str,
        record_id: &str,
        related_list: &str,
        req: &PageRequest,
    ) -> Result<Page, ZohoError> {
        browse::related_records(
            self.transport(),
            self.base(),
            module,
            record_id,
            related_list,
            req,
        )
        .await
    }

    pub async fn search(
        &self,
        module: &str,
        query: &SearchQuery,
        req: &PageRequest,
    ) -> Result<Page, ZohoError> {
        browse::search(self.transport(), self.base(), module, query, req).await
    }

    pub async fn contact_roles(&self) -> Result<Vec<ContactRole>, ZohoError> {
        browse::contact_roles(self.transport(), self.base()).await
    }
}

#[cfg(test)]
mod tests;
