//! The purl-spec test suite (`tests/spec`, `tests/types`) and the legacy `test-suite-data.json`.
//!
//! `required` cases run against [`Purl::parse_strict`] (ECMA-427 conformance); `recommended`
//! cases, which show how to normalise non-canonical input, and the legacy cases run against the
//! lenient [`Purl::parse`]. A few cases contradict the specification, the type definitions or
//! other cases of the same suite; they are listed in [`KNOWN_DIVERGENCES`] and
//! [`LEGACY_SUPERSEDED`] with the reason, and the test fails if one of them starts passing (so
//! the lists stay exact) or if any other case fails.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;
use tplc_purl::{Purl, PurlError};

/// Cases of the current suite this implementation deliberately does not follow:
/// (file, test group, test type, input) and why.
const KNOWN_DIVERGENCES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "maven-test.json",
        "required",
        "parse",
        "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom&repositorY_url=repo.spring.io/release",
        "a required parse accepting an uppercase qualifier key contradicts ECMA-427 5.6.6 and the \
         required gem and rpm cases, which must fail on the same input shape (upstream fixed the \
         same bug for gem in package-url/purl-spec#951); the lenient parser accepts it",
    ),
    (
        "git-test.json",
        "recommended",
        "validate",
        "pkg:git/github/Package-url/purl-Spec@244fd47e07d1004f0aed9c",
        "lowercasing contradicts types/git-definition.json, which declares the git namespace and \
         name case-sensitive",
    ),
];

/// Legacy cases superseded by the current suite or type definitions: purl and why.
const LEGACY_SUPERSEDED: &[(&str, &str)] = &[
    (
        "pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/%2E%2E/api/annotations/",
        "the current parsing rules drop '..' segments after decoding, so the subpath is googleapis/api/annotations",
    ),
    (
        "pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/%2E/api/annotations/",
        "the current parsing rules drop '.' segments after decoding, so the subpath is googleapis/api/annotations",
    ),
    (
        "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repositorY_url=repo.spring.io/release",
        "ECMA-427 5.4 encodes '/' in qualifier values (repository_url=repo.spring.io%2Frelease)",
    ),
    (
        "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?extension=pom&repositorY_url=repo.spring.io/release",
        "ECMA-427 5.4 encodes '/' in qualifier values (repository_url=repo.spring.io%2Frelease)",
    ),
    (
        "pkg:conan/bincrafters/cctz@2.3",
        "the conan definition no longer ties namespace and channel",
    ),
    (
        "pkg:conan/cctz@2.3?channel=stable",
        "the conan definition no longer ties namespace and channel",
    ),
    (
        "pkg:cran/A3",
        "the cran definition makes the version optional",
    ),
    (
        "pkg:swift/github.com/Alamofire/Alamofire",
        "the swift definition makes the version optional",
    ),
    (
        "pkg:huggingface/distilbert-base-uncased@043235d6088ecd3dd5fb5ca3592b6913fd516027",
        "the huggingface definition requires a namespace",
    ),
    (
        "pkg:huggingface/microsoft/deberta-v3-base@559062ad13d311b87b2c455e67dcd5f1c8f65111?repository_url=https://hub-ci.huggingface.co",
        "ECMA-427 5.4 encodes '/' in qualifier values",
    ),
    (
        "pkg:mlflow/CreditFraud@3?repository_url=https://adb-5245952564735461.0.azuredatabricks.net/api/2.0/mlflow",
        "ECMA-427 5.4 encodes '/' in qualifier values",
    ),
    (
        "pkg:mlflow/CreditFraud@3?repository_url=https://westus2.api.azureml.ms/mlflow/v1.0/subscriptions/a50f2011-fab8-4164-af23-c62881ef8c95/resourceGroups/TestResourceGroup/providers/Microsoft.MachineLearningServices/workspaces/TestWorkspace",
        "ECMA-427 5.4 encodes '/' in qualifier values",
    ),
    (
        "pkg:mlflow/trafficsigns@10?model_uuid=36233173b22f4c89b451f1228d700d49&run_id=410a3121-2709-4f88-98dd-dba0ef056b0a&repository_url=https://adb-5245952564735461.0.azuredatabricks.net/api/2.0/mlflow",
        "ECMA-427 5.4 encodes '/' in qualifier values",
    ),
    (
        "pkg:cpan/URI::PackageURL@2.11",
        "the cpan definition forbids '::' (module names) in names",
    ),
    (
        "pkg:cpan/Perl-Version@1.013",
        "the cpan definition takes distribution names such as Perl-Version",
    ),
];

