//! The database on disk: imports, idempotence, updates, enrichment, CPE matching, the
//! incremental entry point.

use std::fs;
use std::path::{Path, PathBuf};

use tplc_vulndb::{
    ComponentIndex, ComponentInput, Database, DbError, Level, SourceKind, StoredComponent, import,
    scan,
};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

fn osv(
    id: &str,
    modified: &str,
    aliases: &[&str],
    ecosystem: &str,
    name: &str,
    fixed: &str,
) -> String {
    serde_json::json!({
        "schema_version": "1.6.0",
        "id": id,
        "modified": modified,
        "published": "2021-12-10T00:00:00Z",
        "aliases": aliases,
        "summary": format!("{id} summary"),
        "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"}],
        "affected": [{
            "package": {"ecosystem": ecosystem, "name": name},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}]
        }]
    })
    .to_string()
}

fn component(purl: &str) -> ComponentInput {
    ComponentInput {
        name: purl.to_owned(),
        purl: Some(purl.to_owned()),
        ..ComponentInput::default()
    }
}

fn nothing(_: tplc_vulndb::store::Progress<'_>) {}

#[test]
fn importing_the_same_data_twice_changes_nothing() {
    let temp = tempfile::tempdir().unwrap();
    let sources = temp.path().join("osv");
    fs::create_dir(&sources).unwrap();
    write(
        &sources,
        "PYSEC-1.json",
        &osv(
            "PYSEC-1",
            "2024-01-01T00:00:00Z",
            &["CVE-2024-1"],
            "PyPI",
            "demo",
            "2.0",
        ),
    );
    let db = temp.path().join("db");
    let first = import(
        &db,
        SourceKind::Osv,
        std::slice::from_ref(&sources),
        &mut nothing,
    )
    .unwrap();
    assert!(first.changed);
    assert_eq!((first.read, first.added, first.total), (1, 1, 1));
    let file = db.join(tplc_vulndb::store::FILE_NAME);
    let bytes = fs::read(&file).unwrap();
    let modified = fs::metadata(&file).unwrap().modified().unwrap();
    let second = import(&db, SourceKind::Osv, &[sources], &mut nothing).unwrap();
    assert!(!second.changed, "{second:?}");
    assert_eq!((second.read, second.added, second.updated), (1, 0, 0));
    assert_eq!(fs::read(&file).unwrap(), bytes);
    assert_eq!(fs::metadata(&file).unwrap().modified().unwrap(), modified);
}

#[test]
fn newer_records_replace_older_ones_and_older_ones_are_kept_out() {
    let temp = tempfile::tempdir().unwrap();
    let db = temp.path().join("db");
    let v1 = write(
        temp.path(),
        "v1.json",
        &osv(
            "PYSEC-1",
            "2024-01-01T00:00:00Z",
            &[],
            "PyPI",
            "demo",
            "2.0",
        ),
    );
    let v2 = write(
        temp.path(),
        "v2.json",
        &osv(
            "PYSEC-1",
            "2024-06-01T00:00:00Z",
            &[],
            "PyPI",
            "demo",
            "3.0",
        ),
    );
    import(
        &db,
        SourceKind::Osv,
        std::slice::from_ref(&v1),
        &mut nothing,
    )
    .unwrap();
    let report = import(&db, SourceKind::Osv, &[v2], &mut nothing).unwrap();
    assert_eq!((report.updated, report.total), (1, 1));
    let report = import(&db, SourceKind::Osv, &[v1], &mut nothing).unwrap();
    assert_eq!((report.kept_newer, report.changed), (1, false));
    let database = Database::open(&db).unwrap();
    let found = scan(&database, &[component("pkg:pypi/demo@2.5")]).unwrap();
    assert_eq!(found.findings.len(), 1, "fixed in 3.0 now");
    assert_eq!(found.findings[0].vulnerability.fixed_versions, ["3.0"]);
}

#[test]
fn aliases_merge_into_one_finding_and_withdrawn_records_never_match() {
    let temp = tempfile::tempdir().unwrap();
    let sources = temp.path().join("osv");
    fs::create_dir(&sources).unwrap();
    write(
        &sources,
        "a.json",
        &osv(
            "GHSA-aaaa-bbbb-cccc",
            "2024-01-01T00:00:00Z",
            &["CVE-2024-1"],
            "PyPI",
            "demo",
            "2.0",
        ),
    );
    write(
        &sources,
        "b.json",
        &osv(
            "PYSEC-2024-1",
            "2024-01-01T00:00:00Z",
            &["CVE-2024-1"],
            "PyPI",
            "demo",
            "2.0.1",
        ),
    );
    let mut withdrawn: serde_json::Value = serde_json::from_str(&osv(
        "PYSEC-2024-2",
        "2024-01-01T00:00:00Z",
        &[],
        "PyPI",
        "demo",
        "9.0",
    ))
    .unwrap();
    withdrawn["withdrawn"] = "2024-02-01T00:00:00Z".into();
    write(&sources, "c.json", &withdrawn.to_string());
    let db = temp.path().join("db");
    import(&db, SourceKind::Osv, &[sources], &mut nothing).unwrap();
    let database = Database::open(&db).unwrap();
    let report = scan(&database, &[component("pkg:pypi/Demo@1.0")]).unwrap();
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    let finding = &report.findings[0];
    assert_eq!(finding.vulnerability.advisory, "GHSA-aaaa-bbbb-cccc");
    assert_eq!(
        finding.vulnerability.aliases,
        ["CVE-2024-1", "PYSEC-2024-1"]
    );
    assert_eq!(
        finding.vulnerability.matched,
        ["GHSA-aaaa-bbbb-cccc", "PYSEC-2024-1"]
    );
    assert_eq!(finding.vulnerability.fixed_versions, ["2.0", "2.0.1"]);
    assert_eq!(finding.vulnerability.severity, Level::Critical);
    assert_eq!(finding.purl.as_deref(), Some("pkg:pypi/Demo@1.0"));
}

#[test]
fn excluded_and_unscannable_components_are_accounted_for() {
    let temp = tempfile::tempdir().unwrap();
    let record = write(
        temp.path(),
        "a.json",
        &osv(
            "PYSEC-1",
            "2024-01-01T00:00:00Z",
            &[],
            "PyPI",
            "demo",
            "2.0",
        ),
    );
    let crate_record = write(
        temp.path(),
        "b.json",
        &osv(
            "RUSTSEC-1",
            "2024-01-01T00:00:00Z",
            &[],
            "crates.io",
            "demo",
            "2.0.0",
        ),
    );
    let db = temp.path().join("db");
    import(&db, SourceKind::Osv, &[record, crate_record], &mut nothing).unwrap();
    let database = Database::open(&db).unwrap();
    let mut excluded = component("pkg:pypi/demo@1.0");
    excluded.excluded = true;
    let components = [
        excluded,
        ComponentInput {
            name: "firmware".into(),
            ..ComponentInput::default()
        },
        component("pkg:generic/thing@1.0"),
        component("pkg:deb/debian/openssl@3.0.0"),
        component("pkg:pypi/demo"),
        // PEP 440 orders any string (legacy versions, as `packaging` did); SemVer does not.
        component("pkg:cargo/demo@not*a*version"),
    ];
    let report = scan(&database, &components).unwrap();
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.excluded, 1);
    let reasons: Vec<&str> = report
        .unscannable
        .iter()
        .map(|entry| entry.reason.as_str())
        .collect();
    assert_eq!(reasons.len(), 5, "{reasons:?}");
    assert_eq!(reasons[0], "no purl or CPE");
    assert!(
        reasons[1].contains("\"generic\" has no vulnerability ecosystem"),
        "{reasons:?}"
    );
    assert!(reasons[2].contains("distro qualifier"), "{reasons:?}");
    assert_eq!(reasons[3], "no version");
    assert!(
        reasons[4].contains("not a valid semver version"),
        "{reasons:?}"
    );
}

