//! Fuzzes the CPE parsers: no input may panic; a parsed name displays as a formatted string
//! that parses back to it (and, for a formatted string, is the input itself); a URI binding
//! parses back to the same name; what parses strictly, repair reads as the same name; and a
//! repaired name is valid in both bindings.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tplc_cpe::{Cpe, Part};

fn check_bindings(cpe: &Cpe) {
    let formatted = cpe.to_string();
    assert_eq!(formatted.parse::<Cpe>().as_ref(), Ok(cpe), "{formatted}");
    if cpe.part() != Part::NotApplicable {
        let uri = cpe.to_uri();
        assert_eq!(uri.parse::<Cpe>().as_ref(), Ok(cpe), "{uri}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let strict = text.parse::<Cpe>();
    let repaired = Cpe::repair(text);
    if let Ok(cpe) = &strict {
        if text.starts_with("cpe:2.3:") {
            assert_eq!(cpe.to_string(), text);
        }
        assert_eq!(repaired.as_ref(), Ok(cpe), "repair changed the valid {text:?}");
        check_bindings(cpe);
    }
    if let Ok(cpe) = &repaired {
        check_bindings(cpe);
    }
});
