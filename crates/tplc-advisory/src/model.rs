//! The normalised advisory model.

use serde::{Deserialize, Serialize};

/// Where an advisory came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AdvisorySource {
    /// An OSV record (osv.dev exports, GHSA, PyPA, RustSec, Go, distribution feeds, …).
    Osv,
    /// An NVD CVE JSON 2.0 record.
    Nvd,
    /// A JVN iPedia record (`JVNDB-YYYY-NNNNNN`).
    Jvn,
}

/// One vulnerability advisory, whatever its source.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Advisory {
    /// The advisory's own id (`GHSA-…`, `PYSEC-…`, `CVE-…`, `JVNDB-…`).
    pub id: String,
    /// The source it was read from.
    pub source: Option<AdvisorySource>,
    /// Other ids of the same vulnerability (OSV `aliases`; CVE ids of a JVN record).
    pub aliases: Vec<String>,
    /// Ids of related but different vulnerabilities (OSV `related`).
    pub related: Vec<String>,
    /// One-line summary (English, or the source's language).
    pub summary: Option<String>,
    /// Full description (English, or the source's language).
    pub details: Option<String>,
    /// Japanese title and description (JVN iPedia), kept for the Japanese UI.
    pub ja: Option<LocalizedText>,
    /// Severity scores and vectors.
    pub severity: Vec<Severity>,
    /// Affected packages with their version ranges (OSV; MyJVN version ranges).
    pub affected: Vec<Affected>,
    /// Affected platforms as CPE configurations (NVD, JVN).
    pub cpe_configurations: Vec<CpeConfiguration>,
    /// CWE ids (`CWE-79`).
    pub cwes: Vec<String>,
    /// References (advisory pages, fixes, reports).
    pub references: Vec<Reference>,
    /// First publication, RFC 3339.
    pub published: Option<String>,
    /// Last modification, RFC 3339.
    pub modified: Option<String>,
    /// Withdrawal time, RFC 3339; a withdrawn advisory never matches.
    pub withdrawn: Option<String>,
}

/// A title and description in one language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LocalizedText {
    /// The title.
    pub title: Option<String>,
    /// The description.
    pub description: Option<String>,
}

/// The kind of a severity entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SeverityKind {
    /// A CVSS v2 vector.
    CvssV2,
    /// A CVSS v3.0 or v3.1 vector.
    CvssV3,
    /// A CVSS v4.0 vector.
    CvssV4,
    /// Ubuntu's priority words.
    Ubuntu,
    /// Another kind, as the source names it.
    Other(String),
}

/// A severity entry: a CVSS vector or a source-specific rating.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Severity {
    /// What `score` holds.
    pub kind: SeverityKind,
    /// The vector string (CVSS) or the rating as the source writes it.
    pub score: String,
    /// The base score where the source states it (NVD, JVN).
    pub base_score: Option<f64>,
    /// Who rated it (`nvd@nist.gov`, a CNA), where known.
    pub rated_by: Option<String>,
}

/// A package an advisory affects, with the versions it affects.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Affected {
    /// The ecosystem exactly as the source writes it (`PyPI`, `Debian:12`, `AlmaLinux:8`).
    pub ecosystem: String,
    /// The package name as the source writes it.
    pub name: String,
    /// The package's purl, when the source gives one.
    pub purl: Option<String>,
    /// Version ranges, in the source's order.
    pub ranges: Vec<Range>,
    /// Explicitly enumerated affected versions.
    pub versions: Vec<String>,
    /// `ecosystem_specific`, kept as JSON text.
    pub ecosystem_specific: Option<String>,
    /// `database_specific`, kept as JSON text.
    pub database_specific: Option<String>,
}

/// The type of a range: how its event versions are ordered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RangeKind {
    /// SemVer 2.0 ordering whatever the ecosystem.
    Semver,
    /// The ecosystem's own ordering.
    Ecosystem,
    /// Git commits of `repo`; never matched against package versions.
    Git,
    /// A type this model does not know, kept as written.
    Other(String),
}

/// A version range as a list of OSV events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// How the versions are ordered.
    pub kind: RangeKind,
    /// The repository of a `GIT` range.
    pub repo: Option<String>,
    /// The events, in the source's order.
    pub events: Vec<Event>,
}

/// The kind of an OSV range event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EventKind {
    /// Versions from this one on are affected (`"0"`: from the first version).
    Introduced,
    /// This version and later ones are not affected.
    Fixed,
    /// Versions up to and including this one are affected.
    LastAffected,
    /// An upper bound: versions at or after it are outside the range.
    Limit,
}

/// One OSV range event.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Event {
    /// The kind of event.
    pub kind: EventKind,
    /// The version (or commit) it names.
    pub version: String,
}

/// A boolean operator of a CPE configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Operator {
    /// Any child matches.
    #[default]
    Or,
    /// Every child matches.
    And,
}

/// An NVD configuration: nodes joined by an operator (AND for "running on/with").
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CpeConfiguration {
    /// How the nodes combine.
    pub operator: Operator,
    /// Negate the result.
    pub negate: bool,
    /// The nodes.
    pub nodes: Vec<CpeNode>,
}

/// An NVD configuration node: CPE matches joined by an operator.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CpeNode {
    /// How the matches combine.
    pub operator: Operator,
    /// Negate the result.
    pub negate: bool,
    /// The CPE match criteria.
    pub matches: Vec<CpeMatch>,
}

/// One CPE match criterion with an optional version range.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CpeMatch {
    /// Whether a platform matching it is vulnerable (false: a "running on" platform).
    pub vulnerable: bool,
    /// The CPE 2.3 formatted string.
    pub criteria: String,
    /// `versionStartIncluding`.
    pub version_start_including: Option<String>,
    /// `versionStartExcluding`.
    pub version_start_excluding: Option<String>,
    /// `versionEndIncluding`.
    pub version_end_including: Option<String>,
    /// `versionEndExcluding`.
    pub version_end_excluding: Option<String>,
}

/// A reference of an advisory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The kind (`ADVISORY`, `FIX`, `WEB`, …), upper case as OSV writes it.
    pub kind: String,
    /// The URL.
    pub url: String,
}

/// One entry of CISA's Known Exploited Vulnerabilities catalog.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KevEntry {
    /// `cveID`.
    pub cve_id: String,
    /// `vendorProject`.
    pub vendor_project: String,
    /// `product`.
    pub product: String,
    /// `vulnerabilityName`.
    pub vulnerability_name: String,
    /// `dateAdded`, `YYYY-MM-DD`.
    pub date_added: String,
    /// `shortDescription`.
    pub short_description: String,
    /// `requiredAction`.
    pub required_action: String,
    /// `dueDate`, `YYYY-MM-DD`.
    pub due_date: String,
    /// `knownRansomwareCampaignUse` (`Known`, `Unknown`).
    pub known_ransomware_campaign_use: String,
    /// `notes`.
    pub notes: String,
}

/// One row of FIRST's EPSS scores.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EpssScore {
    /// The CVE id.
    pub cve: String,
    /// Probability of exploitation activity in the next 30 days, 0–1.
    pub epss: f64,
    /// Percentile among all scored CVEs, 0–1.
    pub percentile: f64,
    /// The score date, `YYYY-MM-DD`, from the file's header comment.
    pub score_date: Option<String>,
}

/// A record that could not be read; the rest of the import goes on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct RecordError {
    /// Where: the file (and archive entry), and a JSON pointer or line where known.
    pub location: String,
    /// What was wrong, in one line.
    pub message: String,
}
