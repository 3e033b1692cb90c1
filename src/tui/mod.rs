//! Terminal setup, restore, and the event loop (slumber's shape: one biased `select!`, draw only
//! when something changed and the queue is drained, no fixed tick). `runner`: the app and the
//! API task on any backend; `backend`: the production backend (one write per frame, nothing for
//! an unchanged frame, synchronized updates).

mod backend;
mod clipboard;
mod runner;
mod usable;

use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use crate::app::App;
use crate::zoho::ZohoClient;

pub use crate::app::StatusInfo;
pub use backend::{FrameWriter, LeanBackend, SyncMarks, TerminalBackend};
pub use clipboard::Clipboard;
pub use runner::{Runner, ScreenText};
pub use usable::unusable;

/// Spinner frame interval, only while something is loading.
const SPINNER_TICK: Duration = Duration::from_millis(120);

/// Runs the TUI on the terminal until the admin quits. Restores the terminal on quit, on error
/// and (through the panic hook) on panic.
pub async fn run(
    client: ZohoClient,
    info: StatusInfo,
    columns: crate::app::columns::ColumnConfig,
    mouse: bool,
) -> anyhow::Result<()> {
    let mut app = App::new(info);
    app.panes.columns = columns;
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let terminal = init_terminal(mouse)?;
    let mut runner = Runner::with_terminal(client, app, terminal);
    let result = drive(&mut runner, EventStream::new(), |_| {}).await;
    drop(runner);
    restore();
    result
}

/// Leaves raw mode and the alternate screen and shows the cursor (the frames hide it).
fn restore() {
    // Harmless when they were never turned on; a terminal left reporting the mouse would
    // print escape sequences at every click in the shell.
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableMouseCapture,
        crossterm::event::DisableBracketedPaste
    );
    ratatui::restore();
    let _ = crossterm::execute!(std::io::stdout(), crossterm::cursor::Show);
}

/// Raw mode, alternate screen, and a panic hook that restores the terminal before the panic
/// message is printed (what `ratatui::try_init` does, on our own backend).
fn init_terminal(mouse: bool) -> anyhow::Result<Terminal<TerminalBackend>> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    crossterm::terminal::enable_raw_mode()?;
    let started = crossterm::execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste
    )
    .and_then(|()| {
        if mouse {
            crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)
        } else {
            Ok(())
        }
    })
    .map_err(anyhow::Error::from)
    .and_then(|()| {
        let writer = FrameWriter::new();
        let hold = writer.hold_switch();
        Terminal::new(LeanBackend::new(CrosstermBackend::new(writer)).holding(hold))
            .map_err(anyhow::Error::from)
    });
    if started.is_err() {
        restore();
    }
    started
}

/// The event loop on any backend and input stream: the terminal in production, `TestBackend`
/// and a channel of synthetic events in benchmarks. `on_frame` is called after each frame that
/// was presented (benchmarks timestamp them).
///
/// One biased `select!`: API events first, then input, then the spinner (only while busy). A
/// frame is drawn only when something changed and the queue is drained, so a burst of results
/// is one frame and an idle screen writes nothing.
pub async fn drive<B, I>(
    r: &mut Runner<B>,
    mut input: I,
    mut on_frame: impl FnMut(&Runner<B>),
) -> anyhow::Result<()>
where
    B: Backend + Clipboard,
    I: Stream<Item = std::io::Result<Event>> + Unpin,
{
    let mut dirty = true;
    let mut spinner = tokio::time::interval(SPINNER_TICK);
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        if dirty && r.events.is_empty() {
            r.draw()?;
            on_frame(r);
            r.flush_copy();
            dirty = false;
        }
        if r.app.quit {
            return Ok(());
        }
        let busy = r.app.is_busy();
        tokio::select! {
            biased;
            ev = r.events.recv() => match ev {
                Some(ev) => { r.api_event(ev); dirty = true; }
                None => anyhow::bail!("the API task stopped unexpectedly"),
            },
            ev = input.next() => match ev {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => {
                    r.key(key);
                    dirty = true;
                }
                Some(Ok(Event::Mouse(m))) => {
                    if let Some(a) = crate::action::from_mouse(m) {
                        r.act(a);
                        dirty = true;
                    }
                }
                Some(Ok(Event::Paste(text))) => {
                    r.act(crate::action::Action::Paste(text));
                    dirty = true;
                }
                Some(Ok(Event::Resize(w, h))) => {
                    r.resized(w, h);
                    r.terminal.autoresize().map_err(|e| anyhow::anyhow!("resize: {e}"))?;
                    dirty = true;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(anyhow::anyhow!("terminal input: {e}")),
                None => return Ok(()),
            },
            _ = spinner.tick(), if busy => { r.app.tick(); dirty = true; }
        }
    }
}
