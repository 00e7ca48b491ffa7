//! `tplc sbom check`.

use crate::support::{example, tplc};

#[test]
fn the_example_passes_every_profile() {
    for profile in ["jp-mhlw", "ntia-2021", "fda-premarket"] {
        let run = tplc(&[
            "sbom",
            "check",
            &example("sp-200-2.1.cdx.json"),
            "--profile",
            profile,
        ]);
        assert_eq!(run.code, 0, "{profile}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout
                .starts_with(&format!("PASS {profile}: 0 of 9 components lack elements")),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn gaps_are_listed_per_component_with_exit_1() {
    let run = tplc(&[
        "sbom",
        "check",
        &example("sp-200-2.0.cdx.json"),
        "--profile",
        "jp-mhlw",
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines[0].starts_with("FAIL jp-mhlw: 2 of 10 components lack elements, 0 document gaps"),
        "{}",
        run.stdout
    );
    let cryptography = lines
        .iter()
        .find(|line| line.starts_with("cryptography"))
        .expect("cryptography row");
    assert!(
        cryptography.contains("42.0.8") && cryptography.ends_with("supplier name"),
        "{cryptography}"
    );
    let libxml2 = lines
        .iter()
        .find(|line| line.starts_with("libxml2"))
        .expect("libxml2 row");
    assert!(
        libxml2.contains("supplier name, unique identifier"),
        "{libxml2}"
    );
    assert!(
        libxml2.contains("relationship to an upstream component"),
        "{libxml2}"
    );
}

#[test]
fn japanese_messages_use_the_terms_of_the_qa() {
    let run = tplc(&[
        "sbom",
        "check",
        &example("sp-200-2.0.cdx.json"),
        "--lang",
        "ja",
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.starts_with("不適合 jp-mhlw"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "供給者名、固有識別子(purl・CPE・SWID・OmniBOR・SWHID)、上流コンポーネントとの関係"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("コンポーネント"), "{}", run.stdout);
}

#[test]
fn json_output_carries_the_verdict_and_the_gaps() {
    let run = tplc(&[
        "sbom",
        "check",
        &example("sp-200-2.0.cdx.json"),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON output");
    assert_eq!(report["passed"], false);
    assert_eq!(report["profile"], "jp-mhlw");
    assert_eq!(report["componentsChecked"], 10);
    assert_eq!(report["missingCounts"]["supplier"], 2);
    assert_eq!(
        report["componentGaps"][1]["missing"],
        serde_json::json!(["supplier", "unique-identifier", "upstream-relationship"])
    );
}

#[test]
fn markdown_output_has_a_count_table_and_a_gap_table() {
    let run = tplc(&[
        "sbom",
        "check",
        &example("sp-200-2.0.cdx.json"),
        "--format",
        "markdown",
        "--profile",
        "fda-premarket",
    ]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("| Supplier name | 2 |"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("| libxml2 | 2.9.14 |"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_profile_file_of_ones_own_is_used() {
    let dir = crate::support::temporary_dir("profile");
    let path = dir.join("names-only.toml");
    std::fs::write(&path, "id = 'names-only'\ncomponent_scope = 'all'\ndocument = []\ncomponent = ['name']\n[title]\nen = 'Names only'\n[source]\n").unwrap();
    let run = tplc(&[
        "sbom",
        "check",
        &example("sp-200-2.0.cdx.json"),
        "--profile-file",
        path.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    std::fs::write(&path, "id = 'broken'\ncomponent = ['colour']\n").unwrap();
    let run = tplc(&[
        "sbom",
        "check",
        &example("sp-200-2.0.cdx.json"),
        "--profile-file",
        path.to_str().unwrap(),
    ]);
    crate::support::assert_input_error(&run, "names-only.toml");
}

#[test]
fn an_unknown_profile_is_a_usage_error() {
    let run = tplc(&[
        "sbom",
        "check",
        &example("sp-200-2.1.cdx.json"),
        "--profile",
        "iso-9999",
    ]);
    crate::support::assert_input_error(&run, "unknown profile \"iso-9999\"");
}
