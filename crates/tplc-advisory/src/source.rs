//! Reading OSV records from a path: a directory, a single `.json` file, a `.zip` (osv.dev's
//! per-ecosystem `all.zip` layout) or a `.tar.gz` / `.tgz`.
//!
//! Archives are streamed entry by entry, never decompressed whole: only the record being parsed
//! (and, with [`ReadOptions::read_ahead`], a few batches of about 1 MiB read ahead of it) is in
//! memory, and no record may exceed [`ReadOptions::max_record_bytes`] (16 MiB unless set
//! otherwise) whatever size an archive claims, so a zip bomb cannot exhaust memory.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::model::{Advisory, RecordError};
use crate::osv::parse_osv;

/// The default bound on one record's (decompressed) size: 16 MiB.
///
/// The largest record of the shared OSV data set (65k records) is 196 kB (`ALSA-2025:9318`).
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 16 * 1024 * 1024;

/// Options for reading OSV sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    /// The largest record (file or decompressed archive entry) read, in bytes; a larger one is a
    /// [`RecordError`] and reading goes on with the next.
    pub max_record_bytes: u64,
    /// Decompress an archive read from a path on a second thread while this one parses and
    /// visits (default: on). The records, their order and the errors are the same either way;
    /// turn it off when the caller already reads several sources in parallel, or has one core.
    pub read_ahead: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            read_ahead: true,
        }
    }
}

/// What reading a source came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReadSummary {
    /// Records read into an [`Advisory`].
    pub read: usize,
    /// Records that could not be read (each passed to the visitor as a [`RecordError`]).
    pub failed: usize,
    /// Entries or files passed over because they are not `*.json` records (directories,
    /// `modified_id.csv`, links and other tar members, …).
    pub skipped: usize,
}

impl ReadSummary {
    /// Adds another summary's counts to this one.
    pub fn add(&mut self, other: Self) {
        self.read += other.read;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }
}

/// A fault that ends the reading of a whole source.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The path (or a file the source needs) cannot be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The file is not a readable archive of its kind (not a zip, a corrupt central directory,
    /// not gzip-compressed tar).
    #[error("{path}: {message}")]
    Archive {
        /// The path.
        path: String,
        /// What is wrong, in one line.
        message: String,
    },
    /// The path is neither a directory nor a `.json`, `.zip`, `.tar.gz` or `.tgz` file.
    #[error("{path}: not an OSV source (expected a directory, .json, .zip, .tar.gz or .tgz)")]
    UnknownKind {
        /// The path.
        path: String,
    },
    /// An argument is not valid (an unreadable `since` time).
    #[error("{message}")]
    Argument {
        /// What is wrong, in one line.
        message: String,
    },
}

impl SourceError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: &Path, source: io::Error) -> Self {
        Self::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// The kinds of source [`read_osv_path`] understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A directory: every `*.json` below it, recursively, in path order.
    Directory,
    /// One OSV JSON record.
    Json,
    /// A zip archive of `*.json` records.
    Zip,
    /// A gzip-compressed tar archive of `*.json` records.
    TarGz,
}

impl SourceKind {
    /// The kind of `path`: a directory, else by the file name's extension (case-insensitive),
    /// else by the first bytes (`PK\x03\x04`, gzip magic, `{`).
    ///
    /// # Errors
    ///
    /// [`SourceError::Io`] when the path does not exist or cannot be read,
    /// [`SourceError::UnknownKind`] when its kind cannot be told.
    pub fn of(path: &Path) -> Result<Self, SourceError> {
        let metadata = std::fs::metadata(path).map_err(|error| SourceError::io(path, error))?;
        if metadata.is_dir() {
            return Ok(Self::Directory);
        }
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if name.ends_with(".json") {
            return Ok(Self::Json);
        }
        if name.ends_with(".zip") {
            return Ok(Self::Zip);
        }
        if name.ends_with(".tar.gz") || name.ends_with(".tgz") {
            return Ok(Self::TarGz);
        }
        let mut head = [0_u8; 4];
        let mut file = File::open(path).map_err(|error| SourceError::io(path, error))?;
        let mut filled = 0;
        while filled < head.len() {
            match file.read(&mut head[filled..]) {
                Ok(0) => break,
                Ok(count) => filled += count,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(SourceError::io(path, error)),
            }
        }
        let head = &head[..filled];
        if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            Ok(Self::Zip)
        } else if head.starts_with(&[0x1f, 0x8b]) {
            Ok(Self::TarGz)
        } else if head.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{') {
            Ok(Self::Json)
        } else {
            Err(SourceError::UnknownKind {
                path: path.display().to_string(),
            })
        }
    }
}

