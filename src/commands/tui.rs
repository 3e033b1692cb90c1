//! The default command: the TUI, against a real org or the in-process demo sandbox.

use crate::cli::{ConnectArgs, ShapeArgs};
use crate::journal::Journal;
use crate::sandbox::SandboxOptions;
use crate::tui::StatusInfo;

use super::connect;
use super::exit::{CliError, SUCCESS};

/// `shape`: the demo sandbox's org; `token_throttle`: its token endpoint throttles as Zoho's.
/// `mouse`: report clicks and the wheel to the app (`--no-mouse` leaves them to the terminal).
pub async fn run(
    args: &ConnectArgs,
    shape: &ShapeArgs,
    mouse: bool,
    token_throttle: bool,
) -> Result<u8, CliError> {
    if shape.is_set() && !args.demo {
        return Err(CliError::usage(
            "--generate, --edition and --org shape the demo sandbox: add --demo",
            Some(
                "For a sandbox that other tools can use too: zcrm-tui sandbox --generate ..."
                    .to_string(),
            ),
        ));
    }
    // Before the screen is taken over: nothing is removed unless it can be journaled, so a
    // journal that cannot be opened is said here, plainly, rather than on the first removal.
    // The API task opens the same directory (`$ZCRM_DATA_DIR` or the platform's data directory)
    // for the session; `--demo` journals there too, under the profile "demo".
    let journal = Journal::open_default().map_err(|e| {
        CliError::failed(
            format!("{e:#}"),
            Some(
                "Every removal is recorded in the journal before it is sent. Set ZCRM_DATA_DIR \
                 to a writable directory (the journal goes in its `journal` folder)."
                    .to_string(),
            ),
        )
    })?;
    tracing::info!(dir = %journal.dir().display(), "journal");
    let mut target = connect::target(args)?;
    if let Some((why, hint)) = crate::tui::unusable() {
        return Err(CliError::usage(why, Some(hint)));
    }
    if let connect::Target::Demo { sandbox, .. } = &mut target {
        **sandbox = shape.apply(SandboxOptions {
            token_throttle,
            ..SandboxOptions::default()
        });
    }
    let conn = target.connect().await?;
    let info = StatusInfo {
        profile: conn.profile.clone(),
        data_center: conn.data_center.clone(),
        api_version: conn.api_version,
        production: conn.production,
        credits_left: None,
    };
    let result = crate::tui::run(conn.client.clone(), info, conn.columns.clone(), mouse).await;
    conn.close().await;
    result.map_err(|e| CliError::failed(format!("{e:#}"), None))?;
    Ok(SUCCESS)
}
