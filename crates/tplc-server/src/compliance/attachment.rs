//! [`attachment_table`]: the application attachment of a [`ComplianceStatus`].

use tplc_attachment::{AttachmentRow, AttachmentTable, DocumentRef, DocumentStatus, ProductLine};
use tplc_compliance::{AutoEvidence, Lang};

use super::status::{ComplianceStatus, EvidenceEntry, ItemStatus};
use super::{ComplianceError, attachment_lang};

/// The number and title tplc writes for evidence it holds itself.
fn auto_document(kind: AutoEvidence, lang: Lang) -> (&'static str, &'static str) {
    match (kind, lang) {
        (AutoEvidence::Sbom, Lang::Ja) => (
            "tplc:sbom",
            "SBOM（tplc で版ごとに管理、CycloneDX 1.6 / SPDX 2.3）",
        ),
        (AutoEvidence::Sbom, Lang::En) => (
            "tplc:sbom",
            "SBOM (kept per version in tplc; CycloneDX 1.6 / SPDX 2.3)",
        ),
        (AutoEvidence::VulnerabilityProcedure, Lang::Ja) => (
            "tplc:vulnerability-monitoring",
            "脆弱性監視の記録（tplc：脆弱性データベースとの照合、検出と分析）",
        ),
        (AutoEvidence::VulnerabilityProcedure, Lang::En) => (
            "tplc:vulnerability-monitoring",
            "Vulnerability monitoring records (tplc: matching, findings and analyses)",
        ),
        (AutoEvidence::AdvisoryHistory, Lang::Ja) => (
            "tplc:advisory-history",
            "脆弱性情報の検出と分析の履歴（tplc）",
        ),
        (AutoEvidence::AdvisoryHistory, Lang::En) => (
            "tplc:advisory-history",
            "History of matched advisories and their analyses (tplc)",
        ),
    }
}

/// The word tplc writes for a link's kind when it names no document.
fn kind_title(kind: &str, lang: Lang) -> String {
    let auto = match kind {
        "sbom" => Some(AutoEvidence::Sbom),
        "vulnerability_procedure" => Some(AutoEvidence::VulnerabilityProcedure),
        "advisory_history" => Some(AutoEvidence::AdvisoryHistory),
        _ => None,
    };
    match auto {
        Some(kind) => auto_document(kind, lang).1.to_owned(),
        None => kind.to_owned(),
    }
}

fn document_status(entry: &EvidenceEntry) -> DocumentStatus {
    entry.status.parse().unwrap_or(DocumentStatus::Planned)
}

fn document_ref(entry: &EvidenceEntry, lang: Lang) -> DocumentRef {
    let number = if entry.document_number.trim().is_empty() {
        format!("tplc:{}", entry.kind.replace('_', "-"))
    } else {
        entry.document_number.trim().to_owned()
    };
    let title = if entry.title.trim().is_empty() {
        kind_title(&entry.kind, lang)
    } else {
        entry.title.trim().to_owned()
    };
    DocumentRef {
        number,
        title,
        version: entry.document_version.clone(),
        item_ids: vec![entry.item_id.clone()],
        status: document_status(entry),
    }
}

/// Adds `document` to `cell`, merging it into a document of the same number (its item ids
/// joined; approved when either is).
fn push_unique(cell: &mut Vec<DocumentRef>, document: DocumentRef) {
    match cell.iter_mut().find(|d| d.number == document.number) {
        Some(existing) => {
            for id in document.item_ids {
                if !existing.item_ids.contains(&id) {
                    existing.item_ids.push(id);
                }
            }
            if document.status == DocumentStatus::Approved {
                existing.status = DocumentStatus::Approved;
            }
        }
        None => cell.push(document),
    }
}

/// The documents of the items of one clause: every linked document (approved or not; the
/// writers mark those not approved), de-duplicated by number, then the evidence tplc holds
/// itself for items that have no approved document.
fn cell_of<'a>(
    items: impl Iterator<Item = &'a ItemStatus>,
    version: &str,
    lang: Lang,
) -> Vec<DocumentRef> {
    let mut cell = Vec::new();
    for item in items {
        for entry in &item.evidence {
            push_unique(&mut cell, document_ref(entry, lang));
        }
        let approved = item
            .evidence
            .iter()
            .any(|e| document_status(e) == DocumentStatus::Approved);
        if let Some(auto) = item.auto.filter(|a| a.available && !approved) {
            let (number, title) = auto_document(auto.kind, lang);
            push_unique(
                &mut cell,
                DocumentRef {
                    number: number.to_owned(),
                    title: title.to_owned(),
                    version: version.to_owned(),
                    item_ids: vec![item.item.id.clone()],
                    status: DocumentStatus::Approved,
                },
            );
        }
    }
    cell
}

