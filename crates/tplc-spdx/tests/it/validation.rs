//! The writer's output is valid SPDX 2.3: the JSON schema, and `pyspdxtools -i` when installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tplc_model::SbomDocument;

use crate::corpus::{readable, shared};
use crate::models;

/// Documents to validate: every readable shared SPDX document, and the hand-built models.
fn documents() -> Vec<(String, SbomDocument)> {
    let mut documents: Vec<(String, SbomDocument)> = models::all()
        .into_iter()
        .map(|(name, document)| (name.to_owned(), document))
        .collect();
    if let Some(samples) = readable() {
        documents.extend(
            samples
                .iter()
                .map(|sample| (sample.name(), sample.read().unwrap())),
        );
    }
    documents
}

fn schema_validator() -> Option<jsonschema::Validator> {
    let path = shared("spdx/spdx-spec/v2.3/spdx-schema.json")?;
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    Some(jsonschema::validator_for(&schema).unwrap())
}

#[test]
fn output_validates_against_the_spdx_2_3_schema() {
    let Some(validator) = schema_validator() else {
        return;
    };
    let mut failures = Vec::new();
    let documents = documents();
    for (name, document) in &documents {
        let written = tplc_spdx::write_json(document);
        let value: Value = serde_json::from_slice(&written.bytes).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .take(3)
            .map(|error| format!("{} at {}", error, error.instance_path))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{name}: {}", errors.join("; ")));
        }
    }
    println!(
        "{}/{} written documents valid against the SPDX 2.3 schema",
        documents.len() - failures.len(),
        documents.len()
    );
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

fn pyspdxtools_available() -> bool {
    Command::new("pyspdxtools")
        .arg("--help")
        .output()
        .is_ok_and(|output| output.status.success())
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tplc-spdx-validation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn file_name(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() {
                character
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.spdx.json")
}

fn pyspdxtools(path: &Path) -> Result<(), String> {
    let output = Command::new("pyspdxtools")
        .arg("-i")
        .arg(path)
        .output()
        .map_err(|error| error.to_string())?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    Err(stderr.lines().take(4).collect::<Vec<_>>().join(" | "))
}

#[test]
fn output_passes_pyspdxtools() {
    if !pyspdxtools_available() {
        println!("skipped: pyspdxtools not installed");
        return;
    }
    let dir = scratch_dir();
    let mut failures = Vec::new();
    let documents = documents();
    for (name, document) in &documents {
        let path = dir.join(file_name(name));
        std::fs::write(&path, tplc_spdx::write_json(document).bytes).unwrap();
        if let Err(error) = pyspdxtools(&path) {
            failures.push(format!("{name}: {error}"));
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    println!(
        "{}/{} written documents pass pyspdxtools",
        documents.len() - failures.len(),
        documents.len()
    );
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}
