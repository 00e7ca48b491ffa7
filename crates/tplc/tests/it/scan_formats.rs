//! `tplc scan --format sarif|cyclonedx-vex`: against a small database imported from OSV
//! records written here (real advisory facts), compared with golden files
//! (`TPLC_UPDATE_GOLDEN=1` rewrites them), the VEX validated against the official CycloneDX 1.6
//! schema and the SARIF log checked for what SARIF 2.1.0 requires (and against its schema when
//! one is at hand: `TPLC_SARIF_SCHEMA`, or `target/sarif-schema/sarif-2.1.0-rtm.5.json`, from
//! the npm package `@microsoft/jest-sarif`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use jsonschema::{Draft, Resource, Validator};
use serde_json::{Value, json};

use crate::support::{repository, temporary_dir};

/// Log4Shell as the GitHub advisory database publishes it in OSV (ranges as of 2022).
const LOG4SHELL: &str = r#"{
  "schema_version": "1.4.0",
  "id": "GHSA-jfh8-c2jp-5v3q",
  "modified": "2022-03-25T20:56:18Z",
  "published": "2021-12-10T00:40:56Z",
  "aliases": ["CVE-2021-44228"],
  "summary": "Remote code injection in Log4j",
  "details": "Log4j versions prior to 2.16.0 are subject to a remote code execution vulnerability via the ldap JNDI parser.",
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
  "affected": [{
    "package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"},
    "ranges": [
      {"type": "ECOSYSTEM", "events": [{"introduced": "2.13.0"}, {"fixed": "2.15.0"}]},
      {"type": "ECOSYSTEM", "events": [{"introduced": "2.4"}, {"fixed": "2.12.2"}]},
      {"type": "ECOSYSTEM", "events": [{"introduced": "2.0-beta9"}, {"fixed": "2.3.1"}]}
    ],
    "database_specific": {"source": "https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/2021/12/GHSA-jfh8-c2jp-5v3q/GHSA-jfh8-c2jp-5v3q.json"}
  }],
  "references": [{"type": "ADVISORY", "url": "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"}],
  "database_specific": {"cwe_ids": ["CWE-20", "CWE-400", "CWE-502", "CWE-917"], "severity": "CRITICAL", "github_reviewed": true}
}"#;

/// CVE-2023-32681 in requests, as PyPA's advisory database publishes it (no severity).
const REQUESTS_PYSEC: &str = r#"{
  "id": "PYSEC-2023-74",
  "published": "2023-05-26T18:15:00Z",
  "modified": "2023-06-05T01:13:00.534973Z",
  "aliases": ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"],
  "details": "Requests is a HTTP library. Since Requests 2.3.0, Requests has been leaking Proxy-Authorization headers to destination servers when redirected to an HTTPS endpoint. This issue has been patched in version 2.31.0.",
  "affected": [{
    "package": {"name": "requests", "ecosystem": "PyPI", "purl": "pkg:pypi/requests"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}]}]
  }],
  "references": [{"type": "ADVISORY", "url": "https://github.com/psf/requests/security/advisories/GHSA-j8r2-6x86-q33q"}]
}"#;

/// The same vulnerability as the GitHub advisory database rates it.
const REQUESTS_GHSA: &str = r#"{
  "schema_version": "1.4.0",
  "id": "GHSA-j8r2-6x86-q33q",
  "modified": "2023-06-05T01:13:00Z",
  "aliases": ["CVE-2023-32681"],
  "summary": "Unintended leak of Proxy-Authorization header in requests",
  "details": "Requests is a HTTP library. Since Requests 2.3.0, Requests has been leaking Proxy-Authorization headers to destination servers when redirected to an HTTPS endpoint.",
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:H/I:N/A:N"}],
  "affected": [{
    "package": {"ecosystem": "PyPI", "name": "requests"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.3.0"}, {"fixed": "2.31.0"}]}]
  }],
  "database_specific": {"cwe_ids": ["CWE-200"], "severity": "MODERATE", "github_reviewed": true}
}"#;

