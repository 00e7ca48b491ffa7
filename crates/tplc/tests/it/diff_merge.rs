//! `tplc sbom diff` and `tplc sbom merge`.

use crate::support::{example, temporary_dir, tplc};

#[test]
fn diff_lists_version_changes_additions_and_removals() {
    let run = tplc(&[
        "sbom",
        "diff",
        &example("sp-200-2.0.cdx.json"),
        &example("sp-200-2.1.cdx.json"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("0 added, 1 removed, 5 changed, 4 unchanged"),
        "{}",
        run.stdout
    );
    let openssl = run
        .stdout
        .lines()
        .find(|line| line.starts_with("~  openssl "))
        .expect("openssl row");
    assert!(
        openssl.contains("3.0.11-1~deb12u2") && openssl.contains("3.0.15-1~deb12u1"),
        "{openssl}"
    );
    assert!(
        run.stdout
            .lines()
            .any(|line| line.starts_with("-  libxml2")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("cryptography (supplier)"),
        "{}",
        run.stdout
    );
}

#[test]
fn diff_as_json_is_machine_readable() {
    let run = tplc(&[
        "sbom",
        "diff",
        &example("sp-200-2.0.cdx.json"),
        &example("sp-200-2.1.cdx.json"),
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["removed"][0]["name"], "libxml2");
    assert_eq!(report["unchanged"], 4);
}

#[test]
fn merge_builds_one_product_that_passes_the_check() {
    let dir = temporary_dir("merge");
    let merged = dir.join("system.cdx.json");
    let spdx = dir.join("supplier.spdx.json");
    let run = tplc(&[
        "sbom",
        "convert",
        &example("sp-200-2.1.cdx.json"),
        "--to",
        "spdx-json",
        "-o",
        spdx.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = tplc(&[
        "sbom",
        "merge",
        "--root",
        "SP-200 System 2.1",
        &example("sp-200-2.1.cdx.json"),
        spdx.to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let document: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&merged).unwrap()).unwrap();
    assert_eq!(document["metadata"]["component"]["name"], "SP-200 System");
    assert_eq!(document["metadata"]["component"]["version"], "2.1");
    let root_ref = document["metadata"]["component"]["bom-ref"]
        .as_str()
        .unwrap();
    let root_node = document["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|node| node["ref"] == root_ref)
        .unwrap();
    assert_eq!(root_node["dependsOn"].as_array().unwrap().len(), 2);
    let run = tplc(&[
        "sbom",
        "check",
        merged.to_str().unwrap(),
        "--profile",
        "ntia-2021",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("PASS ntia-2021: 0 of 19 components"),
        "{}",
        run.stdout
    );
}
