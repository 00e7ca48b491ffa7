//! The real records and GHSA conversions of `../shared/testdata/osv-schema` parse, with the
//! values they hold.

use std::path::{Path, PathBuf};

use tplc_advisory::{Advisory, EventKind, RangeKind, SeverityKind, parse_osv};

use crate::schema::is_osv_record;

fn tools() -> Option<PathBuf> {
    tplc_test::testdata("osv-schema/tools")
}

fn parse(path: &Path) -> Advisory {
    let bytes = std::fs::read(path).unwrap();
    parse_osv(&bytes, &path.display().to_string()).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn every_osv_record_of_the_schema_repository_parses() {
    let Some(dir) = tools() else {
        return;
    };
    let files = tplc_test::files_under(&dir, |name| name.ends_with(".json"));
    let records: Vec<_> = files.iter().filter(|path| is_osv_record(path)).collect();
    assert_eq!(records.len(), 25);
    for path in records {
        let advisory = parse(path);
        assert!(!advisory.id.is_empty(), "{}", path.display());
    }
}

#[test]
fn ghsa_api_inputs_are_not_osv() {
    let Some(dir) = tools() else {
        return;
    };
    let inputs = tplc_test::files_under(&dir.join("ghsa/testdata"), |name| {
        name.ends_with(".json") && !name.ends_with(".osv.json")
    });
    assert_eq!(inputs.len(), 11);
    for path in inputs {
        let bytes = std::fs::read(&path).unwrap();
        // GitHub's API format: `ghsaId`, references without `type`, no `id`.
        let error = parse_osv(&bytes, "input.json").unwrap_err();
        assert!(
            error.location.starts_with("input.json"),
            "{}",
            path.display()
        );
        assert!(error.message.contains("missing field"), "{error}");
    }
}

#[test]
fn ghsa_conversions_hold_their_ranges() {
    let Some(dir) = tools() else {
        return;
    };
    let ghsa = dir.join("ghsa/testdata");
    let withdrawn = parse(&ghsa.join("withdrawn.osv.json"));
    assert_eq!(withdrawn.id, "GHSA-35c4-f3rq-f9g3");
    assert_eq!(withdrawn.withdrawn.as_deref(), Some("2018-10-11T17:29:49Z"));
    assert_eq!(withdrawn.aliases, ["CVE-2015-3227"]);
    let events = &withdrawn.affected[0].ranges[0].events;
    assert_eq!(events.len(), 6);
    assert_eq!(
        (events[4].kind, events[4].version.as_str()),
        (EventKind::Introduced, "4.0.0")
    );
    assert_eq!(
        (events[5].kind, events[5].version.as_str()),
        (EventKind::Fixed, "4.1.11")
    );

    let equals = parse(&ghsa.join("equals_no_patch.osv.json"));
    assert_eq!(equals.affected[0].ecosystem, "RubyGems");
    assert!(equals.affected[0].ranges.is_empty());
    assert_eq!(equals.affected[0].versions, ["1.1.6"]);
    let specific = equals.affected[0].database_specific.as_deref().unwrap();
    assert!(specific.starts_with(r#"{"ghsa":"https://github.com/advisories/GHSA-4g4c-8gqh-m4vm","cwes":[{"cweId":"CWE-829""#), "{specific}");

    // `<= 1.2.3` with a patched version becomes `fixed` at the patch.
    let less = parse(&ghsa.join("less_than_equals_with_patch.osv.json"));
    let kinds: Vec<_> = less.affected[0].ranges[0]
        .events
        .iter()
        .map(|event| event.kind)
        .collect();
    assert_eq!(kinds, [EventKind::Introduced, EventKind::Fixed]);
}

#[test]
fn linter_examples_hold_their_values() {
    let Some(dir) = tools() else {
        return;
    };
    let linter = dir.join("osv-linter/testdata");
    let requests = parse(&linter.join("PYSEC-2023-74.json"));
    let affected = &requests.affected[0];
    assert_eq!(affected.purl.as_deref(), Some("pkg:pypi/requests"));
    assert_eq!(affected.ranges[0].kind, RangeKind::Git);
    assert_eq!(
        affected.ranges[0].repo.as_deref(),
        Some("https://github.com/psf/requests")
    );
    assert_eq!(affected.ranges[1].kind, RangeKind::Ecosystem);
    assert_eq!(affected.ranges[1].events[1].version, "2.31.0");
    assert!(affected.versions.contains(&"2.10.0".to_owned()));

    let empty = parse(&linter.join("SUSE-FU-2022_0444-1.json"));
    assert_eq!(empty.id, "SUSE-FU-2022:0444-1");
    assert!(empty.affected.is_empty());
    assert!(
        parse(&linter.join("RHSA-2022_0216.json"))
            .affected
            .is_empty()
    );

    let redhat = parse(&dir.join("redhat/testdata/OSV/RHSA-2024_4546.json"));
    assert_eq!(redhat.affected.len(), 9);
    assert_eq!(
        redhat.affected[0].ecosystem,
        "Red Hat:rhel_aus:8.6::appstream"
    );
    assert_eq!(
        redhat.affected[0].ranges[0].events[1].version,
        "0:2.13.3-3.el8_6.1"
    );
    assert_eq!(redhat.severity[0].kind, SeverityKind::CvssV3);
    assert_eq!(
        redhat.severity[0].score,
        "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H"
    );
}
