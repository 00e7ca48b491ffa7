//! How SPDX relationships, annotations and package fields land in the model and back.

use serde_json::{Value, json};
use tplc_model::{Dependency, LicenseKind, Property, RawFragment, Relationship, RelationshipKind};

fn document(packages: &Value, relationships: &Value) -> tplc_model::SbomDocument {
    let value = json!({
        "spdxVersion": "SPDX-2.3",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "t",
        "dataLicense": "CC0-1.0",
        "documentNamespace": "https://example.com/t",
        "creationInfo": { "created": "2024-01-01T00:00:00Z", "creators": ["Tool: t-1"] },
        "packages": packages,
        "relationships": relationships,
    });
    tplc_spdx::read_json(value.to_string().as_bytes()).unwrap()
}

fn packages(names: &[&str]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|name| json!({ "SPDXID": format!("SPDXRef-{name}"), "name": name, "downloadLocation": "NOASSERTION" }))
            .collect(),
    )
}

fn relationship(from: &str, kind: &str, to: &str) -> Value {
    json!({ "spdxElementId": from, "relationshipType": kind, "relatedSpdxElement": to })
}

#[test]
fn dependency_relationships_fill_the_graph() {
    let read = document(
        &packages(&["app", "lib", "rt", "leaf"]),
        &json!([
            relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-app"),
            relationship("SPDXRef-lib", "DEPENDENCY_OF", "SPDXRef-app"),
            relationship("SPDXRef-rt", "RUNTIME_DEPENDENCY_OF", "SPDXRef-app"),
            { "spdxElementId": "SPDXRef-lib", "relationshipType": "DEPENDS_ON", "relatedSpdxElement": "SPDXRef-leaf", "comment": "why" },
            relationship("SPDXRef-leaf", "DEPENDS_ON", "NONE"),
            relationship("SPDXRef-app", "CONTAINED_BY", "SPDXRef-leaf"),
            relationship("SPDXRef-app", "STATIC_LINK", "NOASSERTION"),
        ]),
    );
    assert_eq!(read.metadata.component.as_ref().unwrap().name, "app");
    assert_eq!(
        read.dependencies,
        [
            Dependency {
                reference: "SPDXRef-app".into(),
                depends_on: vec!["SPDXRef-lib".into(), "SPDXRef-rt".into()],
                provides: vec![]
            },
            Dependency {
                reference: "SPDXRef-lib".into(),
                depends_on: vec!["SPDXRef-leaf".into()],
                provides: vec![]
            },
            Dependency::new("SPDXRef-leaf"),
        ]
    );
    let kept = |from: &str, kind: RelationshipKind, to: &str, comment: Option<&str>| Relationship {
        from: from.into(),
        kind,
        to: to.into(),
        comment: comment.map(str::to_owned),
    };
    assert_eq!(
        read.relationships,
        [
            kept(
                "SPDXRef-rt",
                RelationshipKind::Other("RUNTIME_DEPENDENCY_OF".into()),
                "SPDXRef-app",
                None
            ),
            kept(
                "SPDXRef-lib",
                RelationshipKind::Other("DEPENDS_ON".into()),
                "SPDXRef-leaf",
                Some("why")
            ),
            kept(
                "SPDXRef-leaf",
                RelationshipKind::Contains,
                "SPDXRef-app",
                None
            ),
            kept(
                "SPDXRef-app",
                RelationshipKind::Other("STATIC_LINK".into()),
                "NOASSERTION",
                None
            ),
        ]
    );
    // Written back, each edge appears once and the model is unchanged.
    let written: Value = serde_json::from_slice(&tplc_spdx::write_json(&read).bytes).unwrap();
    let edges = written["relationships"].as_array().unwrap();
    let count = |kind: &str, from: &str, to: &str| {
        edges
            .iter()
            .filter(|edge| {
                edge["relationshipType"] == kind
                    && edge["spdxElementId"] == from
                    && edge["relatedSpdxElement"] == to
            })
            .count()
    };
    assert_eq!(count("DEPENDS_ON", "SPDXRef-lib", "SPDXRef-leaf"), 1);
    assert_eq!(
        count("RUNTIME_DEPENDENCY_OF", "SPDXRef-rt", "SPDXRef-app"),
        1
    );
    assert_eq!(count("DEPENDS_ON", "SPDXRef-app", "SPDXRef-rt"), 0);
    assert_eq!(count("DEPENDS_ON", "SPDXRef-app", "SPDXRef-lib"), 1);
    assert_eq!(count("DEPENDS_ON", "SPDXRef-leaf", "NONE"), 1);
    let again = tplc_spdx::read_json(&tplc_spdx::write_json(&read).bytes).unwrap();
    assert_eq!(again.relationships, read.relationships);
    // Edges a kept relationship states come first in their node on reading back.
    let sorted = |dependencies: &[Dependency]| -> Vec<(String, Vec<String>)> {
        dependencies
            .iter()
            .map(|node| {
                let mut targets = node.depends_on.clone();
                targets.sort();
                (node.reference.clone(), targets)
            })
            .collect()
    };
    assert_eq!(sorted(&again.dependencies), sorted(&read.dependencies));
}

