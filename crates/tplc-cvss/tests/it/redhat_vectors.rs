//! Every vector of the Red Hat `cvss` library's test files (`../shared/testdata/cvss/
//! redhat-cvss/tests/vectors_*`) must give exactly the expected scores.
//!
//! Line format: `<vector> - <expected>`. For v2/v3 the expectation is the tuple
//! `(base, temporal, environmental)` of `CVSS2/CVSS3.scores()`, `None` where upstream computes
//! no score; for v4 a one-element tuple `(base,)` or a number: the one CVSS v4.0 score of all
//! groups the vector gives.

use std::path::Path;

use tplc_cvss::{CvssVersion, Vector};

/// Parses `1.2`, `5` or `None`.
fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    (text != "None").then(|| text.parse().unwrap_or_else(|_| panic!("number {text:?}")))
}

/// The expected numbers of a line's right-hand side.
fn expected(text: &str) -> Vec<Option<f64>> {
    let inner = text
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim_end_matches(',');
    inner.split(',').map(number).collect()
}

/// Checks one file; returns the number of vectors checked.
fn check_file(dir: &Path, name: &str) -> usize {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (vector_text, expectation) = line.split_once(" - ").expect("' - ' separator");
        let expected = expected(expectation);
        let vector = Vector::parse(vector_text)
            .unwrap_or_else(|error| panic!("{name}:{}: {error}", number + 1));
        let scores = vector.scores();
        let got: Vec<Option<f64>> = match vector.version() {
            CvssVersion::V2 => vec![
                Some(scores.base_score),
                scores.temporal_score,
                scores.environmental_score,
            ],
            // Upstream (like FIRST's calculators) always computes all three.
            CvssVersion::V3_0 | CvssVersion::V3_1 => vec![
                Some(vector.base_score()),
                vector.temporal_score(),
                Some(vector.environmental_score()),
            ],
            CvssVersion::V4_0 => vec![Some(scores.overall_score())],
        };
        if got != expected {
            failures.push(format!(
                "{name}:{}: {vector_text}: expected {expected:?}, got {got:?}",
                number + 1
            ));
        }
        // The one-number v4.0 score is also what the vector computes with every group.
        if vector.version() == CvssVersion::V4_0 {
            assert_eq!(Some(vector.environmental_score()), got[0], "{vector_text}");
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} vectors differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("{name}: {checked} vectors, all exact");
    checked
}

macro_rules! vector_file {
    ($test:ident, $file:literal, $lines:expr) => {
        #[test]
        fn $test() {
            let Some(dir) = tplc_test::testdata("cvss/redhat-cvss/tests") else {
                return;
            };
            assert_eq!(check_file(&dir, $file), $lines);
        }
    };
}

vector_file!(simple2, "vectors_simple2", 729);
vector_file!(calculator2, "vectors_calculator2", 5);
vector_file!(cvsslib2, "vectors_cvsslib2", 24);
vector_file!(simple3, "vectors_simple3", 2592);
vector_file!(simple31, "vectors_simple31", 2592);
vector_file!(calculator3, "vectors_calculator3", 2);
vector_file!(cvsslib3, "vectors_cvsslib3", 29);
vector_file!(simple4, "vectors_simple4", 1058);
vector_file!(supplemental4, "vectors_supplemental4", 576);
vector_file!(security4, "vectors_security4", 54);
vector_file!(threat4, "vectors_threat4", 6);

/// Every file is covered by a test above.
#[test]
fn no_vector_file_is_left_out() {
    let Some(dir) = tplc_test::testdata("cvss/redhat-cvss/tests") else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("vectors_"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "vectors_calculator2",
            "vectors_calculator3",
            "vectors_cvsslib2",
            "vectors_cvsslib3",
            "vectors_security4",
            "vectors_simple2",
            "vectors_simple3",
            "vectors_simple31",
            "vectors_simple4",
            "vectors_supplemental4",
            "vectors_threat4",
        ]
    );
}
