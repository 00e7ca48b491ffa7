//! [`evidence_pack`]: the evidence pack zip of a [`ComplianceStatus`].

use serde_json::{Value, json};
use tplc_attachment::{
    Disclosure, DocumentStatus, EvidencePack, FindingRow as PackFinding, LifecycleSummary,
    LinkedDocument, write_pack,
};
use tplc_compliance::Lang;
use tplc_formats::TargetFormat;
use tplc_store::{
    Analysis, FindingFilter, FindingListQuery, OrganizationId, ProductVersionId, Store,
};

use super::status::ComplianceStatus;
use super::{ComplianceError, attachment_table, blocking};

/// Findings read per page while building the pack.
const PAGE: u64 = 500;

/// The SBOM as CycloneDX 1.6 JSON and SPDX 2.3 JSON, re-serialised from the stored original of
/// the version's newest ready SBOM; both empty when it has none.
async fn sboms(
    store: &Store,
    org: OrganizationId,
    version: ProductVersionId,
) -> Result<(Vec<u8>, Vec<u8>), ComplianceError> {
    let documents = store.sbom_documents(org, version).await?;
    let Some(newest) = documents.last() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let original = store.sbom_original(org, newest.id).await?;
    blocking(move || {
        let (_, document) =
            tplc_formats::read_bytes(original).map_err(|e| ComplianceError::Sbom(e.one_line()))?;
        let cyclonedx = tplc_formats::write(&document, TargetFormat::CyclonedxJson).bytes;
        let spdx = tplc_formats::write(&document, TargetFormat::SpdxJson).bytes;
        Ok((cyclonedx, spdx))
    })
    .await
}

fn analysis_json(analysis: &Analysis) -> Value {
    json!({
        "state": analysis.state.as_str(),
        "justification": analysis.justification.map(|j| j.as_str()),
        "response": analysis.response.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        "detail": analysis.detail,
        "cvss_environmental": analysis.cvss_environmental,
        "author": analysis.author,
        "created_at": analysis.created_at.to_text(),
        "product_version": analysis.product_version.get(),
    })
}

/// Every finding of the version (excluded components too) with its current analysis and the
/// analysis history: the JSON of `findings.json` and the rows of `findings.html`.
async fn findings(
    store: &Store,
    org: OrganizationId,
    version: ProductVersionId,
) -> Result<(Vec<u8>, Vec<PackFinding>), ComplianceError> {
    let mut json_rows = Vec::new();
    let mut rows = Vec::new();
    let mut offset = 0;
    loop {
        let page = store
            .finding_page(
                org,
                &FindingListQuery {
                    filter: FindingFilter {
                        product_version: Some(version),
                        include_excluded: true,
                        ..FindingFilter::default()
                    },
                    state: None,
                    limit: PAGE,
                    offset,
                },
            )
            .await?;
        let count = page.rows.len() as u64;
        for row in page.rows {
            let finding = &row.finding;
            let current = store.current_analysis(org, finding.id).await?;
            let history = store.analysis_history(org, finding.id).await?;
            json_rows.push(json!({
                "id": finding.id.get(),
                "vulnerability": finding.vulnerability_key,
                "component": row.component.name,
                "component_version": row.component.version,
                "purl": row.component.purl,
                "severity": finding.severity.as_str(),
                "cvss_vector": finding.cvss_vector,
                "cvss_score": finding.cvss_score,
                "kev": finding.kev,
                "epss": finding.epss,
                "fixed_versions": finding.fixed_versions,
                "first_seen": finding.first_seen.to_text(),
                "last_seen": finding.last_seen.to_text(),
                "analysis": current.as_ref().map(|c| {
                    let mut value = analysis_json(&c.analysis);
                    if let Some(map) = value.as_object_mut() {
                        map.insert("inherited".into(), json!(c.inherited));
                        map.insert("from_version".into(), json!(c.from_version_label));
                    }
                    value
                }),
                "history": history.iter().map(analysis_json).collect::<Vec<_>>(),
            }));
            let analysis = current.as_ref().map(|c| &c.analysis);
            rows.push(PackFinding {
                vulnerability: finding.vulnerability_key.clone(),
                component: row.component.name.clone(),
                component_version: row.component.version.clone(),
                severity: finding.severity.as_str().to_owned(),
                cvss_score: finding.cvss_score,
                kev: finding.kev,
                state: analysis.map(|a| a.state.as_str().to_owned()),
                justification: analysis
                    .and_then(|a| a.justification)
                    .map(|j| j.as_str().to_owned()),
                responses: analysis
                    .map(|a| a.response.iter().map(|r| r.as_str().to_owned()).collect())
                    .unwrap_or_default(),
                detail: analysis.and_then(|a| a.detail.clone()),
            });
        }
        offset += count;
        if count < PAGE || offset >= page.total {
            break;
        }
    }
    let bytes = serde_json::to_vec_pretty(&json_rows).map_err(|e| ComplianceError::Corrupt {
        what: "findings",
        message: e.to_string(),
    })?;
    Ok((bytes, rows))
}

