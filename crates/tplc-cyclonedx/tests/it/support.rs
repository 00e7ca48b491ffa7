//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

/// The JSON test BOMs of one spec version folder whose names start with `prefix`.
pub(crate) fn spec_tests(version: &str, prefix: &str) -> Option<Vec<PathBuf>> {
    let dir = tplc_test::testdata(&format!("cyclonedx-spec/tests/{version}"))?;
    Some(tplc_test::files_under(&dir, |name| {
        name.starts_with(prefix) && name.ends_with(".json")
    }))
}

/// Every JSON BOM under the real-world folders (`cyclonedx-bom-examples`, `guac`) whose
/// `bomFormat` is CycloneDX.
pub(crate) fn real_world() -> Option<Vec<PathBuf>> {
    let mut found = Vec::new();
    for folder in ["cyclonedx-bom-examples", "guac"] {
        let dir = tplc_test::testdata(folder)?;
        for path in tplc_test::files_under(&dir, |name| name.ends_with(".json")) {
            if is_cyclonedx(&path) {
                found.push(path);
            }
        }
    }
    Some(found)
}

fn is_cyclonedx(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    serde_json::from_slice::<serde_json::Value>(&bytes).is_ok_and(|value| {
        value.get("bomFormat").and_then(serde_json::Value::as_str) == Some("CycloneDX")
    })
}

/// The file name, for reports.
pub(crate) fn name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A path relative to the shared test data, for reports.
pub(crate) fn short(path: &Path) -> String {
    let text = path.to_string_lossy();
    text.split_once("testdata/")
        .map_or_else(|| text.to_string(), |(_, rest)| rest.to_owned())
}
