//! Where the specification has the same test document in XML and JSON, the XML reader finds
//! the components and the dependency graph a plain walk of the JSON finds.

use std::collections::BTreeMap;

use serde_json::Value;
use tplc_cyclonedx_xml::read_xml;
use tplc_model::{Component, SbomDocument};

use crate::support::{name, spec_tests};

type ComponentFacts = Vec<(String, Option<String>, Option<String>, Option<String>)>;
type Graph = BTreeMap<String, (Vec<String>, Vec<String>)>;

fn from_json(document: &Value) -> (ComponentFacts, Graph) {
    fn walk(components: &Value, facts: &mut ComponentFacts) {
        for component in components.as_array().into_iter().flatten() {
            let text = |key: &str| {
                component
                    .get(key)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            facts.push((
                text("name").unwrap_or_default(),
                text("version"),
                text("purl"),
                text("bom-ref"),
            ));
            walk(&component["components"], facts);
        }
    }
    let mut facts = Vec::new();
    walk(&document["components"], &mut facts);
    let mut graph = Graph::new();
    for dependency in document["dependencies"].as_array().into_iter().flatten() {
        let list = |key: &str| -> Vec<String> {
            let mut list: Vec<String> = dependency[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|value| value.as_str().map(str::to_owned))
                .collect();
            list.sort();
            list
        };
        let reference = dependency["ref"].as_str().unwrap_or_default().to_owned();
        graph.insert(reference, (list("dependsOn"), list("provides")));
    }
    (facts, graph)
}

fn from_model(document: &SbomDocument) -> (ComponentFacts, Graph) {
    let facts = document
        .all_components()
        .map(|component: &Component| {
            (
                component.name.clone(),
                component.version.clone(),
                component.purl.clone(),
                component.bom_ref.clone(),
            )
        })
        .collect();
    let mut graph = Graph::new();
    for dependency in &document.dependencies {
        let mut depends_on = dependency.depends_on.clone();
        depends_on.sort();
        let mut provides = dependency.provides.clone();
        provides.sort();
        graph.insert(dependency.reference.clone(), (depends_on, provides));
    }
    (facts, graph)
}

#[test]
fn xml_and_json_twins_agree_on_components_and_dependencies() {
    let Some(files) = spec_tests("1.6", "valid-") else {
        return;
    };
    let mut compared = 0;
    let mut failures = Vec::new();
    for xml_path in &files {
        let json_path = xml_path.with_extension("json");
        let Ok(json_text) = std::fs::read_to_string(&json_path) else {
            continue;
        };
        let json: Value = serde_json::from_str(&json_text).unwrap();
        let document = read_xml(&std::fs::read(xml_path).unwrap()).unwrap();
        compared += 1;
        let (xml_components, xml_graph) = from_model(&document);
        let (json_components, json_graph) = from_json(&json);
        if xml_components != json_components {
            failures.push(format!(
                "{}: components differ\n{xml_components:?}\n{json_components:?}",
                name(xml_path)
            ));
        }
        if xml_graph != json_graph {
            failures.push(format!(
                "{}: dependencies differ\n{xml_graph:?}\n{json_graph:?}",
                name(xml_path)
            ));
        }
    }
    println!(
        "XML/JSON twins: {}/{compared} agree",
        compared - failures.len()
    );
    assert!(compared >= 30, "only {compared} twins found");
    assert!(failures.is_empty(), "failures:\n{}", failures.join("\n"));
}
