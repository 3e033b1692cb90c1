//! Zoho CRM editions and the API limits each one gets (Zoho's "API Limits" page): concurrent
//! calls per org, and API credits per rolling 24 hours.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    Free,
    Standard,
    Professional,
    Enterprise,
    Ultimate,
}

impl Edition {
    pub const ALL: [Edition; 5] = [
        Edition::Free,
        Edition::Standard,
        Edition::Professional,
        Edition::Enterprise,
        Edition::Ultimate,
    ];

    /// As `/org`'s `license_details.paid_type` spells it.
    pub fn paid_type(self) -> &'static str {
        match self {
            Edition::Free => "free",
            Edition::Standard => "standard",
            Edition::Professional => "professional",
            Edition::Enterprise => "enterprise",
            Edition::Ultimate => "ultimate",
        }
    }

    pub fn parse(s: &str) -> Result<Edition, String> {
        Edition::ALL
            .into_iter()
            .find(|e| e.paid_type().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "`{s}` is not an edition: free, standard, professional, enterprise or ultimate"
                )
            })
    }

    /// API calls in flight at once per org.
    pub fn concurrency_limit(self) -> usize {
        match self {
            Edition::Free => 5,
            Edition::Standard => 10,
            Edition::Professional => 15,
            Edition::Enterprise => 20,
            Edition::Ultimate => 25,
        }
    }

    /// Credits per 24 hours for an org with `users` licenses: 50,000 plus a per-user share, up
    /// to the edition's maximum (Free: 5,000 flat; Ultimate: no maximum).
    pub fn credits(self, users: u64) -> u64 {
        let (per_user, max) = match self {
            Edition::Free => return 5_000,
            Edition::Standard => (250, Some(100_000)),
            Edition::Professional => (500, Some(3_000_000)),
            Edition::Enterprise => (1_000, Some(5_000_000)),
            Edition::Ultimate => (2_000, None),
        };
        let allowed = 50_000 + users.saturating_mul(per_user);
        max.map_or(allowed, |m| allowed.min(m))
    }

    /// Sets `license_details` of an `/org` object to this edition (a Free org is not paid).
    pub fn apply_to(self, org: &mut Value) {
        let Some(o) = org.as_object_mut() else {
            return;
        };
        let details = o.entry("license_details").or_insert_with(|| json!({}));
        if let Some(d) = details.as_object_mut() {
            d.insert("paid_type".into(), json!(self.paid_type()));
            d.insert("paid".into(), json!(self != Edition::Free));
        }
    }
}

/// The credits an org has spent in the current 24-hour window.
pub struct CreditMeter {
    pub budget: u64,
    used: u64,
    window_start: Instant,
}

const WINDOW: Duration = Duration::from_secs(24 * 3600);

impl CreditMeter {
    pub fn new(budget: u64) -> Self {
        Self {
            budget,
            used: 0,
            window_start: Instant::now(),
        }
    }

    /// Spends one credit: `Err(())` when none is left. `Ok(Some(remaining))` once half the
    /// budget is used, when Zoho starts sending `X-API-CREDITS-REMAINING`.
    pub fn spend(&mut self) -> Result<Option<u64>, ()> {
        if self.window_start.elapsed() >= WINDOW {
            self.used = 0;
            self.window_start = Instant::now();
        }
        if self.used >= self.budget {
            return Err(());
        }
        self.used += 1;
        let remaining = self.budget - self.used;
        Ok((self.used * 2 >= self.budget).then_some(remaining))
    }

    /// Spends `n` more credits for a call whose cost is known only once its body is read (a
    /// COQL query's LIMIT); as many as are left when fewer are.
    pub fn spend_more(&mut self, n: u64) -> u64 {
        self.used = (self.used + n).min(self.budget);
        self.budget - self.used
    }

    pub fn used(&self) -> u64 {
        self.used
    }
}

/// The licensed users of an `/org` object (`license_details.users_license_purchased`).
pub fn licensed_users(org: &Value) -> u64 {
    org.pointer("/license_details/users_license_purchased")
        .and_then(Value::as_u64)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_follow_zohos_table() {
        assert_eq!(Edition::Free.credits(10), 5_000);
        assert_eq!(Edition::Standard.credits(10), 52_500);
        assert_eq!(Edition::Standard.credits(1_000), 100_000);
        assert_eq!(Edition::Enterprise.credits(100), 150_000);
        assert_eq!(Edition::Ultimate.credits(10_000), 20_050_000);
    }

    #[test]
    fn the_meter_runs_out_and_reports_the_rest_from_half_way() {
        let mut m = CreditMeter::new(4);
        assert_eq!(m.spend(), Ok(None));
        assert_eq!(m.spend(), Ok(Some(2)));
        assert_eq!(m.spend(), Ok(Some(1)));
        assert_eq!(m.spend(), Ok(Some(0)));
        assert_eq!(m.spend(), Err(()));
        assert_eq!(m.used(), 4);
    }

    #[test]
    fn names_parse_in_any_case() {
        assert_eq!(Edition::parse("Standard"), Ok(Edition::Standard));
        assert!(Edition::parse("gold").is_err());
    }
}