/// The lifecycle plan of the version with its disclosure records.
async fn lifecycle(
    store: &Store,
    org: OrganizationId,
    version: ProductVersionId,
) -> Result<LifecycleSummary, ComplianceError> {
    let v = store.product_version(org, version).await?;
    let disclosures = store.disclosures(org, version).await?;
    Ok(LifecycleSummary {
        phase: v.lifecycle_phase.as_str().to_owned(),
        release_date: v.release_date,
        eol: v.eol_date,
        eos: v.eos_date,
        limited_support_plan: v.limited_support_plan,
        legacy: v.legacy,
        legacy_reason: v.legacy_reason,
        disclosures: disclosures
            .into_iter()
            .map(|d| Disclosure {
                customer: d.customer,
                shown_at: d.shown_at,
                method: d.method,
                note: d.note,
            })
            .collect(),
    })
}

/// The evidence pack of `status` in `lang` as a zip ([`tplc_attachment::write_pack`]):
/// `index.html`, the attachment ([`attachment_table`]) as DOCX and HTML, the version's newest
/// ready SBOM re-serialised as CycloneDX 1.6 (`sbom.cdx.json`) and SPDX 2.3 (`sbom.spdx.json`)
/// from the stored original, the findings with their current analyses and analysis history
/// (`findings.json`, `findings.html`), the lifecycle plan with its disclosures, and the linked
/// documents of every item (`documents.csv`, `documents.html`).
///
/// # Errors
/// A store error; [`ComplianceError::Sbom`] when the stored SBOM no longer reads;
/// [`ComplianceError::Attachment`] when the pack cannot be written.
pub async fn evidence_pack(
    store: &Store,
    status: &ComplianceStatus,
    lang: Lang,
) -> Result<Vec<u8>, ComplianceError> {
    let org = OrganizationId::new(status.organization);
    let version = ProductVersionId::new(status.version.id);
    let attachment = attachment_table(status, lang)?;
    let (sbom_cyclonedx, sbom_spdx) = sboms(store, org, version).await?;
    let (findings_json, findings) = findings(store, org, version).await?;
    let lifecycle = lifecycle(store, org, version).await?;
    let documents = status
        .items
        .iter()
        .flat_map(|item| item.evidence.iter())
        .map(|e| LinkedDocument {
            item_id: e.item_id.clone(),
            number: e.document_number.clone(),
            title: e.title.clone(),
            version: e.document_version.clone(),
            location: e.location.clone(),
            owner: e.owner.clone(),
            status: e.status.parse().unwrap_or(DocumentStatus::Planned),
        })
        .collect();
    let index_title = match lang {
        Lang::Ja => format!(
            "適合性確認資料一式 — {} {}",
            status.product.name, status.version.label
        ),
        Lang::En => format!(
            "Evidence pack — {} {}",
            status.product.name, status.version.label
        ),
    };
    let pack = EvidencePack {
        index_title,
        attachment,
        sbom_cyclonedx,
        sbom_spdx,
        findings_json,
        findings,
        lifecycle,
        documents,
    };
    blocking(move || Ok(write_pack(&pack)?)).await
}
