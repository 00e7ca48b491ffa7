//! read → write → read gives an equal model (ignoring `source_format` and `spec_version`)
//! for every valid 1.4–1.6 test BOM and every real-world JSON BOM.

use tplc_model::{SbomDocument, SourceFormat};

use crate::support::{real_world, short, spec_tests};

fn normalised(mut document: SbomDocument) -> SbomDocument {
    document.source_format = SourceFormat::CycloneDxJson;
    document.spec_version = String::new();
    document
}

#[test]
fn read_write_read_keeps_the_model() {
    let mut paths = Vec::new();
    for version in ["1.4", "1.5", "1.6"] {
        let Some(found) = spec_tests(version, "valid") else {
            return;
        };
        paths.extend(found);
    }
    let Some(found) = real_world() else { return };
    paths.extend(found);
    let mut failures = Vec::new();
    let mut with_omissions = 0;
    for path in &paths {
        let Ok(first) = tplc_cyclonedx::read_json(&std::fs::read(path).unwrap()) else {
            failures.push(format!("{}: not read", short(path)));
            continue;
        };
        let written = tplc_cyclonedx::write_json(&first);
        let second = match tplc_cyclonedx::read_json(&written.bytes) {
            Ok(second) => second,
            Err(error) => {
                failures.push(format!("{}: output not read back: {error}", short(path)));
                continue;
            }
        };
        if written.omissions.is_empty() {
            if normalised(first) != normalised(second.clone()) {
                failures.push(format!("{}: model changed", short(path)));
            }
        } else {
            // The only loss the test data provokes: URLs that 1.2 allowed but are not IRIs.
            with_omissions += 1;
            let unexpected: Vec<_> = written
                .omissions
                .iter()
                .filter(|omission| !omission.what.contains("percent-encoded"))
                .collect();
            if !unexpected.is_empty() {
                failures.push(format!(
                    "{}: unexpected omissions {unexpected:?}",
                    short(path)
                ));
            }
        }
        let again = tplc_cyclonedx::write_json(&second);
        if !again.omissions.is_empty() || again.bytes != tplc_cyclonedx::write_json(&second).bytes {
            failures.push(format!(
                "{}: second write not stable: {:?}",
                short(path),
                again.omissions
            ));
        }
        match tplc_cyclonedx::read_json(&again.bytes) {
            Ok(third) if normalised(third.clone()) == normalised(second.clone()) => {}
            _ => failures.push(format!(
                "{}: second round trip changed the model",
                short(path)
            )),
        }
    }
    println!(
        "round trip: {}/{} documents kept ({with_omissions} with url encodings)",
        paths.len() - failures.len(),
        paths.len()
    );
    assert!(paths.len() > 100);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn writing_is_deterministic_and_starts_with_the_format() {
    let Some(paths) = spec_tests("1.6", "valid-bom") else {
        return;
    };
    for path in paths {
        let document = tplc_cyclonedx::read_json(&std::fs::read(&path).unwrap()).unwrap();
        let written = tplc_cyclonedx::write_json(&document);
        assert_eq!(written.bytes, tplc_cyclonedx::write_json(&document).bytes);
        let text = String::from_utf8(written.bytes).unwrap();
        let head: Vec<&str> = text.lines().take(4).collect();
        assert_eq!(
            head,
            [
                "{",
                "  \"$schema\": \"http://cyclonedx.org/schema/bom-1.6.schema.json\",",
                "  \"bomFormat\": \"CycloneDX\",",
                "  \"specVersion\": \"1.6\","
            ]
        );
    }
}
