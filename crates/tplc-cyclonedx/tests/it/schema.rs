//! The writer's output validates against the official `bom-1.6.schema.json` (draft-07, with
//! `format` asserted), for every valid 1.4–1.6 test BOM and every real-world JSON BOM.

use std::path::{Path, PathBuf};

use jsonschema::{Draft, Resource, Validator};
use serde_json::Value;

use crate::support::{real_world, short, spec_tests};

fn load(dir: &Path, file: &str) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join(file)).unwrap()).unwrap()
}

/// The 1.6 validator with `spdx.schema.json` and `jsf-0.82.schema.json` registered locally.
pub(crate) fn validator() -> Option<Validator> {
    let dir = tplc_test::testdata("cyclonedx-spec/schema")?;
    let schema = load(&dir, "bom-1.6.schema.json");
    let mut options = jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true);
    for file in ["spdx.schema.json", "jsf-0.82.schema.json"] {
        let resource = Resource::from_contents(load(&dir, file)).unwrap();
        options = options.with_resource(format!("http://cyclonedx.org/schema/{file}"), resource);
    }
    Some(options.build(&schema).unwrap())
}

fn inputs() -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for version in ["1.4", "1.5", "1.6"] {
        paths.extend(spec_tests(version, "valid")?);
    }
    paths.extend(real_world()?);
    Some(paths)
}

#[test]
fn written_documents_validate_against_the_1_6_schema() {
    let (Some(validator), Some(paths)) = (validator(), inputs()) else {
        return;
    };
    let mut failures = Vec::new();
    for path in &paths {
        let document = match tplc_cyclonedx::read_json(&std::fs::read(path).unwrap()) {
            Ok(document) => document,
            Err(error) => {
                failures.push(format!("{}: not read: {error}", short(path)));
                continue;
            }
        };
        let written = tplc_cyclonedx::write_json(&document);
        let value: Value = serde_json::from_slice(&written.bytes).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .take(3)
            .map(|error| format!("{} ({})", error, error.instance_path))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{}: {}", short(path), errors.join("; ")));
        }
    }
    println!(
        "schema 1.6: {}/{} written documents valid",
        paths.len() - failures.len(),
        paths.len()
    );
    assert!(
        paths.len() > 100,
        "expected the spec tests and real-world BOMs, found {}",
        paths.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_validator_rejects_an_invalid_document() {
    let Some(validator) = validator() else { return };
    let invalid = serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "foo", "name": "x"}]});
    assert!(!validator.is_valid(&invalid));
    let bad_time = serde_json::json!({"bomFormat": "CycloneDX", "specVersion": "1.6", "metadata": {"timestamp": "2020-04-13"}});
    assert!(!validator.is_valid(&bad_time), "format must be asserted");
}
