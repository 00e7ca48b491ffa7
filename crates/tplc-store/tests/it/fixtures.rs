//! Small builders shared by the tests.

use tplc_model::{ComponentType, OrganizationalEntity};
use tplc_store::*;

pub(crate) async fn org(store: &Store, name: &str) -> Organization {
    let mut tx = store.begin().await.unwrap();
    let org = tx
        .create_organization(OrganizationKind::Manufacturer, name)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    org
}

pub(crate) async fn product(store: &Store, org: OrganizationId, name: &str) -> Product {
    let mut tx = store.begin().await.unwrap();
    let p = tx
        .create_product(
            org,
            &NewProduct {
                name: name.into(),
                generic_name: Some("汎用輸液ポンプ".into()),
                device_class: Some("III".into()),
                approval_number: Some("30500BZX00001000".into()),
                security_contact: Some("psirt@example.com".into()),
            },
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    p
}

pub(crate) async fn version(
    store: &Store,
    org: OrganizationId,
    product: ProductId,
    label: &str,
    release: Option<&str>,
) -> ProductVersion {
    let mut tx = store.begin().await.unwrap();
    let mut new = NewProductVersion::new(label);
    new.release_date = release.map(str::to_owned);
    let v = tx.create_product_version(org, product, &new).await.unwrap();
    tx.commit().await.unwrap();
    v
}

pub(crate) fn sbom_bytes(label: &str) -> NewSbom {
    NewSbom {
        format: "cyclonedx-json".into(),
        spec_version: Some("1.6".into()),
        original: format!(
            r#"{{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"x":"{label}"}}"#
        )
        .repeat(20)
        .into_bytes(),
        author: Some("tplc tests".into()),
        timestamp: Some("2026-12-01T00:00:00Z".into()),
        uploaded_by: None,
    }
}

pub(crate) fn purl_component(bom_ref: &str, purl: &str) -> NewComponent {
    let mut c = tplc_model::Component::new(ComponentType::Library, "log4j-core");
    c.bom_ref = Some(bom_ref.into());
    c.purl = Some(purl.into());
    c.version = purl.rsplit('@').next().map(str::to_owned);
    NewComponent::from_model(&c)
}

pub(crate) fn named_component(bom_ref: &str, supplier: &str, name: &str) -> NewComponent {
    let mut c = tplc_model::Component::new(ComponentType::Firmware, name);
    c.bom_ref = Some(bom_ref.into());
    c.supplier = Some(OrganizationalEntity::named(supplier));
    c.version = Some("1.0".into());
    NewComponent::from_model(&c)
}

/// Stores a ready SBOM with these components on a version; returns the stored components.
pub(crate) async fn sbom(
    store: &Store,
    org: OrganizationId,
    version: ProductVersionId,
    components: &[NewComponent],
) -> Vec<Component> {
    let mut tx = store.begin().await.unwrap();
    let doc = tx
        .store_sbom(org, version, &sbom_bytes("x"), components)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    store.components(org, doc.id).await.unwrap()
}

pub(crate) async fn advisory(
    store: &Store,
    id: &str,
    source: tplc_advisory::AdvisorySource,
) -> AdvisoryKey {
    let advisory = tplc_advisory::Advisory {
        id: id.into(),
        source: Some(source),
        aliases: vec!["CVE-2021-44228".into()],
        summary: Some("Remote code injection in Log4j".into()),
        modified: Some("2025-01-01T00:00:00Z".into()),
        ..tplc_advisory::Advisory::default()
    };
    let mut tx = store.begin().await.unwrap();
    let key = tx
        .upsert_advisory(&advisory, Some(Severity::Critical))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    key
}

pub(crate) fn new_finding(component: ComponentId, advisory: AdvisoryKey) -> NewFinding {
    NewFinding {
        component,
        advisory,
        vulnerability_key: "CVE-2021-44228".into(),
        severity: Severity::Critical,
        cvss_vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H".into()),
        cvss_score: Some(10.0),
        kev: true,
        epss: Some(0.944),
        fixed_versions: vec!["2.15.0".into()],
        reasons: serde_json::json!([{"via": "purl"}]),
    }
}

pub(crate) async fn finding(
    store: &Store,
    org: OrganizationId,
    component: ComponentId,
    advisory: AdvisoryKey,
) -> Finding {
    let mut tx = store.begin().await.unwrap();
    let f = tx
        .upsert_finding(org, &new_finding(component, advisory), Timestamp::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    f
}
