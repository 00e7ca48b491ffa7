//! Fuzz target: CycloneDX JSON reading never panics, and whatever is accepted writes to 1.6
//! JSON that reads back to the same model and writes again to the same bytes.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(document) = tplc_cyclonedx::read_json(data) else { return };
    let written = tplc_cyclonedx::write_json(&document);
    let reread = tplc_cyclonedx::read_json(&written.bytes).expect("the writer's output must read back");
    let again = tplc_cyclonedx::write_json(&reread);
    if written.omissions.is_empty() {
        let mut expected = document.clone();
        expected.spec_version.clone_from(&reread.spec_version);
        assert_eq!(expected, reread, "read → write → read must keep the model");
    }
    assert_eq!(again.bytes, tplc_cyclonedx::write_json(&reread).bytes, "writing must be deterministic");
    assert!(again.omissions.is_empty(), "a written document must write again without loss: {:?}", again.omissions);
});