const NVD: &str = r#"{"resultsPerPage":1,"startIndex":0,"totalResults":1,"format":"NVD_CVE","version":"2.0",
"timestamp":"2026-11-30T00:00:00.000","vulnerabilities":[{"cve":{"id":"CVE-2014-0160","sourceIdentifier":"secalert@redhat.com",
"published":"2014-04-07T22:55:03.893","lastModified":"2025-04-12T10:46:40.837","vulnStatus":"Modified",
"descriptions":[{"lang":"en","value":"The TLS and DTLS implementations in OpenSSL 1.0.1 before 1.0.1g do not properly handle Heartbeat Extension packets."}],
"metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1","vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N","baseScore":7.5,"baseSeverity":"HIGH"}}]},
"configurations":[{"nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*","versionStartIncluding":"1.0.1","versionEndExcluding":"1.0.1g","matchCriteriaId":"3A1E6F4E-4C4A-4D6B-9E8F-3C2A1B0D9E8F"}]}]},
 {"operator":"AND","nodes":[{"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:o:vendor:pump_firmware:*:*:*:*:*:*:*:*","versionEndExcluding":"2.0","matchCriteriaId":"00000000-0000-0000-0000-000000000001"}]},
   {"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":false,"criteria":"cpe:2.3:h:vendor:pump:-:*:*:*:*:*:*:*","matchCriteriaId":"00000000-0000-0000-0000-000000000002"}]}]}],
