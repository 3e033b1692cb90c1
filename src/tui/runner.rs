//! The real app and API task on any backend: the terminal in production, `TestBackend` in tests
//! and benchmarks.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::Backend;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

use crate::action::Action;
use crate::api_task::{self, ApiCommand, ApiEvent};
use crate::app::App;
use crate::zoho::ZohoClient;

/// The real app and API task on any backend: the terminal in production, `TestBackend` in tests.
pub struct Runner<B: Backend> {
    pub app: App,
    pub terminal: Terminal<B>,
    commands: UnboundedSender<ApiCommand>,
    pub(super) events: UnboundedReceiver<ApiEvent>,
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
        app.org = client.config().endpoints.api_domain.clone();
        app.read_only = client.is_read_only();
        if let Ok(size) = terminal.size() {
            app.resize(size.width, size.height);
        }
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

    pub fn resized(&mut self, width: u16, height: u16) {
        let cmds = self.app.resized(width, height);
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
        // The app decides what is on top from the size, for keys and frames alike: tell it the
        // size this frame has.
        if let Ok(size) = self.terminal.size() {
            self.app.resize(size.width, size.height);
        }
        let app = &self.app;
        self.terminal
            .draw(|f| crate::ui::render(app, f))
            .map_err(|e| anyhow::anyhow!("draw: {e}"))?;
        self.frames += 1;
        Ok(())
    }

    /// Hands what the app asked to copy to the terminal (OSC 52), after the frame that says so.
    pub fn flush_copy(&mut self)
    where
        B: super::Clipboard,
    {
        if let Some(text) = self.app.copy.pending.take()
            && let Err(e) = self.terminal.backend_mut().copy(&text)
        {
            tracing::warn!(error = %e, "the clipboard could not be written");
        }
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

    /// Tests: handles the next API event and draws. False when `timeout` passed first.
    pub async fn next_event(&mut self, timeout: Duration) -> anyhow::Result<bool> {
        match tokio::time::timeout(timeout, self.events.recv()).await {
            Ok(Some(ev)) => {
                self.api_event(ev);
                self.draw()?;
                Ok(true)
            }
            Ok(None) | Err(_) => Ok(false),
        }
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
            // A wide character covers the next cell on a terminal; what the buffer still holds
            // there (ratatui does not send it) is not on screen.
            let mut covered = 0;
            for x in 0..buf.area.width {
                if covered > 0 {
                    covered -= 1;
                    continue;
                }
                let symbol = buf[(x, y)].symbol();
                covered = crate::ui::width(symbol).saturating_sub(1);
                out.push_str(symbol);
            }
            out.push('\n');
        }
        out
    }
}
