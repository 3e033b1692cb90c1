//! Records chosen by a query (`--where`, `--criteria`, `--cvid`) instead of ids: the selector
//! from the flags, every match read with progress on stderr, and a query the API refuses told
//! as the admin's to fix (exit 2), with Zoho's own code and details.

use std::io::{IsTerminal, Write};

use crate::cli::QueryArgs;
use crate::zoho::query::Selector;
use crate::zoho::{Record, ZohoClient, ZohoError};

use super::exit::{CliError, USAGE};

/// The selector the flags give, checked; `None` when the ids come another way.
pub fn selector(args: &QueryArgs) -> Result<Option<Selector>, CliError> {
    let sel = match (&args.where_clause, &args.criteria, &args.cvid) {
        (Some(w), _, _) => {
            // `--where "where a = 1"` means the clause; COQL would read `where where`.
            let t = w.trim();
            let t = match t.get(..6) {
                Some(head) if head.eq_ignore_ascii_case("where ") => &t[6..],
                _ => t,
            };
            Selector::Where(t.trim().to_string())
        }
        (_, Some(c), _) => Selector::Criteria(c.trim().to_string()),
        (_, _, Some(v)) => Selector::View(v.clone()),
        _ => return Ok(None),
    };
    sel.checked().map(Some).map_err(|e| refused(e, None))
}

/// How the records are named after a count: "Leads where ...", "Leads matching criteria ...",
/// "Leads of custom view ...". Control characters dropped (it is printed).
pub fn phrase(sel: &Selector) -> String {
    let t = match sel {
        Selector::Where(_) => sel.describe(),
        Selector::Criteria(_) => format!("matching {}", sel.describe()),
        Selector::View(_) => format!("of {}", sel.describe()),
    };
    crate::text::strip_controls(&t).into_owned()
}

/// Every record `sel` matches in `module`, with `fields`, and the count read first.
pub async fn read_all(
    client: &ZohoClient,
    module: &str,
    sel: &Selector,
    fields: &[String],
) -> Result<(u64, Vec<Record>), CliError> {
    let shown = std::io::stderr().is_terminal();
    let progress = move |n: usize| {
        if shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\rReading matches: {n} read");
            let _ = err.flush();
        }
    };
    let result = client
        .all_matching_counted(module, sel, fields, &progress)
        .await;
    super::removal::end_progress();
    result.map_err(|e| refused(e, Some(sel)))
}

/// A failed count or read of the matches: nothing was removed. What the API refuses in the
/// query itself (4xx other than the token's and the rate limit) is the admin's to fix: exit 2.
pub fn refused(e: ZohoError, sel: Option<&Selector>) -> CliError {
    let theirs = match &e {
        ZohoError::Api {
            status, details, ..
        } if (400..500).contains(status) && *status != 401 && *status != 429 => {
            Some(details.clone())
        }
        _ => None,
    };
    if let ZohoError::InvalidInput(m) = &e {
        return CliError::usage(format!("{m}; nothing was removed"), Some(e.hint()));
    }
    let mut c = CliError::from(e);
    let about = sel
        .map(|s| format!(" ({})", s.describe()))
        .unwrap_or_default();
    c.message = format!("the query{about} could not be read: {}", c.message);
    if let Some(details) = theirs {
        if details.as_object().is_some_and(|d| !d.is_empty()) {
            c.message
                .push_str(&format!("; details: {}", crate::text::json_line(&details)));
        }
        c.status = USAGE;
        if let Some(sel) = sel {
            c.hint = Some(query_hint(sel).to_string());
        }
    }
    c.message.push_str("; nothing was removed");
    c
}

/// What to check in a query the API refused.
fn query_hint(sel: &Selector) -> &'static str {
    match sel {
        Selector::Where(_) => {
            "Check the clause against COQL: field API names, text values in single quotes \
             ('Junk Lead'), times as '2024-01-01T00:00:00+00:00', brackets around each pair of \
             conditions when there are more than two."
        }
        Selector::Criteria(_) => {
            "Criteria read (Field_API_Name:operator:value), several joined as ((a)and(b)); \
             operators: equals, not_equal, starts_with, in, greater_than, less_than, between."
        }
        Selector::View(_) => {
            "Give the id of one of the module's custom views (GET /settings/custom_views?module=)."
        }
    }
}
