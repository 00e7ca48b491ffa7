//! Property tests: the parser and the archive readers never panic.

use proptest::prelude::*;
use tplc_advisory::parse_osv;

use crate::support::{Store, read, record, write_tar_gz, write_zip};

/// A valid record with many kinds of values to mutate.
const VALID: &str = r#"{"schema_version":"1.6.0","id":"GHSA-abcd-efgh-ijkl","modified":"2024-01-01T00:00:00Z",
 "published":"2023-01-01T00:00:00Z","withdrawn":null,"aliases":["CVE-2024-1"],"related":[],
 "summary":"s","details":"d\n\"q\"","severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N"}],
 "affected":[{"package":{"ecosystem":"npm","name":"x","purl":"pkg:npm/x"},
   "severity":[{"type":"Ubuntu","score":"low"}],
   "ranges":[{"type":"SEMVER","repo":"r","events":[{"introduced":"0"},{"fixed":"1.0.0"},{"last_affected":"0.9"},{"limit":"*"}]}],
   "versions":["0.1"],"ecosystem_specific":{"a":[1,{"b":null}]},"database_specific":{"c":"d"}}],
 "references":[{"type":"WEB","url":"https://example.com"}],
 "database_specific":{"cwe_ids":["CWE-1"]}}"#;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_osv(&bytes, "f");
    }

    #[test]
    fn mutated_records_never_panic(
        edits in proptest::collection::vec((0..VALID.len(), any::<u8>()), 1..8),
        cut in 0..=VALID.len(),
    ) {
        let mut bytes = VALID.as_bytes().to_vec();
        for (position, byte) in edits {
            bytes[position] = byte;
        }
        match parse_osv(&bytes, "f") {
            Ok(advisory) => prop_assert!(!advisory.id.trim().is_empty()),
            Err(error) => {
                prop_assert!(error.location.starts_with('f'));
                prop_assert!(!error.message.is_empty());
            }
        }
        bytes.truncate(cut);
        let _ = parse_osv(&bytes, "f");
    }

    #[test]
    fn swapped_values_are_errors_or_advisories(
        key in prop::sample::select(vec!["id", "aliases", "summary", "affected", "severity", "references", "database_specific", "modified"]),
        value in prop::sample::select(vec!["0", "true", "null", "[]", "{}", "\"x\"", "[1]", "[{}]", "[null]", "1.5e400"]),
    ) {
        let json = format!(r#"{{"id":"X-1","{key}":{value}}}"#);
        let json = if key == "id" { format!(r#"{{"id":{value}}}"#) } else { json };
        match parse_osv(json.as_bytes(), "f") {
            Ok(advisory) => prop_assert!(!advisory.id.is_empty()),
            Err(error) => prop_assert!(error.location.starts_with('f')),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn mutated_archives_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in any::<prop::sample::Index>(),
        tar in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let first = record("GHSA-1", "2024-01-01T00:00:00Z");
        let second = record("GHSA-2", "2024-01-01T00:00:00Z");
        let path = if tar {
            let path = dir.path().join("a.tar.gz");
            write_tar_gz(&path, &[("GHSA-1.json", &first), ("GHSA-2.json", &second)]);
            path
        } else {
            let path = dir.path().join("a.zip");
            write_zip(&path, &[("GHSA-1.json", &first, Store::Deflated), ("GHSA-2.json", &second, Store::Stored)]);
            path
        };
        let mut bytes = std::fs::read(&path).unwrap();
        for (position, byte) in edits {
            let position = position.index(bytes.len());
            bytes[position] = byte;
        }
        std::fs::write(&path, &bytes).unwrap();
        if let Ok(summary) = read(&path).0 {
            prop_assert!(summary.read + summary.failed <= 2 + summary.failed);
            prop_assert!(summary.read <= 2);
        }
        let cut = cut.index(bytes.len() + 1);
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let _ = read(&path);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn arbitrary_modified_id_csv_never_panics(
        lines in proptest::collection::vec(
            prop_oneof![
                "[ -~]{0,40}",
                "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,9})?(Z|[+-][01][0-9]:[0-5][0-9]),[A-Z./-]{0,12}",
                Just("2024-01-01T00:00:00Z,GHSA-1".to_owned()),
            ],
            0..12,
        ),
        since in prop::option::of("20[0-9]{2}-0[1-9]-1[0-9]T00:00:00Z"),
    ) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("GHSA-1.json"), record("GHSA-1", "2024-01-01T00:00:00Z")).unwrap();
        std::fs::write(dir.path().join("modified_id.csv"), lines.join("\n")).unwrap();
        let mut visited = 0;
        let mut visit = |_: Result<tplc_advisory::Advisory, tplc_advisory::RecordError>| visited += 1;
        let summary = tplc_advisory::read_osv_incremental(dir.path(), since.as_deref(), &mut visit).unwrap();
        prop_assert_eq!(summary.records.read + summary.records.failed, visited);
        prop_assert!(summary.listed <= lines.len());
    }
}
