//! `Table::picked` (one pass, for big selections) says exactly what the separate questions say:
//! the targets in order, the hidden count, the locks among the targets, the distinguishing values.

use std::collections::HashMap;

use proptest::prelude::*;
use zcrm_tui::app::table::{Row, Table};
use zcrm_tui::zoho::LockState;

fn table(spec: &[(u8, bool, bool, bool, u8)], not_loaded: usize, filter: &str) -> Table {
    let mut t = Table::default();
    for (i, &(lock, sel, removing, detail, name)) in spec.iter().enumerate() {
        let id = format!("{}", 1000 + i);
        let mut row = Row::new(
            id.clone(),
            format!("n{}", name % 4),
            if detail {
                format!("d{i}")
            } else {
                String::new()
            },
        );
        row.lock = match lock % 3 {
            0 => None,
            1 => Some(LockState::Locked),
            _ => Some(LockState::AwaitingApproval("pending".into())),
        };
        if sel {
            t.selected.insert(id.clone(), row.name.clone());
        }
        if removing {
            t.removing.insert(id.clone());
        }
        t.rows.push(row);
    }
    for k in 0..not_loaded {
        let id = format!("{}", 9000 + k);
        if k % 3 == 0 {
            t.removing.insert(id.clone());
        }
        t.selected.insert(id, format!("gone {k}"));
    }
    t.filter = filter.to_string();
    t
}

proptest! {
    #[test]
    fn picked_agrees_with_the_separate_answers(
        spec in proptest::collection::vec((0u8..3, any::<bool>(), any::<bool>(), any::<bool>(), 0u8..8), 0..40),
        not_loaded in 0usize..4,
        filter in prop_oneof![Just(""), Just("n1"), Just("n2"), Just("zz")],
        cursor in 0usize..40,
    ) {
        let mut t = table(&spec, not_loaded, filter);
        t.cursor = cursor.min(t.visible().len().saturating_sub(1));
        let p = t.picked();
        let targets = t.targets();
        let listed: Vec<(String, String)> = p
            .targets
            .iter()
            .map(|(id, name, _)| (id.to_string(), name.to_string()))
            .collect();
        prop_assert_eq!(&listed, &targets);
        prop_assert_eq!(p.hidden, t.hidden_selected());
        prop_assert_eq!(
            (p.locked, p.awaiting),
            t.locks_among(targets.iter().map(|(id, _)| id.as_str()))
        );
        let details: HashMap<String, String> = t.details_of(&targets);
        for (id, _, detail) in p.targets.iter() {
            prop_assert_eq!(detail, details.get(id).map(String::as_str).unwrap_or(""));
        }
    }
}
