//! Writing documents that did not come from CycloneDX JSON: what cannot be carried is
//! reported, and the output still validates and reads back.

use tplc_model::{
    Component, ComponentType, Dependency, Hash, HashAlgorithm, LicenseChoice, LicenseKind,
    OrganizationalEntity, RawFragment, Relationship, RelationshipKind, SbomDocument, SourceFormat,
    Tool, ToolKind,
};

fn spdx_like() -> SbomDocument {
    let mut document = SbomDocument::new(SourceFormat::SpdxJson, "SPDX-2.3");
    document.name = Some("pump".into());
    document.namespace = Some("https://example.com/spdx/pump".into());
    document.data_license = Some("CC0-1.0".into());
    document.metadata.timestamp = Some("2024-05-01T10:00:00Z".into());
    document
        .metadata
        .tools
        .push(Tool::named("syft", Some("1.0.0".into())));
    document
        .metadata
        .author_organizations
        .push(OrganizationalEntity::named("ACME Medical"));
    let mut root = Component::new(ComponentType::Application, "pump");
    root.bom_ref = Some("SPDXRef-Package-pump".into());
    document.metadata.component = Some(Box::new(root));
    let mut openssl = Component::new(ComponentType::Library, "openssl");
    openssl.bom_ref = Some("SPDXRef-Package-openssl".into());
    openssl.purl = Some("pkg:deb/debian/openssl@3.0.11".into());
    openssl.hashes.push(Hash {
        algorithm: HashAlgorithm::Sha224,
        value: "0".repeat(56),
    });
    openssl.hashes.push(Hash {
        algorithm: HashAlgorithm::Sha256,
        value: "a".repeat(64),
    });
    openssl.licenses.push(LicenseChoice::new(LicenseKind::Id(
        "LicenseRef-custom".into(),
    )));
    openssl
        .licenses
        .push(LicenseChoice::new(LicenseKind::Expression(
            "MIT OR Apache-2.0".into(),
        )));
    openssl
        .raw
        .insert("pedigree".into(), RawFragment::Xml("<pedigree/>".into()));
    let mut twin = Component::new(ComponentType::Library, "zlib");
    twin.bom_ref = Some("SPDXRef-Package-openssl".into());
    document.components.extend([openssl, twin]);
    let mut dependency = Dependency::new("SPDXRef-Package-pump");
    dependency.depends_on = vec![
        "SPDXRef-Package-openssl".into(),
        "SPDXRef-Package-missing".into(),
    ];
    document.dependencies.push(dependency);
    document
        .dependencies
        .push(Dependency::new("SPDXRef-Package-missing"));
    for (kind, to) in [
        (RelationshipKind::Describes, "SPDXRef-Package-pump"),
        (RelationshipKind::Contains, "SPDXRef-Package-openssl"),
        (
            RelationshipKind::Other("STATIC_LINK".into()),
            "SPDXRef-Package-openssl",
        ),
    ] {
        document.relationships.push(Relationship {
            from: "SPDXRef-DOCUMENT".into(),
            kind,
            to: to.into(),
            comment: None,
        });
    }
    document
}

