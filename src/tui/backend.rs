//! The production backend: a frame leaves in one `write`, bracketed by synchronized-update
//! marks, and a frame that changes nothing writes nothing.

use std::io::{Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

use super::ScreenText;

/// The production backend: a frame leaves in one `write` (stdout's own 1 KiB line buffer would
/// cut a full frame into a dozen writes, each its own packet over SSH), bracketed by
/// synchronized-update marks, and a frame that changes nothing writes nothing.
pub type TerminalBackend = LeanBackend<CrosstermBackend<FrameWriter>>;

/// Holds a frame's bytes until the frame ends, then writes them at once. ratatui's crossterm
/// backend flushes on every cursor command, mid-frame; while a frame is open (`holding`) those
/// flushes wait for its end. Dropped with bytes pending (a panic mid-frame, or the cursor shown
/// as the terminal is dropped), it discards them: half a frame must not land on the admin's
/// shell after the terminal was restored.
pub struct FrameWriter<W: Write = Stdout> {
    buf: Vec<u8>,
    /// Set by the `LeanBackend` around each frame.
    holding: Arc<AtomicBool>,
    out: W,
}

impl FrameWriter {
    pub fn new() -> Self {
        Self::to(std::io::stdout())
    }
}

impl Default for FrameWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl<W: Write> FrameWriter<W> {
    pub fn to(out: W) -> Self {
        Self {
            buf: Vec::with_capacity(1 << 16),
            holding: Arc::new(AtomicBool::new(false)),
            out,
        }
    }

    /// The switch that makes `flush` wait for the end of the frame.
    pub fn hold_switch(&self) -> Arc<AtomicBool> {
        self.holding.clone()
    }

    /// Where the frames went.
    pub fn get_ref(&self) -> &W {
        &self.out
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.holding.load(Ordering::Relaxed) && !self.buf.is_empty() {
            self.out.write_all(&self.buf)?;
            self.out.flush()?;
            self.buf.clear();
        }
        Ok(())
    }
}

/// Backends that can mark the start and end of a frame for the terminal.
pub trait SyncMarks: Backend {
    fn begin_frame(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
    fn end_frame(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl SyncMarks for TestBackend {}

/// Synchronized updates (mode 2026): tmux, kitty, wezterm, iTerm2... show the frame whole, never
/// half drawn; terminals without it ignore the marks.
impl<W: Write> SyncMarks for CrosstermBackend<W> {
    fn begin_frame(&mut self) -> std::io::Result<()> {
        crossterm::queue!(self, crossterm::terminal::BeginSynchronizedUpdate)
    }
    fn end_frame(&mut self) -> std::io::Result<()> {
        crossterm::queue!(self, crossterm::terminal::EndSynchronizedUpdate)
    }
}

/// A backend that writes only what a frame changes: ratatui re-sends "hide cursor" and resets
/// the colours on every frame even when no cell changed; this drops those, so an unchanged frame
/// costs zero bytes, and wraps every frame that does write in synchronized-update marks.
pub struct LeanBackend<B: SyncMarks> {
    inner: B,
    /// Cursor visibility as last sent; `None` until first sent.
    cursor_shown: Option<bool>,
    /// Cursor position as last sent; forgotten once cells are drawn (drawing moves it).
    cursor_at: Option<Position>,
    /// Whether this frame's begin mark was sent.
    in_frame: bool,
    /// Held while a frame is open, so that it leaves in one write (see `FrameWriter`).
    hold: Option<Arc<AtomicBool>>,
}

impl<B: SyncMarks> LeanBackend<B> {
    pub fn new(inner: B) -> Self {
        Self {
            inner,
            cursor_shown: None,
            cursor_at: None,
            in_frame: false,
            hold: None,
        }
    }

    /// Holds `switch` on from a frame's first byte to its end.
    pub fn holding(mut self, switch: Arc<AtomicBool>) -> Self {
        self.hold = Some(switch);
        self
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    /// For bytes that are not a frame (the clipboard), sent between frames.
    pub fn inner_mut(&mut self) -> &mut B {
        &mut self.inner
    }

    fn begin(&mut self) -> Result<(), B::Error> {
        if !self.in_frame {
            if let Some(h) = &self.hold {
                h.store(true, Ordering::Relaxed);
            }
            self.inner.begin_frame()?;
            self.in_frame = true;
        }
        Ok(())
    }
}

impl<B: SyncMarks> Backend for LeanBackend<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        self.begin()?;
        self.cursor_at = None;
        self.inner.draw(content)
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.begin()?;
        self.cursor_at = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        if self.cursor_shown == Some(false) {
            return Ok(());
        }
        self.begin()?;
        self.inner.hide_cursor()?;
        self.cursor_shown = Some(false);
        Ok(())
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        if self.cursor_shown == Some(true) {
            return Ok(());
        }
        self.begin()?;
        self.inner.show_cursor()?;
        self.cursor_shown = Some(true);
        Ok(())
    }

    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        let p = position.into();
        if self.cursor_at == Some(p) {
            return Ok(());
        }
        self.begin()?;
        self.inner.set_cursor_position(p)?;
        self.cursor_at = Some(p);
        Ok(())
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.begin()?;
        self.cursor_at = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.begin()?;
        self.cursor_at = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }

    /// The end of a frame: closes the synchronized update, then lets the bytes go.
    fn flush(&mut self) -> Result<(), Self::Error> {
        if self.in_frame {
            self.inner.end_frame()?;
            self.in_frame = false;
            if let Some(h) = &self.hold {
                h.store(false, Ordering::Relaxed);
            }
        }
        self.inner.flush()
    }
}

impl<B: SyncMarks + ScreenText> ScreenText for LeanBackend<B> {
    fn screen_text(&self) -> String {
        self.inner.screen_text()
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::text::Line;
    use ratatui::widgets::Paragraph;
    use ratatui::{Terminal, TerminalOptions};

    use super::*;

    /// Counts the write calls that reach the terminal, keeping their bytes (shared, so the
    /// test can read them while the terminal owns the writer).
    #[derive(Clone, Default)]
    struct Tty(Arc<std::sync::Mutex<(Vec<u8>, usize)>>);

    impl Tty {
        fn bytes(&self) -> Vec<u8> {
            self.0.lock().expect("tty").0.clone()
        }
        fn writes(&self) -> usize {
            self.0.lock().expect("tty").1
        }
    }

    impl Write for Tty {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            let mut g = self.0.lock().expect("tty");
            g.0.extend_from_slice(b);
            g.1 += 1;
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    type Lean = LeanBackend<CrosstermBackend<FrameWriter<Tty>>>;

    fn terminal() -> (Terminal<Lean>, Tty) {
        let tty = Tty::default();
        let writer = FrameWriter::to(tty.clone());
        let hold = writer.hold_switch();
        let backend = LeanBackend::new(CrosstermBackend::new(writer)).holding(hold);
        // A fixed viewport: the tests have no real terminal to ask for its size.
        let t = Terminal::with_options(
            backend,
            TerminalOptions {
                viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 20, 3)),
            },
        )
        .expect("terminal");
        (t, tty)
    }

    fn sent(tty: &Tty) -> (usize, usize) {
        (tty.bytes().len(), tty.writes())
    }

    fn show(t: &mut Terminal<Lean>, text: &str, cursor: Option<(u16, u16)>) {
        t.draw(|f| {
            f.render_widget(Paragraph::new(Line::from(text.to_string())), f.area());
            if let Some(c) = cursor {
                f.set_cursor_position(c);
            }
        })
        .expect("draw");
    }

    fn text(tty: &Tty, from: usize) -> String {
        String::from_utf8_lossy(&tty.bytes()[from..]).into_owned()
    }

    #[test]
    fn an_unchanged_frame_writes_nothing() {
        let (mut t, tty) = terminal();
        show(&mut t, "hello", None);
        let (bytes, writes) = sent(&tty);
        assert!(bytes > 0);
        assert_eq!(writes, 1, "the first frame leaves in one write");
        show(&mut t, "hello", None);
        assert_eq!(
            sent(&tty),
            (bytes, writes),
            "same cells, same hidden cursor"
        );
    }

    #[test]
    fn a_changed_frame_is_one_synchronized_write_with_only_its_cells() {
        let (mut t, tty) = terminal();
        show(&mut t, "hello", None);
        let (from, writes) = sent(&tty);
        show(&mut t, "hellO", None);
        let frame = text(&tty, from);
        assert_eq!(sent(&tty).1, writes + 1);
        assert!(frame.starts_with("\x1b[?2026h"), "{frame:?}");
        assert!(frame.ends_with("\x1b[?2026l"), "{frame:?}");
        assert!(frame.contains('O') && !frame.contains("hell"), "{frame:?}");
        assert!(
            !frame.contains("\x1b[?25l"),
            "the cursor was hidden already"
        );
    }

    #[test]
    fn a_shown_cursor_is_put_back_after_cells_are_drawn() {
        let (mut t, tty) = terminal();
        show(&mut t, "ab", Some((1, 0)));
        let (from, _) = sent(&tty);
        show(&mut t, "ab", Some((1, 0)));
        assert_eq!(sent(&tty).0, from, "cursor where it was: nothing to send");
        show(&mut t, "abc", Some((1, 0)));
        let frame = text(&tty, from);
        // Drawing "c" moved the terminal's cursor: it must be moved back (row 1, column 2).
        assert!(frame.ends_with("\x1b[1;2H\x1b[?2026l"), "{frame:?}");
    }

    #[test]
    fn a_half_frame_is_never_written() {
        let tty = Tty::default();
        let mut w = FrameWriter::to(tty.clone());
        let hold = w.hold_switch();
        hold.store(true, Ordering::Relaxed);
        w.write_all(b"one frame").expect("write");
        w.flush().expect("flush");
        assert!(tty.bytes().is_empty(), "held until the frame ends");
        hold.store(false, Ordering::Relaxed);
        w.flush().expect("flush");
        assert_eq!(tty.bytes(), b"one frame");
        // Dropped mid-frame (a panic while drawing): the pending bytes go nowhere.
        hold.store(true, Ordering::Relaxed);
        w.write_all(b"half a fr").expect("write");
        w.flush().expect("flush");
        drop(w);
        assert_eq!(tty.bytes(), b"one frame");
    }
}
