//! Reading SBOMs through the public API: every format, limits, DTDs, real-world files.

use tplc_formats::{FormatError, MIB, TargetFormat, read_bytes, read_path, write};
use tplc_model::SourceFormat;

const CDX: &[u8] = br#"{"bomFormat":"CycloneDX","specVersion":"1.6",
  "metadata":{"component":{"type":"device","bom-ref":"dev","name":"Pump","version":"1.0"}},"components":[
  {"type":"library","name":"zlib","version":"1.3.1","purl":"pkg:generic/zlib@1.3.1"}]}"#;

#[test]
fn every_format_round_trips_through_read_bytes() {
    let (format, document) = read_bytes(CDX.to_vec()).unwrap();
    assert_eq!(format, SourceFormat::CycloneDxJson);
    for target in TargetFormat::ALL {
        let written = write(&document, target);
        let (_, again) = read_bytes(written.bytes).unwrap();
        assert_eq!(again.component_count(), 1, "{target}");
        assert_eq!(
            again.all_components().next().unwrap().purl.as_deref(),
            Some("pkg:generic/zlib@1.3.1")
        );
    }
}

#[test]
fn xml_with_a_dtd_is_refused_with_its_line() {
    let xml = br#"<?xml version="1.0"?>
<!DOCTYPE bom [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component type="library"><name>&lol2;</name></component></components></bom>"#;
    let error = read_bytes(xml.to_vec()).unwrap_err();
    assert!(
        matches!(error.root(), FormatError::CycloneDxXml(_)),
        "{error:?}"
    );
    let line = error.one_line();
    assert!(line.starts_with("cyclonedx-xml: "), "{line}");
    assert!(line.contains("line 2"), "{line}");
}

#[test]
fn malformed_json_names_the_place() {
    let error = read_bytes(
        br#"{"bomFormat":"CycloneDX","specVersion":"1.6","components":[{"type":"library","name":42}]}"#
            .to_vec(),
    )
    .unwrap_err();
    assert!(
        error.one_line().contains("/components/0/name"),
        "{}",
        error.one_line()
    );
}

#[test]
fn files_name_themselves_and_the_limit_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.json");
    std::fs::write(&path, vec![b' '; (MIB + 1) as usize]).unwrap();
    let error = read_path(&path, MIB).unwrap_err();
    assert!(error.is_too_large());
    assert_eq!(
        error.one_line(),
        format!("{}: larger than the limit of 1 MiB", path.display())
    );
    let missing = read_path(&dir.path().join("none.json"), MIB).unwrap_err();
    assert!(
        missing.one_line().starts_with("cannot open "),
        "{}",
        missing.one_line()
    );
    let small = dir.path().join("ok.json");
    std::fs::write(&small, CDX).unwrap();
    assert_eq!(read_path(&small, MIB).unwrap().component_count(), 1);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, b"{\"bomFormat\":\"CycloneDX\",").unwrap();
    let line = read_path(&bad, MIB).unwrap_err().one_line();
    assert!(
        line.starts_with(&format!("{} (cyclonedx-json): ", bad.display())),
        "{line}"
    );
}

#[test]
fn real_sboms_of_the_shared_data_are_read() {
    let Some(dir) = tplc_test::data("sboms") else {
        return;
    };
    let files = tplc_test::files_under(&dir, |name| {
        name.ends_with(".json") || name.ends_with(".xml") || name.ends_with(".spdx")
    });
    let mut read = 0;
    let mut refused = 0;
    for file in &files {
        match read_path(file, 256 * MIB) {
            Ok(_) => read += 1,
            // Refusals are one line, never a panic.
            Err(error) => {
                assert!(!error.one_line().contains('\n'));
                refused += 1;
            }
        }
    }
    println!(
        "shared SBOMs: {read} read, {refused} refused of {}",
        files.len()
    );
    assert!(files.is_empty() || read > 0);
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_are_refused_with_one_line_never_a_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
        if let Err(error) = read_bytes(bytes) {
            proptest::prop_assert!(!error.one_line().contains('\n'));
        }
    }

    #[test]
    fn utf16_of_any_text_decodes_to_the_text(text in "\\PC{0,64}", little in proptest::bool::ANY) {
        let mut bytes = if little { vec![0xFF, 0xFE] } else { vec![0xFE, 0xFF] };
        for unit in text.encode_utf16() {
            bytes.extend(if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        proptest::prop_assert_eq!(tplc_formats::utf8(bytes).unwrap(), text.as_bytes());
    }
}
