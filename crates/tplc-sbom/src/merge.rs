//! Supplier SBOMs assembled under one product component.

use std::collections::HashSet;

use tplc_model::{
    Component, ComponentType, Dependency, Metadata, OrganizationalEntity, Property, RawMap,
    SbomDocument, SourceFormat,
};

/// One document to merge and where it came from (a file name, shown in provenance).
#[derive(Debug, Clone)]
pub struct MergeInput {
    /// Where the document came from.
    pub origin: String,
    /// The document.
    pub document: SbomDocument,
}

/// Why documents cannot be merged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MergeError {
    /// No documents were given.
    #[error("nothing to merge: give at least one SBOM")]
    NoInputs,
    /// The root name is blank.
    #[error("the root component needs a name")]
    BlankRoot,
}

/// The property that records which input document a merged component came from.
pub const SOURCE_PROPERTY: &str = "tplc:merge:source";

/// Splits `"Device X 2.1"` into name `Device X` and version `2.1` when the last word starts
/// with a digit (or `v` and a digit); otherwise the whole text is the name.
fn split_root(root: &str) -> (String, Option<String>) {
    let root = root.trim();
    if let Some((name, version)) = root.rsplit_once(char::is_whitespace) {
        let bare = version.strip_prefix(['v', 'V']).unwrap_or(version);
        if bare.starts_with(|first: char| first.is_ascii_digit()) && !name.trim().is_empty() {
            return (name.trim().to_owned(), Some(version.to_owned()));
        }
    }
    (root.to_owned(), None)
}

/// Assembles supplier SBOMs under one product component named `root` (`"Device X 2.1"`).
///
/// Each input's top-level component becomes a direct component of the new root (an input
/// without one contributes its components directly); the inputs' dependency graphs are kept,
/// with `bom-ref`s prefixed by the input's position where two inputs use the same reference;
/// every component from an input gets a [`SOURCE_PROPERTY`] property naming the input; the
/// inputs' authors, tools and licences are kept in the merged metadata.
///
/// The root's supplier is `supplier` when given, else the first input's document supplier
/// (`metadata.supplier`), else the first input's top-level component's supplier.
///
/// # Errors
/// [`MergeError`] when there is no input or the root name is blank.
pub fn merge(
    root: &str,
    supplier: Option<&str>,
    inputs: Vec<MergeInput>,
    timestamp: Option<String>,
) -> Result<SbomDocument, MergeError> {
    if inputs.is_empty() {
        return Err(MergeError::NoInputs);
    }
    let (name, version) = split_root(root);
    if name.is_empty() {
        return Err(MergeError::BlankRoot);
    }
    let mut seen: HashSet<String> = HashSet::new();
    let mut clashing: HashSet<String> = HashSet::new();
    for input in &inputs {
        let references: HashSet<String> = all_refs(&input.document).collect();
        for reference in references {
            if !seen.insert(reference.clone()) {
                clashing.insert(reference);
            }
        }
    }

    let supplier = supplier.map(OrganizationalEntity::named).or_else(|| {
        inputs.iter().find_map(|input| {
            let metadata = &input.document.metadata;
            metadata.supplier.clone().or_else(|| {
                metadata
                    .component
                    .as_ref()
                    .and_then(|top| top.supplier.clone())
            })
        })
    });
    let root_ref = unique_ref("root", &seen);
    let mut product = Component::new(ComponentType::Device, name);
    product.version = version;
    product.bom_ref = Some(root_ref.clone());
    product.supplier.clone_from(&supplier);

    let mut merged = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
    merged.metadata = Metadata {
        timestamp,
        supplier,
        ..Metadata::default()
    };
    let mut root_node = Dependency::new(root_ref);

    for (position, input) in inputs.into_iter().enumerate() {
        let rename = |reference: &str| -> String {
            if clashing.contains(reference) {
                format!("{}:{reference}", position + 1)
            } else {
                reference.to_owned()
            }
        };
        let MergeInput { origin, document } = input;
        let metadata = document.metadata;
        merged.metadata.authors.extend(metadata.authors);
        merged
            .metadata
            .author_organizations
            .extend(metadata.author_organizations);
        merged.metadata.tools.extend(metadata.tools);
        merged.metadata.lifecycles.extend(metadata.lifecycles);
        merged.properties.push(Property::new(
            SOURCE_PROPERTY,
            describe_source(
                &origin,
                document.serial_number.as_deref(),
                document.namespace.as_deref(),
            ),
        ));

        let mut components = document.components;
        for component in &mut components {
            tag(component, &origin, &rename);
        }
        if let Some(top) = metadata.component {
            let mut top = *top;
            tag(&mut top, &origin, &rename);
            if let Some(reference) = &top.bom_ref {
                root_node.depends_on.push(reference.clone());
            }
            merged.components.push(top);
        } else {
            root_node.depends_on.extend(
                components
                    .iter()
                    .filter_map(|component| component.bom_ref.clone()),
            );
        }
        merged.components.extend(components);
        for mut dependency in document.dependencies {
            dependency.reference = rename(&dependency.reference);
            dependency.depends_on = dependency
                .depends_on
                .iter()
                .map(|reference| rename(reference))
                .collect();
            dependency.provides = dependency
                .provides
                .iter()
                .map(|reference| rename(reference))
                .collect();
            merged.dependencies.push(dependency);
        }
        for mut relationship in document.relationships {
            relationship.from = rename(&relationship.from);
            relationship.to = rename(&relationship.to);
            merged.relationships.push(relationship);
        }
        merge_raw(&mut merged.raw, document.raw, position);
    }
    merged.dependencies.insert(0, root_node);
    merged.metadata.component = Some(Box::new(product));
    Ok(merged)
}

