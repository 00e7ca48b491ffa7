//! Read → write → read gives the same model, and writing is stable.

use std::path::PathBuf;

use tplc_cyclonedx_xml::{read_xml, write_xml};

use crate::support::{name, real_world, valid_spec_tests};

fn round_trip(files: &[PathBuf]) {
    round_trip_with(files, false);
}

/// Read → write → read; with `omissions_allowed`, documents the writer reports omissions for
/// are only counted.
fn round_trip_with(files: &[PathBuf], omissions_allowed: bool) {
    let mut with_omissions = 0;
    let mut failures = Vec::new();
    for path in files {
        let bytes = std::fs::read(path).unwrap();
        let first = match read_xml(&bytes) {
            Ok(document) => document,
            Err(error) => {
                failures.push(format!("{}: not read: {error}", name(path)));
                continue;
            }
        };
        let written = write_xml(&first);
        if !written.omissions.is_empty() {
            if omissions_allowed {
                println!("{}: {} omissions", name(path), written.omissions.len());
                with_omissions += 1;
                continue;
            }
            failures.push(format!("{}: omissions {:?}", name(path), written.omissions));
        }
        let mut second = match read_xml(&written.bytes) {
            Ok(document) => document,
            Err(error) => {
                failures.push(format!(
                    "{}: written document not read back: {error}",
                    name(path)
                ));
                continue;
            }
        };
        assert_eq!(second.spec_version, "1.6");
        second.spec_version.clone_from(&first.spec_version);
        second.source_format = first.source_format;
        if second != first {
            failures.push(format!(
                "{}: model changed:\n{first:#?}\n---\n{second:#?}",
                name(path)
            ));
            continue;
        }
        let again = write_xml(&second);
        if again.bytes != written.bytes {
            failures.push(format!("{}: writing again gives other bytes", name(path)));
        }
    }
    println!(
        "round trip: {}/{} passed, {with_omissions} with omissions",
        files.len() - failures.len() - with_omissions,
        files.len()
    );
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}

#[test]
fn spec_valid_documents_round_trip() {
    let Some(files) = valid_spec_tests() else {
        return;
    };
    round_trip(&files);
}

#[test]
fn real_world_documents_round_trip() {
    let Some(files) = real_world() else { return };
    assert!(files.len() >= 12, "{files:?}");
    round_trip(&files);
}

/// CycloneDX 1.7 documents are written as 1.6: those the writer reports no omission for read
/// back unchanged.
#[test]
fn spec_1_7_documents_round_trip_unless_omissions_are_reported() {
    let Some(files) = crate::support::spec_tests("1.7", "valid-") else {
        return;
    };
    round_trip_with(&files, true);
}
