//! zcrm-tui: parse, dispatch, and turn the outcome into an exit status.

use std::process::ExitCode;

use clap::Parser;

use zcrm_tui::cli::Cli;
use zcrm_tui::commands::{self, exit};

fn main() -> ExitCode {
    fail_writes_past_the_file_size_limit();
    // clap prints help/version (exit 0) and usage errors (exit 2) itself.
    let cli = Cli::parse();
    let _log_guard = commands::logging::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(exit::FAILURES);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(status) => ExitCode::from(status),
        Err(e) => {
            tracing::warn!(status = e.status, "command failed: {}", e.message);
            // Errors may quote the server (API messages): no control character reaches the
            // terminal through them.
            eprintln!(
                "{}",
                zcrm_tui::text::strip_controls_keep_lines(&e.to_string())
            );
            e.exit_code()
        }
    }
}

/// A write past the shell's file-size limit (`ulimit -f`) raises `SIGXFSZ`, whose default action
/// kills the process on the spot: in the middle of a run, the terminal left raw. Ignored, the
/// write fails with `EFBIG` instead, and the journal's error path takes over (nothing more is
/// sent; the ids kept back say why).
fn fail_writes_past_the_file_size_limit() {
    #[cfg(unix)]
    // SAFETY: sets one signal's disposition to "ignore", before any other thread exists; no
    // handler code is involved.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}
