//! Fuzzes the OSV record parser: no input may panic; a parsed record has a non-empty id and
//! the OSV source, and an error names the given location.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tplc_advisory::{AdvisorySource, parse_osv};

fuzz_target!(|data: &[u8]| {
    match parse_osv(data, "fuzz.json") {
        Ok(advisory) => {
            assert!(!advisory.id.trim().is_empty());
            assert_eq!(advisory.source, Some(AdvisorySource::Osv));
        }
        Err(error) => {
            assert!(error.location.starts_with("fuzz.json"), "{error}");
            assert!(!error.message.is_empty());
        }
    }
});
