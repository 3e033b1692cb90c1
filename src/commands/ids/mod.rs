//! Reading ids from `--ids a,b`, a file (one per line, or CSV with an `id` column) or stdin.
//!
//! Blank entries and duplicates are dropped (first occurrence kept, order preserved). Any invalid
//! entry fails the whole list, naming the first bad lines, so that nothing is sent for a
//! half-read file. Files and stdin are read line by line (`lines`), never whole, within the caps
//! below: an endless input (`/dev/zero`, `yes`) ends with an error, not with memory run out.

mod lines;

use std::fmt;

pub use lines::{parse_reader, parse_text};

/// At most this many ids per command (README, "Scriptable commands").
pub const MAX_IDS: usize = 1_000_000;
/// Lines (blank ones included) read from a file or stdin before giving up.
pub const MAX_LINES: usize = 2 * MAX_IDS;
/// The longest line accepted, in bytes: a wide CSV export row fits, an endless line does not.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

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
    /// Some entries are not ids. `unit` is "line" or "item"; `bad` holds the first
    /// [`MAX_LISTED`] of them, `count` how many there are in all.
    Invalid {
        unit: &'static str,
        source: String,
        bad: Vec<BadEntry>,
        count: usize,
    },
    /// A CSV header without an `id` column.
    NoIdColumn { source: String, header: String },
    /// Nothing left once blanks were dropped.
    Empty { source: String },
    /// More than [`MAX_IDS`] ids, more than [`MAX_LINES`] lines, or a line longer than
    /// [`MAX_LINE_BYTES`]: `what` says which, in words.
    TooLarge { source: String, what: String },
    /// Not UTF-8 text at `line`.
    NotText { source: String, line: usize },
    /// The input could not be read.
    Read { source: String, error: String },
}

/// How many bad entries are listed before "... and N more".
pub const MAX_LISTED: usize = 20;

impl fmt::Display for IdsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdsError::Invalid {
                unit,
                source,
                bad,
                count,
            } => {
                write!(
                    f,
                    "{count} invalid {unit}{} in {source}; nothing was sent:",
                    if *count == 1 { "" } else { "s" }
                )?;
                for b in bad.iter().take(MAX_LISTED) {
                    write!(f, "\n  {unit} {}: `{}` ({})", b.position, b.text, b.reason)?;
                }
                let listed = bad.len().min(MAX_LISTED);
                if *count > listed {
                    write!(f, "\n  ... and {} more", count - listed)?;
                }
                Ok(())
            }
            IdsError::NoIdColumn { source, header } => write!(
                f,
                "{source} looks like a CSV but its header `{header}` has no `id` column; nothing was sent"
            ),
            IdsError::Empty { source } => write!(f, "no ids in {source}; nothing was sent"),
            IdsError::TooLarge { source, what } => {
                write!(f, "{source} is too large: {what}; nothing was sent")
            }
            IdsError::NotText { source, line } => {
                write!(
                    f,
                    "{source} is not UTF-8 text (line {line}); nothing was sent"
                )
            }
            IdsError::Read { source, error } => {
                write!(f, "cannot read {source}: {error}; nothing was sent")
            }
        }
    }
}

impl std::error::Error for IdsError {}

impl IdsError {
    /// What the admin can do about it.
    pub fn hint(&self) -> String {
        match self {
            IdsError::TooLarge { .. } => format!(
                "Give at most {} ids per command, one per line (lines up to {} KiB): split the \
                 file and run the command once per part.",
                thousands(MAX_IDS),
                MAX_LINE_BYTES / 1024
            ),
            IdsError::NotText { .. } => {
                "Export the report as CSV (UTF-8), or one id per line.".to_string()
            }
            _ => "Give numeric record ids: one per line, or a CSV with an `id` column.".to_string(),
        }
    }
}

/// Counts in messages, grouped.
fn thousands(n: usize) -> String {
    crate::numbers::thousands(n as u64)
}

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

fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    let s = crate::text::strip_controls(s);
    if s.chars().count() > MAX {
        format!("{}...", s.chars().take(MAX).collect::<String>())
    } else {
        s.into_owned()
    }
}

