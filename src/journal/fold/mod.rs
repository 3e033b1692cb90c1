//! Reading an operation back: its lines folded into one fate per id.

use std::collections::{HashMap, HashSet};

use super::entry::{Body, EndState, Entry, Fate, Intent};
use super::{OpState, OperationRecord, OperationSummary};

/// Everything the journal knows about one operation.
#[derive(Clone, Debug)]
pub struct Folded {
    /// The intent without its before-images: they are in `record.before`, held once (at 50,000
    /// records they are most of what an operation weighs).
    pub intent: Intent,
    pub record: OperationRecord,
    /// "call 2, attempt 1: HTTP 500 INTERNAL_ERROR", in the order written.
    pub retries: Vec<String>,
    /// Notes of the end and of resolutions, in the order written.
    pub notes: Vec<String>,
}

#[derive(Default)]
struct Acc {
    intent: Option<(String, Intent)>,
    /// `intent_part` lines of a large intent, by part number.
    parts: HashMap<u32, (Vec<String>, Vec<serde_json::Value>)>,
    /// `before` lines: images read during the run, ids that could not be read, and notes.
    streamed: Streamed,
    sent: HashSet<String>,
    answered: HashMap<String, Fate>,
    resolved: HashMap<String, Fate>,
    end: Option<EndState>,
    retries: Vec<String>,
    notes: Vec<String>,
    /// Set from the intent by the fold's [`Images`].
    keep: Keep,
}

/// Which before-images a fold keeps: at 50,000 records they are most of what an operation
/// weighs, and most readers need none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Images {
    /// Every one (`show`, `export`, the TUI's detail).
    All,
    /// What an undo or a resume uses: a delink's (what the relink sends back) and contact
    /// roles' (the proof they existed); not a record delete's (the recycle bin restores the
    /// records, and a resume reads them again).
    ForRuns,
    /// What a dialog that names the ids needs (the TUI's undo and resume): [`Images::ForRuns`],
    /// and of a record delete's images only each record's id and name fields.
    Names,
    /// None (listing summaries).
    None,
}

/// What is kept of each image of an operation.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
enum Keep {
    #[default]
    Whole,
    Names,
    Nothing,
}

impl Keep {
    fn of(images: Images, removal: &crate::zoho::Removal) -> Keep {
        let records = matches!(removal, crate::zoho::Removal::DeleteRecords { .. });
        match images {
            Images::All => Keep::Whole,
            Images::ForRuns if records => Keep::Nothing,
            Images::Names if records => Keep::Names,
            Images::ForRuns | Images::Names => Keep::Whole,
            Images::None => Keep::Nothing,
        }
    }

    fn apply(self, before: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
        match self {
            Keep::Whole => before,
            Keep::Nothing => Vec::new(),
            Keep::Names => before.into_iter().map(names_only).collect(),
        }
    }
}

/// A record's image reduced to its id and the fields its name is made of.
fn names_only(image: serde_json::Value) -> serde_json::Value {
    let serde_json::Value::Object(mut fields) = image else {
        return serde_json::Value::Null;
    };
    let keep = ["id"].iter().chain(crate::zoho::NAME_FIELDS.iter());
    let slim: serde_json::Map<String, serde_json::Value> =
        keep.filter_map(|k| fields.remove_entry(*k)).collect();
    serde_json::Value::Object(slim)
}

/// Folds every operation found in `entries` (lines of other operations interleave freely).
pub fn fold_all(entries: Vec<Entry>) -> Vec<Folded> {
    let mut f = Folder::new(Images::All);
    entries.into_iter().for_each(|e| f.push(e));
    f.finish()
}

/// Folds lines one at a time, as they are read, keeping only the images asked for.
pub struct Folder {
    images: Images,
    order: Vec<String>,
    accs: HashMap<String, Acc>,
}

impl Folder {
    pub fn new(images: Images) -> Folder {
        Folder {
            images,
            order: Vec::new(),
            accs: HashMap::new(),
        }
    }

    pub fn push(&mut self, e: Entry) {
        let order = &mut self.order;
        let acc = self.accs.entry(e.op.clone()).or_insert_with(|| {
            order.push(e.op.clone());
            Acc::default()
        });
        match e.body {
            Body::Intent(mut i) => {
                // A second intent under the same id would be a bug; the first one stands.
                if acc.intent.is_none() {
                    acc.keep = Keep::of(self.images, &i.removal);
                    i.before = acc.keep.apply(std::mem::take(&mut i.before));
                    acc.intent = Some((e.at, *i));
                }
            }
            Body::IntentPart {
                part,
                ids,
                mut before,
            } => {
                before = acc.keep.apply(before);
                acc.parts.entry(part).or_insert((ids, before));
            }
            Body::Before {
                before,
                missing,
                note,
            } => {
                acc.streamed.add(acc.keep.apply(before), missing, note);
            }
            Body::Sending { ids, .. } => acc.sent.extend(ids),
            Body::Retrying {
                call,
                attempt,
                reason,
            } => acc
                .retries
                .push(format!("call {}, attempt {attempt}: {reason}", call + 1)),
            Body::Answered { outcomes, .. } => {
                for o in outcomes {
                    acc.answered.insert(o.id, o.fate);
                }
            }
            Body::Resolved { outcomes, note } => {
                for o in outcomes {
                    acc.resolved.insert(o.id, o.fate);
                }
                // The later lines of a long resolution carry no note of their own.
                if !note.is_empty() {
                    acc.notes.push(note);
                }
            }
            Body::End { state, note } => {
                acc.end = Some(state);
                if let Some(n) = note {
                    acc.notes.push(n);
                }
            }
        }
    }

