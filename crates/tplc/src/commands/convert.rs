//! `tplc sbom convert`: from any supported format to CycloneDX 1.6 or SPDX 2.3.

use std::path::Path;

use crate::Outcome;
use crate::cli::{InputLimits, TargetFormat};
use crate::output;
use crate::sbom_io;

pub(crate) fn run(
    input: &Path,
    to: TargetFormat,
    destination: Option<&Path>,
    limits: &InputLimits,
) -> anyhow::Result<Outcome> {
    let document = sbom_io::read_path(input, limits.max_size)?;
    let written = sbom_io::write(&document, to);
    output::report_omissions(&written.omissions)?;
    output::emit(&written.bytes, destination)?;
    Ok(Outcome::Success)
}
