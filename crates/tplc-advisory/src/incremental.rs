//! Incremental updates from an osv.dev export's `modified_id.csv`.
//!
//! osv.dev writes a `modified_id.csv` beside each export (`gs://osv-vulnerabilities/<ECOSYSTEM>/`
//! and the bucket's root). Each line is `<modified>,<id>`: the record's `modified` time
//! (RFC 3339) and its id, sorted by modified time, newest first. In the root file the id column
//! is `<ECOSYSTEM>/<id>`, the record's path below the root without `.json`. A client that
//! imported everything up to some time reads lines until the first one that is not newer and
//! fetches `<dir>/<id>.json` for each.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Component, Path, PathBuf};

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::model::{Advisory, RecordError};
use crate::source::{ReadOptions, ReadSummary, SourceError};

/// The name of the index file osv.dev writes beside each export.
pub const MODIFIED_ID_CSV: &str = "modified_id.csv";

/// The longest line of `modified_id.csv` accepted, in bytes.
const MAX_LINE_BYTES: u64 = 4096;

/// What an incremental read came to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IncrementalSummary {
    /// The records read, failed, and lines passed over (blank lines).
    pub records: ReadSummary,
    /// Lines of `modified_id.csv` newer than `since` (each a record read or failed).
    pub listed: usize,
    /// The newest modified time in `modified_id.csv` (its first line), as written: the `since`
    /// for the next incremental read, once this one's records are stored.
    pub newest_modified: Option<String>,
}

/// Parses an RFC 3339 time (`2024-08-15T00:00:00Z`, fractional seconds and offsets allowed).
///
/// # Errors
///
/// A one-line message when `text` is not an RFC 3339 time.
pub fn parse_rfc3339(text: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(text.trim(), &Rfc3339)
        .map_err(|error| format!("`{text}` is not an RFC 3339 time: {error}"))
}

/// Reads the records of `dir` listed in `dir/modified_id.csv` as modified after `since`
/// (RFC 3339; `None`: every listed record), with the default [`ReadOptions`].
///
/// See [`read_osv_incremental_with`].
///
/// # Errors
///
/// As [`read_osv_incremental_with`].
pub fn read_osv_incremental(
    dir: &Path,
    since: Option<&str>,
    visit: &mut dyn FnMut(Result<Advisory, RecordError>),
) -> Result<IncrementalSummary, SourceError> {
    read_osv_incremental_with(dir, since, &ReadOptions::default(), visit)
}

/// Reads the records of `dir` listed in `dir/modified_id.csv` as modified strictly after
/// `since`, and passes each to `visit`.
///
/// Lines are read in file order (newest first) and reading stops at the first line whose time is
/// not after `since`, since the file is sorted. For each line `<modified>,<id>` the record
/// `dir/<id>.json` is read (`<id>` may hold `/`, as the root file's `<ECOSYSTEM>/<id>` does). A
/// listed file that is missing or unreadable, a line that is not `<RFC 3339 time>,<id>`, an id
/// that would leave `dir` (`..`, an absolute path) and a record that does not parse are
/// [`RecordError`]s, located at `dir/modified_id.csv:LINE` or at the record's file; reading goes
/// on. Times are compared as instants, so `2024-01-01T09:00:00+09:00` equals
/// `2024-01-01T00:00:00Z`.
///
/// # Errors
///
/// [`SourceError::Argument`] when `since` is not an RFC 3339 time, [`SourceError::Io`] when
/// `modified_id.csv` cannot be opened or read.
pub fn read_osv_incremental_with(
    dir: &Path,
    since: Option<&str>,
    options: &ReadOptions,
    visit: &mut dyn FnMut(Result<Advisory, RecordError>),
) -> Result<IncrementalSummary, SourceError> {
    let since = since
        .map(parse_rfc3339)
        .transpose()
        .map_err(|message| SourceError::Argument {
            message: format!("since: {message}"),
        })?;
    let csv_path = dir.join(MODIFIED_ID_CSV);
    let file = File::open(&csv_path).map_err(|error| SourceError::io(&csv_path, error))?;
    let shown = csv_path.display().to_string();
    let mut reader = BufReader::new(file);
    let mut summary = IncrementalSummary::default();
    let mut line = Vec::new();
    let mut number = 0_usize;
    loop {
        line.clear();
        let count = (&mut reader)
            .take(MAX_LINE_BYTES)
            .read_until(b'\n', &mut line)
            .map_err(|error| SourceError::io(&csv_path, error))?;
        if count == 0 {
            break;
        }
        number += 1;
        let location = format!("{shown}:{number}");
        if line.last() != Some(&b'\n') && count as u64 == MAX_LINE_BYTES {
            fail(
                &mut summary,
                visit,
                location,
                format!("the line is longer than {MAX_LINE_BYTES} bytes"),
            );
            skip_rest_of_line(&mut reader).map_err(|error| SourceError::io(&csv_path, error))?;
            continue;
        }
        let Ok(text) = std::str::from_utf8(&line) else {
            fail(&mut summary, visit, location, "the line is not UTF-8");
            continue;
        };
        let text = text.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            summary.records.skipped += 1;
            continue;
        }
        let Some((modified, id)) = text.split_once(',') else {
            fail(&mut summary, visit, location, "expected `<modified>,<id>`");
            continue;
        };
        let instant = match parse_rfc3339(modified) {
            Ok(instant) => instant,
            Err(message) => {
                fail(&mut summary, visit, location, message);
                continue;
            }
        };
        if summary.newest_modified.is_none() {
            summary.newest_modified = Some(modified.trim().to_owned());
        }
        if since.is_some_and(|since| instant <= since) {
            break;
        }
        summary.listed += 1;
        let Some(record_path) = record_path(dir, id.trim()) else {
            fail(
                &mut summary,
                visit,
                location,
                format!("`{}` is not an id or a relative record path", id.trim()),
            );
            continue;
        };
        match crate::source::read_osv_path_with(&record_path, options, &mut *visit) {
            Ok(read) => summary.records.add(read),
            Err(SourceError::Io { source, .. })
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                fail(
                    &mut summary,
                    visit,
                    record_path.display().to_string(),
                    format!("listed in {MODIFIED_ID_CSV} (line {number}) but missing"),
                );
            }
            Err(error) => fail(
                &mut summary,
                visit,
                record_path.display().to_string(),
                error.to_string(),
            ),
        }
    }
    Ok(summary)
}

