//! `tplc cvss`: scores as text and JSON; a malformed vector is one error line and exit 2.

use serde_json::{Value, json};

use crate::support::{assert_input_error, tplc};

fn json_of(vector: &str) -> Value {
    let run = tplc(&["cvss", vector, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("JSON output")
}

#[test]
fn v31_base_only_as_json() {
    assert_eq!(
        json_of("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
        json!({"version": "3.1", "base_score": 9.8, "base_severity": "CRITICAL"})
    );
}

#[test]
fn v30_with_temporal_and_environmental_as_json() {
    // vectors_calculator3 of the Red Hat cvss library: (9.3, 8.9, 9.5).
    assert_eq!(
        json_of(
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:N/E:H/RL:O/RC:C/CR:H/IR:H/AR:H/MAV:N/MAC:L/MPR:L/MUI:N/MS:C/MC:H/MI:H/MA:H"
        ),
        json!({
            "version": "3.0",
            "base_score": 9.3, "base_severity": "CRITICAL",
            "temporal_score": 8.9, "temporal_severity": "HIGH",
            "environmental_score": 9.5, "environmental_severity": "CRITICAL",
        })
    );
}

#[test]
fn v2_and_v4_as_json() {
    assert_eq!(
        json_of("(AV:N/AC:L/Au:N/C:P/I:P/A:P)"),
        json!({"version": "2.0", "base_score": 7.5, "base_severity": "HIGH"})
    );
    assert_eq!(
        json_of(
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/CR:L/IR:L/AR:L"
        ),
        json!({
            "version": "4.0",
            "base_score": 9.3, "base_severity": "CRITICAL",
            "threat_score": 8.1, "threat_severity": "HIGH",
            "environmental_score": 6.5, "environmental_severity": "MEDIUM",
        })
    );
}

#[test]
fn text_lists_the_scores_present() {
    let run = tplc(&["cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(
        lines[0].starts_with("CVSS version") && lines[0].ends_with(" 3.1"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("base score") && lines[1].ends_with("9.8  CRITICAL"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("temporal score") && lines[2].ends_with("9.3  CRITICAL"),
        "{}",
        lines[2]
    );

    let run = tplc(&[
        "cvss",
        "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stdout);
    assert!(run.stdout.contains("base score (CVSS-B)"), "{}", run.stdout);
    assert!(run.stdout.contains(" 0.0  NONE"), "{}", run.stdout);
}

#[test]
fn malformed_vectors_exit_2_with_one_line() {
    let run = tplc(&["cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q"]);
    assert_input_error(&run, r#"column 44: A has no value "Q""#);
    assert!(run.stdout.is_empty());
    let run = tplc(&[
        "cvss",
        "CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "--format",
        "json",
    ]);
    assert_input_error(&run, "metric AV given twice");
    assert_input_error(&tplc(&["cvss", "CVSS:3.2/AV:N"]), "unsupported prefix");
    assert_input_error(&tplc(&["cvss", ""]), "empty vector");
    assert_input_error(
        &tplc(&[
            "cvss",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
        ]),
        "missing base metric SA",
    );
}
