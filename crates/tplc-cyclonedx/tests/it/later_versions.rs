//! Documents read as CycloneDX 1.7 are written as valid 1.6: what 1.6 lacks is dropped from
//! the kept fragments and reported, one omission per dropped property or value.

use serde_json::{Value, json};
use tplc_model::RawFragment;

use crate::schema::validator;
use crate::support::{short, spec_tests};

fn notes(written: &tplc_model::Written) -> Vec<String> {
    written.omissions.iter().map(ToString::to_string).collect()
}

#[test]
fn written_1_7_documents_validate_against_the_1_6_schema() {
    let (Some(validator), Some(paths)) = (validator(), spec_tests("1.7", "valid")) else {
        return;
    };
    let (mut read, mut failures) = (0, Vec::new());
    for path in &paths {
        // Some 1.7 documents use what the model cannot read (counted by the conformance test).
        let Ok(document) = tplc_cyclonedx::read_json(&std::fs::read(path).unwrap()) else {
            continue;
        };
        read += 1;
        let written = tplc_cyclonedx::write_json(&document);
        let value: Value = serde_json::from_slice(&written.bytes).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .take(3)
            .map(|error| format!("{error} ({})", error.instance_path))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{}: {}", short(path), errors.join("; ")));
        }
        if tplc_cyclonedx::read_json(&written.bytes).is_err() {
            failures.push(format!("{}: the output does not read back", short(path)));
        }
    }
    println!(
        "schema 1.6: {}/{read} written 1.7 documents valid",
        read - failures.len()
    );
    assert!(read > 50, "expected the 1.7 spec tests, read {read}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn cryptography_1_7_additions_are_reported_one_by_one() {
    let Some(dir) = tplc_test::testdata("cyclonedx-spec/tests/1.7") else {
        return;
    };
    let bytes = std::fs::read(dir.join("valid-cryptography-full-1.7.json")).unwrap();
    let written = tplc_cyclonedx::write_json(&tplc_cyclonedx::read_json(&bytes).unwrap());
    let notes = notes(&written);
    for expected in [
        "/cryptoProperties/algorithmProperties/algorithmFamily dropped: not a CycloneDX 1.6 property",
        "/cryptoProperties/certificateProperties/serialNumber dropped: not a CycloneDX 1.6 property",
        "/cryptoProperties/certificateProperties/fingerprint dropped: not a CycloneDX 1.6 property",
        "/cryptoProperties/protocolProperties/ikev2TransformTypes/encr/0 dropped: CycloneDX 1.6 does not allow an object there",
    ] {
        assert!(
            notes.iter().any(|note| note.ends_with(expected)),
            "{expected} not among {notes:#?}"
        );
    }
    let value: Value = serde_json::from_slice(&written.bytes).unwrap();
    let algorithm = &value["components"][0]["cryptoProperties"]["algorithmProperties"];
    assert!(algorithm.get("algorithmFamily").is_none());
    assert!(algorithm.get("primitive").is_some(), "1.6 properties stay");
}

#[test]
fn patents_of_definitions_are_dropped_and_reported() {
    let document = tplc_cyclonedx::read_json(
        json!({
            "bomFormat": "CycloneDX",
            "specVersion": "1.7",
            "components": [{
                "type": "library", "name": "x",
                "isExternal": true, "versionRange": "vers:npm/>=1",
                "cryptoProperties": {"assetType": "algorithm", "algorithmProperties": {"primitive": "key-wrap", "mode": "cbc"}},
            }],
            "definitions": {"patents": [{"patentNumber": "US1", "jurisdiction": "US"}]},
        })
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    assert!(document.raw.contains_key("definitions"));
    let written = tplc_cyclonedx::write_json(&document);
    assert_eq!(
        notes(&written),
        [
            "component \"x\": isExternal is not a CycloneDX 1.6 property",
            "component \"x\": versionRange is not a CycloneDX 1.6 property",
            "component \"x\": /cryptoProperties/algorithmProperties/primitive dropped: \"key-wrap\" is not among the values CycloneDX 1.6 allows there",
            "document: /definitions/patents dropped: not a CycloneDX 1.6 property",
        ]
    );
    let read = tplc_cyclonedx::read_json(&written.bytes).unwrap();
    assert!(!read.raw.contains_key("definitions"), "emptied, so dropped");
    assert_eq!(
        read.components[0].raw.get("cryptoProperties"),
        Some(&RawFragment::Json(json!({
            "assetType": "algorithm",
            "algorithmProperties": {"mode": "cbc"},
        })))
    );
}

#[test]
fn the_1_7_parts_of_services_and_pedigree_are_dropped() {
    let document = tplc_cyclonedx::read_json(
        json!({
            "bomFormat": "CycloneDX",
            "specVersion": "1.7",
            "components": [{
                "type": "library", "name": "x",
                "pedigree": {"ancestors": [{"type": "library", "name": "y", "isExternal": false}]},
            }],
            "services": [{"name": "s", "patentAssertions": []}],
        })
        .to_string()
        .as_bytes(),
    )
    .unwrap();
    let written = tplc_cyclonedx::write_json(&document);
    assert_eq!(
        notes(&written),
        [
            "document: /services/0/patentAssertions dropped: not a CycloneDX 1.6 property",
            "component \"x\": /pedigree/ancestors/0/isExternal dropped: not a CycloneDX 1.6 property",
        ]
    );
    let value: Value = serde_json::from_slice(&written.bytes).unwrap();
    assert_eq!(value["services"], json!([{"name": "s"}]));
    assert_eq!(
        value["components"][0]["pedigree"],
        json!({"ancestors": [{"type": "library", "name": "y"}]})
    );
}
