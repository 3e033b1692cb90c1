//! Selecting records by a query instead of by hand: a COQL `where` clause, a search `criteria`
//! or a custom view. Each is counted first (so the admin sees how many before anything is read),
//! then read a page at a time for the screen, or whole for a removal or a plan.
//!
//! The reading follows each API's documented ceiling instead of discovering it mid-run: COQL
//! gives 2,000 rows a call and 100,000 in all, a search 2,000 in all, a view (records API) pages
//! of 200 with a page token past 2,000.

mod all;
mod org;
mod views;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::browse::{fields_param, parse_page};
use super::client::ZohoClient;
use super::count::CountFilter;
use super::error::ZohoError;
use super::paths::segment;
use super::reply::Body;
use super::transport::ApiRequest;
use super::types::{PageRequest, Record, SearchQuery};

pub use org::OrgIdentity;
pub use views::CustomView;

/// Rows one COQL call returns at most.
pub const COQL_PAGE: u64 = 2_000;
/// Rows COQL reaches in all through LIMIT/OFFSET.
pub const COQL_MAX: u64 = 100_000;
/// Results a search reaches in all (`LIMIT_REACHED` past it).
pub const SEARCH_MAX: u64 = 2_000;
/// Records a page of the records or search API holds at most.
pub const PER_PAGE: u64 = 200;
/// A query longer than this is a pasted file, not a query.
const MAX_QUERY_BYTES: usize = 8 * 1024;

/// Which records a query selects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Selector {
    /// A COQL `where` clause, e.g. `Lead_Status = 'Junk Lead'`.
    Where(String),
    /// Search API criteria, e.g. `(Lead_Status:equals:Junk Lead)`.
    Criteria(String),
    /// A custom view's id (`cvid`).
    View(String),
}

impl Selector {
    /// What the admin typed on the query line: criteria when it reads as `(field:op:value)`,
    /// otherwise a COQL `where` clause (a leading `where` is dropped).
    pub fn from_line(text: &str) -> Result<Selector, ZohoError> {
        let t = text.trim();
        let sel = if t.starts_with('(') && looks_like_criteria(t) {
            Selector::Criteria(t.to_string())
        } else {
            // `where` alone is the keyword with nothing after it, not a clause.
            let bare = t.eq_ignore_ascii_case("where").then_some("");
            let t = strip_keyword(t, "where").or(bare).unwrap_or(t);
            Selector::Where(t.trim().to_string())
        };
        sel.checked()
    }

    /// The selector itself when it can be sent: not empty, no control characters, not huge,
    /// a view id made of digits.
    pub fn checked(self) -> Result<Selector, ZohoError> {
        let (what, text) = self.parts();
        if text.trim().is_empty() {
            return Err(ZohoError::InvalidInput(format!("empty {what}")));
        }
        if text.len() > MAX_QUERY_BYTES {
            return Err(ZohoError::InvalidInput(format!(
                "the {what} is {} bytes; at most {MAX_QUERY_BYTES} are accepted",
                text.len()
            )));
        }
        if text.chars().any(char::is_control) {
            return Err(ZohoError::InvalidInput(format!(
                "the {what} holds a control character"
            )));
        }
        if let Selector::View(id) = &self
            && !id.trim().bytes().all(|b| b.is_ascii_digit())
        {
            return Err(ZohoError::InvalidInput(format!(
                "custom view id {id:?} is not a number"
            )));
        }
        Ok(match self {
            Selector::View(id) => Selector::View(id.trim().to_string()),
            other => other,
        })
    }

    fn parts(&self) -> (&'static str, &str) {
        match self {
            Selector::Where(t) => ("where clause", t),
            Selector::Criteria(t) => ("criteria", t),
            Selector::View(t) => ("custom view id", t),
        }
    }

    /// For titles, dialogs, the journal: `where Lead_Status = 'Junk Lead'`.
    pub fn describe(&self) -> String {
        match self {
            Selector::Where(t) => format!("where {t}"),
            Selector::Criteria(t) => format!("criteria {t}"),
            Selector::View(t) => format!("custom view {t}"),
        }
    }

