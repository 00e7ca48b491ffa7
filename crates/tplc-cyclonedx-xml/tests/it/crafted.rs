//! Behaviour on small crafted documents: what the model receives, what is refused, what the
//! writer reports as omitted.

use tplc_cyclonedx_xml::{read_xml, write_xml};
use tplc_model::{
    ComponentType, Hash, HashAlgorithm, LicenseAcknowledgement, LicenseKind, RawFragment,
    Relationship, RelationshipKind, SbomDocument, Scope, SourceFormat, ToolKind,
};

use crate::support::REJECTED;

const NS: &str = "http://cyclonedx.org/schema/bom/1.6";

fn bom(body: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><bom xmlns="{NS}" version="3">{body}</bom>"#)
}

fn read(body: &str) -> SbomDocument {
    read_xml(bom(body).as_bytes()).unwrap()
}

fn rejection(text: &str) -> String {
    read_xml(text.as_bytes()).unwrap_err().to_string()
}

#[test]
fn fields_fill_the_model() {
    let document = read(
        r#"<metadata>
            <timestamp>2024-01-02T03:04:05Z</timestamp>
            <lifecycles><lifecycle><phase>build</phase></lifecycle><lifecycle><name>custom</name></lifecycle></lifecycles>
            <tools><tool><vendor>Acme</vendor><name>scanner</name><version>1</version></tool></tools>
            <authors><author bom-ref="a1"><name>Jane</name><email>jane@example.com</email></author></authors>
            <component type="device" bom-ref="root"><name>Pump</name></component>
            <supplier><name>Acme Medical</name><url>https://example.com</url><contact><name>Joe</name></contact></supplier>
            <licenses><expression acknowledgement="declared">MIT OR Apache-2.0</expression></licenses>
            <properties><property name="cdx:fda:level-of-support">full</property><property name="empty"/></properties>
        </metadata>
        <components>
            <component type="library" bom-ref="lib" mime-type="application/java-archive">
                <supplier><name>Lib Co</name></supplier>
                <author>Old Author</author>
                <group>org.example</group><name>lib</name><version>1.0</version><scope>optional</scope>
                <hashes><hash alg="SHA-256"> f498a8ff2dd007e29c2074f5e4b01a9a01775c3ff3aeaf6906ea503bc5791b7b </hash></hashes>
                <licenses><license acknowledgement="concluded" bom-ref="l1"><id>Apache-2.0</id><text content-type="text/plain" encoding="base64">QQ==</text><url>https://a.example</url></license></licenses>
                <cpe>cpe:2.3:a:example:lib:1.0:*:*:*:*:*:*:*</cpe>
                <purl>pkg:maven/org.example/lib@1.0</purl>
                <omniborId>gitoid:blob:sha1:261eeb9e9f8b2b4b0d119366dda99c6fd7d35c64</omniborId>
                <swid tagId="swidgen-1" name="lib" version="1.0" tagVersion="2" patch="false"/>
                <pedigree><notes>patched</notes></pedigree>
                <externalReferences><reference type="vcs"><url>https://git.example/lib</url><comment>source</comment></reference></externalReferences>
                <properties><property name="p">v</property></properties>
                <components><component type="file"><name>inner</name></component></components>
                <data><type>dataset</type></data><data><type>configuration</type></data>
                <tags><tag>json</tag></tags>
            </component>
        </components>
        <services><service><name>s</name></service></services>
        <dependencies><dependency ref="root"><dependency ref="lib"/></dependency><dependency ref="lib"><provides ref="root"/></dependency></dependencies>"#,
    );
    assert_eq!(document.source_format, SourceFormat::CycloneDxXml);
    assert_eq!(document.spec_version, "1.6");
    assert_eq!(document.version, Some(3));
    let metadata = &document.metadata;
    assert_eq!(metadata.timestamp.as_deref(), Some("2024-01-02T03:04:05Z"));
    assert_eq!(metadata.lifecycles, ["build", "custom"]);
    assert_eq!(metadata.tools[0].kind, ToolKind::Legacy);
    assert_eq!(metadata.tools[0].vendor.as_deref(), Some("Acme"));
    assert_eq!(metadata.authors[0].bom_ref.as_deref(), Some("a1"));
    assert_eq!(
        metadata.component.as_ref().unwrap().component_type,
        ComponentType::Device
    );
    let supplier = metadata.supplier.as_ref().unwrap();
    assert_eq!((supplier.urls.len(), supplier.contacts.len()), (1, 1));
    assert_eq!(
        metadata.licenses[0].kind,
        LicenseKind::Expression("MIT OR Apache-2.0".into())
    );
    assert_eq!(
        metadata.licenses[0].acknowledgement,
        Some(LicenseAcknowledgement::Declared)
    );
    assert_eq!(metadata.properties[1].value, None);

    let lib = &document.components[0];
    assert_eq!(lib.mime_type.as_deref(), Some("application/java-archive"));
    assert_eq!(lib.supplier_name(), Some("Lib Co"));
    assert_eq!(lib.author.as_deref(), Some("Old Author"));
    assert_eq!(lib.scope, Some(Scope::Optional));
    assert_eq!(
        lib.hashes,
        [Hash {
            algorithm: HashAlgorithm::Sha256,
            value: "f498a8ff2dd007e29c2074f5e4b01a9a01775c3ff3aeaf6906ea503bc5791b7b".into()
        }]
    );
    let license = &lib.licenses[0];
    assert_eq!(license.kind, LicenseKind::Id("Apache-2.0".into()));
    assert_eq!(
        license.text.as_ref().unwrap().encoding.as_deref(),
        Some("base64")
    );
    assert_eq!(lib.omnibor_ids.len(), 1);
    let swid = lib.swid.as_ref().unwrap();
    assert_eq!((swid.tag_version, swid.patch), (Some(2), Some(false)));
    assert_eq!(
        lib.raw.get("pedigree"),
        Some(&RawFragment::Xml(
            "<pedigree><notes>patched</notes></pedigree>".into()
        ))
    );
    assert_eq!(
        lib.raw.get("data"),
        Some(&RawFragment::Xml(
            "<data><type>dataset</type></data><data><type>configuration</type></data>".into()
        ))
    );
    assert_eq!(lib.external_references[0].kind, "vcs");
    assert_eq!(lib.components[0].name, "inner");
    assert_eq!(lib.tags, ["json"]);
    assert!(
        matches!(document.raw.get("services"), Some(RawFragment::Xml(text)) if text.starts_with("<services>"))
    );
    assert_eq!(document.dependencies[0].depends_on, ["lib"]);
    assert_eq!(document.dependencies[1].provides, ["root"]);

    let written = write_xml(&document);
    assert!(written.omissions.is_empty(), "{:?}", written.omissions);
    let mut again = read_xml(&written.bytes).unwrap();
    again.version = document.version;
    assert_eq!(again, document);
}

