//! `tplc db import`: reading sources into the database, atomically.
//!
//! An import loads the current content, merges what the sources give, rebuilds the indexes and
//! writes a new file beside the old one, synced, then renamed over it. Interrupted at any point,
//! it leaves the previous database as it was. When the merged content equals the stored one
//! (the same data imported twice), nothing is written at all.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tplc_advisory::{Advisory, AdvisorySource, RecordError};

use super::build::{Built, Content, ImportIssue, build};
use super::database::{Database, FILE_NAME};
use super::format::{FORMAT, MAGIC, Meta, SourceStatus, fnv1a};
use crate::error::DbError;

/// A kind of source `tplc db import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// OSV JSON: directories, `.json`, `.zip` (`all.zip`), `.tar.gz`; a directory with a
    /// `modified_id.csv` is read incrementally.
    Osv,
    /// NVD CVE JSON 2.0 feeds or API pages (`.json`, `.json.gz`, or directories of them).
    Nvd,
    /// JVN iPedia VULDEF XML detail feeds (`.rdf`, `.xml`, gz) or MyJVN JSON (`.json`).
    Jvn,
    /// CISA KEV JSON (replaces the stored catalog).
    Kev,
    /// FIRST EPSS CSV (replaces the stored scores).
    Epss,
}

impl SourceKind {
    /// The name used on the command line and in `db status`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Osv => "osv",
            Self::Nvd => "nvd",
            Self::Jvn => "jvn",
            Self::Kev => "kev",
            Self::Epss => "epss",
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records read from the sources.
    pub read: u64,
    /// Records that could not be read and were skipped.
    pub skipped: u64,
    /// The first unreadable records, with their locations (at most [`MAX_LISTED`]).
    pub errors: Vec<RecordError>,
    /// Sources that could not be read at all (a corrupt zip, a missing file).
    pub failed_sources: Vec<String>,
    /// New advisories (or entries) stored.
    pub added: u64,
    /// Stored advisories replaced by a newer version.
    pub updated: u64,
    /// Stored advisories kept because the stored version is newer.
    pub kept_newer: u64,
    /// Affected entries that cannot be matched, in the whole database.
    pub unmatchable: u64,
    /// Those problems grouped by message, most frequent first (at most [`MAX_LISTED`] groups):
    /// the message, how many affected entries have it, and the first advisory that does.
    pub issues: Vec<(String, u64, String)>,
    /// Whether the database file changed.
    pub changed: bool,
    /// Advisories in the database afterwards.
    pub total: u64,
}

/// How many errors and issues a report lists one by one.
pub const MAX_LISTED: usize = 20;

/// The default database directory: `$XDG_DATA_HOME/tplc/vulndb`, else
/// `$HOME/.local/share/tplc/vulndb`, else `./.tplc/vulndb`.
#[must_use]
pub fn default_dir() -> PathBuf {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|value| !value.is_empty())
                .map(|home| PathBuf::from(home).join(".local/share"))
        });
    match base {
        Some(base) => base.join("tplc").join("vulndb"),
        None => PathBuf::from(".tplc").join("vulndb"),
    }
}

/// An exclusive lock on the database directory, released on drop.
struct Lock(File);

