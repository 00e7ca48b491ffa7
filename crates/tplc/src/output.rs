//! Everything the commands print: data to stdout, notes to stderr.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use anyhow::Context;
use tplc_model::Omission;
use tplc_sbom::{CheckReport, ComponentGaps, DiffReport, Element, Language, Messages, Profile};

/// Writes text to standard output.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Writes bytes to a file (atomically, through a temporary file beside it) or to stdout.
pub(crate) fn emit(bytes: &[u8], destination: Option<&Path>) -> anyhow::Result<()> {
    let Some(path) = destination else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(bytes)?;
        return Ok(stdout.flush()?);
    };
    let directory = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(
        || "output".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let temporary = directory.join(format!(".{name}.tplc-{}", std::process::id()));
    let result = std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

/// Lists on stderr what the target format could not carry, grouped when there are many.
pub(crate) fn report_omissions(omissions: &[Omission]) -> anyhow::Result<()> {
    const SHOWN: usize = 20;
    let mut stderr = std::io::stderr().lock();
    for omission in omissions.iter().take(SHOWN) {
        writeln!(stderr, "note: not carried: {omission}")?;
    }
    if omissions.len() > SHOWN {
        let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
        for omission in &omissions[SHOWN..] {
            *by_kind.entry(omission.what.as_str()).or_default() += 1;
        }
        for (what, count) in by_kind {
            writeln!(stderr, "note: not carried: {what} ({count} more)")?;
        }
    }
    Ok(())
}

/// What a check report is rendered from.
pub(crate) struct CheckView<'a> {
    pub(crate) file: &'a Path,
    pub(crate) profile: &'a Profile,
    pub(crate) report: &'a CheckReport,
    pub(crate) language: Language,
    pub(crate) messages: &'a Messages,
}

impl CheckView<'_> {
    fn summary(&self) -> String {
        let verdict = self
            .messages
            .text(if self.report.passed { "pass" } else { "fail" });
        self.messages.format(
            "summary",
            &[
                ("verdict", verdict),
                ("profile", &self.profile.id),
                ("failing", &self.report.failing_components().to_string()),
                ("checked", &self.report.components_checked.to_string()),
                (
                    "document_gaps",
                    &self.report.document_gaps.len().to_string(),
                ),
                ("file", &self.file.display().to_string()),
            ],
        )
    }

    fn missing(&self, gaps: &ComponentGaps) -> String {
        let separator = if self.language == Language::Japanese {
            "、"
        } else {
            ", "
        };
        gaps.missing
            .iter()
            .map(|element| self.messages.element_missing(*element))
            .collect::<Vec<_>>()
            .join(separator)
    }

    fn document_line(&self, element: Element) -> (String, String) {
        (
            self.messages.element_name(element).to_owned(),
            self.messages.element_missing(element).to_owned(),
        )
    }
}

/// Display width: East Asian wide characters take two columns.
fn width(text: &str) -> usize {
    text.chars()
        .map(|character| if is_wide(character) { 2 } else { 1 })
        .sum()
}

fn is_wide(character: char) -> bool {
    matches!(u32::from(character), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

fn pad(text: &str, columns: usize) -> String {
    let mut padded = text.to_owned();
    padded.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    padded
}

/// Renders rows as aligned columns (the last column is not padded).
pub(crate) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|cell| width(cell)).collect();
    for row in rows {
        for (index, cell) in row.iter().enumerate().take(columns) {
            widths[index] = widths[index].max(width(cell));
        }
    }
    let mut text = String::new();
    let header: Vec<String> = header.iter().map(|cell| (*cell).to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(index, cell)| {
                if index + 1 == columns {
                    cell.clone()
                } else {
                    pad(cell, widths[index])
                }
            })
            .collect();
        let _ = writeln!(text, "{}", cells.join("  ").trim_end());
    }
    text
}

fn component_label(gaps: &ComponentGaps) -> String {
    match (gaps.name.trim(), gaps.bom_ref.as_deref()) {
        ("", Some(reference)) => format!("({reference})"),
        (name, _) => name.to_owned(),
    }
}

