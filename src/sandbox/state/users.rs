//! The org's users, and which of them the sandbox's tokens sign in as.

use super::super::auth;
use super::super::seed::UserSeed;
use super::OrgState;

impl OrgState {
    pub fn user(&self, id: &str) -> Option<&UserSeed> {
        let id = self.user_alias.get(id).map_or(id, String::as_str);
        self.users.iter().find(|u| u.id == id)
    }

    /// Gives each part the sandbox's tokens sign in as (administrator, read-only user, sales
    /// rep limited to their own records) to a user of the org, when no user has its fixed id.
    /// An org without a read-only user gets one, so that the read-only token works.
    pub(super) fn cast_users(&mut self) {
        let admin = |u: &UserSeed| u.can_delete && !u.own_records_only;
        if !self.users.iter().any(|u| !u.can_delete)
            && let Some(a) = self.users.iter().find(|u| admin(u))
        {
            let mut reader = a.clone();
            reader.id = auth::READ_ONLY_USER.to_string();
            reader.full_name = "Read Only (sandbox)".to_string();
            reader.can_delete = false;
            self.users.push(reader);
        }
        type Plays = fn(&UserSeed) -> bool;
        let parts: [(&str, Plays); 3] = [
            (auth::ADMIN_USER, admin),
            (auth::READ_ONLY_USER, |u| !u.can_delete),
            (auth::RESTRICTED_USER, |u| u.own_records_only),
        ];
        for (fixed, plays) in parts {
            if self.users.iter().any(|u| u.id == fixed) {
                continue;
            }
            if let Some(u) = self.users.iter().find(|u| plays(u)) {
                self.user_alias.insert(fixed.to_string(), u.id.clone());
            }
        }
    }
}
