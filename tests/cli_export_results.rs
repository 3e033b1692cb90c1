//! `zcrm-tui journal export ID --results`: a success and an errors CSV (id, name, code, message,
//! hint) after a real run against the sandbox in which some ids failed.

use crate::cli_support as support;

use support::*;
use zcrm_tui::zoho::Record;

/// Cells of a CSV line as RFC 4180 writes them (quotes doubled inside quoted cells).
fn cells(line: &str) -> Vec<String> {
    let (mut out, mut cur, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(text.ends_with("\r\n"), "CRLF line ends: {text:?}");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(cells)
        .collect()
}

fn names(org: &Org, ids: &[String]) -> Vec<String> {
    let fields: Vec<String> = ["Full_Name", "First_Name", "Last_Name"]
        .map(String::from)
        .into();
    let found = org
        .rt
        .block_on(org.client().records_by_ids("Leads", ids, &fields))
        .unwrap();
    ids.iter()
        .map(|id| {
            found
                .iter()
                .find(|r| &r.id == id)
                .map(Record::display_name)
                .unwrap()
        })
        .collect()
}

#[test]
fn results_split_removed_and_failed_ids_with_names_codes_and_hints() {
    let org = Org::start();
    let good = org.ids("Leads", 2);
    let locked = org.control().locked_record_ids("Leads").remove(0);
    let good_names = names(&org, &good);
    let locked_name = names(&org, std::slice::from_ref(&locked)).remove(0);
    let all = [good.clone(), vec![locked.clone(), GHOST.to_string()]].concat();
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &all.join(","), "--yes"]));
    assert_eq!(
        status(&o),
        1,
        "some ids failed: {}{}",
        stdout(&o),
        stderr(&o)
    );
    let op = op_id(&o);

    let prefix = org.path("run");
    let o = run(bin(org.home.path())
        .args(["journal", "export", &op, "--results", "-o"])
        .arg(&prefix));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let success = org.path("run-success.csv");
    let errors = org.path("run-errors.csv");
    assert!(
        stdout(&o).contains("Wrote 2 ids removed to"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("2 not removed to"), "{}", stdout(&o));

    let ok = rows(&success);
    assert_eq!(ok[0], ["id", "name", "code", "message", "hint"]);
    assert_eq!(ok.len(), 3, "{ok:?}");
    for (id, name) in good.iter().zip(&good_names) {
        let row = ok
            .iter()
            .find(|r| &r[0] == id)
            .unwrap_or_else(|| panic!("{id}: {ok:?}"));
        assert_eq!(&row[1], name);
        assert_eq!(row[2], "SUCCESS");
        assert_eq!(row[3], "record deleted");
        assert_eq!(row[4], "");
    }

    let bad = rows(&errors);
    assert_eq!(bad[0], ["id", "name", "code", "message", "hint"]);
    assert_eq!(bad.len(), 3, "{bad:?}");
    let row = bad
        .iter()
        .find(|r| r[0] == locked)
        .expect("the locked lead");
    assert_eq!(
        (row[1].as_str(), row[2].as_str()),
        (locked_name.as_str(), "RECORD_LOCKED")
    );
    assert!(!row[3].is_empty() && row[4].len() > 20, "{row:?}");
    let row = bad.iter().find(|r| r[0] == GHOST).expect("the unknown id");
    assert_eq!((row[1].as_str(), row[2].as_str()), ("", "INVALID_DATA"));
    assert!(row[4].len() > 20, "a hint: {row:?}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for p in [&success, &errors] {
            let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", p.display());
        }
    }
}

#[test]
fn without_output_the_files_are_named_for_the_operation_and_json_says_where() {
    let org = Org::start();
    let ids = org.ids("Leads", 1);
    let o = run(&mut org.cmd(&["delete", "Leads", "--ids", &ids[0], "--yes"]));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let op = op_id(&o);
    let o = run(bin(org.home.path())
        .args(["journal", "export", &op, "--results", "--json"])
        .current_dir(org.home.path()));
    assert_eq!(status(&o), 0, "{}", stderr(&o));
    let v = &json_lines(&stdout(&o))[0];
    assert_eq!(v["successes"], 1);
    assert_eq!(v["failures"], 0);
    assert_eq!(v["success"], format!("{op}-success.csv"));
    assert_eq!(rows(&org.path(&format!("{op}-success.csv"))).len(), 2);
    assert_eq!(
        rows(&org.path(&format!("{op}-errors.csv"))).len(),
        1,
        "the header alone"
    );

    let o =
        run(bin(org.home.path()).args(["journal", "export", &op, "--results", "--format", "csv"]));
    assert_eq!(status(&o), 2, "--results and --format conflict");
}
