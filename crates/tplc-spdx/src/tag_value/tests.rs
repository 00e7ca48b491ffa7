//! Unit tests of the tag-value parser.
use super::*;

fn parse_text(text: &str) -> Result<Value, ReadError> {
    parse(text.as_bytes()).map(|parsed| parsed.value)
}

#[test]
fn multi_line_text_comments_and_sections() {
    let value = parse_text(
        "SPDXVersion: SPDX-2.3\n# a comment\nDocumentComment: <text>first\nsecond</text>\n\nPackageName: p\nSPDXID: SPDXRef-p\nPackageChecksum: SHA1: abc\nExternalRef: PACKAGE-MANAGER purl pkg:npm/p@1\nExternalRefComment: c\nFileName: ./f\nSPDXID: SPDXRef-f\nRelationship: SPDXRef-p CONTAINS SPDXRef-f\nRelationshipComment: <text>why</text>\n",
    )
    .unwrap();
    assert_eq!(value["comment"], "first\nsecond");
    assert_eq!(
        value["packages"][0]["checksums"][0],
        json!({"algorithm": "SHA1", "checksumValue": "abc"})
    );
    assert_eq!(value["packages"][0]["externalRefs"][0]["comment"], "c");
    assert_eq!(value["packages"][0]["hasFiles"], json!(["SPDXRef-f"]));
    assert_eq!(value["relationships"][0]["comment"], "why");
}

#[test]
fn errors_name_the_line() {
    let error = parse_text("SPDXVersion: SPDX-2.3\nBogus: x\n").unwrap_err();
    assert_eq!(error.to_string(), "line 2: unknown tag \"Bogus\"");
    let error = parse_text("SPDXVersion: SPDX-2.3\nPackageVersion: 1\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 2: PackageVersion outside a package section"
    );
    let error = parse_text("SPDXVersion: SPDX-2.3\nDocumentComment: <text>never closed\nmore\n")
        .unwrap_err();
    assert_eq!(error.to_string(), "line 2: <text> is not closed by </text>");
    let error = parse_text("SPDXVersion: SPDX-2.3\njust words\n").unwrap_err();
    assert_eq!(error.to_string(), "line 2: expected \"Tag: value\"");
    let error = parse_text("SPDXVersion: SPDX-3.0\n").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("line 1: SPDX 3 is not supported")
    );
    let error = parse_text("").unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 1: empty document: no \"SPDXVersion\" tag"
    );
    let error =
        parse_text("SPDXVersion: SPDX-2.3\nSnippetSPDXID: SPDXRef-s\nSnippetByteRange: 1-2\n")
            .unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 3: expected \"start:end\", found \"1-2\""
    );
    let error =
        parse_text("SPDXVersion: SPDX-2.3\nAnnotator: Person: x\nSPDXREF: SPDXRef-missing\n")
            .unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 2: annotation of unknown element \"SPDXRef-missing\""
    );
}

#[test]
fn verification_code_forms() {
    assert_eq!(
        verification_code("abc(./package.spdx)"),
        json!({"packageVerificationCodeValue": "abc", "packageVerificationCodeExcludedFiles": ["./package.spdx"]})
    );
    assert_eq!(
        verification_code("abc (excludes: ./a, ./b)"),
        json!({"packageVerificationCodeValue": "abc", "packageVerificationCodeExcludedFiles": ["./a", "./b"]})
    );
    assert_eq!(
        verification_code("abc"),
        json!({"packageVerificationCodeValue": "abc"})
    );
}
