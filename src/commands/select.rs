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
    }
    c.message.push_str("; nothing was removed");
    c
}
