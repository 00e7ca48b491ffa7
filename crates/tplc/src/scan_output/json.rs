//! The JSON form of `tplc scan`: `{"findings":[…], "unscannable":[…], "sboms":[…]}`.

use serde_json::{Value, json as object};
use tplc_vulndb::Finding;

use super::ScannedSbom;

/// One finding as JSON (the documented fields first).
fn finding(sbom: &str, finding: &Finding) -> Value {
    object!({
        "advisory": finding.vulnerability.advisory,
        "aliases": finding.vulnerability.aliases,
        "purl": finding.purl,
        "version": finding.version,
        "severity": finding.vulnerability.severity.as_str(),
        "fixed_versions": finding.vulnerability.fixed_versions,
        "component": finding.name,
        "bom_ref": finding.bom_ref,
        "cpe": finding.cpe,
        "sbom": sbom,
        "summary": finding.vulnerability.summary,
        "cvss": finding.vulnerability.cvss,
        "kev": finding.vulnerability.kev,
        "epss": finding.vulnerability.epss,
        "published": finding.vulnerability.published,
        "matched": finding.vulnerability.matched,
        "reasons": finding.vulnerability.reasons,
    })
}

/// The whole scan as JSON: findings of every SBOM (each most severe first, SBOMs in order),
/// the components that could not be scanned, and a summary per SBOM.
pub(crate) fn json(scanned: &[ScannedSbom]) -> Value {
    let mut findings = Vec::new();
    let mut unscannable = Vec::new();
    let mut sboms = Vec::new();
    for sbom in scanned {
        let path = sbom.path.display().to_string();
        findings.extend(
            sbom.report
                .findings
                .iter()
                .map(|found| finding(&path, found)),
        );
        unscannable.extend(sbom.report.unscannable.iter().map(|entry| {
            object!({
                "sbom": path,
                "component": entry.name,
                "purl": entry.purl,
                "reason": entry.reason,
            })
        }));
        sboms.push(object!({
            "path": path,
            "components": sbom.report.components,
            "excluded": sbom.report.excluded,
            "findings": sbom.report.findings.len(),
            "unscannable": sbom.report.unscannable.len(),
        }));
    }
    object!({ "findings": findings, "unscannable": unscannable, "sboms": sboms })
}
