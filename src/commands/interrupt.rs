//! Ctrl-C during a removal: the first stops after the calls in flight (the rest is recorded as
//! not attempted, and can be resumed from the journal); the second quits at once.

use tokio_util::sync::CancellationToken;

/// Exit status of a second Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: i32 = 130;

/// Listens for Ctrl-C while alive; dropping it stops listening.
pub struct StopOnCtrlC {
    pub token: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

impl StopOnCtrlC {
    pub fn listen() -> StopOnCtrlC {
        let token = CancellationToken::new();
        let t = token.clone();
        let task = tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            eprintln!(
                "\nStopping after the calls in flight; the rest will not be sent \
                 (Ctrl-C again to quit at once)."
            );
            tracing::warn!("Ctrl-C: stopping after the calls in flight");
            t.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                tracing::warn!("second Ctrl-C: quitting at once");
                eprintln!("Quitting at once; `zcrm-tui journal` shows what was recorded.");
                std::process::exit(INTERRUPTED);
            }
        });
        StopOnCtrlC { token, task }
    }
}

impl Drop for StopOnCtrlC {
    fn drop(&mut self) {
        self.task.abort();
    }
}
