//! The osv-scalibr version-ordering vectors (`semantic/testdata/*-versions*.txt`): every line
//! `a op b` must give `compare(a, b) == op` and `compare(b, a)` the opposite.
//!
//! Cases known to disagree with this crate are listed in [`SKIPS`] with the reason; the test
//! fails when any other case fails, and when a listed case no longer fails (a stale skip).

use std::cmp::Ordering;
use std::path::Path;

use tplc_version::Scheme;

/// Which scheme each vector file is checked under (upstream's mapping of files to ecosystems).
const FILES: &[(&str, Scheme)] = &[
    ("semver-versions.txt", Scheme::Semver),
    ("semver-versions.txt", Scheme::Go),
    ("pub-versions.txt", Scheme::Semver),
    ("pypi-versions.txt", Scheme::Pep440),
    ("pypi-versions-generated.txt", Scheme::Pep440),
    ("maven-versions.txt", Scheme::Maven),
    ("maven-versions-generated.txt", Scheme::Maven),
    ("debian-versions.txt", Scheme::Dpkg),
    ("debian-versions-generated.txt", Scheme::Dpkg),
    ("alpine-versions.txt", Scheme::Apk),
    ("alpine-versions-generated.txt", Scheme::Apk),
    ("redhat-versions.txt", Scheme::Rpm),
    ("rubygems-versions.txt", Scheme::RubyGems),
    ("rubygems-versions-generated.txt", Scheme::RubyGems),
    ("packagist-versions.txt", Scheme::Composer),
    ("packagist-versions-generated.txt", Scheme::Composer),
    ("nuget-versions.txt", Scheme::NuGet),
    ("cran-versions.txt", Scheme::Generic),
    ("cran-versions-generated.txt", Scheme::Generic),
    ("hackage-versions.txt", Scheme::Generic),
];

/// Why the Pub build-metadata vectors are skipped.
const PUB_BUILD: &str = "Pub (pub_semver) orders build metadata after the release; Pub uses Scheme::Semver, where SemVer 2.0 ignores build metadata";
/// Why some generated Maven vectors are skipped.
const MAVEN_39: &str = "generated with Maven 3.8's ComparableVersion, whose rule that a 0 or a \
     \".qualifier\" item beats a \"-\" sub-list is not transitive (2.9.0.RC1 < 2.9.0 < 2.9.0-1, \
     yet 2.9.0-1 < 2.9.0.RC1); this crate reads \".RC1\" as \"-RC1\" as Maven 3.9 does, which \
     orders these pairs the other way (RC8 < RC16, beta8 < rc0, RC0 < RC1)";
/// Why some hand-written Alpine vectors are skipped.
const APK_3: &str = "expects apk-tools 3 (latest); Alpine 3.x ships apk-tools 2.x, which this crate follows (all 13 979 generated Alpine vectors agree with 2.x)";

/// Cases this crate deliberately answers differently: (file, scheme, line, reason).
const SKIPS: &[(&str, Scheme, &str, &str)] = &[
    (
        "semver-versions.txt",
        Scheme::Go,
        "1.1.3.4.5 = 1.1.3.4.5",
        "a Go module version has at most three release components (golang.org/x/mod/semver rejects it)",
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.0.0-pre < 1.0.0-pre+build",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.0.0 < 1.0.0+build",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+1 < 1.2.3+2",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+1 < 1.2.3+a",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+9 < 1.2.3+a",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+900 < 1.2.3+a",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+a1 > 1.2.3+a",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+a1 < 1.2.3+a2",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+a9 < 1.2.3+b2",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+9a > 1.2.3+1z",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+9d > 1.2.3+1z",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3-beta+build < 1.2.3-beta+otherbuild",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "1.2.3+build < 1.2.3+otherbuild",
        PUB_BUILD,
    ),
    (
        "pub-versions.txt",
        Scheme::Semver,
        "v1.2.3+build < 1.2.3+otherbuild",
        PUB_BUILD,
    ),
    (
        "maven-versions.txt",
        Scheme::Maven,
        "1-1 = 1-ga-1",
        "the spec text trims nulls at each hyphen; ComparableVersion (which all 14 752 generated Maven vectors follow) gives 1-1 > 1-ga-1",
    ),
    ("alpine-versions.txt", Scheme::Apk, "1-r-0 < 1-r0", APK_3),
    ("alpine-versions.txt", Scheme::Apk, "1-r-1 < 1-r0", APK_3),
    ("alpine-versions.txt", Scheme::Apk, "0.r1 < 0r2", APK_3),
    (
        "alpine-versions.txt",
        Scheme::Apk,
        "0.8.21.r2 < 0.8.21r2",
        APK_3,
    ),
    ("alpine-versions.txt", Scheme::Apk, "1.2.0A < 1.2.0d", APK_3),
    ("alpine-versions.txt", Scheme::Apk, "1.2.0D < 1.2.0d", APK_3),
    ("alpine-versions.txt", Scheme::Apk, "1 > 1-ruff", APK_3),
    (
        "alpine-versions.txt",
        Scheme::Apk,
        "1-ruff2 = 1--ruff1",
        APK_3,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.0.0-RC16 < 1.0.0.RC8-beta",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.0.0-gradle-rework-beta3 < 1.0.0.RC7-3",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "2.9.0-1 < 2.9.0.RC1",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "6.1.12.rc5 < 6.1.12rc1",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.1.31.sec10 < 1.1.31_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.1.34.sec10 < 1.1.34_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.1.46.sec10 < 1.1.46_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.2.8.sec10_noneautotype < 1.2.8_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.2.31.sec10 < 1.2.31_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.2.48.sec10 < 1.2.48_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.2.50.sec10 < 1.2.50_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.2.54.sec10 < 1.2.54_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.2.57.sec10 < 1.2.57_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.2.60.sec10 < 1.2.60_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.2.67.sec10 < 1.2.67_noneautotype",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.0.0rc0 < 1.0.beta8",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.5.9.RC1 < 1.5.9-RC0",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "3.5.0-CR-2 < 3.5.0.Beta-1",
        MAVEN_39,
    ),
    (
        "maven-versions-generated.txt",
        Scheme::Maven,
        "1.1.0-01-glassfish < 1.1.0.Beta1",
        MAVEN_39,
    ),
    (
        "packagist-versions.txt",
        Scheme::Composer,
        "1.2.3.# = 1.2.3.1",
        "not transitive with \"1.2.3.# = 1.2.3\" and \"1.2.3 < 1.2.3.1\"; a total order keeps \"#\" equal to a missing part",
    ),
];

