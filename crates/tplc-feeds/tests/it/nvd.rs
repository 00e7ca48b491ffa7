use tplc_advisory::{Advisory, AdvisorySource, CpeMatch, Operator, Severity, SeverityKind};
use tplc_feeds::{FeedError, ReadSummary, read_nvd_json};

use crate::{fixture, fixture_bytes, gzip, messages};

fn read(
    bytes: &[u8],
    location: &str,
) -> (Result<ReadSummary, FeedError>, Vec<Advisory>, Vec<String>) {
    let (mut advisories, mut errors) = (Vec::new(), Vec::new());
    let result = read_nvd_json(
        bytes,
        location,
        |advisory| advisories.push(advisory),
        |error| errors.push(error),
    );
    (result, advisories, messages(&errors))
}

fn sample() -> Vec<Advisory> {
    let (result, advisories, errors) = read(
        &fixture_bytes("nvdcve-2.0-sample.json"),
        "nvdcve-2.0-sample.json",
    );
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 4,
            skipped: 0
        })
    );
    assert!(errors.is_empty(), "{errors:?}");
    advisories
}

#[test]
fn log4shell_reads_into_the_model() {
    let advisories = sample();
    let log4shell = &advisories[0];
    assert_eq!(log4shell.id, "CVE-2021-44228");
    assert_eq!(log4shell.source, Some(AdvisorySource::Nvd));
    assert_eq!(log4shell.summary, None);
    assert!(
        log4shell
            .details
            .as_deref()
            .is_some_and(|details| details.starts_with("Apache Log4j2 2.0-beta9 through 2.15.0"))
    );
    assert_eq!(
        log4shell.published.as_deref(),
        Some("2021-12-10T10:15:09.143Z")
    );
    assert_eq!(
        log4shell.modified.as_deref(),
        Some("2025-02-04T15:15:13.773Z")
    );
    assert_eq!(log4shell.withdrawn, None);
    assert_eq!(log4shell.cwes, ["CWE-20", "CWE-400", "CWE-502", "CWE-917"]);
    assert_eq!(
        log4shell.severity,
        [
            Severity {
                kind: SeverityKind::CvssV3,
                score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H".to_owned(),
                base_score: Some(10.0),
                rated_by: Some("nvd@nist.gov".to_owned()),
            },
            Severity {
                kind: SeverityKind::CvssV2,
                score: "AV:N/AC:M/Au:N/C:C/I:C/A:C".to_owned(),
                base_score: Some(9.3),
                rated_by: Some("nvd@nist.gov".to_owned()),
            },
        ]
    );
    let configuration = &log4shell.cpe_configurations[0];
    assert_eq!(
        (configuration.operator, configuration.negate),
        (Operator::Or, false)
    );
    let matches = &configuration.nodes[0].matches;
    assert_eq!(matches.len(), 4);
    assert_eq!(
        matches[1],
        CpeMatch {
            vulnerable: true,
            criteria: "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*".to_owned(),
            version_start_including: Some("2.4.0".to_owned()),
            version_end_excluding: Some("2.12.2".to_owned()),
            ..CpeMatch::default()
        }
    );
    assert_eq!(
        matches[3].criteria,
        "cpe:2.3:a:apache:log4j:2.0:beta9:*:*:*:*:*:*"
    );
    let kinds: Vec<(&str, &str)> = log4shell
        .references
        .iter()
        .map(|reference| (reference.kind.as_str(), reference.url.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "ADVISORY",
                "https://logging.apache.org/log4j/2.x/security.html"
            ),
            (
                "ADVISORY",
                "http://www.openwall.com/lists/oss-security/2021/12/10/1"
            ),
            ("ADVISORY", "https://www.kb.cert.org/vuls/id/930724"),
        ]
    );
}

#[test]
fn heartbleed_libwebp_and_a_rejected_record() {
    let advisories = sample();
    let heartbleed = &advisories[1];
    assert_eq!(heartbleed.id, "CVE-2014-0160");
    assert_eq!(heartbleed.cwes, ["CWE-125"]);
    let criteria: Vec<&str> = heartbleed.cpe_configurations[0].nodes[0]
        .matches
        .iter()
        .map(|entry| entry.criteria.as_str())
        .collect();
    assert_eq!(
        criteria,
        [
            "cpe:2.3:a:openssl:openssl:1.0.1:*:*:*:*:*:*:*",
            "cpe:2.3:a:openssl:openssl:1.0.1a:*:*:*:*:*:*:*",
            "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*"
        ]
    );
    assert_eq!(heartbleed.references[1].kind, "FIX");

    let libwebp = &advisories[2];
    assert_eq!(libwebp.id, "CVE-2023-4863");
    // The Primary (NVD) rating comes before the Secondary one of the same vector.
    let raters: Vec<Option<&str>> = libwebp
        .severity
        .iter()
        .map(|entry| entry.rated_by.as_deref())
        .collect();
    assert_eq!(
        raters,
        [
            Some("nvd@nist.gov"),
            Some("134c704f-9b21-4f2e-91b3-4a467353bcc0")
        ]
    );
    let webp = &libwebp.cpe_configurations[0].nodes[0].matches[1];
    assert_eq!(
        webp.criteria,
        "cpe:2.3:a:webmproject:libwebp:*:*:*:*:*:*:*:*"
    );
    assert_eq!(webp.version_start_including.as_deref(), Some("0.5.0"));
    assert_eq!(webp.version_end_excluding.as_deref(), Some("1.3.2"));

    let rejected = &advisories[3];
    assert_eq!(
        rejected.withdrawn.as_deref(),
        Some("2099-02-03T04:05:06.007Z")
    );
    assert!(rejected.severity.is_empty() && rejected.cpe_configurations.is_empty());
}

