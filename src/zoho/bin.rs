//! The "deleted by this run" rule, the same for a run's checks and for a resume: a record in
//! the recycle bin counts as removed by an operation only when the bin shows it deleted since
//! the operation started (allowing for clock skew) and, when the API says who did it and who we
//! are, by us. A record someone else deleted, or one already in the bin, is not ours to claim,
//! nor to restore.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::error::ZohoError;
use super::lookups::parse_deleted;
use super::paths::{ApiBase, segment};
use super::reply::{Body, list, str_field};
use super::transport::{ApiRequest, Transport};

/// How far the server's clock may be behind ours when telling a record deleted by this run
/// from one that already sat in the bin.
const CLOCK_SKEW: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// A listing longer than this many pages of 200 is given up on (a loop guard).
const MAX_PAGES: u32 = 1000;

/// One bin entry: when and by whom (a user id) it was deleted, as far as the API says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deletion {
    pub time: Option<String>,
    pub by: Option<String>,
}

/// Which of `ids` the bin shows deleted by this run (see the module's doc).
pub async fn deleted_by_run(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    ids: &[String],
    started: Option<DateTime<Utc>>,
) -> Result<HashSet<String>, ZohoError> {
    let found = deletions(t, base, module, ids).await?;
    let recent: Vec<(String, Deletion)> = found
        .into_iter()
        .filter(|(_, d)| deleted_during_run(d.time.as_deref(), started))
        .collect();
    // Asked only when there is something to tell apart.
    let me = if recent.iter().any(|(_, d)| d.by.is_some()) {
        current_user(t, base).await
    } else {
        None
    };
    Ok(recent
        .into_iter()
        .filter(|(_, d)| match (&d.by, &me) {
            (Some(by), Some(me)) => by == me,
            _ => true,
        })
        .map(|(id, _)| id)
        .collect())
}

/// The bin entries of `ids` (those found): `GET /{module}/deleted?type=recycle`, page after
/// page (204 when the bin is empty), stopping once every id is found.
pub async fn deletions(
    t: &Transport,
    base: &ApiBase,
    module: &str,
    ids: &[String],
) -> Result<HashMap<String, Deletion>, ZohoError> {
    let segs = [segment(module, "module name")?, "deleted".to_string()];
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut found: HashMap<String, Deletion> = HashMap::new();
    let mut page_token: Option<String> = None;
    let mut page = 0;
    while !wanted.is_empty() && found.len() < wanted.len() && page < MAX_PAGES {
        page += 1;
        let mut query = vec![("type", "recycle".to_string()), ("per_page", "200".into())];
        query.push(match &page_token {
            Some(tok) => ("page_token", tok.clone()),
            None => ("page", page.to_string()),
        });
        let reply = t.send(&ApiRequest::get(base.url(&segs, &query))).await?;
        let (entries, more, next) = parse_deleted(reply.status, &reply.body)?;
        let by = deleters(reply.status, &reply.body)?;
        for e in entries
            .into_iter()
            .filter(|e| wanted.contains(e.id.as_str()))
        {
            let who = by.get(&e.id).cloned();
            found.entry(e.id).or_insert(Deletion {
                time: e.deleted_time,
                by: who,
            });
        }
        if !more {
            break;
        }
        page_token = next;
    }
    Ok(found)
}

/// `deleted_by.id` of each entry of a bin page that names one.
fn deleters(status: u16, body: &Body) -> Result<HashMap<String, String>, ZohoError> {
    Ok(list(status, body, "data")?
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|e| {
            let by = e.get("deleted_by")?.as_object()?;
            Some((str_field(e, "id")?, str_field(by, "id")?))
        })
        .collect())
}

/// The id of the user the token acts for (`GET /users?type=CurrentUser`); `None` when it cannot
/// be read (the token may lack `ZohoCRM.users.READ`): then only the time tells.
pub async fn current_user(t: &Transport, base: &ApiBase) -> Option<String> {
    let url = base.url(
        &["users".to_string()],
        &[("type", "CurrentUser".to_string())],
    );
    let reply = match t.send(&ApiRequest::get(url)).await {
        Ok(r) => r,
        Err(e) => {
            tracing::info!(error = %e, "who we are could not be read; the bin's times alone tell");
            return None;
        }
    };
    let users = list(reply.status, &reply.body, "users").ok()?;
    users.first()?.as_object().and_then(|u| str_field(u, "id"))
}

/// Whether a bin entry's `deleted_time` can belong to a run that started at `started`: not
/// clearly before it. An entry without a readable time is given the benefit of being in the bin.
pub fn deleted_during_run(time: Option<&str>, started: Option<DateTime<Utc>>) -> bool {
    let (Some(time), Some(started)) = (time, started) else {
        return true;
    };
    match DateTime::parse_from_rfc3339(time) {
        Ok(t) => t.with_timezone(&Utc) >= started - CLOCK_SKEW,
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_entries_older_than_the_run_are_not_ours() {
        let started = DateTime::parse_from_rfc3339("2026-11-23T12:00:00+00:00")
            .unwrap()
            .with_timezone(&Utc);
        let s = Some(started);
        assert!(deleted_during_run(Some("2026-11-23T12:00:05+00:00"), s));
        // Zoho writes times in the org's zone; a server clock a little behind still counts.
        assert!(deleted_during_run(Some("2026-11-23T04:55:00-08:00"), s));
        assert!(!deleted_during_run(Some("2026-11-23T11:00:00+00:00"), s));
        assert!(!deleted_during_run(Some("2026-11-20T12:00:00+01:00"), s));
        assert!(deleted_during_run(None, s));
        assert!(deleted_during_run(Some("yesterday"), s));
        assert!(deleted_during_run(Some("2026-11-20T12:00:00+00:00"), None));
    }
}
