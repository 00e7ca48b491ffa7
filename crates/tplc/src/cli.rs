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
    /// Compute the scores of a CVSS vector (v2.0, v3.0, v3.1, v4.0).
    ///
    /// Exit status 0, or 2 when the vector is malformed.
    Cvss {
        /// The vector: "CVSS:3.1/AV:N/…", "CVSS:4.0/…", or a v2.0 vector without prefix.
        vector: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = CvssFormat::Text)]
        format: CvssFormat,
    },
    /// Build and inspect the local vulnerability database (OSV, NVD, JVN iPedia, KEV, EPSS).
    #[command(subcommand)]
    Db(DbCommand),
    /// Scan SBOMs for known vulnerabilities against the local database.
    ///
    /// Exit status 0 when no finding reaches --fail-on (or none is given), 1 when one does,
    /// 2 on errors (unreadable SBOM, no database).
    Scan(ScanArgs),
    /// Compare versions and test range membership under an ecosystem's version ordering.
    #[command(subcommand)]
    Version(VersionCommand),
    /// Run the server: REST API, web UI and background workers (SQLite by default).
    ///
    /// With no flags: the SQLite database in the default data directory, 127.0.0.1:8080.
    /// At the first start, an administrator `admin` is created and its password printed once.
    Serve(ServeArgs),
    /// Manage the server's accounts from the command line.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Check the server's tamper-evident audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Requirement catalogs and the conformity evidence of product versions (薬生機審発0523第1号).
    #[command(subcommand)]
    Compliance(ComplianceCommand),
    /// Check the lifecycle plans of product versions: EOL, EOS, limited support (QA2 Q10).
    #[command(subcommand)]
    Lifecycle(LifecycleCommand),
}

/// Where the server's data lives (for `serve`, `admin`, `token`, `audit`, `compliance status`,
/// `lifecycle check`).
#[derive(Debug, Args)]
pub(crate) struct StoreLocation {
    /// The data directory: the SQLite database tplc.sqlite3 and the vulnerability database
    /// vulndb/ (default: $XDG_DATA_HOME/tplc, else ~/.local/share/tplc).
    #[arg(long, value_name = "DIR")]
    pub(crate) data_dir: Option<PathBuf>,
    /// A database URL instead of the SQLite file: postgres://… or sqlite://…
    #[arg(long, value_name = "URL")]
    pub(crate) database_url: Option<String>,
}

/// Arguments of `tplc serve`.
#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The address to listen on.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub(crate) listen: std::net::SocketAddr,
    #[command(flatten)]
    pub(crate) location: StoreLocation,
    /// Load the demo portfolio (products, SBOMs, advisories) when it is not there yet.
    #[arg(long)]
    pub(crate) demo: bool,
    /// Background workers to run in this process.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub(crate) workers: usize,
    /// Mark session cookies Secure (when served over TLS, e.g. behind a reverse proxy).
    #[arg(long)]
    pub(crate) secure_cookies: bool,
    /// Largest SBOM upload accepted, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 64)]
    pub(crate) max_upload_size: u64,
    /// Extra requirement catalogs; a bad file refuses to start with its one-line error.
    #[command(flatten)]
    pub(crate) catalogs: CatalogSource,
}

/// `tplc admin` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum AdminCommand {
    /// Create a server administrator account; the password is read from standard input.
    ///
    /// Exit status 0 when created, 2 when the name is taken, the password is refused by the
    /// policy (at least 12 characters, not common, not the user name) or the database fails.
    Create {
        /// The login name.
        #[arg(long, value_name = "NAME")]
        username: String,
        /// Read the password from the first line of standard input (required: passwords are
        /// never taken as arguments).
        #[arg(long, required = true)]
        password_stdin: bool,
        /// Also make the account an admin member of this organization (created as a
        /// manufacturer when missing).
        #[arg(long, value_name = "ORG")]
        org: Option<String>,
        #[command(flatten)]
        location: StoreLocation,
    },
}

/// A role in an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RoleArg {
    /// Everything, members and tokens included.
    Admin,
    /// Reads and changes the record.
    Editor,
    /// Reads the record.
    Viewer,
}

/// `tplc token` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum TokenCommand {
    /// Create an API token for a member of an organization and print it once.
    ///
    /// Only the token's SHA-256 is stored; it acts with the lesser of the given role and the
    /// user's role in the organization. Exit status 0, or 2 when the user or organization is
    /// unknown or the user is not a member.
    Create {
        /// The user the token acts for.
        #[arg(long, value_name = "NAME")]
        username: String,
        /// The token's role.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The organization (its name or its numeric id).
        #[arg(long, value_name = "ORG")]
        org: String,
        /// A label for the token (default: "cli").
        #[arg(long, value_name = "LABEL", default_value = "cli")]
        name: String,
        #[command(flatten)]
        location: StoreLocation,
    },
}

/// `tplc audit` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Verify the hash chain of the audit log.
    ///
    /// Exit status 0 with the number of events verified, 1 naming the first event that does
    /// not verify, 2 when the database cannot be read.
    Verify {
        #[command(flatten)]
        location: StoreLocation,
    },
}

