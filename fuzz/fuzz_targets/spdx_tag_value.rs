//! Fuzz the SPDX tag-value reader: no input may panic, and whatever reads must be written as
//! SPDX JSON that reads back, and reads back the same the second time.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(document) = tplc_spdx::read_tag_value(data) else { return };
    let written = tplc_spdx::write_json(&document);
    let again = tplc_spdx::read_json(&written.bytes).expect("the writer's output reads back");
    let third = tplc_spdx::read_json(&tplc_spdx::write_json(&again).bytes).expect("the writer's output reads back");
    assert_eq!(again, third, "a second round trip changes nothing");
});
