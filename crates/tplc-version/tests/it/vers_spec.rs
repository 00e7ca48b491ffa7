//! The vers-spec test suite (`vers-spec/tests/*.json`): containment, canonical parsing and
//! validation cases for the versioning schemes this crate orders.
//!
//! Cases known to disagree are listed in [`SKIPS`] with the reason; the test fails when any
//! other case fails and when a listed case passes (a stale skip).

use serde_json::Value;
use tplc_version::VersRange;

/// Cases deliberately answered differently: (file, description, reason).
const SKIPS: &[(&str, &str, &str)] = &[(
    "vers_canonical_parse_test.json",
    "Parsing decodes canonical percent-encoding once for versions.",
    "the decoded version \"1.0%2F0\" is no npm (SemVer) version, and VersRange parses every \
     version under its scheme; the percent-decoding itself is checked in the unit tests",
)];

/// One checked case: `Ok(())` when it passes, `Err(why)` when not, `None` when the case is for
/// a scheme this crate does not order (or a test type it does not implement).
fn check_case(case: &Value) -> Option<Result<(), String>> {
    let test_type = case["test_type"].as_str()?;
    let input = &case["input"];
    let expected = &case["expected_output"];
    let expected_failure = case["expected_failure"].as_bool().unwrap_or(false);
    match test_type {
        "containment" => {
            let vers = input["vers"].as_str()?;
            let version = input["version"].as_str()?;
            let range = match VersRange::parse(vers) {
                Ok(range) => range,
                Err(err) => return Some(Err(format!("parse failed: {err}"))),
            };
            let parsed = match range.scheme().parse(version) {
                Ok(v) => v,
                Err(err) => return Some(Err(format!("version failed: {err}"))),
            };
            let got = range.contains(&parsed);
            Some(if Some(got) == expected.as_bool() {
                Ok(())
            } else {
                Err(format!("contains = {got}"))
            })
        }
        "parse" => {
            let text = input.as_str()?;
            let result = VersRange::parse_canonical(text);
            if expected_failure {
                return Some(match result {
                    Err(_) => Ok(()),
                    Ok(range) => Err(format!("parsed as {range}, expected a failure")),
                });
            }
            let range = match result {
                Ok(range) => range,
                Err(err) => return Some(Err(format!("parse failed: {err}"))),
            };
            let constraints: Vec<Value> = range
                .constraints()
                .unwrap_or_default()
                .iter()
                .map(|c| serde_json::json!([c.comparator.symbol(), c.version.as_str()]))
                .collect();
            let got = serde_json::json!({
                "scheme": range.versioning_scheme(),
                "version_constraints": constraints,
            });
            Some(if &got == expected {
                Ok(())
            } else {
                Err(format!("got {got}"))
            })
        }
        "validate" => {
            let text = input.as_str()?;
            let range = match VersRange::parse(text) {
                Ok(range) => range,
                Err(err) => return Some(Err(format!("parse failed: {err}"))),
            };
            let canonical = range.to_string();
            Some(if Some(canonical.as_str()) == expected.as_str() {
                Ok(())
            } else {
                Err(format!("canonical form {canonical}"))
            })
        }
        _ => None,
    }
}

/// Whether the case is about a scheme this crate orders.
fn supported(case: &Value) -> bool {
    let text = match case["test_type"].as_str() {
        Some("containment") => case["input"]["vers"].as_str(),
        Some("parse" | "validate") => case["input"].as_str(),
        _ => None,
    };
    let Some(text) = text else { return false };
    let scheme = text
        .strip_prefix("vers:")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default();
    // `datetime` is no scheme of this crate: its parse cases only expect failures, which
    // would pass for the wrong reason, so they are not counted.
    scheme != "datetime" && (VersRange::parse(&format!("vers:{scheme}/*")).is_ok())
}

#[test]
fn vers_spec_suite() {
    let Some(dir) = tplc_test::testdata("vers-spec/tests") else {
        return;
    };
    let mut failures = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let mut total = 0;
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let (mut passed, mut skipped, mut failed, mut unsupported) = (0, 0, 0, 0);
        for case in json["tests"].as_array().into_iter().flatten() {
            let description = case["description"].as_str().unwrap_or_default();
            let result = if supported(case) {
                check_case(case)
            } else {
                None
            };
            let Some(result) = result else {
                unsupported += 1;
                continue;
            };
            let skip = SKIPS
                .iter()
                .any(|(f, d, _)| *f == file && *d == description);
            match (result, skip) {
                (Ok(()), false) => passed += 1,
                (Err(_), true) => skipped += 1,
                (Ok(()), true) => {
                    failed += 1;
                    failures.push(format!("{file}: stale skip {description:?}"));
                }
                (Err(why), false) => {
                    failed += 1;
                    failures.push(format!("{file}: {description:?} {}: {why}", case["input"]));
                }
            }
        }
        total += passed;
        println!(
            "{file}: {passed} passed, {skipped} skipped, {failed} failed, {unsupported} not applicable"
        );
    }
    for failure in &failures {
        println!("FAIL {failure}");
    }
    assert!(failures.is_empty(), "{} vers-spec failures", failures.len());
    assert!(total >= 30, "only {total} vers-spec cases passed");
}