fn describe_source(origin: &str, serial: Option<&str>, namespace: Option<&str>) -> String {
    match serial.or(namespace) {
        Some(id) => format!("{origin} ({id})"),
        None => origin.to_owned(),
    }
}

/// Renames references in a component tree and records its origin.
fn tag(component: &mut Component, origin: &str, rename: &impl Fn(&str) -> String) {
    if let Some(reference) = &component.bom_ref {
        component.bom_ref = Some(rename(reference));
    }
    component
        .properties
        .push(Property::new(SOURCE_PROPERTY, origin));
    for child in &mut component.components {
        tag(child, origin, rename);
    }
}

fn all_refs(document: &SbomDocument) -> impl Iterator<Item = String> + '_ {
    let root = document
        .metadata
        .component
        .iter()
        .flat_map(|root| root.walk());
    root.chain(document.all_components())
        .filter_map(|component| component.bom_ref.clone())
        .chain(
            document
                .dependencies
                .iter()
                .map(|dependency| dependency.reference.clone()),
        )
}

fn unique_ref(base: &str, taken: &HashSet<String>) -> String {
    let mut candidate = base.to_owned();
    let mut counter = 1;
    while taken.contains(&candidate) {
        counter += 1;
        candidate = format!("{base}-{counter}");
    }
    candidate
}

/// Keeps the inputs' verbatim parts; the second and later inputs' parts get a suffix when the
/// key is taken (`services#2`), so nothing is dropped silently.
fn merge_raw(target: &mut RawMap, raw: RawMap, position: usize) {
    for (key, value) in raw {
        if target.contains_key(&key) {
            target.insert(format!("{key}#{}", position + 1), value);
        } else {
            target.insert(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn supplier_sbom(root: &str, children: &[&str]) -> SbomDocument {
        let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
        let mut top = Component::new(ComponentType::Firmware, root);
        top.bom_ref = Some(root.into());
        document.metadata.component = Some(Box::new(top));
        let mut node = Dependency::new(root);
        for child in children {
            let mut component = Component::new(ComponentType::Library, *child);
            component.bom_ref = Some((*child).into());
            document.components.push(component);
            node.depends_on.push((*child).into());
        }
        document.dependencies.push(node);
        document
    }

    #[test]
    fn roots_are_split_into_name_and_version() {
        assert_eq!(
            split_root("Device X 2.1"),
            ("Device X".into(), Some("2.1".into()))
        );
        assert_eq!(
            split_root("Device X v3"),
            ("Device X".into(), Some("v3".into()))
        );
        assert_eq!(split_root("Infusion Pump"), ("Infusion Pump".into(), None));
    }

    #[test]
    fn inputs_hang_under_the_new_root_with_graphs_and_provenance() {
        let inputs = vec![
            MergeInput {
                origin: "a.json".into(),
                document: supplier_sbom("fw-a", &["zlib", "openssl"]),
            },
            MergeInput {
                origin: "b.json".into(),
                document: supplier_sbom("fw-b", &["zlib"]),
            },
        ];
        let merged = merge("Device X 2.1", Some("ACME Medical"), inputs, None).unwrap();
        assert_eq!(
            merged.metadata.component.as_ref().unwrap().supplier_name(),
            Some("ACME Medical")
        );
        let root = merged.metadata.component.as_ref().unwrap();
        assert_eq!(
            (root.name.as_str(), root.version.as_deref()),
            ("Device X", Some("2.1"))
        );
        assert_eq!(merged.dependencies[0].depends_on, ["fw-a", "fw-b"]);
        let references: Vec<_> = merged
            .all_components()
            .filter_map(|component| component.bom_ref.as_deref())
            .collect();
        assert_eq!(references, ["fw-a", "1:zlib", "openssl", "fw-b", "2:zlib"]);
        let fw_b = merged.dependency("fw-b").unwrap();
        assert_eq!(fw_b.depends_on, ["2:zlib"]);
        assert!(
            merged
                .all_components()
                .all(|component| component.property(SOURCE_PROPERTY).is_some())
        );
        let report = crate::check(&merged, &crate::Profile::built_in("ntia-2021").unwrap());
        assert_eq!(report.components_checked, 6);
    }

    #[test]
    fn nothing_to_merge_is_an_error() {
        assert_eq!(
            merge("X", None, Vec::new(), None),
            Err(MergeError::NoInputs)
        );
    }
}
