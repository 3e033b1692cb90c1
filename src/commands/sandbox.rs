//! `zcrm-tui sandbox`: serve the emulator until Ctrl-C or SIGTERM.

use std::io::Write;
use std::time::Duration;

use crate::cli::SandboxArgs;
use crate::sandbox::{Sandbox, SandboxOptions, StartError};

use super::exit::{CliError, SUCCESS};

pub fn options(args: &SandboxArgs) -> SandboxOptions {
    args.shape.apply(SandboxOptions {
        port: args.port,
        latency: Duration::from_millis(args.latency_ms),
        max_concurrency: args.max_concurrency.map(|n| n as usize),
        token_ttl: Duration::from_secs(args.token_ttl_s),
        error_rate: args.error_rate,
        token_throttle: !args.no_token_throttle,
        ..SandboxOptions::default()
    })
}

/// What the admin reads when the sandbox does not start.
pub fn start_error(e: &StartError, port: u16) -> CliError {
    match e {
        StartError::Org(what) => CliError::usage(
            format!("the sandbox's org could not be built: {what}"),
            Some(
                "See README, \"A sandbox you can size and shape\", for --org's file format \
                 and --generate."
                    .to_string(),
            ),
        ),
        StartError::Listen(_) => CliError::failed(
            format!("the sandbox could not start: {e}"),
            Some(if port == 0 {
                "It listens on 127.0.0.1; check that loopback works.".to_string()
            } else {
                format!("Is port {port} already in use? --port 0 picks a free one.")
            }),
        ),
    }
}

pub async fn run(args: SandboxArgs) -> Result<u8, CliError> {
    let sandbox = Sandbox::start(options(&args))
        .await
        .map_err(|e| start_error(&e, args.port))?;
    if let (Some(faults), Some(rate)) = (&args.faults, args.fault_rate) {
        sandbox.control().set_fault_mix(rate, &faults.0);
    }
    if let Some(ms) = args.late_landing_ms {
        sandbox
            .control()
            .set_late_landing(Duration::from_millis(ms));
    }
    {
        // Scripts read this first line; it must be out before anything else happens.
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{}", sandbox.startup_line());
        let _ = out.flush();
    }
    eprintln!(
        "zcrm-tui sandbox: serving {} (Ctrl-C to stop)",
        sandbox.endpoints().api_domain
    );
    tracing::info!(api_domain = %sandbox.endpoints().api_domain, "sandbox serving");
    wait_for_shutdown().await;
    sandbox.shutdown().await;
    eprintln!("zcrm-tui sandbox: stopped");
    Ok(SUCCESS)
}

#[cfg(unix)]
async fn wait_for_shutdown() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
