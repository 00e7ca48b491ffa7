//! SPDX JSON → model → SPDX JSON → model keeps what the model held.

use std::collections::HashSet;

use tplc_model::{Component, SbomDocument, SourceFormat};

use crate::corpus::readable;

/// The model as the writer's output reads back: SPDX 2.3 JSON, with tplc among the tools.
fn as_rewritten(document: &SbomDocument) -> SbomDocument {
    let mut document = document.clone();
    document.source_format = SourceFormat::SpdxJson;
    document.spec_version = "SPDX-2.3".into();
    document
}

fn without_tplc(document: &SbomDocument) -> SbomDocument {
    let mut document = document.clone();
    document
        .metadata
        .tools
        .retain(|tool| tool.name.as_deref() != Some("tplc"));
    document
}

#[test]
fn every_readable_document_survives_a_round_trip() {
    let Some(samples) = readable() else { return };
    let mut failures = Vec::new();
    let mut exact = 0;
    for sample in &samples {
        let first = sample.read().unwrap();
        let written = tplc_spdx::write_json(&first);
        let second = match tplc_spdx::read_json(&written.bytes) {
            Ok(second) => second,
            Err(error) => {
                failures.push(format!(
                    "{}: written output does not read: {error}",
                    sample.name()
                ));
                continue;
            }
        };
        let third = tplc_spdx::read_json(&tplc_spdx::write_json(&second).bytes).unwrap();
        if third != second {
            failures.push(format!(
                "{}: a second round trip changed the model",
                sample.name()
            ));
        }
        // Everything a component holds survives, except the filesAnalyzed flag the writer
        // repairs (and says so).
        let repaired = written
            .omissions
            .iter()
            .any(|omission| omission.what.starts_with("filesAnalyzed written as true"));
        let components = |document: &SbomDocument| -> Vec<Component> {
            let mut components: Vec<Component> = document
                .metadata
                .component
                .iter()
                .map(|c| c.as_ref().clone())
                .chain(document.all_components().cloned())
                .collect();
            if repaired {
                components.iter_mut().for_each(|component| {
                    component.raw.remove("spdx:filesAnalyzed");
                });
            }
            components
        };
        let (mut first_components, mut second_components) =
            (components(&first), components(&second));
        // An invalid purl or CPE is repaired or becomes an OTHER reference (and the writer
        // says so): those components keep everything but these identifiers.
        let rewritten: HashSet<&str> = written
            .omissions
            .iter()
            .filter(|omission| {
                [
                    "written as an OTHER reference",
                    "repaired as",
                    "in canonical form",
                ]
                .iter()
                .any(|note| omission.what.contains(note))
            })
            .map(|omission| omission.location.as_str())
            .collect();
        for (before, after) in first_components.iter_mut().zip(&mut second_components) {
            let identifier = before.purl.as_deref().or(before.bom_ref.as_deref());
            let location = match identifier {
                Some(identifier) => format!("component {:?} ({identifier})", before.name),
                None => format!("component {:?}", before.name),
            };
            if rewritten.contains(location.as_str()) {
                for component in [before, after] {
                    component.purl = None;
                    component.cpe = None;
                    component.raw.remove("spdx:externalRefs");
                }
            }
        }
        if let Some((before, after)) = first_components
            .iter()
            .zip(&second_components)
            .find(|(before, after)| before != after)
        {
            failures.push(format!(
                "{}: component changed:\n{before:?}\n{after:?}",
                sample.name()
            ));
        } else if first_components.len() != second_components.len() {
            failures.push(format!("{}: component count changed", sample.name()));
        }
        if first.dependencies != second.dependencies {
            failures.push(format!("{}: dependencies changed", sample.name()));
        }
        // Without omissions, the whole model is unchanged.
        if written.omissions.is_empty() {
            exact += 1;
            let mut expected = as_rewritten(&first);
            let got = without_tplc(&second);
            // A namespace or timestamp the source lacked is generated.
            expected.namespace = expected.namespace.or_else(|| got.namespace.clone());
            expected.metadata.timestamp = expected
                .metadata
                .timestamp
                .or_else(|| got.metadata.timestamp.clone());
            if expected != got {
                failures.push(format!(
                    "{}: model changed without an omission",
                    sample.name()
                ));
            }
        }
    }
    println!(
        "{}/{} documents survive the round trip ({exact} without any omission)",
        samples.len() - failures.len(),
        samples.len()
    );
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}
