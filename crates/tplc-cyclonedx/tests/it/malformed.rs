//! Bad input never panics and is rejected with the place named.

use tplc_cyclonedx::{ReadError, read_json};

fn error_of(text: &str) -> ReadError {
    read_json(text.as_bytes()).expect_err("must be rejected")
}

fn bom(spec: &str, body: &str) -> String {
    format!(r#"{{"bomFormat": "CycloneDX", "specVersion": "{spec}", "version": 1{body}}}"#)
}

#[test]
fn syntax_errors_give_line_and_column() {
    let error = error_of("{\n  \"bomFormat\": \"CycloneDX\",\n  \"specVersion\": \"1.6\",,\n}");
    assert_eq!(error.line_column(), Some((3, 24)), "{error}");
    assert_eq!(error.to_string(), "line 3, column 24: key must be a string");
    assert!(
        error_of("")
            .to_string()
            .starts_with("line 1, column 0: EOF"),
        "{}",
        error_of("")
    );
    assert!(
        error_of(&format!("{} x", bom("1.6", "")))
            .message()
            .contains("trailing characters")
    );
    assert!(read_json(&[0xff, 0xfe, 0x00]).is_err());
}

#[test]
fn wrong_types_name_the_pointer() {
    assert_eq!(error_of("[]").pointer(), "");
    assert_eq!(
        error_of(&bom("1.6", r#", "components": {}"#)).pointer(),
        "/components"
    );
    assert_eq!(
        error_of(&bom(
            "1.6",
            r#", "components": [{"type": "library", "name": 5}]"#
        ))
        .pointer(),
        "/components/0/name"
    );
    let error = error_of(&bom(
        "1.6",
        r#", "metadata": {"authors": [{"name": ["x"]}]}"#,
    ));
    assert_eq!(error.pointer(), "/metadata/authors/0/name");
    assert_eq!(
        error.to_string(),
        format!("/metadata/authors/0/name: {}", error.message())
    );
}

#[test]
fn huge_and_negative_numbers_are_rejected() {
    let huge = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 123456789012345678901234567890}"#;
    assert_eq!(error_of(huge).pointer(), "/version");
    let negative = r#"{"bomFormat": "CycloneDX", "specVersion": "1.4", "version": -1}"#;
    assert_eq!(
        error_of(negative).to_string(),
        "/version: must not be negative"
    );
    let zero = r#"{"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 0}"#;
    assert_eq!(error_of(zero).to_string(), "/version: must be at least 1");
    let tag = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "x", "swid": {"tagId": "t", "name": "n", "tagVersion": 1e400}}]"#,
    );
    assert!(read_json(tag.as_bytes()).is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 100_000;
    let text = bom(
        "1.6",
        &format!(
            r#", "vulnerabilities": {}{}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    let error = error_of(&text);
    assert_eq!(error.line_column(), Some((1, 209)), "{error}");
    assert!(error.message().contains("recursion limit"), "{error}");
    let mut nested = String::from(r#"{"type": "library", "name": "leaf"}"#);
    for level in 0..200 {
        nested = format!(r#"{{"type": "library", "name": "n{level}", "components": [{nested}]}}"#);
    }
    let error = error_of(&bom("1.6", &format!(r#", "components": [{nested}]"#)));
    assert!(
        error.message().contains("recursion limit") || error.message().contains("nest"),
        "{error}"
    );
    let mut pedigree = String::from(r#"{"type": "library", "name": "leaf"}"#);
    for level in 0..60 {
        pedigree = format!(
            r#"{{"type": "library", "name": "p", "pedigree": {{"ancestors": [{pedigree}]}}}}"#
        );
        let result = read_json(bom("1.6", &format!(r#", "components": [{pedigree}]"#)).as_bytes());
        assert_eq!(result.is_ok(), level + 1 < 40, "level {level}: {result:?}");
    }
}

#[test]
fn references_must_be_unique_and_resolve() {
    let duplicate = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "a", "bom-ref": "x"}, {"type": "library", "name": "b", "bom-ref": "x"}]"#,
    );
    assert_eq!(
        error_of(&duplicate).to_string(),
        r#"/components/1/bom-ref: duplicate bom-ref "x""#
    );
    let dangling = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "a", "bom-ref": "a"}], "dependencies": [{"ref": "a", "dependsOn": ["a", "b"]}]"#,
    );
    assert_eq!(error_of(&dangling).pointer(), "/dependencies/0/dependsOn/1");
    let unknown_ref = bom("1.6", r#", "dependencies": [{"ref": "nowhere"}]"#);
    assert_eq!(error_of(&unknown_ref).pointer(), "/dependencies/0/ref");
    let repeated = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "a", "bom-ref": "a"}], "dependencies": [{"ref": "a", "dependsOn": ["a", "a"]}]"#,
    );
    assert_eq!(error_of(&repeated).pointer(), "/dependencies/0/dependsOn/1");
    let link = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "a", "bom-ref": "a"}], "dependencies": [{"ref": "a", "dependsOn": ["urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#b"]}]"#,
    );
    assert!(
        read_json(link.as_bytes()).is_ok(),
        "BOM-Links point outside the document"
    );
}

