//! Property tests: valid vectors of every version score within 0.0–10.0 in tenths and
//! round-trip through `Display`; arbitrary text never panics.

use proptest::prelude::*;
use tplc_cvss::{CvssVersion, Severity, Vector, score};

/// `(metric, values)`: the metrics of a version, base metrics first.
type Table = &'static [(&'static str, &'static [&'static str])];

const V2_BASE: Table = &[
    ("AV", &["L", "A", "N"]),
    ("AC", &["H", "M", "L"]),
    ("Au", &["M", "S", "N"]),
    ("C", &["N", "P", "C"]),
    ("I", &["N", "P", "C"]),
    ("A", &["N", "P", "C"]),
];
const V2_OPTIONAL: Table = &[
    ("E", &["U", "POC", "F", "H", "ND"]),
    ("RL", &["OF", "TF", "W", "U", "ND"]),
    ("RC", &["UC", "UR", "C", "ND"]),
    ("CDP", &["N", "L", "LM", "MH", "H", "ND"]),
    ("TD", &["N", "L", "M", "H", "ND"]),
    ("CR", &["L", "M", "H", "ND"]),
    ("IR", &["L", "M", "H", "ND"]),
    ("AR", &["L", "M", "H", "ND"]),
];
const V3_BASE: Table = &[
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "R"]),
    ("S", &["U", "C"]),
    ("C", &["H", "L", "N"]),
    ("I", &["H", "L", "N"]),
    ("A", &["H", "L", "N"]),
];
const V3_OPTIONAL: Table = &[
    ("E", &["X", "H", "F", "P", "U"]),
    ("RL", &["X", "U", "W", "T", "O"]),
    ("RC", &["X", "C", "R", "U"]),
    ("CR", &["X", "H", "M", "L"]),
    ("IR", &["X", "H", "M", "L"]),
    ("AR", &["X", "H", "M", "L"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "R"]),
    ("MS", &["X", "U", "C"]),
    ("MC", &["X", "H", "L", "N"]),
    ("MI", &["X", "H", "L", "N"]),
    ("MA", &["X", "H", "L", "N"]),
];
const V4_BASE: Table = &[
    ("AV", &["N", "A", "L", "P"]),
    ("AC", &["L", "H"]),
    ("AT", &["N", "P"]),
    ("PR", &["N", "L", "H"]),
    ("UI", &["N", "P", "A"]),
    ("VC", &["H", "L", "N"]),
    ("VI", &["H", "L", "N"]),
    ("VA", &["H", "L", "N"]),
    ("SC", &["H", "L", "N"]),
    ("SI", &["H", "L", "N"]),
    ("SA", &["H", "L", "N"]),
];
const V4_OPTIONAL: Table = &[
    ("E", &["X", "A", "P", "U"]),
    ("CR", &["X", "H", "M", "L"]),
    ("IR", &["X", "H", "M", "L"]),
    ("AR", &["X", "H", "M", "L"]),
    ("MAV", &["X", "N", "A", "L", "P"]),
    ("MAC", &["X", "L", "H"]),
    ("MAT", &["X", "N", "P"]),
    ("MPR", &["X", "N", "L", "H"]),
    ("MUI", &["X", "N", "P", "A"]),
    ("MVC", &["X", "H", "L", "N"]),
    ("MVI", &["X", "H", "L", "N"]),
    ("MVA", &["X", "H", "L", "N"]),
    ("MSC", &["X", "H", "L", "N"]),
    ("MSI", &["X", "S", "H", "L", "N"]),
    ("MSA", &["X", "S", "H", "L", "N"]),
    ("S", &["X", "N", "P"]),
    ("AU", &["X", "N", "Y"]),
    ("R", &["X", "A", "U", "I"]),
    ("V", &["X", "D", "C"]),
    ("RE", &["X", "L", "M", "H"]),
    ("U", &["X", "Clear", "Green", "Amber", "Red"]),
];

/// A valid vector: every base metric, any optional metrics, in a shuffled order.
fn vector(prefix: &'static str, base: Table, optional: Table) -> impl Strategy<Value = String> {
    let base_values: Vec<_> = base
        .iter()
        .map(|(name, values)| {
            proptest::sample::select(*values).prop_map(move |v| format!("{name}:{v}"))
        })
        .collect();
    let optional_values: Vec<_> = optional
        .iter()
        .map(|(name, values)| {
            proptest::option::of(
                proptest::sample::select(*values).prop_map(move |v| format!("{name}:{v}")),
            )
        })
        .collect();
    (base_values, optional_values)
        .prop_flat_map(|(base, optional)| {
            let metrics: Vec<String> = base
                .into_iter()
                .chain(optional.into_iter().flatten())
                .collect();
            Just(metrics).prop_shuffle()
        })
        .prop_map(move |metrics| format!("{prefix}{}", metrics.join("/")))
}

fn any_vector() -> impl Strategy<Value = String> {
    prop_oneof![
        vector("", V2_BASE, V2_OPTIONAL),
        vector("CVSS:3.0/", V3_BASE, V3_OPTIONAL),
        vector("CVSS:3.1/", V3_BASE, V3_OPTIONAL),
        vector("CVSS:4.0/", V4_BASE, V4_OPTIONAL),
    ]
}

fn is_score(score: f64) -> bool {
    (0.0..=10.0).contains(&score) && ((score * 10.0).round() / 10.0 - score).abs() < 1e-12
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn valid_vectors_score_in_range(text in any_vector()) {
        let vector = Vector::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let scores = vector.scores();
        prop_assert!(is_score(scores.base_score), "{text}: {scores:?}");
        for score in [scores.temporal_score, scores.threat_score, scores.environmental_score]
            .into_iter()
            .flatten()
        {
            prop_assert!(is_score(score), "{text}: {scores:?}");
        }
        prop_assert!(is_score(vector.environmental_score()));
        prop_assert_eq!(scores.base_severity, Severity::of(scores.version, scores.base_score));
        if let Some(temporal) = vector.temporal_score() {
            prop_assert!(is_score(temporal));
            // Temporal metrics never raise the score.
            prop_assert!(temporal <= scores.base_score, "{text}: {scores:?}");
        }
        // Display writes a vector that parses back to the same one.
        let written = vector.to_string();
        let reparsed = Vector::parse(&written);
        prop_assert_eq!(reparsed.as_ref(), Ok(&vector), "{}", written);
    }

    #[test]
    fn v4_supplemental_metrics_never_change_the_score(text in vector("CVSS:4.0/", V4_BASE, &[])) {
        let plain = score(&text).unwrap();
        let supplemented = score(&format!("{text}/S:P/AU:Y/R:I/V:C/RE:H/U:Red")).unwrap();
        prop_assert_eq!(plain, supplemented);
        prop_assert_eq!(plain.version, CvssVersion::V4_0);
        prop_assert_eq!(plain.threat_score, None);
        prop_assert_eq!(plain.environmental_score, None);
    }

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,200}") {
        if let Err(error) = score(&text) {
            prop_assert!(!error.to_string().contains('\n'));
        }
    }

    #[test]
    fn near_vectors_never_panic(text in "(CVSS:[34]\\.[01]/)?([A-Za-z]{1,3}:[A-Za-z]{0,5}/){0,30}[A-Z]{0,3}:?[A-Z]?") {
        let _ = score(&text);
    }
}
