//! Fuzzes the lifecycle plan file parser (`tplc lifecycle check --file`) on arbitrary text: no
//! input may panic, and every error is one line naming the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tplc_compliance::parse_plan_file;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match parse_plan_file("plan.toml", text) {
            Err(error) => {
                let message = error.to_string();
                assert!(message.starts_with("plan.toml"), "{message}");
                assert!(!message.contains('\n'), "{message}");
            }
            Ok(versions) => {
                assert!(!versions.is_empty());
                for version in &versions {
                    assert!(!version.label.trim().is_empty());
                    assert!(version.at.starts_with("plan.toml:"));
                }
            }
        }
    }
});
