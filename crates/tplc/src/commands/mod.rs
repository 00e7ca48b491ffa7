//! One module per command.

mod check;
mod convert;
mod diff;
mod merge;
mod validate;

use crate::Outcome;
use crate::cli::{Cli, Command, SbomCommand};

/// Runs a parsed command line.
pub(crate) fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Sbom(command) => match command {
            SbomCommand::Check {
                file,
                profile,
                profile_file,
                format,
                lang,
                limits,
            } => check::run(
                &file,
                &profile,
                profile_file.as_deref(),
                format,
                lang.as_deref(),
                &limits,
            ),
            SbomCommand::Convert {
                input,
                to,
                output,
                limits,
            } => convert::run(&input, to, output.as_deref(), &limits),
            SbomCommand::Diff {
                old,
                new,
                format,
                limits,
            } => diff::run(&old, &new, format, &limits),
            SbomCommand::Merge {
                root,
                supplier,
                inputs,
                to,
                output,
                limits,
            } => merge::run(
                &root,
                supplier.as_deref(),
                &inputs,
                to,
                output.as_deref(),
                &limits,
            ),
            SbomCommand::Validate { file, limits } => validate::run(&file, &limits),
        },
    }
}
