//! Every CPE in the real SBOMs of `shared/data/sboms`: the parser agrees with the validators'
//! pattern on each, and what does not parse is repaired into a valid name.

use std::collections::BTreeSet;

use serde_json::Value;
use tplc_cpe::Cpe;

use crate::properties::{FORMATTED, URI};

fn collect(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::String(text) if text.starts_with("cpe:") || text.starts_with("CPE:") => {
            found.insert(text.clone());
        }
        Value::Array(items) => items.iter().for_each(|item| collect(item, found)),
        Value::Object(members) => members.values().for_each(|member| collect(member, found)),
        _ => {}
    }
}

#[test]
fn real_world_cpes_parse_or_repair() {
    let Some(dir) = tplc_test::data("sboms") else {
        return;
    };
    let mut cpes = BTreeSet::new();
    for path in tplc_test::files_under(&dir, |name| name.ends_with(".json")) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
            collect(&value, &mut cpes);
        }
    }
    let (mut valid, mut repaired, mut failures) = (0, 0, Vec::new());
    for text in &cpes {
        let matches = FORMATTED.is_match(text) || URI.is_match(text);
        match text.parse::<Cpe>() {
            Ok(cpe) => {
                valid += 1;
                if text.starts_with("cpe:2.3:") && cpe.to_string() != *text {
                    failures.push(format!("{text}: displays as {cpe}"));
                }
                if !matches {
                    failures.push(format!("{text}: parses, but the pattern rejects it"));
                }
            }
            Err(error) if matches && !text.contains('%') => {
                failures.push(format!("{text}: the pattern accepts it, but {error}"));
            }
            Err(_) => match Cpe::repair(text) {
                Ok(cpe) if FORMATTED.is_match(&cpe.to_string()) => repaired += 1,
                Ok(cpe) => failures.push(format!("{text}: repaired as invalid {cpe}")),
                Err(error) => failures.push(format!("{text}: {error}")),
            },
        }
    }
    println!(
        "{}/{} real-world CPEs valid, {repaired} repaired, {} failures",
        valid,
        cpes.len(),
        failures.len()
    );
    assert!(!cpes.is_empty());
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}
