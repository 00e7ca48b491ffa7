//! Real-world BOMs (see `cyclonedx-bom-examples/SOURCE.md` and `guac/SOURCE.md`): component
//! counts, dependency graphs and purls as documented.

use std::collections::BTreeMap;

use tplc_model::{ComponentType, SbomDocument};

fn read(folder: &str, file: &str) -> Option<SbomDocument> {
    let dir = tplc_test::testdata(folder)?;
    let bytes = std::fs::read(dir.join(file)).unwrap();
    Some(tplc_cyclonedx::read_json(&bytes).unwrap_or_else(|error| panic!("{file}: {error}")))
}

fn purls(document: &SbomDocument) -> Vec<&str> {
    document
        .all_components()
        .filter_map(|component| component.purl.as_deref())
        .collect()
}

fn assert_purls_parse(document: &SbomDocument) {
    let bad: Vec<&str> = purls(document)
        .into_iter()
        .filter(|purl| purl.parse::<tplc_purl::Purl>().is_err())
        .collect();
    assert!(bad.is_empty(), "purls that do not parse: {bad:?}");
}

#[test]
fn juice_shop_1_2() {
    let Some(document) = read("cyclonedx-bom-examples", "SBOM/juice-shop/v11.1.2/bom.json") else {
        return;
    };
    assert_eq!(document.spec_version, "1.2");
    assert_eq!(document.component_count(), 840);
    assert!(document.dependencies.is_empty(), "no dependency graph");
    let purls = purls(&document);
    assert_eq!(purls.len(), 840);
    assert_eq!(purls[0], "pkg:npm/body-parser@1.19.0");
    assert!(purls.contains(&"pkg:npm/express@4.17.1"));
    assert!(purls.iter().all(|purl| purl.starts_with("pkg:npm/")));
    let root = document.metadata.component.as_deref().unwrap();
    assert_eq!(root.purl.as_deref(), Some("pkg:npm/juice-shop@11.1.2"));
    assert_purls_parse(&document);
}

#[test]
fn juice_shop_1_4_with_dependency_graph() {
    let Some(document) = read(
        "cyclonedx-bom-examples",
        "SBOM/juice-shop/via_npm/flat/bom.1.4.json",
    ) else {
        return;
    };
    assert_eq!(document.component_count(), 1115);
    assert_eq!(document.dependencies.len(), 1116);
    assert_purls_parse(&document);
}

#[test]
fn keycloak_1_2() {
    let Some(document) = read("cyclonedx-bom-examples", "SBOM/keycloak-10.0.2/bom.json") else {
        return;
    };
    assert_eq!(document.component_count(), 903);
    assert_eq!(document.dependencies.len(), 899);
    let purls = purls(&document);
    assert_eq!(purls.len(), 903);
    assert_eq!(
        purls[0],
        "pkg:maven/org.bouncycastle/bcprov-jdk15on@1.62?type=jar"
    );
    assert!(
        purls.contains(&"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.1?type=jar")
    );
    assert!(purls.iter().all(|purl| purl.starts_with("pkg:maven/")));
    assert_purls_parse(&document);
}

#[test]
fn guac_big_mongo_1_4() {
    let Some(document) = read(
        "guac",
        "internal/testing/testdata/exampledata/big-mongo-cyclonedx.json",
    ) else {
        return;
    };
    assert_eq!(document.component_count(), 293);
    let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
    for purl in purls(&document) {
        let kind = purl.trim_start_matches("pkg:").split('/').next().unwrap();
        *by_type.entry(kind).or_default() += 1;
    }
    assert_eq!(by_type, BTreeMap::from([("deb", 153), ("golang", 139)]));
    assert!(
        purls(&document)
            .contains(&"pkg:deb/ubuntu/openssl@1.1.1f-1ubuntu2.16?arch=amd64&distro=ubuntu-20.04")
    );
    let last = document.components.last().unwrap();
    assert_eq!(
        (last.component_type, last.name.as_str()),
        (ComponentType::OperatingSystem, "ubuntu")
    );
    assert_eq!(
        document.metadata.component.as_deref().unwrap().name,
        "docker.io/library/mongo"
    );
    assert_purls_parse(&document);
}

#[test]
fn guac_malformed_document_is_rejected() {
    let Some(dir) = tplc_test::testdata("guac") else {
        return;
    };
    let bytes =
        std::fs::read(dir.join("internal/testing/testdata/exampledata/invalid-cyclonedx.json"))
            .unwrap();
    let error = tplc_cyclonedx::read_json(&bytes).unwrap_err();
    assert_eq!(error.pointer(), "/bomFormat", "{error}");
}

#[test]
fn nested_components_and_missing_depends_on() {
    let Some(nested) = read(
        "guac",
        "internal/testing/testdata/exampledata/cyclonedx-components-nested.json",
    ) else {
        return;
    };
    assert!(
        nested
            .components
            .iter()
            .any(|component| !component.components.is_empty())
    );
    let Some(document) = read(
        "guac",
        "internal/testing/testdata/exampledata/npm-cyclonedx-dependencies-missing-depends-on.json",
    ) else {
        return;
    };
    assert!(
        document
            .dependencies
            .iter()
            .any(|dependency| dependency.depends_on.is_empty())
    );
}
