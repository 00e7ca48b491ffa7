use tplc_advisory::KevEntry;
use tplc_feeds::{ReadSummary, read_kev_json};

use crate::{fixture_bytes, gzip, messages};

#[test]
fn the_catalog_reads_into_entries() {
    for bytes in [
        fixture_bytes("known_exploited_vulnerabilities.json"),
        gzip(&fixture_bytes("known_exploited_vulnerabilities.json")),
    ] {
        let (mut entries, mut errors) = (Vec::new(), Vec::new());
        let summary = read_kev_json(
            &bytes[..],
            "kev.json",
            |entry| entries.push(entry),
            |error| errors.push(error),
        );
        assert_eq!(
            summary.ok(),
            Some(ReadSummary {
                read: 3,
                skipped: 1
            })
        );
        assert_eq!(
            messages(&errors),
            ["kev.json#/vulnerabilities/3/cveID: missing required member \"cveID\""]
        );
        assert_eq!(
            entries[0],
            KevEntry {
                cve_id: "CVE-2021-44228".to_owned(),
                vendor_project: "Apache".to_owned(),
                product: "Log4j2".to_owned(),
                vulnerability_name: "Apache Log4j2 Remote Code Execution Vulnerability".to_owned(),
                date_added: "2021-12-10".to_owned(),
                short_description: "Apache Log4j2 contains a vulnerability where JNDI features do not protect against attacker-controlled JNDI-related endpoints, allowing for remote code execution.".to_owned(),
                required_action: "For all affected software assets for which updates exist, the only acceptable remediation actions are: 1) Apply updates; OR 2) remove affected assets from agency networks.".to_owned(),
                due_date: "2021-12-24".to_owned(),
                known_ransomware_campaign_use: "Known".to_owned(),
                notes: "https://nvd.nist.gov/vuln/detail/CVE-2021-44228".to_owned(),
            }
        );
        let ids: Vec<&str> = entries.iter().map(|entry| entry.cve_id.as_str()).collect();
        assert_eq!(ids, ["CVE-2021-44228", "CVE-2014-0160", "CVE-2023-4863"]);
    }
}

#[test]
fn wrong_types_and_bad_ids_are_record_errors() {
    let catalog = br#"{"vulnerabilities":[{"cveID":"CVE-2021-44228","dueDate":20211224},{"cveID":"log4shell"},{"cveID":"CVE-2014-0160"}]}"#;
    let (mut entries, mut errors) = (Vec::new(), Vec::new());
    let summary = read_kev_json(
        &catalog[..],
        "kev.json",
        |entry| entries.push(entry),
        |error| errors.push(error),
    );
    assert_eq!(
        summary.ok(),
        Some(ReadSummary {
            read: 1,
            skipped: 2
        })
    );
    assert_eq!(
        messages(&errors),
        [
            "kev.json#/vulnerabilities/0/dueDate: expected a string, found a number",
            "kev.json#/vulnerabilities/1/cveID: \"log4shell\" is not a CVE id",
        ]
    );
    assert_eq!(entries[0].vendor_project, "");
    assert!(read_kev_json(&b"{\"title\":\"x\"}"[..], "kev.json", |_| {}, |_| {}).is_err());
}
