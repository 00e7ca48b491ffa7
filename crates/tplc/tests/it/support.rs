//! Running the binary and finding files.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of `tplc` produced.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `tplc` with arguments, in English unless told otherwise.
pub(crate) fn tplc(arguments: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_tplc"))
        .args(arguments)
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("the tplc binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A file under the repository's `examples/`.
pub(crate) fn example(name: &str) -> String {
    repository()
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

pub(crate) fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A fresh temporary directory for one test.
pub(crate) fn temporary_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tplc-it-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary directory");
    dir
}

/// Asserts the run failed on input with exit 2 and exactly one line on stderr.
pub(crate) fn assert_input_error(run: &Run, expected_fragment: &str) {
    assert_eq!(
        run.code, 2,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "one line: {}", run.stderr);
    assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
    assert!(
        run.stderr.contains(expected_fragment),
        "{expected_fragment:?} not in {}",
        run.stderr
    );
}
