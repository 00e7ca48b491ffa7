//! Fuzzes the CVSS vector parser: no input may panic; an error is one line; a parsed vector
//! scores within 0.0–10.0 and displays as a vector that parses back to it.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tplc_cvss::Vector;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match Vector::parse(text) {
        Ok(vector) => {
            let scores = vector.scores();
            for score in [
                Some(scores.base_score),
                scores.temporal_score,
                scores.threat_score,
                scores.environmental_score,
                Some(vector.environmental_score()),
            ]
            .into_iter()
            .flatten()
            {
                assert!((0.0..=10.0).contains(&score), "{text:?}: {scores:?}");
            }
            let written = vector.to_string();
            assert_eq!(Vector::parse(&written).as_ref(), Ok(&vector), "{written}");
        }
        Err(error) => assert!(!error.to_string().contains('\n'), "{error}"),
    }
});
