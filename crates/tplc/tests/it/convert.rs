//! `tplc sbom convert` and `tplc sbom validate`.

use crate::support::{example, temporary_dir, tplc};

#[test]
fn conversions_keep_the_check_verdict() {
    let dir = temporary_dir("convert");
    for (target, file) in [
        ("cyclonedx-json", "out.cdx.json"),
        ("cyclonedx-xml", "out.cdx.xml"),
        ("spdx-json", "out.spdx.json"),
    ] {
        let output = dir.join(file);
        let run = tplc(&[
            "sbom",
            "convert",
            &example("sp-200-2.1.cdx.json"),
            "--to",
            target,
            "-o",
            output.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{target}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        let run = tplc(&[
            "sbom",
            "check",
            output.to_str().unwrap(),
            "--profile",
            "jp-mhlw",
        ]);
        assert_eq!(run.code, 0, "{target}: {}{}", run.stdout, run.stderr);
    }
}

#[test]
fn conversion_to_stdout_and_back_is_stable() {
    let run = tplc(&[
        "sbom",
        "convert",
        &example("sp-200-2.1.cdx.json"),
        "--to",
        "cyclonedx-json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dir = temporary_dir("stable");
    let first = dir.join("first.json");
    std::fs::write(&first, &run.stdout).unwrap();
    let again = tplc(&[
        "sbom",
        "convert",
        first.to_str().unwrap(),
        "--to",
        "cyclonedx-json",
    ]);
    assert_eq!(again.stdout, run.stdout);
}

#[test]
fn what_spdx_cannot_carry_is_said_on_stderr() {
    let run = tplc(&[
        "sbom",
        "convert",
        &example("sp-200-2.1.cdx.json"),
        "--to",
        "spdx-json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .lines()
            .all(|line| line.starts_with("note: not carried: ")),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.is_empty(),
        "the example's lifecycles and manufacturer have no SPDX home"
    );
}

#[test]
fn validate_names_the_format() {
    let run = tplc(&["sbom", "validate", &example("sp-200-2.1.cdx.json")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("valid cyclonedx-json 1.6: 9 components, 9 dependency entries"),
        "{}",
        run.stdout
    );
}
