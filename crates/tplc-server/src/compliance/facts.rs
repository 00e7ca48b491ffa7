//! [`mds2_facts`]: what tplc knows of a product version, for prefilling the MDS2 form.

use std::path::Path;

use tplc_compliance::{Interface, Lang, ScopeDecision};
use tplc_mds2::KnownFacts;
use tplc_store::{EvidenceStatus, OrganizationId, ProductVersionId, SbomDocument, Store};

use super::{ComplianceError, vulndb_imported};

/// The item whose approved document records the vulnerability-handling procedure.
const PROCEDURE_ITEM: &str = "jp0523-1-6-a";

/// The SBOM's standard and version as the MDS2 names it (`CycloneDX 1.6`, `SPDX 2.3`).
fn sbom_format(document: &SbomDocument) -> String {
    let standard = if document.format.starts_with("cyclonedx") {
        "CycloneDX"
    } else if document.format.starts_with("spdx") {
        "SPDX"
    } else {
        document.format.as_str()
    };
    match &document.spec_version {
        Some(version) => format!("{standard} {version}"),
        None => standard.to_owned(),
    }
}

/// What tplc knows of version `version` of `org`, for [`tplc_mds2::prefill`]: manufacturer
/// (the organization), device (the generic name, else the product name), model (the product
/// name), version label and security contact from the product; from the newest ready SBOM its
/// format and how many components name their supplier and version; a vulnerability-handling
/// procedure when the vulnerability database is imported in `vulndb_dir` or an approved
/// document is linked to item 1(6) a of `jp-mhlw-0523`; the interfaces of the product's
/// recorded scope decision (network or cloud → network, wireless, USB/media). Document id and
/// date stay empty (the author sets them).
///
/// # Errors
/// A store error ([`tplc_store::Error::NotFound`] for another organization's version);
/// [`ComplianceError::Corrupt`] for a stored scope decision that does not read back.
pub async fn mds2_facts(
    store: &Store,
    org: OrganizationId,
    version: ProductVersionId,
    vulndb_dir: Option<&Path>,
    lang: Lang,
) -> Result<KnownFacts, ComplianceError> {
    let v = store.product_version(org, version).await?;
    let product = store.product(org, v.product).await?;
    let organization = store.organization(org).await?;
    let mut facts = KnownFacts {
        manufacturer: organization.name,
        device: product
            .generic_name
            .clone()
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| product.name.clone()),
        model: product.name.clone(),
        version: v.version.clone(),
        security_contact: product.security_contact.clone().unwrap_or_default(),
        lang: match lang {
            Lang::Ja => tplc_mds2::Lang::Ja,
            Lang::En => tplc_mds2::Lang::En,
        },
        ..KnownFacts::default()
    };
    let sboms = store.sbom_documents(org, version).await?;
    if let Some(newest) = sboms.last() {
        let components = store.components(org, newest.id).await?;
        facts.sbom_available = true;
        facts.sbom_format = Some(sbom_format(newest));
        facts.component_count = components.len();
        facts.components_with_supplier = components
            .iter()
            .filter(|c| c.supplier.as_deref().is_some_and(|s| !s.trim().is_empty()))
            .count();
        facts.components_with_version = components
            .iter()
            .filter(|c| c.version.as_deref().is_some_and(|s| !s.trim().is_empty()))
            .count();
    }
    let procedure_document = store
        .evidence(org, version, tplc_compliance::JP_MHLW_0523)
        .await?
        .iter()
        .any(|e| e.link.item_id == PROCEDURE_ITEM && e.link.status == EvidenceStatus::Approved);
    facts.has_vulnerability_procedure = procedure_document || vulndb_imported(vulndb_dir);
    if let Some(scope) = store.product_scope(org, v.product).await? {
        let decision: ScopeDecision =
            serde_json::from_value(scope.decision).map_err(|e| ComplianceError::Corrupt {
                what: "scope decision",
                message: e.to_string(),
            })?;
        let has = |interface: Interface| decision.interfaces.contains(&interface);
        facts.scope_recorded = true;
        facts.has_network = has(Interface::Network) || has(Interface::Cloud);
        facts.has_wireless = has(Interface::Wireless);
        facts.has_usb = has(Interface::UsbMedia);
    }
    Ok(facts)
}