    /// The operations with an intent, in the order their first lines came.
    pub fn finish(mut self) -> Vec<Folded> {
        self.order
            .into_iter()
            .filter_map(|op| {
                let acc = self.accs.remove(&op)?;
                finish(op, acc)
            })
            .collect()
    }
}

/// A large intent's ids and before-images, from its parts in order. Whether every part was
/// found: the run writes them all before it sends anything.
fn reassemble(
    intent: &mut Intent,
    parts: &mut HashMap<u32, (Vec<String>, Vec<serde_json::Value>)>,
) -> bool {
    let Some(n) = intent.parts else {
        return true;
    };
    // Heads written since their removal's ids moved to the parts carry none (older heads
    // carry them all and are left as they are).
    let restore_ids = intent.removal.ids().is_empty();
    let mut whole = true;
    for i in 0..n {
        match parts.remove(&i) {
            Some((ids, before)) => {
                intent.ids.extend(ids);
                intent.before.extend(before);
            }
            None => whole = false,
        }
    }
    if restore_ids {
        intent.removal = intent.removal.with_ids(intent.ids.clone());
    }
    whole
}

/// What the `before` lines of a run added to its intent's before-images.
#[derive(Default)]
struct Streamed {
    images: Vec<serde_json::Value>,
    missing: usize,
    notes: Vec<String>,
    lines: usize,
}

impl Streamed {
    fn add(&mut self, images: Vec<serde_json::Value>, missing: usize, note: Option<String>) {
        self.images.extend(images);
        self.missing += missing;
        self.lines += 1;
        if let Some(n) = note
            && !self.notes.contains(&n)
        {
            self.notes.push(n);
        }
    }

    /// The images in the order of the intent's ids (lines come in the order calls finished
    /// reading), and one note for the whole run.
    fn into_intent(self, intent: &mut Intent) {
        if self.lines == 0 {
            return;
        }
        intent.before.extend(self.images);
        let at: HashMap<&str, usize> = intent
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let key = |v: &serde_json::Value| {
            v.get("id")
                .and_then(serde_json::Value::as_str)
                .and_then(|id| at.get(id).copied())
                .unwrap_or(usize::MAX)
        };
        let mut keyed: Vec<(usize, serde_json::Value)> = std::mem::take(&mut intent.before)
            .into_iter()
            .map(|v| (key(&v), v))
            .collect();
        keyed.sort_by_key(|(k, _)| *k);
        intent.before = keyed.into_iter().map(|(_, v)| v).collect();
        let mut notes: Vec<String> = intent.before_note.take().into_iter().collect();
        notes.extend(self.notes);
        if self.missing > 0 {
            notes.push(format!(
                "{} of the ids could not be read (already deleted, never existed, or hidden)",
                self.missing
            ));
        }
        intent.before_note = (!notes.is_empty()).then(|| notes.join("; "));
    }
}

fn finish(op: String, mut acc: Acc) -> Option<Folded> {
    let (time, mut intent) = acc.intent.take()?;
    let whole = reassemble(&mut intent, &mut acc.parts);
    acc.streamed.into_intent(&mut intent);
    let state = match acc.end {
        None => OpState::Running,
        Some(EndState::Finished) => OpState::Finished,
        Some(EndState::Stopped) => OpState::Stopped,
    };
    let unsent = match state {
        _ if !whole => "not sent: the intent was not written whole, so the run sent nothing",
        OpState::Running => "not sent: the run ended (or has not yet reached this call)",
        OpState::Stopped => "not sent: the run was stopped before this call",
        OpState::Finished => "not sent",
    };
    let fates: Vec<(String, Fate)> = intent
        .ids
        .iter()
        .map(|id| {
            let fate = acc
                .resolved
                .remove(id)
                .or_else(|| acc.answered.remove(id))
                .unwrap_or_else(|| {
                    if acc.sent.contains(id) {
                        Fate::Unknown
                    } else {
                        Fate::NotAttempted {
                            reason: unsent.to_string(),
                        }
                    }
                });
            (id.clone(), fate)
        })
        .collect();
    let count = |name: &str| fates.iter().filter(|(_, f)| f.name() == name).count();
    let summary = OperationSummary {
        id: op,
        time,
        profile: intent.profile.clone(),
        api_domain: intent.org.api_domain.clone(),
        removal: intent.removal.clone(),
        undo_of: intent.undo_of.clone(),
        total: fates.len(),
        removed: count("removed"),
        failed: count("failed"),
        not_attempted: count("not_attempted"),
        unknown: count("unknown"),
        state,
        plan: intent.selection.as_ref().and_then(|s| s.plan.clone()),
    };
    Some(Folded {
        record: OperationRecord {
            summary,
            before: std::mem::take(&mut intent.before),
            fates,
        },
        intent,
        retries: acc.retries,
        notes: acc.notes,
    })
}

#[cfg(test)]
mod tests;
