//! `tplc sbom check` on the example SBOMs of the peer test suites in `../shared/testdata`:
//! the expected verdict per profile, with the first line of the report pinned.
//!
//! Each expectation was derived from the document's content (for instance: guac's
//! `cyclonedx-no-top-level.json` has no `metadata.component` and no author, so it fails the
//! document-level elements; the SPDX OSS-NA-2023 `03-SBOMwDependency.json` has a person as
//! creator, a timestamp, suppliers, versions, purls and `DESCRIBES` + `DYNAMIC_LINK`, so it
//! passes Japan's profile; SPDX's spec example lacks a supplier on `Saxon`).

use crate::support::tplc;

const GUAC: &str = "guac/internal/testing/testdata/exampledata";
const OSS_NA: &str = "spdx/spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3";

/// (file under testdata, profile, exit status, first line of the report up to the file name)
const EXPECTED: &[(&str, &str, i32, &str)] = &[
    (
        "{GUAC}/cyclonedx-no-top-level.json",
        "jp-mhlw",
        1,
        "FAIL jp-mhlw: 1 of 1 components lack elements, 3 document gaps",
    ),
    (
        "{GUAC}/cyclonedx-no-top-level.json",
        "ntia-2021",
        1,
        "FAIL ntia-2021: 0 of 0 components lack elements, 2 document gaps",
    ),
    (
        "{GUAC}/small-deps-cyclonedx.json",
        "jp-mhlw",
        1,
        "FAIL jp-mhlw: 1 of 3 components lack elements, 1 document gaps",
    ),
    (
        "{GUAC}/small-deps-cyclonedx.json",
        "ntia-2021",
        1,
        "FAIL ntia-2021: 1 of 3 components lack elements, 0 document gaps",
    ),
    (
        "{GUAC}/alpine-cyclonedx.json",
        "jp-mhlw",
        1,
        "FAIL jp-mhlw: 16 of 16 components lack elements, 2 document gaps",
    ),
    (
        "{GUAC}/quarkus-deps-cyclonedx.json",
        "ntia-2021",
        1,
        "FAIL ntia-2021: 12 of 81 components lack elements, 0 document gaps",
    ),
    (
        "{GUAC}/laravel-cyclonedx.xml",
        "jp-mhlw",
        1,
        "FAIL jp-mhlw: 63 of 63 components lack elements, 2 document gaps",
    ),
    (
        "{GUAC}/oci-kubectl-linux-amd64-spdx-1.json",
        "ntia-2021",
        1,
        "FAIL ntia-2021: 86 of 89 components lack elements, 0 document gaps",
    ),
    (
        "spdx/spdx-spec/v2.3/SPDXJSONExample-v2.3.spdx.json",
        "ntia-2021",
        1,
        "FAIL ntia-2021: 1 of 2 components lack elements, 0 document gaps",
    ),
    (
        "spdx/spdx-spec/v2.3/SPDXTagExample-v2.3.spdx",
        "ntia-2021",
        1,
        "FAIL ntia-2021: 1 of 2 components lack elements, 0 document gaps",
    ),
    (
        "spdx/spdx-spec/v2.3/SPDXJSONExample-v2.3.spdx.json",
        "jp-mhlw",
        1,
        "FAIL jp-mhlw: 3 of 4 components lack elements, 0 document gaps",
    ),
    (
        "{OSS_NA}/01-MinimalSBOM.json",
        "ntia-2021",
        0,
        "PASS ntia-2021: 0 of 1 components lack elements, 0 document gaps",
    ),
    (
        "{OSS_NA}/01-MinimalSBOM.json",
        "jp-mhlw",
        1,
        "FAIL jp-mhlw: 0 of 1 components lack elements, 1 document gaps",
    ),
    (
        "{OSS_NA}/03-SBOMwDependency.json",
        "jp-mhlw",
        0,
        "PASS jp-mhlw: 0 of 2 components lack elements, 0 document gaps",
    ),
    (
        "{OSS_NA}/03-SBOMwDependency.json",
        "ntia-2021",
        0,
        "PASS ntia-2021: 0 of 2 components lack elements, 0 document gaps",
    ),
    (
        "{OSS_NA}/03-SBOMwDependency.json",
        "fda-premarket",
        1,
        "FAIL fda-premarket: 2 of 2 components lack elements, 0 document gaps",
    ),
    (
        "cyclonedx-bom-examples/SBOM/juice-shop/via_npm/flat/bom.1.4.json",
        "ntia-2021",
        1,
        "FAIL ntia-2021: 1116 of 1116 components lack elements, 1 document gaps",
    ),
    (
        "trivy/integration/testdata/fixtures/sbom/centos-7-cyclonedx.json",
        "jp-mhlw",
        1,
        "FAIL jp-mhlw: 4 of 4 components lack elements, 1 document gaps",
    ),
];

#[test]
fn example_sboms_of_the_peer_suites_get_the_expected_verdicts() {
    let Some(testdata) = tplc_test::testdata("") else {
        return;
    };
    let mut failures = Vec::new();
    for (file, profile, code, summary) in EXPECTED {
        let path = testdata.join(file.replace("{GUAC}", GUAC).replace("{OSS_NA}", OSS_NA));
        let run = tplc(&[
            "sbom",
            "check",
            path.to_str().unwrap(),
            "--profile",
            profile,
        ]);
        let first = run.stdout.lines().next().unwrap_or_default();
        if run.code != *code || !first.starts_with(summary) {
            failures.push(format!(
                "{file} {profile}: exit {} {first:?} {}",
                run.code,
                run.stderr.trim()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} verdicts differ:\n{}",
        failures.len(),
        EXPECTED.len(),
        failures.join("\n")
    );
}

#[test]
fn the_json_and_tag_value_spec_examples_get_the_same_report() {
    let Some(testdata) = tplc_test::testdata("spdx/spdx-spec/v2.3") else {
        return;
    };
    for profile in ["jp-mhlw", "ntia-2021", "fda-premarket"] {
        let report = |name: &str| {
            let run = tplc(&[
                "sbom",
                "check",
                testdata.join(name).to_str().unwrap(),
                "--profile",
                profile,
                "--format",
                "json",
            ]);
            let mut value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            value
                .as_object_mut()
                .unwrap()
                .retain(|key, _| !matches!(key.as_str(), "file" | "summary"));
            value
        };
        assert_eq!(
            report("SPDXJSONExample-v2.3.spdx.json"),
            report("SPDXTagExample-v2.3.spdx"),
            "{profile}"
        );
    }
}
