//! What a key means. The mapping depends on the input mode: in a text field `j` is a letter, in
//! a pane it moves down. The mouse is never required: a click or the wheel stands for what the
//! keys do (focus, move, scroll), and never for a confirmation.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Every intent the app understands. `App::update` is the only consumer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    NextPane,
    PrevPane,
    /// Opens the focused row (or submits a form / activates a dialog button).
    Enter,
    /// Goes back, closes a dialog or abandons a load.
    Esc,
    First,
    Last,
    PageUp,
    PageDown,
    ToggleSelect,
    SelectAll,
    Filter,
    /// Step one of a removal: opens the confirm dialog, never removes by itself.
    Remove,
    ExternalForm,
    ToggleWorkflow,
    Reload,
    /// `s`: sort by the next column (the server sorts where Zoho can).
    Sort,
    /// `S`: flip the sort order.
    SortFlip,
    Help,
    /// `v`: the focused record's detail (every field).
    Detail,
    /// `p`: the side panel that follows the cursor (160 columns or more).
    Preview,
    /// `J`: the journal view (every recorded operation).
    Journal,
    /// `B`: the Recycle Bin view.
    RecycleBin,
    /// `u`: undo the operation of the focused log or journal entry (through the confirm dialog).
    Undo,
    /// `R`: finish an interrupted operation (through the confirm dialog).
    Resume,
    /// `x` in the Log: retry an operation's failed ids (through the confirm dialog).
    Retry,
    /// `f` in the Log: failures only, or everything again.
    FailuresOnly,
    /// `y` on a pane: copy the focused record's id (OSC 52).
    Copy,
    /// `Y` on a pane: the copy menu (id, name, the selected ids, the web URL).
    CopyMenu,
    /// `o`: the focused record's web URL in a popup.
    OpenUrl,
    /// `:` in Records: the query line (a COQL where clause or search criteria).
    Query,
    /// `V` in Records: the module's custom views.
    Views,
    /// `A` in Records with a query: select every match, loaded or not (again: clear).
    SelectMatching,
    Quit,
    /// `y` in a dialog.
    Yes,
    /// `n` in a dialog.
    No,
    /// Text typed into a field.
    Char(char),
    Backspace,
    DeleteChar,
    Home,
    End,
    /// Ctrl-C: quit from anywhere; during a removal, first ask whether to stop it.
    ForceQuit,
    /// A left click at a cell: focuses and moves, never confirms (see `app::mouse`).
    Click {
        x: u16,
        y: u16,
    },
    /// The wheel at a cell: scrolls what is under it.
    Wheel {
        x: u16,
        y: u16,
        down: bool,
    },
    /// Text pasted in one piece (bracketed paste): ids for Records, or text for a field.
    Paste(String),
}

impl Action {
    /// What the action does to a text field being typed into, if anything.
    pub fn edit(&self) -> Option<tui_input::InputRequest> {
        use tui_input::InputRequest as R;
        Some(match self {
            Action::Char(c) => R::InsertChar(*c),
            Action::Backspace => R::DeletePrevChar,
            Action::DeleteChar => R::DeleteNextChar,
            Action::Left => R::GoToPrevChar,
            Action::Right => R::GoToNextChar,
            Action::Home => R::GoToStart,
            Action::End => R::GoToEnd,
            _ => return None,
        })
    }
}

/// Where keys go right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Browsing panes.
    Normal,
    /// Typing into a text field (filter, form, typed count).
    Text,
    /// A dialog with buttons (confirm, help).
    Dialog,
}

/// What a mouse event stands for: left clicks and the wheel; the rest is ignored.
pub fn from_mouse(ev: crossterm::event::MouseEvent) -> Option<Action> {
    use crossterm::event::{MouseButton, MouseEventKind as K};
    let (x, y) = (ev.column, ev.row);
    match ev.kind {
        K::Down(MouseButton::Left) => Some(Action::Click { x, y }),
        K::ScrollDown => Some(Action::Wheel { x, y, down: true }),
        K::ScrollUp => Some(Action::Wheel { x, y, down: false }),
        _ => None,
    }
}

