//! SPDX 2.x JSON → model. The tag-value reader builds the same JSON shape first.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde::de::MapAccess;
use serde_json::{Value, json};
use tplc_model::{
    Dependency, Metadata, Property, RawFragment, Relationship, RelationshipKind, SbomDocument,
    SourceFormat, Tool,
};

use crate::actor::Actor;
use crate::error::{Path, ReadError};
use crate::json::{
    Fields, Item, Json, List, Slots, array, member, object, required_string, slots, string, strings,
};
use crate::license;
use crate::package::{Package, read_package};

/// The identifier of the document element.
pub(crate) const DOCUMENT_ID: &str = "SPDXRef-DOCUMENT";

/// The message for SPDX 3 input.
pub(crate) const SPDX_3: &str = "SPDX 3 is not supported (tplc reads SPDX 2.2 and 2.3)";

/// The document object as read: packages and relationships typed, the other members the
/// conversion reads in slots, the rest kept.
#[derive(Debug, Default)]
pub(crate) struct Document<'a> {
    spdx_version: Option<Json<'a>>,
    spdx_id: Option<Json<'a>>,
    name: Option<Json<'a>>,
    document_namespace: Option<Json<'a>>,
    data_license: Option<Json<'a>>,
    creation_info: Option<Json<'a>>,
    has_extracted_licensing_infos: Option<Json<'a>>,
    packages: Option<List<'a, Item<'a, Package<'a>>>>,
    files: Option<Json<'a>>,
    snippets: Option<Json<'a>>,
    annotations: Option<Json<'a>>,
    relationships: Option<List<'a, Item<'a, RelationshipObject<'a>>>>,
    document_describes: Option<Json<'a>>,
    /// The other members, in document order.
    rest: Vec<(Cow<'a, str>, Json<'a>)>,
}

impl<'de> Slots<'de> for Document<'de> {
    fn member<A: MapAccess<'de>>(
        &mut self,
        key: Cow<'de, str>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let slot = match &*key {
            "packages" => {
                self.packages = Some(map.next_value()?);
                return Ok(());
            }
            "relationships" => {
                self.relationships = Some(map.next_value()?);
                return Ok(());
            }
            "spdxVersion" => &mut self.spdx_version,
            "SPDXID" => &mut self.spdx_id,
            "name" => &mut self.name,
            "documentNamespace" => &mut self.document_namespace,
            "dataLicense" => &mut self.data_license,
            "creationInfo" => &mut self.creation_info,
            "hasExtractedLicensingInfos" => &mut self.has_extracted_licensing_infos,
            "files" => &mut self.files,
            "snippets" => &mut self.snippets,
            "annotations" => &mut self.annotations,
            "documentDescribes" => &mut self.document_describes,
            _ => {
                let value = map.next_value()?;
                self.rest.push((key, value));
                return Ok(());
            }
        };
        *slot = Some(map.next_value()?);
        Ok(())
    }
}

impl<'a> Fields<'a> for Document<'a> {
    /// The members kept as [`Json`]; `packages` and `relationships` are read typed and are
    /// not looked up by name.
    fn field(&self, key: &str) -> Option<&Json<'a>> {
        match key {
            "spdxVersion" => self.spdx_version.as_ref(),
            "SPDXID" => self.spdx_id.as_ref(),
            "name" => self.name.as_ref(),
            "documentNamespace" => self.document_namespace.as_ref(),
            "dataLicense" => self.data_license.as_ref(),
            "creationInfo" => self.creation_info.as_ref(),
            "hasExtractedLicensingInfos" => self.has_extracted_licensing_infos.as_ref(),
            "files" => self.files.as_ref(),
            "snippets" => self.snippets.as_ref(),
            "annotations" => self.annotations.as_ref(),
            "documentDescribes" => self.document_describes.as_ref(),
            _ => member(&self.rest, key),
        }
    }
}