    /// The most records this selector can reach through its API.
    pub fn ceiling(&self) -> Option<u64> {
        match self {
            Selector::Where(_) => Some(COQL_MAX),
            Selector::Criteria(_) => Some(SEARCH_MAX),
            Selector::View(_) => None,
        }
    }

    /// Calls needed to read `n` matches whole (before any removal call).
    pub fn read_calls(&self, n: u64) -> u64 {
        let per = match self {
            Selector::Where(_) => COQL_PAGE,
            _ => PER_PAGE,
        };
        n.div_ceil(per).max(1)
    }
}

fn looks_like_criteria(t: &str) -> bool {
    // `(Field:op:value)`: a colon before the first space-separated comparison operator.
    let inner = t.trim_start_matches('(');
    let field: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
        .collect();
    !field.is_empty() && inner[field.len()..].starts_with(':')
}

fn strip_keyword<'a>(t: &'a str, k: &str) -> Option<&'a str> {
    let head = t.get(..k.len())?;
    let rest = &t[k.len()..];
    (head.eq_ignore_ascii_case(k) && rest.starts_with(char::is_whitespace)).then_some(rest)
}

/// Where the next page of matches starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// COQL: the OFFSET.
    Offset(u64),
    /// Records or search API: the 1-based page.
    Page(u32),
    /// Records API past 2,000 rows.
    Token(String),
}

/// One page of matches and where the next starts (none: this was the last).
#[derive(Debug, Clone, PartialEq)]
pub struct MatchPage {
    pub records: Vec<Record>,
    pub next: Option<Cursor>,
}

/// `select COUNT(id) ...` answers `{"data": [{"COUNT(id)": N}]}`; a 204 is 0.
pub fn parse_coql_count(status: u16, body: &Body) -> Result<u64, ZohoError> {
    let malformed = |reason: &str| ZohoError::Malformed {
        status,
        reason: reason.to_string(),
    };
    let rows = super::reply::list(status, body, "data")?;
    let Some(row) = rows.first() else {
        return Ok(0);
    };
    let obj = row
        .as_object()
        .ok_or_else(|| malformed("a COUNT row is not an object"))?;
    let value = obj
        .iter()
        .find(|(k, _)| k.to_ascii_lowercase().starts_with("count("))
        .map(|(_, v)| v)
        .ok_or_else(|| malformed("the COUNT row has no count"))?;
    match value {
        Value::Number(n) => n
            .as_u64()
            .ok_or_else(|| malformed("the count is not a whole number")),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| malformed("the count is not a whole number")),
        _ => Err(malformed("the count is not a number")),
    }
}

/// The `select_query` of one page: the fields, the clause as the admin wrote it, by id so that
/// pages neither overlap nor skip.
pub fn coql_select(module: &str, fields: &str, clause: &str, offset: u64, limit: u64) -> String {
    format!("select {fields} from {module} where {clause} order by id asc limit {offset}, {limit}")
}

impl ZohoClient {
    async fn coql(&self, query: String) -> Result<(u16, Body), ZohoError> {
        let url = self.base().url(&["coql".to_string()], &[]);
        let body = json!({ "select_query": query });
        let reply = self
            .transport()
            .send(&ApiRequest::post_json(url, &body))
            .await?;
        Ok((reply.status, reply.body))
    }

    /// How many records of `module` the selector matches.
    pub async fn count_matching(&self, module: &str, sel: &Selector) -> Result<u64, ZohoError> {
        let module = segment(module, "module name")?;
        match sel.clone().checked()? {
            Selector::Where(clause) => {
                let (status, body) = self
                    .coql(format!("select COUNT(id) from {module} where {clause}"))
                    .await?;
                parse_coql_count(status, &body)
            }
            Selector::Criteria(c) => {
                self.count_records(&module, &CountFilter::Search(SearchQuery::Criteria(c)))
                    .await
            }
            Selector::View(id) => self.count_records(&module, &CountFilter::View(id)).await,
        }
    }

