//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Keep medical devices cyber-secure and provably compliant across their total product life
/// cycle.
///
/// Exit status: 0 success, 1 a check did not pass, 2 unreadable input, bad usage or error.
#[derive(Debug, Parser)]
#[command(name = "tplc", version, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Read, check, convert, compare and merge SBOMs (CycloneDX 1.4-1.6, SPDX 2.2/2.3).
    #[command(subcommand)]
    Sbom(SbomCommand),
}

/// Limits on what is read.
#[derive(Debug, Args)]
pub(crate) struct InputLimits {
    /// Largest SBOM file accepted, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 256, global = true)]
    pub(crate) max_size: u64,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SbomCommand {
    /// Check an SBOM's minimum elements against a profile.
    ///
    /// Exit status 0 when the profile passes, 1 when it does not, 2 when the file is unreadable.
    Check {
        /// The SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value; detected from the content).
        file: PathBuf,
        /// Built-in profile: jp-mhlw (Japan QA#6), ntia-2021, fda-premarket.
        #[arg(long, default_value = "jp-mhlw", conflicts_with = "profile_file")]
        profile: String,
        /// A profile of your own, as a TOML file (see crates/tplc-sbom/profiles/).
        #[arg(long, value_name = "PATH")]
        profile_file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Language of the messages (default: from LANG, else English).
        #[arg(long, value_parser = ["en", "ja"])]
        lang: Option<String>,
        #[command(flatten)]
        limits: InputLimits,
    },
    /// Convert an SBOM to another format; what the target cannot carry is listed on stderr.
    Convert {
        /// The SBOM to convert (format detected from the content).
        input: PathBuf,
        /// The target format.
        #[arg(long, value_enum)]
        to: TargetFormat,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        #[command(flatten)]
        limits: InputLimits,
    },
    /// List components added, removed and changed between two SBOMs.
    ///
    /// Components are matched by identity: the purl without version, else supplier and name.
    Diff {
        /// The older SBOM.
        old: PathBuf,
        /// The newer SBOM.
        new: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        #[command(flatten)]
        limits: InputLimits,
    },
    /// Assemble supplier SBOMs under one product component.
    Merge {
        /// The product component, as "Name Version" (the last word is the version when it
        /// starts with a digit).
        #[arg(long)]
        root: String,
        /// The product's supplier (default: the first input's document supplier, else its
        /// top-level component's supplier).
        #[arg(long)]
        supplier: Option<String>,
        /// The SBOMs to merge.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The output format.
        #[arg(long, value_enum, default_value_t = TargetFormat::CyclonedxJson)]
        to: TargetFormat,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        #[command(flatten)]
        limits: InputLimits,
    },
    /// Read an SBOM and report its format, or the first error with its location.
    Validate {
        /// The SBOM.
        file: PathBuf,
        #[command(flatten)]
        limits: InputLimits,
    },
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ReportFormat {
    /// Aligned text for a terminal.
    Table,
    /// JSON for programs.
    Json,
    /// Markdown for documents and tickets.
    Markdown,
}

/// The formats tplc writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum TargetFormat {
    /// CycloneDX 1.6 JSON.
    CyclonedxJson,
    /// CycloneDX 1.6 XML.
    CyclonedxXml,
    /// SPDX 2.3 JSON.
    SpdxJson,
}
