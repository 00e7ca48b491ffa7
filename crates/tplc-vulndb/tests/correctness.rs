//! The engine against an independent brute-force reference on real data.
//!
//! Every SBOM of `../shared/data/sboms/` is scanned against every advisory of
//! `../shared/data/osv/` twice: by the engine (package-key index, prepared ranges, cached
//! records) and by a reference written here that walks every advisory, every affected package
//! and every range for each SBOM and evaluates the OSV algorithm directly on version strings
//! with `Scheme::compare` (no index over advisories, no prepared ranges). Both use the purl →
//! ecosystem mapping of `tplc_vulndb::keys`, which has its own unit tests. The finding sets,
//! (component, advisory) pairs, must be identical.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use tplc_advisory::{Advisory, Affected, EventKind, Range, RangeKind};
use tplc_model::SbomDocument;
use tplc_purl::Purl;
use tplc_version::Scheme;
use tplc_vulndb::keys::{advisory_key, component_candidates};
use tplc_vulndb::{ComponentInput, Database, raw_matches};

fn read_sbom(path: &Path) -> Option<SbomDocument> {
    let bytes = std::fs::read(path).ok()?;
    let bytes = if bytes.starts_with(&[0xFF, 0xFE]) {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16(&units).ok()?.into_bytes()
    } else {
        bytes
    };
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('<') {
        tplc_cyclonedx_xml::read_xml(&bytes).ok()
    } else if String::from_utf8_lossy(&bytes).contains("\"spdxVersion\"") {
        tplc_spdx::read_json(&bytes).ok()
    } else {
        tplc_cyclonedx::read_json(&bytes).ok()
    }
}

fn load_advisories(dir: &Path) -> Vec<Advisory> {
    let mut advisories = Vec::new();
    for zip in tplc_test::files_under(dir, |name| name.ends_with("all.zip")) {
        if zip.components().any(|part| part.as_os_str() == "malicious") {
            continue;
        }
        tplc_advisory::read_osv_path(&zip, &mut |record| {
            advisories.push(record.expect("every shared OSV record reads"));
        })
        .expect("every shared archive reads");
    }
    advisories
}

/// `a` compared with `b` under `scheme`, None when either does not parse.
fn cmp(scheme: Scheme, a: &str, b: &str) -> Option<Ordering> {
    scheme.compare(a, b).ok()
}

/// The OSV evaluation algorithm, straight from the schema's pseudo-code, on strings.
fn in_range(scheme: Scheme, version: &str, range: &Range) -> Option<bool> {
    // Every event version must parse, as the engine requires of a range.
    for event in &range.events {
        let special = (event.kind == EventKind::Introduced && event.version == "0")
            || (event.kind == EventKind::Limit && event.version == "*");
        if !special {
            scheme.parse(&event.version).ok()?;
        }
    }
    scheme.parse(version).ok()?;
    let at_or_after =
        |bound: &str| bound == "0" || cmp(scheme, version, bound).is_some_and(Ordering::is_ge);
    // Sort: by version, "0" first; equal versions: introduced, last_affected, fixed.
    let mut events: Vec<(&EventKind, &str)> = range
        .events
        .iter()
        .filter(|event| event.kind != EventKind::Limit)
        .map(|event| (&event.kind, event.version.as_str()))
        .collect();
    let rank = |kind: &EventKind| match kind {
        EventKind::Introduced => 0,
        EventKind::LastAffected => 1,
        _ => 2,
    };
    events.sort_by(|(ka, a), (kb, b)| {
        let by_version = match (
            *a == "0" && **ka == EventKind::Introduced,
            *b == "0" && **kb == EventKind::Introduced,
        ) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => cmp(scheme, a, b).unwrap_or(Ordering::Equal),
        };
        by_version.then(rank(ka).cmp(&rank(kb)))
    });
    let mut affected = false;
    for (kind, bound) in events {
        match kind {
            EventKind::Introduced if at_or_after(bound) => affected = true,
            EventKind::Fixed if at_or_after(bound) => affected = false,
            EventKind::LastAffected if cmp(scheme, version, bound).is_some_and(Ordering::is_gt) => {
                affected = false
            }
            _ => {}
        }
    }
    let limits: Vec<&str> = range
        .events
        .iter()
        .filter(|event| event.kind == EventKind::Limit)
        .map(|event| event.version.as_str())
        .collect();
    let below_a_limit = limits.is_empty()
        || limits
            .iter()
            .any(|limit| *limit == "*" || cmp(scheme, version, limit).is_some_and(Ordering::is_lt));
    Some(affected && below_a_limit)
}

