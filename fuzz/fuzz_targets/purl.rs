//! Fuzzes the purl parsers: no input may panic, and a parsed purl's canonical string must
//! re-parse (strictly and leniently) to an equal purl with the same canonical string.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tplc_purl::Purl;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let strict = Purl::parse_strict(text);
    let Ok(purl) = text.parse::<Purl>() else {
        assert!(strict.is_err(), "strict parse accepted what lenient parse rejected: {text:?}");
        return;
    };
    if let Ok(strict) = strict {
        assert_eq!(strict, purl, "strict and lenient parses differ for {text:?}");
    }
    let canonical = purl.to_string();
    let reparsed = canonical.parse::<Purl>().expect("a canonical purl re-parses");
    assert_eq!(reparsed, purl, "{text:?} -> {canonical:?}");
    assert_eq!(reparsed.to_string(), canonical);
    assert_eq!(Purl::parse_strict(&canonical).as_ref(), Ok(&purl), "canonical purls are strictly valid");
    let package = purl.without_version();
    assert_eq!(package.to_string().parse::<Purl>(), Ok(package));
});
