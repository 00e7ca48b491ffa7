//! Model → SPDX 2.3 JSON.

use serde_json::{Map, Value, json};
use tplc_model::{Component, Omission, RawFragment, SbomDocument, Written};

use crate::actor::Actor;
use crate::date;
use crate::ids::Ids;
use crate::license::LicenseWriter;
use crate::package_writer::{PackageContext, location_of, normalise_date_field, write_package};
use crate::reader::DOCUMENT_ID;
use crate::relationship_writer::{Pending, RELATIONSHIP_TYPES, Relationships, write_dependencies};
use crate::verbatim::{mark_files_analysed, verbatim_files, verbatim_snippets};

/// The creator every written document names.
fn tplc_tool() -> String {
    format!("Tool: tplc-{}", env!("CARGO_PKG_VERSION"))
}

const ANNOTATOR: &str = "Tool: tplc";

/// Document fields of the SPDX 2.3 JSON schema that raw `spdx:<field>` entries may restore.
const DOCUMENT_FIELDS: &[&str] = &["comment", "externalDocumentRefs", "revieweds"];
pub(crate) fn raw_array<'a>(document: &'a SbomDocument, key: &str) -> &'a [Value] {
    match document.raw.get(key) {
        Some(RawFragment::Json(Value::Array(items))) => items,
        _ => &[],
    }
}

