//! `--dry-run` with a query: the count, a sample (the first and last few matches by id and
//! name), and the calls and credits the removal would take. Reads only the count, the sample
//! and the module's field list: the matches themselves are read by the real run.
//!
//! Credits follow Zoho's API limits page: every call costs 1 credit except COQL, charged by its
//! LIMIT (1-200: 1, 201-1,000: 2, 1,001-2,000: 3). A COUNT query has no LIMIT, so Zoho's
//! default of 200 applies (1 credit): our assumption, Zoho does not say.

use serde_json::json;

use crate::text::{json_line, strip_controls as clean};
use crate::zoho::query::{COQL_PAGE, Cursor, PER_PAGE, Selector};
use crate::zoho::{Record, ZohoClient};

use super::super::exit::CliError;
use super::super::operation::{Operation, calls_needed};
use super::super::output::{calls_word, lower_first, summary_base};
use super::super::select;

/// How many of the first and of the last matches are shown.
pub const SAMPLE: usize = 3;
/// Fields per record read (the API's limit), for the before-images' reads.
const FIELDS_PER_READ: u64 = 50;

pub const CREDITS_ASSUMED: &str = "assumed: 1 credit a call; COQL by its LIMIT, 1-200: 1, \
    201-1,000: 2, 1,001-2,000: 3 (the run reads 2,000 a call; a COUNT costs 1)";

/// Calls (and credits) of each step of the real run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steps {
    pub count: u64,
    pub read: u64,
    pub before_images: u64,
    pub removal: u64,
}

impl Steps {
    pub fn total(&self) -> u64 {
        self.count + self.read + self.before_images + self.removal
    }
}

/// What the real run of a removal of `matched` records would cost: calls and credits.
pub fn estimate(sel: &Selector, matched: u64, fields: usize) -> (Steps, Steps) {
    let read = sel.read_calls(matched);
    let hundreds = calls_needed(matched as usize) as u64;
    let slices = (fields as u64).div_ceil(FIELDS_PER_READ).max(1);
    // One field list, then each hundred records in slices of 50 fields.
    let before = 1 + hundreds * slices;
    let calls = Steps {
        count: 1,
        read,
        before_images: before,
        removal: hundreds,
    };
    let read_credits = match sel {
        Selector::Where(_) => coql_read_credits(matched),
        _ => read,
    };
    let credits = Steps {
        read: read_credits,
        ..calls
    };
    (calls, credits)
}

/// Credits of reading `n` rows with COQL in calls of LIMIT 2,000 (the last one too: the run
/// asks for a full page each time).
fn coql_read_credits(n: u64) -> u64 {
    n.div_ceil(COQL_PAGE).max(1) * coql_credits(COQL_PAGE)
}

pub fn coql_credits(limit: u64) -> u64 {
    match limit {
        0..=200 => 1,
        201..=1000 => 2,
        _ => 3,
    }
}

/// A query's dry run as read from the API.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryDryRun {
    pub selector: Selector,
    pub matched: u64,
    pub first: Vec<(String, String)>,
    pub last: Vec<(String, String)>,
    /// Why the last matches are not shown, when they are not.
    pub last_note: Option<String>,
    pub fields: usize,
}

/// Counts, samples, and reads the module's fields; refused (exit 2) as the real run would be
/// when the query matches more than its API can read.
pub async fn resolve(
    client: &ZohoClient,
    module: &str,
    sel: &Selector,
) -> Result<QueryDryRun, CliError> {
    let matched = client
        .count_matching(module, sel)
        .await
        .map_err(|e| select::refused(e, Some(sel)))?;
    sel.reachable(matched)
        .map_err(|e| select::refused(e, Some(sel)))?;
    let fields = super::name_fields(module);
    let page = |at: Option<Cursor>, size: u64| {
        let fields = fields.clone();
        async move {
            client
                .matching_page(module, sel, &fields, at.as_ref(), size)
                .await
                .map(|p| p.records)
                .map_err(|e| select::refused(e, Some(sel)))
        }
    };
    let named = |rs: &[Record]| -> Vec<(String, String)> {
        rs.iter()
            .map(|r| (r.id.clone(), r.display_name()))
            .collect()
    };
    let sample = SAMPLE as u64;
    let (first, last, last_note) = if matched == 0 {
        (Vec::new(), Vec::new(), None)
    } else if matched <= 2 * sample {
        (named(&page(None, 2 * sample).await?), Vec::new(), None)
    } else {
        let first = page(None, sample).await?;
        let (last, note) = match sel {
            Selector::Where(_) => (
                page(Some(Cursor::Offset(matched - sample)), sample).await?,
                None,
            ),
            _ if matched <= 2_000 => {
                let p = matched.div_ceil(PER_PAGE);
                let mut last = page(Some(Cursor::Page(p as u32)), PER_PAGE).await?;
                if last.len() < SAMPLE && p > 1 {
                    let mut before = page(Some(Cursor::Page(p as u32 - 1)), PER_PAGE).await?;
                    before.append(&mut last);
                    last = before;
                }
                (last, None)
            }
            _ => (
                Vec::new(),
                Some("past 2,000 a view is read from its start only: the run lists them".into()),
            ),
        };
        let skip = last.len().saturating_sub(SAMPLE);
        (named(&first), named(&last[skip..]), note)
    };
    let fields = client
        .field_names(module)
        .await
        .map(|f| f.len())
        .unwrap_or(0);
    Ok(QueryDryRun {
        selector: sel.clone(),
        matched,
        first,
        last,
        last_note,
        fields,
    })
}

