//! The `tplc` command line.
//!
//! Exit status: 0 success; 1 the check did not pass (a policy verdict, not an error);
//! 2 unreadable or invalid input, bad usage or an internal error. A closed output pipe is
//! not an error.

mod cli;
mod commands;
mod output;
mod sbom_io;
mod scan_output;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc instead of glibc's malloc: the server allocates from many threads at once (tokio
/// workers, one sqlx worker per SQLite connection), where glibc's arenas contend (BENCHMARKS.md,
/// "Server (issue 4)").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What a command concluded, as an exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Everything held.
    Success,
    /// A check ran and did not pass.
    Failed,
}

fn main() -> ExitCode {
    let arguments = cli::Cli::parse();
    match commands::run(arguments) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            #[expect(
                clippy::print_stderr,
                reason = "the binary's one place that reports errors"
            )]
            {
                eprintln!("error: {}", one_line(&error));
            }
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line.
fn one_line(error: &anyhow::Error) -> String {
    error
        .chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ")
        .replace('\n', " ")
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
