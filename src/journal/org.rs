//! Which org an operation belongs to. Undo and resume act on the org an operation ran against and
//! no other: the CLI and the TUI both ask [`same_org`] before anything is planned or sent.

/// `Ok` when an operation journaled against `there` may be acted on over a connection to
/// `here`; otherwise the sentence that says why not (nothing was sent).
pub fn same_org(op_id: &str, profile: &str, there: &str, here: &str) -> Result<(), String> {
    let there = there.trim_end_matches('/');
    let here = here.trim_end_matches('/');
    if there == here && !there.is_empty() {
        return Ok(());
    }
    if profile == "demo" {
        return Err(format!(
            "operation {op_id} ran against a demo sandbox ({there}) that ended with its process; \
             nothing was sent"
        ));
    }
    Err(format!(
        "operation {op_id} ran against {there}, but this connection goes to {here}; nothing was sent"
    ))
}

/// Why `u` / `R` are unavailable for an operation over a connection to `here`, if they are.
pub fn unavailable_reason(profile: &str, there: &str, here: &str) -> Option<&'static str> {
    if there.trim_end_matches('/') == here.trim_end_matches('/') {
        None
    } else if profile == "demo" {
        Some("demo sandbox gone")
    } else {
        Some("another org")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_org_is_refused_in_words() {
        assert!(
            same_org(
                "op",
                "prod",
                "https://www.zohoapis.eu/",
                "https://www.zohoapis.eu"
            )
            .is_ok()
        );
        let why = same_org(
            "op",
            "prod",
            "https://www.zohoapis.eu",
            "http://127.0.0.1:5",
        )
        .unwrap_err();
        assert!(why.contains("ran against https://www.zohoapis.eu"), "{why}");
        assert!(why.contains("nothing was sent"), "{why}");
        let demo = same_org("op", "demo", "http://127.0.0.1:4", "http://127.0.0.1:5").unwrap_err();
        assert!(demo.contains("demo sandbox"), "{demo}");
        assert!(same_org("op", "prod", "", "").is_err());
        assert_eq!(
            unavailable_reason("demo", "a", "b"),
            Some("demo sandbox gone")
        );
        assert_eq!(unavailable_reason("prod", "a", "b"), Some("another org"));
        assert_eq!(unavailable_reason("prod", "a/", "a"), None);
    }
}