/// Writes a document as SPDX 2.3 JSON.
pub(crate) fn write(document: &SbomDocument) -> Written {
    let mut omissions = Vec::new();
    let created = match document.metadata.timestamp.as_deref() {
        Some(timestamp) => date::normalise(timestamp).unwrap_or_else(|| {
            omissions.push(Omission::new(
                "document",
                format!("timestamp {timestamp:?} is not a date; the time of writing is used"),
            ));
            date::now()
        }),
        None => date::now(),
    };
    if let Some(timestamp) = document.metadata.timestamp.as_deref()
        && date::normalise(timestamp).is_some_and(|normalised| normalised != timestamp.trim())
    {
        omissions.push(Omission::new(
            "document",
            format!("timestamp {timestamp:?} written as {created}"),
        ));
    }

    let mut ids = Ids::new();
    let files = verbatim_files(document, &mut ids, &mut omissions);
    let snippets = verbatim_snippets(document, &mut ids, &mut omissions);

    // metadata.component first, then every component depth first, nested ones flattened.
    let mut flat: Vec<(&Component, Option<usize>)> = Vec::new();
    let main = document.metadata.component.as_deref();
    if let Some(main) = main {
        flatten(main, None, &mut flat);
    }
    let main_count = flat.len();
    for component in &document.components {
        flatten(component, None, &mut flat);
    }
    let package_ids: Vec<String> = flat
        .iter()
        .map(|(component, _)| ids.assign(component.bom_ref.as_deref(), &component.name))
        .collect();

    let mut licenses = LicenseWriter::new(raw_array(document, "spdx:hasExtractedLicensingInfos"));
    let mut packages = Vec::with_capacity(flat.len());
    for ((component, _), id) in flat.iter().zip(&package_ids) {
        let mut context = PackageContext {
            licenses: &mut licenses,
            omissions: &mut omissions,
            annotation_date: &created,
            annotator: ANNOTATOR,
        };
        let mut package = write_package(component, id, &mut context);
        if main.is_some_and(|main| std::ptr::eq(main, *component))
            && component.supplier.is_none()
            && component.publisher.is_none()
            && let Some(supplier) = document
                .metadata
                .supplier
                .as_ref()
                .and_then(Actor::of_entity)
            && let Some(object) = package.as_object_mut()
        {
            object.insert("supplier".into(), json!(supplier.to_spdx()));
        } else if main.is_some_and(|main| std::ptr::eq(main, *component))
            && document.metadata.supplier.is_some()
        {
            omissions.push(Omission::new(
                "document",
                "metadata supplier (the described package has its own supplier)",
            ));
        }
        packages.push(package);
    }
    let subject = flat.is_empty().then(|| {
        let id = ids.assign(Some(SUBJECT_REFERENCE), SUBJECT_REFERENCE);
        packages.push(subject_package(document, &id));
        omissions.push(Omission::new(
            "document",
            format!("no component: a package {id} for the document subject, with NOASSERTION fields, is written as described"),
        ));
        id
    });
    if main.is_none() && document.metadata.supplier.is_some() {
        omissions.push(Omission::new(
            "document",
            "metadata supplier (no described component)",
        ));
    }

    let mut relationships = Relationships::default();
    if main.is_some() {
        relationships.add(DOCUMENT_ID, "DESCRIBES", &package_ids[0], None);
    }
    if let Some(subject) = &subject {
        relationships.add(DOCUMENT_ID, "DESCRIBES", subject, None);
    }
    let mut pending: Vec<Pending> = Vec::new();
    for model in &document.relationships {
        let kind = model.kind.spdx_name();
        if !RELATIONSHIP_TYPES.contains(&kind) {
            omissions.push(Omission::new(
                "relationships",
                format!(
                    "{} {kind:?} {}: not an SPDX 2.3 relationship type",
                    model.from, model.to
                ),
            ));
            continue;
        }
        match (ids.resolve(&model.from), ids.resolve(&model.to)) {
            (Some(from), Some(to)) => pending.push(Pending {
                from,
                kind: kind.to_owned(),
                to,
                comment: model.comment.clone(),
            }),
            (from, _) => relationships.unresolved.push(if from.is_none() {
                model.from.clone()
            } else {
                model.to.clone()
            }),
        }
    }
    for (index, (_, parent)) in flat.iter().enumerate() {
        if let Some(parent) = parent {
            relationships.add(&package_ids[*parent], "CONTAINS", &package_ids[index], None);
        }
    }
    for pending in &pending {
        relationships.add(
            &pending.from,
            &pending.kind,
            &pending.to,
            pending.comment.as_deref(),
        );
    }
    write_dependencies(document, &ids, &pending, &mut relationships, &mut omissions);
    let describes_something = relationships.written.iter().any(|written| {
        written["spdxElementId"] == DOCUMENT_ID && written["relationshipType"] == "DESCRIBES"
    });
    // SPDX 2.3 clause 6.1 asks for at least one DESCRIBES, and spdx-tools requires one
    // unless the document has a single package: the top-level packages are described.
    if !describes_something {
        let roots: Vec<&String> = flat
            .iter()
            .zip(&package_ids)
            .skip(main_count)
            .filter(|((_, parent), _)| parent.is_none())
            .map(|(_, id)| id)
            .collect();
        for root in &roots {
            relationships.add(DOCUMENT_ID, "DESCRIBES", root, None);
        }
        match roots.len() {
            0 => {}
            1 => omissions.push(Omission::new(
                "document",
                "no described component: the top-level package is written as described",
            )),
            count => omissions.push(Omission::new(
                "document",
                format!("no described component: the {count} top-level packages are written as described"),
            )),
        }
    }
    if !relationships.unresolved.is_empty() {
        let count = relationships.unresolved.len();
        let mut names: Vec<&String> = relationships.unresolved.iter().collect();
        names.dedup();
        let sample: Vec<&str> = names.iter().take(3).map(|name| name.as_str()).collect();
        omissions.push(Omission::new(
            "relationships",
            format!("{count} relationships naming elements that are not written were left out (e.g. {})", sample.join(", ")),
        ));
    }
    mark_files_analysed(&mut packages, &files, &relationships, &mut omissions);

    let mut root = Map::new();
    root.insert("spdxVersion".into(), json!("SPDX-2.3"));
    root.insert("dataLicense".into(), json!("CC0-1.0"));
    if let Some(license) = document
        .data_license
        .as_deref()
        .filter(|license| license.trim() != "CC0-1.0")
    {
        omissions.push(Omission::new(
            "document",
            format!("data licence {license:?} (SPDX requires CC0-1.0)"),
        ));
    }
    root.insert("SPDXID".into(), json!(DOCUMENT_ID));
    let name = document_name(document);
    root.insert(
        "documentNamespace".into(),
        json!(namespace(document, &name)),
    );
    root.insert("name".into(), json!(name));
    root.insert(
        "creationInfo".into(),
        creation_info(document, &created, &mut omissions),
    );
    write_document_raw(document, &created, &mut root, &mut omissions);
    let mut extracted: Vec<Value> = raw_array(document, "spdx:hasExtractedLicensingInfos").to_vec();
    extracted.extend(licenses.generated);
    for (key, items) in [
        ("packages", packages),
        ("files", files),
        ("snippets", snippets),
        ("hasExtractedLicensingInfos", extracted),
        ("relationships", relationships.written),
    ] {
        if !items.is_empty() {
            root.insert(key.into(), Value::Array(items));
        }
    }
    note_document_omissions(document, &mut omissions);
    let mut bytes = serde_json::to_vec_pretty(&Value::Object(root))
        .expect("a JSON value with string keys always serialises");
    bytes.push(b'\n');
    Written { bytes, omissions }
}

