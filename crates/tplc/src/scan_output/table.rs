//! The table form of `tplc scan`, for a terminal.

use std::fmt::Write as _;

use super::ScannedSbom;

/// Shortens text to `width` characters.
fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut clipped: String = text.chars().take(width.saturating_sub(1)).collect();
    clipped.push('…');
    clipped
}

/// Aligned columns: severity, advisory, component@version, fixed in, KEV, EPSS, summary.
pub(crate) fn table(scanned: &[ScannedSbom]) -> String {
    let mut out = String::new();
    for sbom in scanned {
        let report = &sbom.report;
        let _ = writeln!(
            out,
            "{}: {} findings in {} components ({} excluded, {} not scannable)",
            sbom.path.display(),
            report.findings.len(),
            report.components,
            report.excluded,
            report.unscannable.len()
        );
        if report.findings.is_empty() {
            continue;
        }
        let rows: Vec<[String; 7]> = report
            .findings
            .iter()
            .map(|finding| {
                [
                    finding.vulnerability.severity.as_str().to_uppercase(),
                    finding.vulnerability.advisory.clone(),
                    clip(
                        &format!(
                            "{}@{}",
                            finding.name,
                            finding.version.as_deref().unwrap_or("?")
                        ),
                        48,
                    ),
                    clip(&finding.vulnerability.fixed_versions.join(", "), 24),
                    if finding.vulnerability.kev.is_some() {
                        "KEV".into()
                    } else {
                        String::new()
                    },
                    finding
                        .vulnerability
                        .epss
                        .map(|epss| format!("{:.3}", epss.score))
                        .unwrap_or_default(),
                    clip(
                        finding.vulnerability.summary.as_deref().unwrap_or_default(),
                        60,
                    ),
                ]
            })
            .collect();
        let header = [
            "SEVERITY",
            "ADVISORY",
            "COMPONENT",
            "FIXED IN",
            "KEV",
            "EPSS",
            "SUMMARY",
        ];
        let mut widths = header.map(|title| title.chars().count());
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let mut text = String::new();
            for (index, (cell, width)) in cells.iter().zip(widths).enumerate() {
                if index + 1 == cells.len() {
                    text.push_str(cell);
                } else {
                    let _ = write!(text, "{cell:<width$}  ");
                }
            }
            text.trim_end().to_owned()
        };
        let _ = writeln!(out, "{}", line(&header.map(str::to_owned)));
        for row in &rows {
            let _ = writeln!(out, "{}", line(row));
        }
    }
    let unscannable: usize = scanned
        .iter()
        .map(|sbom| sbom.report.unscannable.len())
        .sum();
    if unscannable > 0 {
        let _ = writeln!(
            out,
            "\nnot scannable ({unscannable}; --format json lists each with its reason):"
        );
        for sbom in scanned {
            for entry in sbom.report.unscannable.iter().take(10) {
                let _ = writeln!(
                    out,
                    "  {} {}: {}",
                    entry.name,
                    entry.purl.as_deref().unwrap_or(""),
                    entry.reason
                );
            }
        }
    }
    out
}