fn affected_matches(affected: &Affected, version: &str) -> bool {
    let Some(scheme) = Scheme::from_osv_ecosystem(&affected.ecosystem) else {
        return false;
    };
    for range in &affected.ranges {
        let range_scheme = match range.kind {
            RangeKind::Semver if scheme == Scheme::Go => Scheme::Go,
            RangeKind::Semver => Scheme::Semver,
            RangeKind::Ecosystem => scheme,
            _ => continue,
        };
        if in_range(range_scheme, version, range) == Some(true) {
            return true;
        }
    }
    affected
        .versions
        .iter()
        .any(|listed| listed == version || cmp(scheme, listed, version) == Some(Ordering::Equal))
}

/// The reference: every advisory, every affected package, every range.
fn reference(advisories: &[Advisory], components: &[ComponentInput]) -> BTreeSet<(usize, String)> {
    // The SBOM's components by candidate key (the input organised, not the advisories).
    let mut by_key: HashMap<String, Vec<(usize, String)>> = HashMap::new();
    for (index, component) in components.iter().enumerate() {
        if component.excluded {
            continue;
        }
        let Some(purl) = component
            .purl
            .as_deref()
            .and_then(|purl| Purl::parse(purl).ok())
        else {
            continue;
        };
        for candidate in
            component_candidates(&purl, component.version.as_deref()).unwrap_or_default()
        {
            by_key
                .entry(candidate.key)
                .or_default()
                .push((index, candidate.version));
        }
    }
    let mut found = BTreeSet::new();
    for advisory in advisories {
        if advisory.withdrawn.is_some() {
            continue;
        }
        for affected in &advisory.affected {
            let Ok(key) = advisory_key(&affected.ecosystem, &affected.name) else {
                continue;
            };
            for (index, version) in by_key.get(&key).into_iter().flatten() {
                if affected_matches(affected, version) {
                    found.insert((*index, advisory.id.clone()));
                }
            }
        }
    }
    found
}

#[test]
fn engine_and_brute_force_reference_agree_on_every_shared_sbom() {
    let (Some(osv), Some(sboms)) = (tplc_test::data("osv"), tplc_test::data("sboms")) else {
        return;
    };
    let advisories = load_advisories(&osv);
    assert!(advisories.len() > 30_000, "{} advisories", advisories.len());
    let database = Database::from_advisories(advisories.clone(), []).unwrap();
    let mut total = 0;
    let mut scanned = 0;
    let mut unreadable = Vec::new();
    let files = tplc_test::files_under(&sboms, |name| {
        name.ends_with(".json") || name.ends_with(".xml")
    });
    for path in &files {
        let Some(document) = read_sbom(path) else {
            unreadable.push(path.display().to_string());
            continue;
        };
        scanned += 1;
        let components = ComponentInput::from_document(&document);
        let (matches, _) = raw_matches(&database, &components).unwrap();
        let engine: BTreeSet<(usize, String)> = matches
            .iter()
            .map(|found| (found.component, found.reason.advisory.clone()))
            .collect();
        assert_eq!(
            engine.len(),
            matches.len(),
            "{}: one match per (component, advisory)",
            path.display()
        );
        let expected = reference(&advisories, &components);
        let missing: Vec<_> = expected.difference(&engine).take(5).collect();
        let extra: Vec<_> = engine.difference(&expected).take(5).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: engine misses {missing:?}, engine adds {extra:?}",
            path.display()
        );
        println!(
            "{}: {} components, {} matches",
            path.display(),
            components.len(),
            engine.len()
        );
        total += engine.len();
    }
    println!(
        "{scanned} SBOMs scanned, {total} (component, advisory) matches identical; unreadable: {unreadable:?}"
    );
    assert!(scanned >= 35, "only {scanned} SBOMs read");
    assert!(
        total > 500,
        "only {total} matches: the comparison would prove little"
    );
}
