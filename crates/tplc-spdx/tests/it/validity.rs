//! Regressions: documents whose SPDX output spdx-tools rejected (no DESCRIBES, deprecated
//! licence ids in expressions, URLs as purls, unquoted CPEs, invalid download locations,
//! `Name <e-mail>` actors). The models here are also checked by the `validation` tests with
//! the SPDX 2.3 schema and pyspdxtools.

use serde_json::{Value, json};
use tplc_model::{
    Component, ComponentType, ExternalReference, LicenseChoice, LicenseKind, RawFragment,
    SbomDocument, SourceFormat, Written,
};

fn written(document: &SbomDocument) -> (Written, Value) {
    let written = tplc_spdx::write_json(document);
    let value = serde_json::from_slice(&written.bytes).unwrap();
    (written, value)
}

fn omitted(written: &Written, text: &str) -> bool {
    written
        .omissions
        .iter()
        .any(|omission| omission.what.contains(text))
}

fn describes(value: &Value) -> Vec<&str> {
    value["relationships"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|relationship| {
            relationship["spdxElementId"] == "SPDXRef-DOCUMENT"
                && relationship["relationshipType"] == "DESCRIBES"
        })
        .filter_map(|relationship| relationship["relatedSpdxElement"].as_str())
        .collect()
}

/// A VEX-like CycloneDX document: no metadata component, no components.
pub(crate) fn no_component() -> SbomDocument {
    let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.5");
    document.serial_number = Some("urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79".into());
    document.raw.insert(
        "vulnerabilities".into(),
        RawFragment::Json(json!([{"id": "CVE-2021-44228"}])),
    );
    document
}

/// Components and no metadata component (`valid-metadata-author-1.5.json` and the like).
pub(crate) fn several_roots() -> SbomDocument {
    let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.5");
    for name in ["a", "b"] {
        let mut component = Component::new(ComponentType::Library, name);
        component.bom_ref = Some(name.into());
        component
            .components
            .push(Component::new(ComponentType::File, format!("{name}.txt")));
        document.components.push(component);
    }
    document
}

/// Values real documents carry that spdx-tools rejects as they are.
pub(crate) fn awkward() -> SbomDocument {
    let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
    let mut main = Component::new(ComponentType::Application, "keycloak");
    main.licenses = vec![
        LicenseChoice::new(LicenseKind::Id("EPL-2.0".into())),
        LicenseChoice::new(LicenseKind::Id("GPL-2.0-with-classpath-exception".into())),
    ];
    main.purl = Some("https://github.com/actions/virtual-environments".into());
    main.cpe = Some("cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0+incompatible:*:*:*:*:*:*:*".into());
    main.external_references = vec![
        ExternalReference::new("distribution", ""),
        ExternalReference::new("distribution", "git@github.com:chaijs/assertion-error.git"),
        ExternalReference::new("website", "localhost"),
        ExternalReference::new("advisories", "see the release notes"),
    ];
    let mut dependency = Component::new(ComponentType::Library, "jaxb");
    dependency.licenses = vec![LicenseChoice::new(LicenseKind::Expression(
        "CDDL-1.1 OR GPL-2.0-with-classpath-exception".into(),
    ))];
    dependency.cpe = Some("cpe:/a:oracle:jaxb:2.3 .1".into());
    dependency.purl = Some("pkg:maven/javax.xml.bind/jaxb-api@2.3.1?Type=jar".into());
    dependency.external_references = vec![ExternalReference::new(
        "distribution",
        "https://repo1.maven.org/maven2/javax/xml/bind/jaxb-api/2.3.1/jaxb-api-2.3.1.jar",
    )];
    let mut broken = Component::new(ComponentType::Library, "broken");
    broken.cpe = Some("cpe:2.3:a:x:y:1:2:3:4:5:6:7:8:9".into());
    document.metadata.component = Some(Box::new(main));
    document.components = vec![dependency, broken];
    document
}

#[test]
fn a_document_without_components_describes_its_subject() {
    let (written, value) = written(&no_component());
    let packages = value["packages"].as_array().unwrap();
    assert_eq!(packages.len(), 1);
    assert_eq!(
        packages[0]["name"],
        "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
    );
    assert_eq!(packages[0]["downloadLocation"], "NOASSERTION");
    assert_eq!(describes(&value), [packages[0]["SPDXID"].as_str().unwrap()]);
    assert!(omitted(&written, "for the document subject"));
    // The subject reads back as the described component.
    let again = tplc_spdx::read_json(&written.bytes).unwrap();
    assert!(again.metadata.component.is_some() && again.components.is_empty());
}

#[test]
fn top_level_components_are_described() {
    let (written, value) = written(&several_roots());
    assert_eq!(describes(&value), ["SPDXRef-a", "SPDXRef-b"]);
    assert!(omitted(
        &written,
        "the 2 top-level packages are written as described"
    ));
}

