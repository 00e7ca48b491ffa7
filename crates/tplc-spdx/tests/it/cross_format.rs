//! The specification example in JSON and in tag-value gives the same model.

use serde_json::Value;
use tplc_model::{RawFragment, SbomDocument};

use crate::corpus::shared;

fn sorted_relationships(document: &SbomDocument) -> Vec<String> {
    let mut relationships: Vec<String> = document
        .relationships
        .iter()
        .map(|relationship| format!("{relationship:?}"))
        .collect();
    relationships.sort();
    relationships
}

/// A raw array of SPDX elements, sorted by the given key.
fn sorted_raw(document: &SbomDocument, key: &str, by: &str) -> Vec<Value> {
    let Some(RawFragment::Json(Value::Array(items))) = document.raw.get(key) else {
        return Vec::new();
    };
    let mut items = items.clone();
    items.sort_by_key(|item| item[by].as_str().unwrap_or_default().to_owned());
    items
}

fn assert_same_document(json_path: &str, tag_path: &str) {
    let Some(json) = shared(json_path) else {
        return;
    };
    let Some(tag) = shared(tag_path) else { return };
    let json = tplc_spdx::read_json(&std::fs::read(json).unwrap()).unwrap();
    let tag = tplc_spdx::read_tag_value(&std::fs::read(tag).unwrap()).unwrap();
    assert_eq!(json.spec_version, tag.spec_version);
    assert_eq!(json.name, tag.name);
    assert_eq!(json.namespace, tag.namespace);
    assert_eq!(json.metadata, tag.metadata);
    assert_eq!(json.components, tag.components);
    assert_eq!(json.dependencies, tag.dependencies);
    assert_eq!(sorted_relationships(&json), sorted_relationships(&tag));
    assert_eq!(
        sorted_raw(&json, "spdx:files", "SPDXID"),
        sorted_raw(&tag, "spdx:files", "SPDXID")
    );
    assert_eq!(
        sorted_raw(&json, "spdx:snippets", "SPDXID"),
        sorted_raw(&tag, "spdx:snippets", "SPDXID")
    );
    assert_eq!(
        sorted_raw(&json, "spdx:hasExtractedLicensingInfos", "licenseId"),
        sorted_raw(&tag, "spdx:hasExtractedLicensingInfos", "licenseId")
    );
    assert_eq!(
        json.raw.get("spdx:annotations"),
        tag.raw.get("spdx:annotations")
    );
    assert_eq!(
        json.raw.get("spdx:externalDocumentRefs"),
        tag.raw.get("spdx:externalDocumentRefs")
    );
}

#[test]
fn spdx_2_3_example_json_and_tag_value_give_the_same_model() {
    assert_same_document(
        "spdx/spdx-spec/v2.3/SPDXJSONExample-v2.3.spdx.json",
        "spdx/spdx-spec/v2.3/SPDXTagExample-v2.3.spdx",
    );
}

#[test]
fn spdx_2_2_example_json_and_tag_value_give_the_same_model() {
    assert_same_document(
        "spdx/spdx-spec/v2.2/SPDXJSONExample-v2.2.spdx.json",
        "spdx/spdx-spec/v2.2/SPDXTagExample-v2.2.spdx",
    );
}

#[test]
fn spdx_2_3_example_maps_onto_the_model() {
    let Some(path) = shared("spdx/spdx-spec/v2.3/SPDXJSONExample-v2.3.spdx.json") else {
        return;
    };
    let document = tplc_spdx::read_json(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(document.spec_version, "SPDX-2.3");
    let metadata = &document.metadata;
    assert_eq!(metadata.timestamp.as_deref(), Some("2010-01-29T18:30:22Z"));
    assert_eq!(metadata.tools[0].name.as_deref(), Some("LicenseFind"));
    assert_eq!(metadata.tools[0].version.as_deref(), Some("1.0"));
    assert_eq!(
        metadata.author_organizations[0].name.as_deref(),
        Some("ExampleCodeInspect")
    );
    assert_eq!(metadata.authors[0].name.as_deref(), Some("Jane Doe"));
    assert!(
        metadata
            .comment
            .as_deref()
            .unwrap()
            .starts_with("This package has been shipped")
    );
    // Only one of the two described elements is a package: it becomes the main component.
    let glibc = metadata.component.as_deref().unwrap();
    assert_eq!(glibc.name, "glibc");
    assert_eq!(glibc.bom_ref.as_deref(), Some("SPDXRef-Package"));
    assert_eq!(
        glibc.supplier.as_ref().unwrap().name.as_deref(),
        Some("Jane Doe")
    );
    assert_eq!(
        glibc.manufacturer.as_ref().unwrap().name.as_deref(),
        Some("ExampleCodeInspect")
    );
    assert_eq!(glibc.hashes.len(), 4);
    assert_eq!(
        glibc.cpe.as_deref(),
        Some("cpe:2.3:a:pivotal_software:spring_framework:4.1.0:*:*:*:*:*:*:*")
    );
    assert_eq!(glibc.component_type, tplc_model::ComponentType::File);
    assert_eq!(
        glibc.property("cdx:fda:end-of-support-date"),
        Some("2014-01-29")
    );
    assert_eq!(glibc.licenses.len(), 2);
    assert_eq!(
        glibc
            .description
            .as_deref()
            .map(|text| text.starts_with("The GNU C Library")),
        Some(true)
    );
    assert!(
        glibc
            .external_references
            .iter()
            .any(|reference| reference.kind == "website")
    );
    assert!(glibc.raw.contains_key("spdx:packageVerificationCode"));
    assert_eq!(document.components.len(), 3);
    let jena = document
        .components
        .iter()
        .find(|component| component.name == "Jena")
        .unwrap();
    assert_eq!(
        jena.purl.as_deref(),
        Some("pkg:maven/org.apache.jena/apache-jena@3.12.0")
    );
    let describes_file = document.relationships.iter().any(|relationship| {
        relationship.kind == tplc_model::RelationshipKind::Describes
            && relationship.to == "SPDXRef-File"
    });
    assert!(describes_file);
    let glibc_contains = document
        .relationships
        .iter()
        .filter(|relationship| {
            relationship.from == "SPDXRef-Package"
                && relationship.kind == tplc_model::RelationshipKind::Contains
        })
        .count();
    assert_eq!(
        glibc_contains, 4,
        "the four files of hasFiles, JenaLib among them"
    );
    let Some(RawFragment::Json(Value::Array(files))) = document.raw.get("spdx:files") else {
        panic!("files kept raw")
    };
    assert_eq!(files.len(), 5);
}
