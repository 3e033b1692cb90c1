//! Terminal setup, restore, and the event loop (slumber's shape: one biased `select!`, draw only
//! when something changed and the queue is drained, no fixed tick).

use std::io::Write;
use std::time::Duration;

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::action::Action;
use crate::api_task::{self, ApiCommand, ApiEvent};
use crate::app::App;
use crate::zoho::ZohoClient;

/// What the status line shows about the connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusInfo {
    /// "demo" or the profile name.
    pub profile: String,
    pub data_center: String,
    pub api_version: u8,
}

/// Spinner frame interval, only while something is loading.
const SPINNER_TICK: Duration = Duration::from_millis(120);

/// The real app and API task on any backend: the terminal in production, `TestBackend` in tests.
pub struct Runner<B: Backend> {
    pub app: App,
    pub terminal: Terminal<B>,
    commands: UnboundedSender<ApiCommand>,
    events: UnboundedReceiver<ApiEvent>,
    /// Frames drawn so far.
    pub frames: usize,
}

impl<B: Backend> Runner<B> {
    /// Starts the API task and asks for the module list.
    pub fn new(client: ZohoClient, app: App, backend: B) -> anyhow::Result<Self> {
        let terminal = Terminal::new(backend).map_err(|e| anyhow::anyhow!("terminal: {e}"))?;
        Ok(Self::with_terminal(client, app, terminal))
    }

    /// As `new`, on a terminal already set up.
    pub fn with_terminal(client: ZohoClient, mut app: App, terminal: Terminal<B>) -> Self {
        let (commands, events) = api_task::spawn(client);
        let first = app.start();
        let runner = Self {
            app,
            terminal,
            commands,
            events,
            frames: 0,
        };
        runner.send(first);
        runner
    }

    fn send(&self, cmds: Vec<ApiCommand>) {
        for c in cmds {
            if self.commands.send(c).is_err() {
                tracing::warn!("the API task has stopped");
            }
        }
    }

    pub fn act(&mut self, action: Action) {
        let cmds = self.app.update(action);
        self.send(cmds);
    }

    pub fn key(&mut self, key: crossterm::event::KeyEvent) {
        let cmds = self.app.on_key(key);
        self.send(cmds);
    }

    pub fn api_event(&mut self, ev: ApiEvent) {
        let cmds = self.app.on_api(ev);
        self.send(cmds);
    }

    pub fn draw(&mut self) -> anyhow::Result<()> {
        let app = &self.app;
        self.terminal
            .draw(|f| crate::ui::render(app, f))
            .map_err(|e| anyhow::anyhow!("draw: {e}"))?;
        self.frames += 1;
        Ok(())
    }

    /// Tests: handles API events (drawing after each) until nothing is in flight.
    /// False when `timeout` passed first.
    pub async fn settle(&mut self, timeout: Duration) -> anyhow::Result<bool> {
        let deadline = tokio::time::Instant::now() + timeout;
        self.draw()?;
        while self.app.is_busy() {
            match tokio::time::timeout_at(deadline, self.events.recv()).await {
                Ok(Some(ev)) => {
                    self.api_event(ev);
                    self.draw()?;
                }
                Ok(None) | Err(_) => return Ok(false),
            }
        }
        Ok(true)
    }

    /// The screen as text, one line per row (tests and the README sample).
    pub fn screen_text(&self) -> String
    where
        B: ScreenText,
    {
        self.terminal.backend().screen_text()
    }
}

/// Backends whose screen can be read back as text.
pub trait ScreenText {
    fn screen_text(&self) -> String;
}

impl ScreenText for ratatui::backend::TestBackend {
    fn screen_text(&self) -> String {
        let buf = self.buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }
}

/// Runs the TUI on the terminal until the admin quits. Restores the terminal on quit, on error
/// and (through ratatui's panic hook) on panic.
pub async fn run(client: ZohoClient, info: StatusInfo) -> anyhow::Result<()> {
    let mut app = App::new(info);
    app.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // try_init: raw mode, alternate screen, and a panic hook that restores before printing.
    let terminal = ratatui::try_init()?;
    let result = event_loop(Runner::with_terminal(client, app, terminal)).await;
    ratatui::restore();
    result
}

async fn event_loop(
    mut r: Runner<ratatui::backend::CrosstermBackend<std::io::Stdout>>,
) -> anyhow::Result<()> {
    let mut input = EventStream::new();
    let mut dirty = true;
    let mut spinner = tokio::time::interval(SPINNER_TICK);
    spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        // Draw only once the queue is drained: a burst of results becomes one frame.
        if dirty && r.events.is_empty() {
            draw_synchronized(&mut r)?;
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
                Some(Ok(Event::Resize(..))) => {
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

/// One frame inside a synchronized update, so tmux and slow SSH links never show half a frame.
fn draw_synchronized(
    r: &mut Runner<ratatui::backend::CrosstermBackend<std::io::Stdout>>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout();
    crossterm::queue!(out, crossterm::terminal::BeginSynchronizedUpdate)?;
    let drawn = r.draw();
    crossterm::queue!(out, crossterm::terminal::EndSynchronizedUpdate)?;
    out.flush()?;
    drawn
}