impl Lock {
    fn take(dir: &Path) -> Result<Self, DbError> {
        let path = dir.join(".lock");
        let file = File::create(&path).map_err(|error| DbError::Io(path.clone(), error))?;
        match file.try_lock() {
            Ok(()) => Ok(Self(file)),
            Err(std::fs::TryLockError::WouldBlock) => Err(DbError::Locked(dir.to_path_buf())),
            Err(std::fs::TryLockError::Error(error)) => Err(DbError::Io(path, error)),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// The stored content and meta of the database in `dir`, or empty ones.
fn load(dir: &Path) -> Result<(Content, Meta), DbError> {
    let database = match Database::open(dir) {
        Ok(database) => database,
        Err(DbError::Missing(_)) => return Ok((Content::default(), Meta::default())),
        Err(error) => return Err(error),
    };
    let mut content = Content::default();
    for advisory in database.advisories()? {
        let advisory = Advisory::clone(&advisory);
        content
            .advisories
            .insert((advisory.id.clone(), advisory.source), advisory);
    }
    let header = database.header();
    for entry in &header.kev {
        content.kev.insert(entry.cve_id.clone(), entry.clone());
    }
    for score in &header.epss {
        content.epss.insert(score.cve, *score);
    }
    content.epss_date.clone_from(&header.meta.epss_date);
    Ok((content, header.meta.clone()))
}

/// Whether `new` is at least as recent as `old` by their `modified` times.
fn not_older(new: &Advisory, old: &Advisory) -> bool {
    match (&new.modified, &old.modified) {
        (Some(new), Some(old)) => match (
            tplc_advisory::parse_rfc3339(new),
            tplc_advisory::parse_rfc3339(old),
        ) {
            (Ok(new), Ok(old)) => new >= old,
            _ => new >= old,
        },
        (None, Some(_)) => false,
        _ => true,
    }
}

/// Progress of an import, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress<'a> {
    /// The source being read.
    pub path: &'a Path,
    /// Records read so far in this import.
    pub records: u64,
}

/// The files a directory source holds, for the non-OSV kinds.
fn feed_files(path: &Path) -> Result<Vec<PathBuf>, String> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = fs::read_dir(path)
        .map_err(|error| format!("{}: {error}", path.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|file| file.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// State of one import while reading.
struct Merge<'a> {
    content: &'a mut Content,
    report: ImportReport,
    kev: Option<std::collections::BTreeMap<String, tplc_advisory::KevEntry>>,
    epss: Option<Content>,
}

impl Merge<'_> {
    fn error(&mut self, error: RecordError) {
        self.report.skipped += 1;
        if self.report.errors.len() < MAX_LISTED {
            self.report.errors.push(error);
        }
    }

    fn advisory(&mut self, advisory: Advisory) {
        self.report.read += 1;
        let key = (advisory.id.clone(), advisory.source);
        match self.content.advisories.get_mut(&key) {
            None => {
                self.report.added += 1;
                self.content.advisories.insert(key, advisory);
            }
            Some(stored) if advisory.source == Some(AdvisorySource::Jvn) => {
                // A JVN record in the other language completes the stored one.
                let merged = if advisory.ja.is_some() && stored.ja.is_none() {
                    tplc_feeds::merge_jvn_languages(advisory, stored.clone())
                } else if advisory.ja.is_none() && stored.ja.is_some() {
                    tplc_feeds::merge_jvn_languages(stored.clone(), advisory)
                } else {
                    advisory
                };
                if *stored != merged {
                    self.report.updated += 1;
                    *stored = merged;
                }
            }
            Some(stored) => {
                if *stored == advisory {
                } else if not_older(&advisory, stored) {
                    self.report.updated += 1;
                    *stored = advisory;
                } else {
                    self.report.kept_newer += 1;
                }
            }
        }
    }
}

/// Imports `paths` of one kind into the database in `dir` (created when missing).
///
/// Unreadable records are skipped and counted; a source that cannot be read at all is named in
/// [`ImportReport::failed_sources`] and the others are still read. Only when every source
/// failed does the import fail.
///
/// # Errors
/// When the directory cannot be created or locked, the stored database is unreadable, every
/// source failed, or the new file cannot be written.
pub fn import(
    dir: &Path,
    kind: SourceKind,
    paths: &[PathBuf],
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<ImportReport, DbError> {
    fs::create_dir_all(dir).map_err(|error| DbError::Io(dir.to_path_buf(), error))?;
    let _lock = Lock::take(dir)?;
    let (mut content, mut meta) = load(dir)?;
    let before = content.clone();
    let mut merge = Merge {
        content: &mut content,
        report: ImportReport::default(),
        kev: None,
        epss: None,
    };
    let mut incremental_marks = Vec::new();
    for path in paths {
        let outcome = read_source(
            kind,
            path,
            &meta,
            &mut merge,
            progress,
            &mut incremental_marks,
        );
        if let Err(message) = outcome {
            merge.report.failed_sources.push(message);
        }
    }
    if !paths.is_empty() && merge.report.failed_sources.len() == paths.len() {
        return Err(DbError::Source(merge.report.failed_sources.join("; ")));
    }
    let kev = merge.kev.take();
    let epss = merge.epss.take();
    let mut report = merge.report;
    if let Some(kev) = kev {
        report.added += kev
            .keys()
            .filter(|cve| !content.kev.contains_key(*cve))
            .count() as u64;
        content.kev = kev;
    }
    if let Some(epss) = epss {
        report.added += epss
            .epss
            .keys()
            .filter(|cve| !content.epss.contains_key(*cve))
            .count() as u64;
        content.epss = epss.epss;
        content.epss_date = epss.epss_date;
    }
    for (path, newest) in incremental_marks {
        meta.incremental.retain(|(stored, _)| *stored != path);
        meta.incremental.push((path, newest));
    }
    meta.incremental.sort();
    let changed = content != before;
    let Built {
        mut header,
        records,
        issues,
    } = build(&content, meta.clone())?;
    report.unmatchable = issues.len() as u64;
    report.issues = group_issues(issues);
    report.total = header.records.len() as u64;
    let incremental_changed = header.meta.incremental != meta_incremental_before(dir)?;
    if !changed && !incremental_changed && dir.join(FILE_NAME).exists() {
        return Ok(report);
    }
    header.meta.sources = source_statuses(&meta, kind, paths, &report, &content);
    write(dir, &header, &records)?;
    report.changed = true;
    Ok(report)
}

/// Groups issues by message, most frequent first, then by message.
fn group_issues(issues: Vec<ImportIssue>) -> Vec<(String, u64, String)> {
    let mut groups: std::collections::HashMap<String, (u64, String)> =
        std::collections::HashMap::new();
    for issue in issues {
        let entry = groups.entry(issue.message).or_insert((0, issue.advisory));
        entry.0 += 1;
    }
    let mut groups: Vec<(String, u64, String)> = groups
        .into_iter()
        .map(|(message, (count, example))| (message, count, example))
        .collect();
    groups.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    groups.truncate(MAX_LISTED);
    groups
}

/// The incremental marks stored now (to tell whether only they changed).
fn meta_incremental_before(dir: &Path) -> Result<Vec<(String, String)>, DbError> {
    match Database::open(dir) {
        Ok(database) => Ok(database.header().meta.incremental.clone()),
        Err(DbError::Missing(_)) => Ok(Vec::new()),
        Err(error) => Err(error),
    }
}

fn source_statuses(
    meta: &Meta,
    kind: SourceKind,
    paths: &[PathBuf],
    report: &ImportReport,
    content: &Content,
) -> Vec<SourceStatus> {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .ok()
        .and_then(|now| {
            now.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default();
    let source = match kind {
        SourceKind::Osv => Some(AdvisorySource::Osv),
        SourceKind::Nvd => Some(AdvisorySource::Nvd),
        SourceKind::Jvn => Some(AdvisorySource::Jvn),
        SourceKind::Kev | SourceKind::Epss => None,
    };
    let records = match kind {
        SourceKind::Kev => content.kev.len() as u64,
        SourceKind::Epss => content.epss.len() as u64,
        _ => content
            .advisories
            .keys()
            .filter(|(_, stored)| *stored == source)
            .count() as u64,
    };
    let mut sources: Vec<SourceStatus> = meta
        .sources
        .iter()
        .filter(|status| status.kind != kind.name())
        .cloned()
        .collect();
    sources.push(SourceStatus {
        kind: kind.name().to_owned(),
        paths: paths
            .iter()
            .map(|path| path.display().to_string())
            .collect(),
        imported_at: now,
        records,
        skipped: report.skipped,
        unmatchable: report.unmatchable,
    });
    sources.sort_by(|a, b| a.kind.cmp(&b.kind));
    sources
}

fn read_source(
    kind: SourceKind,
    path: &Path,
    meta: &Meta,
    merge: &mut Merge<'_>,
    progress: &mut dyn FnMut(Progress<'_>),
    marks: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let location = path.display().to_string();
    match kind {
        SourceKind::Osv => {
            let mut visit = |result: Result<Advisory, RecordError>| {
                match result {
                    Ok(advisory) => merge.advisory(advisory),
                    Err(error) => merge.error(error),
                }
                if (merge.report.read + merge.report.skipped).is_multiple_of(512) {
                    progress(Progress {
                        path,
                        records: merge.report.read + merge.report.skipped,
                    });
                }
            };
            if path.is_dir() && path.join(tplc_advisory::MODIFIED_ID_CSV).is_file() {
                let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
                let key = canonical.display().to_string();
                let since = meta
                    .incremental
                    .iter()
                    .find(|(stored, _)| *stored == key)
                    .map(|(_, since)| since.clone());
                let summary =
                    tplc_advisory::read_osv_incremental(path, since.as_deref(), &mut visit)
                        .map_err(|error| error.to_string())?;
                if let Some(newest) = summary.newest_modified {
                    marks.push((key, newest));
                }
            } else {
                tplc_advisory::read_osv_path(path, &mut visit)
                    .map_err(|error| error.to_string())?;
            }
        }
        SourceKind::Nvd | SourceKind::Jvn => {
            for file in feed_files(path)? {
                let file_location = file.display().to_string();
                let input = tplc_feeds::open(&file).map_err(|error| error.to_string())?;
                let mut records = Vec::new();
                let mut errors = Vec::new();
                let is_json =
                    file_location.ends_with(".json") || file_location.ends_with(".json.gz");
                let result = if kind == SourceKind::Nvd {
                    tplc_feeds::read_nvd_json(
                        input,
                        &file_location,
                        |a| records.push(a),
                        |e| errors.push(e),
                    )
                } else if is_json {
                    tplc_feeds::read_myjvn_json(
                        input,
                        &file_location,
                        None,
                        |a| records.push(a),
                        |e| errors.push(e),
                    )
                } else {
                    tplc_feeds::read_jvn_vuldef(
                        input,
                        &file_location,
                        None,
                        |a| records.push(a),
                        |e| errors.push(e),
                    )
                };
                for error in errors {
                    merge.error(error);
                }
                for advisory in records {
                    merge.advisory(advisory);
                }
                progress(Progress {
                    path: &file,
                    records: merge.report.read + merge.report.skipped,
                });
                result.map_err(|error| error.to_string())?;
            }
        }
        SourceKind::Kev => {
            let input = tplc_feeds::open(path).map_err(|error| error.to_string())?;
            let mut entries = std::collections::BTreeMap::new();
            let mut errors = Vec::new();
            tplc_feeds::read_kev_json(
                input,
                &location,
                |entry| {
                    entries.insert(entry.cve_id.clone(), entry);
                },
                |error| errors.push(error),
            )
            .map_err(|error| error.to_string())?;
            for error in errors {
                merge.error(error);
            }
            merge.report.read += entries.len() as u64;
            merge
                .kev
                .get_or_insert_with(Default::default)
                .extend(entries);
        }
        SourceKind::Epss => {
            let input = tplc_feeds::open(path).map_err(|error| error.to_string())?;
            let epss = merge.epss.get_or_insert_with(Content::default);
            let mut errors = Vec::new();
            let mut read = 0;
            let mut unusable = 0;
            tplc_feeds::read_epss_csv(
                input,
                &location,
                |score| {
                    if epss.add_epss(&score) {
                        read += 1;
                    } else {
                        unusable += 1;
                    }
                },
                |error| errors.push(error),
            )
            .map_err(|error| error.to_string())?;
            merge.report.read += read;
            for error in errors {
                merge.error(error);
            }
            for _ in 0..unusable {
                merge.error(RecordError {
                    location: location.clone(),
                    message: "EPSS row whose id is not a CVE id".to_owned(),
                });
            }
        }
    }
    progress(Progress {
        path,
        records: merge.report.read + merge.report.skipped,
    });
    Ok(())
}

/// Writes the database file atomically: temporary file, sync, rename, sync the directory.
fn write(dir: &Path, header: &super::format::Header, records: &[u8]) -> Result<(), DbError> {
    let header_bytes =
        postcard::to_stdvec(header).map_err(|error| DbError::Encode(error.to_string()))?;
    let target = dir.join(FILE_NAME);
    let temporary = dir.join(format!("{FILE_NAME}.tmp-{}", std::process::id()));
    let io = |error| DbError::Io(temporary.clone(), error);
    let result = (|| {
        let file = File::create(&temporary).map_err(io)?;
        let mut writer = BufWriter::with_capacity(1 << 20, file);
        writer.write_all(MAGIC).map_err(io)?;
        writer.write_all(&FORMAT.to_le_bytes()).map_err(io)?;
        writer.write_all(&0_u32.to_le_bytes()).map_err(io)?;
        writer
            .write_all(&(header_bytes.len() as u64).to_le_bytes())
            .map_err(io)?;
        writer
            .write_all(&fnv1a(&header_bytes).to_le_bytes())
            .map_err(io)?;
        writer.write_all(&header_bytes).map_err(io)?;
        writer.write_all(records).map_err(io)?;
        let file = writer
            .into_inner()
            .map_err(|error| io(error.into_error()))?;
        file.sync_all().map_err(io)?;
        fs::rename(&temporary, &target).map_err(|error| DbError::Io(target.clone(), error))?;
        if let Ok(directory) = File::open(dir) {
            let _ = directory.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}
