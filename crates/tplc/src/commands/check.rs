//! `tplc sbom check`: minimum elements against a profile.

use std::path::Path;

use anyhow::Context;
use tplc_sbom::{Language, Messages, Profile};

use crate::Outcome;
use crate::cli::{InputLimits, ReportFormat};
use crate::output::{self, CheckView};
use crate::sbom_io;

/// The language from `--lang`, else from `LANG`/`LC_ALL` (`ja…` gives Japanese), else English.
fn language(flag: Option<&str>) -> Language {
    if let Some(code) = flag {
        return code.parse().unwrap_or_default();
    }
    let from_environment = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty());
    match from_environment {
        Some(value) if value.starts_with("ja") => Language::Japanese,
        _ => Language::English,
    }
}

pub(crate) fn run(
    file: &Path,
    profile: &str,
    profile_file: Option<&Path>,
    format: ReportFormat,
    lang: Option<&str>,
    limits: &InputLimits,
) -> anyhow::Result<Outcome> {
    let profile = match profile_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Profile::from_toml(&text, &path.display().to_string())?
        }
        None => Profile::built_in(profile)?,
    };
    let document = sbom_io::read_path(file, limits.max_size)?;
    let report = tplc_sbom::check(&document, &profile);
    let language = language(lang);
    let view = CheckView {
        file,
        profile: &profile,
        report: &report,
        language,
        messages: &Messages::new(language),
    };
    let text = match format {
        ReportFormat::Table => output::check_table(&view),
        ReportFormat::Markdown => output::check_markdown(&view),
        ReportFormat::Json => output::check_json(&view)?,
    };
    output::print(&text)?;
    Ok(if report.passed {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}