slots!(
    /// A relationship object as read.
    RelationshipObject {
        /// `spdxElementId`.
        "spdxElementId" => spdx_element_id,
        /// `relationshipType`.
        "relationshipType" => relationship_type,
        /// `relatedSpdxElement`.
        "relatedSpdxElement" => related_spdx_element,
        /// `comment`.
        "comment" => comment,
    }
);

/// Reads an SPDX 2.x document from its JSON value (the shape the tag-value reader builds).
pub(crate) fn read_value(value: &Value, format: SourceFormat) -> Result<SbomDocument, ReadError> {
    // Every JSON value is accepted by the shape as read, so this cannot fail.
    let document = Item::deserialize(value)
        .map_err(|error| ReadError::at_pointer("", format!("unreadable document: {error}")))?;
    read_document(document, format)
}

/// Reads an SPDX 2.x document from its JSON shape.
pub(crate) fn read_document(
    value: Item<'_, Document<'_>>,
    format: SourceFormat,
) -> Result<SbomDocument, ReadError> {
    let root_path = Path::Root;
    let mut root = value.into_object(&root_path)?;
    if root
        .rest
        .iter()
        .any(|(key, _)| key == "@context" || key == "@graph")
    {
        return Err(ReadError::at_pointer("", SPDX_3));
    }
    let version = required_string(&root, "spdxVersion", &root_path)?;
    check_version(version, "/spdxVersion")?;
    let mut document = SbomDocument::new(format, version);
    let document_id = string(&root, "SPDXID", &root_path)?
        .unwrap_or(DOCUMENT_ID)
        .to_owned();
    document.name = string(&root, "name", &root_path)?.map(str::to_owned);
    document.namespace = string(&root, "documentNamespace", &root_path)?.map(str::to_owned);
    document.data_license = string(&root, "dataLicense", &root_path)?.map(str::to_owned);
    if let Some(creation) = &root.creation_info {
        read_creation_info(creation, &mut document)?;
    }

    let license_names =
        license::extracted_names_of(array(&root, "hasExtractedLicensingInfos", &root_path)?);
    let packages = List::into_items(root.packages.take(), "packages", &root_path)?;
    let packages_path = root_path.key("packages");
    let mut extra_relationships = Vec::new();
    document.components.reserve_exact(packages.len());
    for (index, package) in packages.into_iter().enumerate() {
        let path = packages_path.index(index);
        let package = package.into_object(&path)?;
        let (component, has_files) = read_package(
            &package,
            &path,
            document.namespace.as_deref(),
            &license_names,
        )?;
        if let Some(reference) = &component.bom_ref {
            extra_relationships.extend(has_files.into_iter().map(|file| (reference.clone(), file)));
        }
        document.components.push(component);
    }
    for key in ["files", "snippets"] {
        let items = array(&root, key, &root_path)?;
        let items_path = root_path.key(key);
        for (index, item) in items.iter().enumerate() {
            let item_path = items_path.index(index);
            let element = object(item, &item_path)?;
            required_string(element, "SPDXID", &item_path)?;
        }
        if !items.is_empty() {
            document.raw.insert(
                format!("spdx:{key}"),
                RawFragment::Json(Value::Array(items.iter().map(Json::to_value).collect())),
            );
        }
    }
    let mut annotations = Vec::new();
    let annotations_path = root_path.key("annotations");
    for (index, annotation) in array(&root, "annotations", &root_path)?.iter().enumerate() {
        match property_of_annotation(annotation, &annotations_path.index(index))? {
            Some(property) => document.metadata.properties.push(property),
            None => annotations.push(annotation.to_value()),
        }
    }
    if !annotations.is_empty() {
        document.raw.insert(
            "spdx:annotations".into(),
            RawFragment::Json(Value::Array(annotations)),
        );
    }
    let mut unhandled: Vec<(&str, &Json<'_>)> = root
        .rest
        .iter()
        .map(|(key, value)| (&**key, value))
        .collect();
    if let Some(value) = &root.has_extracted_licensing_infos {
        unhandled.push(("hasExtractedLicensingInfos", value));
    }
    if let Some(value) = root.spdx_id.as_ref().filter(|_| document_id != DOCUMENT_ID) {
        unhandled.push(("SPDXID", value));
    }
    for (key, value) in unhandled {
        document
            .raw
            .insert(format!("spdx:{key}"), RawFragment::Json(value.to_value()));
    }

    let described = strings(&root, "documentDescribes", &root_path)?;
    let relationships = List::into_items(root.relationships.take(), "relationships", &root_path)?;
    read_relationships(
        relationships,
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

fn read_creation_info(value: &Json<'_>, document: &mut SbomDocument) -> Result<(), ReadError> {
    let root = Path::Root;
    let path = root.key("creationInfo");
    let creation = object(value, &path)?;
    let metadata: &mut Metadata = &mut document.metadata;
    metadata.timestamp = string(creation, "created", &path)?.map(str::to_owned);
    metadata.comment = string(creation, "comment", &path)?.map(str::to_owned);
    let mut unrecognised = Vec::new();
    for creator in strings(creation, "creators", &path)? {
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
    if let Some(version) = string(creation, "licenseListVersion", &path)? {
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
    value: &Json<'_>,
    path: &Path<'_>,
) -> Result<Option<Property>, ReadError> {
    let annotation = object(value, path)?;
    let Some(comment) = string(annotation, "comment", path)? else {
        return Ok(None);
    };
    let annotator = string(annotation, "annotator", path)?
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
    objects: Vec<Item<'_, RelationshipObject<'_>>>,
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
    let mut seen: HashSet<(&str, &str, &str, Option<&str>)> = HashSet::new();
    let mut edges: HashSet<(&str, &str)> = HashSet::new();
    let mut dependencies: Vec<Dependency> = Vec::new();
    let mut dependency_index: HashMap<&str, usize> = HashMap::new();
    let root = Path::Root;
    let objects_path = root.key("relationships");
    for (index, value) in objects.iter().enumerate() {
        let path = objects_path.index(index);
        let relationship = value.object(&path)?;
        let from = required_string(relationship, "spdxElementId", &path)?.trim();
        let kind = required_string(relationship, "relationshipType", &path)?.trim();
        let to = required_string(relationship, "relatedSpdxElement", &path)?.trim();
        let comment = string(relationship, "comment", &path)?;
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
            let slot = *dependency_index.entry(depending).or_insert_with(|| {
                dependencies.push(Dependency::new(depending));
                dependencies.len() - 1
            });
            let node = &mut dependencies[slot];
            if dependency != "NONE" && edges.insert((depending, dependency)) {
                node.depends_on.push(dependency.to_owned());
            }
            // Plain DEPENDS_ON / DEPENDENCY_OF live in the graph only; a comment or the
            // runtime nuance is kept as a relationship too (the writer does not repeat it).
            if comment.is_none() && kind != "RUNTIME_DEPENDENCY_OF" {
                continue;
            }
        }
        let type_name = kind;
        let (from, kind, to) = match kind {
            "CONTAINS" => (from, RelationshipKind::Contains, to),
            "CONTAINED_BY" => (to, RelationshipKind::Contains, from),
            "DESCRIBES" => (from, RelationshipKind::Describes, to),
            "DESCRIBED_BY" => (to, RelationshipKind::Describes, from),
            other => (from, RelationshipKind::Other(other.to_owned()), to),
        };
        // The SPDX name stands for the kind: `Other` never holds one of the four above.
        let name = match kind {
            RelationshipKind::Contains => "CONTAINS",
            RelationshipKind::Describes => "DESCRIBES",
            RelationshipKind::Other(_) => type_name,
        };
        if seen.insert((from, name, to, comment)) {
            relationships.push(Relationship {
                from: from.to_owned(),
                kind,
                to: to.to_owned(),
                comment: comment.map(str::to_owned),
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
    for dependency in &mut dependencies {
        dependency.depends_on.shrink_to_fit();
    }
    document.dependencies = dependencies;
    Ok(())
}
