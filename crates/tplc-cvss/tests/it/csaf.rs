//! The CSAF 2.0 validator's test 6.1.9 ("Invalid CVSS computation"): the `-01`…`-09` files
//! carry `cvss_v2`/`cvss_v3` objects whose scores or severities do not match their vectors,
//! the `-1x` files ones that do.

use serde_json::Value;
use tplc_cvss::{Vector, score};

/// Whether one CVSS JSON object's scores and severities agree with its vector string.
fn consistent(object: &Value) -> bool {
    let vector = object["vectorString"].as_str().expect("vectorString");
    let parsed = Vector::parse(vector).expect("valid vector");
    if object["version"].as_str() != Some(parsed.version().as_str()) {
        return false;
    }
    let scores = score(vector).unwrap();
    let matches = |key: &str, expected: Option<f64>| {
        object
            .get(key)
            .and_then(Value::as_f64)
            .is_none_or(|given| Some(given) == expected)
    };
    let severity = |key: &str, expected: Option<&str>| {
        object
            .get(key)
            .and_then(Value::as_str)
            .is_none_or(|given| Some(given) == expected)
    };
    matches("baseScore", Some(scores.base_score))
        && severity("baseSeverity", Some(scores.base_severity.as_str()))
        && matches("temporalScore", parsed.temporal_score())
        && matches("environmentalScore", Some(parsed.environmental_score()))
}

fn cvss_objects(document: &Value) -> Vec<&Value> {
    let mut found = Vec::new();
    for vulnerability in document["vulnerabilities"].as_array().into_iter().flatten() {
        for entry in vulnerability["scores"].as_array().into_iter().flatten() {
            for key in ["cvss_v2", "cvss_v3"] {
                if let Some(object) = entry.get(key) {
                    found.push(object);
                }
            }
        }
    }
    found
}

#[test]
fn csaf_6_1_9_files() {
    let Some(dir) = tplc_test::testdata("csaf/csaf_2.0/test/validator/data/mandatory") else {
        return;
    };
    let files = tplc_test::files_under(&dir, |name| {
        name.contains("-6-1-09-") && name.ends_with(".json")
    });
    assert!(files.len() >= 6, "{files:?}");
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let document: Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let objects = cvss_objects(&document);
        assert!(!objects.is_empty(), "{name}");
        let valid = name
            .trim_end_matches(".json")
            .rsplit('-')
            .next()
            .unwrap()
            .starts_with('1');
        let all_consistent = objects.iter().all(|object| consistent(object));
        assert_eq!(all_consistent, valid, "{name}");
    }
    println!("csaf 6.1.9: {} files agree", files.len());
}
