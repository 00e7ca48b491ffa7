//! Integration tests of the feed readers on the fixtures under `tests/fixtures/`.

mod epss;
mod jvn;
mod kev;
mod myjvn;
mod nvd;
mod properties;
mod streaming;

use std::io::Write;
use std::path::PathBuf;

use tplc_advisory::RecordError;

/// A fixture's path.
pub(crate) fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fixture's bytes.
pub(crate) fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap_or_else(|error| panic!("fixture {name}: {error}"))
}

/// The bytes gzip-compressed.
pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory")
}

/// The one-line messages of record errors.
pub(crate) fn messages(errors: &[RecordError]) -> Vec<String> {
    errors.iter().map(ToString::to_string).collect()
}
