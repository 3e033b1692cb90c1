//! `SandboxControl`: what tests and the demo observe and turn while the sandbox runs.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Map, Value};

use super::faults::{Fault, Script};
use super::server::{Shared, lock};
use super::{RequestRecord, auth, state};
use crate::zoho::{Credentials, Secret};

/// Cheap to clone; shares state with the running server.
#[derive(Clone)]
pub struct SandboxControl {
    shared: Arc<Shared>,
}

impl SandboxControl {
    pub(super) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, state::OrgState> {
        lock(&self.shared.state)
    }

    fn canonical(&self, module: &str) -> String {
        self.state()
            .module(module)
            .map(|m| m.api_name.clone())
            .unwrap_or_else(|| module.to_string())
    }

    /// Every `/crm` API request served, in the order they were answered.
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.shared.requests).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// The highest number of API requests in flight at once so far (rate-limited ones included).
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// Successful refresh-token grants served.
    pub fn token_grants(&self) -> usize {
        lock(&self.shared.tokens).grants
    }

    /// Backdates the deletion of a record in the bin to `time` (RFC 3339), as if it had been
    /// deleted then; false when the record is not deleted.
    pub fn set_deleted_time(&self, module: &str, id: &str, time: &str) -> bool {
        let m = self.canonical(module);
        self.state().set_deleted_time(&m, id, time)
    }

    /// Deletes a live record now as another user of the org (a sales rep, in the UI or by a job
    /// of their own), as if someone else had done it; false when it is not live.
    pub fn delete_by_another_user(&self, module: &str, id: &str) -> bool {
        let m = self.canonical(module);
        let mut st = self.state();
        let Some(user) = st.user(auth::RESTRICTED_USER).cloned() else {
            return false;
        };
        if st.live(&m, id).is_none() {
            return false;
        }
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        st.delete(&m, id, now, (user.full_name, user.id));
        true
    }

    /// Live (not deleted).
    pub fn record_exists(&self, module: &str, id: &str) -> bool {
        let m = self.canonical(module);
        self.state().live(&m, id).is_some()
    }

    pub fn in_recycle_bin(&self, module: &str, id: &str) -> bool {
        let m = self.canonical(module);
        self.state().in_bin(&m, id)
    }

    /// Whether `record_id` of `module` and `related_id` are live and related through
    /// `related_list` of `module`.
    pub fn is_related(
        &self,
        module: &str,
        record_id: &str,
        related_list: &str,
        related_id: &str,
    ) -> bool {
        let st = self.state();
        let Some(m) = st.module(module).map(|m| m.api_name.clone()) else {
            return false;
        };
        let Some(target) = st.related_list(&m, related_list).map(|r| r.module.clone()) else {
            return false;
        };
        st.related((&m, record_id), (&target, related_id))
    }

    pub fn contact_role_exists(&self, id: &str) -> bool {
        self.state().live_roles().iter().any(|r| r.id == id)
    }

    /// Live ids, in listing order.
    pub fn record_ids(&self, module: &str) -> Vec<String> {
        let m = self.canonical(module);
        self.state().live_ids(&m)
    }

    /// Ids of live records locked for the user (deletes answer RECORD_LOCKED).
    pub fn locked_record_ids(&self, module: &str) -> Vec<String> {
        self.flagged(module, |r| {
            r.get("$locked_for_me") == Some(&Value::Bool(true))
        })
    }

    /// Ids of live records awaiting approval (deletes answer NOT_APPROVED).
    pub fn not_approved_record_ids(&self, module: &str) -> Vec<String> {
        self.flagged(module, |r| {
            r.get("$approval_state").and_then(Value::as_str) == Some("approval_process_pending")
        })
    }

    fn flagged(&self, module: &str, f: impl Fn(&Map<String, Value>) -> bool) -> Vec<String> {
        let m = self.canonical(module);
        self.state()
            .live_records(&m)
            .into_iter()
            .filter(|r| f(r))
            .filter_map(|r| r.get("id").and_then(|v| v.as_str()).map(str::to_string))
            .collect()
    }

    /// Ids of live records of `module` related to `record_id` through `related_list`.
    pub fn related_ids(&self, module: &str, record_id: &str, related_list: &str) -> Vec<String> {
        let st = self.state();
        let Some(m) = st.module(module).map(|m| m.api_name.clone()) else {
            return Vec::new();
        };
        let Some(target) = st.related_list(&m, related_list).map(|r| r.module.clone()) else {
            return Vec::new();
        };
        st.related_records(&m, record_id, &target)
            .into_iter()
            .filter_map(|r| r.get("id").and_then(|v| v.as_str()).map(str::to_string))
            .collect()
    }

    /// Record deletes served with workflow rules triggered (`wf_trigger` true or absent).
    pub fn workflow_runs(&self) -> usize {
        self.state().workflow_runs
    }

    pub fn set_latency(&self, d: Duration) {
        lock(&self.shared.knobs).latency = d;
    }

    pub fn set_max_concurrency(&self, n: Option<usize>) {
        lock(&self.shared.knobs).max_concurrency = n;
    }

    pub fn set_error_rate(&self, rate: f64) {
        lock(&self.shared.knobs).error_rate = rate.clamp(0.0, 1.0);
    }

    /// Restarts the injected-error generator from `seed`: the same seed fails the same calls.
    pub fn set_error_seed(&self, seed: u64) {
        lock(&self.shared.knobs).rng = StdRng::seed_from_u64(seed);
    }

    /// The next API calls meet these faults, one each, in order (before any random fault).
    pub fn inject_faults(&self, faults: &[Fault]) {
        lock(&self.shared.knobs)
            .queue
            .extend(faults.iter().copied());
    }

    /// The next calls of `route` (`METHOD /seg/..` after `/crm/{version}`, `*` for any one
    /// segment or method, e.g. `DELETE /Leads` or `GET /Leads/deleted`) meet these faults, one
    /// each, in order (`Fault::Pass` lets one through). Scripts come before `inject_faults`.
    pub fn script_faults(&self, route: &str, faults: &[Fault]) -> Result<(), String> {
        let script = Script::new(route, faults)?;
        lock(&self.shared.knobs).scripts.push(script);
        Ok(())
    }

    /// How long a `Fault::LateLanding` call is held before it is carried out (default 75 s,
    /// past the client's default timeout).
    pub fn set_late_landing(&self, delay: Duration) {
        lock(&self.shared.knobs).late_by = delay;
    }

    /// Late landings still held (not carried out yet).
    pub fn late_landings_pending(&self) -> usize {
        self.shared.late_pending.load(Ordering::SeqCst)
    }

    /// Drops every scripted, queued and random fault.
    pub fn clear_faults(&self) {
        let mut k = lock(&self.shared.knobs);
        k.scripts.clear();
        k.queue.clear();
        k.mix = None;
        k.error_rate = 0.0;
    }

    /// A share (0.0..=1.0) of API calls meets one of `kinds`, picked at random (seeded, see
    /// `set_error_seed`). An empty `kinds` or a zero rate turns it off.
    pub fn set_fault_mix(&self, rate: f64, kinds: &[Fault]) {
        lock(&self.shared.knobs).mix = Some((rate.clamp(0.0, 1.0), kinds.to_vec()));
    }

    /// Zoho's refresh throttle: at most `max` grants per refresh token within `window`, beyond
    /// which the token endpoint answers 400 `Access Denied`. `None` (the default): no limit.
    pub fn set_token_grant_limit(&self, limit: Option<(usize, Duration)>) {
        lock(&self.shared.tokens).grant_limit = limit;
    }

    /// Adds `n` generated live records to `module` (after the seeded ones, in listing order)
    /// and returns their ids: for bulk runs bigger than the seeded org.
    pub fn add_records(&self, module: &str, n: usize) -> Vec<String> {
        let m = self.canonical(module);
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        super::generate::add_plain(&mut self.state(), &m, n, &now)
    }

    /// Sets the credits of the 24-hour window (`None`: no credit count); spent ones stay spent.
    pub fn set_credit_budget(&self, budget: Option<u64>) {
        let mut c = lock(&self.shared.credits);
        match (budget, c.as_mut()) {
            (Some(b), Some(m)) => m.budget = b,
            (Some(b), None) => *c = Some(super::edition::CreditMeter::new(b)),
            (None, _) => *c = None,
        }
    }

    /// Credits spent and the budget of the current 24-hour window, when an edition is set.
    pub fn credits(&self) -> Option<(u64, u64)> {
        lock(&self.shared.credits)
            .as_ref()
            .map(|m| (m.used(), m.budget))
    }

    /// Applies to tokens granted from now on.
    pub fn set_token_ttl(&self, d: Duration) {
        lock(&self.shared.tokens).ttl = d;
    }

    /// Every issued access token now answers INVALID_TOKEN (the seed pages' sample token stays).
    pub fn expire_access_tokens(&self) {
        lock(&self.shared.tokens).expire_all();
    }

    /// A new refresh token (same client) whose access tokens carry only `scopes`.
    pub fn credentials_with_scopes(&self, scopes: &[&str]) -> Credentials {
        let refresh = lock(&self.shared.tokens).new_refresh(scopes, auth::ADMIN_USER);
        Credentials {
            client_id: auth::CLIENT_ID.to_string(),
            client_secret: Secret::new(auth::CLIENT_SECRET),
            refresh_token: Secret::new(refresh),
        }
    }

    /// A sales rep under private data sharing: removing records they do not own answers
    /// AUTHORIZATION_FAILED (per id for record deletes; for the whole call for a delink from a
    /// record they do not own, and for contact roles).
    pub fn restricted_credentials(&self) -> Credentials {
        let refresh =
            lock(&self.shared.tokens).new_refresh(auth::FULL_SCOPES, auth::RESTRICTED_USER);
        Credentials {
            client_id: auth::CLIENT_ID.to_string(),
            client_secret: Secret::new(auth::CLIENT_SECRET),
            refresh_token: Secret::new(refresh),
        }
    }

    /// Ids of live records of `module` owned by the restricted user.
    pub fn restricted_user_record_ids(&self, module: &str) -> Vec<String> {
        self.flagged(module, |r| {
            r.get("Owner")
                .and_then(|o| o.get("id"))
                .and_then(Value::as_str)
                == Some(auth::RESTRICTED_USER)
        })
    }

    /// A user whose profile cannot delete: removals answer 403 NO_PERMISSION.
    pub fn read_only_credentials(&self) -> Credentials {
        let refresh =
            lock(&self.shared.tokens).new_refresh(auth::FULL_SCOPES, auth::READ_ONLY_USER);
        Credentials {
            client_id: auth::CLIENT_ID.to_string(),
            client_secret: Secret::new(auth::CLIENT_SECRET),
            refresh_token: Secret::new(refresh),
        }
    }
}