pub fn human(op: &Operation, dry: &QueryDryRun) -> String {
    let n = dry.matched;
    let mut out = format!(
        "Query: {}\nMatches: {} {}\n",
        clean(&dry.selector.describe()),
        crate::numbers::thousands(n),
        op.items(n as usize)
    );
    let rows = |label: &str, rs: &[(String, String)], out: &mut String| {
        for (id, name) in rs {
            out.push_str(&format!("{label:<6} {id}  {}\n", clean(name)));
        }
    };
    rows("first", &dry.first, &mut out);
    rows("last", &dry.last, &mut out);
    if let Some(note) = &dry.last_note {
        out.push_str(&format!("last   (not shown: {note})\n"));
    }
    if n == 0 {
        out.push_str("Dry run: nothing matches; nothing would be removed.\n");
        return out;
    }
    let (calls, credits) = estimate(&dry.selector, n, dry.fields);
    let th = crate::numbers::thousands;
    out.push_str(&format!(
        "Calls: {} in all: {} to count, {} to read the matches, {} for the before-images, {} to {} (100 ids a call)\n",
        th(calls.total()),
        th(calls.count),
        th(calls.read),
        th(calls.before_images),
        th(calls.removal),
        lower_first(op.verb()),
    ));
    out.push_str(&format!(
        "Credits: about {}\n  {CREDITS_ASSUMED}\n",
        th(credits.total())
    ));
    out.push_str(&format!(
        "Dry run: would {} {} in {} removal {}. Nothing was removed.\n",
        lower_first(&op.describe(n as usize)),
        select::phrase(&dry.selector),
        th(calls.removal),
        calls_word(calls.removal as usize),
    ));
    out
}

/// JSON Lines: `{"sample":"first"|"last","id","name"}` per sampled record, then the summary.
pub fn json(op: &Operation, dry: &QueryDryRun) -> String {
    let mut out = String::new();
    for (which, rs) in [("first", &dry.first), ("last", &dry.last)] {
        for (id, name) in rs {
            out.push_str(&json_line(
                &json!({"sample": which, "id": id, "name": name}),
            ));
            out.push('\n');
        }
    }
    let (calls, credits) = estimate(&dry.selector, dry.matched, dry.fields);
    let steps = |s: &Steps| {
        json!({"count": s.count, "read": s.read, "before_images": s.before_images,
               "removal": s.removal, "total": s.total()})
    };
    let mut summary = summary_base(op, true);
    summary.insert("query".into(), json!(dry.selector));
    summary.insert("matched".into(), dry.matched.into());
    if dry.matched > 0 {
        summary.insert("calls".into(), steps(&calls));
        summary.insert("credits".into(), steps(&credits));
        summary.insert("credits_assumed".into(), CREDITS_ASSUMED.into());
    }
    if let Some(n) = &dry.last_note {
        summary.insert("note".into(), n.clone().into());
    }
    out.push_str(&json_line(&json!({ "summary": summary })));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_and_credits_follow_each_api() {
        let w = Selector::Where("Lead_Status = 'Junk Lead'".into());
        let (calls, credits) = estimate(&w, 5_000, 60);
        assert_eq!(
            calls,
            Steps {
                count: 1,
                read: 3,
                before_images: 1 + 50 * 2,
                removal: 50
            }
        );
        // Three COQL pages of LIMIT 2,000 at 3 credits each.
        assert_eq!(credits.read, 9);
        assert_eq!(credits.total(), 1 + 9 + 101 + 50);
        let c = Selector::Criteria("(Lead_Status:equals:Junk Lead)".into());
        let (calls, credits) = estimate(&c, 450, 10);
        assert_eq!((calls.read, credits.read), (3, 3));
        assert_eq!(calls.before_images, 1 + 5);
        assert_eq!(coql_credits(200), 1);
        assert_eq!(coql_credits(201), 2);
        assert_eq!(coql_credits(1000), 2);
        assert_eq!(coql_credits(1001), 3);
    }
}