/// How a list or report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ListFormat {
    /// Aligned text for a terminal.
    Table,
    /// JSON for programs.
    Json,
}

/// The language of the text printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    /// English.
    En,
    /// Japanese.
    Ja,
}

impl LangArg {
    /// The domain crate's language.
    pub(crate) const fn lang(self) -> tplc_compliance::Lang {
        match self {
            Self::En => tplc_compliance::Lang::En,
            Self::Ja => tplc_compliance::Lang::Ja,
        }
    }
}

/// Where catalogs beyond the built-in ones come from.
#[derive(Debug, Args)]
pub(crate) struct CatalogSource {
    /// Also load every `*.toml` catalog file of this directory (as `tplc serve --catalog-dir`).
    #[arg(long, value_name = "DIR")]
    pub(crate) catalog_dir: Option<PathBuf>,
}

/// `tplc compliance` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum ComplianceCommand {
    /// List the requirement catalogs (id, version, items) after checking them all.
    ///
    /// The built-in catalogs, plus every `*.toml` file of --catalog-dir. Exit status 0 when
    /// every catalog is valid, 2 with one line `FILE:LINE:COL: MESSAGE` naming the first problem.
    Catalogs {
        #[command(flatten)]
        source: CatalogSource,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Language of the titles.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
    },
    /// Print a product version's items of a catalog, their evidence and the gaps.
    ///
    /// Reads the database of `tplc serve`, computing what the server's conformity page shows.
    /// Exit status 0 when no item is a gap, 1 when some are, 2 on errors (unknown product,
    /// version, organization or catalog; unreadable database or catalog).
    #[command(disable_version_flag = true)]
    Status(StatusArgs),
}

/// Arguments of `tplc compliance status`.
#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// The product (its name or its numeric id).
    #[arg(long, value_name = "PRODUCT")]
    pub(crate) product: String,
    /// The version label (`2.1`), or its numeric id.
    #[arg(long, value_name = "VERSION")]
    pub(crate) version: String,
    /// The organization (its name or its numeric id); needed when the database holds several.
    #[arg(long, value_name = "ORG")]
    pub(crate) org: Option<String>,
    /// The requirement catalog.
    #[arg(long, value_name = "ID", default_value = tplc_compliance::JP_MHLW_0523)]
    pub(crate) catalog: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub(crate) format: ListFormat,
    /// Language of the statements and states.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub(crate) lang: LangArg,
    #[command(flatten)]
    pub(crate) source: CatalogSource,
    #[command(flatten)]
    pub(crate) location: StoreLocation,
}

/// `tplc lifecycle` subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum LifecycleCommand {
    /// Report lifecycle problems and the upcoming EOL/EOS dates of product versions.
    ///
    /// Problems: EOS on or before EOL (QA2 Q10), EOL without EOS, a phase the dates do not
    /// allow, limited support without a plan, a plan not shown to any hospital within 12 months
    /// of EOL, legacy without a reason. Reads the database of `tplc serve`, or with --file a
    /// plan file (see the README). Exit status 0 when no problem is found, 1 when one is, 2 on
    /// errors (unreadable or invalid file, with its line and column; unknown organization).
    Check(LifecycleCheckArgs),
}

/// Arguments of `tplc lifecycle check`.
#[derive(Debug, Args)]
pub(crate) struct LifecycleCheckArgs {
    /// Check the versions listed in this TOML plan file instead of the database.
    #[arg(long, value_name = "PLAN.toml", conflicts_with_all = ["org", "data_dir", "database_url"])]
    pub(crate) file: Option<PathBuf>,
    /// Only this organization (its name or its numeric id; default: every organization).
    #[arg(long, value_name = "ORG")]
    pub(crate) org: Option<String>,
    /// List the EOL and EOS dates within this many months.
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = clap::value_parser!(u32).range(0..=1200))]
    pub(crate) months: u32,
    /// The date to check on, YYYY-MM-DD (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub(crate) today: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub(crate) format: ListFormat,
    /// Language of the messages.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub(crate) lang: LangArg,
    #[command(flatten)]
    pub(crate) location: StoreLocation,
}

