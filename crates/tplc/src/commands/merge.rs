//! `tplc sbom merge`: supplier SBOMs under one product component.

use std::path::{Path, PathBuf};

use tplc_sbom::MergeInput;

use crate::Outcome;
use crate::cli::{InputLimits, TargetFormat};
use crate::output;
use crate::sbom_io;

pub(crate) fn run(
    root: &str,
    supplier: Option<&str>,
    inputs: &[PathBuf],
    to: TargetFormat,
    destination: Option<&Path>,
    limits: &InputLimits,
) -> anyhow::Result<Outcome> {
    let documents = inputs
        .iter()
        .map(|path| {
            let document = sbom_io::read_path(path, limits.max_size)?;
            let origin = path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            );
            Ok(MergeInput { origin, document })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let timestamp = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|now| {
            now.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
    let merged = tplc_sbom::merge(root, supplier, documents, timestamp)?;
    let written = sbom_io::write(&merged, to);
    output::report_omissions(&written.omissions)?;
    output::emit(&written.bytes, destination)?;
    Ok(Outcome::Success)
}
