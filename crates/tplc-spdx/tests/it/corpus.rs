//! The shared SPDX documents: which exist, and what reading each must give.

use std::path::{Path, PathBuf};

use tplc_model::SbomDocument;

/// How a shared document must read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expect {
    /// Reads without error.
    Reads,
    /// SPDX 3 JSON-LD: rejected as unsupported.
    Spdx3,
    /// Malformed on purpose (guac `invalid-*`): a clean error.
    Invalid,
}

/// One shared SPDX document.
#[derive(Debug, Clone)]
pub(crate) struct Sample {
    pub(crate) path: PathBuf,
    pub(crate) json: bool,
    pub(crate) expect: Expect,
}

impl Sample {
    pub(crate) fn read(&self) -> Result<SbomDocument, tplc_spdx::ReadError> {
        let bytes = std::fs::read(&self.path).unwrap();
        if self.json {
            tplc_spdx::read_json(&bytes)
        } else {
            tplc_spdx::read_tag_value(&bytes)
        }
    }

    pub(crate) fn name(&self) -> String {
        let path = self.path.to_string_lossy();
        path.split("/testdata/").last().unwrap_or(&path).to_owned()
    }
}

/// JSON or tag-value files, not schemas; outside `spdx/` only those named as SPDX.
fn is_spdx_file(folder: &str, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let encoding = lower.ends_with(".json") || lower.ends_with(".spdx") || lower.ends_with(".txt");
    encoding && (folder == "spdx" || lower.contains("spdx")) && !lower.contains("schema")
}

/// Every SPDX JSON or tag-value document under `spdx/`, `guac/` and `trivy/`, or `None`
/// when the shared folder is absent.
pub(crate) fn samples() -> Option<Vec<Sample>> {
    let mut samples = Vec::new();
    for folder in ["spdx", "guac", "trivy"] {
        let dir = tplc_test::testdata(folder)?;
        for path in tplc_test::files_under(&dir, |name| is_spdx_file(folder, name)) {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let json = name.ends_with(".json");
            let expect = if name.ends_with(".spdx3.json") {
                Expect::Spdx3
            } else if name.starts_with("invalid-") {
                Expect::Invalid
            } else {
                Expect::Reads
            };
            samples.push(Sample { path, json, expect });
        }
    }
    Some(samples)
}

/// The readable samples.
pub(crate) fn readable() -> Option<Vec<Sample>> {
    samples().map(|samples| {
        samples
            .into_iter()
            .filter(|sample| sample.expect == Expect::Reads)
            .collect()
    })
}

/// A shared file by its path under `testdata/`.
pub(crate) fn shared(relative: &str) -> Option<PathBuf> {
    let (folder, rest) = relative.split_once('/').unwrap();
    tplc_test::testdata(folder)
        .map(|dir| dir.join(rest))
        .filter(|path| Path::exists(path))
}

#[test]
fn every_shared_spdx_document_reads_as_expected() {
    let Some(samples) = samples() else { return };
    let mut failures = Vec::new();
    for sample in &samples {
        let outcome = sample.read();
        let ok = match (sample.expect, &outcome) {
            (Expect::Reads, Ok(_)) | (Expect::Invalid, Err(_)) => true,
            (Expect::Spdx3, Err(error)) => error.message().contains("SPDX 3 is not supported"),
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "{} ({:?}): {:?}",
                sample.name(),
                sample.expect,
                outcome.map(|_| "read")
            ));
        }
    }
    println!(
        "{}/{} shared SPDX documents read as expected",
        samples.len() - failures.len(),
        samples.len()
    );
    assert!(
        samples.len() >= 44,
        "expected the shared SPDX corpus, found {} files",
        samples.len()
    );
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

#[test]
fn malformed_guac_documents_name_the_field() {
    let Some(path) = shared("guac/internal/testing/testdata/exampledata/invalid-spdx.json") else {
        return;
    };
    let error = tplc_spdx::read_json(&std::fs::read(path).unwrap()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "/spdxVersion: expected a string, found a number"
    );
    let Some(path) =
        shared("guac/internal/testing/testdata/exampledata/invalid-spdx-identifier-spdx.json")
    else {
        return;
    };
    let error = tplc_spdx::read_json(&std::fs::read(path).unwrap()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "/creationInfo/creators/0: expected a string, found an object"
    );
}

#[test]
fn trivy_json_and_tag_value_give_the_same_packages() {
    let Some(json) = shared("trivy/integration/testdata/fixtures/sbom/centos-7-spdx.json") else {
        return;
    };
    let Some(text) = shared("trivy/integration/testdata/fixtures/sbom/centos-7-spdx.txt") else {
        return;
    };
    let json = tplc_spdx::read_json(&std::fs::read(json).unwrap()).unwrap();
    let text = tplc_spdx::read_tag_value(&std::fs::read(text).unwrap()).unwrap();
    let summary = |document: &SbomDocument| {
        let mut packages: Vec<_> = document
            .metadata
            .component
            .iter()
            .map(|component| component.as_ref())
            .chain(document.all_components())
            .map(|component| (component.name.clone(), component.purl.clone()))
            .collect();
        packages.sort();
        packages
    };
    let packages = summary(&json);
    assert_eq!(packages, summary(&text));
    // The upstream fixtures disagree on the openssl-libs version, so versions are not compared.
    assert!(packages.iter().any(|(_, purl)| {
        purl.as_deref()
            .is_some_and(|purl| purl.contains("openssl-libs") && purl.contains("epoch=1"))
    }));
}