#[test]
fn deprecated_with_exception_ids_are_written_with_with() {
    let (written, value) = written(&awkward());
    let main = &value["packages"][0];
    assert_eq!(
        main["licenseDeclared"],
        "EPL-2.0 AND (GPL-2.0-only WITH Classpath-exception-2.0)"
    );
    assert_eq!(
        value["packages"][1]["licenseDeclared"],
        "CDDL-1.1 OR GPL-2.0-only WITH Classpath-exception-2.0"
    );
    assert!(omitted(&written, "deprecated SPDX identifiers replaced"));
}

#[test]
fn identifiers_and_locations_are_made_valid() {
    let (written, value) = written(&awkward());
    let refs = |index: usize| -> Vec<(String, String, String)> {
        value["packages"][index]["externalRefs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|reference| {
                let text = |key: &str| reference[key].as_str().unwrap().to_owned();
                (
                    text("referenceCategory"),
                    text("referenceType"),
                    text("referenceLocator"),
                )
            })
            .collect()
    };
    let main = refs(0);
    let has = |refs: &[(String, String, String)], category: &str, kind: &str, locator: &str| {
        refs.contains(&(category.into(), kind.into(), locator.into()))
    };
    assert!(has(
        &main,
        "OTHER",
        "purl",
        "https://github.com/actions/virtual-environments"
    ));
    assert!(has(
        &main,
        "SECURITY",
        "cpe23Type",
        r"cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0\+incompatible:*:*:*:*:*:*:*"
    ));
    assert!(has(
        &main,
        "OTHER",
        "distribution",
        "git@github.com:chaijs/assertion-error.git"
    ));
    assert!(has(&main, "OTHER", "website", "localhost"));
    assert!(has(
        &main,
        "OTHER",
        "advisories",
        "see%20the%20release%20notes"
    ));
    assert_eq!(value["packages"][0]["downloadLocation"], "NOASSERTION");
    assert!(value["packages"][0].get("homepage").is_none());
    let dependency = refs(1);
    assert!(has(
        &dependency,
        "SECURITY",
        "cpe22Type",
        "cpe:/a:oracle:jaxb:2.3_.1"
    ));
    assert!(has(
        &dependency,
        "PACKAGE-MANAGER",
        "purl",
        "pkg:maven/javax.xml.bind/jaxb-api@2.3.1?type=jar"
    ));
    assert!(
        value["packages"][1]["downloadLocation"]
            .as_str()
            .unwrap()
            .starts_with("https://repo1.maven.org/")
    );
    assert!(has(
        &refs(2),
        "OTHER",
        "cpe",
        "cpe:2.3:a:x:y:1:2:3:4:5:6:7:8:9"
    ));
    for note in [
        "is not valid",
        "repaired as",
        "in canonical form",
        "is not a download location",
        "so not the homepage",
        "distribution reference without a URL",
    ] {
        assert!(omitted(&written, note), "no omission {note:?}");
    }
    // Written again, the OTHER references read back as what they were.
    let again = tplc_spdx::read_json(&written.bytes).unwrap();
    let main = again.metadata.component.unwrap();
    assert!(
        main.external_references
            .iter()
            .any(|reference| reference.kind == "advisories")
    );
    assert_eq!(
        main.cpe.as_deref(),
        Some(r"cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0\+incompatible:*:*:*:*:*:*:*")
    );
}

#[test]
fn angle_bracket_e_mails_of_actors_are_read() {
    let Some(path) = tplc_test::data("sboms/spdx/grype-0.32.0.spdx.json") else {
        return;
    };
    let document = tplc_spdx::read_json(&std::fs::read(path).unwrap()).unwrap();
    let pygments = document
        .metadata
        .component
        .as_deref()
        .into_iter()
        .chain(document.all_components())
        .find(|component| {
            component
                .authors
                .first()
                .and_then(|author| author.name.as_deref())
                == Some("Georg Brandl")
        })
        .expect("the package Georg Brandl made");
    assert_eq!(
        pygments.authors[0].email.as_deref(),
        Some("georg@python.org")
    );
    let text = String::from_utf8(tplc_spdx::write_json(&document).bytes).unwrap();
    assert!(text.contains("\"Person: Georg Brandl (georg@python.org)\""));
    assert!(!text.contains("<georg@python.org>"));
}

#[test]
fn files_analyzed_false_is_not_kept() {
    let source = |analysed: &str| {
        format!(
            r#"{{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "x",
            "dataLicense": "CC0-1.0", "documentNamespace": "https://example.com/x",
            "creationInfo": {{"created": "2024-01-01T00:00:00Z", "creators": ["Tool: x"]}},
            "packages": [{{"SPDXID": "SPDXRef-a", "name": "a", "downloadLocation": "NONE"{analysed}}}]}}"#
        )
    };
    let raw = |analysed: &str| {
        let document = tplc_spdx::read_json(source(analysed).as_bytes()).unwrap();
        document
            .all_components()
            .next()
            .unwrap()
            .raw
            .get("spdx:filesAnalyzed")
            .cloned()
    };
    assert_eq!(raw(r#", "filesAnalyzed": false"#), None);
    assert_eq!(
        raw(r#", "filesAnalyzed": true"#),
        Some(RawFragment::Json(json!(true)))
    );
    assert_eq!(raw(""), Some(RawFragment::Json(json!(true))));
}
