//! Every journal line stays bounded, however large the operation: an intent of a million ids
//! (with their before-images) is written as a head and parts, and long lists of settled fates
//! as several `resolved` lines. Folding puts them back together; journals written before this
//! (one intent line) read as they always did.

use serde_json::Value;

use super::entry::{Body, IdFate, Intent};

/// Ids in one line of an intent or of settled fates (about 220 KB of 19-digit ids).
pub const IDS_PER_LINE: usize = 10_000;
/// Before-images in one line, in bytes of JSON (a single larger image gets a line of its own).
pub const BEFORE_BYTES_PER_LINE: usize = 1 << 20;

/// The lines that record `intent`: itself when it is small, else its head (with `parts` set,
/// no ids, no before-images, its removal without ids) followed by the parts in order.
pub fn intent_lines(mut intent: Intent) -> Vec<Body> {
    let before = chunk_by_size(std::mem::take(&mut intent.before));
    if intent.ids.len() <= IDS_PER_LINE && before.len() <= 1 {
        intent.before = before.into_iter().next().unwrap_or_default();
        return vec![Body::Intent(Box::new(intent))];
    }
    let ids: Vec<Vec<String>> = std::mem::take(&mut intent.ids)
        .chunks(IDS_PER_LINE)
        .map(<[String]>::to_vec)
        .collect();
    let mut parts: Vec<Body> = Vec::with_capacity(ids.len() + before.len());
    let mut next = 0u32;
    for chunk in ids {
        parts.push(Body::IntentPart {
            part: next,
            ids: chunk,
            before: Vec::new(),
        });
        next += 1;
    }
    for chunk in before {
        parts.push(Body::IntentPart {
            part: next,
            ids: Vec::new(),
            before: chunk,
        });
        next += 1;
    }
    intent.parts = Some(next);
    // The removal's own id list would put every id in the head again (22 MB for a million):
    // the head keeps the removal without them, and folding gives them back from the parts.
    intent.removal = intent.removal.with_ids(Vec::new());
    let mut lines = vec![Body::Intent(Box::new(intent))];
    lines.extend(parts);
    lines
}

/// `resolved` lines of at most [`IDS_PER_LINE`] fates each; the note goes with the first.
pub fn resolved_lines(outcomes: Vec<IdFate>, note: String) -> Vec<Body> {
    if outcomes.len() <= IDS_PER_LINE {
        return vec![Body::Resolved { outcomes, note }];
    }
    outcomes
        .chunks(IDS_PER_LINE)
        .enumerate()
        .map(|(i, chunk)| Body::Resolved {
            outcomes: chunk.to_vec(),
            note: if i == 0 { note.clone() } else { String::new() },
        })
        .collect()
}

/// Before-images in runs of at most [`BEFORE_BYTES_PER_LINE`] bytes of JSON.
pub(super) fn chunk_by_size(images: Vec<Value>) -> Vec<Vec<Value>> {
    let mut out: Vec<Vec<Value>> = Vec::new();
    let mut size = 0usize;
    for image in images {
        let n = serde_json::to_vec(&image).map_or(0, |v| v.len()) + 1;
        match out.last_mut() {
            Some(last) if size + n <= BEFORE_BYTES_PER_LINE => {
                last.push(image);
                size += n;
            }
            _ => {
                out.push(vec![image]);
                size = n;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::entry::{Entry, Org};
    use crate::journal::fold::fold_all;
    use crate::zoho::Removal;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever the sizes, every line is bounded and folding gives back the intent whole,
        /// even with the lines of another operation interleaved.
        #[test]
        fn lines_fold_back_into_the_same_intent(
            n in 0usize..25_000,
            sizes in proptest::collection::vec(0usize..300_000, 0..12),
        ) {
            let ids: Vec<String> = (0..n).map(|i| format!("{:019}", i)).collect();
            let removal = Removal::DeleteRecords { module: "Leads".into(), ids: ids.clone(), wf_trigger: false };
            let mut intent = Intent::new("p", Org::default(), removal, ids.clone());
            intent.before = sizes.iter().enumerate()
                .map(|(i, len)| serde_json::json!({"id": i.to_string(), "Notes": "n".repeat(*len)}))
                .collect();
            let want = intent.clone();
            let mut entries = Vec::new();
            for line in intent_lines(intent) {
                let e = Entry::now("big", line);
                // A one-line intent holds at most IDS_PER_LINE ids twice (its own list and its
                // removal's), 22 bytes each in JSON, beside at most one run of before-images.
                prop_assert!(serde_json::to_vec(&e).unwrap().len() <= BEFORE_BYTES_PER_LINE + 2 * IDS_PER_LINE * 22 + 4_096);
                entries.push(e);
                entries.push(Entry::now("other", Body::End { state: crate::journal::entry::EndState::Finished, note: None }));
            }
            let folded = fold_all(entries);
            prop_assert_eq!(folded.len(), 1, "the other operation has no intent");
            prop_assert_eq!(&folded[0].intent.ids, &want.ids);
            prop_assert_eq!(&folded[0].intent.removal, &want.removal);
            prop_assert_eq!(&folded[0].record.before, &want.before);
            prop_assert_eq!(folded[0].record.fates.len(), n);
        }
    }

    #[test]
    fn small_intents_stay_one_line_and_large_ones_are_split_in_order() {
        let ids: Vec<String> = (0..25_001).map(|i| format!("{i:019}")).collect();
        let removal = Removal::DeleteRecords {
            module: "Leads".into(),
            ids: ids.clone(),
            wf_trigger: false,
        };
        let small = Intent::new("p", Org::default(), removal.clone(), ids[..3].to_vec());
        assert_eq!(intent_lines(small).len(), 1);
        let mut big = Intent::new("p", Org::default(), removal, ids.clone());
        big.before = (0..3000)
            .map(|i| serde_json::json!({"id": i.to_string(), "Notes": "x".repeat(1000)}))
            .collect();
        let lines = intent_lines(big);
        let Body::Intent(head) = &lines[0] else {
            panic!()
        };
        assert!(head.ids.is_empty() && head.before.is_empty());
        // The head stays small: its removal carries none of the 25,001 ids either.
        assert!(head.removal.ids().is_empty());
        assert!(serde_json::to_vec(&lines[0]).unwrap().len() < 4_096);
        assert_eq!(head.parts, Some(lines.len() as u32 - 1));
        let mut back = Vec::new();
        let mut images = 0;
        for (i, l) in lines[1..].iter().enumerate() {
            let Body::IntentPart { part, ids, before } = l else {
                panic!()
            };
            assert_eq!(*part as usize, i);
            assert!(serde_json::to_vec(l).unwrap().len() <= 2 * BEFORE_BYTES_PER_LINE);
            back.extend(ids.iter().cloned());
            images += before.len();
        }
        assert_eq!(back, ids);
        assert_eq!(images, 3000);
        let fates = resolved_lines(
            ids.iter()
                .map(|id| IdFate {
                    id: id.clone(),
                    fate: crate::journal::Fate::Unknown,
                })
                .collect(),
            "n".into(),
        );
        assert_eq!(fates.len(), 3);
    }
}
