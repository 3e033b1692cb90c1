//! `zcrm-tui completions bash|zsh|fish`: the shell's completion script, from the same clap
//! definitions the parser uses, so it never lags behind a new flag.

use clap::CommandFactory;

use crate::cli::{Cli, CompletionShell};

use super::exit::{CliError, SUCCESS};
use super::removal::print_data;

pub fn run(shell: CompletionShell) -> Result<u8, CliError> {
    let shell = match shell {
        CompletionShell::Bash => clap_complete::Shell::Bash,
        CompletionShell::Zsh => clap_complete::Shell::Zsh,
        CompletionShell::Fish => clap_complete::Shell::Fish,
    };
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, name, &mut script);
    print_data(&String::from_utf8_lossy(&script));
    Ok(SUCCESS)
}