    /// One page of matches: `size` rows from `at` (none: the first page). `fields` empty: the
    /// module's display fields.
    pub async fn matching_page(
        &self,
        module: &str,
        sel: &Selector,
        fields: &[String],
        at: Option<&Cursor>,
        size: u64,
    ) -> Result<MatchPage, ZohoError> {
        let module = segment(module, "module name")?;
        let field_list = fields_param(&module, fields)?;
        match sel.clone().checked()? {
            Selector::Where(clause) => {
                let offset = match at {
                    Some(Cursor::Offset(o)) => *o,
                    None => 0,
                    Some(_) => return Err(wrong_cursor()),
                };
                let size = size
                    .clamp(1, COQL_PAGE)
                    .min(COQL_MAX.saturating_sub(offset));
                if size == 0 {
                    return Ok(MatchPage {
                        records: Vec::new(),
                        next: None,
                    });
                }
                let q = coql_select(&module, &field_list, &clause, offset, size);
                let (status, body) = self.coql(q).await?;
                let page = parse_page(status, &body)?;
                let next_offset = offset + page.records.len() as u64;
                let more = page.more_records && !page.records.is_empty() && next_offset < COQL_MAX;
                Ok(MatchPage {
                    records: page.records,
                    next: more.then_some(Cursor::Offset(next_offset)),
                })
            }
            Selector::Criteria(c) => {
                let page_no = match at {
                    Some(Cursor::Page(p)) => *p,
                    None => 1,
                    Some(_) => return Err(wrong_cursor()),
                };
                let req = PageRequest {
                    fields: fields.to_vec(),
                    page: page_no,
                    per_page: size.clamp(1, PER_PAGE) as u32,
                    page_token: None,
                    sort: None,
                };
                let page = self
                    .search(&module, &SearchQuery::Criteria(c), &req)
                    .await?;
                let reached = u64::from(page_no) * u64::from(req.per_page) >= SEARCH_MAX;
                let more = page.more_records && !page.records.is_empty() && !reached;
                Ok(MatchPage {
                    records: page.records,
                    next: more.then_some(Cursor::Page(page_no + 1)),
                })
            }
            Selector::View(cvid) => self.view_page(&module, &cvid, &field_list, at, size).await,
        }
    }

    async fn view_page(
        &self,
        module: &str,
        cvid: &str,
        fields: &str,
        at: Option<&Cursor>,
        size: u64,
    ) -> Result<MatchPage, ZohoError> {
        let per_page = size.clamp(1, PER_PAGE);
        let mut q = vec![
            ("cvid", cvid.to_string()),
            ("fields", fields.to_string()),
            ("per_page", per_page.to_string()),
        ];
        let page_no = match at {
            None => 1,
            Some(Cursor::Page(p)) => *p,
            Some(Cursor::Token(t)) => {
                q.push(("page_token", t.clone()));
                0
            }
            Some(Cursor::Offset(_)) => return Err(wrong_cursor()),
        };
        if page_no > 0 {
            q.push(("page", page_no.to_string()));
        }
        let url = self.base().url(&[module.to_string()], &q);
        let reply = self.transport().send(&ApiRequest::get(url)).await?;
        let page = parse_page(reply.status, &reply.body)?;
        let next = if !page.more_records || page.records.is_empty() {
            None
        } else if let Some(t) = page.next_page_token.clone() {
            Some(Cursor::Token(t))
        } else if page_no > 0 && u64::from(page_no) * per_page < 2_000 {
            Some(Cursor::Page(page_no + 1))
        } else {
            return Err(ZohoError::Malformed {
                status: reply.status,
                reason: "more records follow past 2,000 but the answer gave no page token".into(),
            });
        };
        Ok(MatchPage {
            records: page.records,
            next,
        })
    }
}

fn wrong_cursor() -> ZohoError {
    ZohoError::InvalidInput("a page cursor of another kind of query".into())
}

#[cfg(test)]
mod tests;
