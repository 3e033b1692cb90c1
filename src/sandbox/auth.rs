//! OAuth for the sandbox: refresh tokens, access tokens with their scopes and lifetime, and the
//! scope and permission checks the API applies.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use rand::Rng;

/// The access token used by every curl sample of the seed pages: accepted forever, full scopes.
pub const SAMPLE_ACCESS_TOKEN: &str = "1000.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf";
pub const CLIENT_ID: &str = "1000.ZCRMSANDBOX0CLIENT00000000000";
pub const CLIENT_SECRET: &str = "sandbox0secret0a1b2c3d4e5f60718293a4b5c6d";
pub const ADMIN_USER: &str = "5725767000000411001";
pub const READ_ONLY_USER: &str = "5725767000000411065";
pub const RESTRICTED_USER: &str = "5725767000000411033";

/// What a self-client with every scope the app needs is granted.
pub const FULL_SCOPES: &[&str] = &[
    "ZohoCRM.modules.ALL",
    "ZohoCRM.settings.ALL",
    "ZohoCRM.org.READ",
    "ZohoCRM.users.READ",
    "ZohoCRM.coql.READ",
];

/// Zoho's accounts server: at most 10 access tokens per refresh token in 10 minutes.
pub const ZOHO_GRANT_LIMIT: (usize, Duration) = (10, Duration::from_secs(600));

#[derive(Clone)]
struct Grant {
    scopes: Vec<String>,
    user: String,
}

#[derive(Clone)]
pub struct TokenInfo {
    pub scopes: Vec<String>,
    pub user: String,
    expires_at: Option<Instant>,
    revoked: bool,
}

pub struct Tokens {
    refresh: HashMap<String, Grant>,
    /// Zoho's throttle: at most this many grants per refresh token within the window.
    pub grant_limit: Option<(usize, Duration)>,
    recent: HashMap<String, VecDeque<Instant>>,
    access: HashMap<String, TokenInfo>,
    pub ttl: Duration,
    pub grants: usize,
    /// The refresh token handed out by `Sandbox::credentials`.
    pub main_refresh: String,
}

/// Why the token endpoint refused a grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Unknown refresh token or client: HTTP 200 `{"error":"invalid_code"}`.
    InvalidCode,
    /// Too many grants for this refresh token lately: HTTP 400 `Access Denied`.
    Throttled,
}

/// A grant the token endpoint hands out.
pub struct Issued {
    pub access_token: String,
    pub scope: String,
    pub expires_in: u64,
}

fn token_string(prefix: &str) -> String {
    let mut rng = rand::rng();
    let mut hex = |n: usize| -> String {
        (0..n)
            .map(|_| char::from_digit(rng.random_range(0..16u32), 16).unwrap_or('0'))
            .collect()
    };
    format!("{prefix}.{}.{}", hex(32), hex(32))
}

impl Tokens {
    pub fn new(ttl: Duration) -> Self {
        let mut t = Self {
            refresh: HashMap::new(),
            grant_limit: None,
            recent: HashMap::new(),
            access: HashMap::new(),
            ttl,
            grants: 0,
            main_refresh: String::new(),
        };
        t.access.insert(
            SAMPLE_ACCESS_TOKEN.to_string(),
            TokenInfo {
                scopes: FULL_SCOPES.iter().map(|s| s.to_string()).collect(),
                user: ADMIN_USER.to_string(),
                expires_at: None,
                revoked: false,
            },
        );
        t.main_refresh = t.new_refresh(FULL_SCOPES, ADMIN_USER);
        t
    }

    /// A new refresh token for `user` whose access tokens carry `scopes`.
    pub fn new_refresh(&mut self, scopes: &[&str], user: &str) -> String {
        let token = token_string("1000");
        self.refresh.insert(
            token.clone(),
            Grant {
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                user: user.to_string(),
            },
        );
        token
    }

    /// The refresh-token grant.
    pub fn grant(
        &mut self,
        refresh: &str,
        client_id: &str,
        client_secret: &str,
    ) -> Result<Issued, Refusal> {
        if client_id != CLIENT_ID || client_secret != CLIENT_SECRET {
            return Err(Refusal::InvalidCode);
        }
        let grant = self
            .refresh
            .get(refresh)
            .ok_or(Refusal::InvalidCode)?
            .clone();
        if let Some((max, window)) = self.grant_limit {
            let now = Instant::now();
            let recent = self.recent.entry(refresh.to_string()).or_default();
            while recent
                .front()
                .is_some_and(|t| now.duration_since(*t) >= window)
            {
                recent.pop_front();
            }
            if recent.len() >= max {
                return Err(Refusal::Throttled);
            }
            recent.push_back(now);
        }
        let access_token = token_string("1000");
        self.access.insert(
            access_token.clone(),
            TokenInfo {
                scopes: grant.scopes.clone(),
                user: grant.user,
                expires_at: Some(Instant::now() + self.ttl),
                revoked: false,
            },
        );
        self.grants += 1;
        Ok(Issued {
            access_token,
            scope: grant.scopes.join(" "),
            expires_in: self.ttl.as_secs(),
        })
    }

    /// The live token behind an `Authorization` header value, if any.
    pub fn check(&self, header: Option<&str>) -> Option<TokenInfo> {
        let token = header?.strip_prefix("Zoho-oauthtoken ")?.trim();
        let info = self.access.get(token)?;
        let expired = info.revoked || info.expires_at.is_some_and(|t| Instant::now() >= t);
        (!expired).then(|| info.clone())
    }

