//! Fuzzes the OSV archive readers on arbitrary bytes as a zip and as a tar.gz: no input may
//! panic, every visited record is counted once, and record errors name the archive.

#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use tplc_advisory::{ReadOptions, read_osv_tar_gz, read_osv_zip};

fuzz_target!(|data: &[u8]| {
    // A small limit keeps a fuzzed zip bomb cheap.
    let options = ReadOptions {
        max_record_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    for zip in [true, false] {
        let (mut read, mut failed) = (0, 0);
        let mut visit = |result: Result<_, tplc_advisory::RecordError>| match result {
            Ok(_) => read += 1,
            Err(error) => {
                assert!(error.location.starts_with("fuzz"), "{error}");
                failed += 1;
            }
        };
        let summary = if zip {
            read_osv_zip(Cursor::new(data), "fuzz.zip", &options, &mut visit)
        } else {
            read_osv_tar_gz(data, "fuzz.tar.gz", &options, &mut visit)
        };
        if let Ok(summary) = summary {
            assert_eq!((summary.read, summary.failed), (read, failed));
        }
    }
});
