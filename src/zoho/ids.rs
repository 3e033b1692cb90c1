//! Id lists as the admin gives them: checked, deduplicated and split into calls.

use std::collections::HashSet;

use super::error::ZohoError;

/// Zoho refuses a call carrying more than this many ids (400 `LIMIT_EXCEEDED`).
pub const MAX_IDS_PER_CALL: usize = 100;

/// Longest id we accept: u64 has 20 digits, Zoho's ids have up to 19.
const MAX_ID_DIGITS: usize = 20;

/// Whether `id` looks like a Zoho record or role id: ASCII digits only.
/// Ids stay strings: parsing them into floats would round 19-digit ids.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_DIGITS && id.bytes().all(|b| b.is_ascii_digit())
}

/// Trim, drop duplicates (first occurrence kept, order kept), and refuse the whole list if it is
/// empty or holds anything that is not an id. `what` names the ids in messages ("record ids").
pub fn prepare_ids(ids: &[String], what: &str) -> Result<Vec<String>, ZohoError> {
    if ids.is_empty() {
        return Err(ZohoError::InvalidInput(format!("no {what} given")));
    }
    let mut seen = HashSet::with_capacity(ids.len());
    let mut out = Vec::with_capacity(ids.len());
    let mut invalid = Vec::new();
    for raw in ids {
        let id = raw.trim();
        if !is_valid_id(id) {
            invalid.push(shown(raw));
            continue;
        }
        if seen.insert(id.to_string()) {
            out.push(id.to_string());
        }
    }
    if !invalid.is_empty() {
        const SHOWN: usize = 10;
        let more = invalid.len().saturating_sub(SHOWN);
        let mut list = invalid
            .into_iter()
            .take(SHOWN)
            .collect::<Vec<_>>()
            .join(", ");
        if more > 0 {
            list.push_str(&format!(" and {more} more"));
        }
        return Err(ZohoError::InvalidInput(format!(
            "invalid {what} (ids are numbers of up to {MAX_ID_DIGITS} digits): {list}; nothing was sent"
        )));
    }
    Ok(out)
}

/// One id, check it, for paths that carry a single record id.
pub fn prepare_id(id: &str, what: &str) -> Result<String, ZohoError> {
    let trimmed = id.trim();
    if is_valid_id(trimmed) {
        Ok(trimmed.to_string())
    } else {
        Err(ZohoError::InvalidInput(format!(
            "invalid {what} {} (ids are numbers of up to {MAX_ID_DIGITS} digits); nothing was sent",
            shown(id)
        )))
    }
}

/// Quote a value for a message, cut short so a pasted blob does not flood the screen.
fn shown(raw: &str) -> String {
    const MAX: usize = 40;
    let mut s: String = raw.chars().take(MAX).collect();
    if raw.chars().count() > MAX {
        s.push('…');
    }
    format!("{s:?}")
}

/// Split prepared ids into calls of at most [`MAX_IDS_PER_CALL`], in order.
pub fn chunk_ids(ids: &[String]) -> Vec<Vec<String>> {
    ids.chunks(MAX_IDS_PER_CALL)
        .map(<[String]>::to_vec)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn v(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn dedupes_keeping_order_and_trims() {
        let out = prepare_ids(&v(&["3", " 1", "3", "2", "1 "]), "record ids").unwrap();
        assert_eq!(out, v(&["3", "1", "2"]));
    }

    #[test]
    fn rejects_empty_list() {
        let err = prepare_ids(&[], "record ids").unwrap_err();
        assert!(matches!(err, ZohoError::InvalidInput(m) if m.contains("no record ids")));
    }

    #[test]
    fn rejects_invalid_ids_naming_them() {
        let err = prepare_ids(&v(&["1", "abc", "1.5e3", "", "-4", "2"]), "record ids").unwrap_err();
        let ZohoError::InvalidInput(msg) = err else {
            panic!()
        };
        for bad in ["\"abc\"", "\"1.5e3\"", "\"\"", "\"-4\""] {
            assert!(msg.contains(bad), "{msg} lacks {bad}");
        }
        assert!(!msg.contains("\"2\""));
    }

    #[test]
    fn long_ids_keep_every_digit() {
        let id = "4150868000005067099";
        assert_eq!(prepare_ids(&v(&[id]), "ids").unwrap(), v(&[id]));
        assert!(!is_valid_id("123456789012345678901"));
    }

    #[test]
    fn chunks_of_at_most_100() {
        let ids: Vec<String> = (0..250).map(|i| i.to_string()).collect();
        let chunks = chunk_ids(&ids);
        assert_eq!(
            chunks.iter().map(Vec::len).collect::<Vec<_>>(),
            [100, 100, 50]
        );
        assert_eq!(chunks.concat(), ids);
        assert!(chunk_ids(&[]).is_empty());
    }

    proptest! {
        #[test]
        fn prepared_ids_are_valid_distinct_and_cover_input(ids in proptest::collection::vec("[0-9]{1,5}", 0..400)) {
            match prepare_ids(&ids, "ids") {
                Ok(out) => {
                    let set: HashSet<_> = out.iter().collect();
                    prop_assert_eq!(set.len(), out.len());
                    for id in &ids { prop_assert!(set.contains(id)); }
                    for c in chunk_ids(&out) { prop_assert!(!c.is_empty() && c.len() <= MAX_IDS_PER_CALL); }
                }
                Err(_) => prop_assert!(ids.is_empty()),
            }
        }

        #[test]
        fn arbitrary_strings_never_panic(ids in proptest::collection::vec(any::<String>(), 0..20)) {
            let _ = prepare_ids(&ids, "ids");
        }
    }
}