    /// Every token handed out so far stops working; the seed pages' sample token stays.
    pub fn expire_all(&mut self) {
        for info in self.access.values_mut() {
            if info.expires_at.is_some() {
                info.revoked = true;
            }
        }
    }
}

/// What an API call does, for the scope check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Read,
    /// Delink and relink: the seed pages accept WRITE or DELETE (relink: WRITE or UPDATE).
    Write,
    /// Updating records: Zoho's pages accept WRITE or UPDATE.
    Update,
    Delete,
}

impl Op {
    fn names(self) -> &'static [&'static str] {
        match self {
            Op::Read => &["read"],
            Op::Write => &["write", "update", "delete"],
            Op::Update => &["write", "update"],
            Op::Delete => &["delete"],
        }
    }
}

/// What a scope must cover.
#[derive(Clone, Copy, Debug)]
pub enum Need<'a> {
    /// `ZohoCRM.modules.{ALL|op}` or `ZohoCRM.modules.{module}.{ALL|op}`.
    Module(&'a str, Op),
    /// `ZohoCRM.settings.{ALL|op}` or `ZohoCRM.settings.{area}.{ALL|op}`.
    Settings(&'a str, Op),
    /// `ZohoCRM.{org|users}.{ALL|op}`.
    Top(&'a str, Op),
}

/// Scope names are matched case-insensitively: Zoho's own pages write both `ALL` and `all`.
pub fn scopes_cover(scopes: &[String], need: Need<'_>) -> bool {
    let (family, area, op) = match need {
        Need::Module(m, op) => ("modules", Some(m), op),
        Need::Settings(a, op) => ("settings", Some(a), op),
        Need::Top(t, op) => (t, None, op),
    };
    scopes.iter().any(|s| {
        let s = s.to_ascii_lowercase();
        let Some(rest) = s.strip_prefix("zohocrm.") else {
            return false;
        };
        let Some(rest) = rest.strip_prefix(family) else {
            return false;
        };
        let Some(rest) = rest.strip_prefix('.') else {
            return false;
        };
        let op_ok = |o: &str| o == "all" || op.names().contains(&o);
        match rest.split_once('.') {
            None => op_ok(rest),
            Some((a, o)) => area.is_some_and(|area| a == area.to_ascii_lowercase()) && op_ok(o),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn scopes_cover_modules_and_operations() {
        assert!(scopes_cover(
            &s(&["ZohoCRM.modules.ALL"]),
            Need::Module("leads", Op::Delete)
        ));
        assert!(scopes_cover(
            &s(&["ZohoCRM.modules.all"]),
            Need::Module("leads", Op::Read)
        ));
        assert!(scopes_cover(
            &s(&["ZohoCRM.modules.leads.DELETE"]),
            Need::Module("leads", Op::Delete)
        ));
        assert!(!scopes_cover(
            &s(&["ZohoCRM.modules.leads.DELETE"]),
            Need::Module("contacts", Op::Delete)
        ));
        assert!(!scopes_cover(
            &s(&["ZohoCRM.modules.leads.READ"]),
            Need::Module("leads", Op::Delete)
        ));
        assert!(scopes_cover(
            &s(&["ZohoCRM.modules.READ"]),
            Need::Module("deals", Op::Read)
        ));
        assert!(scopes_cover(
            &s(&["ZohoCRM.modules.campaigns.WRITE"]),
            Need::Module("campaigns", Op::Write)
        ));
        assert!(!scopes_cover(
            &s(&["ZohoCRM.modules.ALL"]),
            Need::Settings("modules", Op::Read)
        ));
        assert!(scopes_cover(
            &s(&["ZohoCRM.settings.modules.READ"]),
            Need::Settings("modules", Op::Read)
        ));
        assert!(!scopes_cover(
            &s(&["ZohoCRM.settings.modules.READ"]),
            Need::Settings("related_lists", Op::Read)
        ));
        assert!(scopes_cover(
            &s(&["ZohoCRM.settings.ALL"]),
            Need::Settings("related_lists", Op::Read)
        ));
        assert!(scopes_cover(
            &s(&["ZohoCRM.org.READ"]),
            Need::Top("org", Op::Read)
        ));
    }

    #[test]
    fn tokens_expire_and_refresh_tokens_are_checked() {
        let mut t = Tokens::new(Duration::from_secs(60));
        let main = t.main_refresh.clone();
        assert_eq!(
            t.grant("nope", CLIENT_ID, CLIENT_SECRET).err(),
            Some(Refusal::InvalidCode)
        );
        assert!(t.grant(&main, CLIENT_ID, "wrong").is_err());
        let g = t.grant(&main, CLIENT_ID, CLIENT_SECRET).unwrap();
        let header = format!("Zoho-oauthtoken {}", g.access_token);
        assert!(t.check(Some(&header)).is_some());
        assert!(t.check(Some(&g.access_token)).is_none());
        t.expire_all();
        assert!(t.check(Some(&header)).is_none());
        let sample = format!("Zoho-oauthtoken {SAMPLE_ACCESS_TOKEN}");
        assert!(t.check(Some(&sample)).is_some());
        assert_eq!(t.grants, 1);
        t.grant_limit = Some((2, Duration::from_secs(600)));
        assert!(t.grant(&main, CLIENT_ID, CLIENT_SECRET).is_ok());
        assert!(t.grant(&main, CLIENT_ID, CLIENT_SECRET).is_ok());
        assert_eq!(
            t.grant(&main, CLIENT_ID, CLIENT_SECRET).err(),
            Some(Refusal::Throttled)
        );
    }
}
