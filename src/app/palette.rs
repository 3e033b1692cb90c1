//! `?`: the keys, searchable. Typing narrows the list, `Enter` runs the chosen line's action as if
//! its key had been pressed (lazygit's menu), so every action can be found without its key.

use tui_input::Input;

use crate::action::{Action, KEY_TABLE, KeyHelp};

#[derive(Clone, Debug, Default)]
pub struct Palette {
    pub input: Input,
    /// Index into [`Palette::matches`].
    pub cursor: usize,
}

/// What a key did to the palette.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaletteOutcome {
    Open,
    Closed,
    /// Close it and run this, as its key would.
    Run(Action),
    /// The chosen line is a key to press, not an action to run: say so, stay open.
    NotRunnable(&'static str),
}

impl Palette {
    /// The lines whose keys or words contain every word typed (any case).
    pub fn matches(&self) -> Vec<&'static KeyHelp> {
        let words: Vec<String> = self
            .input
            .value()
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        KEY_TABLE
            .iter()
            .filter(|h| {
                let hay = format!("{} {}", h.keys, h.what).to_lowercase();
                words.iter().all(|w| hay.contains(w.as_str()))
            })
            .collect()
    }

    pub fn handle(&mut self, action: Action) -> PaletteOutcome {
        let n = self.matches().len();
        let last = n.saturating_sub(1);
        match action {
            Action::Esc if !self.input.value().is_empty() => {
                self.input = Input::default();
                self.cursor = 0;
            }
            Action::Esc | Action::ForceQuit => return PaletteOutcome::Closed,
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(10),
            Action::PageDown => self.cursor = (self.cursor + 10).min(last),
            Action::Enter => {
                return match self.matches().get(self.cursor) {
                    Some(KeyHelp { run: Some(a), .. }) => PaletteOutcome::Run(a.clone()),
                    Some(h) => PaletteOutcome::NotRunnable(h.keys),
                    None => PaletteOutcome::Open,
                };
            }
            other => {
                if let Some(req) = other.edit() {
                    let before = self.input.value().to_string();
                    self.input.handle(req);
                    if self.input.value() != before {
                        self.cursor = 0;
                    }
                }
            }
        }
        self.cursor = self.cursor.min(self.matches().len().saturating_sub(1));
        PaletteOutcome::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(p: &mut Palette, s: &str) {
        for c in s.chars() {
            p.handle(Action::Char(c));
        }
    }

    #[test]
    fn typing_narrows_and_enter_runs_the_chosen_action() {
        let mut p = Palette::default();
        assert_eq!(p.matches().len(), KEY_TABLE.len());
        typed(&mut p, "JOURNAL");
        assert!(p.matches().iter().all(|h| h.what.contains("journal")));
        assert_eq!(
            p.handle(Action::Enter),
            PaletteOutcome::Run(Action::Journal)
        );
        let mut p = Palette::default();
        typed(&mut p, "sort");
        assert_eq!(p.matches().len(), 2);
        p.handle(Action::Down);
        assert_eq!(
            p.handle(Action::Enter),
            PaletteOutcome::Run(Action::SortFlip)
        );
    }

    #[test]
    fn a_key_that_is_not_an_action_stays_open_and_esc_clears_then_closes() {
        let mut p = Palette::default();
        typed(&mut p, "move the cursor");
        assert_eq!(
            p.handle(Action::Enter),
            PaletteOutcome::NotRunnable("↑ ↓ / k j")
        );
        typed(&mut p, "zzz");
        assert!(p.matches().is_empty());
        assert_eq!(p.handle(Action::Enter), PaletteOutcome::Open);
        assert_eq!(p.handle(Action::Esc), PaletteOutcome::Open);
        assert_eq!(p.matches().len(), KEY_TABLE.len());
        assert_eq!(p.handle(Action::Esc), PaletteOutcome::Closed);
    }
}