/// Pass counts of one (group, type) bucket.
#[derive(Default)]
struct Tally {
    passed: usize,
    total: usize,
}

#[test]
fn purl_spec_test_suite() {
    let Some(root) = tplc_test::testdata("purl-spec") else {
        return;
    };
    let mut files = vec![root.join("tests/spec/specification-test.json")];
    files.extend(tplc_test::files_under(&root.join("tests/types"), |name| {
        name.ends_with("-test.json")
    }));

    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut diverged = Vec::new();
    for file in &files {
        let file_name = file
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default()
            .to_owned();
        let document: Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        for (index, case) in document["tests"].as_array().unwrap().iter().enumerate() {
            let group = case["test_group"].as_str().unwrap().to_owned();
            let test_type = case["test_type"].as_str().unwrap().to_owned();
            let outcome = run_case(case, &group, &test_type);
            let known =
                KNOWN_DIVERGENCES
                    .iter()
                    .find(|(name, known_group, known_type, input, _)| {
                        *name == file_name
                            && *known_group == group
                            && *known_type == test_type
                            && case["input"] == *input
                    });
            let tally = tallies
                .entry((group.clone(), test_type.clone()))
                .or_default();
            tally.total += 1;
            match (outcome, known) {
                (Ok(()), None) => tally.passed += 1,
                (Ok(()), Some(_)) => failures.push(format!(
                    "{file_name} #{index}: listed as a known divergence but passes"
                )),
                (Err(problem), Some((.., reason))) => {
                    diverged.push(format!("{file_name} #{index}: {problem} ({reason})"))
                }
                (Err(problem), None) => failures.push(format!(
                    "{file_name} #{index} ({group}/{test_type}): {problem}"
                )),
            }
        }
    }

    let mut report = String::new();
    let (mut passed, mut total) = (0, 0);
    for ((group, test_type), tally) in &tallies {
        writeln!(
            report,
            "{group}/{test_type}: {}/{} passed",
            tally.passed, tally.total
        )
        .unwrap();
        passed += tally.passed;
        total += tally.total;
    }
    writeln!(
        report,
        "all: {passed}/{total} passed, {} known divergences",
        diverged.len()
    )
    .unwrap();
    for line in &diverged {
        writeln!(report, "  known divergence: {line}").unwrap();
    }
    println!("purl-spec test suite ({} files)\n{report}", files.len());
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        diverged.len(),
        KNOWN_DIVERGENCES.len(),
        "every known divergence is still met"
    );
    assert_eq!(total, 586, "the suite holds 586 cases");
}

/// Runs one case of the current suite.
fn run_case(case: &Value, group: &str, test_type: &str) -> Result<(), String> {
    let expect_failure = case["expected_failure"].as_bool().unwrap_or(false);
    let result = match test_type {
        "build" => build(&case["input"]),
        _ => {
            let input = case["input"].as_str().ok_or("input is not a string")?;
            if group == "required" {
                Purl::parse_strict(input)
            } else {
                Purl::parse(input)
            }
        }
    };
    let purl = match (result, expect_failure) {
        (Err(_), true) => return Ok(()),
        (Ok(purl), true) => return Err(format!("expected a failure, got {purl}")),
        (Err(error), false) => return Err(error.to_string()),
        (Ok(purl), false) => purl,
    };
    let expected = &case["expected_output"];
    match test_type {
        "parse" => compare_components(&purl, expected),
        _ => {
            let expected = expected.as_str().ok_or("expected_output is not a string")?;
            if purl.to_string() == expected {
                Ok(())
            } else {
                Err(format!("got {purl}, expected {expected}"))
            }
        }
    }
}