#[test]
fn gzip_feeds_read_the_same() {
    let plain = sample();
    let compressed = gzip(&fixture_bytes("nvdcve-2.0-sample.json"));
    let (result, advisories, errors) = read(&compressed, "nvdcve-2.0-sample.json.gz");
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 4,
            skipped: 0
        })
    );
    assert!(errors.is_empty());
    assert_eq!(advisories, plain);

    let directory = std::env::temp_dir().join(format!("tplc-feeds-nvd-{}", std::process::id()));
    std::fs::create_dir_all(&directory).expect("temp dir");
    let path = directory.join("nvdcve-2.0-2021.json.gz");
    std::fs::write(&path, &compressed).expect("write gz");
    let file = tplc_feeds::open(&path).expect("open gz");
    let mut count = 0;
    let summary = read_nvd_json(file, &path.display().to_string(), |_| count += 1, |_| {});
    assert_eq!(summary.ok().map(|summary| summary.read), Some(4));
    assert_eq!(count, 4);
    std::fs::remove_dir_all(&directory).ok();
}

#[test]
fn bad_records_are_reported_with_pointers_and_the_rest_is_read() {
    let (result, advisories, errors) = read(
        &fixture_bytes("nvd-bad-records.json"),
        "nvd-bad-records.json",
    );
    let summary = result.expect("the feed as a whole reads");
    assert_eq!(
        summary,
        ReadSummary {
            read: 2,
            skipped: 4
        }
    );
    assert_eq!(summary.to_string(), "2 read, 4 skipped");
    assert_eq!(
        errors,
        [
            "nvd-bad-records.json#/vulnerabilities/0/cve/id: missing required member \"id\"",
            "nvd-bad-records.json#/vulnerabilities/2/cve/published: expected a string, found a number",
            "nvd-bad-records.json#/vulnerabilities/3/cve/configurations/0/nodes/0/negate: expected a boolean, found a string",
            "nvd-bad-records.json#/vulnerabilities/4: expected an object, found a string",
        ]
    );
    let ids: Vec<&str> = advisories
        .iter()
        .map(|advisory| advisory.id.as_str())
        .collect();
    assert_eq!(ids, ["CVE-2021-44228", "CVE-2014-0160"]);
    assert_eq!(advisories[1].severity[0].base_score, Some(7.5));
}

#[test]
fn fatal_errors_name_the_place() {
    let not_json = read(b"<html>502 Bad Gateway</html>", "page.json").0;
    assert_eq!(
        not_json.err().map(|error| error.to_string()).as_deref(),
        Some("page.json: line 1, column 1: expected value")
    );
    let no_array = read(br#"{"format":"NVD_CVE","vulnerabilities":{}}"#, "page.json").0;
    assert_eq!(
        no_array.err().map(|error| error.to_string()).as_deref(),
        Some("page.json: line 1, column 39: invalid type: map, expected an array of records")
    );
    let truncated = read(
        br#"{"vulnerabilities":[{"cve":{"id":"CVE-2021-44228"}},{"cve":{"id":"#,
        "page.json",
    );
    assert!(matches!(truncated.0, Err(FeedError::Json { line: 1, .. })));
    assert_eq!(
        truncated.1.len(),
        1,
        "records before the break are delivered"
    );
    let other_format = read(
        br#"{"format":"MITRE_CVE","vulnerabilities":[]}"#,
        "page.json",
    )
    .0;
    assert_eq!(
        other_format.err().map(|error| error.to_string()).as_deref(),
        Some("page.json#/format: expected format \"NVD_CVE\", found \"MITRE_CVE\"")
    );
    let missing = tplc_feeds::open(&fixture("no-such-file.json")).err();
    assert!(matches!(missing, Some(FeedError::Io { .. })));
}

#[test]
fn and_configurations_keep_their_operator() {
    let page = br#"{"vulnerabilities":[{"cve":{"id":"CVE-2009-3555","configurations":[{"operator":"AND","nodes":[
        {"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":true,"criteria":"cpe:2.3:a:openssl:openssl:0.9.8k:*:*:*:*:*:*:*"}]},
        {"operator":"OR","negate":false,"cpeMatch":[{"vulnerable":false,"criteria":"cpe:2.3:o:debian:debian_linux:5.0:*:*:*:*:*:*:*"}]}]}]}}]}"#;
    let (result, advisories, _) = read(page, "page.json");
    assert_eq!(result.ok().map(|summary| summary.read), Some(1));
    let configuration = &advisories[0].cpe_configurations[0];
    assert_eq!(configuration.operator, Operator::And);
    assert_eq!(configuration.nodes.len(), 2);
    assert!(!configuration.nodes[1].matches[0].vulnerable);
}