/// The action a key press stands for in `mode`, if any.
pub fn from_key(key: KeyEvent, mode: Mode) -> Option<Action> {
    use Action as A;
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c') => Some(A::ForceQuit),
            KeyCode::Char('u') if mode == Mode::Normal => Some(A::PageUp),
            KeyCode::Char('d') if mode == Mode::Normal => Some(A::PageDown),
            _ => None,
        };
    }
    let common = match key.code {
        KeyCode::Up => Some(A::Up),
        KeyCode::Down => Some(A::Down),
        KeyCode::Tab => Some(A::NextPane),
        KeyCode::BackTab => Some(A::PrevPane),
        KeyCode::Enter => Some(A::Enter),
        KeyCode::Esc => Some(A::Esc),
        KeyCode::PageUp => Some(A::PageUp),
        KeyCode::PageDown => Some(A::PageDown),
        _ => None,
    };
    if common.is_some() {
        return common;
    }
    match mode {
        Mode::Text => match key.code {
            KeyCode::Char(c) => Some(A::Char(c)),
            KeyCode::Backspace => Some(A::Backspace),
            KeyCode::Delete => Some(A::DeleteChar),
            KeyCode::Left => Some(A::Left),
            KeyCode::Right => Some(A::Right),
            KeyCode::Home => Some(A::Home),
            KeyCode::End => Some(A::End),
            _ => None,
        },
        Mode::Normal | Mode::Dialog => match key.code {
            KeyCode::Left | KeyCode::Char('h') => Some(A::Left),
            KeyCode::Right | KeyCode::Char('l') => Some(A::Right),
            KeyCode::Char('k') => Some(A::Up),
            KeyCode::Char('j') => Some(A::Down),
            KeyCode::Home | KeyCode::Char('g') => Some(A::First),
            KeyCode::End | KeyCode::Char('G') => Some(A::Last),
            KeyCode::Char(' ') => Some(A::ToggleSelect),
            KeyCode::Char('a') => Some(A::SelectAll),
            KeyCode::Char('/') => Some(A::Filter),
            KeyCode::Char('d') | KeyCode::Delete => Some(A::Remove),
            KeyCode::Char('e') => Some(A::ExternalForm),
            KeyCode::Char('w') => Some(A::ToggleWorkflow),
            KeyCode::Char('r') => Some(A::Reload),
            KeyCode::Char('s') if mode == Mode::Normal => Some(A::Sort),
            KeyCode::Char('S') if mode == Mode::Normal => Some(A::SortFlip),
            KeyCode::Char('?') => Some(A::Help),
            KeyCode::Char('J') => Some(A::Journal),
            KeyCode::Char('B') if mode == Mode::Normal => Some(A::RecycleBin),
            KeyCode::Char('v') => Some(A::Detail),
            KeyCode::Char('p') if mode == Mode::Normal => Some(A::Preview),
            KeyCode::Char('u') => Some(A::Undo),
            KeyCode::Char('R') => Some(A::Resume),
            KeyCode::Char('x') => Some(A::Retry),
            KeyCode::Char('f') => Some(A::FailuresOnly),
            KeyCode::Char('q') => Some(A::Quit),
            KeyCode::Char('y') if mode == Mode::Normal => Some(A::Copy),
            KeyCode::Char('Y') if mode == Mode::Normal => Some(A::CopyMenu),
            KeyCode::Char('o') if mode == Mode::Normal => Some(A::OpenUrl),
            KeyCode::Char(':') if mode == Mode::Normal => Some(A::Query),
            KeyCode::Char('V') if mode == Mode::Normal => Some(A::Views),
            KeyCode::Char('A') if mode == Mode::Normal => Some(A::SelectMatching),
            KeyCode::Char('y') | KeyCode::Char('Y') => Some(A::Yes),
            KeyCode::Char('n') | KeyCode::Char('N') => Some(A::No),
            KeyCode::Char(c) if mode == Mode::Dialog => Some(A::Char(c)),
            KeyCode::Backspace if mode == Mode::Dialog => Some(A::Backspace),
            _ => None,
        },
    }
}

/// One line of the help: the keys, what they do, and the action `Enter` runs from the help
/// (none for keys that only make sense pressed, such as moving the cursor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyHelp {
    pub keys: &'static str,
    pub what: &'static str,
    pub run: Option<Action>,
}

const fn k(keys: &'static str, what: &'static str, run: Option<Action>) -> KeyHelp {
    KeyHelp { keys, what, run }
}

