//! No token or secret ever reaches the screen: every frame of whole sessions (browsing, removals,
//! an expired token, server errors, a refused refresh token, a user without permission) is
//! recorded by a backend wrapped around `TestBackend` and searched for the credentials and for
//! anything shaped like an OAuth token. The journal written meanwhile is searched too.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use zcrm_tui::action::Action;
use zcrm_tui::app::{App, Pane};
use zcrm_tui::sandbox::{Fault, Sandbox, SandboxOptions};
use zcrm_tui::tui::{Runner, ScreenText, StatusInfo};
use zcrm_tui::zoho::{ClientConfig, Credentials, Secret, ZohoClient};

const SETTLE: Duration = Duration::from_secs(30);

/// `TestBackend` that keeps the text of every frame it was asked to show.
struct Recording {
    inner: TestBackend,
    frames: Arc<Mutex<Vec<String>>>,
}

impl Backend for Recording {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    /// Called once per frame, after its cells were drawn: the whole screen is recorded.
    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()?;
        let text = self.inner.screen_text();
        if let Ok(mut f) = self.frames.lock() {
            f.push(text);
        }
        Ok(())
    }
}

impl ScreenText for Recording {
    fn screen_text(&self) -> String {
        self.inner.screen_text()
    }
}

/// Whether `text` holds something shaped like a Zoho OAuth token ("1000." then 32 hex digits).
fn holds_token(text: &str) -> bool {
    text.match_indices("1000.").any(|(i, _)| {
        let tail = &text[i + 5..];
        tail.len() >= 32 && tail.chars().take(32).all(|c| c.is_ascii_hexdigit())
    })
}

struct Session {
    r: Runner<Recording>,
    frames: Arc<Mutex<Vec<String>>>,
    journal: tempfile::TempDir,
}

async fn session(sb: &Sandbox, credentials: Credentials) -> Session {
    let client = ZohoClient::new(ClientConfig {
        endpoints: sb.endpoints(),
        api_version: 8,
        credentials,
        concurrency: 4,
    })
    .unwrap();
    let journal = tempfile::tempdir().unwrap();
    let mut app = App::new(StatusInfo {
        profile: "secrets".into(),
        data_center: "sandbox".into(),
        api_version: 8,
        production: false,
        credits_left: None,
    });
    app.journal_dir = Some(journal.path().to_path_buf());
    app.color = false;
    let frames = Arc::new(Mutex::new(Vec::new()));
    let backend = Recording {
        inner: TestBackend::new(120, 40),
        frames: frames.clone(),
    };
    let mut r = Runner::new(client, app, backend).unwrap();
    assert!(r.settle(SETTLE).await.unwrap());
    Session { r, frames, journal }
}

impl Session {
    async fn act(&mut self, actions: &[Action]) {
        for a in actions {
            self.r.act(a.clone());
            assert!(
                self.r.settle(SETTLE).await.unwrap(),
                "timed out after {a:?}"
            );
        }
    }

    fn goto(&mut self, name: &str) {
        self.r.act(Action::First);
        for _ in 0..2000 {
            let t = self.r.app.table(self.r.app.focus).unwrap();
            if t.focused().is_some_and(|row| row.name == name) {
                return;
            }
            self.r.act(Action::Down);
        }
        panic!("no row named {name}");
    }

    /// Every frame drawn so far, and no secret in any of them; the number of frames.
    fn assert_clean(&self, secrets: &[&str]) -> usize {
        let frames = self.frames.lock().unwrap();
        for (i, f) in frames.iter().enumerate() {
            for s in secrets {
                assert!(!f.contains(s), "frame {i} shows a secret:\n{f}");
            }
            assert!(!holds_token(f), "frame {i} shows a token:\n{f}");
        }
        frames.len()
    }

    fn seen(&self, text: &str) -> bool {
        self.frames.lock().unwrap().iter().any(|f| f.contains(text))
    }
}

/// Every file under `dir`, recursively.
fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn the_token_detector_recognises_a_token() {
    assert!(holds_token(
        "x 1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef y"
    ));
    assert!(!holds_token("1000.ZCRMSANDBOX0CLIENT00000000000"));
    assert!(!holds_token("4150868000001015046"));
}

