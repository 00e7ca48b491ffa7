//! Results do not depend on where `bomFormat` and `specVersion` stand. Components that come
//! before them (as in documents written with sorted keys) are read by the rules of a version
//! guessed before parsing; the guess is checked, and the document read again when it was wrong
//! or when anything failed, so documents and errors are those of the plain order.

use serde_json::{Value, json};
use tplc_cyclonedx::read_json;

use crate::support::{real_world, short, spec_tests};

/// The document's text with the root properties named in `last` moved to the end.
fn with_last(document: &Value, last: &[&str]) -> String {
    let root = document.as_object().expect("a root object");
    let mut entries: Vec<(&String, &Value)> = root
        .iter()
        .filter(|(key, _)| !last.contains(&key.as_str()))
        .collect();
    entries.extend(root.iter().filter(|(key, _)| last.contains(&key.as_str())));
    let fields: Vec<String> = entries
        .iter()
        .map(|(key, value)| format!("{}: {value}", Value::from(key.as_str())))
        .collect();
    format!("{{{}}}", fields.join(", "))
}

/// The document's text with `bomFormat` and `specVersion` first.
fn version_first(document: &Value) -> String {
    let root = document.as_object().expect("a root object");
    let rest: Vec<&str> = root
        .keys()
        .map(String::as_str)
        .filter(|key| !["bomFormat", "specVersion"].contains(key))
        .collect();
    with_last(document, &rest)
}

fn component(index: usize) -> Value {
    json!({
        "type": "library",
        "bom-ref": format!("pkg:npm/c{index}@1.0.{index}"),
        "supplier": {"name": "ACME", "url": ["https://acme.example"]},
        "name": format!("c{index}"),
        "version": format!("1.0.{index}"),
        "scope": if index.is_multiple_of(2) { "required" } else { "optional" },
        "hashes": [{"alg": "SHA-256", "content": format!("{index:064x}")}],
        "licenses": [{"license": {"id": "MIT"}}],
        "purl": format!("pkg:npm/c{index}@1.0.{index}"),
        "externalReferences": [{"type": "website", "url": "https://example.org"}],
        "properties": [{"name": "cdx:fda:level-of-support", "value": "actively maintained"}, {"name": "p"}],
        "components": [{"type": "file", "name": format!("c{index}/a.js"), "bom-ref": format!("file-{index}")}],
    })
}

fn sample() -> Value {
    json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
        "version": 1,
        "metadata": {
            "timestamp": "2024-01-01T00:00:00Z",
            "component": {"type": "device", "bom-ref": "device", "name": "pump", "version": "1"},
        },
        "components": (0..5).map(component).collect::<Vec<_>>(),
        "dependencies": [
            {"ref": "device", "dependsOn": ["pkg:npm/c0@1.0.0", "pkg:npm/c1@1.0.1"]},
            {"ref": "pkg:npm/c0@1.0.0", "dependsOn": ["pkg:npm/c2@1.0.2", "file-3"]},
        ],
    })
}

#[test]
fn components_before_the_version_read_as_after_it() {
    let document = sample();
    let expected = read_json(version_first(&document).as_bytes()).expect("the sample is valid");
    assert_eq!(expected.component_count(), 10);
    let last = with_last(&document, &["bomFormat", "specVersion"]);
    assert!(last.find("\"components\"") < last.find("\"specVersion\""));
    assert_eq!(read_json(last.as_bytes()), Ok(expected.clone()));
    let sorted = serde_json::to_string_pretty(&document).unwrap();
    assert_eq!(read_json(sorted.as_bytes()), Ok(expected.clone()));
    let format_last = with_last(&document, &["bomFormat"]);
    assert_eq!(read_json(format_last.as_bytes()), Ok(expected));
}

#[test]
fn a_wrong_guess_is_read_again() {
    // 1.3 allows extension properties: the component's `specVersion` comes first in the text,
    // so the guess is 1.6, under which the component would be rejected.
    let mut document = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.3",
        "components": [{"type": "library", "name": "x", "version": "1", "specVersion": "1.6"}],
    });
    let expected = read_json(version_first(&document).as_bytes()).expect("valid in 1.3");
    assert!(expected.components[0].raw.contains_key("specVersion"));
    let last = with_last(&document, &["bomFormat", "specVersion"]);
    assert_eq!(read_json(last.as_bytes()), Ok(expected));
    // A guess that reads the components but is not the version named at the root.
    document["components"][0] = json!({"type": "library", "name": "x", "version": "1"});
    document["metadata"] = json!({"x-note": {"specVersion": "1.6"}});
    let metadata_first = with_last(&document, &["components", "bomFormat", "specVersion"]);
    let read = read_json(metadata_first.as_bytes()).expect("valid in 1.3");
    assert_eq!(read.spec_version, "1.3");
    assert_eq!(read.components.len(), 1);
}

#[test]
fn errors_do_not_depend_on_the_order() {
    let cases = [
        // The format is checked before the components, whatever comes first.
        json!({"bomFormat": "CycloneDx", "specVersion": "1.6", "components": [{"type": "library", "name": "x", "colour": "blue"}]}),
        // A component breaking a rule of the version.
        json!({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [{"type": "cryptographic-asset", "name": "x"}]}),
        json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "a", "bom-ref": "r"}, {"type": "library", "name": "b", "bom-ref": "r"}]}),
        json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "a", "hashes": [{"alg": "SHA-256", "content": "00"}]}]}),
        // Malformed or missing root properties.
        json!({"bomFormat": "CycloneDX", "specVersion": "1.9", "components": [{"type": "library", "name": "x"}]}),
        json!({"specVersion": "1.6", "components": [{"type": "library", "name": "x"}]}),
        json!({"bomFormat": "CycloneDX", "specVersion": 1.6, "components": [{"type": "library", "name": "x"}]}),
    ];
    for document in cases {
        let expected = read_json(version_first(&document).as_bytes())
            .expect_err("each case breaks a rule")
            .to_string();
        let last = with_last(&document, &["bomFormat", "specVersion"]);
        let error = read_json(last.as_bytes()).expect_err("still broken");
        assert_eq!(error.to_string(), expected, "{last}");
    }
}

/// Every shared test BOM reads to the same document (or is rejected) with `bomFormat` and
/// `specVersion` moved after everything else.
#[test]
fn shared_test_boms_read_the_same_in_any_root_order() {
    let mut paths = Vec::new();
    for version in ["1.4", "1.5", "1.6", "1.7"] {
        let Some(found) = spec_tests(version, "") else {
            return;
        };
        paths.extend(found);
    }
    let Some(found) = real_world() else { return };
    paths.extend(found);
    let mut failures = Vec::new();
    let mut compared = 0;
    for path in &paths {
        let bytes = std::fs::read(path).unwrap();
        let Ok(document) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        if !document.is_object() {
            continue;
        }
        compared += 1;
        let first = read_json(&bytes);
        let last = read_json(with_last(&document, &["bomFormat", "specVersion"]).as_bytes());
        match (&first, &last) {
            (Ok(first), Ok(last)) if first == last => {}
            (Err(_), Err(_)) => {}
            _ => failures.push(format!(
                "{}: {:?} in the file's order, {:?} with the version last",
                short(path),
                first.as_ref().map(|_| "read"),
                last.as_ref().map(|_| "read"),
            )),
        }
    }
    println!(
        "root order: {}/{compared} passed",
        compared - failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
