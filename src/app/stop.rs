//! The stop dialog: `Ctrl-C` or `q` while a removal runs asks before anything is cut short.
//! Focus starts on "Keep going", so a stray Enter changes nothing.

use crate::action::Action;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StopDialog {
    /// Focus on "Stop" (it starts on "Keep going").
    pub focus_stop: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum StopOutcome {
    Open,
    KeepGoing,
    Stop,
}

impl StopDialog {
    pub fn handle(&mut self, action: Action) -> StopOutcome {
        match action {
            Action::Esc | Action::No | Action::Quit => StopOutcome::KeepGoing,
            // A second Ctrl-C means it: stop.
            Action::Yes | Action::ForceQuit => StopOutcome::Stop,
            Action::Enter if self.focus_stop => StopOutcome::Stop,
            Action::Enter => StopOutcome::KeepGoing,
            Action::Left | Action::Right | Action::NextPane | Action::PrevPane => {
                self.focus_stop = !self.focus_stop;
                StopOutcome::Open
            }
            _ => StopOutcome::Open,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_keeps_going_unless_stop_is_focused() {
        assert_eq!(
            StopDialog::default().handle(Action::Enter),
            StopOutcome::KeepGoing
        );
        let mut d = StopDialog::default();
        assert_eq!(d.handle(Action::Right), StopOutcome::Open);
        assert_eq!(d.handle(Action::Enter), StopOutcome::Stop);
        assert_eq!(StopDialog::default().handle(Action::Yes), StopOutcome::Stop);
        assert_eq!(
            StopDialog::default().handle(Action::Char('x')),
            StopOutcome::Open
        );
    }
}
