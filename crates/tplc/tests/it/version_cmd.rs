//! `tplc version cmp` and `tplc version in`, single and batch: results on stdout, an unknown
//! ecosystem or unparsable version is one error line and exit 2.

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::support::{Run, assert_input_error, tplc};

/// Runs `tplc` with `input` on standard input.
fn tplc_with_stdin(arguments: &[&str], input: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tplc"))
        .args(arguments)
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the tplc binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("tplc finishes");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn cmp(ecosystem: &str, a: &str, b: &str) -> String {
    let run = tplc(&["version", "cmp", ecosystem, a, b]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    run.stdout
}

#[test]
fn cmp_prints_the_relation() {
    assert_eq!(cmp("PyPI", "1.0rc1", "1.0"), "<\n");
    assert_eq!(cmp("Debian:12", "2:9.0.0", "8.3.2"), ">\n");
    assert_eq!(cmp("Alpine:v3.18", "1.36.1-r18", "1.36.1-r2"), ">\n");
    assert_eq!(cmp("maven", "1.0", "1"), "=\n");
    assert_eq!(cmp("Red Hat", "1.2-3", "0:1.2-3"), "=\n");
    assert_eq!(
        cmp("golang", "v0.0.0-20191109021931-daa7c04131f5", "v0.0.1"),
        "<\n"
    );
    // A version starting with "-" is a version, not an option.
    assert_eq!(cmp("generic", "-1", "1"), "=\n");
}

#[test]
fn in_prints_true_or_false() {
    let run = tplc(&["version", "in", "npm", "1.5.0", "vers:npm/>=1.0.0|<2.0.0"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "true\n"),
        "{}",
        run.stderr
    );
    let run = tplc(&["version", "in", "npm", "2.0.0", "vers:npm/>=1.0.0|<2.0.0"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "false\n"),
        "{}",
        run.stderr
    );
    let run = tplc(&["version", "in", "Debian", "1:0.1-1", "vers:deb/*"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "true\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn errors_are_one_line_and_exit_2() {
    assert_input_error(
        &tplc(&["version", "cmp", "NoSuchEcosystem", "1", "2"]),
        "unknown ecosystem \"NoSuchEcosystem\"",
    );
    assert_input_error(&tplc(&["version", "cmp", "npm", "1.x", "2.0.0"]), "\"1.x\"");
    assert_input_error(&tplc(&["version", "cmp", "PyPI", "", "1"]), "empty version");
    assert_input_error(
        &tplc(&["version", "in", "PyPI", "1.0", "vers:npm/*"]),
        "is ordered as semver",
    );
    assert_input_error(&tplc(&["version", "in", "npm", "1.0.0", "npm/*"]), "vers:");
    let usage = tplc(&["version", "cmp", "npm", "1.0.0"]);
    assert_eq!(usage.code, 2, "{}", usage.stderr);
}

#[test]
fn batch_cmp_answers_each_line() {
    let run = tplc_with_stdin(
        &["version", "cmp", "--batch"],
        "npm 1.0.0 2.0.0\nRed Hat 1.0-1 1.0-2\n\nDebian:12\t2:1.0\t1.0\nPyPI 1.0 1.0.0\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "<\n<\n>\n=\n");
}

#[test]
fn batch_errors_stay_on_their_line() {
    let run = tplc_with_stdin(
        &["version", "cmp", "--batch"],
        "npm 1.0.0 2.0.0\nnosuch 1 2\nlonely\nnpm 2.0.0 1.0.0\n",
    );
    assert_eq!(run.code, 2);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert_eq!(lines[0], "<");
    assert!(
        lines[1].starts_with("error: unknown ecosystem"),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with("error: line 3"), "{}", lines[2]);
    assert_eq!(lines[3], ">");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn batch_in_answers_each_line() {
    let run = tplc_with_stdin(
        &["version", "in", "--batch"],
        "npm 1.5.0 vers:npm/>=1.0.0|<2.0.0\nPyPI 1.0rc1 vers:pypi/>=1.0\nRed Hat 1.0-1 vers:rpm/<=1.0-1\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "true\nfalse\ntrue\n");
}
