//! The evidence pack: one zip with the attachment, the SBOMs, the findings, the lifecycle plan and
//! the list of linked documents, with an `index.html` that links every file.

use serde::{Deserialize, Serialize};

use crate::csv::documents_csv;
use crate::docx::to_docx;
use crate::error::AttachmentError;
use crate::html::to_html;
use crate::model::{AttachmentTable, DocumentStatus};
use crate::pack_pages::{PackFile, documents_html, findings_html, index_html, lifecycle_html};
use crate::validate::check_table;
use crate::zipper::write_zip;

/// A document linked as evidence for one conformity item (one line of `documents.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkedDocument {
    /// Id of the conformity item, e.g. `jp0523-1-2-b`.
    pub item_id: String,
    /// Document number.
    pub number: String,
    /// Document title.
    pub title: String,
    /// Document version or revision.
    pub version: String,
    /// Where the document is kept (URI or path); `http(s)` URIs become links in `documents.html`.
    pub location: String,
    /// Who owns the document.
    pub owner: String,
    /// Status of the document.
    pub status: DocumentStatus,
}

/// One finding of the product version with its current analysis, for `findings.html`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingRow {
    /// Vulnerability id (CVE, GHSA, JVNDB, …).
    pub vulnerability: String,
    /// Affected component name.
    pub component: String,
    /// Affected component version.
    pub component_version: Option<String>,
    /// Severity word as the store writes it (`critical`, `high`, `medium`, `low`, `none`, `unknown`).
    pub severity: String,
    /// CVSS base score.
    pub cvss_score: Option<f64>,
    /// Whether the vulnerability is in CISA's Known Exploited Vulnerabilities catalog.
    pub kev: bool,
    /// Analysis state (CycloneDX words: `in_triage`, `not_affected`, …); `None` when not analysed.
    pub state: Option<String>,
    /// Justification of a `not_affected` state (CycloneDX words).
    pub justification: Option<String>,
    /// Responses (CycloneDX words: `update`, `workaround_available`, …).
    pub responses: Vec<String>,
    /// Free text of the analysis.
    pub detail: Option<String>,
}

/// A record that the limited-support plan was shown to a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    /// Customer (hospital) the plan was shown to.
    pub customer: String,
    /// Date it was shown (YYYY-MM-DD).
    pub shown_at: String,
    /// How it was shown (letter, portal, meeting, …).
    pub method: String,
    /// Free text.
    pub note: String,
}

/// The lifecycle plan of the product version, for `lifecycle.html` and `lifecycle.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifecycleSummary {
    /// Phase word as the store writes it (`development`, `support`, `limited_support`, `end_of_support`).
    pub phase: String,
    /// Release date (YYYY-MM-DD).
    pub release_date: Option<String>,
    /// End of life (EOL) date (YYYY-MM-DD).
    pub eol: Option<String>,
    /// End of support (EOS) date (YYYY-MM-DD).
    pub eos: Option<String>,
    /// Plan for the limited-support period between EOL and EOS.
    pub limited_support_plan: String,
    /// Whether the version is a legacy device.
    pub legacy: bool,
    /// Why it is (or is not) legacy.
    pub legacy_reason: String,
    /// When and to whom the plan was shown.
    pub disclosures: Vec<Disclosure>,
}

/// Everything the evidence pack of one product version holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidencePack {
    /// Title of `index.html`.
    pub index_title: String,
    /// The attachment table; its language is the language of every page of the pack.
    pub attachment: AttachmentTable,
    /// The SBOM as CycloneDX JSON (`sbom.cdx.json`); left out of the pack when empty.
    pub sbom_cyclonedx: Vec<u8>,
    /// The SBOM as SPDX JSON (`sbom.spdx.json`); left out of the pack when empty.
    pub sbom_spdx: Vec<u8>,
    /// The current findings with their analyses as JSON (`findings.json`); left out when empty.
    pub findings_json: Vec<u8>,
    /// The same findings for `findings.html`.
    pub findings: Vec<FindingRow>,
    /// The lifecycle plan.
    pub lifecycle: LifecycleSummary,
    /// The linked documents (`documents.csv`, `documents.html`).
    pub documents: Vec<LinkedDocument>,
}

/// Names of the files [`write_pack`] writes, in order (the JSON parts only when not empty).
pub const PACK_FILES: [&str; 12] = [
    "index.html",
    "attachment.docx",
    "attachment.html",
    "sbom.cdx.json",
    "sbom.spdx.json",
    "findings.json",
    "findings.html",
    "lifecycle.html",
    "lifecycle.json",
    "documents.csv",
    "documents.html",
    "pack.json",
];

