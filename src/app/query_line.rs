//! The query line (`:`): what is typed, and this session's history on `↑↓`.

use tui_input::Input;

use crate::action::Action;

/// The line being typed, and where `↑↓` are in the history.
#[derive(Clone, Debug, Default)]
pub struct QueryLine {
    pub input: Input,
    /// The history entry shown (`None`: what is being typed).
    browsing: Option<usize>,
    /// What was being typed before `↑` went into the history.
    draft: String,
}

/// What a key did to the query line.
#[derive(Debug, PartialEq, Eq)]
pub enum LineOutcome {
    Open,
    Closed,
    Run(String),
}

impl QueryLine {
    pub fn new(text: &str) -> Self {
        Self {
            input: Input::new(text.to_string()),
            ..Self::default()
        }
    }

    pub fn handle(&mut self, action: Action, history: &[String]) -> LineOutcome {
        match action {
            Action::Esc => return LineOutcome::Closed,
            Action::Enter => return LineOutcome::Run(self.input.value().trim().to_string()),
            Action::Up => {
                let at = match self.browsing {
                    None => {
                        self.draft = self.input.value().to_string();
                        history.len().checked_sub(1)
                    }
                    Some(i) => Some(i.saturating_sub(1)),
                };
                if let Some(i) = at {
                    self.browsing = Some(i);
                    self.input = Input::new(history[i].clone());
                }
            }
            Action::Down => match self.browsing {
                Some(i) if i + 1 < history.len() => {
                    self.browsing = Some(i + 1);
                    self.input = Input::new(history[i + 1].clone());
                }
                Some(_) => {
                    self.browsing = None;
                    self.input = Input::new(std::mem::take(&mut self.draft));
                }
                None => {}
            },
            other => {
                if let Some(req) = other.edit() {
                    self.input.handle(req);
                }
            }
        }
        LineOutcome::Open
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(line: &mut QueryLine, text: &str, history: &[String]) {
        for c in text.chars() {
            line.handle(Action::Char(c), history);
        }
    }

    #[test]
    fn up_and_down_walk_the_history_and_come_back_to_the_draft() {
        let history = vec!["a = 1".to_string(), "b = 2".to_string()];
        let mut line = QueryLine::default();
        typed(&mut line, "c", &history);
        line.handle(Action::Up, &history);
        assert_eq!(line.input.value(), "b = 2");
        line.handle(Action::Up, &history);
        line.handle(Action::Up, &history);
        assert_eq!(line.input.value(), "a = 1", "the oldest stays");
        line.handle(Action::Down, &history);
        assert_eq!(line.input.value(), "b = 2");
        line.handle(Action::Down, &history);
        assert_eq!(line.input.value(), "c", "past the newest: the draft");
        assert_eq!(
            line.handle(Action::Enter, &history),
            LineOutcome::Run("c".into())
        );
        assert_eq!(line.handle(Action::Esc, &history), LineOutcome::Closed);
    }
}
