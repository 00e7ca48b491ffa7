//! Deterministic zip writing: fixed timestamps and permissions, entries in the order given.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::error::AttachmentError;

/// Writes `parts` (name, content) into a zip, in the order given, each deflated with the
/// timestamp 1980-01-01 00:00:00 and mode 0644, so equal input gives equal bytes.
pub(crate) fn write_zip(parts: &[(&str, &[u8])]) -> Result<Vec<u8>, AttachmentError> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        let failed = |source| AttachmentError::Zip {
            part: (*name).to_owned(),
            source,
        };
        writer.start_file(*name, options).map_err(failed)?;
        writer
            .write_all(content)
            .map_err(|error| failed(zip::result::ZipError::Io(error)))?;
    }
    let cursor = writer.finish().map_err(|source| AttachmentError::Zip {
        part: "the central directory".to_owned(),
        source,
    })?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    #[test]
    fn same_parts_give_same_bytes_and_read_back() {
        let parts: [(&str, &[u8]); 2] = [("a.txt", b"alpha"), ("dir/b.txt", "β".as_bytes())];
        let first = write_zip(&parts).unwrap_or_default();
        let second = write_zip(&parts).unwrap_or_default();
        assert!(!first.is_empty());
        assert_eq!(first, second);
        let mut archive = zip::ZipArchive::new(Cursor::new(first)).expect("a zip");
        assert_eq!(archive.len(), 2);
        let mut text = String::new();
        archive
            .by_name("dir/b.txt")
            .expect("entry")
            .read_to_string(&mut text)
            .expect("utf-8");
        assert_eq!(text, "β");
        assert_eq!(archive.by_index(0).expect("entry").name(), "a.txt");
    }
}
