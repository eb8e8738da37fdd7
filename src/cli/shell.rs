//! Shell completions and the man page, generated from the same command definitions as
//! `--help`, so the three never disagree.

use super::{Cli, CompletionShell};
use clap::CommandFactory;
use color_eyre::eyre::Result;
use std::io::Write;

pub fn completions(shell: CompletionShell, out: &mut impl Write) -> Result<()> {
    let shell = match shell {
        CompletionShell::Bash => clap_complete::Shell::Bash,
        CompletionShell::Zsh => clap_complete::Shell::Zsh,
        CompletionShell::Fish => clap_complete::Shell::Fish,
    };
    // Into memory first: clap_complete panics on a write error, such as a closed pipe.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cadence", &mut script);
    out.write_all(&script)?;
    Ok(())
}

pub fn man(out: &mut impl Write) -> Result<()> {
    clap_mangen::Man::new(Cli::command()).render(out)?;
    Ok(())
}