#[test]
fn versions_and_formats_outside_the_supported_set_are_rejected() {
    for spec in ["1.0", "1.1", "1.8", "2.0", ""] {
        let error = error_of(&bom(spec, ""));
        assert_eq!(error.pointer(), "/specVersion", "{error}");
        assert!(
            error.message().starts_with("unsupported specVersion"),
            "{error}"
        );
    }
    let spdx = r#"{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT"}"#;
    assert!(error_of(spdx).message().contains("bomFormat"));
}

#[test]
fn properties_follow_the_schema_of_the_declared_version() {
    let tags = r#", "components": [{"type": "library", "name": "x", "tags": ["a"]}]"#;
    assert_eq!(
        error_of(&bom("1.5", tags)).to_string(),
        "/components/0/tags: not allowed in specVersion 1.5 (added in 1.6)"
    );
    assert!(read_json(bom("1.6", tags).as_bytes()).is_ok());
    let platform = r#", "components": [{"type": "platform", "name": "x"}]"#;
    assert_eq!(
        error_of(&bom("1.4", platform)).pointer(),
        "/components/0/type"
    );
    let unknown = r#", "components": [{"type": "library", "name": "x", "colour": "blue"}]"#;
    assert_eq!(
        error_of(&bom("1.6", unknown)).to_string(),
        "/components/0/colour: unknown property in specVersion 1.6"
    );
    let kept = read_json(bom("1.2", r#", "components": [{"type": "library", "name": "x", "version": "1", "colour": "blue"}]"#).as_bytes())
        .unwrap();
    assert!(
        kept.components[0].raw.contains_key("colour"),
        "1.2 allows extension properties"
    );
    let written = tplc_cyclonedx::write_json(&kept);
    assert!(
        written
            .omissions
            .iter()
            .any(|omission| omission.what.contains("colour"))
    );
    let missing_version = r#", "components": [{"type": "library", "name": "x"}]"#;
    assert!(
        error_of(&bom("1.2", missing_version))
            .message()
            .contains("version")
    );
    let spdx_spelling = r#", "components": [{"type": "library", "name": "x", "hashes": [{"alg": "SHA256", "content": "00"}]}]"#;
    assert_eq!(
        error_of(&bom("1.6", spdx_spelling)).pointer(),
        "/components/0/hashes/0/alg"
    );
}

#[test]
fn objects_given_as_arrays_are_rejected() {
    let hash = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "x", "hashes": [["MD5", "3942447fac867ae5cdb3229b658f4d48"]]}]"#,
    );
    let error = error_of(&hash);
    assert_eq!(
        error.to_string(),
        "/components/0/hashes/0: invalid type: sequence, expected an object"
    );
    let component = bom("1.6", r#", "components": [["library", "x"]]"#);
    assert_eq!(error_of(&component).pointer(), "/components/0");
    let service = bom("1.6", r#", "services": [["x"]]"#);
    assert_eq!(error_of(&service).pointer(), "/services/0");
    assert_eq!(error_of(r#"["CycloneDX", "1.6"]"#).pointer(), "");
}

#[test]
fn component_and_property_objects_are_read_strictly() {
    let duplicate = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "a", "name": "b"}]"#,
    );
    assert_eq!(
        error_of(&duplicate).to_string(),
        "/components/0: duplicate field `name`"
    );
    let property = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "a", "properties": [{"name": "p", "name": "q"}]}]"#,
    );
    assert_eq!(
        error_of(&property).to_string(),
        "/components/0/properties/0: duplicate field `name`"
    );
    let missing = bom("1.6", r#", "components": [{"name": "a"}]"#);
    assert_eq!(
        error_of(&missing).to_string(),
        "/components/0: missing field `type`"
    );
    let not_a_list = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "a", "hashes": {}}]"#,
    );
    assert_eq!(
        error_of(&not_a_list).to_string(),
        "/components/0/hashes: invalid type: map, expected a sequence"
    );
    let scope = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "a", "scope": 1}]"#,
    );
    assert_eq!(
        error_of(&scope).to_string(),
        "/components/0/scope: invalid type: integer `1`, expected a string"
    );
    let nulls = bom(
        "1.6",
        r#", "components": [{"type": "library", "name": "a", "scope": null, "hashes": null, "licenses": null}]"#,
    );
    let read = read_json(nulls.as_bytes()).unwrap();
    assert!(read.components[0].scope.is_none());
    assert!(read.components[0].hashes.is_empty());
    let escaped = bom(
        "1.6",
        r#", "components": [{"type": "library", "n\u0061me": "a", "sc\u006fpe": "optional", "hashes": [{"alg": "SHA-1", "content": "da39a3ee5e6b4b0d3255bfef95601890afd80709"}]}]"#,
    );
    let read = read_json(escaped.as_bytes()).unwrap();
    assert_eq!(read.components[0].name, "a");
    assert_eq!(read.components[0].scope, Some(tplc_model::Scope::Optional));
    assert_eq!(
        read.components[0].hashes[0].algorithm,
        tplc_model::HashAlgorithm::Sha1
    );
}
