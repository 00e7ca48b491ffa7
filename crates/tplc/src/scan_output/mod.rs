//! How `tplc scan` prints its findings: table, JSON, SARIF, CycloneDX VEX.

mod json;
mod sarif;
mod table;
mod vex;

use std::path::PathBuf;

use tplc_model::SbomDocument;
use tplc_vulndb::ScanReport;

pub(crate) use json::json;
pub(crate) use sarif::sarif;
pub(crate) use table::table;
pub(crate) use vex::cyclonedx_vex;

/// One scanned SBOM: where it was read from, the document, and what the scan found.
#[derive(Debug)]
pub(crate) struct ScannedSbom {
    /// The file.
    pub(crate) path: PathBuf,
    /// The document as read.
    pub(crate) document: SbomDocument,
    /// The scan's result.
    pub(crate) report: ScanReport,
}
