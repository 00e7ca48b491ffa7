//! Regressions: values the model holds that `bom-1.6.xsd` rejects are repaired or left out
//! (with omissions), so that every written document validates.

use std::path::PathBuf;

use tplc_cyclonedx_xml::{read_xml, write_xml};
use tplc_model::{
    Component, ComponentType, ExternalReference, LicenseChoice, LicenseKind, OrganizationalEntity,
    SbomDocument, SourceFormat, Written,
};

use crate::schema::{validate, xmllint_installed};
use crate::support::spec_tests;

/// A document with one component holding values from real SBOMs that break the schema.
fn awkward() -> SbomDocument {
    let mut document = SbomDocument::new(SourceFormat::SpdxJson, "SPDX-2.3");
    let mut syft = Component::new(ComponentType::Library, "azure-sdk-for-go");
    syft.bom_ref = Some("go".into());
    syft.cpe = Some("cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0+incompatible:*:*:*:*:*:*:*".into());
    syft.purl = Some("pkg:golang/github.com/Azure/azure-sdk-for-go@v57.0.0+incompatible".into());
    let mut npm = Component::new(ComponentType::Library, "assertion-error");
    npm.bom_ref = Some("npm".into());
    npm.cpe = Some("not a cpe".into());
    npm.purl = Some("pkg:npm/assertion-error@1.1.0#a#b".into());
    npm.external_references.push(ExternalReference::new(
        "vcs",
        "git@github.com:chaijs/assertion-error.git",
    ));
    npm.external_references.push(ExternalReference::new(
        "website",
        "http://example.com:port/",
    ));
    let mut license = LicenseChoice::new(LicenseKind::Name("Custom".into()));
    license.url = Some("https://example.com/100%".into());
    npm.licenses.push(license);
    let mut supplier = OrganizationalEntity::named("ACME");
    supplier.urls.push("https://example.com/[docs]".into());
    npm.supplier = Some(supplier);
    // The same bom-ref as the first component (SPDX documents repeating an SPDXID).
    let uri = Component {
        bom_ref: Some("go".into()),
        cpe: Some("cpe:/a:foo bar:baz".into()),
        ..Component::new(ComponentType::Library, "uri")
    };
    document.components = vec![syft, npm, uri];
    document
}

fn omitted(written: &Written, text: &str) -> bool {
    written
        .omissions
        .iter()
        .any(|omission| omission.what.contains(text))
}

#[test]
fn cpes_are_repaired_or_left_out() {
    let written = write_xml(&awkward());
    let text = String::from_utf8(written.bytes.clone()).unwrap();
    assert!(text.contains(
        r"<cpe>cpe:2.3:a:Azure:azure-sdk-for-go:v57.0.0\+incompatible:*:*:*:*:*:*:*</cpe>"
    ));
    assert!(text.contains("<cpe>cpe:/a:foo_bar:baz</cpe>"), "{text}");
    assert!(!text.contains("not a cpe"));
    assert!(omitted(&written, "repaired as"));
    assert!(omitted(&written, "the cpe is left out"));
}

#[test]
fn urls_are_made_any_uris_or_left_out() {
    let written = write_xml(&awkward());
    let text = String::from_utf8(written.bytes.clone()).unwrap();
    assert!(text.contains("<url>git@github.com%3Achaijs/assertion-error.git</url>"));
    assert!(text.contains("<url>https://example.com/100%25</url>"));
    assert!(text.contains("<url>https://example.com/%5Bdocs%5D</url>"));
    assert!(text.contains("<purl>pkg:npm/assertion-error@1.1.0#a%23b</purl>"));
    assert!(!text.contains("example.com:port"));
    assert!(omitted(&written, "is not an xs:anyURI and is left out"));
    assert!(omitted(&written, "percent-encoded as"));
    // What was written reads back.
    let again = read_xml(&written.bytes).unwrap();
    assert_eq!(again.components[1].external_references.len(), 1);
}

#[test]
fn repeated_bom_refs_are_written_once() {
    let written = write_xml(&awkward());
    let text = String::from_utf8(written.bytes.clone()).unwrap();
    assert_eq!(text.matches(r#"bom-ref="go""#).count(), 1);
    assert!(omitted(&written, "is used more than once"));
    assert!(read_xml(&written.bytes).is_ok());
}

#[test]
fn parts_added_in_1_7_are_removed_from_raw_fragments() {
    let Some(files) = spec_tests("1.7", "valid-cryptography-full") else {
        return;
    };
    let source = std::fs::read(&files[0]).unwrap();
    assert!(String::from_utf8_lossy(&source).contains("algorithmFamily"));
    let written = write_xml(&read_xml(&source).unwrap());
    let text = String::from_utf8_lossy(&written.bytes);
    assert!(!text.contains("algorithmFamily"));
    assert!(omitted(&written, "CycloneDX 1.7 parts algorithmFamily"));
}

#[test]
fn awkward_values_are_written_valid() {
    if !xmllint_installed() {
        println!("skipped: xmllint not installed");
        return;
    }
    let Some(schema_dir) = tplc_test::testdata("cyclonedx-spec/schema") else {
        return;
    };
    let path: PathBuf =
        std::env::temp_dir().join(format!("tplc-xml-awkward-{}.xml", std::process::id()));
    std::fs::write(&path, write_xml(&awkward()).bytes).unwrap();
    let failures = validate(&schema_dir, std::slice::from_ref(&path));
    let _ = std::fs::remove_file(&path);
    assert!(failures.is_empty(), "{failures:?}");
}
