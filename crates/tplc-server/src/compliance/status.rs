//! [`status`]: the conformity status of a product version against one catalog.

use std::path::Path;

use serde::Serialize;
use tplc_compliance::{
    AnnexFRecord, AnnexFValidity, AttachmentLayout, AutoAvailable, AutoEvidence, Catalogs,
    EvidenceStatus, Item, ItemState, Text, assess,
};
use tplc_store::{
    AnnexFRow, EffectiveEvidence, FindingFilter, FindingListQuery, OrganizationId,
    ProductVersionId, Store,
};

use super::{ComplianceError, vulndb_imported};

/// The version a status is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionSummary {
    /// The version's key.
    pub id: i64,
    /// The version label (`2.1`).
    pub label: String,
}

/// The product a status is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductSummary {
    /// The product's key.
    pub id: i64,
    /// The name (販売名).
    pub name: String,
    /// 一般的名称.
    pub generic_name: Option<String>,
    /// 承認番号 / 認証番号.
    pub approval_number: Option<String>,
}

/// The catalog a status is computed against, with what the attachment table needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogSummary {
    /// The catalog id (`jp-mhlw-0523`).
    pub id: String,
    /// The catalog data version.
    pub version: String,
    /// The title of the notice.
    pub title: Text,
    /// The attachment table layout, if the catalog has one.
    pub attachment: Option<AttachmentLayout>,
    /// The sentence the attachment shows when Annex F is applied.
    pub annex_f_sentence: Option<Text>,
}

/// The earlier version a record or link is inherited from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InheritedFrom {
    /// Its key.
    pub version: i64,
    /// Its label.
    pub label: String,
}

impl InheritedFrom {
    fn of(from: Option<&(ProductVersionId, String)>) -> Option<Self> {
        from.map(|(id, label)| Self {
            version: id.get(),
            label: label.clone(),
        })
    }
}

/// One piece of evidence as it applies to the version (own, or inherited from an earlier
/// version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceEntry {
    /// The link's key (for an inherited link: the earlier version's link; changing it makes
    /// this version's own copy first).
    pub id: i64,
    /// The catalog.
    pub catalog: String,
    /// The item.
    pub item_id: String,
    /// `document`, `sbom`, `vulnerability_procedure` or `advisory_history`.
    pub kind: String,
    /// 文書番号.
    pub document_number: String,
    /// The document title.
    pub title: String,
    /// The document's own version (版).
    pub document_version: String,
    /// Where it is kept.
    pub location: String,
    /// Who owns it.
    pub owner: String,
    /// `planned`, `drafted` or `approved`.
    pub status: String,
    /// Free text.
    pub note: String,
    /// The earlier link this one was copied from (copy-on-write), if any.
    pub copied_from: Option<i64>,
    /// The earlier version it is inherited from; `None` when it is the version's own.
    pub inherited_from: Option<InheritedFrom>,
    /// Who created it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Who changed it last.
    pub updated_by: String,
    /// When (RFC 3339).
    pub updated_at: String,
}

impl EvidenceEntry {
    /// The entry of a stored link as it applies to a version.
    #[must_use]
    pub fn from_effective(effective: &EffectiveEvidence) -> Self {
        let link = &effective.link;
        Self {
            id: link.id.get(),
            catalog: link.catalog_id.clone(),
            item_id: link.item_id.clone(),
            kind: link.kind.as_str().to_owned(),
            document_number: link.document_number.clone(),
            title: link.title.clone(),
            document_version: link.document_version.clone(),
            location: link.location.clone(),
            owner: link.owner.clone(),
            status: link.status.as_str().to_owned(),
            note: link.note.clone(),
            copied_from: link.copied_from.map(|id| id.get()),
            inherited_from: InheritedFrom::of(effective.inherited_from.as_ref()),
            created_by: link.created_by.clone(),
            created_at: link.created_at.to_text(),
            updated_by: link.updated_by.clone(),
            updated_at: link.updated_at.to_text(),
        }
    }

