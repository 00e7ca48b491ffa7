//! Every record of the shared OSV data set reads without a record error.

use tplc_advisory::{AdvisorySource, RangeKind};

use crate::support::{archives, read, short};

/// Reads each archive, prints its counts, and returns the total read.
fn read_all(malicious: bool) -> Option<usize> {
    let archives = archives(malicious)?;
    let mut total = 0;
    let mut failures = Vec::new();
    for archive in &archives {
        let (summary, visited) = read(archive);
        let summary = summary.unwrap_or_else(|error| panic!("{error}"));
        println!(
            "{:>24}: {:>6} read, {} failed, {} skipped",
            short(archive),
            summary.read,
            summary.failed,
            summary.skipped
        );
        assert_eq!(summary.read, visited.advisories.len());
        assert_eq!(summary.failed, visited.errors.len());
        failures.extend(visited.errors.iter().take(5).map(ToString::to_string));
        for advisory in &visited.advisories {
            assert_eq!(advisory.source, Some(AdvisorySource::Osv));
            assert!(!advisory.id.is_empty());
            assert!(advisory.modified.is_some(), "{}: no modified", advisory.id);
        }
        total += summary.read;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    Some(total)
}

#[test]
fn every_main_set_record_reads() {
    let Some(total) = read_all(false) else {
        return;
    };
    println!("main set: {total} records");
    assert_eq!(total, 31_914);
}

#[test]
fn every_malicious_record_reads() {
    let Some(with_malicious) = read_all(true) else {
        return;
    };
    println!("main set and malicious: {with_malicious} records");
    assert_eq!(with_malicious, 31_914 + 33_076);
}

#[test]
fn go_records_keep_their_shape() {
    let Some(root) = tplc_test::data("osv/Go/all.zip") else {
        return;
    };
    let (summary, visited) = read(&root);
    assert_eq!(summary.unwrap().read, 4_291);
    let gin = visited
        .advisories
        .iter()
        .find(|advisory| advisory.id == "GO-2020-0001")
        .expect("GO-2020-0001 in Go/all.zip");
    assert_eq!(gin.affected[0].ecosystem, "Go");
    assert_eq!(gin.affected[0].name, "github.com/gin-gonic/gin");
    assert_eq!(gin.affected[0].ranges[0].kind, RangeKind::Semver);
    let imports = gin.affected[0].ecosystem_specific.as_deref().unwrap_or("");
    assert!(imports.starts_with(r#"{"imports":[{"#), "{imports}");
    let with_imports = visited
        .advisories
        .iter()
        .filter(|advisory| {
            advisory
                .affected
                .iter()
                .any(|affected| affected.ecosystem_specific.is_some())
        })
        .count();
    assert!(with_imports > 4_000, "{with_imports}");
}

#[test]
fn pypi_records_carry_git_ranges() {
    let Some(archive) = tplc_test::data("osv/PyPI/all.zip") else {
        return;
    };
    let (_, visited) = read(&archive);
    let git = visited
        .advisories
        .iter()
        .flat_map(|advisory| &advisory.affected)
        .flat_map(|affected| &affected.ranges)
        .filter(|range| range.kind == RangeKind::Git)
        .count();
    assert!(git > 100, "{git} GIT ranges");
    assert!(
        visited
            .advisories
            .iter()
            .flat_map(|advisory| &advisory.affected)
            .all(|affected| affected.ecosystem == "PyPI"),
    );
}

#[test]
fn psf_records_carry_cwe_ids() {
    let Some(archive) = tplc_test::data("osv/GIT/all.zip") else {
        return;
    };
    let (_, visited) = read(&archive);
    let mut with_cwes: Vec<(String, Vec<String>)> = visited
        .advisories
        .iter()
        .filter(|advisory| !advisory.cwes.is_empty())
        .map(|advisory| (advisory.id.clone(), advisory.cwes.clone()))
        .collect();
    with_cwes.sort();
    let expected: Vec<(String, Vec<String>)> = [
        ("PSF-2007-2", "CWE-22"),
        ("PSF-2023-2", "CWE-20"),
        ("PSF-2023-3", "CWE-416"),
        ("PSF-2023-4", "CWE-674"),
    ]
    .iter()
    .map(|(id, cwe)| ((*id).to_owned(), vec![(*cwe).to_owned()]))
    .collect();
    assert_eq!(with_cwes, expected);
    // GIT-only records have no package: empty ecosystem and name, GIT ranges with a repo.
    let first = &visited.advisories[0];
    assert!(
        first
            .affected
            .iter()
            .all(|affected| affected.ecosystem.is_empty())
    );
    assert!(
        first
            .affected
            .iter()
            .flat_map(|affected| &affected.ranges)
            .all(|range| range.kind == RangeKind::Git && range.repo.is_some())
    );
}
