//! Ids files and stdin, read one bounded line at a time: one id per line, or a CSV whose header
//! has an `id` column (decided by the first non-blank line).

use std::io::{BufRead, Read};

use super::{Collector, IdsError, MAX_LINE_BYTES, MAX_LINES, normalise, shorten, thousands};

/// The contents of an ids file or of stdin, already in memory (tests, small inputs).
pub fn parse_text(text: &str, source: &str) -> Result<Vec<String>, IdsError> {
    parse_reader(text.as_bytes(), source)
}

/// Reads `input` line by line within the caps of the parent module. `source` names it in
/// messages ("ids file x.csv", "standard input").
pub fn parse_reader(mut input: impl BufRead, source: &str) -> Result<Vec<String>, IdsError> {
    let mut c = Collector::new("line", source);
    // `None` until the first non-blank line; then the CSV column, if it is a CSV.
    let mut format: Option<Option<usize>> = None;
    let mut buf = Vec::new();
    for n in 1.. {
        if !read_line(&mut input, &mut buf, n, source)? {
            break;
        }
        if n > MAX_LINES {
            return Err(IdsError::TooLarge {
                source: source.to_string(),
                what: format!("more than {} lines", thousands(MAX_LINES)),
            });
        }
        let mut line = std::str::from_utf8(&buf).map_err(|_| IdsError::NotText {
            source: source.to_string(),
            line: n,
        })?;
        if n == 1 {
            line = line.strip_prefix('\u{feff}').unwrap_or(line);
        }
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let column = match format {
            Some(col) => col,
            None => {
                let col = header_column(line, source)?;
                format = Some(col);
                if col.is_some() {
                    continue;
                }
                None
            }
        };
        match column {
            Some(col) => match split_csv(line).get(col) {
                Some(cell) if !cell.trim().is_empty() => c.add(n, cell, cell)?,
                _ => c.bad_entry(n, line, "no value in the id column"),
            },
            None => c.add(n, line, line)?,
        }
    }
    c.finish()
}

/// Reads one line (with its `\n`) into `buf`; false at the end of the input. A line longer than
/// [`MAX_LINE_BYTES`] is refused as soon as that many bytes have come without a line break.
fn read_line(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    n: usize,
    source: &str,
) -> Result<bool, IdsError> {
    buf.clear();
    let limit = MAX_LINE_BYTES as u64 + 1;
    let got = input
        .by_ref()
        .take(limit)
        .read_until(b'\n', buf)
        .map_err(|e| IdsError::Read {
            source: source.to_string(),
            error: e.to_string(),
        })?;
    let body = buf.strip_suffix(b"\n").unwrap_or(buf);
    let body = body.strip_suffix(b"\r").unwrap_or(body);
    if body.len() > MAX_LINE_BYTES {
        return Err(IdsError::TooLarge {
            source: source.to_string(),
            what: format!("line {n} is longer than {} KiB", MAX_LINE_BYTES / 1024),
        });
    }
    Ok(got > 0)
}

/// The first non-blank line: a header with an `id` column means CSV (`Some(column)`); a
/// multi-column line without one is refused; anything else is the first id.
fn header_column(first: &str, source: &str) -> Result<Option<usize>, IdsError> {
    let cells = split_csv(first);
    match cells.iter().position(|c| is_id_header(c)) {
        Some(col) => Ok(Some(col)),
        None if cells.len() > 1 && normalise(&cells[0]).is_err() => Err(IdsError::NoIdColumn {
            source: source.to_string(),
            header: shorten(first.trim()),
        }),
        None => Ok(None),
    }
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

#[cfg(test)]
mod tests {
    use super::super::{MAX_IDS, MAX_LISTED};
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn one_id_per_line_with_blanks_crlf_bom_and_header() {
        let ids = parse_text("\u{feff}id\r\n\r\n 4150868000005067099 \r\n12\n12\n", "f").unwrap();
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
    }

    #[test]
    fn long_lists_of_bad_lines_are_counted_but_listed_only_in_part() {
        let text = (0..30).map(|i| format!("x{i}\n")).collect::<String>();
        let err = parse_text(&text, "f").unwrap_err();
        let IdsError::Invalid { bad, count, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!((bad.len(), *count), (MAX_LISTED, 30));
        let msg = err.to_string();
        assert!(msg.contains("30 invalid lines"));
        assert!(msg.contains("... and 10 more"));
    }

    #[test]
    fn an_endless_line_ends_at_the_line_cap() {
        let err = parse_reader(std::io::BufReader::new(std::io::repeat(0)), "zeros").unwrap_err();
        assert!(matches!(err, IdsError::TooLarge { .. }), "{err:?}");
        assert!(
            err.to_string().contains("line 1 is longer than 64 KiB"),
            "{err}"
        );
    }

    #[test]
    fn endless_blank_lines_end_at_the_line_cap() {
        let err =
            parse_reader(std::io::BufReader::new(std::io::repeat(b'\n')), "newlines").unwrap_err();
        assert!(
            err.to_string().contains("more than 2,000,000 lines"),
            "{err}"
        );
    }

    #[test]
    fn one_id_past_the_cap_is_refused_and_the_cap_itself_passes() {
        let text: String = (1..=MAX_IDS).map(|i| format!("{i}\n")).collect();
        assert_eq!(parse_text(&text, "f").unwrap().len(), MAX_IDS);
        let more = format!("{text}{}\n", MAX_IDS + 1);
        let err = parse_text(&more, "f").unwrap_err();
        assert!(err.to_string().contains("more than 1,000,000 ids"), "{err}");
    }

    #[test]
    fn bytes_that_are_not_utf8_name_their_line() {
        let err = parse_reader(&b"1\n2\n\xff\xfe\n"[..], "f").unwrap_err();
        assert_eq!(
            err,
            IdsError::NotText {
                source: "f".into(),
                line: 3
            }
        );
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics_and_yields_only_numeric_unique_ids(s in "\\PC{0,200}") {
            if let Ok(ids) = parse_text(&s, "p") {
                let set: HashSet<_> = ids.iter().collect();
                prop_assert_eq!(set.len(), ids.len());
                prop_assert!(ids.iter().all(|i| !i.is_empty() && i.bytes().all(|b| b.is_ascii_digit())));
            }
            let _ = super::super::parse_list(&s);
        }
    }
}