fn parse_op(op: &str) -> Option<Ordering> {
    match op {
        "<" => Some(Ordering::Less),
        "=" => Some(Ordering::Equal),
        ">" => Some(Ordering::Greater),
        _ => None,
    }
}

/// Checks one file; returns (passed, skipped, failures).
fn check_file(path: &Path, file: &str, scheme: Scheme) -> (usize, usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut passed = 0;
    let mut skipped = 0;
    let mut failures = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty()
            || line.starts_with("# ")
            || line.starts_with("// ")
            || line == "#"
            || line == "//"
        {
            continue;
        }
        let parts: Vec<&str> = line.split(' ').collect();
        let [a, op, b] = parts.as_slice() else {
            failures.push(format!("{file}:{}: malformed line {line:?}", number + 1));
            continue;
        };
        let Some(expected) = parse_op(op) else {
            failures.push(format!(
                "{file}:{}: unknown operator in {line:?}",
                number + 1
            ));
            continue;
        };
        let forward = scheme.compare(a, b);
        let backward = scheme.compare(b, a);
        let ok = matches!((&forward, &backward), (Ok(f), Ok(r)) if *f == expected && *r == expected.reverse());
        let skip = SKIPS
            .iter()
            .any(|(f, s, l, _)| *f == file && *s == scheme && *l == line);
        match (ok, skip) {
            (true, false) => passed += 1,
            (false, true) => skipped += 1,
            (true, true) => failures.push(format!(
                "{file} [{}]: stale skip, now passes: {line:?}",
                scheme.name()
            )),
            (false, false) => failures.push(format!(
                "{file}:{} [{}]: {line:?} gave {forward:?} / reverse {backward:?}",
                number + 1,
                scheme.name()
            )),
        }
    }
    (passed, skipped, failures)
}

#[test]
fn osv_scalibr_ordering_vectors() {
    let Some(dir) = tplc_test::testdata("osv-scalibr/semantic/testdata") else {
        return;
    };
    let mut all_failures = Vec::new();
    let mut total = 0;
    for (file, scheme) in FILES {
        let path = dir.join(file);
        let (passed, skipped, failures) = check_file(&path, file, *scheme);
        println!(
            "{file} [{}]: {passed} passed, {skipped} skipped, {} failed",
            scheme.name(),
            failures.len()
        );
        total += passed;
        all_failures.extend(failures);
    }
    for failure in all_failures.iter().take(200) {
        println!("FAIL {failure}");
    }
    assert!(
        all_failures.is_empty(),
        "{} vector failures",
        all_failures.len()
    );
    assert!(total > 70_000, "only {total} vectors passed");
}

#[test]
fn every_vector_file_is_covered() {
    let Some(dir) = tplc_test::testdata("osv-scalibr/semantic/testdata") else {
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("-versions") && n.ends_with(".txt"))
        .collect();
    names.sort();
    for name in names {
        assert!(
            FILES.iter().any(|(f, _)| *f == name),
            "vector file {name} is not checked"
        );
    }
}

/// Sorting all the versions of each vector file (under every scheme that parses them) is
/// consistent: every pair of the sorted list is in order, which fails for a comparison that is
/// not a total order.
#[test]
fn sorting_vector_versions_is_consistent() {
    let Some(dir) = tplc_test::testdata("osv-scalibr/semantic/testdata") else {
        return;
    };
    let mut checked = 0usize;
    for (file, _) in FILES {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let mut texts: Vec<&str> = text
            .lines()
            .filter(|l| !(l.starts_with("# ") || l.starts_with("// ")))
            .flat_map(|l| {
                let parts: Vec<&str> = l.split(' ').collect();
                match parts.as_slice() {
                    [a, _, b] => vec![*a, *b],
                    _ => vec![],
                }
            })
            .collect();
        texts.sort_unstable();
        texts.dedup();
        for scheme in Scheme::all() {
            let mut versions: Vec<_> = texts.iter().filter_map(|t| scheme.parse(t).ok()).collect();
            versions.sort();
            // Every pair for small lists, a stride of pairs for large ones.
            let step = (versions.len() / 400).max(1);
            for i in (0..versions.len()).step_by(step) {
                for j in (i + 1..versions.len()).step_by(step) {
                    assert_ne!(
                        versions[i].cmp(&versions[j]),
                        Ordering::Greater,
                        "{file} [{}]: {} sorted before {}",
                        scheme.name(),
                        versions[i],
                        versions[j]
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100_000, "only {checked} pairs checked");
}