#[test]
fn what_cyclonedx_cannot_carry_is_reported() {
    let written = tplc_cyclonedx::write_json(&spdx_like());
    let report: Vec<String> = written.omissions.iter().map(ToString::to_string).collect();
    let expect = [
        "document: document name (SPDX) has no place in CycloneDX",
        "document: document namespace (SPDX) has no place in CycloneDX",
        "component \"openssl\" (pkg:deb/debian/openssl@3.0.11): hash algorithm SHA224 is not defined in CycloneDX",
        "component \"openssl\" (pkg:deb/debian/openssl@3.0.11): pedigree (read from XML) cannot be written as JSON",
        "component \"zlib\": duplicate bom-ref \"SPDXRef-Package-openssl\" dropped",
        "dependency \"SPDXRef-Package-pump\": edge to \"SPDXRef-Package-missing\" dropped: it names nothing written",
        "dependency \"SPDXRef-Package-missing\": dropped: its ref names nothing written",
        "document: 1 CONTAINS relationship(s) have no CycloneDX form (nesting is not inferred)",
        "document: 1 STATIC_LINK relationship(s) have no CycloneDX form (nesting is not inferred)",
    ];
    for line in expect {
        assert!(
            report.iter().any(|reported| reported == line),
            "missing {line:?} in {report:#?}"
        );
    }
    assert!(
        report
            .iter()
            .any(|line| line.contains("combined into one expression")),
        "{report:#?}"
    );
    assert!(
        !report.iter().any(|line| line.contains("DESCRIBES")),
        "describes of metadata.component is implied"
    );

    let document = tplc_cyclonedx::read_json(&written.bytes).unwrap();
    assert_eq!(
        document
            .metadata
            .manufacturer
            .as_ref()
            .and_then(|entity| entity.name.as_deref()),
        Some("ACME Medical")
    );
    assert_eq!(
        document.metadata.licenses[0].kind,
        LicenseKind::Id("CC0-1.0".into())
    );
    assert_eq!(document.metadata.tools[0].kind, ToolKind::Legacy);
    let openssl = &document.components[0];
    assert_eq!(openssl.hashes.len(), 1);
    assert_eq!(openssl.licenses.len(), 1);
    assert_eq!(
        openssl.licenses[0].kind,
        LicenseKind::Expression("LicenseRef-custom AND (MIT OR Apache-2.0)".into())
    );
    assert_eq!(document.components[1].bom_ref, None);
    assert_eq!(document.dependencies.len(), 1);
    assert_eq!(
        document.dependencies[0].depends_on,
        ["SPDXRef-Package-openssl"]
    );

    if let Some(validator) = crate::schema::validator() {
        let value: serde_json::Value = serde_json::from_slice(&written.bytes).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|error| error.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn tools_of_several_kinds_are_written_as_components_and_services() {
    let mut document = SbomDocument::new(SourceFormat::CycloneDxXml, "1.6");
    let mut scanner = Tool::named("scanner", Some("2.0".into()));
    scanner.kind = ToolKind::Component(ComponentType::Application);
    scanner.vendor = Some("ACME".into());
    scanner.bom_ref = Some("tool-scanner".into());
    let mut service = Tool::named("sbom-service", None);
    service.kind = ToolKind::Service;
    document.metadata.tools = vec![scanner, service];
    let written = tplc_cyclonedx::write_json(&document);
    assert!(written.omissions.is_empty(), "{:?}", written.omissions);
    let read = tplc_cyclonedx::read_json(&written.bytes).unwrap();
    assert_eq!(read.metadata.tools, document.metadata.tools);
}

#[test]
fn an_empty_document_writes_the_bare_minimum() {
    let document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
    let written = tplc_cyclonedx::write_json(&document);
    assert_eq!(
        String::from_utf8(written.bytes).unwrap(),
        "{\n  \"$schema\": \"http://cyclonedx.org/schema/bom-1.6.schema.json\",\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\"\n}\n"
    );
}

#[test]
fn extension_properties_of_kept_fragments_are_dropped() {
    let text = r#"{"bomFormat": "CycloneDX", "specVersion": "1.2", "version": 1, "components": [
        {"type": "library", "name": "x", "version": "1", "pedigree": {"notes": "n", "extension": true}}]}"#;
    let document = tplc_cyclonedx::read_json(text.as_bytes()).unwrap();
    assert!(
        document.components[0].raw.contains_key("pedigree"),
        "1.2 allows extension properties"
    );
    let written = tplc_cyclonedx::write_json(&document);
    let notes: Vec<String> = written.omissions.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        ["component \"x\" 1: /pedigree/extension dropped: not a CycloneDX 1.6 property"]
    );
    let read = tplc_cyclonedx::read_json(&written.bytes).unwrap();
    assert_eq!(
        read.components[0].raw.get("pedigree"),
        Some(&RawFragment::Json(serde_json::json!({"notes": "n"})))
    );
}

