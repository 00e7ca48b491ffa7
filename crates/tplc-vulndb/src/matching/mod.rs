//! The matching engine: SBOM components against advisories.

mod cpe;
mod engine;
mod incremental;
mod ranges;
mod severity;

pub use cpe::cpe_key;
pub use engine::{
    ComponentInput, EpssFigures, Finding, Kev, MatchReason, RawMatch, ScanReport, Unscannable,
    Vulnerability, raw_matches, scan, scan_portfolio,
};
pub use incremental::{ComponentIndex, Hit, StoredComponent};
pub(crate) use ranges::{Prepared, prepare};
pub use ranges::{event_pairs, range_scheme};
pub use severity::{Cvss, Level};
