//! A sample of the shared records validates against the official OSV schema (apart from the
//! known exceptions, listed explicitly), and our reading agrees with the JSON on key fields.

use std::io::Read;
use std::path::Path;

use jsonschema::{Draft, Validator};
use serde_json::Value;
use tplc_advisory::{Advisory, parse_osv};

use crate::support::{archives, short};

/// Records that fail the schema version in `../shared/testdata/osv-schema` (see
/// `../shared/data/README.md`): id prefixes that schema does not list yet ...
const UNLISTED_PREFIXES: [&str; 2] = ["BREW-", "LBSA-"];

/// ... and PyPA records whose `GIT` `fixed` values are not full commit hashes.
const SHORT_GIT_HASHES: [&str; 7] = [
    "PYSEC-2017-27",
    "PYSEC-2019-155",
    "PYSEC-2021-371",
    "PYSEC-2021-424",
    "PYSEC-2021-425",
    "PYSEC-2021-436",
    "PYSEC-2023-80",
];

/// Whether `id` is one of the known schema exceptions.
fn known_exception(id: &str) -> bool {
    UNLISTED_PREFIXES
        .iter()
        .any(|prefix| id.starts_with(prefix))
        || SHORT_GIT_HASHES.contains(&id)
}

/// Every 20th record of an archive is validated.
const SAMPLE_EVERY: usize = 20;

fn validator() -> Option<Validator> {
    let path = tplc_test::testdata("osv-schema/validation/schema.json")?;
    let schema: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    Some(
        jsonschema::options()
            .with_draft(Draft::Draft202012)
            .build(&schema)
            .unwrap(),
    )
}

/// The number of items of an array member (0 when absent or null).
fn count(value: &Value, key: &str) -> usize {
    value.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

/// Compares our advisory with the JSON on id, alias count, affected count and event count.
fn agree(value: &Value, advisory: &Advisory) -> Result<(), String> {
    let events: usize = value
        .get("affected")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|affected| {
            affected
                .get("ranges")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .map(|range| count(range, "events"))
        .sum();
    let ours: usize = advisory
        .affected
        .iter()
        .flat_map(|affected| &affected.ranges)
        .map(|range| range.events.len())
        .sum();
    let json = (
        value.get("id").and_then(Value::as_str).unwrap_or_default(),
        count(value, "aliases"),
        count(value, "affected"),
        events,
    );
    let read = (
        advisory.id.as_str(),
        advisory.aliases.len(),
        advisory.affected.len(),
        ours,
    );
    if json == read {
        Ok(())
    } else {
        Err(format!("JSON has {json:?}, we read {read:?}"))
    }
}

/// Validates one record; returns a failure line, if any.
fn check(
    validator: &Validator,
    bytes: &[u8],
    location: &str,
    expect_valid: bool,
) -> Option<String> {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(error) => return Some(format!("{location}: not JSON: {error}")),
    };
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .take(2)
        .map(|error| format!("{error} at {}", error.instance_path))
        .collect();
    if expect_valid && !errors.is_empty() {
        return Some(format!("{location}: schema: {}", errors.join("; ")));
    }
    if !expect_valid && errors.is_empty() {
        return Some(format!(
            "{location}: listed as a schema exception but validates"
        ));
    }
    match parse_osv(bytes, location) {
        Ok(advisory) => agree(&value, &advisory)
            .err()
            .map(|message| format!("{location}: {message}")),
        Err(error) => Some(format!("not read: {error}")),
    }
}

#[test]
fn sampled_records_validate_and_agree() {
    let (Some(validator), Some(archives)) = (validator(), archives(true)) else {
        return;
    };
    let (mut validated, mut exceptions) = (0, 0);
    let mut failures = Vec::new();
    for archive in &archives {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(archive).unwrap()).unwrap();
        for index in 0..zip.len() {
            let mut entry = zip.by_index(index).unwrap();
            let id = entry.name().trim_end_matches(".json").to_owned();
            let exception = known_exception(&id);
            if index % SAMPLE_EVERY != 0 && !exception {
                continue;
            }
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            let location = format!("{}:{}", short(archive), entry.name());
            validated += 1;
            exceptions += usize::from(exception);
            failures.extend(check(&validator, &bytes, &location, !exception));
        }
    }
    println!("{validated} records validated, {exceptions} of them known exceptions");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(exceptions, 43 + 1 + 7, "every known exception was seen");
    assert!(validated > 3_000, "{validated}");
}

/// The osv-schema repository's own records: linter examples, GHSA conversions, Red Hat output.
#[test]
fn osv_schema_records_validate_and_agree() {
    let (Some(validator), Some(dir)) = (validator(), tplc_test::testdata("osv-schema/tools"))
    else {
        return;
    };
    let files = tplc_test::files_under(&dir, |name| name.ends_with(".json"));
    let records: Vec<_> = files.iter().filter(|path| is_osv_record(path)).collect();
    let mut failures = Vec::new();
    for path in &records {
        let name = path.file_name().unwrap().to_string_lossy();
        // The one schema-invalid linter example: a range without an `introduced` event.
        let expect_valid = name != "nointroduced-CVE-2023-41045.json";
        let bytes = std::fs::read(path).unwrap();
        failures.extend(check(&validator, &bytes, &short(path), expect_valid));
    }
    println!("{} osv-schema records validated", records.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(records.len(), 12 + 11 + 2);
}

/// The OSV records of `osv-schema/tools`: linter test data, `ghsa/*.osv.json`, `redhat/OSV/`.
pub(crate) fn is_osv_record(path: &Path) -> bool {
    let text = path.to_string_lossy();
    text.contains("osv-linter/testdata/")
        || text.ends_with(".osv.json")
        || text.contains("redhat/testdata/OSV/")
}