/// Reads every OSV record of `path` with the default [`ReadOptions`]; see [`read_osv_path_with`].
///
/// # Errors
///
/// A [`SourceError`] when the source as a whole cannot be read.
pub fn read_osv_path(
    path: &Path,
    visit: &mut dyn FnMut(Result<Advisory, RecordError>),
) -> Result<ReadSummary, SourceError> {
    read_osv_path_with(path, &ReadOptions::default(), visit)
}

/// Reads every OSV record of `path` — a directory (every `*.json` below it, recursively, sorted
/// by path), a single `.json` file, a `.zip` (entries in archive order; entries not ending in
/// `.json` are skipped) or a `.tar.gz` / `.tgz` (regular members ending in `.json`, in archive
/// order) — and passes each, read or failed, to `visit`.
///
/// Record locations are the file's path, or `archive:entry` for an archive member; parse errors
/// add a JSON pointer (see [`parse_osv`]).
///
/// A bad record (bad JSON, a bad CRC or deflate stream, an entry over
/// [`ReadOptions::max_record_bytes`], an unreadable file below a directory) is a
/// [`RecordError`] passed to `visit`, and reading goes on with the next record. In a tar.gz a
/// corrupt header or compressed stream ends the archive after that error (a tar has no index to
/// resume from).
///
/// # Errors
///
/// A [`SourceError`] when the source as a whole cannot be read: the path does not exist or
/// cannot be opened, a `.zip` is not a zip or its central directory is corrupt, a `.tar.gz`
/// is not gzip-compressed tar from its first member on, or the kind of the path is unknown.
pub fn read_osv_path_with(
    path: &Path,
    options: &ReadOptions,
    visit: &mut dyn FnMut(Result<Advisory, RecordError>),
) -> Result<ReadSummary, SourceError> {
    let mut sink = Sink::new(visit, options);
    match SourceKind::of(path)? {
        SourceKind::Directory => read_directory(path, &mut sink)?,
        SourceKind::Json => read_json_file(path, &mut sink)?,
        SourceKind::Zip => crate::archive::read_zip(path, options, &mut sink)?,
        SourceKind::TarGz => crate::archive::read_tar_gz(path, options, &mut sink)?,
    }
    Ok(sink.summary)
}

/// Where records go: the visitor, the counts, and one reused read buffer.
pub(crate) struct Sink<'v> {
    visit: &'v mut dyn FnMut(Result<Advisory, RecordError>),
    pub(crate) summary: ReadSummary,
    buffer: Vec<u8>,
    pub(crate) limit: u64,
}

impl<'v> Sink<'v> {
    /// A sink for `visit`, with the options' limit.
    pub(crate) fn new(
        visit: &'v mut dyn FnMut(Result<Advisory, RecordError>),
        options: &ReadOptions,
    ) -> Self {
        Self {
            visit,
            summary: ReadSummary::default(),
            buffer: Vec::new(),
            limit: options.max_record_bytes,
        }
    }

    /// Parses one record's bytes and visits the result.
    pub(crate) fn parse(&mut self, bytes: &[u8], location: &str) {
        let parsed = parse_osv(bytes, location);
        match &parsed {
            Ok(_) => self.summary.read += 1,
            Err(_) => self.summary.failed += 1,
        }
        (self.visit)(parsed);
    }
}

/// Where a reader of entries (a directory walk, an archive) puts what it finds.
pub(crate) trait Out {
    /// The largest record read, in bytes.
    fn limit(&self) -> u64;

    /// An entry that is not a record.
    fn skip(&mut self);

    /// A record that could not be read.
    fn fail(&mut self, location: String, message: String);

    /// Reads one record from `reader` (at most the size limit) and hands it on; a read error
    /// is a record error, and is also returned so an archive reader can decide whether to go on.
    fn record(&mut self, reader: &mut dyn Read, location: &str) -> Result<(), String>;

    /// A record declared larger than the limit, reported without reading it.
    fn too_large(&mut self, location: String, size: u64) {
        let limit = self.limit();
        self.fail(
            location,
            format!("the record is {size} bytes, larger than the limit of {limit} bytes"),
        );
    }
}