/// Log4Shell's entry in CISA's KEV catalog.
const KEV: &str = r#"{
  "title": "CISA Catalog of Known Exploited Vulnerabilities",
  "catalogVersion": "2021.12.10",
  "dateReleased": "2021-12-10T00:00:00.000Z",
  "count": 1,
  "vulnerabilities": [{
    "cveID": "CVE-2021-44228",
    "vendorProject": "Apache",
    "product": "Log4j2",
    "vulnerabilityName": "Apache Log4j2 Remote Code Execution Vulnerability",
    "dateAdded": "2021-12-10",
    "shortDescription": "Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints, allowing for remote code execution.",
    "requiredAction": "For all affected software assets for which updates exist, the only acceptable remediation actions are: 1) Apply updates; OR 2) remove affected assets from agency networks.",
    "dueDate": "2021-12-24",
    "knownRansomwareCampaignUse": "Known",
    "notes": ""
  }]
}"#;

/// EPSS figures in FIRST's CSV layout (illustrative values of the kind FIRST publishes).
const EPSS: &str = "#model_version:v2023.03.01,score_date:2024-06-01T00:00:00+0000\ncve,epss,percentile\nCVE-2021-44228,0.944,0.9999\nCVE-2023-32681,0.0125,0.85\n";

const SERIAL: &str = "urn:uuid:8c1a0f5e-3b7d-4c2a-9e61-5d0f4b7a2c93";

/// An infusion pump's SBOM: two vulnerable components, one clean, one that cannot be scanned.
fn sbom(serial: Option<&str>) -> Value {
    let mut sbom = json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "version": 1,
        "metadata": {
            "timestamp": "2026-11-30T12:00:00Z",
            "component": {
                "type": "device",
                "bom-ref": "pump",
                "name": "infusion-pump",
                "version": "4.2.0"
            }
        },
        "components": [
            {
                "type": "library",
                "bom-ref": "log4j-core",
                "group": "org.apache.logging.log4j",
                "name": "log4j-core",
                "version": "2.14.1",
                "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
            },
            {
                "type": "library",
                "bom-ref": "pkg:pypi/requests@2.30.0",
                "name": "requests",
                "version": "2.30.0",
                "purl": "pkg:pypi/requests@2.30.0"
            },
            {
                "type": "library",
                "bom-ref": "idna",
                "name": "idna",
                "version": "3.7",
                "purl": "pkg:pypi/idna@3.7"
            },
            {
                "type": "firmware",
                "bom-ref": "bootloader",
                "name": "bootloader",
                "version": "1.0"
            }
        ]
    });
    if let Some(serial) = serial {
        sbom["serialNumber"] = json!(serial);
    }
    sbom
}

/// A database with the three advisories, and the SBOM, in a fresh directory.
fn setup(name: &str) -> PathBuf {
    let dir = temporary_dir(name);
    let osv = dir.join("osv");
    std::fs::create_dir_all(&osv).unwrap();
    for (file, text) in [
        ("GHSA-jfh8-c2jp-5v3q.json", LOG4SHELL),
        ("PYSEC-2023-74.json", REQUESTS_PYSEC),
        ("GHSA-j8r2-6x86-q33q.json", REQUESTS_GHSA),
    ] {
        std::fs::write(osv.join(file), text).unwrap();
    }
    let write = |file: &str, value: &Value| {
        std::fs::write(dir.join(file), serde_json::to_string_pretty(value).unwrap()).unwrap();
    };
    write("pump.cdx.json", &sbom(Some(SERIAL)));
    write("plain.cdx.json", &sbom(None));
    std::fs::write(dir.join("kev.json"), KEV).unwrap();
    std::fs::write(dir.join("epss.csv"), EPSS).unwrap();
    for (kind, path) in [("osv", "osv"), ("kev", "kev.json"), ("epss", "epss.csv")] {
        let (code, _, stderr) = run_in(&dir, &["db", "import", kind, path, "--db", "db"]);
        assert_eq!(code, 0, "import {kind}: {stderr}");
    }
    dir
}

