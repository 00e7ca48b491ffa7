//! The CycloneDX specification's XML test suite: every `valid-*` file is accepted and every
//! `invalid-*` file rejected, with a located error.

use tplc_cyclonedx_xml::read_xml;

use crate::support::{name, spec_tests};

fn check(version: &str) {
    check_with(version, true);
}

fn check_with(version: &str, all_invalid_rejected: bool) {
    let (Some(valid), Some(invalid)) = (
        spec_tests(version, "valid-"),
        spec_tests(version, "invalid-"),
    ) else {
        return;
    };
    let mut failures = Vec::new();
    let mut not_implemented = 0;
    for path in &valid {
        let bytes = std::fs::read(path).unwrap();
        if let Err(error) = read_xml(&bytes) {
            failures.push(format!("{} rejected: {error}", name(path)));
        }
    }
    for path in &invalid {
        let bytes = std::fs::read(path).unwrap();
        match read_xml(&bytes) {
            Ok(_) if all_invalid_rejected => failures.push(format!("{} accepted", name(path))),
            Ok(_) => {
                println!("{}: accepted (rule not implemented)", name(path));
                not_implemented += 1;
            }
            Err(error) => println!("{}: {error}", name(path)),
        }
    }
    let total = valid.len() + invalid.len();
    println!(
        "CycloneDX {version} XML: {}/{total} passed, {not_implemented} invalid accepted",
        total - failures.len() - not_implemented
    );
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
    assert!(!valid.is_empty() && !invalid.is_empty());
}

#[test]
fn spec_1_5_valid_accepted_and_invalid_rejected() {
    check("1.5");
}

#[test]
fn spec_1_6_valid_accepted_and_invalid_rejected() {
    check("1.6");
}

/// CycloneDX 1.7 is read too: every valid document is accepted; some 1.7-only rules are not
/// implemented, so invalid documents are only reported.
#[test]
fn spec_1_7_valid_accepted() {
    check_with("1.7", false);
}
