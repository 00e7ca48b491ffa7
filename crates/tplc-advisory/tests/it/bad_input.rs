//! Bad input: each fault is one clear error naming its location, and the rest is read.

use tplc_advisory::{ReadOptions, ReadSummary, SourceError};

use crate::support::{Store, read, read_with, record, write_tar_gz, write_zip, zip_data_range};

const MODIFIED: &str = "2024-01-01T00:00:00Z";

#[test]
fn garbage_and_truncated_zips_are_source_errors() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = dir.path().join("garbage.zip");
    std::fs::write(&garbage, b"this is not a zip archive at all, only text").unwrap();
    let (summary, visited) = read(&garbage);
    let error = summary.unwrap_err();
    assert!(matches!(error, SourceError::Archive { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with(&format!(
            "{}: not a readable zip archive",
            garbage.display()
        )),
        "{message}"
    );
    assert!(visited.advisories.is_empty() && visited.errors.is_empty());

    let good = dir.path().join("good.zip");
    let first = record("PYSEC-1", MODIFIED);
    let second = record("PYSEC-2", MODIFIED);
    write_zip(
        &good,
        &[
            ("PYSEC-1.json", &first, Store::Deflated),
            ("PYSEC-2.json", &second, Store::Deflated),
        ],
    );
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let error = read(&truncated).0.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("truncated.zip: not a readable zip archive"),
        "{error}"
    );

    let empty = dir.path().join("empty.zip");
    std::fs::write(&empty, b"").unwrap();
    assert!(matches!(read(&empty).0, Err(SourceError::Archive { .. })));

    let missing = dir.path().join("missing.zip");
    let error = read(&missing).0.unwrap_err();
    assert!(matches!(error, SourceError::Io { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with(&missing.display().to_string())
    );
}

#[test]
fn one_bad_entry_among_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.zip");
    let good = record("GHSA-good-0001-0001", MODIFIED);
    let crc = br#"{"id":"GHSA-crcx-0002-0002","summary":"MARKER"}"#.to_vec();
    let deflate: Vec<u8> = {
        let mut text = br#"{"id":"GHSA-defl-0003-0003","details":""#.to_vec();
        for line in 0..4000 {
            text.extend_from_slice(format!("line {line} of a long description; ").as_bytes());
        }
        text.extend_from_slice(b"\"}");
        text
    };
    let wrong_types = br#"{"id":"GHSA-type-0004-0004","aliases":"CVE-2024-1"}"#.to_vec();
    let not_json = b"{ this is not json".to_vec();
    let last = record("GHSA-last-0006-0006", MODIFIED);
    write_zip(
        &path,
        &[
            ("GHSA-good-0001-0001.json", &good, Store::Deflated),
            ("GHSA-crcx-0002-0002.json", &crc, Store::Stored),
            ("GHSA-defl-0003-0003.json", &deflate, Store::Deflated),
            ("GHSA-type-0004-0004.json", &wrong_types, Store::Deflated),
            ("nested/", b"", Store::Stored),
            ("README.txt", b"not a record", Store::Deflated),
            ("broken.json", &not_json, Store::Deflated),
            ("GHSA-last-0006-0006.json", &last, Store::Deflated),
        ],
    );
    let mut bytes = std::fs::read(&path).unwrap();
    // A changed byte in the stored entry: its CRC no longer matches.
    let marker = bytes
        .windows(6)
        .position(|window| window == b"MARKER")
        .unwrap();
    bytes[marker] = b'N';
    // Garbage in the middle of the deflated entry's stream.
    let range = zip_data_range(&path, 2);
    let middle = range.start + range.len() / 2;
    for byte in &mut bytes[middle..middle + 16] {
        *byte = 0xff;
    }
    std::fs::write(&path, &bytes).unwrap();

    let (summary, visited) = read(&path);
    let summary = summary.unwrap();
    assert_eq!(
        summary,
        ReadSummary {
            read: 2,
            failed: 4,
            skipped: 2
        }
    );
    let ids: Vec<_> = visited
        .advisories
        .iter()
        .map(|advisory| advisory.id.as_str())
        .collect();
    assert_eq!(ids, ["GHSA-good-0001-0001", "GHSA-last-0006-0006"]);
    let shown = path.display().to_string();
    let errors: Vec<String> = visited.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 4);
    assert!(
        errors[0].starts_with(&format!(
            "{shown}:GHSA-crcx-0002-0002.json: cannot read the record: "
        )),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("checksum"), "{}", errors[0]);
    assert!(
        errors[1].starts_with(&format!(
            "{shown}:GHSA-defl-0003-0003.json: cannot read the record: "
        )),
        "{}",
        errors[1]
    );
    assert_eq!(
        visited.errors[2].location,
        format!("{shown}:GHSA-type-0004-0004.json#/aliases")
    );
    assert!(
        visited.errors[2]
            .message
            .contains("invalid type: string \"CVE-2024-1\", expected a sequence"),
        "{}",
        errors[2]
    );
    assert_eq!(visited.errors[3].location, format!("{shown}:broken.json"));
    assert!(
        visited.errors[3].message.contains("line 1 column 3"),
        "{}",
        errors[3]
    );
    for error in &errors {
        assert!(!error.contains('\n'), "one line: {error}");
    }
    // Without read-ahead: the same records, errors and counts.
    let sequential = ReadOptions {
        read_ahead: false,
        ..ReadOptions::default()
    };
    let (same_summary, same) = read_with(&path, &sequential);
    assert_eq!(same_summary.unwrap(), summary);
    assert_eq!(same.advisories, visited.advisories);
    assert_eq!(same.errors, visited.errors);
}

