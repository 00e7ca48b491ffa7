//! Bad input: one line on stderr naming the place, exit 2, never a panic.

use crate::support::{assert_input_error, temporary_dir, tplc};

fn check_bytes(name: &str, bytes: &[u8]) -> crate::support::Run {
    let dir = temporary_dir(name);
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    tplc(&["sbom", "check", path.to_str().unwrap()])
}

#[test]
fn malformed_json_names_line_and_column() {
    let run = check_bytes(
        "malformed.json",
        b"{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\",\n  \"components\": [ }",
    );
    assert_input_error(&run, "line 2");
}

#[test]
fn wrong_types_name_the_json_pointer() {
    let run = check_bytes("types.json", br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":42}]}"#);
    assert_input_error(&run, "/components/0/name");
}

#[test]
fn huge_numbers_are_rejected() {
    let run = check_bytes(
        "huge.json",
        br#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1e999999}"#,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = check_bytes("huge2.json", br#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":123456789012345678901234567890}"#);
    assert_input_error(&run, "version");
}

#[test]
fn deep_nesting_is_rejected() {
    let mut json = String::from(r#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":["#);
    for _ in 0..5000 {
        json.push_str(r#"{"type":"library","name":"x","components":["#);
    }
    let run = check_bytes("deep.json", json.as_bytes());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
    let xml = format!(
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\"><components>{}",
        "<component type=\"library\"><name>x</name><components>".repeat(5000)
    );
    let run = check_bytes("deep.xml", xml.as_bytes());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
}

#[test]
fn duplicate_bom_refs_and_dangling_dependencies_are_rejected() {
    let duplicate = br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
        {"type":"library","name":"a","bom-ref":"x"},{"type":"library","name":"b","bom-ref":"x"}]}"#;
    assert_input_error(&check_bytes("duplicate.json", duplicate), "/components/1");
    let dangling = br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[
        {"type":"library","name":"a","bom-ref":"a"}],"dependencies":[{"ref":"a","dependsOn":["ghost"]}]}"#;
    assert_input_error(&check_bytes("dangling.json", dangling), "/dependencies/0");
}

#[test]
fn xml_with_a_dtd_is_rejected_without_expanding_entities() {
    let xml = br#"<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&lol2;</name></component></components></bom>"#;
    assert_input_error(&check_bytes("dtd.xml", xml), "line 2");
}

#[test]
fn files_over_the_size_limit_are_refused_before_parsing() {
    let dir = temporary_dir("limit");
    let path = dir.join("big.json");
    std::fs::write(&path, vec![b' '; 2 * 1024 * 1024]).unwrap();
    let run = tplc(&["sbom", "check", path.to_str().unwrap(), "--max-size", "1"]);
    assert_input_error(&run, "larger than the limit of 1 MiB");
}

#[test]
fn missing_files_and_unknown_formats_are_input_errors() {
    let run = tplc(&["sbom", "check", "/nonexistent/sbom.json"]);
    assert_input_error(&run, "cannot open /nonexistent/sbom.json");
    assert_input_error(
        &check_bytes("other.json", b"{\"name\": \"x\"}"),
        "neither CycloneDX nor SPDX",
    );
    assert_input_error(&check_bytes("empty.json", b""), "empty");
    assert_input_error(
        &check_bytes("binary.bin", &[0, 159, 146, 150]),
        "not a CycloneDX",
    );
}