"references":[{"url":"https://www.openssl.org/news/secadv/20140407.txt","source":"secalert@redhat.com"}]}}]}"#;

const KEV: &str = r#"{"title":"CISA Catalog of Known Exploited Vulnerabilities","catalogVersion":"2026.11.30","dateReleased":"2026-11-30T15:00:00.000Z","count":1,
"vulnerabilities":[{"cveID":"CVE-2014-0160","vendorProject":"OpenSSL","product":"OpenSSL","vulnerabilityName":"OpenSSL Information Disclosure Vulnerability",
"dateAdded":"2022-05-04","shortDescription":"The TLS and DTLS implementations in OpenSSL do not properly handle Heartbeat Extension packets.",
"requiredAction":"Apply updates per vendor instructions.","dueDate":"2022-05-25","knownRansomwareCampaignUse":"Unknown","notes":"","cwes":["CWE-125"]}]}"#;

const EPSS: &str = "#model_version:v2025.03.14,score_date:2026-11-30T12:55:00Z\ncve,epss,percentile\nCVE-2014-0160,0.94420,0.99950\nCVE-2021-44228,0.94358,0.99940\n";

#[test]
fn nvd_cpe_matching_with_kev_and_epss() {
    let temp = tempfile::tempdir().unwrap();
    let db = temp.path().join("db");
    let nvd = write(temp.path(), "nvdcve-2.0-2014.json", NVD);
    let kev = write(temp.path(), "known_exploited_vulnerabilities.json", KEV);
    let epss = write(temp.path(), "epss_scores-2026-11-30.csv", EPSS);
    assert_eq!(
        import(&db, SourceKind::Nvd, &[nvd], &mut nothing)
            .unwrap()
            .added,
        1
    );
    assert_eq!(
        import(&db, SourceKind::Kev, &[kev], &mut nothing)
            .unwrap()
            .read,
        1
    );
    assert_eq!(
        import(&db, SourceKind::Epss, &[epss], &mut nothing)
            .unwrap()
            .read,
        2
    );
    let database = Database::open(&db).unwrap();
    let status = database.status();
    assert_eq!((status.advisories, status.kev, status.epss.0), (1, 1, 2));
    assert_eq!(
        status
            .sources
            .iter()
            .map(|source| source.kind.as_str())
            .collect::<Vec<_>>(),
        ["epss", "kev", "nvd"]
    );
    let cpe = |name: &str, cpe: &str, version: Option<&str>| ComponentInput {
        name: name.into(),
        cpe: Some(cpe.into()),
        version: version.map(Into::into),
        ..ComponentInput::default()
    };
    let components = [
        cpe(
            "openssl",
            "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*",
            None,
        ),
        cpe(
            "openssl (fixed)",
            "cpe:2.3:a:openssl:openssl:1.0.1g:*:*:*:*:*:*:*",
            None,
        ),
        cpe(
            "openssl (any)",
            "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*",
            Some("1.0.1c"),
        ),
        cpe(
            "pump firmware",
            "cpe:2.3:o:vendor:pump_firmware:1.5:*:*:*:*:*:*:*",
            None,
        ),
    ];
    let report = scan(&database, &components).unwrap();
    let hit: Vec<&str> = report
        .findings
        .iter()
        .map(|finding| finding.name.as_str())
        .collect();
    assert_eq!(
        hit,
        ["openssl", "openssl (any)"],
        "firmware only with the pump hardware present"
    );
    let finding = &report.findings[0];
    assert_eq!(finding.vulnerability.advisory, "CVE-2014-0160");
    assert_eq!(finding.vulnerability.severity, Level::High);
    assert_eq!(
        finding.vulnerability.kev.as_ref().unwrap().date_added,
        "2022-05-04"
    );
    assert!((finding.vulnerability.epss.unwrap().score - 0.9442).abs() < 1e-4);
    assert_eq!(finding.vulnerability.reasons[0].via, "cpe");
    let mut with_hardware = components.to_vec();
    with_hardware.push(cpe("pump", "cpe:2.3:h:vendor:pump:-:*:*:*:*:*:*:*", None));
    let report = scan(&database, &with_hardware).unwrap();
    assert!(
        report
            .findings
            .iter()
            .any(|finding| finding.name == "pump firmware")
    );
    assert!(
        report.findings.iter().all(|finding| finding.name != "pump"),
        "a platform is not vulnerable itself"
    );
}