/// Runs `tplc` in a directory (so the SBOM paths it prints are relative).
fn run_in(dir: &Path, arguments: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tplc"))
        .args(arguments)
        .current_dir(dir)
        .env("LANG", "C")
        .output()
        .expect("the tplc binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// `tplc scan SBOMS --db db --format FORMAT`, parsed.
fn scan(dir: &Path, sboms: &[&str], format: &str) -> Value {
    let mut arguments = vec!["scan"];
    arguments.extend_from_slice(sboms);
    arguments.extend_from_slice(&["--db", "db", "--format", format]);
    let (code, stdout, stderr) = run_in(dir, &arguments);
    assert_eq!(code, 0, "scan --format {format}: {stderr}");
    serde_json::from_str(&stdout)
        .unwrap_or_else(|error| panic!("{format} is JSON: {error}\n{stdout}"))
}

/// Replaces the fields that change from run to run (and release to release) by placeholders.
fn normalised(mut value: Value) -> Value {
    let mut set = |pointer: &str, placeholder: &str| {
        if let Some(field) = value.pointer_mut(pointer) {
            assert!(field.is_string(), "{pointer} is a string");
            *field = json!(placeholder);
        }
    };
    set("/runs/0/tool/driver/version", "<version>");
    set("/runs/0/tool/driver/semanticVersion", "<version>");
    set("/serialNumber", "<serialNumber>");
    set("/metadata/timestamp", "<timestamp>");
    set("/metadata/tools/components/0/version", "<version>");
    value
}

/// Compares with `tests/golden/scan/<name>`, or rewrites it when `TPLC_UPDATE_GOLDEN=1`.
fn assert_golden(name: &str, actual: &Value) {
    let path = repository()
        .join("crates/tplc/tests/golden/scan")
        .join(name);
    let actual = normalised(actual.clone());
    let text = format!("{}\n", serde_json::to_string_pretty(&actual).unwrap());
    if std::env::var_os("TPLC_UPDATE_GOLDEN").is_some_and(|value| value == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "{}: {error} (TPLC_UPDATE_GOLDEN=1 writes it)",
            path.display()
        )
    });
    let expected: Value = serde_json::from_str(&expected).unwrap();
    assert!(
        expected == actual,
        "{} differs (TPLC_UPDATE_GOLDEN=1 rewrites it); now:\n{text}",
        path.display()
    );
}

fn load(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// The official CycloneDX 1.6 validator, `spdx.schema.json` and `jsf-0.82.schema.json` local.
fn cyclonedx_validator() -> Option<Validator> {
    let dir = tplc_test::testdata("cyclonedx-spec/schema")?;
    let mut options = jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true);
    for file in ["spdx.schema.json", "jsf-0.82.schema.json"] {
        let resource = Resource::from_contents(load(&dir.join(file))).unwrap();
        options = options.with_resource(format!("http://cyclonedx.org/schema/{file}"), resource);
    }
    Some(
        options
            .build(&load(&dir.join("bom-1.6.schema.json")))
            .unwrap(),
    )
}