    /// The status as the domain's word (`approved` counts as evidence).
    #[must_use]
    pub fn evidence_status(&self) -> EvidenceStatus {
        self.status.parse().unwrap_or(EvidenceStatus::Planned)
    }
}

/// Evidence tplc holds itself for an item, and whether it is available now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AutoStatus {
    /// The kind (`sbom`, `vulnerability_procedure`, `advisory_history`).
    pub kind: AutoEvidence,
    /// Whether tplc holds it for the version (see the [module docs](super)).
    pub available: bool,
}

/// One item of the catalog with its state and evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemStatus {
    /// The item (id, section, number, clause, statement ja/en, source, Annex F treatment).
    pub item: Item,
    /// `met`, `no_evidence`, `not_approved` or `not_required`.
    pub state: ItemState,
    /// The evidence that applies, own or inherited, in creation order.
    pub evidence: Vec<EvidenceEntry>,
    /// The evidence tplc holds itself for this item, if the item names one.
    pub auto: Option<AutoStatus>,
}

/// One gap: an item not shown yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapEntry {
    /// The item id.
    pub item_id: String,
    /// Section and number (`1(2)`).
    pub number: String,
    /// The JIS T 81001-5-1 clause.
    pub clause: String,
    /// `no_evidence` or `not_approved`.
    pub reason: ItemState,
}

/// The Annex F record that applies to the version and whether it still holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexFStatus {
    /// The record.
    pub record: AnnexFRecord,
    /// Whether it holds for this version (`needs_review` when documented for another one).
    pub validity: AnnexFValidity,
    /// The earlier version it is inherited from; `None` when it is the version's own.
    pub inherited_from: Option<InheritedFrom>,
    /// Who wrote it last.
    pub updated_by: String,
    /// When (RFC 3339).
    pub updated_at: String,
}

impl AnnexFStatus {
    /// The status of a stored row for the version labelled `label`.
    ///
    /// # Errors
    /// [`ComplianceError::Corrupt`] when the stored JSON is not an [`AnnexFRecord`].
    pub fn from_row(row: &AnnexFRow, label: &str) -> Result<Self, ComplianceError> {
        let record: AnnexFRecord =
            serde_json::from_value(row.record.clone()).map_err(|e| ComplianceError::Corrupt {
                what: "Annex F record",
                message: e.to_string(),
            })?;
        Ok(Self {
            validity: record.validity(label),
            record,
            inherited_from: InheritedFrom::of(row.inherited_from.as_ref()),
            updated_by: row.updated_by.clone(),
            updated_at: row.updated_at.to_text(),
        })
    }

    /// Whether Annex F is applied.
    #[must_use]
    pub fn applied(&self) -> bool {
        self.record.applied
    }
}

/// The conformity status of a product version against one catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplianceStatus {
    /// The organization's key.
    pub organization: i64,
    /// The version.
    pub version: VersionSummary,
    /// Its product.
    pub product: ProductSummary,
    /// The catalog.
    pub catalog: CatalogSummary,
    /// The Annex F record that applies, if any.
    pub annex_f: Option<AnnexFStatus>,
    /// The evidence tplc holds itself for the version.
    pub auto: AutoAvailable,
    /// Every item, in catalog order.
    pub items: Vec<ItemStatus>,
    /// The items not shown yet, in catalog order.
    pub gap_list: Vec<GapEntry>,
    /// How many items are gaps.
    pub gaps: usize,
}

impl ComplianceStatus {
    /// Whether Annex F is applied to the version.
    #[must_use]
    pub fn annex_f_applied(&self) -> bool {
        self.annex_f.as_ref().is_some_and(AnnexFStatus::applied)
    }

    /// The status of one item.
    #[must_use]
    pub fn item(&self, id: &str) -> Option<&ItemStatus> {
        self.items.iter().find(|item| item.item.id == id)
    }
}