/// The key table shown by the help overlay (and in the README). `?` filters it as you type and
/// `Enter` runs the chosen line's action, so every action can be found without its key.
pub const KEY_TABLE: &[KeyHelp] = &[
    k("↑ ↓ / k j", "move the cursor", None),
    k("← → / h l", "previous / next pane", None),
    k(
        "Tab / Shift-Tab",
        "next / previous pane (Log included)",
        None,
    ),
    k("Enter", "open the row; log: expand, or an id whole", None),
    k("Esc", "back, close, clear the filter, abandon a load", None),
    k(
        "g G / Home End",
        "first / last row (G loads the rest first)",
        None,
    ),
    k("PgUp PgDn / ^u ^d", "one visible page up / down", None),
    k(
        "Space",
        "select the focused row (and move down)",
        Some(Action::ToggleSelect),
    ),
    k(
        "a",
        "select all loaded rows (again: none)",
        Some(Action::SelectAll),
    ),
    k(
        "/",
        "filter the pane (records: server search)",
        Some(Action::Filter),
    ),
    k(
        ":",
        "records: query line (COQL where / criteria)",
        Some(Action::Query),
    ),
    k(
        "V",
        "records: the module's custom views",
        Some(Action::Views),
    ),
    k(
        "A",
        "select every match of the query (again: none)",
        Some(Action::SelectMatching),
    ),
    k(
        "d / Delete",
        "remove the selection (or the focused row)",
        Some(Action::Remove),
    ),
    k(
        "e",
        "delink by external ID (form)",
        Some(Action::ExternalForm),
    ),
    k(
        "w",
        "toggle workflow triggers for deletes",
        Some(Action::ToggleWorkflow),
    ),
    k(
        "r",
        "reload the focused pane; error popup: retry",
        Some(Action::Reload),
    ),
    k("s", "sort by the next column", Some(Action::Sort)),
    k("S", "flip the sort order", Some(Action::SortFlip)),
    k(
        "v",
        "record detail: every field (/ finds one)",
        Some(Action::Detail),
    ),
    k(
        "p",
        "side panel of the focused record (160+ columns)",
        Some(Action::Preview),
    ),
    k("y", "copy the focused record's id", Some(Action::Copy)),
    k(
        "Y",
        "copy menu: id, name, the selection, the web URL",
        Some(Action::CopyMenu),
    ),
    k(
        "o",
        "the record's Zoho web URL, to copy",
        Some(Action::OpenUrl),
    ),
    k(
        "J",
        "journal of every operation (Enter: its ids)",
        Some(Action::Journal),
    ),
    k(
        "B",
        "recycle bin: who deleted what; u restores",
        Some(Action::RecycleBin),
    ),
    k("u", "undo the log or journal entry", Some(Action::Undo)),
    k(
        "R",
        "resume the interrupted log or journal entry",
        Some(Action::Resume),
    ),
    k("x", "log: retry the failed ids", Some(Action::Retry)),
    k(
        "f",
        "log: failures only / everything",
        Some(Action::FailuresOnly),
    ),
    k("?", "this help: type to find, Enter runs", None),
    k(
        "q / Ctrl-C",
        "quit; while removing: ask to stop",
        Some(Action::Quit),
    ),
    k("dialog: y / n", "confirm (<= 10 items) / cancel", None),
    k(
        "dialog: ← → / Tab",
        "Cancel or the action; Enter presses what is lit",
        None,
    ),
    k("dialog: digits", "type the count (> 10 items), Enter", None),
    k(
        "dialog: P",
        "write a plan instead (only a record delete's dialog)",
        None,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn letters_are_text_in_fields_and_commands_in_panes() {
        let j = key(KeyCode::Char('j'));
        assert_eq!(from_key(j, Mode::Normal), Some(Action::Down));
        assert_eq!(from_key(j, Mode::Text), Some(Action::Char('j')));
        let d = key(KeyCode::Char('d'));
        assert_eq!(from_key(d, Mode::Text), Some(Action::Char('d')));
        assert_eq!(from_key(d, Mode::Normal), Some(Action::Remove));
    }

    #[test]
    fn ctrl_c_always_quits() {
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for m in [Mode::Normal, Mode::Text, Mode::Dialog] {
            assert_eq!(from_key(k, m), Some(Action::ForceQuit));
        }
    }
}
