//! `zcrm-tui journal show ID`

use crate::journal::Journal;

use super::super::exit::{CliError, SUCCESS};
use super::super::removal::print_stdout;
use super::{find, text};

pub fn run(journal: &Journal, id: &str, json: bool) -> Result<u8, CliError> {
    let f = find(journal, id)?;
    let out = if json {
        text::json_show(&f)
    } else {
        text::human_show(&f)
    };
    print_stdout(&out);
    Ok(SUCCESS)
}
