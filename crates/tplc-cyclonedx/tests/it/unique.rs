//! Arrays whose items the 1.6 schema requires to be unique never get two identical items,
//! whatever the model holds (SPDX documents list identical packages under one SPDXID, as
//! `data/sboms/spdx/chronicle-0.3.0.spdx.json` does).

use serde_json::Value;
use tplc_model::{
    Component, ComponentType, Dependency, SbomDocument, SourceFormat, Tool, ToolKind,
};

use crate::schema::validator;

fn library(name: &str, reference: Option<&str>) -> Component {
    let mut component = Component::new(ComponentType::Library, name);
    component.version = Some("v1.0.0".into());
    component.purl = Some(format!("pkg:golang/{name}@v1.0.0"));
    component.bom_ref = reference.map(str::to_owned);
    component
}

fn assert_valid(value: &Value) {
    let Some(validator) = validator() else { return };
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|error| format!("{error} ({})", error.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn identical_components_under_one_bom_ref_are_written_once() {
    let mut document = SbomDocument::new(SourceFormat::SpdxJson, "SPDX-2.3");
    let reference = "SPDXRef-Package-go-module-github.com/spf13/pflag-v1.0.5";
    for _ in 0..3 {
        document
            .components
            .push(library("github.com/spf13/pflag", Some(reference)));
    }
    document
        .components
        .push(library("github.com/spf13/cobra", Some("SPDXRef-cobra")));
    let mut node = Dependency::new("SPDXRef-cobra");
    node.depends_on.push(reference.into());
    document.dependencies.push(node.clone());
    document.dependencies.push(node);
    let written = tplc_cyclonedx::write_json(&document);
    let value: Value = serde_json::from_slice(&written.bytes).unwrap();
    assert_valid(&value);
    let names: Vec<&str> = value["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|component| component["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["github.com/spf13/pflag", "github.com/spf13/cobra"]);
    assert_eq!(value["components"][0]["bom-ref"], reference);
    let notes: Vec<String> = written.omissions.iter().map(ToString::to_string).collect();
    let dropped = "component \"github.com/spf13/pflag\" (pkg:golang/github.com/spf13/pflag@v1.0.0): identical to an earlier component of the same list; dropped";
    assert_eq!(
        notes,
        [
            dropped,
            dropped,
            "dependency \"SPDXRef-cobra\": identical to an earlier dependency entry; dropped",
        ]
    );
    assert_eq!(value["dependencies"].as_array().unwrap().len(), 1);
}

#[test]
fn components_that_come_out_alike_are_written_once() {
    // Different in the model (an empty bom-ref, which is not written), identical as written.
    let mut document = SbomDocument::new(SourceFormat::SpdxJson, "SPDX-2.3");
    document.components.push(library("a", None));
    document.components.push(library("a", Some("")));
    let mut parent = library("p", None);
    parent.components.push(library("c", None));
    parent.components.push(library("c", None));
    document.components.push(parent);
    let written = tplc_cyclonedx::write_json(&document);
    let value: Value = serde_json::from_slice(&written.bytes).unwrap();
    assert_valid(&value);
    assert_eq!(value["components"].as_array().unwrap().len(), 2);
    assert_eq!(
        value["components"][1]["components"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "nested lists too"
    );
    let notes: Vec<String> = written.omissions.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "component \"a\" (pkg:golang/a@v1.0.0): empty bom-ref dropped",
            "component \"a\" (pkg:golang/a@v1.0.0): written identical to an earlier component of the same list; dropped",
            "component \"c\" (pkg:golang/c@v1.0.0): identical to an earlier component of the same list; dropped",
        ]
    );
}

#[test]
fn identical_tools_are_written_once() {
    let mut document = SbomDocument::new(SourceFormat::SpdxJson, "SPDX-2.3");
    let mut tool = Tool::named("syft", Some("1.0.0".into()));
    tool.kind = ToolKind::Component(ComponentType::Application);
    document.metadata.tools.push(tool.clone());
    document.metadata.tools.push(tool);
    let written = tplc_cyclonedx::write_json(&document);
    let value: Value = serde_json::from_slice(&written.bytes).unwrap();
    assert_valid(&value);
    assert_eq!(
        value["metadata"]["tools"]["components"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(written.omissions.len(), 1, "{:?}", written.omissions);
}

#[test]
fn chronicle_has_repeated_packages_in_the_shared_data() {
    // The SPDX reader lives in another crate; this only checks that the shared file still has
    // the shape the tests above model (one SPDXID on identical packages).
    let Some(path) = tplc_test::data("sboms/spdx/chronicle-0.3.0.spdx.json") else {
        return;
    };
    let value: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let packages = value["packages"].as_array().unwrap();
    let mut seen = std::collections::HashSet::new();
    let repeated = packages
        .iter()
        .filter(|package| !seen.insert(package["SPDXID"].as_str().unwrap_or_default()))
        .count();
    assert!(repeated > 100, "{repeated} repeated SPDXIDs");
}