/// Builds a purl from the `input` components of a build case; a null type or name is empty.
fn build(input: &Value) -> Result<Purl, PurlError> {
    let text = |key: &str| input[key].as_str().unwrap_or_default().to_owned();
    let mut builder = Purl::builder(text("type"), text("name"));
    if let Some(namespace) = input["namespace"].as_str() {
        builder = builder.namespace(namespace);
    }
    if let Some(version) = input["version"].as_str() {
        builder = builder.version(version);
    }
    for (key, value) in input["qualifiers"].as_object().into_iter().flatten() {
        builder = builder.qualifier(key.clone(), value.as_str().unwrap_or_default());
    }
    if let Some(subpath) = input["subpath"].as_str() {
        builder = builder.subpath(subpath);
    }
    builder.build()
}

/// Compares the decoded components of `purl` with an `expected_output` object.
fn compare_components(purl: &Purl, expected: &Value) -> Result<(), String> {
    let qualifiers: BTreeMap<String, String> = expected["qualifiers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, value)| (key.clone(), value.as_str().unwrap_or_default().to_owned()))
        .collect();
    let actual = (
        Some(purl.package_type()),
        purl.namespace(),
        Some(purl.name()),
        purl.version(),
        purl.qualifiers().clone(),
        purl.subpath(),
    );
    let wanted = (
        expected["type"].as_str(),
        expected["namespace"].as_str(),
        expected["name"].as_str(),
        expected["version"].as_str(),
        qualifiers,
        expected["subpath"].as_str(),
    );
    if actual == wanted {
        Ok(())
    } else {
        Err(format!("got {actual:?}, expected {wanted:?}"))
    }
}

#[test]
fn legacy_test_suite() {
    let Some(root) = tplc_test::testdata("purl-spec") else {
        return;
    };
    let path = root.join("legacy/test-suite-data.json");
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut superseded = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let purl_text = case["purl"].as_str().unwrap_or_default();
        let outcome = run_legacy_case(case);
        let known = LEGACY_SUPERSEDED
            .iter()
            .find(|(text, _)| *text == purl_text);
        match (outcome, known) {
            (Ok(()), None) => {}
            (Ok(()), Some(_)) => failures.push(format!(
                "#{index} {purl_text}: listed as superseded but passes"
            )),
            (Err(problem), Some((_, reason))) => {
                superseded.push(format!("#{index}: {problem} ({reason})"))
            }
            (Err(problem), None) => failures.push(format!("#{index} {purl_text}: {problem}")),
        }
    }
    let passed = cases.len() - failures.len() - superseded.len();
    println!(
        "{}: {passed}/{} passed, {} superseded by the current suite\n{}",
        path_name(&path),
        cases.len(),
        superseded.len(),
        superseded.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} failing legacy cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(
        superseded.len(),
        LEGACY_SUPERSEDED.len(),
        "every superseded case still differs"
    );
    assert_eq!(cases.len(), 59, "the legacy suite holds 59 cases");
}

/// Runs one legacy case with the lenient parser.
fn run_legacy_case(case: &Value) -> Result<(), String> {
    let text = case["purl"].as_str().ok_or("purl is not a string")?;
    let purl = match (
        Purl::parse(text),
        case["is_invalid"].as_bool().unwrap_or(false),
    ) {
        (Err(_), true) => return Ok(()),
        (Ok(purl), true) => return Err(format!("expected a failure, got {purl}")),
        (Err(error), false) => return Err(error.to_string()),
        (Ok(purl), false) => purl,
    };
    compare_components(&purl, case)?;
    let canonical = case["canonical_purl"]
        .as_str()
        .ok_or("canonical_purl is not a string")?;
    if purl.to_string() == canonical {
        Ok(())
    } else {
        Err(format!("got {purl}, expected {canonical}"))
    }
}

/// The file name of `path`, for the report.
fn path_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
