//! Vulnerability advisories in one normalised model, and OSV reading.
//!
//! Every source tplc imports (OSV, NVD CVE JSON 2.0, JVN iPedia) is read into [`Advisory`];
//! enrichment sources (CISA KEV, FIRST EPSS) into [`KevEntry`] and [`EpssScore`]. The model is
//! plain data with serde derives and no I/O: the vulnerability database stores it, the matcher
//! evaluates its [`Affected`] ranges and [`CpeConfiguration`]s.
//!
//! OSV reading:
//! - [`parse_osv`] reads one OSV JSON record (schema 1.x) into an [`Advisory`];
//! - [`read_osv_path`] reads every record of a directory, a `.json` file, a `.zip` (osv.dev's
//!   per-ecosystem `all.zip`) or a `.tar.gz`, streaming archives entry by entry
//!   ([`read_osv_zip`] and [`read_osv_tar_gz`] read the same from an open reader);
//! - [`read_osv_incremental`] reads only the records an export's `modified_id.csv` lists as
//!   modified after a given time.
//!
//! A bad record is a [`RecordError`] handed to the caller's visitor, and reading goes on; a
//! [`SourceError`] ends the reading of a whole source.

mod archive;
mod incremental;
mod model;
mod osv;
mod source;

pub use archive::{read_osv_tar_gz, read_osv_zip};
pub use incremental::{
    IncrementalSummary, MODIFIED_ID_CSV, parse_rfc3339, read_osv_incremental,
    read_osv_incremental_with,
};
pub use model::{
    Advisory, AdvisorySource, Affected, CpeConfiguration, CpeMatch, CpeNode, EpssScore, Event,
    EventKind, KevEntry, LocalizedText, Operator, Range, RangeKind, RecordError, Reference,
    Severity, SeverityKind,
};
pub use osv::parse_osv;
pub use source::{
    DEFAULT_MAX_RECORD_BYTES, ReadOptions, ReadSummary, SourceError, SourceKind, read_osv_path,
    read_osv_path_with,
};
