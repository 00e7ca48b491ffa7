//! What the writer produces validates against the official CycloneDX 1.6 XML schema, checked
//! with `xmllint` (offline, the schema's `spdx` import resolved through its XML catalog).

use std::path::{Path, PathBuf};
use std::process::Command;

use tplc_cyclonedx_xml::{read_xml, write_xml};

use crate::support::{name, real_world, valid_1_7_spec_tests, valid_spec_tests};

pub(crate) fn xmllint_installed() -> bool {
    Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Validates files with xmllint; returns the names of those that fail, with its messages.
pub(crate) fn validate(schema_dir: &Path, files: &[PathBuf]) -> Vec<String> {
    let output = Command::new("xmllint")
        .env("XML_CATALOG_FILES", schema_dir.join("xmlcatalog.xml"))
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema_dir.join("bom-1.6.xsd"))
        .args(files)
        .output()
        .expect("xmllint runs");
    let messages = String::from_utf8_lossy(&output.stderr);
    files
        .iter()
        .filter(|file| !messages.contains(&format!("{} validates", file.display())))
        .map(|file| {
            let related: Vec<&str> = messages
                .lines()
                .filter(|line| line.starts_with(&*file.display().to_string()))
                .take(5)
                .collect();
            format!("{}: {}", name(file), related.join("\n  "))
        })
        .collect()
}

#[test]
fn written_documents_validate_against_the_1_6_schema() {
    if !xmllint_installed() {
        println!("skipped: xmllint not installed");
        return;
    }
    let Some(schema_dir) = tplc_test::testdata("cyclonedx-spec/schema") else {
        return;
    };
    let (Some(mut sources), Some(real), Some(newer)) =
        (valid_spec_tests(), real_world(), valid_1_7_spec_tests())
    else {
        return;
    };
    sources.extend(real);
    // Documents read from 1.7 are written as 1.6 too, their 1.7 parts removed.
    sources.extend(newer);
    let out_dir =
        std::env::temp_dir().join(format!("tplc-cyclonedx-xml-schema-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut written = Vec::new();
    for (index, source) in sources.iter().enumerate() {
        let document = read_xml(&std::fs::read(source).unwrap()).unwrap();
        let path = out_dir.join(format!("{index:03}-{}", name(source)));
        std::fs::write(&path, write_xml(&document).bytes).unwrap();
        written.push(path);
    }
    let failures = validate(&schema_dir, &written);
    println!(
        "xmllint: {}/{} written documents valid",
        written.len() - failures.len(),
        written.len()
    );
    let _ = std::fs::remove_dir_all(&out_dir);
    assert!(
        failures.is_empty(),
        "invalid output:\n{}",
        failures.join("\n")
    );
}

/// The check itself can fail: a document breaking the schema is reported.
#[test]
fn xmllint_check_rejects_an_invalid_document() {
    if !xmllint_installed() {
        println!("skipped: xmllint not installed");
        return;
    }
    let Some(schema_dir) = tplc_test::testdata("cyclonedx-spec/schema") else {
        return;
    };
    let path = std::env::temp_dir().join(format!(
        "tplc-cyclonedx-xml-invalid-{}.xml",
        std::process::id()
    ));
    std::fs::write(&path, r#"<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><components><component/></components></bom>"#)
        .unwrap();
    let failures = validate(&schema_dir, std::slice::from_ref(&path));
    let _ = std::fs::remove_file(&path);
    assert_eq!(failures.len(), 1);
}
