//! Fuzz target: the CycloneDX XML reader never panics, and whatever it accepts is written as
//! CycloneDX 1.6 XML that reads back to the same model whenever the writer reports nothing
//! it could not carry.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(document) = tplc_cyclonedx_xml::read_xml(data) else { return };
    let written = tplc_cyclonedx_xml::write_xml(&document);
    if !written.omissions.is_empty() {
        return;
    }
    let mut again = match tplc_cyclonedx_xml::read_xml(&written.bytes) {
        Ok(again) => again,
        Err(error) => panic!("written XML does not read back: {error}"),
    };
    again.spec_version.clone_from(&document.spec_version);
    assert_eq!(again, document, "read → write → read changed the model");
    assert_eq!(tplc_cyclonedx_xml::write_xml(&again).bytes, written.bytes, "writing is not stable");
});