/// Distinct valid ids in input order, the first bad entries and their count, as a list is read.
struct Collector {
    unit: &'static str,
    source: String,
    ids: Vec<String>,
    // A million ids: a set of u128 keys (see `key`) takes a quarter of a set of Strings.
    seen: std::collections::HashSet<u128>,
    bad: Vec<BadEntry>,
    bad_count: usize,
}

impl Collector {
    fn new(unit: &'static str, source: &str) -> Self {
        Self {
            unit,
            source: source.to_string(),
            ids: Vec::new(),
            seen: std::collections::HashSet::new(),
            bad: Vec::new(),
            bad_count: 0,
        }
    }

    /// One entry (`text` as shown in messages); an error once the list holds too many ids.
    fn add(&mut self, position: usize, entry: &str, shown: &str) -> Result<(), IdsError> {
        match normalise(entry) {
            Ok(id) => {
                if self.seen.insert(key(&id)) {
                    if self.ids.len() == MAX_IDS {
                        return Err(IdsError::TooLarge {
                            source: self.source.clone(),
                            what: format!("more than {} ids", thousands(MAX_IDS)),
                        });
                    }
                    self.ids.push(id);
                }
            }
            Err(reason) => self.bad_entry(position, shown, reason),
        }
        Ok(())
    }

    fn bad_entry(&mut self, position: usize, shown: &str, reason: &'static str) {
        self.bad_count += 1;
        if self.bad.len() < MAX_LISTED {
            self.bad.push(BadEntry {
                position,
                text: shorten(shown.trim()),
                reason,
            });
        }
    }

    fn finish(self) -> Result<Vec<String>, IdsError> {
        if self.bad_count > 0 {
            return Err(IdsError::Invalid {
                unit: self.unit,
                source: self.source,
                bad: self.bad,
                count: self.bad_count,
            });
        }
        if self.ids.is_empty() {
            return Err(IdsError::Empty {
                source: self.source,
            });
        }
        Ok(self.ids)
    }
}

/// A normalised id (at most 20 digits) as a number that keeps its digit count, so that `012`
/// and `12` stay two ids, as the API sees them.
fn key(id: &str) -> u128 {
    let value: u128 = id.parse().unwrap_or(0);
    value * 32 + id.len() as u128
}

/// `--ids a,b,c`.
pub fn parse_list(list: &str) -> Result<Vec<String>, IdsError> {
    let mut c = Collector::new("item", "--ids");
    for (i, item) in list.split(',').enumerate() {
        if !item.trim().is_empty() {
            c.add(i + 1, item, item)?;
        }
    }
    c.finish()
}

/// Reads the ids the flags point at. Returns them with whether they came from stdin.
pub fn from_args(args: &crate::cli::IdsArgs) -> Result<(Vec<String>, bool), super::exit::CliError> {
    use super::exit::CliError;

    if let Some(list) = &args.ids {
        return Ok((parse_list(list)?, false));
    }
    let from_stdin = || {
        let stdin = std::io::stdin();
        Ok((parse_reader(stdin.lock(), "standard input")?, true))
    };
    if let Some(path) = &args.ids_file {
        if path.as_os_str() == "-" {
            return from_stdin();
        }
        let shown = format!("ids file {}", path.display());
        let file = std::fs::File::open(path).map_err(|e| {
            CliError::usage(format!("cannot read {shown}: {e}; nothing was sent"), None)
        })?;
        return Ok((parse_reader(std::io::BufReader::new(file), &shown)?, false));
    }
    if args.stdin.is_some() {
        return from_stdin();
    }
    Err(CliError::usage(
        "no ids given; nothing was sent",
        Some("Give them with --ids a,b,c, --ids-file FILE (one per line, or CSV with an `id` column) or `-` to read standard input.".to_string()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn ids_that_differ_only_by_leading_zeros_stay_apart() {
        assert_eq!(
            parse_list("012,12").unwrap(),
            ["012", "12"].map(String::from)
        );
    }

    #[test]
    fn empty_list_is_refused() {
        assert!(matches!(parse_list(",,"), Err(IdsError::Empty { .. })));
    }

    #[test]
    fn large_counts_read_with_separators() {
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