/// The application attachment 「(4) JIS T 81001-5-1の実施状況」 of `status` in `lang`: one row per
/// clause of the catalog's attachment layout, titled as the layout says; each row's 記載文書
/// cell holds the documents linked to the items of that clause (approved and not yet approved,
/// de-duplicated by document number, with the items each shows) and the evidence tplc holds
/// itself (`tplc:sbom`, …) for items without an approved document. With Annex F applied, the
/// catalog's Annex F sentence fills one merged 記載文書 cell (the documents follow in the
/// appendix table).
///
/// # Errors
/// [`ComplianceError::NoAttachmentLayout`] for a catalog without a layout;
/// [`ComplianceError::Attachment`] when the table cannot be written (a field with a control
/// character).
pub fn attachment_table(
    status: &ComplianceStatus,
    lang: Lang,
) -> Result<AttachmentTable, ComplianceError> {
    let layout = status
        .catalog
        .attachment
        .as_ref()
        .ok_or_else(|| ComplianceError::NoAttachmentLayout(status.catalog.id.clone()))?;
    let rows = layout
        .rows
        .iter()
        .map(|row| AttachmentRow {
            clause: row.clause.clone(),
            title: row.title.get(lang).to_owned(),
            cell: cell_of(
                status.items.iter().filter(|i| i.item.clause == row.clause),
                &status.version.label,
                lang,
            ),
            note: None,
        })
        .collect();
    let annex_f = if status.annex_f_applied() {
        status
            .catalog
            .annex_f_sentence
            .as_ref()
            .map(|sentence| sentence.get(lang).to_owned())
            .filter(|s| !s.trim().is_empty())
    } else {
        None
    };
    let table = AttachmentTable {
        lang: attachment_lang(lang),
        heading: layout.heading.get(lang).to_owned(),
        product: ProductLine {
            name: status.product.name.clone(),
            generic_name: status.product.generic_name.clone().unwrap_or_default(),
            approval_number: status.product.approval_number.clone().unwrap_or_default(),
            version: status.version.label.clone(),
        },
        column_titles: (
            layout.item_column.get(lang).to_owned(),
            layout.document_column.get(lang).to_owned(),
        ),
        rows,
        annex_f,
        generated_at: tplc_store::Timestamp::now().to_text(),
    };
    table.validate()?;
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(item: &str, number: &str, status: &str) -> EvidenceEntry {
        EvidenceEntry {
            id: 1,
            catalog: "jp-mhlw-0523".into(),
            item_id: item.into(),
            kind: "document".into(),
            document_number: number.into(),
            title: format!("title {number}"),
            document_version: "1".into(),
            location: String::new(),
            owner: String::new(),
            status: status.into(),
            note: String::new(),
            copied_from: None,
            inherited_from: None,
            created_by: "user:a".into(),
            created_at: String::new(),
            updated_by: "user:a".into(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn documents_are_merged_by_number_and_keep_every_item() {
        let mut cell = Vec::new();
        push_unique(
            &mut cell,
            document_ref(&entry("a", "QM-1", "drafted"), Lang::Ja),
        );
        push_unique(
            &mut cell,
            document_ref(&entry("b", "QM-1", "approved"), Lang::Ja),
        );
        push_unique(
            &mut cell,
            document_ref(&entry("b", "QM-2", "planned"), Lang::Ja),
        );
        assert_eq!(cell.len(), 2);
        assert_eq!(cell[0].item_ids, ["a", "b"]);
        assert_eq!(cell[0].status, DocumentStatus::Approved);
        assert_eq!(cell[1].status, DocumentStatus::Planned);
    }

    #[test]
    fn a_link_without_number_or_title_is_named_after_its_kind() {
        let mut e = entry("jp0523-1-5-a", "", "approved");
        e.kind = "sbom".into();
        e.title = String::new();
        let d = document_ref(&e, Lang::En);
        assert_eq!(d.number, "tplc:sbom");
        assert!(d.title.starts_with("SBOM"), "{}", d.title);
    }
}
