//! `zcrm-tui man`: the man page (roff), from the clap definitions.

use clap::CommandFactory;

use crate::cli::Cli;

use super::exit::{CliError, FAILURES, SUCCESS};
use super::removal::print_data;

pub fn run() -> Result<u8, CliError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| CliError {
            status: FAILURES,
            message: format!("the man page could not be rendered: {e}"),
            hint: None,
        })?;
    print_data(&String::from_utf8_lossy(&page));
    Ok(SUCCESS)
}
