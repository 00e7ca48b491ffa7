//! The minimum-elements check: a document against a profile.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use tplc_model::{Component, SbomDocument};

use crate::{ComponentScope, Element, Profile, reachable_from_root};

/// The elements one component lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComponentGaps {
    /// The component's name (may be empty when the name is what is missing).
    pub name: String,
    /// The component's version.
    pub version: Option<String>,
    /// The component's `bom-ref` or SPDXID.
    pub bom_ref: Option<String>,
    /// Whether this is the top-level component.
    pub top_level: bool,
    /// The elements it lacks, in profile order.
    pub missing: Vec<Element>,
}

/// The result of checking one document against one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// The profile's id.
    pub profile: String,
    /// Whether the document passes: no document gap and no component gap.
    pub passed: bool,
    /// How many components were checked (the top-level component included).
    pub components_checked: usize,
    /// How many components the document has (the top-level component included).
    pub components_total: usize,
    /// Document-level elements that are missing.
    pub document_gaps: Vec<Element>,
    /// Components lacking elements, in document order; components with no gap are left out.
    pub component_gaps: Vec<ComponentGaps>,
    /// For each component-level element of the profile, how many components lack it.
    pub missing_counts: BTreeMap<Element, usize>,
}

impl CheckReport {
    /// How many components lack at least one element.
    #[must_use]
    pub fn failing_components(&self) -> usize {
        self.component_gaps.len()
    }
}

/// Checks a document against a profile.
#[must_use]
pub fn check(document: &SbomDocument, profile: &Profile) -> CheckReport {
    let reachable = reachable_from_root(document);
    let document_gaps: Vec<Element> = profile
        .document
        .iter()
        .copied()
        .filter(|element| !element.document_has(document))
        .collect();

    let mut visit = Visit {
        profile,
        reachable: &reachable,
        checked: 0,
        total: 0,
        gaps: Vec::new(),
    };
    if let Some(root) = &document.metadata.component {
        visit.component(root, true, true);
    }
    for component in &document.components {
        visit.component(component, false, false);
    }

    let mut missing_counts: BTreeMap<Element, usize> = profile
        .component
        .iter()
        .map(|element| (*element, 0))
        .collect();
    for gaps in &visit.gaps {
        for element in &gaps.missing {
            *missing_counts.entry(*element).or_default() += 1;
        }
    }
    CheckReport {
        profile: profile.id.clone(),
        passed: document_gaps.is_empty() && visit.gaps.is_empty(),
        components_checked: visit.checked,
        components_total: visit.total,
        document_gaps,
        component_gaps: visit.gaps,
        missing_counts,
    }
}

struct Visit<'a> {
    profile: &'a Profile,
    reachable: &'a HashSet<&'a str>,
    checked: usize,
    total: usize,
    gaps: Vec<ComponentGaps>,
}

impl Visit<'_> {
    /// Checks a component and its nested components; `parent_reached` says whether the parent
    /// is related to the top-level component (a nested component is related through nesting).
    fn component(&mut self, component: &Component, top_level: bool, parent_reached: bool) {
        self.total += 1;
        let reached = top_level
            || parent_reached
            || component
                .bom_ref
                .as_deref()
                .is_some_and(|reference| self.reachable.contains(reference));
        let in_scope = match self.profile.component_scope {
            ComponentScope::All => true,
            ComponentScope::Reachable => reached,
        };
        if in_scope {
            self.checked += 1;
            let missing: Vec<Element> = self
                .profile
                .component
                .iter()
                .copied()
                .filter(|element| match element {
                    Element::UpstreamRelationship => !reached,
                    _ => !element.component_has(component, top_level, self.reachable),
                })
                .collect();
            if !missing.is_empty() {
                self.gaps.push(ComponentGaps {
                    name: component.name.clone(),
                    version: component.version.clone(),
                    bom_ref: component.bom_ref.clone(),
                    top_level,
                    missing,
                });
            }
        }
        for child in &component.components {
            self.component(child, false, reached);
        }
    }
}

#[cfg(test)]
mod tests {
    use tplc_model::{
        ComponentType, Dependency, OrganizationalContact, OrganizationalEntity, SourceFormat,
    };

    use super::*;

    fn complete(reference: &str) -> Component {
        let mut component = Component::new(ComponentType::Library, reference);
        component.bom_ref = Some(reference.into());
        component.version = Some("1.0".into());
        component.supplier = Some(OrganizationalEntity::named("ACME"));
        component.purl = Some(format!("pkg:generic/{reference}@1.0"));
        component
    }

    fn device() -> SbomDocument {
        let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
        document.metadata.timestamp = Some("2026-11-23T10:00:00Z".into());
        document
            .metadata
            .authors
            .push(OrganizationalContact::named("Hanako Yamada"));
        document.metadata.component = Some(Box::new(complete("device")));
        document
            .components
            .extend([complete("os"), complete("libc")]);
        document.dependencies.push(Dependency {
            reference: "device".into(),
            depends_on: vec!["os".into()],
            provides: vec![],
        });
        document.dependencies.push(Dependency {
            reference: "os".into(),
            depends_on: vec!["libc".into()],
            provides: vec![],
        });
        document
    }

    #[test]
    fn a_complete_document_passes_jp_mhlw() {
        let report = check(&device(), &Profile::built_in("jp-mhlw").unwrap());
        assert!(report.passed, "{report:?}");
        assert_eq!((report.components_checked, report.components_total), (3, 3));
    }

    #[test]
    fn gaps_are_reported_per_component_and_document() {
        let mut document = device();
        document.metadata.authors.clear();
        document.components[1].supplier = None;
        document.components[1].purl = None;
        document.components.push(complete("floating"));
        let report = check(&document, &Profile::built_in("jp-mhlw").unwrap());
        assert!(!report.passed);
        assert_eq!(report.document_gaps, [Element::Author]);
        assert_eq!(report.component_gaps.len(), 2);
        assert_eq!(report.component_gaps[0].name, "libc");
        assert_eq!(
            report.component_gaps[0].missing,
            [Element::Supplier, Element::UniqueIdentifier]
        );
        assert_eq!(
            report.component_gaps[1].missing,
            [Element::UpstreamRelationship]
        );
        assert_eq!(report.missing_counts[&Element::Supplier], 1);
    }

    #[test]
    fn ntia_checks_only_reachable_components_and_accepts_local_ids_and_tools() {
        let mut document = device();
        document.metadata.authors.clear();
        document
            .metadata
            .tools
            .push(tplc_model::Tool::named("syft", None));
        document.components[0].purl = None;
        let mut floating = complete("floating");
        floating.version = None;
        document.components.push(floating);
        let report = check(&document, &Profile::built_in("ntia-2021").unwrap());
        assert!(report.passed, "{report:?}");
        assert_eq!((report.components_checked, report.components_total), (3, 4));
    }

    #[test]
    fn nested_components_are_related_through_their_parent() {
        let mut document = device();
        let mut child = complete("nested");
        child.bom_ref = None;
        document.components[0].components.push(child);
        let report = check(&document, &Profile::built_in("jp-mhlw").unwrap());
        assert!(report.passed, "{report:?}");
        assert_eq!(report.components_total, 4);
    }

    #[test]
    fn without_top_level_component_the_depth_rule_fails() {
        let mut document = device();
        document.metadata.component = None;
        let report = check(&document, &Profile::built_in("jp-mhlw").unwrap());
        assert_eq!(
            report.document_gaps,
            [Element::TopLevelComponent, Element::DirectComponents]
        );
    }
}
