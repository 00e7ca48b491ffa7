//! SPDX 2.x JSON value → model. The tag-value reader builds the same JSON shape first.

use std::collections::{HashMap, HashSet};

use serde_json::{Value, json};
use tplc_model::{
    Dependency, Metadata, Property, RawFragment, Relationship, RelationshipKind, SbomDocument,
    SourceFormat, Tool,
};

use crate::actor::Actor;
use crate::error::{ReadError, child};
use crate::json::{array, object, required_string, string, strings};
use crate::license;
use crate::package::read_package;

/// The identifier of the document element.
pub(crate) const DOCUMENT_ID: &str = "SPDXRef-DOCUMENT";

/// The message for SPDX 3 input.
pub(crate) const SPDX_3: &str = "SPDX 3 is not supported (tplc reads SPDX 2.2 and 2.3)";

/// Reads an SPDX 2.x document from its JSON value.
pub(crate) fn read_document(
    value: &Value,
    format: SourceFormat,
) -> Result<SbomDocument, ReadError> {
    let root = object(value, "")?;
    if root.contains_key("@context") || root.contains_key("@graph") {
        return Err(ReadError::at_pointer("", SPDX_3));
    }
    let version = required_string(root, "spdxVersion", "")?;
    check_version(version, "/spdxVersion")?;
    let mut document = SbomDocument::new(format, version);
    let document_id = string(root, "SPDXID", "")?
        .unwrap_or(DOCUMENT_ID)
        .to_owned();
    document.name = string(root, "name", "")?.map(str::to_owned);
    document.namespace = string(root, "documentNamespace", "")?.map(str::to_owned);
    document.data_license = string(root, "dataLicense", "")?.map(str::to_owned);
    if let Some(creation) = root.get("creationInfo") {
        read_creation_info(creation, &mut document)?;
    }

    let license_names = license::extracted_names(array(root, "hasExtractedLicensingInfos", "")?);
    let mut extra_relationships = Vec::new();
    for (index, package) in array(root, "packages", "")?.iter().enumerate() {
        let (component, has_files) = read_package(
            package,
            &child("/packages", index),
            document.namespace.as_deref(),
            &license_names,
        )?;
        if let Some(reference) = &component.bom_ref {
            extra_relationships.extend(has_files.into_iter().map(|file| (reference.clone(), file)));
        }
        document.components.push(component);
    }
    for key in ["files", "snippets"] {
        let items = array(root, key, "")?;
        for (index, item) in items.iter().enumerate() {
            let element = object(item, &child(&child("", key), index))?;
            required_string(element, "SPDXID", &child(&child("", key), index))?;
        }
        if !items.is_empty() {
            document.raw.insert(
                format!("spdx:{key}"),
                RawFragment::Json(Value::Array(items.to_vec())),
            );
        }
    }
    let mut annotations = Vec::new();
    for (index, annotation) in array(root, "annotations", "")?.iter().enumerate() {
        match property_of_annotation(annotation, &child("/annotations", index))? {
            Some(property) => document.metadata.properties.push(property),
            None => annotations.push(annotation.clone()),
        }
    }
    if !annotations.is_empty() {
        document.raw.insert(
            "spdx:annotations".into(),
            RawFragment::Json(Value::Array(annotations)),
        );
    }
    for (key, value) in root {
        let handled = matches!(
            key.as_str(),
            "spdxVersion"
                | "name"
                | "documentNamespace"
                | "dataLicense"
                | "creationInfo"
                | "packages"
                | "files"
                | "snippets"
                | "annotations"
                | "relationships"
                | "documentDescribes"
        ) || (key == "SPDXID" && document_id == DOCUMENT_ID);
        if !handled {
            document
                .raw
                .insert(format!("spdx:{key}"), RawFragment::Json(value.clone()));
        }
    }

    let described = strings(root, "documentDescribes", "")?;
    read_relationships(
        root,
        &document_id,
        described,
        extra_relationships,
        &mut document,
    )?;
    Ok(document)
}