#[test]
fn the_incremental_entry_point_finds_what_a_scan_finds() {
    let temp = tempfile::tempdir().unwrap();
    let db = temp.path().join("db");
    let record = osv(
        "GHSA-aaaa-bbbb-cccc",
        "2024-01-01T00:00:00Z",
        &[],
        "Debian:12",
        "openssl",
        "3.0.11-1~deb12u2",
    );
    let path = write(temp.path(), "a.json", &record);
    import(&db, SourceKind::Osv, &[path], &mut nothing).unwrap();
    let database = Database::open(&db).unwrap();
    let components = vec![
        component("pkg:deb/debian/libssl3@3.0.9-1?upstream=openssl&distro=debian-12"),
        component("pkg:deb/debian/openssl@3.0.11-1~deb12u2?distro=bookworm"),
        component("pkg:deb/debian/openssl@3.0.9-1?distro=debian-11"),
        component("pkg:deb/debian/openssl@3.0.9-1?distro=debian-12"),
    ];
    let scanned: Vec<usize> = scan(&database, &components)
        .unwrap()
        .findings
        .iter()
        .map(|f| f.component)
        .collect();
    assert_eq!(scanned, [0, 3]);
    let index =
        ComponentIndex::new(
            components
                .iter()
                .enumerate()
                .map(|(id, component)| StoredComponent {
                    id: id as u64 + 100,
                    sbom: 1,
                    component: component.clone(),
                }),
        );
    let advisory = tplc_advisory::parse_osv(record.as_bytes(), "a.json").unwrap();
    let hits: Vec<u64> = index
        .hits(&advisory)
        .iter()
        .map(|hit| hit.component)
        .collect();
    assert_eq!(hits, [100, 103]);
    assert_eq!(index.hits(&advisory)[0].reason.via, "source package");
    let mut withdrawn = advisory;
    withdrawn.withdrawn = Some("2024-02-01T00:00:00Z".into());
    assert!(index.hits(&withdrawn).is_empty());
}

