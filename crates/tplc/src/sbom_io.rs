//! Reading SBOM files in any supported format and writing the target formats: the command
//! line's face of `tplc-formats`.

use std::path::Path;

use anyhow::anyhow;
use tplc_model::{SbomDocument, Written};

use crate::cli::TargetFormat;

/// Reads, detects and parses an SBOM file of at most `max_mib` MiB; errors name the file.
///
/// # Errors
/// When the file cannot be read, is too large, its format is not recognised or it is invalid.
pub(crate) fn read_path(path: &Path, max_mib: u64) -> anyhow::Result<SbomDocument> {
    let limit = max_mib.saturating_mul(tplc_formats::MIB);
    tplc_formats::read_path(path, limit).map_err(|error| {
        if error.is_too_large() {
            anyhow!(
                "{}: larger than the limit of {max_mib} MiB (raise it with --max-size)",
                path.display()
            )
        } else {
            anyhow::Error::new(error)
        }
    })
}

/// Writes a document in a target format.
pub(crate) fn write(document: &SbomDocument, target: TargetFormat) -> Written {
    tplc_formats::write(
        document,
        match target {
            TargetFormat::CyclonedxJson => tplc_formats::TargetFormat::CyclonedxJson,
            TargetFormat::CyclonedxXml => tplc_formats::TargetFormat::CyclonedxXml,
            TargetFormat::SpdxJson => tplc_formats::TargetFormat::SpdxJson,
        },
    )
}