/// Accepts `SPDX-2.x`; SPDX 3 and anything else are errors.
pub(crate) fn check_version(version: &str, pointer: &str) -> Result<(), ReadError> {
    let version = version.trim();
    if version.starts_with("SPDX-3") {
        return Err(ReadError::at_pointer(pointer, SPDX_3));
    }
    if !version.starts_with("SPDX-2.") {
        return Err(ReadError::at_pointer(
            pointer,
            format!("unsupported SPDX version {version:?} (expected SPDX-2.2 or SPDX-2.3)"),
        ));
    }
    Ok(())
}

fn read_creation_info(value: &Value, document: &mut SbomDocument) -> Result<(), ReadError> {
    let pointer = "/creationInfo";
    let creation = object(value, pointer)?;
    let metadata: &mut Metadata = &mut document.metadata;
    metadata.timestamp = string(creation, "created", pointer)?.map(str::to_owned);
    metadata.comment = string(creation, "comment", pointer)?.map(str::to_owned);
    let mut unrecognised = Vec::new();
    for creator in strings(creation, "creators", pointer)? {
        match Actor::parse(&creator) {
            Some(Actor::Person { name, email }) => metadata
                .authors
                .push(Actor::contact(&name, email.as_deref())),
            Some(organization @ Actor::Organization { .. }) => {
                metadata.author_organizations.extend(organization.entity());
            }
            Some(Actor::Tool { name, version }) => metadata.tools.push(Tool::named(name, version)),
            Some(Actor::NoAssertion) | None => unrecognised.push(Value::String(creator)),
        }
    }
    if !unrecognised.is_empty() {
        document.raw.insert(
            "spdx:creators".into(),
            RawFragment::Json(Value::Array(unrecognised)),
        );
    }
    if let Some(version) = string(creation, "licenseListVersion", pointer)? {
        document.raw.insert(
            "spdx:licenseListVersion".into(),
            RawFragment::Json(json!(version)),
        );
    }
    Ok(())
}

/// A `cdx:<name>=<value>` annotation (from any annotator), or any annotation by `Tool: tplc`,
/// as a property; `None` for other annotations.
pub(crate) fn property_of_annotation(
    value: &Value,
    pointer: &str,
) -> Result<Option<Property>, ReadError> {
    let annotation = object(value, pointer)?;
    let Some(comment) = string(annotation, "comment", pointer)? else {
        return Ok(None);
    };
    let annotator = string(annotation, "annotator", pointer)?
        .unwrap_or_default()
        .trim();
    let by_tplc = annotator == "Tool: tplc" || annotator.starts_with("Tool: tplc-");
    let comment = comment.trim();
    match comment.split_once('=') {
        Some((name, value)) if (by_tplc || name.starts_with("cdx:")) && !name.trim().is_empty() => {
            Ok(Some(Property::new(name.trim(), value)))
        }
        None if by_tplc && !comment.is_empty() => Ok(Some(Property {
            name: comment.to_owned(),
            value: None,
        })),
        _ => Ok(None),
    }
}

/// Relationship types read into the dependency graph.
fn dependency_edge<'a>(kind: &str, from: &'a str, to: &'a str) -> Option<(&'a str, &'a str)> {
    match kind {
        "DEPENDS_ON" => Some((from, to)),
        "DEPENDENCY_OF" | "RUNTIME_DEPENDENCY_OF" => Some((to, from)),
        _ => None,
    }
}