/// `tplc version` subcommands.
///
/// ECOSYSTEM is an OSV ecosystem ("PyPI", "Debian:12", "Red Hat"), a purl type ("pypi",
/// "deb", "golang") or a scheme name ("pep440", "dpkg", "semver"), case-insensitive.
/// Exit status 0, or 2 with one line on stderr for an unknown ecosystem or an unparsable
/// version or range.
#[derive(Debug, Subcommand)]
pub(crate) enum VersionCommand {
    /// Compare version A with version B: prints `<`, `=` or `>`.
    ///
    /// With --batch, reads lines "ECOSYSTEM A B" from standard input (fields separated by
    /// tabs, or by spaces with the ecosystem taking all but the last two) and prints one line
    /// per input line: `<`, `=`, `>` or `error: REASON`; the exit status is 2 when any line
    /// failed.
    Cmp {
        /// The ecosystem whose ordering applies.
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        ecosystem: Option<String>,
        /// The first version.
        #[arg(required_unless_present = "batch", allow_hyphen_values = true)]
        a: Option<String>,
        /// The second version.
        #[arg(required_unless_present = "batch", allow_hyphen_values = true)]
        b: Option<String>,
        /// Read "ECOSYSTEM A B" lines from standard input.
        #[arg(long)]
        batch: bool,
    },
    /// Whether VERSION is inside RANGE (a `vers:` range such as "vers:npm/>=1.0.0|<2.0.0"):
    /// prints `true` or `false`.
    ///
    /// With --batch, reads lines "ECOSYSTEM VERSION RANGE" from standard input and prints one
    /// line per input line: `true`, `false` or `error: REASON`; the exit status is 2 when any
    /// line failed.
    In {
        /// The ecosystem whose ordering applies (it must match the range's scheme).
        #[arg(required_unless_present = "batch", conflicts_with = "batch")]
        ecosystem: Option<String>,
        /// The version.
        #[arg(
            value_name = "VERSION",
            required_unless_present = "batch",
            allow_hyphen_values = true
        )]
        candidate: Option<String>,
        /// The `vers:` range.
        #[arg(required_unless_present = "batch")]
        range: Option<String>,
        /// Read "ECOSYSTEM VERSION RANGE" lines from standard input.
        #[arg(long)]
        batch: bool,
    },
}

/// Where the vulnerability database lives.
#[derive(Debug, Args)]
pub(crate) struct DbLocation {
    /// The database directory (default: $XDG_DATA_HOME/tplc/vulndb, else ~/.local/share/tplc/vulndb).
    #[arg(long = "db", value_name = "DIR", global = true)]
    pub(crate) db: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum DbCommand {
    /// Import advisories or enrichment data into the database.
    ///
    /// osv: directories, .json, .zip (osv.dev all.zip), .tar.gz; a directory with modified_id.csv
    /// is read incrementally. nvd: NVD CVE JSON 2.0 feeds (.json, .json.gz, directories).
    /// jvn: JVN iPedia VULDEF detail feeds (.rdf/.xml, gz) or MyJVN JSON. kev: CISA KEV JSON.
    /// epss: FIRST EPSS CSV. Importing the same data twice changes nothing; an interrupted
    /// import leaves the previous database usable. Exit status 0 when imported, 1 when some
    /// sources could not be read (the others were imported), 2 when nothing could be imported.
    Import {
        /// The kind of data.
        #[arg(value_enum)]
        kind: ImportKind,
        /// Files or directories to import.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        location: DbLocation,
    },
    /// Print the sources, counts per ecosystem and last import times.
    Status {
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
        #[command(flatten)]
        location: DbLocation,
    },
}

/// A kind of data `tplc db import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportKind {
    /// OSV JSON advisories.
    Osv,
    /// NVD CVE JSON 2.0.
    Nvd,
    /// JVN iPedia (VULDEF XML, MyJVN JSON).
    Jvn,
    /// CISA Known Exploited Vulnerabilities JSON.
    Kev,
    /// FIRST EPSS scores CSV.
    Epss,
}

/// How `tplc db status` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StatusFormat {
    /// Text for a terminal.
    Table,
    /// JSON for programs.
    Json,
}

/// Arguments of `tplc scan`.
#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// SBOMs to scan (CycloneDX JSON/XML, SPDX JSON/tag-value).
    #[arg(required = true)]
    pub(crate) sboms: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScanFormat::Table)]
    pub(crate) format: ScanFormat,
    /// Exit with status 1 when a finding is at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub(crate) fail_on: Option<FailOn>,
    /// Write here instead of standard output.
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) location: DbLocation,
    #[command(flatten)]
    pub(crate) limits: InputLimits,
}

/// How `tplc scan` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ScanFormat {
    /// Aligned text for a terminal.
    Table,
    /// JSON: {"findings":[...]} (see the README).
    Json,
    /// SARIF 2.1.0 for code-scanning tools.
    Sarif,
    /// A CycloneDX 1.6 VEX document.
    CyclonedxVex,
}

/// The `--fail-on` threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FailOn {
    /// Low or worse.
    Low,
    /// Medium or worse.
    Medium,
    /// High or worse.
    High,
    /// Critical.
    Critical,
}

/// How `tplc cvss` prints the scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum CvssFormat {
    /// One line per score.
    Text,
    /// A JSON object.
    Json,
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn compliance_status_takes_a_version_option() {
        let cli = Cli::try_parse_from([
            "tplc",
            "compliance",
            "status",
            "--product",
            "SP-200",
            "--version",
            "2.1",
        ])
        .unwrap();
        let Command::Compliance(ComplianceCommand::Status(arguments)) = cli.command else {
            panic!("parsed as {:?}", cli.command);
        };
        assert_eq!(arguments.version, "2.1");
        assert_eq!(arguments.catalog, "jp-mhlw-0523");
        assert_eq!(arguments.format, ListFormat::Table);
        assert_eq!(arguments.lang, LangArg::En);
    }
}
