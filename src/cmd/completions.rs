//! `apsc completions SHELL`: a completion script for the shell, generated
//! from the same clap definitions that parse the command line.

use std::io::Write;

use anyhow::Context;
use clap::Args;
use clap_complete::Shell;

const EXAMPLES: &str = "\
Examples:
  apsc completions bash > ~/.local/share/bash-completion/completions/apsc
  apsc completions zsh > ~/.zfunc/_apsc
  apsc completions fish > ~/.config/fish/completions/apsc.fish";

/// Print a shell completion script.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum, ignore_case = true)]
    pub shell: Shell,
}

pub fn run(command: &mut clap::Command, args: &CompletionsArgs) -> anyhow::Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, command, "apsc", &mut script);
    let mut out = std::io::stdout().lock();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .context("writing to stdout")
}
