//! Reading ids from `--ids a,b`, a file (one per line, or CSV with an `id` column) or stdin.
//!
//! Blank entries and duplicates are dropped (first occurrence kept, order preserved). Any invalid
//! entry fails the whole list, naming every bad line, so that nothing is sent for a half-read file.

use std::collections::HashSet;
use std::fmt;

/// Where a bad entry was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadEntry {
    /// 1-based line (file or stdin) or position (comma list).
    pub position: usize,
    pub text: String,
    pub reason: &'static str,
}

/// Why a list of ids could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdsError {
    /// Some entries are not ids. `unit` is "line" or "item".
    Invalid {
        unit: &'static str,
        source: String,
        bad: Vec<BadEntry>,
    },
    /// A CSV header without an `id` column.
    NoIdColumn { source: String, header: String },
    /// Nothing left once blanks were dropped.
    Empty { source: String },
}

/// How many bad entries are listed before "... and N more".
const MAX_LISTED: usize = 20;

impl fmt::Display for IdsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdsError::Invalid { unit, source, bad } => {
                let n = bad.len();
                write!(
                    f,
                    "{n} invalid {unit}{} in {source}; nothing was sent:",
                    if n == 1 { "" } else { "s" }
                )?;
                for b in bad.iter().take(MAX_LISTED) {
                    write!(f, "\n  {unit} {}: `{}` ({})", b.position, b.text, b.reason)?;
                }
                if n > MAX_LISTED {
                    write!(f, "\n  ... and {} more", n - MAX_LISTED)?;
                }
                Ok(())
            }
            IdsError::NoIdColumn { source, header } => write!(
                f,
                "{source} looks like a CSV but its header `{header}` has no `id` column; nothing was sent"
            ),
            IdsError::Empty { source } => write!(f, "no ids in {source}; nothing was sent"),
        }
    }
}

impl std::error::Error for IdsError {}

/// Zoho ids are numeric strings, usually 18-19 digits (shorter in some data centers).
/// Zoho's report exports prefix them with `zcrm_`, which is stripped.
fn normalise(raw: &str) -> Result<String, &'static str> {
    let t = raw.trim().trim_matches('"').trim();
    let t = t.strip_prefix("zcrm_").unwrap_or(t);
    if t.is_empty() {
        return Err("empty");
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err("not a numeric id");
    }
    if t.len() > 20 {
        return Err("too long for an id");
    }
    Ok(t.to_string())
}

fn dedup(ids: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::with_capacity(ids.len());
    ids.into_iter()
        .filter(|id| seen.insert(id.clone()))
        .collect()
}

fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() > MAX {
        format!("{}...", s.chars().take(MAX).collect::<String>())
    } else {
        s.to_string()
    }
}

/// `--ids a,b,c`.
pub fn parse_list(list: &str) -> Result<Vec<String>, IdsError> {
    let source = "--ids".to_string();
    let mut ids = Vec::new();
    let mut bad = Vec::new();
    for (i, item) in list.split(',').enumerate() {
        if item.trim().is_empty() {
            continue;
        }
        match normalise(item) {
            Ok(id) => ids.push(id),
            Err(reason) => bad.push(BadEntry {
                position: i + 1,
                text: shorten(item.trim()),
                reason,
            }),
        }
    }
    finish(ids, bad, "item", source)
}

/// The contents of an ids file or of stdin. `source` names it in messages.
pub fn parse_text(text: &str, source: &str) -> Result<Vec<String>, IdsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty())
        .peekable();

    // The first non-blank line decides the format: a header with an `id` column means CSV.
    let mut column = None;
    if let Some((_, first)) = lines.peek() {
        let cells = split_csv(first);
        let id_col = cells.iter().position(|c| is_id_header(c));
        match id_col {
            Some(col) => {
                column = Some(col);
                lines.next();
            }
            None if cells.len() > 1 && normalise(&cells[0]).is_err() => {
                return Err(IdsError::NoIdColumn {
                    source: source.to_string(),
                    header: shorten(first.trim()),
                });
            }
            None => {}
        }
    }

    let mut ids = Vec::new();
    let mut bad = Vec::new();
    for (n, line) in lines {
        let cell = match column {
            Some(col) => {
                let cells = split_csv(line);
                match cells.get(col) {
                    Some(c) if !c.trim().is_empty() => c.clone(),
                    _ => {
                        bad.push(BadEntry {
                            position: n,
                            text: shorten(line.trim()),
                            reason: "no value in the id column",
                        });
                        continue;
                    }
                }
            }
            None => line.to_string(),
        };
        match normalise(&cell) {
            Ok(id) => ids.push(id),
            Err(reason) => bad.push(BadEntry {
                position: n,
                text: shorten(cell.trim()),
                reason,
            }),
        }
    }
    finish(ids, bad, "line", source.to_string())
}

