//! Reachability from the top-level component through the document's relationships.

use std::collections::{HashMap, HashSet};

use tplc_model::{RelationshipKind, SbomDocument};

/// SPDX relationship types that place `to` inside or under `from` (composition), as the SPDX
/// reference checker counts them, besides `CONTAINS` and the dependency graph.
const COMPOSITION: &[&str] = &[
    "DEPENDS_ON",
    "DYNAMIC_LINK",
    "STATIC_LINK",
    "HAS_PREREQUISITE",
    "PACKAGE_OF",
];

/// Edges from each element to the elements it depends on or contains.
fn edges(document: &SbomDocument) -> HashMap<&str, Vec<&str>> {
    let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
    for dependency in &document.dependencies {
        edges
            .entry(&dependency.reference)
            .or_default()
            .extend(dependency.depends_on.iter().map(String::as_str));
    }
    for relationship in &document.relationships {
        match &relationship.kind {
            RelationshipKind::Contains => edges
                .entry(&relationship.from)
                .or_default()
                .push(&relationship.to),
            RelationshipKind::Other(kind) if COMPOSITION.contains(&kind.as_str()) => {
                edges
                    .entry(&relationship.from)
                    .or_default()
                    .push(&relationship.to);
            }
            // `X_DEPENDENCY_OF`: `from` is a dependency of `to`.
            RelationshipKind::Other(kind) if kind.ends_with("DEPENDENCY_OF") => {
                edges
                    .entry(&relationship.to)
                    .or_default()
                    .push(&relationship.from);
            }
            RelationshipKind::Describes | RelationshipKind::Other(_) => {}
        }
    }
    // Nesting: a parent reaches its children.
    let nested = document
        .metadata
        .component
        .iter()
        .map(|root| &**root)
        .chain(&document.components);
    for parent in nested.flat_map(tplc_model::Component::walk) {
        if let Some(reference) = parent.bom_ref.as_deref() {
            let children = parent
                .components
                .iter()
                .filter_map(|child| child.bom_ref.as_deref());
            edges.entry(reference).or_default().extend(children);
        }
    }
    edges
}

/// The references reachable from the top-level component (itself included) through
/// dependencies, nesting, `CONTAINS` and the other composition relationships. Empty when the
/// document has no top-level component or it has no reference.
#[must_use]
pub fn reachable_from_root(document: &SbomDocument) -> HashSet<&str> {
    let mut reached = HashSet::new();
    let Some(root) = document
        .metadata
        .component
        .as_ref()
        .and_then(|root| root.bom_ref.as_deref())
    else {
        return reached;
    };
    let edges = edges(document);
    let mut pending = vec![root];
    while let Some(next) = pending.pop() {
        if reached.insert(next) {
            pending.extend(
                edges
                    .get(next)
                    .into_iter()
                    .flatten()
                    .copied()
                    .filter(|target| !reached.contains(target)),
            );
        }
    }
    reached
}

/// Whether the top-level component's direct components are listed.
pub(crate) fn has_direct_components(document: &SbomDocument) -> bool {
    let Some(root) = document.metadata.component.as_ref() else {
        return false;
    };
    if !root.components.is_empty() {
        return true;
    }
    root.bom_ref.as_deref().is_some_and(|reference| {
        edges(document)
            .get(reference)
            .is_some_and(|targets| !targets.is_empty())
    })
}

#[cfg(test)]
mod tests {
    use tplc_model::{Component, ComponentType, Dependency, Relationship, SourceFormat};

    use super::*;

    fn component(reference: &str) -> Component {
        let mut component = Component::new(ComponentType::Library, reference);
        component.bom_ref = Some(reference.into());
        component
    }

    #[test]
    fn reachability_follows_dependencies_nesting_and_relationships() {
        let mut document = SbomDocument::new(SourceFormat::SpdxJson, "SPDX-2.3");
        document.metadata.component = Some(Box::new(component("root")));
        let mut a = component("a");
        a.components.push(component("a1"));
        document
            .components
            .extend([a, component("b"), component("c"), component("floating")]);
        document.dependencies.push(Dependency {
            reference: "root".into(),
            depends_on: vec!["a".into()],
            provides: vec![],
        });
        document.relationships.push(Relationship {
            from: "b".into(),
            kind: RelationshipKind::Other("RUNTIME_DEPENDENCY_OF".into()),
            to: "a1".into(),
            comment: None,
        });
        document.relationships.push(Relationship {
            from: "b".into(),
            kind: RelationshipKind::Other("STATIC_LINK".into()),
            to: "c".into(),
            comment: None,
        });
        let reached = reachable_from_root(&document);
        let mut reached: Vec<_> = reached.into_iter().collect();
        reached.sort_unstable();
        assert_eq!(reached, ["a", "a1", "b", "c", "root"]);
        assert!(has_direct_components(&document));
        document.dependencies.clear();
        assert!(!has_direct_components(&document));
    }
}