/// The check as aligned text: summary line, document gaps, then one row per component.
pub(crate) fn check_table(view: &CheckView<'_>) -> String {
    let messages = view.messages;
    let mut text = format!("{}\n", view.summary());
    let _ = writeln!(text, "{}", view.profile.title(view.language));
    for element in &view.report.document_gaps {
        let (name, missing) = view.document_line(*element);
        let _ = writeln!(text, "{}: {name}: {missing}", messages.text("document"));
    }
    if !view.report.component_gaps.is_empty() {
        text.push('\n');
        let rows: Vec<Vec<String>> = view
            .report
            .component_gaps
            .iter()
            .map(|gaps| {
                vec![
                    component_label(gaps),
                    gaps.version.clone().unwrap_or_default(),
                    view.missing(gaps),
                ]
            })
            .collect();
        text.push_str(&table(
            &[
                messages.text("component"),
                messages.text("version"),
                messages.text("missing"),
            ],
            &rows,
        ));
    }
    text
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The check as Markdown: summary, a table of missing counts per element, then the gaps.
pub(crate) fn check_markdown(view: &CheckView<'_>) -> String {
    let messages = view.messages;
    let mut text = format!(
        "**{}**\n\n## {}\n\n",
        markdown_cell(&view.summary()),
        markdown_cell(view.profile.title(view.language))
    );
    for element in &view.report.document_gaps {
        let (name, missing) = view.document_line(*element);
        let _ = writeln!(
            text,
            "- {}: **{}**: {}",
            messages.text("document"),
            markdown_cell(&name),
            markdown_cell(&missing)
        );
    }
    if !view.report.document_gaps.is_empty() {
        text.push('\n');
    }
    let _ = writeln!(
        text,
        "| {} | {} |\n| --- | ---: |",
        messages.text("element"),
        messages.text("components_missing")
    );
    for (element, count) in &view.report.missing_counts {
        let _ = writeln!(
            text,
            "| {} | {count} |",
            markdown_cell(messages.element_name(*element))
        );
    }
    if view.report.component_gaps.is_empty() {
        let _ = writeln!(text, "\n{}", messages.text("no_gaps"));
        return text;
    }
    let _ = writeln!(
        text,
        "\n| {} | {} | {} |\n| --- | --- | --- |",
        messages.text("component"),
        messages.text("version"),
        messages.text("missing")
    );
    for gaps in &view.report.component_gaps {
        let _ = writeln!(
            text,
            "| {} | {} | {} |",
            markdown_cell(&component_label(gaps)),
            markdown_cell(gaps.version.as_deref().unwrap_or_default()),
            markdown_cell(&view.missing(gaps))
        );
    }
    text
}

/// The check as JSON: the report plus the file, the profile's title and the messages.
pub(crate) fn check_json(view: &CheckView<'_>) -> anyhow::Result<String> {
    let messages = view.messages;
    let document_gaps: Vec<serde_json::Value> = view
        .report
        .document_gaps
        .iter()
        .map(|element| {
            serde_json::json!({
                "element": element,
                "name": messages.element_name(*element),
                "message": messages.element_missing(*element),
            })
        })
        .collect();
    let components: Vec<serde_json::Value> = view
        .report
        .component_gaps
        .iter()
        .map(|gaps| {
            serde_json::json!({
                "name": gaps.name,
                "version": gaps.version,
                "bomRef": gaps.bom_ref,
                "topLevel": gaps.top_level,
                "missing": gaps.missing,
                "messages": gaps.missing.iter().map(|element| messages.element_missing(*element)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "file": view.file.display().to_string(),
        "profile": view.profile.id,
        "profileTitle": view.profile.title(view.language),
        "language": view.language.code(),
        "passed": view.report.passed,
        "summary": view.summary(),
        "componentsChecked": view.report.components_checked,
        "componentsTotal": view.report.components_total,
        "missingCounts": view.report.missing_counts,
        "documentGaps": document_gaps,
        "componentGaps": components,
    });
    Ok(serde_json::to_string_pretty(&value)? + "\n")
}

fn diff_summary(report: &DiffReport) -> String {
    format!(
        "{} added, {} removed, {} changed, {} unchanged",
        report.added.len(),
        report.removed.len(),
        report.changed.len(),
        report.unchanged
    )
}

fn diff_rows(report: &DiffReport) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for entry in &report.added {
        rows.push(vec![
            "+".into(),
            entry.name.clone(),
            String::new(),
            entry.versions.join(", "),
            entry.identity.clone(),
        ]);
    }
    for entry in &report.removed {
        rows.push(vec![
            "-".into(),
            entry.name.clone(),
            entry.versions.join(", "),
            String::new(),
            entry.identity.clone(),
        ]);
    }
    for change in &report.changed {
        for field in &change.changes {
            let label = if field.field == "version" {
                change.name.clone()
            } else {
                format!("{} ({})", change.name, field.field)
            };
            rows.push(vec![
                "~".into(),
                label,
                field.old.clone().unwrap_or_default(),
                field.new.clone().unwrap_or_default(),
                change.identity.clone(),
            ]);
        }
    }
    rows
}

/// The diff as aligned text.
pub(crate) fn diff_table(report: &DiffReport) -> String {
    let mut text = format!("{}\n", diff_summary(report));
    let rows = diff_rows(report);
    if !rows.is_empty() {
        text.push('\n');
        text.push_str(&table(&["", "COMPONENT", "OLD", "NEW", "IDENTITY"], &rows));
    }
    text
}

/// The diff as Markdown.
pub(crate) fn diff_markdown(report: &DiffReport) -> String {
    let mut text = format!("**{}**\n", diff_summary(report));
    let rows = diff_rows(report);
    if !rows.is_empty() {
        text.push_str(
            "\n| | component | old | new | identity |\n| --- | --- | --- | --- | --- |\n",
        );
        for row in rows {
            let cells: Vec<String> = row.iter().map(|cell| markdown_cell(cell)).collect();
            let _ = writeln!(text, "| {} |", cells.join(" | "));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_wide_characters() {
        let text = table(
            &["A", "B"],
            &[
                vec!["供給者名".into(), "x".into()],
                vec!["ab".into(), "y".into()],
            ],
        );
        assert_eq!(text, "A         B\n供給者名  x\nab        y\n");
    }
}
