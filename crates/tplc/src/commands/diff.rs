//! `tplc sbom diff`: components added, removed and changed.

use std::path::Path;

use crate::Outcome;
use crate::cli::{InputLimits, ReportFormat};
use crate::output;
use crate::sbom_io;

pub(crate) fn run(
    old: &Path,
    new: &Path,
    format: ReportFormat,
    limits: &InputLimits,
) -> anyhow::Result<Outcome> {
    let old_document = sbom_io::read_path(old, limits.max_size)?;
    let new_document = sbom_io::read_path(new, limits.max_size)?;
    let report = tplc_sbom::diff(&old_document, &new_document);
    let text = match format {
        ReportFormat::Table => output::diff_table(&report),
        ReportFormat::Markdown => output::diff_markdown(&report),
        ReportFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    output::print(&text)?;
    Ok(Outcome::Success)
}
