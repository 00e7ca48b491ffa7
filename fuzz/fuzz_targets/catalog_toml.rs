//! Fuzzes the requirement-catalog parser (files of `--catalog-dir`) on arbitrary text: no input
//! may panic, and every error is one line naming the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tplc_compliance::parse_catalog;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Err(error) = parse_catalog("fuzz.toml", text)
    {
        let message = error.to_string();
        assert!(message.starts_with("fuzz.toml"), "{message}");
        assert!(!message.contains('\n'), "{message}");
    }
});