fn finish(
    ids: Vec<String>,
    bad: Vec<BadEntry>,
    unit: &'static str,
    source: String,
) -> Result<Vec<String>, IdsError> {
    if !bad.is_empty() {
        return Err(IdsError::Invalid { unit, source, bad });
    }
    let ids = dedup(ids);
    if ids.is_empty() {
        return Err(IdsError::Empty { source });
    }
    Ok(ids)
}

fn is_id_header(cell: &str) -> bool {
    let c = cell.trim().trim_matches('"').trim().to_ascii_lowercase();
    c == "id" || c == "record id" || c == "record_id"
}

/// Splits one CSV line, honouring double quotes (`"a,b"` and `""` inside quotes).
fn split_csv(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

/// Reads the ids the flags point at. Returns them with whether they came from stdin.
pub fn from_args(args: &crate::cli::IdsArgs) -> Result<(Vec<String>, bool), super::exit::CliError> {
    use super::exit::CliError;
    use std::io::Read;

    let read_stdin = || {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| {
            CliError::usage(format!("cannot read ids from standard input: {e}"), None)
        })?;
        Ok::<_, CliError>(text)
    };
    if let Some(list) = &args.ids {
        return Ok((parse_list(list)?, false));
    }
    if let Some(path) = &args.ids_file {
        if path.as_os_str() == "-" {
            return Ok((parse_text(&read_stdin()?, "standard input")?, true));
        }
        let shown = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| CliError::usage(format!("cannot read ids file {shown}: {e}"), None))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            CliError::usage(
                format!("ids file {shown} is not UTF-8 text"),
                Some("Export the report as CSV (UTF-8), or one id per line.".to_string()),
            )
        })?;
        return Ok((parse_text(&text, &shown)?, false));
    }
    if args.stdin.is_some() {
        return Ok((parse_text(&read_stdin()?, "standard input")?, true));
    }
    Err(CliError::usage(
        "no ids given; nothing was sent",
        Some("Give them with --ids a,b,c, --ids-file FILE (one per line, or CSV with an `id` column) or `-` to read standard input.".to_string()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn comma_list_drops_blanks_and_duplicates() {
        let ids = parse_list(" 11, 22,,11 ,33,").unwrap();
        assert_eq!(ids, ["11", "22", "33"]);
    }

    #[test]
    fn comma_list_reports_bad_items_by_position() {
        let err = parse_list("11,abc,22,1.5").unwrap_err();
        let IdsError::Invalid { unit, bad, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(*unit, "item");
        assert_eq!(
            bad.iter().map(|b| b.position).collect::<Vec<_>>(),
            vec![2, 4]
        );
        assert!(err.to_string().contains("item 2: `abc`"));
    }

    #[test]
    fn one_id_per_line_with_blanks_crlf_and_header() {
        let ids = parse_text("id\r\n\r\n 4150868000005067099 \r\n12\n12\n", "f").unwrap();
        assert_eq!(ids, ["4150868000005067099", "12"]);
    }

    #[test]
    fn csv_takes_the_id_column() {
        let text = "Last Name,Id,Email\n\"Doe, Jane\",410405000002264040,j@x.io\nRoe,zcrm_410405000002264025,r@x.io\n";
        let ids = parse_text(text, "f.csv").unwrap();
        assert_eq!(ids, ["410405000002264040", "410405000002264025"]);
    }

    #[test]
    fn invalid_lines_are_reported_with_their_line_number() {
        let err = parse_text("1\n2\n\nthree\n4\nfive\n", "ids.txt").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("2 invalid lines in ids.txt"), "{msg}");
        assert!(msg.contains("line 4: `three`"), "{msg}");
        assert!(msg.contains("line 6: `five`"), "{msg}");
        assert!(msg.contains("nothing was sent"));
    }

    #[test]
    fn csv_row_without_id_value_is_invalid() {
        let err = parse_text("name,id\nA,1\nB,\n", "f").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
    }

    #[test]
    fn csv_without_id_column_is_refused() {
        let err = parse_text("name,email\nA,a@x\n", "f").unwrap_err();
        assert!(matches!(err, IdsError::NoIdColumn { .. }), "{err:?}");
    }

    #[test]
    fn empty_input_is_refused() {
        assert!(matches!(
            parse_text("\n \n", "stdin"),
            Err(IdsError::Empty { .. })
        ));
        assert!(matches!(parse_list(",,"), Err(IdsError::Empty { .. })));
    }

    #[test]
    fn long_lists_are_truncated_in_the_message() {
        let text = (0..30).map(|i| format!("x{i}\n")).collect::<String>();
        let msg = parse_text(&text, "f").unwrap_err().to_string();
        assert!(msg.contains("30 invalid lines"));
        assert!(msg.contains("... and 10 more"));
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics_and_yields_only_numeric_unique_ids(s in "\\PC{0,200}") {
            if let Ok(ids) = parse_text(&s, "p") {
                let set: HashSet<_> = ids.iter().collect();
                prop_assert_eq!(set.len(), ids.len());
                prop_assert!(ids.iter().all(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit())));
            }
            let _ = parse_list(&s);
        }
    }
}
