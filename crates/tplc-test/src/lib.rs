//! Test support shared by the tplc crates.
//!
//! The peer test suites (purl-spec, CycloneDX, SPDX, …) and real-world data live in the
//! `shared/` folder beside the checkout and are never copied into the repository. Tests find
//! them with [`shared_dir`] or [`testdata`], and when the folder is absent they print
//! `skipped: ../shared not present` and return, so the self-contained tests still run.

mod synthetic;

use std::path::{Path, PathBuf};

pub use synthetic::{synthetic_cyclonedx_json, synthetic_reference};

/// The `shared/` folder beside the checkout, if present.
///
/// `TPLC_SHARED_DIR` overrides the location.
#[must_use]
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TPLC_SHARED_DIR") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = repository.join("../shared");
    dir.is_dir().then(|| dir.canonicalize().unwrap_or(dir))
}

/// A folder under `shared/testdata/`, if present; prints the skip notice otherwise.
#[must_use]
pub fn testdata(relative: &str) -> Option<PathBuf> {
    let found = shared_dir()
        .map(|dir| dir.join("testdata").join(relative))
        .filter(|dir| dir.exists());
    if found.is_none() {
        skipped(relative);
    }
    found
}

/// A path under `shared/data/`, if present; prints the skip notice otherwise.
#[must_use]
pub fn data(relative: &str) -> Option<PathBuf> {
    let found = shared_dir()
        .map(|dir| dir.join("data").join(relative))
        .filter(|dir| dir.exists());
    if found.is_none() {
        skipped(relative);
    }
    found
}

/// Prints the notice a test gives when the shared folder is missing.
pub fn skipped(what: &str) {
    println!("skipped: ../shared not present ({what})");
}

/// Every file under `dir` (recursively) whose name satisfies `keep`, sorted by path.
#[must_use]
pub fn files_under(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(&keep)
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