fn flatten<'a>(
    component: &'a Component,
    parent: Option<usize>,
    flat: &mut Vec<(&'a Component, Option<usize>)>,
) {
    // Iterative, so that deeply nested assemblies cannot overflow the stack.
    let mut stack = vec![(component, parent)];
    while let Some((component, parent)) = stack.pop() {
        let index = flat.len();
        flat.push((component, parent));
        stack.extend(
            component
                .components
                .iter()
                .rev()
                .map(|child| (child, Some(index))),
        );
    }
}

/// The reference of the package written for the subject of a document without components.
const SUBJECT_REFERENCE: &str = "SPDXRef-DocumentSubject";

/// A package for the subject of a document that has no component at all (a VEX document, a
/// metadata-only BOM), so that the document describes something: named after the document
/// (its name, else its serial number), every other field `NOASSERTION`.
fn subject_package(document: &SbomDocument, id: &str) -> Value {
    let name = [document.name.as_deref(), document.serial_number.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|name| !name.is_empty())
        .map_or_else(|| document_name(document), str::to_owned);
    json!({
        "SPDXID": id,
        "name": name,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": false,
        "supplier": "NOASSERTION",
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "comment": "The subject of the document: the source document lists no component.",
    })
}

fn document_name(document: &SbomDocument) -> String {
    if let Some(name) = document
        .name
        .as_deref()
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        return name.to_owned();
    }
    match document.metadata.component.as_deref() {
        Some(Component {
            name,
            version: Some(version),
            ..
        }) => format!("{name}-{version}"),
        Some(component) => component.name.clone(),
        None => "sbom".to_owned(),
    }
}

fn namespace(document: &SbomDocument, name: &str) -> String {
    if let Some(namespace) = document
        .namespace
        .as_deref()
        .map(str::trim)
        .filter(|namespace| !namespace.is_empty())
    {
        return namespace.to_owned();
    }
    let uuid = document
        .serial_number
        .as_deref()
        .and_then(|serial| serial.strip_prefix("urn:uuid:"))
        .and_then(|text| uuid::Uuid::parse_str(text).ok())
        .unwrap_or_else(uuid::Uuid::new_v4);
    let safe: String = name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || matches!(character, '.' | '-' | '_') {
                character
            } else {
                '-'
            }
        })
        .collect();
    format!("https://spdx.org/spdxdocs/{safe}-{uuid}")
}

