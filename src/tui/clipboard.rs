//! The clipboard, through the terminal: OSC 52, which terminals and tmux (`set-clipboard on`)
//! honour over SSH too. Written between frames through the same writer, never mid-frame.

use std::io::Write;

use crossterm::clipboard::CopyToClipboard;
use ratatui::backend::{CrosstermBackend, TestBackend};

use super::LeanBackend;

/// Backends that can put text on the clipboard of the terminal their frames go to.
pub trait Clipboard {
    fn copy(&mut self, text: &str) -> std::io::Result<()>;
}

impl<W: Write> Clipboard for LeanBackend<CrosstermBackend<W>> {
    fn copy(&mut self, text: &str) -> std::io::Result<()> {
        crossterm::execute!(
            self.inner_mut(),
            CopyToClipboard::to_clipboard_from(text.as_bytes())
        )
    }
}

/// A test screen has no terminal behind it: flow tests read what would be copied from the
/// app's state (`App::copy`), the pty tests the bytes the binary writes.
impl Clipboard for TestBackend {
    fn copy(&mut self, _: &str) -> std::io::Result<()> {
        Ok(())
    }
}
