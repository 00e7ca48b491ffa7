//! Shared helpers: the test files of the shared folder.

use std::path::{Path, PathBuf};

/// The specification's XML test files of one version whose name starts with `prefix`.
pub(crate) fn spec_tests(version: &str, prefix: &str) -> Option<Vec<PathBuf>> {
    let dir = tplc_test::testdata(&format!("cyclonedx-spec/tests/{version}"))?;
    Some(tplc_test::files_under(&dir, |name| {
        name.starts_with(prefix) && name.ends_with(".xml")
    }))
}

/// The valid XML test files of 1.5 and 1.6.
pub(crate) fn valid_spec_tests() -> Option<Vec<PathBuf>> {
    let mut files = spec_tests("1.5", "valid-")?;
    files.extend(spec_tests("1.6", "valid-")?);
    Some(files)
}

/// The valid XML test files of 1.7, whose raw parts carry elements 1.6 does not have.
pub(crate) fn valid_1_7_spec_tests() -> Option<Vec<PathBuf>> {
    spec_tests("1.7", "valid-")
}

/// Real-world documents that break the schema and are rejected, with the reason.
pub(crate) const REJECTED: &[&str] = &[
    // An XML declaration and nothing else.
    "invalid-cyclonedx.xml",
    // osv-scanner's test of duplicate packages: two components share a bom-ref, which the
    // schema's `xs:unique` forbids.
    "with-duplicates.cdx.xml",
];

/// Real-world CycloneDX XML documents of the shared folder that are valid.
pub(crate) fn real_world() -> Option<Vec<PathBuf>> {
    let mut files = Vec::new();
    for dir in ["cyclonedx-bom-examples", "osv-scanner", "guac"] {
        let dir = tplc_test::testdata(dir)?;
        files.extend(tplc_test::files_under(&dir, |name| {
            name.ends_with(".xml") && !REJECTED.contains(&name) && !name.starts_with("pom")
        }));
    }
    files.retain(|path| std::fs::read(path).is_ok_and(|bytes| is_cyclonedx(&bytes)));
    Some(files)
}

fn is_cyclonedx(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1000)];
    String::from_utf8_lossy(head).contains("http://cyclonedx.org/schema/bom/")
}

/// A file's name for messages.
pub(crate) fn name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
