//! Incremental reads from `modified_id.csv`.

use std::path::Path;

use tplc_advisory::{
    Advisory, IncrementalSummary, ReadSummary, RecordError, SourceError, read_osv_incremental,
};

use crate::support::{Visited, record};

fn incremental(
    dir: &Path,
    since: Option<&str>,
) -> (Result<IncrementalSummary, SourceError>, Visited) {
    let mut visited = Visited::default();
    let mut visit = |result: Result<Advisory, RecordError>| match result {
        Ok(advisory) => visited.advisories.push(advisory),
        Err(error) => visited.errors.push(error),
    };
    let summary = read_osv_incremental(dir, since, &mut visit);
    (summary, visited)
}

/// An export directory: five records, newest first in the csv.
fn export(dir: &Path) {
    let rows = [
        ("2024-06-05T10:00:00.123456Z", "GHSA-0005"),
        ("2024-06-04T10:00:00Z", "GHSA-0004"),
        ("2024-06-03T10:00:00Z", "GHSA-0003"),
        ("2024-06-02T10:00:00Z", "GHSA-0002"),
        ("2024-06-01T10:00:00Z", "GHSA-0001"),
    ];
    let mut csv = String::new();
    for (modified, id) in rows {
        csv.push_str(&format!("{modified},{id}\r\n"));
        std::fs::write(dir.join(format!("{id}.json")), record(id, modified)).unwrap();
    }
    std::fs::write(dir.join("modified_id.csv"), csv).unwrap();
}

fn ids(visited: &Visited) -> Vec<&str> {
    visited
        .advisories
        .iter()
        .map(|advisory| advisory.id.as_str())
        .collect()
}

#[test]
fn only_records_newer_than_since_are_read() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let (summary, visited) = incremental(dir.path(), Some("2024-06-03T10:00:00Z"));
    let summary = summary.unwrap();
    assert_eq!(ids(&visited), ["GHSA-0005", "GHSA-0004"]);
    assert_eq!(
        summary.records,
        ReadSummary {
            read: 2,
            failed: 0,
            skipped: 0
        }
    );
    assert_eq!(summary.listed, 2);
    assert_eq!(
        summary.newest_modified.as_deref(),
        Some("2024-06-05T10:00:00.123456Z")
    );

    // The same instant in another offset; a time between two lines.
    let (_, visited) = incremental(dir.path(), Some("2024-06-03T19:00:00+09:00"));
    assert_eq!(ids(&visited), ["GHSA-0005", "GHSA-0004"]);
    let (_, visited) = incremental(dir.path(), Some("2024-06-01T12:00:00Z"));
    assert_eq!(
        ids(&visited),
        ["GHSA-0005", "GHSA-0004", "GHSA-0003", "GHSA-0002"]
    );
    // Fractional seconds compare as time, not as text.
    let (_, visited) = incremental(dir.path(), Some("2024-06-05T10:00:00.12Z"));
    assert_eq!(ids(&visited), ["GHSA-0005"]);
    let (_, visited) = incremental(dir.path(), Some("2024-06-05T10:00:00.123456Z"));
    assert!(visited.advisories.is_empty());
    let (summary, visited) = incremental(dir.path(), None);
    assert_eq!(visited.advisories.len(), 5);
    assert_eq!(summary.unwrap().listed, 5);
}

#[test]
fn missing_files_and_bad_lines_are_record_errors() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    std::fs::remove_file(dir.path().join("GHSA-0004.json")).unwrap();
    let csv = std::fs::read_to_string(dir.path().join("modified_id.csv")).unwrap();
    let csv = format!(
        "2024-07-01T00:00:00Z,../outside\nnot a time,GHSA-9999\n\n2024-06-30T00:00:00Z\n{csv}"
    );
    std::fs::write(dir.path().join("modified_id.csv"), csv).unwrap();
    let (summary, visited) = incremental(dir.path(), Some("2024-06-02T10:00:00Z"));
    let summary = summary.unwrap();
    assert_eq!(ids(&visited), ["GHSA-0005", "GHSA-0003"]);
    let csv_path = dir.path().join("modified_id.csv").display().to_string();
    let errors: Vec<String> = visited.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 4, "{errors:#?}");
    assert!(
        errors[0].starts_with(&format!("{csv_path}:1: `../outside` is not an id")),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with(&format!(
            "{csv_path}:2: `not a time` is not an RFC 3339 time"
        )),
        "{}",
        errors[1]
    );
    assert_eq!(
        errors[2],
        format!("{csv_path}:4: expected `<modified>,<id>`")
    );
    assert_eq!(
        errors[3],
        format!(
            "{}: listed in modified_id.csv (line 6) but missing",
            dir.path().join("GHSA-0004.json").display()
        )
    );
    assert_eq!(
        summary.records,
        ReadSummary {
            read: 2,
            failed: 4,
            skipped: 1
        }
    );
    assert_eq!(
        summary.newest_modified.as_deref(),
        Some("2024-07-01T00:00:00Z")
    );
}

#[test]
fn the_root_file_names_ecosystem_folders() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("PyPI")).unwrap();
    std::fs::create_dir_all(dir.path().join("AlmaLinux")).unwrap();
    std::fs::write(
        dir.path().join("PyPI/PYSEC-2021-123.json"),
        record("PYSEC-2021-123", "2024-08-15T00:00:00Z"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("AlmaLinux/ALSA-2024:8127.json"),
        record("ALSA-2024:8127", "2024-08-14T00:00:00Z"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("modified_id.csv"),
        "2024-08-15T00:00:00Z,PyPI/PYSEC-2021-123\n2024-08-14T00:00:00Z,AlmaLinux/ALSA-2024:8127\n",
    )
    .unwrap();
    let (summary, visited) = incremental(dir.path(), Some("2024-01-01T00:00:00Z"));
    assert_eq!(summary.unwrap().records.read, 2);
    assert_eq!(ids(&visited), ["PYSEC-2021-123", "ALSA-2024:8127"]);
}

#[test]
fn bad_since_and_missing_csv_are_source_errors() {
    let dir = tempfile::tempdir().unwrap();
    let error = incremental(dir.path(), None).0.unwrap_err();
    assert!(matches!(error, SourceError::Io { .. }), "{error:?}");
    assert!(error.to_string().contains("modified_id.csv"), "{error}");
    export(dir.path());
    let error = incremental(dir.path(), Some("last tuesday")).0.unwrap_err();
    assert!(matches!(error, SourceError::Argument { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("since: `last tuesday` is not an RFC 3339 time"),
        "{error}"
    );
}

#[test]
fn over_long_lines_are_passed_over() {
    let dir = tempfile::tempdir().unwrap();
    export(dir.path());
    let csv = std::fs::read_to_string(dir.path().join("modified_id.csv")).unwrap();
    let long = format!("2024-07-01T00:00:00Z,{}\n", "x".repeat(10_000));
    std::fs::write(dir.path().join("modified_id.csv"), format!("{long}{csv}")).unwrap();
    let (summary, visited) = incremental(dir.path(), Some("2024-06-04T10:00:00Z"));
    assert_eq!(ids(&visited), ["GHSA-0005"]);
    assert_eq!(visited.errors.len(), 1);
    assert!(
        visited.errors[0]
            .to_string()
            .ends_with(":1: the line is longer than 4096 bytes")
    );
    assert_eq!(summary.unwrap().records.failed, 1);
}