/// Writes the evidence pack as a zip: `index.html` (links to every file), `attachment.docx`,
/// `attachment.html`, `sbom.cdx.json`, `sbom.spdx.json`, `findings.json`, `findings.html`,
/// `lifecycle.html`, `lifecycle.json`, `documents.csv` (UTF-8 with BOM, for spreadsheets),
/// `documents.html` and `pack.json` (what is in the pack, machine-readable). An SBOM or the
/// findings JSON that is empty is left out and marked so in the index; one that is not valid
/// JSON is an error naming file, line and column. Equal input gives equal bytes.
pub fn write_pack(pack: &EvidencePack) -> Result<Vec<u8>, AttachmentError> {
    if pack.index_title.trim().is_empty() {
        return Err(AttachmentError::invalid(
            "/index_title",
            "must not be empty",
        ));
    }
    check_table(&pack.attachment, "/attachment")?;
    for (file, bytes) in [
        ("sbom.cdx.json", &pack.sbom_cyclonedx),
        ("sbom.spdx.json", &pack.sbom_spdx),
        ("findings.json", &pack.findings_json),
    ] {
        check_json(file, bytes)?;
    }
    let lang = pack.attachment.lang;
    let docx = to_docx(&pack.attachment)?;
    let attachment_html = to_html(&pack.attachment);
    let lifecycle_json = serde_json::to_vec_pretty(&pack.lifecycle).map_err(|source| {
        AttachmentError::Serialize {
            part: "lifecycle.json",
            source,
        }
    })?;
    let findings_page = findings_html(lang, &pack.findings);
    let lifecycle_page = lifecycle_html(lang, &pack.lifecycle);
    let documents_page = documents_html(lang, &pack.documents);
    let csv = documents_csv(&pack.documents);

    let contents: [(&'static str, &[u8]); 10] = [
        ("attachment.docx", &docx),
        ("attachment.html", attachment_html.as_bytes()),
        ("sbom.cdx.json", &pack.sbom_cyclonedx),
        ("sbom.spdx.json", &pack.sbom_spdx),
        ("findings.json", &pack.findings_json),
        ("findings.html", findings_page.as_bytes()),
        ("lifecycle.html", lifecycle_page.as_bytes()),
        ("lifecycle.json", &lifecycle_json),
        ("documents.csv", csv.as_bytes()),
        ("documents.html", documents_page.as_bytes()),
    ];
    let mut files: Vec<PackFile> = contents
        .iter()
        .map(|(name, bytes)| PackFile {
            name,
            included: !bytes.is_empty(),
        })
        .collect();
    files.push(PackFile {
        name: "pack.json",
        included: true,
    });
    let manifest = manifest_json(pack, &files)?;
    let index = index_html(pack, &files);
    let mut parts: Vec<(&str, &[u8])> = vec![("index.html", index.as_bytes())];
    parts.extend(contents.iter().filter(|(_, bytes)| !bytes.is_empty()));
    parts.push(("pack.json", &manifest));
    write_zip(&parts)
}

/// `pack.json`: product, version, language, generation time, files, and counts.
fn manifest_json(pack: &EvidencePack, files: &[PackFile]) -> Result<Vec<u8>, AttachmentError> {
    let table = &pack.attachment;
    let manifest = serde_json::json!({
        "title": pack.index_title.trim(),
        "lang": table.lang,
        "product": table.product,
        "generated_at": table.generated_at,
        "annex_f_applied": table.annex_f.is_some(),
        "files": files
            .iter()
            .filter(|file| file.included)
            .map(|file| file.name)
            .collect::<Vec<_>>(),
        "documents": pack.documents.len(),
        "findings": pack.findings.len(),
    });
    serde_json::to_vec_pretty(&manifest).map_err(|source| AttachmentError::Serialize {
        part: "pack.json",
        source,
    })
}

/// Checks that a JSON part of the pack parses (empty parts are left out and not checked).
fn check_json(file: &'static str, bytes: &[u8]) -> Result<(), AttachmentError> {
    if bytes.is_empty() {
        return Ok(());
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
        .map(|_| ())
        .map_err(|error| {
            let (line, column) = (error.line(), error.column());
            let text = error.to_string();
            let message = text
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&text)
                .to_owned();
            AttachmentError::Json {
                file,
                line,
                column,
                message,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_json_names_file_line_and_column() {
        let error = check_json("findings.json", b"[\n  {\"a\": }\n]").err();
        let text = error.map(|error| error.to_string()).unwrap_or_default();
        assert!(
            text.starts_with("findings.json:2:9: not valid JSON: "),
            "{text}"
        );
        assert!(check_json("sbom.cdx.json", b"").is_ok());
        assert!(check_json("sbom.cdx.json", b"{\"bomFormat\":\"CycloneDX\"}").is_ok());
    }
}
