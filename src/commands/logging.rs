//! Tracing to a daily file in the platform's local data directory; never to the terminal,
//! which belongs to the TUI or to the command's output.

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Starts file logging. The guard flushes on drop; keep it until exit. `None` when no log
/// directory can be made (logging is then off, which must not stop the app).
pub fn init() -> Option<WorkerGuard> {
    let dir = crate::config::log_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let filter = std::env::var("ZCRM_LOG")
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new("info"));
    let appender = tracing_appender::rolling::daily(&dir, "zcrm-tui.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}
