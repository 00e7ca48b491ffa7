//! Fuzz the SPDX JSON reader: no input may panic, and whatever reads must survive a write and
//! a second read with the same components and dependency graph.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(document) = tplc_spdx::read_json(data) else { return };
    let written = tplc_spdx::write_json(&document);
    let again = tplc_spdx::read_json(&written.bytes).expect("the writer's output reads back");
    let rewritten = tplc_spdx::write_json(&again);
    let third = tplc_spdx::read_json(&rewritten.bytes).expect("the writer's output reads back");
    assert_eq!(again, third, "a second round trip changes nothing");
});