#[test]
fn an_entry_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.zip");
    let mut huge = br#"{"id":"GHSA-huge-0001-0001","details":""#.to_vec();
    huge.resize(huge.len() + 17 * 1024 * 1024, b'a');
    huge.extend_from_slice(b"\"}");
    let small = record("GHSA-small-0002-0002", MODIFIED);
    write_zip(
        &path,
        &[
            ("GHSA-huge-0001-0001.json", &huge, Store::Deflated),
            ("GHSA-small-0002-0002.json", &small, Store::Deflated),
        ],
    );
    let (summary, visited) = read(&path);
    assert_eq!(
        summary.unwrap(),
        ReadSummary {
            read: 1,
            failed: 1,
            skipped: 0
        }
    );
    let error = &visited.errors[0];
    assert_eq!(
        error.location,
        format!("{}:GHSA-huge-0001-0001.json", path.display())
    );
    assert_eq!(
        error.message,
        format!(
            "the record is {} bytes, larger than the limit of 16777216 bytes",
            huge.len()
        )
    );
    // A lower limit applies to every kind of source.
    let options = ReadOptions {
        max_record_bytes: 100,
        ..ReadOptions::default()
    };
    let (summary, visited) = read_with(&path, &options);
    assert_eq!(
        summary.unwrap(),
        ReadSummary {
            read: 0,
            failed: 2,
            skipped: 0
        }
    );
    assert!(
        visited.errors[1]
            .message
            .contains("larger than the limit of 100 bytes")
    );
    let json = dir.path().join("GHSA-small-0002-0002.json");
    std::fs::write(&json, &small).unwrap();
    let (summary, visited) = read_with(&json, &options);
    assert_eq!(summary.unwrap().failed, 1);
    assert_eq!(visited.errors[0].location, json.display().to_string());
    let tar = dir.path().join("small.tar.gz");
    write_tar_gz(&tar, &[("GHSA-small-0002-0002.json", &small)]);
    let (summary, _) = read_with(&tar, &options);
    assert_eq!(
        summary.unwrap(),
        ReadSummary {
            read: 0,
            failed: 1,
            skipped: 0
        }
    );
}

#[test]
fn a_tar_gz_with_a_bad_member() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("osv.tar.gz");
    let first = record("GO-2024-0001", MODIFIED);
    let bad = br#"{"id":"GO-2024-0002","affected":[{"package":{"ecosystem":"Go","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":0}]}]}]}"#;
    let third = record("GO-2024-0003", MODIFIED);
    write_tar_gz(
        &path,
        &[
            ("osv/GO-2024-0001.json", &first),
            ("osv/GO-2024-0002.json", bad),
            ("osv/notes.md", b"# notes"),
            ("osv/GO-2024-0003.json", &third),
        ],
    );
    let (summary, visited) = read(&path);
    assert_eq!(
        summary.unwrap(),
        ReadSummary {
            read: 2,
            failed: 1,
            skipped: 1
        }
    );
    assert_eq!(
        visited.errors[0].location,
        format!(
            "{}:osv/GO-2024-0002.json#/affected/0/ranges/0/events/0/introduced",
            path.display()
        )
    );

    // Truncated: what comes before the cut is read, then one error, no panic.
    let bytes = std::fs::read(&path).unwrap();
    let truncated = dir.path().join("truncated.tar.gz");
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let (summary, visited) = read(&truncated);
    let summary = summary.unwrap();
    assert!(summary.failed >= 1, "{summary:?}");
    assert!(summary.read >= 1, "{summary:?}");
    assert!(
        visited
            .errors
            .iter()
            .all(|error| error.location.starts_with(&truncated.display().to_string()))
    );

    // Not gzip at all: the whole source fails.
    let garbage = dir.path().join("garbage.tgz");
    std::fs::write(&garbage, b"garbage, not gzip").unwrap();
    let error = read(&garbage).0.unwrap_err();
    assert!(
        error.to_string().starts_with(&format!(
            "{}: not a readable tar.gz archive",
            garbage.display()
        )),
        "{error}"
    );
}

#[test]
fn unknown_kinds_and_files_below_directories() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, b"plain text").unwrap();
    let error = read(&text).0.unwrap_err();
    assert!(
        matches!(error, SourceError::UnknownKind { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("not an OSV source"));

    // Content sniffing when the name has no known extension.
    let sniffed = dir.path().join("PYSEC-1");
    std::fs::write(&sniffed, record("PYSEC-1", MODIFIED)).unwrap();
    assert_eq!(read(&sniffed).0.unwrap().read, 1);

    let zip = dir.path().join("archive");
    write_zip(
        &zip,
        &[(
            "PYSEC-2.json",
            &record("PYSEC-2", MODIFIED),
            Store::Deflated,
        )],
    );
    assert_eq!(read(&zip).0.unwrap().read, 1);
    let tar = dir.path().join("bundle");
    write_tar_gz(&tar, &[("PYSEC-3.json", &record("PYSEC-3", MODIFIED))]);
    assert_eq!(read(&tar).0.unwrap().read, 1);

    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("a/b")).unwrap();
    std::fs::write(tree.join("a/b/GHSA-2.json"), record("GHSA-2", MODIFIED)).unwrap();
    std::fs::write(tree.join("a/GHSA-1.json"), b"[]").unwrap();
    std::fs::write(tree.join("a/modified_id.csv"), b"").unwrap();
    let (summary, visited) = read(&tree);
    assert_eq!(
        summary.unwrap(),
        ReadSummary {
            read: 1,
            failed: 1,
            skipped: 1
        }
    );
    assert_eq!(
        visited.errors[0].location,
        tree.join("a/GHSA-1.json").display().to_string()
    );
    assert!(
        visited.errors[0].message.contains("expected an object"),
        "{}",
        visited.errors[0]
    );
}