/// Which evidence tplc holds itself for a version of `org` (the rule of the
/// [module docs](super)): a ready SBOM; the vulnerability database imported in `vulndb_dir`;
/// findings of the version.
///
/// # Errors
/// A store error; [`tplc_store::Error::NotFound`] for another organization's version.
pub async fn auto_available(
    store: &Store,
    org: OrganizationId,
    version: ProductVersionId,
    vulndb_dir: Option<&Path>,
) -> Result<AutoAvailable, ComplianceError> {
    let sboms = store.sbom_documents(org, version).await?;
    let findings = store
        .finding_page(
            org,
            &FindingListQuery {
                filter: FindingFilter {
                    product_version: Some(version),
                    include_excluded: true,
                    ..FindingFilter::default()
                },
                state: None,
                limit: 1,
                offset: 0,
            },
        )
        .await?;
    Ok(AutoAvailable {
        sbom: !sboms.is_empty(),
        vulnerability_procedure: vulndb_imported(vulndb_dir),
        advisory_history: findings.total > 0,
    })
}

/// The conformity status of version `version` of `org` against catalog `catalog_id`: each
/// item's state ([`tplc_compliance::assess`] over the evidence that applies, own or inherited,
/// the evidence tplc holds itself — see the [module docs](super) — and Annex F), the evidence,
/// the Annex F record with its validity, and the gap list. `vulndb_dir` is the vulnerability
/// database directory (`AppState::vulndb_dir`, `<data-dir>/vulndb`), `None` when there is none.
///
/// # Errors
/// [`ComplianceError::UnknownCatalog`]; a store error ([`tplc_store::Error::NotFound`] for
/// another organization's version); [`ComplianceError::Corrupt`] for a stored Annex F record
/// that does not read back.
pub async fn status(
    store: &Store,
    catalogs: &Catalogs,
    org: OrganizationId,
    version: ProductVersionId,
    catalog_id: &str,
    vulndb_dir: Option<&Path>,
) -> Result<ComplianceStatus, ComplianceError> {
    let catalog = catalogs
        .get(catalog_id)
        .ok_or_else(|| ComplianceError::UnknownCatalog(catalog_id.to_owned()))?;
    let v = store.product_version(org, version).await?;
    let product = store.product(org, v.product).await?;
    let links = store.evidence(org, version, catalog_id).await?;
    let annex_f = match store.annex_f(org, version).await? {
        Some(row) => Some(AnnexFStatus::from_row(&row, &v.version)?),
        None => None,
    };
    let auto = auto_available(store, org, version, vulndb_dir).await?;
    let entries: Vec<EvidenceEntry> = links.iter().map(EvidenceEntry::from_effective).collect();
    let pairs: Vec<(String, EvidenceStatus)> = entries
        .iter()
        .map(|e| (e.item_id.clone(), e.evidence_status()))
        .collect();
    let applied = annex_f.as_ref().is_some_and(AnnexFStatus::applied);
    let states = assess(catalog, &pairs, &auto, applied);
    let mut items = Vec::with_capacity(catalog.items.len());
    let mut gap_list = Vec::new();
    for (item, assessment) in catalog.items.iter().zip(states) {
        if assessment.state.is_gap() {
            gap_list.push(GapEntry {
                item_id: item.id.clone(),
                number: format!("{}{}", item.section, item.number),
                clause: item.clause.clone(),
                reason: assessment.state,
            });
        }
        items.push(ItemStatus {
            item: item.clone(),
            state: assessment.state,
            evidence: entries
                .iter()
                .filter(|e| e.item_id == item.id)
                .cloned()
                .collect(),
            auto: item.auto.map(|kind| AutoStatus {
                kind,
                available: auto.has(kind),
            }),
        });
    }
    Ok(ComplianceStatus {
        organization: org.get(),
        version: VersionSummary {
            id: v.id.get(),
            label: v.version.clone(),
        },
        product: ProductSummary {
            id: product.id.get(),
            name: product.name.clone(),
            generic_name: product.generic_name.clone(),
            approval_number: product.approval_number.clone(),
        },
        catalog: CatalogSummary {
            id: catalog.id.clone(),
            version: catalog.version.clone(),
            title: catalog.title.clone(),
            attachment: catalog.attachment.clone(),
            annex_f_sentence: catalog.annex_f_sentence.clone(),
        },
        annex_f,
        auto,
        gaps: gap_list.len(),
        gap_list,
        items,
    })
}