impl Out for Sink<'_> {
    fn limit(&self) -> u64 {
        self.limit
    }

    fn skip(&mut self) {
        self.summary.skipped += 1;
    }

    fn fail(&mut self, location: String, message: String) {
        self.summary.failed += 1;
        (self.visit)(Err(RecordError { location, message }));
    }

    fn record(&mut self, reader: &mut dyn Read, location: &str) -> Result<(), String> {
        let mut buffer = std::mem::take(&mut self.buffer);
        let result = read_limited(reader, self.limit, &mut buffer);
        match &result {
            Ok(()) => self.parse(&buffer, location),
            Err(message) => self.fail(location.to_owned(), message.clone()),
        }
        self.buffer = buffer;
        result
    }
}

/// Reads all of `reader` into `buffer` (emptied first), failing past `limit` bytes.
pub(crate) fn read_limited(
    reader: &mut dyn Read,
    limit: u64,
    buffer: &mut Vec<u8>,
) -> Result<(), String> {
    buffer.clear();
    match reader.take(limit.saturating_add(1)).read_to_end(buffer) {
        Ok(_) if buffer.len() as u64 > limit => Err(format!(
            "the record is larger than the limit of {limit} bytes"
        )),
        Ok(_) => Ok(()),
        Err(error) => Err(format!("cannot read the record: {error}")),
    }
}

/// Whether a file or entry name is an OSV record's (`*.json`, any case).
pub(crate) fn is_json_name(name: &str) -> bool {
    name.len() > ".json".len()
        && name
            .get(name.len() - ".json".len()..)
            .is_some_and(|end| end.eq_ignore_ascii_case(".json"))
}

/// One `.json` file.
fn read_json_file(path: &Path, sink: &mut Sink<'_>) -> Result<(), SourceError> {
    let mut file = File::open(path).map_err(|error| SourceError::io(path, error))?;
    let location = path.display().to_string();
    let size = file.metadata().map_or(0, |metadata| metadata.len());
    if size > sink.limit {
        sink.too_large(location, size);
        return Ok(());
    }
    let _ = sink.record(&mut file, &location);
    Ok(())
}

/// Every `*.json` below `root`, sorted by path.
fn read_directory(root: &Path, sink: &mut Sink<'_>) -> Result<(), SourceError> {
    // The root itself must be listable; failures further down are record errors.
    std::fs::read_dir(root).map_err(|error| SourceError::io(root, error))?;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(directory) = pending.pop() {
        let entries = match std::fs::read_dir(&directory) {
            Ok(entries) => entries,
            Err(error) => {
                Out::fail(
                    sink,
                    directory.display().to_string(),
                    format!("cannot list: {error}"),
                );
                continue;
            }
        };
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    Out::fail(
                        sink,
                        directory.display().to_string(),
                        format!("cannot list: {error}"),
                    );
                    continue;
                }
            };
            let path = entry.path();
            // Directories are followed only when they are not symbolic links (no cycles).
            let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
            if is_dir {
                pending.push(path);
            } else if is_json_name(&entry.file_name().to_string_lossy()) && !path.is_dir() {
                files.push(path);
            } else {
                sink.skip();
            }
        }
    }
    files.sort();
    for path in files {
        let location = path.display().to_string();
        match File::open(&path) {
            Ok(file) => {
                let size = file.metadata().map_or(0, |metadata| metadata.len());
                if size > sink.limit {
                    sink.too_large(location, size);
                    continue;
                }
                let mut reader = BufReader::new(file);
                let _ = sink.record(&mut reader, &location);
            }
            Err(error) => Out::fail(sink, location, format!("cannot open: {error}")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_names() {
        assert!(is_json_name("GHSA-1.json"));
        assert!(is_json_name("a/b/ALSA-2024:8127.JSON"));
        assert!(!is_json_name(".json"));
        assert!(!is_json_name("modified_id.csv"));
        assert!(!is_json_name("x.json.gz"));
        assert!(!is_json_name("é"));
    }

    #[test]
    fn summaries_add() {
        let mut total = ReadSummary {
            read: 1,
            failed: 2,
            skipped: 3,
        };
        total.add(ReadSummary {
            read: 10,
            failed: 20,
            skipped: 30,
        });
        assert_eq!(
            total,
            ReadSummary {
                read: 11,
                failed: 22,
                skipped: 33
            }
        );
    }
}