/// The SARIF 2.1.0 (rtm.5, draft-04) validator, when the schema is at hand.
fn sarif_validator() -> Option<Validator> {
    let path = std::env::var_os("TPLC_SARIF_SCHEMA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repository().join("target/sarif-schema/sarif-2.1.0-rtm.5.json"));
    if !path.is_file() {
        println!(
            "skipped: SARIF 2.1.0 schema not present ({}; `npm pack @microsoft/jest-sarif` ships it as lib/schemas/sarif-2.1.0-rtm.5.json); structural checks only",
            path.display()
        );
        return None;
    }
    Some(
        jsonschema::options()
            .with_draft(Draft::Draft4)
            .should_validate_formats(true)
            .build(&load(&path))
            .unwrap(),
    )
}

fn schema_errors(validator: &Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .take(5)
        .map(|error| format!("{error} (at {})", error.instance_path))
        .collect()
}

/// What SARIF 2.1.0 requires of a log, checked without its schema.
fn assert_sarif_structure(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "tplc");
    assert!(driver["version"].is_string() && driver["informationUri"].is_string());
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|rule| rule["id"].as_str().expect("rule id"))
        .collect();
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        ids.len(),
        "one rule per advisory: {ids:?}"
    );
    for rule in rules {
        assert!(rule["shortDescription"]["text"].is_string(), "{rule}");
        assert!(
            rule["helpUri"]
                .as_str()
                .is_some_and(|uri| uri.starts_with("https://")),
            "{rule}"
        );
        if let Some(score) = rule["properties"].get("security-severity") {
            let score: f64 = score.as_str().expect("a string").parse().expect("a number");
            assert!((0.0..=10.0).contains(&score));
        }
    }
    for result in runs[0]["results"].as_array().expect("results") {
        let rule = result["ruleId"].as_str().expect("ruleId");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids.get(index), Some(&rule), "ruleIndex points at ruleId");
        assert!(
            ["none", "note", "warning", "error"]
                .contains(&result["level"].as_str().expect("level")),
            "{result}"
        );
        assert!(
            result["message"]["text"]
                .as_str()
                .is_some_and(|text| !text.is_empty())
        );
        let location = &result["locations"][0];
        assert!(location["physicalLocation"]["artifactLocation"]["uri"].is_string());
        assert!(location["logicalLocations"][0]["fullyQualifiedName"].is_string());
        assert!(
            result["partialFingerprints"]
                .as_object()
                .is_some_and(|prints| !prints.is_empty())
        );
    }
    let invocation = &runs[0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    for notification in invocation["toolExecutionNotifications"]
        .as_array()
        .expect("notifications")
    {
        assert!(notification["message"]["text"].is_string());
    }
}

