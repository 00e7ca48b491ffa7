//! Differences between two SBOM documents, by component identity.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use tplc_model::{Component, ComponentIdentity, SbomDocument};

/// A field of a component that differs between the two documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's name: `version`, `supplier`, `hashes`, `licenses` (the purl and CPE carry the version and
    /// the identity, so they are not compared separately).
    pub field: &'static str,
    /// The old value, as text.
    pub old: Option<String>,
    /// The new value, as text.
    pub new: Option<String>,
}

/// A component present in both documents with different fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentChange {
    /// The component's identity.
    pub identity: String,
    /// The component's name in the new document.
    pub name: String,
    /// The fields that differ, version first.
    pub changes: Vec<FieldChange>,
}

/// A component present on one side only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentEntry {
    /// The component's identity.
    pub identity: String,
    /// The component's name.
    pub name: String,
    /// The component's versions on that side (several when it appears more than once).
    pub versions: Vec<String>,
}

/// Added, removed and changed components between an old and a new document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiffReport {
    /// Components only in the new document.
    pub added: Vec<ComponentEntry>,
    /// Components only in the old document.
    pub removed: Vec<ComponentEntry>,
    /// Components in both whose fields differ.
    pub changed: Vec<ComponentChange>,
    /// How many components are in both and equal.
    pub unchanged: usize,
}

impl DiffReport {
    /// Whether the two documents list the same components with the same fields.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Every component of a document, top-level component included, grouped by identity.
fn by_identity(document: &SbomDocument) -> BTreeMap<ComponentIdentity, Vec<&Component>> {
    let mut grouped: BTreeMap<ComponentIdentity, Vec<&Component>> = BTreeMap::new();
    let root = document
        .metadata
        .component
        .iter()
        .flat_map(|root| root.walk());
    for component in root.chain(document.all_components()) {
        grouped
            .entry(component.identity())
            .or_default()
            .push(component);
    }
    grouped
}

fn versions(components: &[&Component]) -> Vec<String> {
    let set: BTreeSet<String> = components
        .iter()
        .filter_map(|component| component.version.clone())
        .collect();
    set.into_iter().collect()
}

fn joined(values: Vec<String>) -> Option<String> {
    (!values.is_empty()).then(|| values.join(", "))
}

fn field_values(components: &[&Component], field: &str) -> Option<String> {
    let mut values = BTreeSet::new();
    for component in components {
        match field {
            "version" => values.extend(component.version.clone()),
            "supplier" => values.extend(component.supplier_name().map(str::to_owned)),
            "hashes" => values.extend(
                component
                    .hashes
                    .iter()
                    .map(|hash| format!("{}:{}", hash.algorithm, hash.value.to_lowercase())),
            ),
            "licenses" => values.extend(
                component
                    .licenses
                    .iter()
                    .map(|license| license.as_str().to_owned()),
            ),
            _ => {}
        }
    }
    joined(values.into_iter().collect())
}

/// Compares two documents. Components are matched by [`ComponentIdentity`]: the purl without
/// version, else supplier + group + name.
#[must_use]
pub fn diff(old: &SbomDocument, new: &SbomDocument) -> DiffReport {
    let old = by_identity(old);
    let new = by_identity(new);
    let mut report = DiffReport::default();
    let entry = |identity: &ComponentIdentity, components: &[&Component]| ComponentEntry {
        identity: identity.to_string(),
        name: components
            .first()
            .map(|component| component.name.clone())
            .unwrap_or_default(),
        versions: versions(components),
    };
    for (identity, components) in &new {
        let Some(before) = old.get(identity) else {
            report.added.push(entry(identity, components));
            continue;
        };
        let changes: Vec<FieldChange> = ["version", "supplier", "hashes", "licenses"]
            .into_iter()
            .filter_map(|field| {
                let (old_value, new_value) =
                    (field_values(before, field), field_values(components, field));
                (old_value != new_value).then_some(FieldChange {
                    field,
                    old: old_value,
                    new: new_value,
                })
            })
            .collect();
        if changes.is_empty() {
            report.unchanged += 1;
        } else {
            report.changed.push(ComponentChange {
                identity: identity.to_string(),
                name: components
                    .first()
                    .map(|component| component.name.clone())
                    .unwrap_or_default(),
                changes,
            });
        }
    }
    for (identity, components) in &old {
        if !new.contains_key(identity) {
            report.removed.push(entry(identity, components));
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use tplc_model::{ComponentType, SourceFormat};

    use super::*;

    fn library(name: &str, version: &str) -> Component {
        let mut component = Component::new(ComponentType::Library, name);
        component.version = Some(version.into());
        component.purl = Some(format!("pkg:npm/{name}@{version}"));
        component
    }

    fn document(components: Vec<Component>) -> SbomDocument {
        let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
        document.components = components;
        document
    }

    #[test]
    fn version_changes_additions_and_removals_are_found() {
        let old = document(vec![
            library("lodash", "4.17.20"),
            library("left-pad", "1.0.0"),
            library("react", "18.2.0"),
        ]);
        let new = document(vec![
            library("lodash", "4.17.21"),
            library("react", "18.2.0"),
            library("zod", "3.0.0"),
        ]);
        let report = diff(&old, &new);
        assert_eq!(report.added.len(), 1);
        assert_eq!(report.added[0].identity, "pkg:npm/zod");
        assert_eq!(report.removed[0].name, "left-pad");
        assert_eq!(report.changed.len(), 1);
        assert_eq!(report.changed[0].changes[0].field, "version");
        assert_eq!(report.changed[0].changes[0].old.as_deref(), Some("4.17.20"));
        assert_eq!(report.changed[0].changes[0].new.as_deref(), Some("4.17.21"));
        assert_eq!(report.unchanged, 1);
    }

    #[test]
    fn a_document_does_not_differ_from_itself() {
        let old = document(vec![library("lodash", "4.17.20")]);
        assert!(diff(&old, &old).is_empty());
    }
}