#[tokio::test]
async fn no_secret_on_screen_through_removals_expiry_and_errors() {
    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let creds = sb.credentials();
    let secret = creds.client_secret.expose().to_string();
    let refresh = creds.refresh_token.expose().to_string();
    let secrets = [secret.as_str(), refresh.as_str()];
    let mut s = session(&sb, creds).await;

    // Browse and delete two Leads.
    s.goto("Leads");
    s.act(&[Action::Enter, Action::ToggleSelect, Action::ToggleSelect])
        .await;
    s.act(&[Action::Remove, Action::Yes]).await;
    assert!(s.seen("Delete 2 Leads  ✓ 2 ok"));

    // The access token expires: the app refreshes and goes on.
    let grants = sb.control().token_grants();
    sb.control().expire_access_tokens();
    s.act(&[Action::Reload]).await;
    assert!(
        sb.control().token_grants() > grants,
        "a new token was fetched"
    );

    // Server errors and refused tokens on loads, shown in the pane.
    sb.control().inject_faults(&[Fault::InternalError; 8]);
    s.act(&[Action::Reload]).await;
    sb.control()
        .inject_faults(&[Fault::AuthenticationFailure, Fault::InvalidToken]);
    s.act(&[Action::Reload]).await;
    assert!(
        s.seen("INTERNAL_ERROR") || s.seen("nternal"),
        "a server error was shown"
    );
    // Reload until the faults are used up.
    for _ in 0..10 {
        if s.r.app.panes.records.table.error.is_none()
            && !s.r.app.panes.records.table.rows.is_empty()
        {
            break;
        }
        s.act(&[Action::Reload]).await;
    }
    assert!(s.r.app.panes.records.table.error.is_none());

    // A delink, the log expanded, the journal view with one operation's ids, and the help.
    s.act(&[Action::Esc]).await;
    s.goto("Campaigns");
    s.act(&[Action::Enter]).await;
    s.goto("Spring Expo");
    s.act(&[Action::Enter]).await;
    s.goto("Contacts");
    s.act(&[Action::Enter, Action::Remove, Action::Yes]).await;
    s.r.app.focus = Pane::Log;
    s.act(&[Action::Enter, Action::Help, Action::Esc]).await;
    s.act(&[Action::Journal, Action::Enter]).await;
    assert!(s.seen("Journal"), "{}", s.r.screen_text());
    s.act(&[Action::Esc, Action::Esc]).await;

    let n = s.assert_clean(&secrets);
    assert!(n > 20, "only {n} frames recorded");
    // The journal written during the session holds no secret either.
    let files = walk(s.journal.path());
    assert!(!files.is_empty(), "the removals were journaled");
    for entry in files {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        for sec in secrets {
            assert!(!text.contains(sec), "{} holds a secret", entry.display());
        }
        assert!(!holds_token(&text), "{} holds a token", entry.display());
    }
}

#[tokio::test]
async fn no_secret_on_screen_when_the_refresh_token_is_refused() {
    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let good = sb.credentials();
    let bogus = "1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210";
    let creds = Credentials {
        client_id: good.client_id.clone(),
        client_secret: good.client_secret.clone(),
        refresh_token: Secret::new(bogus),
    };
    let s = session(&sb, creds).await;
    let screen = s.r.screen_text();
    assert!(
        s.r.app.panes.modules.table.error.is_some(),
        "the refusal is shown: {screen}"
    );
    s.assert_clean(&[good.client_secret.expose(), bogus]);
}

#[tokio::test]
async fn no_secret_on_screen_when_a_removal_is_refused() {
    let sb = Sandbox::start(SandboxOptions::default()).await.unwrap();
    let creds = sb.control().read_only_credentials();
    let refresh = creds.refresh_token.expose().to_string();
    let secret = creds.client_secret.expose().to_string();
    let mut s = session(&sb, creds).await;
    s.goto("Leads");
    s.act(&[
        Action::Enter,
        Action::ToggleSelect,
        Action::Remove,
        Action::Yes,
    ])
    .await;
    s.r.app.focus = Pane::Log;
    s.act(&[Action::Enter]).await;
    assert!(s.seen("NO_PERMISSION"), "{}", s.r.screen_text());
    s.assert_clean(&[&secret, &refresh]);
}
