//! `tplc sbom validate`: read an SBOM and say what it is, or where it is wrong.

use std::path::Path;

use crate::Outcome;
use crate::cli::InputLimits;
use crate::output;
use crate::sbom_io;

pub(crate) fn run(file: &Path, limits: &InputLimits) -> anyhow::Result<Outcome> {
    let document = sbom_io::read_path(file, limits.max_size)?;
    let components =
        document.component_count() + usize::from(document.metadata.component.is_some());
    output::print(&format!(
        "valid {} {}: {components} components, {} dependency entries ({})\n",
        document.source_format,
        document.spec_version,
        document.dependencies.len(),
        file.display()
    ))?;
    Ok(Outcome::Success)
}
