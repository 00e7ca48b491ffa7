//! `tplc db import` and `tplc db status`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::json;
use tplc_vulndb::store::{MAX_LISTED, Progress};
use tplc_vulndb::{Database, SourceKind};

use crate::Outcome;
use crate::cli::{DbLocation, ImportKind, StatusFormat};
use crate::output;

/// The database directory the user chose, or the default one.
pub(crate) fn directory(location: &DbLocation) -> PathBuf {
    location.db.clone().unwrap_or_else(tplc_vulndb::default_dir)
}

/// Opens the database for reading.
pub(crate) fn open(location: &DbLocation) -> anyhow::Result<Database> {
    let dir = directory(location);
    Ok(Database::open(&dir)?)
}

fn kind(kind: ImportKind) -> SourceKind {
    match kind {
        ImportKind::Osv => SourceKind::Osv,
        ImportKind::Nvd => SourceKind::Nvd,
        ImportKind::Jvn => SourceKind::Jvn,
        ImportKind::Kev => SourceKind::Kev,
        ImportKind::Epss => SourceKind::Epss,
    }
}

pub(crate) fn import(
    import_kind: ImportKind,
    paths: &[PathBuf],
    location: &DbLocation,
) -> anyhow::Result<Outcome> {
    let dir = directory(location);
    let source = kind(import_kind);
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed} {pos} records  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let mut progress = |step: Progress<'_>| {
        bar.set_position(step.records);
        bar.set_message(short(step.path));
    };
    let report = tplc_vulndb::import(&dir, source, paths, &mut progress)
        .with_context(|| format!("import into {}", dir.display()))?;
    bar.finish_and_clear();
    let mut text = String::new();
    for error in &report.errors {
        let _ = writeln!(text, "skipped: {error}");
    }
    if report.skipped as usize > report.errors.len() {
        let _ = writeln!(
            text,
            "skipped: … and {} more unreadable records",
            report.skipped as usize - report.errors.len()
        );
    }
    let mut listed = 0;
    for (message, count, example) in &report.issues {
        let _ = writeln!(text, "not matchable: {count} × {message} (e.g. {example})");
        listed += count;
    }
    if report.unmatchable > listed {
        let _ = writeln!(
            text,
            "not matchable: … and {} more of other kinds (the {MAX_LISTED} most frequent kinds listed)",
            report.unmatchable - listed
        );
    }
    for failed in &report.failed_sources {
        let _ = writeln!(text, "error: {failed}");
    }
    eprint_text(&text)?;
    output::print(&format!(
        "{} import into {}: {} read, {} skipped, {} added, {} updated, {} kept (stored copy newer); \
         {} affected entries not matchable; {} advisories in all; {}\n",
        source.name(),
        dir.display(),
        report.read,
        report.skipped,
        report.added,
        report.updated,
        report.kept_newer,
        report.unmatchable,
        report.total,
        if report.changed {
            "database written"
        } else {
            "no change"
        }
    ))?;
    Ok(if report.failed_sources.is_empty() {
        Outcome::Success
    } else {
        Outcome::Failed
    })
}

fn eprint_text(text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    let mut stderr = std::io::stderr().lock();
    stderr.write_all(text.as_bytes())?;
    Ok(())
}

fn short(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

pub(crate) fn status(format: StatusFormat, location: &DbLocation) -> anyhow::Result<Outcome> {
    let database = open(location)?;
    let status = database.status();
    let text = match format {
        StatusFormat::Json => {
            let value = json!({
                "path": status.path.as_ref().map(|path| path.display().to_string()),
                "advisories": status.advisories,
                "packages": status.packages,
                "cpe_products": status.cpe_products,
                "kev": status.kev,
                "epss": status.epss.0,
                "epss_date": status.epss.1,
                "sources": status.sources.iter().map(|source| json!({
                    "kind": source.kind,
                    "paths": source.paths,
                    "imported_at": source.imported_at,
                    "records": source.records,
                    "skipped": source.skipped,
                    "unmatchable": source.unmatchable,
                })).collect::<Vec<_>>(),
                "ecosystems": status.ecosystems.iter().map(|(name, count)| json!({"ecosystem": name, "advisories": count})).collect::<Vec<_>>(),
            });
            format!("{}\n", serde_json::to_string_pretty(&value)?)
        }
        StatusFormat::Table => {
            let mut text = String::new();
            if let Some(path) = &status.path {
                let _ = writeln!(text, "database: {}", path.display());
            }
            let _ = writeln!(
                text,
                "{} advisories, {} package keys, {} CPE products, {} KEV entries, {} EPSS scores{}",
                status.advisories,
                status.packages,
                status.cpe_products,
                status.kev,
                status.epss.0,
                status
                    .epss
                    .1
                    .as_ref()
                    .map(|date| format!(" ({date})"))
                    .unwrap_or_default()
            );
            let _ = writeln!(text, "\nsources:");
            for source in &status.sources {
                let _ = writeln!(
                    text,
                    "  {:<5} {:>8} records  last import {}  ({} skipped, {} not matchable)  {}",
                    source.kind,
                    source.records,
                    source.imported_at,
                    source.skipped,
                    source.unmatchable,
                    source.paths.join(" ")
                );
            }
            let _ = writeln!(text, "\nadvisories per ecosystem:");
            for (ecosystem, count) in &status.ecosystems {
                let _ = writeln!(text, "  {ecosystem:<24} {count:>8}");
            }
            text
        }
    };
    output::print(&text)?;
    Ok(Outcome::Success)
}