#[test]
fn incremental_osv_directories_read_only_what_changed() {
    let temp = tempfile::tempdir().unwrap();
    let export = temp.path().join("PyPI");
    fs::create_dir(&export).unwrap();
    write(
        &export,
        "PYSEC-1.json",
        &osv("PYSEC-1", "2024-01-01T00:00:00Z", &[], "PyPI", "a", "2.0"),
    );
    write(
        &export,
        "PYSEC-2.json",
        &osv("PYSEC-2", "2024-02-01T00:00:00Z", &[], "PyPI", "b", "2.0"),
    );
    write(
        &export,
        "modified_id.csv",
        "2024-02-01T00:00:00Z,PYSEC-2\n2024-01-01T00:00:00Z,PYSEC-1\n",
    );
    let db = temp.path().join("db");
    assert_eq!(
        import(
            &db,
            SourceKind::Osv,
            std::slice::from_ref(&export),
            &mut nothing
        )
        .unwrap()
        .read,
        2
    );
    write(
        &export,
        "PYSEC-3.json",
        &osv("PYSEC-3", "2024-03-01T00:00:00Z", &[], "PyPI", "c", "2.0"),
    );
    write(
        &export,
        "modified_id.csv",
        "2024-03-01T00:00:00Z,PYSEC-3\n2024-02-01T00:00:00Z,PYSEC-2\n2024-01-01T00:00:00Z,PYSEC-1\n",
    );
    let report = import(
        &db,
        SourceKind::Osv,
        std::slice::from_ref(&export),
        &mut nothing,
    )
    .unwrap();
    assert_eq!((report.read, report.added, report.total), (1, 1, 3));
    let report = import(&db, SourceKind::Osv, &[export], &mut nothing).unwrap();
    assert_eq!((report.read, report.changed), (0, false));
}

#[test]
fn bad_sources_and_damaged_databases_are_reported() {
    let temp = tempfile::tempdir().unwrap();
    let db = temp.path().join("db");
    let good = write(
        temp.path(),
        "good.json",
        &osv("PYSEC-1", "2024-01-01T00:00:00Z", &[], "PyPI", "a", "2.0"),
    );
    let corrupt = write(
        temp.path(),
        "broken.zip",
        "PK\u{3}\u{4} this is not a zip archive",
    );
    let mut strange: serde_json::Value = serde_json::from_str(&osv(
        "X-1",
        "2024-01-01T00:00:00Z",
        &[],
        "NoSuchEcosystem",
        "a",
        "2.0",
    ))
    .unwrap();
    strange["affected"].as_array_mut().unwrap().push(serde_json::json!({
        "package": {"ecosystem": "PyPI", "name": "b"},
        "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "not a ~~ version"}]}]
    }));
    let strange = write(temp.path(), "strange.json", &strange.to_string());
    let report = import(
        &db,
        SourceKind::Osv,
        &[good, corrupt, strange],
        &mut nothing,
    )
    .unwrap();
    assert_eq!(report.failed_sources.len(), 1, "{report:?}");
    assert!(
        report.failed_sources[0].contains("broken.zip"),
        "{report:?}"
    );
    assert_eq!(report.total, 2, "the record with problems is kept");
    let messages: Vec<&str> = report
        .issues
        .iter()
        .map(|(message, _, _)| message.as_str())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown ecosystem \"NoSuchEcosystem\"")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("not a ~~ version")),
        "{messages:?}"
    );
    let only_bad = import(
        &db,
        SourceKind::Osv,
        &[temp.path().join("broken.zip")],
        &mut nothing,
    );
    assert!(matches!(only_bad, Err(DbError::Source(_))));
    fs::write(db.join(tplc_vulndb::store::FILE_NAME), b"TPLCVDB\0 damaged").unwrap();
    let error = Database::open(&db).unwrap_err().to_string();
    assert!(
        error.contains("not a usable vulnerability database"),
        "{error}"
    );
    let error = Database::open(&temp.path().join("none"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("tplc db import"), "{error}");
}
