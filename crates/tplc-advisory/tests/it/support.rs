//! Helpers: collecting what a reader visits, writing small archives.

use std::io::Write;
use std::path::{Path, PathBuf};

use tplc_advisory::{Advisory, ReadOptions, ReadSummary, RecordError, SourceError};

/// What one read visited.
#[derive(Debug, Default)]
pub(crate) struct Visited {
    pub(crate) advisories: Vec<Advisory>,
    pub(crate) errors: Vec<RecordError>,
}

/// Reads `path` with `options`, collecting every advisory and record error.
pub(crate) fn read_with(
    path: &Path,
    options: &ReadOptions,
) -> (Result<ReadSummary, SourceError>, Visited) {
    let mut visited = Visited::default();
    let mut visit = |result: Result<Advisory, RecordError>| match result {
        Ok(advisory) => visited.advisories.push(advisory),
        Err(error) => visited.errors.push(error),
    };
    let summary = tplc_advisory::read_osv_path_with(path, options, &mut visit);
    (summary, visited)
}

/// Reads `path` with the default options.
pub(crate) fn read(path: &Path) -> (Result<ReadSummary, SourceError>, Visited) {
    read_with(path, &ReadOptions::default())
}

/// How an entry is stored in a test zip.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Store {
    Deflated,
    Stored,
}

/// Writes a zip of `(name, bytes, store)` entries to `path`.
pub(crate) fn write_zip(path: &Path, entries: &[(&str, &[u8], Store)]) {
    let file = std::fs::File::create(path).unwrap();
    let mut writer = zip::ZipWriter::new(file);
    for (name, bytes, store) in entries {
        let method = match store {
            Store::Deflated => zip::CompressionMethod::Deflated,
            Store::Stored => zip::CompressionMethod::Stored,
        };
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize);
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// Writes a tar.gz of `(name, bytes)` regular members to `path`.
pub(crate) fn write_tar_gz(path: &Path, entries: &[(&str, &[u8])]) {
    let file = std::fs::File::create(path).unwrap();
    let encoder = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut builder = tar::Builder::new(encoder);
    for (name, bytes) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append_data(&mut header, name, *bytes).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap();
}

/// The byte range of entry `index`'s compressed data in the zip at `path`.
pub(crate) fn zip_data_range(path: &Path, index: usize) -> std::ops::Range<usize> {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let entry = archive.by_index_raw(index).unwrap();
    let header = entry.header_start() as usize;
    let name = u16::from_le_bytes([bytes[header + 26], bytes[header + 27]]) as usize;
    let extra = u16::from_le_bytes([bytes[header + 28], bytes[header + 29]]) as usize;
    let start = header + 30 + name + extra;
    start..start + entry.compressed_size() as usize
}

/// A small valid OSV record.
pub(crate) fn record(id: &str, modified: &str) -> Vec<u8> {
    format!(
        r#"{{"id":"{id}","modified":"{modified}","aliases":["CVE-2024-0001"],
           "affected":[{{"package":{{"ecosystem":"PyPI","name":"example"}},
           "ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"1.2"}}]}}]}}]}}"#
    )
    .into_bytes()
}

/// The main-set archives `<data>/osv/*/all.zip` (and `malicious/*/all.zip` when asked), sorted.
pub(crate) fn archives(malicious: bool) -> Option<Vec<PathBuf>> {
    let root = tplc_test::data("osv")?;
    let mut folders = vec![root.clone()];
    if malicious {
        folders.push(root.join("malicious"));
    }
    let mut found = Vec::new();
    for folder in folders {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let archive = entry.path().join("all.zip");
            if archive.is_file() {
                found.push(archive);
            }
        }
    }
    found.sort();
    Some(found)
}

/// The last two components of a path, for messages.
pub(crate) fn short(path: &Path) -> String {
    let parts: Vec<_> = path.iter().rev().take(2).collect();
    parts
        .iter()
        .rev()
        .map(|part| part.to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
