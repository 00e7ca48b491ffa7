//! One module per command.

mod admin;
mod audit;
mod check;
mod compliance;
mod convert;
mod cvss;
mod db;
mod diff;
mod lifecycle;
mod merge;
mod scan;
mod serve;
mod store_lookup;
mod token;
mod validate;
mod version;

use crate::Outcome;
use crate::cli::{
    AdminCommand, AuditCommand, Cli, Command, ComplianceCommand, DbCommand, LifecycleCommand,
    SbomCommand, TokenCommand, VersionCommand,
};

/// Runs a parsed command line.
pub(crate) fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Cvss { vector, format } => cvss::run(&vector, format),
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
        Command::Db(command) => match command {
            DbCommand::Import {
                kind,
                paths,
                location,
            } => db::import(kind, &paths, &location),
            DbCommand::Status { format, location } => db::status(format, &location),
        },
        Command::Scan(arguments) => scan::run(&arguments),
        Command::Serve(arguments) => serve::run(&arguments),
        Command::Admin(AdminCommand::Create {
            username,
            password_stdin: _,
            org,
            location,
        }) => admin::create(&username, org.as_deref(), &location),
        Command::Token(TokenCommand::Create {
            username,
            role,
            org,
            name,
            location,
        }) => token::create(&username, role, &org, &name, &location),
        Command::Audit(AuditCommand::Verify { location }) => audit::verify(&location),
        Command::Compliance(command) => match command {
            ComplianceCommand::Catalogs {
                source,
                format,
                lang,
            } => compliance::catalogs(&source, format, lang),
            ComplianceCommand::Status(arguments) => compliance::status(&arguments),
        },
        Command::Lifecycle(LifecycleCommand::Check(arguments)) => lifecycle::check(&arguments),
        Command::Version(command) => match command {
            VersionCommand::Cmp {
                ecosystem: Some(ecosystem),
                a: Some(a),
                b: Some(b),
                batch: false,
            } => version::cmp(&ecosystem, &a, &b),
            VersionCommand::Cmp { .. } => version::batch(false),
            VersionCommand::In {
                ecosystem: Some(ecosystem),
                candidate: Some(candidate),
                range: Some(range),
                batch: false,
            } => version::contained(&ecosystem, &candidate, &range),
            VersionCommand::In { .. } => version::batch(true),
        },
    }
}