/// Reports a record error.
fn fail(
    summary: &mut IncrementalSummary,
    visit: &mut dyn FnMut(Result<Advisory, RecordError>),
    location: String,
    message: impl Into<String>,
) {
    summary.records.failed += 1;
    visit(Err(RecordError {
        location,
        message: message.into(),
    }));
}

/// Consumes the rest of an over-long line.
fn skip_rest_of_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok(());
        }
        if let Some(end) = buffer.iter().position(|byte| *byte == b'\n') {
            reader.consume(end + 1);
            return Ok(());
        }
        let length = buffer.len();
        reader.consume(length);
    }
}

/// `dir/<id>.json`, or `None` when `id` is empty or would leave `dir`.
fn record_path(dir: &Path, id: &str) -> Option<PathBuf> {
    if id.is_empty() || id.contains('\\') || id.contains('\0') {
        return None;
    }
    let relative = Path::new(id);
    let mut path = dir.to_path_buf();
    let mut parts = 0;
    for component in relative.components() {
        match component {
            Component::Normal(part) => {
                path.push(part);
                parts += 1;
            }
            _ => return None,
        }
    }
    if parts == 0 || id.ends_with('/') {
        return None;
    }
    let mut name = path.file_name()?.to_os_string();
    name.push(".json");
    path.set_file_name(name);
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_paths_stay_below_the_directory() {
        let dir = Path::new("/d");
        assert_eq!(
            record_path(dir, "GHSA-1"),
            Some(PathBuf::from("/d/GHSA-1.json"))
        );
        assert_eq!(
            record_path(dir, "PyPI/PYSEC-2021-123"),
            Some(PathBuf::from("/d/PyPI/PYSEC-2021-123.json"))
        );
        assert_eq!(
            record_path(dir, "AlmaLinux/ALSA-2024:8127"),
            Some(PathBuf::from("/d/AlmaLinux/ALSA-2024:8127.json"))
        );
        for bad in ["", "../x", "a/../../x", "/etc/passwd", "./x", "a\\b", "a/"] {
            assert_eq!(record_path(dir, bad), None, "{bad}");
        }
    }

    #[test]
    fn times_compare_as_instants() {
        let utc = parse_rfc3339("2024-01-01T00:00:00Z").unwrap();
        let tokyo = parse_rfc3339("2024-01-01T09:00:00+09:00").unwrap();
        assert_eq!(utc, tokyo);
        let nanos = parse_rfc3339("2024-01-01T00:00:00.000001Z").unwrap();
        assert!(nanos > utc);
        assert!(parse_rfc3339("2024-01-01").is_err());
        assert!(
            parse_rfc3339("yesterday")
                .unwrap_err()
                .contains("`yesterday`")
        );
    }
}
