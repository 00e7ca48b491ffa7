//! The local vulnerability database of tplc and its matching engine.
//!
//! - [`store`]: a compact on-disk database built by `tplc db import` from OSV, NVD, JVN, KEV
//!   and EPSS data; loading reads only its header, records are read when a scan needs them.
//! - [`matching`]: SBOM components against the database — purl → ecosystem package keys
//!   ([`keys`]), ranges evaluated with each ecosystem's ordering (`tplc-version`), CPE matching
//!   for components without a purl, findings merged by alias, and an incremental entry point
//!   for one new advisory against stored components.
//!
//! The engine is a library: the command line and the server call the same functions.

mod error;
pub mod keys;
pub mod matching;
pub mod store;

pub use error::DbError;
pub use matching::{
    ComponentIndex, ComponentInput, Finding, Hit, Level, MatchReason, RawMatch, ScanReport,
    StoredComponent, Unscannable, Vulnerability, raw_matches, scan, scan_portfolio,
};
pub use store::{Database, ImportIssue, ImportReport, SourceKind, Status, default_dir, import};
