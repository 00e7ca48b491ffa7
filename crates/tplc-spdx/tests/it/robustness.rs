//! Malformed input gives a one-line error naming where, never a panic.

use tplc_model::{Component, ComponentType, RawFragment, SbomDocument, SourceFormat};

use crate::corpus::shared;

fn json_error(text: &str) -> String {
    tplc_spdx::read_json(text.as_bytes())
        .unwrap_err()
        .to_string()
}

fn tag_error(text: &str) -> String {
    tplc_spdx::read_tag_value(text.as_bytes())
        .unwrap_err()
        .to_string()
}

const HEAD: &str = r#""spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "name": "x""#;

#[test]
fn json_errors_name_the_pointer() {
    assert_eq!(json_error("{}"), "/spdxVersion: missing required field");
    assert_eq!(json_error("[]"), "/: expected an object, found an array");
    assert_eq!(
        json_error(r#"{"spdxVersion": "SPDX-1.2"}"#),
        "/spdxVersion: unsupported SPDX version \"SPDX-1.2\" (expected SPDX-2.2 or SPDX-2.3)"
    );
    assert!(json_error(r#"{"spdxVersion": "SPDX-3.0"}"#).contains("SPDX 3 is not supported"));
    assert!(
        json_error(
            r#"{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}"#
        )
        .starts_with("/: SPDX 3 is not supported")
    );
    assert_eq!(
        json_error(&format!(r#"{{{HEAD}, "packages": {{}}}}"#)),
        "/packages: expected an array, found an object"
    );
    assert_eq!(
        json_error(&format!(
            r#"{{{HEAD}, "packages": [{{"SPDXID": "SPDXRef-a"}}]}}"#
        )),
        "/packages/0/name: missing required field"
    );
    assert_eq!(
        json_error(&format!(
            r#"{{{HEAD}, "packages": [{{"SPDXID": "SPDXRef-a", "name": "a", "versionInfo": 1e400}}]}}"#
        )),
        "line 1, column 141: number out of range"
    );
    assert_eq!(
        json_error(&format!(
            r#"{{{HEAD}, "packages": [{{"SPDXID": "SPDXRef-a", "name": "a", "versionInfo": 123456789012345678901234567890}}]}}"#
        )),
        "/packages/0/versionInfo: expected a string, found a number"
    );
    assert_eq!(
        json_error(&format!(
            r#"{{{HEAD}, "packages": [{{"SPDXID": "SPDXRef-a", "name": "a", "checksums": [{{"algorithm": "SHA999", "checksumValue": "00"}}]}}]}}"#
        )),
        "/packages/0/checksums/0/algorithm: unknown hash algorithm \"SHA999\""
    );
    assert_eq!(
        json_error(&format!(
            r#"{{{HEAD}, "packages": [{{"SPDXID": "SPDXRef-a", "name": "a", "filesAnalyzed": 3}}]}}"#
        )),
        "/packages/0/filesAnalyzed: expected a boolean, found a number"
    );
    assert_eq!(
        json_error(&format!(
            r#"{{{HEAD}, "relationships": [{{"spdxElementId": "a", "relationshipType": "CONTAINS"}}]}}"#
        )),
        "/relationships/0/relatedSpdxElement: missing required field"
    );
    assert_eq!(
        json_error(&format!(r#"{{{HEAD}, "files": [1]}}"#)),
        "/files/0: expected an object, found a number"
    );
    assert_eq!(
        json_error(r#"{"a/b~": 1, "spdxVersion": 2}"#),
        "/spdxVersion: expected a string, found a number"
    );
    assert!(json_error("").starts_with("line 1, column 0: EOF while parsing"));
    assert!(json_error("{\"spdxVersion\": \"SPDX-2.3\", ").starts_with("line 1, column"));
}

#[test]
fn repeated_members_count_once_as_the_last_and_escaped_names_are_read() {
    let text = format!(
        r#"{{{HEAD}, "name": "second", "packages": [{{"SPDXID": "SPDXRef-a", "na\u006de": "first", "name": "zlib",
            "versionInfo": 1, "versionInfo": "1.3", "sourceInfo": "kept", "sourceInfo": null,
            "comment": null, "comment": "c", "filesAnalyzed": false}}]}}"#
    );
    let document = tplc_spdx::read_json(text.as_bytes()).unwrap();
    assert_eq!(document.name.as_deref(), Some("second"));
    let zlib = &document.components[0];
    assert_eq!(
        (zlib.name.as_str(), zlib.version.as_deref()),
        ("zlib", Some("1.3"))
    );
    assert!(!zlib.raw.contains_key("spdx:sourceInfo"));
    assert_eq!(
        zlib.raw.get("spdx:comment"),
        Some(&RawFragment::Json(serde_json::json!("c")))
    );
    let error = json_error(&format!(
        r#"{{{HEAD}, "packages": [{{"SPDXID": "SPDXRef-a", "name": "zlib", "externalRefs": [{{"referenceCategory": 3}}]}}]}}"#
    ));
    assert_eq!(
        error,
        "/packages/0/externalRefs/0/referenceCategory: expected a string, found a number"
    );
}

#[test]
fn tag_value_errors_name_the_line() {
    let head = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n";
    assert_eq!(
        tag_error(&format!("{head}PackageName: a\nPackageVersion: 1\n")),
        "line 4: missing required field"
    );
    assert_eq!(
        tag_error(&format!(
            "{head}PackageName: a\nSPDXID: SPDXRef-a\nFilesAnalyzed: maybe\n"
        )),
        "line 6: expected true or false, found \"maybe\""
    );
    assert_eq!(
        tag_error(&format!(
            "{head}PackageName: a\nSPDXID: SPDXRef-a\nPackageChecksum: SHA999: 00\n"
        )),
        "line 6: unknown hash algorithm \"SHA999\""
    );
    assert_eq!(
        tag_error(&format!("{head}Relationship: a CONTAINS\n")),
        "line 4: expected \"SPDXID TYPE SPDXID\""
    );
    assert_eq!(
        tag_error(&format!(
            "{head}PackageName: a\nSPDXID: SPDXRef-a\nExternalRef: SECURITY cpe23Type\n"
        )),
        "line 6: expected \"CATEGORY TYPE LOCATOR\""
    );
    assert_eq!(
        tag_error(&format!(
            "{head}ExternalRef: SECURITY cpe23Type cpe:2.3:a\n"
        )),
        "line 4: ExternalRef outside a package section"
    );
    assert_eq!(
        tag_error(&format!(
            "{head}FileName: ./a\nSPDXID: SPDXRef-f\nPackageVersion: 1\n"
        )),
        "line 6: PackageVersion outside a package section"
    );
    assert_eq!(
        tag_error("DataLicense: CC0-1.0\n"),
        "line 1: expected \"SPDXVersion\" as the first tag"
    );
    assert_eq!(
        tag_error("SPDXVersion: SPDX-2.3\n\u{0}\u{1}"),
        "line 2: expected \"Tag: value\""
    );
    assert_eq!(
        tag_error("SPDXVersion: SPDX-2.3\nDocumentComment: <text>a</text> b\n"),
        "line 2: unexpected text after </text>"
    );
    assert_eq!(
        tplc_spdx::read_tag_value(b"SPDXVersion: SPDX-2.3\n\xff\n")
            .unwrap_err()
            .to_string(),
        "line 2: invalid UTF-8"
    );
    assert_eq!(
        tplc_spdx::read_json(b"\xff")
            .unwrap_err()
            .to_string()
            .split(':')
            .next(),
        Some("line 1, column 1")
    );
}

#[test]
fn deep_nesting_and_huge_input_do_not_panic() {
    let deep = "[".repeat(100_000);
    assert!(
        tplc_spdx::read_json(deep.as_bytes())
            .unwrap_err()
            .to_string()
            .contains("recursion limit exceeded")
    );
    let deep_object = format!(
        r#"{{"spdxVersion": "SPDX-2.3", "comment": {}{}}}"#,
        "{\"a\":".repeat(5_000),
        "}".repeat(5_000)
    );
    assert!(tplc_spdx::read_json(deep_object.as_bytes()).is_err());
    let long_line = format!(
        "SPDXVersion: SPDX-2.3\nDocumentComment: {}\n",
        "x".repeat(1_000_000)
    );
    assert!(tplc_spdx::read_tag_value(long_line.as_bytes()).is_ok());
    let many_lines = format!(
        "SPDXVersion: SPDX-2.3\nDocumentComment: <text>{}",
        "line\n".repeat(100_000)
    );
    assert_eq!(
        tplc_spdx::read_tag_value(many_lines.as_bytes())
            .unwrap_err()
            .to_string(),
        "line 2: <text> is not closed by </text>"
    );
    let comments_only = format!("SPDXVersion: SPDX-2.3\n{}", "# comment\n".repeat(100_000));
    assert!(tplc_spdx::read_tag_value(comments_only.as_bytes()).is_ok());
}

#[test]
fn deeply_nested_components_are_written_without_recursion() {
    let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
    let mut current = Component::new(ComponentType::Library, "leaf");
    for depth in 0..2_000 {
        let mut parent = Component::new(ComponentType::Library, format!("level {depth}"));
        parent.components.push(current);
        current = parent;
    }
    document.components.push(current);
    let written = tplc_spdx::write_json(&document);
    let read = tplc_spdx::read_json(&written.bytes).unwrap();
    assert_eq!(
        read.components.len() + usize::from(read.metadata.component.is_some()),
        2_001
    );
    let contains = read
        .relationships
        .iter()
        .filter(|relationship| relationship.kind == tplc_model::RelationshipKind::Contains)
        .count();
    assert_eq!(contains, 2_000);
}

/// What the fuzz targets assert for input that reads: the output reads back, and a second
/// round trip changes nothing.
fn assert_stable(document: &SbomDocument) {
    let again = tplc_spdx::read_json(&tplc_spdx::write_json(document).bytes).unwrap();
    let third = tplc_spdx::read_json(&tplc_spdx::write_json(&again).bytes).unwrap();
    assert_eq!(again, third);
}

/// A small deterministic generator, so the mutation test needs no dependency.
fn next(state: &mut u64) -> u64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    *state >> 33
}

#[test]
fn truncated_and_mutated_examples_never_panic() {
    for (relative, json) in [
        ("spdx/spdx-spec/v2.3/SPDXJSONExample-v2.3.spdx.json", true),
        ("spdx/spdx-spec/v2.3/SPDXTagExample-v2.3.spdx", false),
    ] {
        let Some(path) = shared(relative) else { return };
        let original = std::fs::read(path).unwrap();
        let read = |bytes: &[u8]| {
            if json {
                tplc_spdx::read_json(bytes)
            } else {
                tplc_spdx::read_tag_value(bytes)
            }
        };
        let step = (original.len() / 300).max(1);
        for cut in (0..original.len()).step_by(step) {
            if let Ok(document) = read(&original[..cut]) {
                assert_stable(&document);
            }
        }
        let mut state = 7;
        let alphabet = b":{}[]\",\n<>/ -0aZ\xff";
        for _ in 0..500 {
            let mut mutated = original.clone();
            for _ in 0..1 + next(&mut state) % 4 {
                let position = usize::try_from(next(&mut state)).unwrap() % mutated.len();
                mutated[position] =
                    alphabet[usize::try_from(next(&mut state)).unwrap() % alphabet.len()];
            }
            if let Ok(document) = read(&mutated) {
                assert_stable(&document);
            }
        }
    }
}