fn read_relationships(
    root: &crate::json::Object,
    document_id: &str,
    document_describes: Vec<String>,
    has_files: Vec<(String, String)>,
    document: &mut SbomDocument,
) -> Result<(), ReadError> {
    let mut described: Vec<String> = Vec::new();
    for target in document_describes {
        if !described.contains(&target) {
            described.push(target);
        }
    }
    let mut relationships: Vec<Relationship> = Vec::new();
    let mut seen: HashSet<(String, RelationshipKind, String, Option<String>)> = HashSet::new();
    let mut edges: HashSet<(String, String)> = HashSet::new();
    let mut dependencies: Vec<Dependency> = Vec::new();
    let mut dependency_index: HashMap<String, usize> = HashMap::new();
    for (index, value) in array(root, "relationships", "")?.iter().enumerate() {
        let pointer = child("/relationships", index);
        let relationship = object(value, &pointer)?;
        let from = required_string(relationship, "spdxElementId", &pointer)?.trim();
        let kind = required_string(relationship, "relationshipType", &pointer)?.trim();
        let to = required_string(relationship, "relatedSpdxElement", &pointer)?.trim();
        let comment = string(relationship, "comment", &pointer)?.map(str::to_owned);
        let describing = match kind {
            "DESCRIBES" if from == document_id => Some(to),
            "DESCRIBED_BY" if to == document_id => Some(from),
            _ => None,
        };
        if let Some(target) = describing
            && comment.is_none()
        {
            if !described.iter().any(|existing| existing == target) {
                described.push(target.to_owned());
            }
            continue;
        }
        if let Some((depending, dependency)) = dependency_edge(kind, from, to)
            && dependency != "NOASSERTION"
        {
            let slot = *dependency_index
                .entry(depending.to_owned())
                .or_insert_with(|| {
                    dependencies.push(Dependency::new(depending));
                    dependencies.len() - 1
                });
            let node = &mut dependencies[slot];
            if dependency != "NONE" && edges.insert((depending.to_owned(), dependency.to_owned())) {
                node.depends_on.push(dependency.to_owned());
            }
            // Plain DEPENDS_ON / DEPENDENCY_OF live in the graph only; a comment or the
            // runtime nuance is kept as a relationship too (the writer does not repeat it).
            if comment.is_none() && kind != "RUNTIME_DEPENDENCY_OF" {
                continue;
            }
        }
        let (from, kind, to) = match kind {
            "CONTAINS" => (from, RelationshipKind::Contains, to),
            "CONTAINED_BY" => (to, RelationshipKind::Contains, from),
            "DESCRIBES" => (from, RelationshipKind::Describes, to),
            "DESCRIBED_BY" => (to, RelationshipKind::Describes, from),
            other => (from, RelationshipKind::Other(other.to_owned()), to),
        };
        if seen.insert((
            from.to_owned(),
            kind.clone(),
            to.to_owned(),
            comment.clone(),
        )) {
            relationships.push(Relationship {
                from: from.to_owned(),
                kind,
                to: to.to_owned(),
                comment,
            });
        }
    }
    let contained: HashSet<(String, String)> = relationships
        .iter()
        .filter(|relationship| relationship.kind == RelationshipKind::Contains)
        .map(|relationship| (relationship.from.clone(), relationship.to.clone()))
        .collect();
    let mut listed = HashSet::new();
    for (package, file) in has_files {
        if !contained.contains(&(package.clone(), file.clone()))
            && listed.insert((package.clone(), file.clone()))
        {
            relationships.push(Relationship {
                from: package,
                kind: RelationshipKind::Contains,
                to: file,
                comment: None,
            });
        }
    }

    let packages: HashSet<&str> = document
        .components
        .iter()
        .filter_map(|component| component.bom_ref.as_deref())
        .collect();
    let described_packages: Vec<&String> = described
        .iter()
        .filter(|target| packages.contains(target.as_str()))
        .collect();
    let mut main = None;
    if let [only] = described_packages.as_slice() {
        let only = (*only).clone();
        if let Some(position) = document
            .components
            .iter()
            .position(|component| component.bom_ref.as_ref() == Some(&only))
        {
            main = Some(only);
            document.metadata.component = Some(Box::new(document.components.remove(position)));
        }
    }
    let mut all = Vec::with_capacity(described.len() + relationships.len());
    all.extend(
        described
            .into_iter()
            .filter(|target| main.as_ref() != Some(target))
            .map(|target| Relationship {
                from: document_id.to_owned(),
                kind: RelationshipKind::Describes,
                to: target,
                comment: None,
            }),
    );
    all.extend(relationships);
    document.relationships = all;
    document.dependencies = dependencies;
    Ok(())
}