#[test]
fn several_described_packages_stay_components() {
    let read = document(
        &packages(&["a", "b"]),
        &json!([
            relationship("SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-a"),
            relationship("SPDXRef-b", "DESCRIBED_BY", "SPDXRef-DOCUMENT"),
        ]),
    );
    assert!(read.metadata.component.is_none());
    assert_eq!(read.components.len(), 2);
    let described: Vec<&str> = read
        .relationships
        .iter()
        .filter(|relationship| {
            relationship.kind == RelationshipKind::Describes
                && relationship.from == "SPDXRef-DOCUMENT"
        })
        .map(|relationship| relationship.to.as_str())
        .collect();
    assert_eq!(described, ["SPDXRef-a", "SPDXRef-b"]);
}

#[test]
fn package_fields_and_annotations_map_both_ways() {
    let package = json!([{
        "SPDXID": "SPDXRef-pump",
        "name": "pump-fw",
        "downloadLocation": "NONE",
        "supplier": "Person: Jane Doe (jane@example.com)",
        "originator": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "licenseConcluded": "NONE",
        "licenseDeclared": "GPL-2.0-only WITH Classpath-exception-2.0",
        "summary": "only a summary",
        "primaryPackagePurpose": "INSTALL",
        "validUntilDate": "2030-06-30T12:00:00Z",
        "externalRefs": [
            { "referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/pump-fw@1", "comment": "main" },
            { "referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/pump-fw-alias@1" },
            { "referenceCategory": "SECURITY", "referenceType": "fix", "referenceLocator": "https://example.com/fix" },
            { "referenceCategory": "OTHER", "referenceType": "vcs", "referenceLocator": "https://example.com/git" }
        ],
        "annotations": [
            { "annotationDate": "2024-01-01T00:00:00Z", "annotationType": "OTHER", "annotator": "Person: Reviewer", "comment": "cdx:fda:level-of-support=actively maintained" },
            { "annotationDate": "2024-01-01T00:00:00Z", "annotationType": "REVIEW", "annotator": "Person: Reviewer", "comment": "looks fine" }
        ]
    }]);
    let read = document(
        &package,
        &json!([relationship(
            "SPDXRef-DOCUMENT",
            "DESCRIBES",
            "SPDXRef-pump"
        )]),
    );
    let pump = read.metadata.component.as_deref().unwrap();
    assert_eq!(
        pump.supplier.as_ref().unwrap().name.as_deref(),
        Some("Jane Doe")
    );
    assert!(pump.authors.is_empty() && pump.manufacturer.is_none());
    assert_eq!(pump.copyright, None);
    assert_eq!(pump.description.as_deref(), Some("only a summary"));
    assert_eq!(pump.component_type, tplc_model::ComponentType::Application);
    assert_eq!(pump.licenses.len(), 1);
    assert_eq!(
        pump.licenses[0].kind,
        LicenseKind::Expression("GPL-2.0-only WITH Classpath-exception-2.0".into())
    );
    assert_eq!(pump.purl.as_deref(), Some("pkg:generic/pump-fw@1"));
    assert_eq!(pump.external_references.len(), 1);
    assert_eq!(pump.external_references[0].kind, "vcs");
    assert_eq!(
        pump.properties,
        [
            Property::new("cdx:fda:end-of-support-date", "2030-06-30"),
            Property::new("cdx:fda:level-of-support", "actively maintained")
        ]
    );
    for key in [
        "spdx:downloadLocation",
        "spdx:copyrightText",
        "spdx:licenseConcluded",
        "spdx:primaryPackagePurpose",
        "spdx:validUntilDate",
        "spdx:externalRefs",
        "spdx:annotations",
    ] {
        assert!(pump.raw.contains_key(key), "{key} kept raw");
    }
    let Some(RawFragment::Json(Value::Array(kept))) = pump.raw.get("spdx:externalRefs") else {
        panic!()
    };
    assert_eq!(
        kept.len(),
        3,
        "the commented purl, the second purl and the fix"
    );

    let written: Value = serde_json::from_slice(&tplc_spdx::write_json(&read).bytes).unwrap();
    let out = &written["packages"][0];
    assert_eq!(out["supplier"], "Person: Jane Doe (jane@example.com)");
    assert_eq!(out["downloadLocation"], "NONE");
    assert_eq!(out["copyrightText"], "NOASSERTION");
    assert_eq!(out["licenseConcluded"], "NONE");
    assert_eq!(out["primaryPackagePurpose"], "INSTALL");
    assert_eq!(out["validUntilDate"], "2030-06-30T12:00:00Z");
    assert_eq!(
        out["externalRefs"][0],
        json!({"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:generic/pump-fw@1", "comment": "main"})
    );
    assert_eq!(out["externalRefs"].as_array().unwrap().len(), 4);
    let comments: Vec<&str> = out["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|annotation| annotation["comment"].as_str().unwrap())
        .collect();
    assert_eq!(
        comments,
        ["cdx:fda:level-of-support=actively maintained", "looks fine"]
    );
    let again = tplc_spdx::read_json(&serde_json::to_vec(&written).unwrap()).unwrap();
    assert_eq!(again.metadata.component, read.metadata.component);
}

#[test]
fn tag_value_annotations_attach_to_their_element() {
    let text = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\nDocumentName: t\n\
                DocumentNamespace: https://example.com/t\nCreator: Tool: tplc-0.1.0\nCreated: 2024-01-01T00:00:00Z\n\
                Annotator: Tool: tplc\nAnnotationDate: 2024-01-01T00:00:00Z\nAnnotationType: OTHER\n\
                SPDXREF: SPDXRef-fw\nAnnotationComment: cdx:fda:level-of-support=actively maintained\n\
                Annotator: Tool: tplc\nAnnotationDate: 2024-01-01T00:00:00Z\nAnnotationType: OTHER\n\
                AnnotationComment: acme:note\n\
                PackageName: fw\nSPDXID: SPDXRef-fw\nPackageDownloadLocation: NOASSERTION\nValidUntilDate: 2031-12-31T00:00:00Z\n\
                Relationship: SPDXRef-DOCUMENT DESCRIBES SPDXRef-fw\n";
    let read = tplc_spdx::read_tag_value(text.as_bytes()).unwrap();
    let firmware = read.metadata.component.as_deref().unwrap();
    assert_eq!(
        firmware.property("cdx:fda:level-of-support"),
        Some("actively maintained")
    );
    assert_eq!(
        firmware.property("cdx:fda:end-of-support-date"),
        Some("2031-12-31")
    );
    assert!(
        !firmware.raw.contains_key("spdx:validUntilDate"),
        "midnight needs no raw copy"
    );
    assert_eq!(
        read.metadata.properties,
        [Property {
            name: "acme:note".into(),
            value: None
        }]
    );
    assert_eq!(read.metadata.tools[0].name.as_deref(), Some("tplc"));
}