#[test]
fn modern_tools_keep_their_kind() {
    let document = read(
        r#"<metadata><tools><components><component type="application" bom-ref="t"><group>Acme</group><name>gen</name><version>2</version></component></components>
        <services><service><provider><name>Signer Inc</name></provider><name>signer</name></service></services></tools></metadata>"#,
    );
    let tools = &document.metadata.tools;
    assert_eq!(
        tools[0].kind,
        ToolKind::Component(ComponentType::Application)
    );
    assert_eq!(
        (tools[0].vendor.as_deref(), tools[0].bom_ref.as_deref()),
        (Some("Acme"), Some("t"))
    );
    assert_eq!(tools[1].kind, ToolKind::Service);
    assert_eq!(tools[1].vendor.as_deref(), Some("Signer Inc"));
}

#[test]
fn deprecated_manufacture_fills_the_component_manufacturer() {
    let document = read(
        r#"<metadata><component type="device"><name>Pump</name></component><manufacture><name>Maker</name></manufacture></metadata>"#,
    );
    let component = document.metadata.component.as_ref().unwrap();
    assert_eq!(
        component
            .manufacturer
            .as_ref()
            .and_then(|maker| maker.name.as_deref()),
        Some("Maker")
    );
    let document = read(r#"<metadata><manufacture><name>Maker</name></manufacture></metadata>"#);
    assert_eq!(
        document
            .metadata
            .manufacturer
            .as_ref()
            .and_then(|maker| maker.name.as_deref()),
        Some("Maker")
    );
}

#[test]
fn older_namespaces_and_unknown_elements_are_read() {
    let document = read_xml(
        br#"<bom xmlns="http://cyclonedx.org/schema/bom/1.3" version="1"><BOMFormat>CycloneDX</BOMFormat>
        <components><component type="library"><name>a</name><x:ext xmlns:x="urn:x">ignored</x:ext></component></components></bom>"#,
    )
    .unwrap();
    assert_eq!(document.spec_version, "1.3");
    assert_eq!(document.components[0].name, "a");
    assert!(document.components[0].raw.is_empty());
}

#[test]
fn laravel_sbom_with_a_bomformat_element_ingests() {
    let Some(dir) = tplc_test::testdata("guac/internal/testing/testdata/exampledata") else {
        return;
    };
    let document = read_xml(&std::fs::read(dir.join("laravel-cyclonedx.xml")).unwrap()).unwrap();
    assert!(document.component_count() > 50);
}

#[test]
fn known_bad_real_world_documents_are_rejected() {
    let Some(root) = tplc_test::shared_dir() else {
        tplc_test::skipped("testdata");
        return;
    };
    for name in REJECTED {
        let files = tplc_test::files_under(&root.join("testdata"), |file| file == *name);
        assert!(!files.is_empty(), "{name} not found");
        for file in files {
            let error = read_xml(&std::fs::read(&file).unwrap()).unwrap_err();
            println!("{name}: {error}");
        }
    }
}

#[test]
fn documents_that_are_not_cyclonedx_boms_are_refused() {
    assert!(rejection("<bom/>").contains("has no namespace"));
    assert!(
        rejection(r#"<bom xmlns="http://cyclonedx.org/schema/bom/12"/>"#)
            .contains("not a CycloneDX BOM namespace")
    );
    assert!(rejection(&format!(r#"<sbom xmlns="{NS}"/>"#)).contains("expected <bom>"));
    assert_eq!(
        rejection(&format!(
            r#"<!DOCTYPE bom [<!ENTITY a "aaaa">]><bom xmlns="{NS}">&a;</bom>"#
        )),
        "line 1, column 1: document type declarations are not allowed"
    );
    assert!(rejection(&format!(r#"<bom xmlns="{NS}"><components>"#)).contains("not closed"));
}

#[test]
fn schema_rules_name_line_and_column() {
    let error = rejection(&bom(
        "\n<dependencies>\n  <dependency ref=\"missing\"/>\n</dependencies>",
    ));
    assert_eq!(
        error,
        "line 3, column 3: dependency names unknown bom-ref \"missing\""
    );
    let error = rejection(&bom(
        r#"<metadata><tools><tool><name>a</name></tool><components/></tools></metadata>"#,
    ));
    assert!(error.contains("mixes legacy"), "{error}");
    let error = rejection(&bom(
        r#"<components><component type="library" mime-type="Text"><name>a</name></component></components>"#,
    ));
    assert!(error.contains("mime-type"), "{error}");
    let error = rejection(&format!(r#"<bom xmlns="{NS}" version="0"/>"#));
    assert!(error.contains("positive integer"), "{error}");
    let error = rejection(&bom(
        r#"<externalReferences><reference type="nope"><url>u</url></reference></externalReferences>"#,
    ));
    assert!(error.contains("external reference type"), "{error}");
}

#[test]
fn nesting_is_bounded_without_panicking() {
    let nested = |depth: usize| {
        let open = r#"<component type="library"><name>n</name><components>"#.repeat(depth);
        let close = "</components></component>".repeat(depth);
        bom(&format!("<components>{open}{close}</components>"))
    };
    assert!(read_xml(nested(63).as_bytes()).is_ok());
    assert!(
        read_xml(nested(65).as_bytes())
            .unwrap_err()
            .message()
            .contains("components nested deeper")
    );
    let deep = bom(&format!(
        "{}{}",
        "<x:a xmlns:x=\"urn:x\">".repeat(400),
        "</x:a>".repeat(400)
    ));
    assert!(
        read_xml(deep.as_bytes())
            .unwrap_err()
            .message()
            .contains("nested deeper")
    );
}

#[test]
fn malformed_input_is_an_error_not_a_panic() {
    let samples: [&[u8]; 8] = [
        b"",
        b"\xff\xfe<\x00b\x00",
        b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"><components><component type=\"library\"><name>\xff</name>",
        b"<?xml version=\"1.0\" encoding=\"UTF-16\"?><bom/>",
        b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">&unknown;</bom>",
        b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"><a:b/></bom>",
        b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\" version=\"99999999999999999999999\"/>",
        b"<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"></bom><bom/>",
    ];
    for sample in samples {
        assert!(
            read_xml(sample).is_err(),
            "{}",
            String::from_utf8_lossy(sample)
        );
    }
}

#[test]
fn large_text_is_read() {
    let description = "x".repeat(5_000_000);
    let document = read(&format!(
        r#"<components><component type="library"><name>a</name><description>{description}</description></component></components>"#
    ));
    assert_eq!(
        document.components[0].description.as_ref().map(String::len),
        Some(5_000_000)
    );
}

#[test]
fn what_xml_cannot_carry_is_reported() {
    let mut document = read(
        r#"<components><component type="library" bom-ref="a"><name>a</name></component></components>"#,
    );
    let component = &mut document.components[0];
    component.raw.insert(
        "evidence".into(),
        RawFragment::Json(serde_json::json!({"identity": []})),
    );
    component.hashes.push(Hash {
        algorithm: HashAlgorithm::Sha224,
        value: "00".repeat(28),
    });
    component
        .licenses
        .push(tplc_model::LicenseChoice::new(LicenseKind::Id(
            "NotASpdxId".into(),
        )));
    document.relationships.push(Relationship {
        from: "a".into(),
        kind: RelationshipKind::Other("STATIC_LINK".into()),
        to: "b".into(),
        comment: None,
    });
    document.metadata.timestamp = Some("yesterday".into());
    let written = write_xml(&document);
    let omissions: Vec<String> = written.omissions.iter().map(ToString::to_string).collect();
    assert_eq!(omissions.len(), 5, "{omissions:#?}");
    assert!(
        omissions
            .iter()
            .any(|omission| omission.contains("evidence (read from JSON)"))
    );
    assert!(omissions.iter().any(|omission| omission.contains("SHA224")));
    assert!(
        omissions
            .iter()
            .any(|omission| omission.contains("written as a name"))
    );
    assert!(
        omissions
            .iter()
            .any(|omission| omission.contains("STATIC_LINK"))
    );
    let again = read_xml(&written.bytes).unwrap();
    assert_eq!(
        again.components[0].licenses[0].kind,
        LicenseKind::Name("NotASpdxId".into())
    );
    assert!(again.components[0].raw.is_empty());
}

#[test]
fn raw_fragments_are_put_back_in_the_1_6_namespace() {
    let document = read_xml(
        br#"<b:bom xmlns:b="http://cyclonedx.org/schema/bom/1.4"><b:components><b:component type="library"><b:name>a</b:name>
        <b:pedigree><b:notes>n &amp; m</b:notes></b:pedigree></b:component></b:components>
        <b:vulnerabilities><b:vulnerability><b:id>CVE-1</b:id></b:vulnerability></b:vulnerabilities></b:bom>"#,
    )
    .unwrap();
    let text = String::from_utf8(write_xml(&document).bytes).unwrap();
    assert!(
        text.contains("<pedigree>\n        <notes>n &amp; m</notes>\n      </pedigree>"),
        "{text}"
    );
    assert!(text.contains("<vulnerabilities>"), "{text}");
    assert!(!text.contains("1.4"), "{text}");
}

#[test]
fn writer_keeps_the_output_readable() {
    let mut document =
        read_xml(format!(r#"<bom xmlns="{NS}"><components><component type="library" bom-ref="a"><name>a</name></component></components></bom>"#).as_bytes())
            .unwrap();
    assert_eq!(document.version, None);
    document.dependencies.push(tplc_model::Dependency {
        reference: "a".into(),
        depends_on: vec!["gone".into()],
        provides: Vec::new(),
    });
    document.components[0].raw.insert(
        "pedigree".into(),
        RawFragment::Xml(r#"<pedigree><patches><patch type="wrong"/></patches></pedigree>"#.into()),
    );
    let written = write_xml(&document);
    let text = String::from_utf8(written.bytes.clone()).unwrap();
    assert!(text.contains(&format!("<bom xmlns=\"{NS}\">")), "{text}");
    let omissions: Vec<String> = written.omissions.iter().map(ToString::to_string).collect();
    assert_eq!(omissions.len(), 2, "{omissions:#?}");
    assert!(
        omissions[0]
            .contains("pedigree dropped: it breaks CycloneDX 1.6 (unknown patch type \"wrong\")")
    );
    assert!(omissions[1].contains("dependency on \"gone\" dropped"));
    let again = read_xml(&written.bytes).unwrap();
    assert_eq!(again.dependencies[0].depends_on, Vec::<String>::new());
}
