//! Relationships of the written document (writing side): the SPDX 2.3 relationship types,
//! the dependency graph as `DEPENDS_ON`, without duplicates.

use std::collections::HashSet;

use serde_json::{Map, Value, json};
use tplc_model::{Omission, SbomDocument};

use crate::ids::Ids;

/// Relationship types of SPDX 2.3 (clause 11.1).
pub(crate) const RELATIONSHIP_TYPES: &[&str] = &[
    "DESCRIBES",
    "DESCRIBED_BY",
    "CONTAINS",
    "CONTAINED_BY",
    "DEPENDS_ON",
    "DEPENDENCY_OF",
    "DEPENDENCY_MANIFEST_OF",
    "BUILD_DEPENDENCY_OF",
    "DEV_DEPENDENCY_OF",
    "OPTIONAL_DEPENDENCY_OF",
    "PROVIDED_DEPENDENCY_OF",
    "TEST_DEPENDENCY_OF",
    "RUNTIME_DEPENDENCY_OF",
    "EXAMPLE_OF",
    "GENERATES",
    "GENERATED_FROM",
    "ANCESTOR_OF",
    "DESCENDANT_OF",
    "VARIANT_OF",
    "DISTRIBUTION_ARTIFACT",
    "PATCH_FOR",
    "PATCH_APPLIED",
    "COPY_OF",
    "FILE_ADDED",
    "FILE_DELETED",
    "FILE_MODIFIED",
    "EXPANDED_FROM_ARCHIVE",
    "DYNAMIC_LINK",
    "STATIC_LINK",
    "DATA_FILE_OF",
    "TEST_CASE_OF",
    "BUILD_TOOL_OF",
    "DEV_TOOL_OF",
    "TEST_OF",
    "TEST_TOOL_OF",
    "DOCUMENTATION_OF",
    "OPTIONAL_COMPONENT_OF",
    "METAFILE_OF",
    "PACKAGE_OF",
    "AMENDS",
    "PREREQUISITE_FOR",
    "HAS_PREREQUISITE",
    "REQUIREMENT_DESCRIPTION_FOR",
    "SPECIFICATION_FOR",
    "OTHER",
];

fn relationship(from: &str, kind: &str, to: &str, comment: Option<&str>) -> Value {
    let mut object = Map::new();
    object.insert("spdxElementId".into(), json!(from));
    object.insert("relationshipType".into(), json!(kind));
    object.insert("relatedSpdxElement".into(), json!(to));
    if let Some(comment) = comment {
        object.insert("comment".into(), json!(comment));
    }
    Value::Object(object)
}

/// Relationships written so far, without duplicates.
#[derive(Default)]
pub(crate) struct Relationships {
    pub(crate) written: Vec<Value>,
    seen: HashSet<(String, String, String, Option<String>)>,
    pub(crate) unresolved: Vec<String>,
}

impl Relationships {
    pub(crate) fn add(&mut self, from: &str, kind: &str, to: &str, comment: Option<&str>) {
        let key = (
            from.to_owned(),
            kind.to_owned(),
            to.to_owned(),
            comment.map(str::to_owned),
        );
        if self.seen.insert(key) {
            self.written.push(relationship(from, kind, to, comment));
        }
    }
}

/// A model relationship, resolved, waiting to be written.
pub(crate) struct Pending {
    /// The element the relationship starts from.
    pub(crate) from: String,
    /// The SPDX relationship type.
    pub(crate) kind: String,
    /// The element it points at.
    pub(crate) to: String,
    /// Free text about it.
    pub(crate) comment: Option<String>,
}

impl Pending {
    /// Whether this relationship states that `from` depends on `to`.
    fn states_dependency(&self, from: &str, to: &str) -> bool {
        match self.kind.as_str() {
            "DEPENDS_ON" => self.from == from && self.to == to,
            "DEPENDENCY_OF" | "RUNTIME_DEPENDENCY_OF" => self.from == to && self.to == from,
            _ => false,
        }
    }
}

/// Each edge as `DEPENDS_ON`, unless a kept relationship (a commented one, a
/// `RUNTIME_DEPENDENCY_OF`) already states it. Kept relationships come first, so an edge they
/// state may move to the front of its node's `depends_on` on reading back.
pub(crate) fn write_dependencies(
    document: &SbomDocument,
    ids: &Ids,
    pending: &[Pending],
    relationships: &mut Relationships,
    omissions: &mut Vec<Omission>,
) {
    for dependency in &document.dependencies {
        let Some(from) = ids.resolve(&dependency.reference) else {
            relationships.unresolved.push(dependency.reference.clone());
            continue;
        };
        if !dependency.provides.is_empty() {
            omissions.push(Omission::new(
                format!("dependency of {:?}", dependency.reference),
                "provides (SPDX has no equivalent)",
            ));
        }
        let targets: Vec<String> = if dependency.depends_on.is_empty() {
            vec!["NONE".to_owned()]
        } else {
            dependency.depends_on.clone()
        };
        for target in &targets {
            let Some(to) = ids.resolve(target) else {
                relationships.unresolved.push(target.clone());
                continue;
            };
            if !pending
                .iter()
                .any(|kept| kept.states_dependency(&from, &to))
            {
                relationships.add(&from, "DEPENDS_ON", &to, None);
            }
        }
    }
}
