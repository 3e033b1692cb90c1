//! The default command: the TUI, against a real org or the in-process demo sandbox.

use crate::cli::ConnectArgs;
use crate::tui::StatusInfo;

use super::connect;
use super::exit::{CliError, SUCCESS};

pub async fn run(args: &ConnectArgs) -> Result<u8, CliError> {
    let conn = connect::target(args)?.connect().await?;
    let info = StatusInfo {
        profile: conn.profile.clone(),
        data_center: conn.data_center.clone(),
        api_version: conn.api_version,
    };
    let result = crate::tui::run(conn.client.clone(), info).await;
    conn.close().await;
    result.map_err(|e| CliError::failed(format!("{e:#}"), None))?;
    Ok(SUCCESS)
}