#[test]
fn sarif_matches_the_golden_file_and_sarif_2_1_0() {
    let dir = setup("scan-sarif");
    let log = scan(&dir, &["pump.cdx.json"], "sarif");
    assert_sarif_structure(&log);
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    let found: Vec<(&str, &str)> = results
        .iter()
        .map(|result| {
            (
                result["ruleId"].as_str().unwrap(),
                result["level"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("GHSA-jfh8-c2jp-5v3q", "error"),
            ("GHSA-j8r2-6x86-q33q", "warning")
        ]
    );
    assert_eq!(
        run["tool"]["driver"]["rules"][0]["properties"]["security-severity"],
        "10.0"
    );
    assert_eq!(
        run["tool"]["driver"]["rules"][1]["properties"]["security-severity"],
        "6.1"
    );
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "pump.cdx.json"
    );
    let notifications = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(notifications.len(), 1, "the bootloader: {notifications:?}");
    assert!(
        notifications[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("bootloader")
    );
    assert_eq!(notifications[0]["level"], "warning");
    if let Some(validator) = sarif_validator() {
        let errors = schema_errors(&validator, &log);
        assert!(errors.is_empty(), "SARIF schema: {errors:?}");
        let mut broken = log.clone();
        broken["runs"][0]["results"][0]["level"] = json!("critical");
        assert!(!validator.is_valid(&broken), "the schema checks levels");
    }
    assert_golden("pump.sarif.json", &log);
}

#[test]
fn cyclonedx_vex_matches_the_golden_file_and_the_1_6_schema() {
    let dir = setup("scan-vex");
    let vex = scan(&dir, &["pump.cdx.json"], "cyclonedx-vex");
    assert_eq!(vex["bomFormat"], "CycloneDX");
    assert_eq!(vex["specVersion"], "1.6");
    assert_ne!(
        vex["serialNumber"], SERIAL,
        "the VEX is a document of its own"
    );
    assert_eq!(vex["metadata"]["component"]["bom-ref"], "pump");
    let vulnerabilities = vex["vulnerabilities"].as_array().unwrap();
    let ids: Vec<&str> = vulnerabilities
        .iter()
        .map(|entry| entry["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["GHSA-jfh8-c2jp-5v3q", "GHSA-j8r2-6x86-q33q"]);
    let log4shell = &vulnerabilities[0];
    assert_eq!(
        log4shell["affects"],
        json!([{
            "ref": "urn:cdx:8c1a0f5e-3b7d-4c2a-9e61-5d0f4b7a2c93/1#log4j-core",
            "versions": [{"version": "2.14.1", "status": "affected"}]
        }])
    );
    assert_eq!(log4shell["ratings"][0]["method"], "CVSSv31");
    assert_eq!(log4shell["analysis"]["state"], "in_triage");
    assert_eq!(
        log4shell["recommendation"],
        "Upgrade log4j-core 2.14.1 to 2.15.0."
    );
    assert_eq!(
        log4shell["properties"],
        json!([
            {"name": "tplc:kev:dateAdded", "value": "2021-12-10"},
            {"name": "tplc:epss:score", "value": "0.944"},
            {"name": "tplc:epss:percentile", "value": "0.9999"}
        ])
    );
    let requests = &vulnerabilities[1];
    assert_eq!(
        requests["affects"][0]["ref"],
        "urn:cdx:8c1a0f5e-3b7d-4c2a-9e61-5d0f4b7a2c93/1#pkg%3Apypi%2Frequests%402.30.0"
    );
    let references: Vec<&str> = requests["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|reference| reference["id"].as_str().unwrap())
        .collect();
    assert_eq!(references, ["CVE-2023-32681", "PYSEC-2023-74"]);
    assert_golden("pump.vex.cdx.json", &vex);
    if let Some(validator) = cyclonedx_validator() {
        let errors = schema_errors(&validator, &vex);
        assert!(errors.is_empty(), "CycloneDX 1.6 schema: {errors:?}");
        let mut broken = vex.clone();
        broken["vulnerabilities"][0]["affects"][0]["ref"] = json!("urn:cdx:not-a-uuid/1#x");
        broken["vulnerabilities"][0]["analysis"]["state"] = json!("triaging");
        assert!(
            !validator.is_valid(&broken),
            "the schema checks the analysis state"
        );
    }
}

#[test]
fn one_vulnerability_affects_the_components_of_several_sboms() {
    let dir = setup("scan-vex-two");
    let vex = scan(&dir, &["pump.cdx.json", "plain.cdx.json"], "cyclonedx-vex");
    assert!(
        vex["metadata"].get("component").is_none(),
        "two SBOMs, no single subject"
    );
    let vulnerabilities = vex["vulnerabilities"].as_array().unwrap();
    assert_eq!(vulnerabilities.len(), 2);
    let refs: Vec<&str> = vulnerabilities[0]["affects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|affect| affect["ref"].as_str().unwrap())
        .collect();
    // The SBOM without a serial number is referred to by purl.
    assert_eq!(
        refs,
        [
            "urn:cdx:8c1a0f5e-3b7d-4c2a-9e61-5d0f4b7a2c93/1#log4j-core",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
        ]
    );
    if let Some(validator) = cyclonedx_validator() {
        let errors = schema_errors(&validator, &vex);
        assert!(errors.is_empty(), "CycloneDX 1.6 schema: {errors:?}");
    }
    let log = scan(&dir, &["pump.cdx.json", "plain.cdx.json"], "sarif");
    assert_sarif_structure(&log);
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 2);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let print = |result: &Value| result["partialFingerprints"].clone();
    assert_eq!(
        print(&results[0]),
        print(&results[2]),
        "same purl and advisory in both SBOMs"
    );
    assert_ne!(print(&results[0]), print(&results[1]));
    assert_eq!(
        results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "plain.cdx.json"
    );
}