fn creation_info(document: &SbomDocument, created: &str, omissions: &mut Vec<Omission>) -> Value {
    let metadata = &document.metadata;
    let mut creators: Vec<String> = Vec::new();
    let mut add = |creator: String| {
        if !creators.contains(&creator) {
            creators.push(creator);
        }
    };
    metadata
        .authors
        .iter()
        .filter_map(Actor::of_contact)
        .for_each(|actor| add(actor.to_spdx()));
    metadata
        .author_organizations
        .iter()
        .filter_map(Actor::of_entity)
        .for_each(|actor| add(actor.to_spdx()));
    if let Some(manufacturer) = metadata.manufacturer.as_ref().and_then(Actor::of_entity) {
        let organization = match manufacturer {
            Actor::Person { name, email } | Actor::Organization { name, email } => {
                Actor::Organization { name, email }
            }
            other => other,
        };
        add(organization.to_spdx());
    }
    for tool in &metadata.tools {
        if let Some(actor) = Actor::of_tool(tool) {
            add(actor.to_spdx());
        }
        if tool.vendor.is_some() || !tool.hashes.is_empty() || !tool.external_references.is_empty()
        {
            let name = tool.name.as_deref().unwrap_or("unnamed");
            omissions.push(Omission::new(
                "document",
                format!("vendor, hashes and references of tool {name:?}"),
            ));
        }
    }
    for kept in raw_array(document, "spdx:creators") {
        if let Some(text) = kept.as_str() {
            add(text.to_owned());
        }
    }
    add(tplc_tool());
    let mut info = Map::new();
    info.insert("created".into(), json!(created));
    info.insert("creators".into(), json!(creators));
    if let Some(comment) = &metadata.comment {
        info.insert("comment".into(), json!(comment));
    }
    if let Some(RawFragment::Json(version @ Value::String(_))) =
        document.raw.get("spdx:licenseListVersion")
    {
        info.insert("licenseListVersion".into(), version.clone());
    }
    Value::Object(info)
}

fn write_document_raw(
    document: &SbomDocument,
    created: &str,
    root: &mut Map<String, Value>,
    omissions: &mut Vec<Omission>,
) {
    let mut annotations: Vec<Value> = document
        .metadata
        .properties
        .iter()
        .map(|property| {
            let comment = match &property.value {
                Some(value) => format!("{}={value}", property.name),
                None => property.name.clone(),
            };
            json!({ "annotationDate": created, "annotationType": "OTHER", "annotator": ANNOTATOR, "comment": comment })
        })
        .collect();
    for kept in raw_array(document, "spdx:annotations") {
        let mut kept = kept.clone();
        if let Some(object) = kept.as_object_mut() {
            normalise_date_field(object, "annotationDate", "document", omissions);
        }
        annotations.push(kept);
    }
    if !annotations.is_empty() {
        root.insert("annotations".into(), Value::Array(annotations));
    }
    for (key, fragment) in &document.raw {
        let Some(field) = key.strip_prefix("spdx:") else {
            let origin = if fragment.is_json() {
                ""
            } else {
                " (read from XML)"
            };
            omissions.push(Omission::new(
                "document",
                format!("{key}{origin} has no SPDX equivalent"),
            ));
            continue;
        };
        match (field, fragment) {
            (
                "files"
                | "snippets"
                | "annotations"
                | "hasExtractedLicensingInfos"
                | "creators"
                | "licenseListVersion"
                | "SPDXID",
                _,
            ) => {}
            (field, RawFragment::Json(value)) if DOCUMENT_FIELDS.contains(&field) => {
                root.insert(field.to_owned(), value.clone());
            }
            (field, _) => omissions.push(Omission::new(
                "document",
                format!("SPDX field {field} is not an SPDX 2.3 document field"),
            )),
        }
    }
}

fn note_document_omissions(document: &SbomDocument, omissions: &mut Vec<Omission>) {
    let metadata = &document.metadata;
    let mut note = |present: bool, what: &str| {
        if present {
            omissions.push(Omission::new("document", what));
        }
    };
    note(
        document.serial_number.is_some() && document.namespace.is_some(),
        "serial number",
    );
    note(document.version.is_some(), "document version");
    note(!metadata.lifecycles.is_empty(), "lifecycles");
    note(
        metadata
            .licenses
            .iter()
            .any(|license| license.as_str() != "CC0-1.0"),
        "licences of the document data (SPDX data is CC0-1.0)",
    );
    note(
        !document.external_references.is_empty(),
        "external references of the document",
    );
    note(
        !document.properties.is_empty(),
        "document properties (metadata properties are written as annotations)",
    );
    if let Some(main) = metadata.component.as_deref()
        && main.bom_ref.is_none()
        && !document.dependencies.is_empty()
    {
        omissions.push(Omission::new(
            location_of(main),
            "no bom-ref, so no dependency can name it",
        ));
    }
}