#[test]
fn kept_fragments_that_break_the_1_6_rules_are_not_written() {
    // 1.2 does not check the pedigree's timestamps; the table has no formats, the rules do.
    let text = r#"{"bomFormat": "CycloneDX", "specVersion": "1.2", "version": 1, "components": [
        {"type": "library", "name": "x", "version": "1",
         "pedigree": {"commits": [{"author": {"timestamp": "yesterday"}}]}}]}"#;
    let document = tplc_cyclonedx::read_json(text.as_bytes()).unwrap();
    let written = tplc_cyclonedx::write_json(&document);
    assert_eq!(written.omissions.len(), 1, "{:?}", written.omissions);
    assert!(
        written.omissions[0]
            .what
            .starts_with("kept pedigree breaks the 1.6 rules"),
        "{}",
        written.omissions[0]
    );
    let read = tplc_cyclonedx::read_json(&written.bytes).unwrap();
    assert!(read.components[0].raw.is_empty());
}

#[test]
fn values_outside_the_1_6_ranges_are_not_written() {
    let mut document = SbomDocument::new(SourceFormat::SpdxJson, "SPDX-2.3");
    document.version = Some(u64::MAX);
    let mut component = Component::new(ComponentType::Library, "x");
    component.version = Some("1".repeat(1025));
    document.components.push(component);
    let written = tplc_cyclonedx::write_json(&document);
    assert_eq!(written.omissions.len(), 2, "{:?}", written.omissions);
    let read = tplc_cyclonedx::read_json(&written.bytes).unwrap();
    assert_eq!(
        (read.version, read.components[0].version.as_deref()),
        (None, None)
    );
}

#[test]
fn tools_the_model_holds_leave_no_metadata_leftover() {
    let read = |tools: serde_json::Value| {
        let text = serde_json::json!({
            "bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"tools": tools},
        });
        tplc_cyclonedx::read_json(text.to_string().as_bytes()).unwrap()
    };
    let plain = read(
        serde_json::json!({"components": [{"type": "application", "name": "tplc", "version": "0.1.0"}]}),
    );
    assert_eq!(plain.metadata.tools.len(), 1);
    assert!(plain.raw.is_empty(), "{:?}", plain.raw);
    let written = tplc_cyclonedx::write_json(&plain);
    assert!(written.omissions.is_empty(), "{:?}", written.omissions);
    let value: serde_json::Value = serde_json::from_slice(&written.bytes).unwrap();
    assert_eq!(
        value["metadata"]["tools"],
        serde_json::json!({"components": [{"type": "application", "name": "tplc", "version": "0.1.0"}]})
    );
    // A supplier is more than `Tool` holds: kept, and written back as it was.
    let supplied = serde_json::json!({"components": [{"type": "application", "name": "tplc", "supplier": {"name": "ACME"}}]});
    let document = read(supplied.clone());
    assert!(document.raw.contains_key("metadata"));
    let value: serde_json::Value =
        serde_json::from_slice(&tplc_cyclonedx::write_json(&document).bytes).unwrap();
    assert_eq!(value["metadata"]["tools"], supplied);
}

#[test]
fn the_repository_example_keeps_no_metadata_leftover() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sp-200-2.1.cdx.json");
    let document = tplc_cyclonedx::read_json(&std::fs::read(path).unwrap()).unwrap();
    assert!(!document.metadata.tools.is_empty());
    assert!(
        !document.raw.contains_key("metadata"),
        "{:?}",
        document.raw.get("metadata")
    );
}

#[test]
fn scp_like_git_urls_are_written_as_iri_references() {
    // data/sboms/cyclonedx/redis-commander.cdx.json has such URLs (npm `repository` fields).
    let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.4");
    let mut component = Component::new(ComponentType::Library, "deep-eql");
    component
        .external_references
        .push(tplc_model::ExternalReference::new(
            "vcs",
            "git@github.com:chaijs/deep-eql.git",
        ));
    document.components.push(component);
    let written = tplc_cyclonedx::write_json(&document);
    let value: serde_json::Value = serde_json::from_slice(&written.bytes).unwrap();
    assert_eq!(
        value["components"][0]["externalReferences"][0]["url"],
        "git@github.com%3Achaijs/deep-eql.git"
    );
    assert_eq!(written.omissions.len(), 1, "{:?}", written.omissions);
    if let Some(validator) = crate::schema::validator() {
        assert!(validator.is_valid(&value));
    }
}
