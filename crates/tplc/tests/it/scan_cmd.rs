//! `tplc db import`, `tplc db status` and `tplc scan` as a user runs them.

use std::path::Path;
use std::process::Command;

use crate::support::{assert_input_error, temporary_dir, tplc};

const LOG4J: &str = r#"{"schema_version":"1.4.0","id":"GHSA-jfh8-c2jp-5v3q","modified":"2024-03-15T12:00:00Z",
"published":"2021-12-10T00:00:00Z","aliases":["CVE-2021-44228"],"summary":"Remote code injection in Log4j",
"severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
"affected":[{"package":{"ecosystem":"Maven","name":"org.apache.logging.log4j:log4j-core"},
"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.13.0"},{"fixed":"2.15.0"}]},
{"type":"ECOSYSTEM","events":[{"introduced":"2.0-beta9"},{"fixed":"2.3.1"}]},
{"type":"ECOSYSTEM","events":[{"introduced":"2.4"},{"fixed":"2.12.2"}]}]}]}"#;

const URLLIB3: &str = r#"{"id":"PYSEC-2023-192","modified":"2023-10-10T00:00:00Z","published":"2023-10-02T23:15:00Z",
"aliases":["CVE-2023-43804","GHSA-v845-jxx5-vc9f"],"details":"urllib3 does not remove the Cookie header on cross-origin redirects.",
"affected":[{"package":{"ecosystem":"PyPI","name":"urllib3"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.26.17"},{"introduced":"2.0.0"},{"fixed":"2.0.6"}]}]}]}"#;

fn sbom(dir: &Path) -> String {
    let text = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79","version":1,
"metadata":{"timestamp":"2026-11-01T00:00:00Z","component":{"type":"device","name":"Infusion pump","version":"2.1","bom-ref":"pump"}},
"components":[
 {"type":"library","bom-ref":"log4j","name":"log4j-core","group":"org.apache.logging.log4j","version":"2.14.1","purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
 {"type":"library","bom-ref":"urllib3","name":"urllib3","version":"1.26.13","purl":"pkg:pypi/urllib3@1.26.13"},
 {"type":"library","bom-ref":"urllib3-test","name":"urllib3","version":"1.26.12","purl":"pkg:pypi/urllib3@1.26.12","scope":"excluded"},
 {"type":"firmware","bom-ref":"fw","name":"pump firmware","version":"2.1"}]}"#;
    let path = dir.join("pump.cdx.json");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn database(dir: &Path) -> String {
    let sources = dir.join("osv");
    std::fs::create_dir_all(&sources).unwrap();
    std::fs::write(sources.join("GHSA-jfh8-c2jp-5v3q.json"), LOG4J).unwrap();
    std::fs::write(sources.join("PYSEC-2023-192.json"), URLLIB3).unwrap();
    let db = dir.join("db").display().to_string();
    let run = tplc(&[
        "db",
        "import",
        "osv",
        &sources.display().to_string(),
        "--db",
        &db,
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("2 read, 0 skipped, 2 added"),
        "{}",
        run.stdout
    );
    db
}

#[test]
fn scan_json_lists_findings_most_severe_first() {
    let dir = temporary_dir("scan-json");
    let db = database(&dir);
    let sbom = sbom(&dir);
    let run = tplc(&["scan", &sbom, "--db", &db, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let findings = value["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 2, "{value:#}");
    assert_eq!(findings[0]["advisory"], "GHSA-jfh8-c2jp-5v3q");
    assert_eq!(
        findings[0]["aliases"],
        serde_json::json!(["CVE-2021-44228"])
    );
    assert_eq!(
        findings[0]["purl"],
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
    );
    assert_eq!(findings[0]["version"], "2.14.1");
    assert_eq!(findings[0]["severity"], "critical");
    assert_eq!(findings[0]["fixed_versions"], serde_json::json!(["2.15.0"]));
    assert_eq!(findings[1]["advisory"], "PYSEC-2023-192");
    assert_eq!(findings[1]["severity"], "unknown");
    assert_eq!(
        findings[1]["fixed_versions"],
        serde_json::json!(["1.26.17", "2.0.6"])
    );
    assert_eq!(value["unscannable"][0]["component"], "pump firmware");
    assert_eq!(value["unscannable"][0]["reason"], "no purl or CPE");
    assert_eq!(value["sboms"][0]["excluded"], 1);
}

#[test]
fn fail_on_sets_the_exit_status_and_the_table_shows_kev_and_epss_columns() {
    let dir = temporary_dir("scan-fail-on");
    let db = database(&dir);
    let sbom = sbom(&dir);
    let run = tplc(&["scan", &sbom, "--db", &db, "--fail-on", "critical"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("SEVERITY  ADVISORY"), "{}", run.stdout);
    assert!(
        run.stdout.contains("KEV") && run.stdout.contains("EPSS"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("CRITICAL  GHSA-jfh8-c2jp-5v3q"),
        "{}",
        run.stdout
    );
    let run = tplc(&["scan", &sbom, "--db", &db]);
    assert_eq!(run.code, 0);
}

#[test]
fn status_reports_sources_and_ecosystems() {
    let dir = temporary_dir("db-status");
    let db = database(&dir);
    let run = tplc(&["db", "status", "--db", &db, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["advisories"], 2);
    assert_eq!(value["sources"][0]["kind"], "osv");
    assert_eq!(value["sources"][0]["records"], 2);
    let ecosystems: Vec<&str> = value["ecosystems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["ecosystem"].as_str().unwrap())
        .collect();
    assert_eq!(ecosystems, ["Maven", "PyPI"]);
    let run = tplc(&["db", "status", "--db", &db]);
    assert!(run.stdout.contains("last import"), "{}", run.stdout);
}

#[test]
fn errors_are_one_line_with_exit_status_2() {
    let dir = temporary_dir("scan-errors");
    let empty = dir.join("empty").display().to_string();
    let sbom = sbom(&dir);
    assert_input_error(
        &tplc(&["scan", &sbom, "--db", &empty]),
        "no vulnerability database",
    );
    assert_input_error(
        &tplc(&["db", "status", "--db", &empty]),
        "no vulnerability database",
    );
    let zip = dir.join("broken.zip");
    std::fs::write(&zip, b"PK\x03\x04 not really a zip").unwrap();
    assert_input_error(
        &tplc(&[
            "db",
            "import",
            "osv",
            &zip.display().to_string(),
            "--db",
            &empty,
        ]),
        "broken.zip",
    );
    let db = database(&dir);
    let garbage = dir.join("garbage.json");
    std::fs::write(&garbage, "{ not json").unwrap();
    assert_input_error(
        &tplc(&["scan", &garbage.display().to_string(), "--db", &db]),
        "garbage.json",
    );
    // One good source and one bad: the good one is imported, exit 1, the bad one named.
    let run = tplc(&[
        "db",
        "import",
        "osv",
        &zip.display().to_string(),
        &dir.join("osv").display().to_string(),
        "--db",
        &db,
    ]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("error: ") && run.stderr.contains("broken.zip"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("2 read"), "{}", run.stdout);
}

#[test]
fn an_interrupted_import_leaves_the_previous_database_usable() {
    let Some(osv) = tplc_test::data("osv") else {
        return;
    };
    let dir = temporary_dir("db-kill");
    let db = database(&dir);
    let sbom = sbom(&dir);
    let before = tplc(&["scan", &sbom, "--db", &db, "--format", "json"]).stdout;
    let zips: Vec<String> = tplc_test::files_under(&osv, |name| name.ends_with("all.zip"))
        .iter()
        .filter(|path| {
            !path
                .components()
                .any(|part| part.as_os_str() == "malicious")
        })
        .map(|path| path.display().to_string())
        .collect();
    // How long a whole import takes here, into a scratch copy of the database (which then
    // holds what a completed import gives); then kill imports into
    // the real one at points spread over that time, the last ones while it writes.
    let scratch = dir.join("scratch").display().to_string();
    std::fs::create_dir_all(&scratch).unwrap();
    std::fs::copy(
        Path::new(&db).join("vulndb.bin"),
        Path::new(&scratch).join("vulndb.bin"),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let full = Command::new(env!("CARGO_BIN_EXE_tplc"))
        .args(["db", "import", "osv"])
        .args(&zips)
        .args(["--db", &scratch])
        .output()
        .unwrap();
    assert!(full.status.success());
    let whole = started.elapsed();
    for fraction in [0.3, 0.8, 0.9, 0.97] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tplc"))
            .args(["db", "import", "osv"])
            .args(&zips)
            .args(["--db", &db])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(whole.mul_f64(fraction));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok();
        child.wait().unwrap();
        if finished {
            break;
        }
        let after = tplc(&["scan", &sbom, "--db", &db, "--format", "json"]);
        assert_eq!(
            after.code, 0,
            "after a kill at {fraction} of {whole:?}: {}",
            after.stderr
        );
        let whole_import = tplc(&["scan", &sbom, "--db", &scratch, "--format", "json"]).stdout;
        assert!(
            after.stdout == before || after.stdout == whole_import,
            "after a kill at {fraction} of {whole:?}, the database is the previous one or the new one"
        );
    }
    // And a stale temporary file from a killed writer does not disturb the next import.
    std::fs::write(Path::new(&db).join("vulndb.bin.tmp-999999"), b"partial").unwrap();
    let run = tplc(&[
        "db",
        "import",
        "osv",
        &dir.join("osv").display().to_string(),
        "--db",
        &db,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn nvd_records_with_missing_fields_are_skipped_and_counted() {
    let dir = temporary_dir("nvd-bad");
    let feed = dir.join("nvdcve-2.0-2021.json");
    std::fs::write(
        &feed,
        r#"{"resultsPerPage":3,"startIndex":0,"totalResults":3,"format":"NVD_CVE","version":"2.0","timestamp":"2026-11-30T08:00:00.000",
"vulnerabilities":[
{"cve":{"sourceIdentifier":"security@apache.org","published":"2021-12-10T10:15:09.143","vulnStatus":"Analyzed"}},
{"cve":{"id":"CVE-2021-44228","published":"2021-12-10T10:15:09.143","lastModified":"2025-02-04T15:15:13.773","vulnStatus":"Analyzed",
  "descriptions":[{"lang":"en","value":"Apache Log4j2 JNDI features do not protect against attacker controlled LDAP and other JNDI related endpoints."}]}},
{"cve":{"id":"CVE-2014-0160","published":20140407,"vulnStatus":"Modified"}}]}"#,
    )
    .unwrap();
    let db = dir.join("db").display().to_string();
    let run = tplc(&[
        "db",
        "import",
        "nvd",
        &feed.display().to_string(),
        "--db",
        &db,
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("1 read, 2 skipped, 1 added"),
        "{}",
        run.stdout
    );
    let skipped: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.starts_with("skipped: "))
        .collect();
    assert_eq!(skipped.len(), 2, "{}", run.stderr);
    assert!(
        skipped[0].contains("nvdcve-2.0-2021.json#/vulnerabilities/0/cve"),
        "{}",
        skipped[0]
    );
    assert!(
        skipped[1].contains("#/vulnerabilities/2/cve/published"),
        "{}",
        skipped[1]
    );
}
