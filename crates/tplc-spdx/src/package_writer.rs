//! One model component → one SPDX 2.3 package (writing side).

use serde_json::{Map, Value, json};
use tplc_model::{
    Component, HashAlgorithm, LicenseAcknowledgement, LicenseChoice, Omission,
    OrganizationalEntity, RawFragment,
};

use crate::actor::Actor;
use crate::date;
use crate::license::LicenseWriter;
use crate::package::{END_OF_SUPPORT, component_type_of_purpose, purpose_of_component_type};
use crate::package_references::write_references;

/// Package fields of the SPDX 2.3 JSON schema; raw `spdx:<field>` entries naming one of them
/// are written back.
const PACKAGE_FIELDS: &[&str] = &[
    "SPDXID",
    "annotations",
    "attributionTexts",
    "builtDate",
    "checksums",
    "comment",
    "copyrightText",
    "description",
    "downloadLocation",
    "externalRefs",
    "filesAnalyzed",
    "homepage",
    "licenseComments",
    "licenseConcluded",
    "licenseDeclared",
    "licenseInfoFromFiles",
    "name",
    "originator",
    "packageFileName",
    "packageVerificationCode",
    "primaryPackagePurpose",
    "releaseDate",
    "sourceInfo",
    "summary",
    "supplier",
    "validUntilDate",
    "versionInfo",
];

/// What writing a package needs from the document.
pub(crate) struct PackageContext<'a> {
    /// Licence expressions and the extracted licences they need.
    pub(crate) licenses: &'a mut LicenseWriter,
    /// What could not be written.
    pub(crate) omissions: &'a mut Vec<Omission>,
    /// The date written on annotations made here.
    pub(crate) annotation_date: &'a str,
    /// The annotator written on annotations made here.
    pub(crate) annotator: &'a str,
}

/// Where a component is, for omissions: `component "name" (purl or bom-ref)`.
pub(crate) fn location_of(component: &Component) -> String {
    match component.purl.as_deref().or(component.bom_ref.as_deref()) {
        Some(identifier) => format!("component {:?} ({identifier})", component.name),
        None => format!("component {:?}", component.name),
    }
}

pub(crate) fn raw_json<'a>(component: &'a Component, field: &str) -> Option<&'a Value> {
    match component.raw.get(&format!("spdx:{field}")) {
        Some(RawFragment::Json(value)) => Some(value),
        _ => None,
    }
}

fn is_hex(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|character| character.is_ascii_hexdigit())
}

/// The package for a component with its identifier.
pub(crate) fn write_package(
    component: &Component,
    id: &str,
    context: &mut PackageContext<'_>,
) -> Value {
    let location = location_of(component);
    let mut package = Map::new();
    package.insert("SPDXID".into(), json!(id));
    package.insert("name".into(), json!(component.name));
    if let Some(version) = &component.version {
        package.insert("versionInfo".into(), json!(version));
    }
    write_supplier_and_originator(component, &location, &mut package, context.omissions);
    write_checksums(component, &location, &mut package, context.omissions);
    write_references(component, &location, &mut package, context.omissions);
    write_licenses(component, &location, &mut package, context);
    if let Some(copyright) = &component.copyright {
        package.insert("copyrightText".into(), json!(copyright));
    }
    if let Some(description) = &component.description {
        package.insert("description".into(), json!(description));
    }
    let (purpose, approximated) = purpose_of_component_type(component.component_type);
    let kept_purpose = raw_json(component, "primaryPackagePurpose")
        .and_then(Value::as_str)
        .filter(|kept| component_type_of_purpose(kept).0 == component.component_type);
    if kept_purpose.is_none() && approximated {
        context.omissions.push(Omission::new(
            &location,
            format!(
                "type {} written as primaryPackagePurpose {purpose}",
                component.component_type
            ),
        ));
    }
    package.insert(
        "primaryPackagePurpose".into(),
        json!(kept_purpose.unwrap_or(purpose)),
    );
    write_properties(component, &location, &mut package, context);
    write_raw(component, &location, &mut package, context.omissions);
    if !package.contains_key("filesAnalyzed") {
        package.insert("filesAnalyzed".into(), json!(false));
    }
    write_unwritten(component, &location, context.omissions);
    Value::Object(package)
}

fn note_entity_extras(
    entity: &OrganizationalEntity,
    what: &str,
    location: &str,
    omissions: &mut Vec<Omission>,
) {
    if entity.address.is_some() {
        omissions.push(Omission::new(location, format!("{what} address")));
    }
    if !entity.urls.is_empty() {
        omissions.push(Omission::new(location, format!("{what} urls")));
    }
    if entity
        .contacts
        .iter()
        .filter(|contact| contact.email.is_some() || contact.phone.is_some())
        .count()
        > 1
        || entity
            .contacts
            .iter()
            .any(|contact| contact.phone.is_some())
    {
        omissions.push(Omission::new(
            location,
            format!("{what} contacts beyond one e-mail address"),
        ));
    }
}

fn write_supplier_and_originator(
    component: &Component,
    location: &str,
    package: &mut Map<String, Value>,
    omissions: &mut Vec<Omission>,
) {
    let supplier = match &component.supplier {
        Some(supplier) => {
            note_entity_extras(supplier, "supplier", location, omissions);
            Actor::of_entity(supplier)
        }
        None => component
            .publisher
            .as_deref()
            .map(str::trim)
            .filter(|publisher| !publisher.is_empty())
            .map(|publisher| Actor::Organization {
                name: publisher.to_owned(),
                email: None,
            }),
    };
    if let Some(supplier) = supplier {
        package.insert("supplier".into(), json!(supplier.to_spdx()));
    }
    if component.supplier.is_some() && component.publisher.is_some() {
        omissions.push(Omission::new(
            location,
            "publisher (SPDX has only the supplier)",
        ));
    }
    let author = component.authors.iter().find_map(Actor::of_contact);
    let manufacturer = component.manufacturer.as_ref().and_then(Actor::of_entity);
    let free_text = component
        .author
        .as_deref()
        .map(str::trim)
        .filter(|author| !author.is_empty())
        .map(|author| Actor::Person {
            name: author.to_owned(),
            email: None,
        });
    let originator = match (author, manufacturer, free_text) {
        (Some(author), manufacturer, free_text) => {
            if component.authors.len() > 1 {
                omissions.push(Omission::new(
                    location,
                    "authors after the first (SPDX has one originator)",
                ));
            }
            if manufacturer.is_some() {
                omissions.push(Omission::new(
                    location,
                    "manufacturer (the first author is the originator)",
                ));
            }
            if free_text.is_some() {
                omissions.push(Omission::new(
                    location,
                    "author text (the first author is the originator)",
                ));
            }
            Some(author)
        }
        (None, Some(manufacturer), free_text) => {
            if free_text.is_some() {
                omissions.push(Omission::new(
                    location,
                    "author text (the manufacturer is the originator)",
                ));
            }
            Some(manufacturer)
        }
        (None, None, free_text) => free_text,
    };
    if let Some(manufacturer) = &component.manufacturer {
        note_entity_extras(manufacturer, "manufacturer", location, omissions);
    }
    if let Some(originator) = originator {
        package.insert("originator".into(), json!(originator.to_spdx()));
    }
}

fn write_checksums(
    component: &Component,
    location: &str,
    package: &mut Map<String, Value>,
    omissions: &mut Vec<Omission>,
) {
    let mut checksums = Vec::new();
    for hash in &component.hashes {
        let value = hash.value.trim();
        let fits = is_hex(value)
            && hash
                .algorithm
                .hex_length()
                .is_none_or(|length| length == value.len());
        // spdx-tools (the reference validator) requires at least 256 hex digits for BLAKE3.
        if fits && hash.algorithm == HashAlgorithm::Blake3 && value.len() < 256 {
            omissions.push(Omission::new(
                location,
                "BLAKE3 hash (SPDX tools require a digest of at least 256 hexadecimal digits)",
            ));
        } else if fits {
            checksums.push(json!({ "algorithm": hash.algorithm.spdx_name(), "checksumValue": value.to_ascii_lowercase() }));
        } else {
            omissions.push(Omission::new(
                location,
                format!("{} hash {value:?} is not a valid digest", hash.algorithm),
            ));
        }
    }
    if !checksums.is_empty() {
        package.insert("checksums".into(), Value::Array(checksums));
    }
}

fn write_licenses(
    component: &Component,
    location: &str,
    package: &mut Map<String, Value>,
    context: &mut PackageContext<'_>,
) {
    let concluded: Vec<&LicenseChoice> = component
        .licenses
        .iter()
        .filter(|choice| choice.acknowledgement == Some(LicenseAcknowledgement::Concluded))
        .collect();
    let declared: Vec<&LicenseChoice> = component
        .licenses
        .iter()
        .filter(|choice| choice.acknowledgement != Some(LicenseAcknowledgement::Concluded))
        .collect();
    for (key, choices) in [
        ("licenseConcluded", concluded),
        ("licenseDeclared", declared),
    ] {
        if let Some(expression) = context
            .licenses
            .expression(&choices, location, context.omissions)
        {
            package.insert(key.into(), json!(expression));
        }
    }
}

fn annotation(date: &str, annotator: &str, comment: String) -> Value {
    json!({ "annotationDate": date, "annotationType": "OTHER", "annotator": annotator, "comment": comment })
}

/// `cdx:fda:end-of-support-date` → `validUntilDate`; every other property → an annotation
/// `name=value` by `Tool: tplc`.
fn write_properties(
    component: &Component,
    location: &str,
    package: &mut Map<String, Value>,
    context: &mut PackageContext<'_>,
) {
    let mut annotations = Vec::new();
    let mut end_of_support_written = false;
    for property in &component.properties {
        if property.name == END_OF_SUPPORT
            && !end_of_support_written
            && let Some(day) = property.value.as_deref().and_then(date::date_part)
        {
            let kept = raw_json(component, "validUntilDate")
                .and_then(Value::as_str)
                .filter(|kept| date::date_part(kept) == Some(day))
                .and_then(date::normalise);
            let value = kept.or_else(|| date::normalise(day)).unwrap_or_default();
            package.insert("validUntilDate".into(), json!(value));
            end_of_support_written = true;
            continue;
        }
        let comment = match &property.value {
            Some(value) => format!("{}={value}", property.name),
            None => property.name.clone(),
        };
        annotations.push(annotation(
            context.annotation_date,
            context.annotator,
            comment,
        ));
    }
    if let Some(Value::Array(kept)) = raw_json(component, "annotations") {
        for kept in kept {
            let mut kept = kept.clone();
            if let Some(object) = kept.as_object_mut() {
                normalise_date_field(object, "annotationDate", location, context.omissions);
            }
            annotations.push(kept);
        }
    }
    if !annotations.is_empty() {
        package.insert("annotations".into(), Value::Array(annotations));
    }
}

/// Rewrites a date field in SPDX form; drops it (with an omission) when it is no date.
pub(crate) fn normalise_date_field(
    object: &mut Map<String, Value>,
    key: &str,
    location: &str,
    omissions: &mut Vec<Omission>,
) {
    let Some(text) = object.get(key).and_then(Value::as_str) else {
        return;
    };
    match date::normalise(text) {
        Some(normalised) if normalised == text => {}
        Some(normalised) => {
            omissions.push(Omission::new(
                location,
                format!("{key} {text:?} written as {normalised}"),
            ));
            object.insert(key.into(), json!(normalised));
        }
        None => {
            omissions.push(Omission::new(
                location,
                format!("{key} {text:?} is not a date"),
            ));
            object.remove(key);
        }
    }
}

/// Raw `spdx:<field>` entries for fields not written from the model; other raw entries
/// (CycloneDX fragments) are omissions.
fn write_raw(
    component: &Component,
    location: &str,
    package: &mut Map<String, Value>,
    omissions: &mut Vec<Omission>,
) {
    for (key, fragment) in &component.raw {
        let Some(field) = key.strip_prefix("spdx:") else {
            let origin = if fragment.is_json() {
                ""
            } else {
                " (read from XML)"
            };
            omissions.push(Omission::new(
                location,
                format!("{key}{origin} has no SPDX equivalent"),
            ));
            continue;
        };
        let RawFragment::Json(value) = fragment else {
            omissions.push(Omission::new(location, format!("{key} is not JSON")));
            continue;
        };
        match field {
            "externalRefs" | "annotations" | "primaryPackagePurpose" => {}
            "validUntilDate" if package.contains_key("validUntilDate") => {}
            "downloadLocation" => {}
            _ if package.contains_key(field) => {}
            _ if PACKAGE_FIELDS.contains(&field) => {
                package.insert(field.to_owned(), value.clone());
                if matches!(field, "builtDate" | "releaseDate" | "validUntilDate") {
                    normalise_date_field(package, field, location, omissions);
                }
            }
            _ => omissions.push(Omission::new(
                location,
                format!("SPDX field {field} is not an SPDX 2.3 package field"),
            )),
        }
    }
}

fn write_unwritten(component: &Component, location: &str, omissions: &mut Vec<Omission>) {
    let mut note = |present: bool, what: &str| {
        if present {
            omissions.push(Omission::new(location, what));
        }
    };
    note(component.mime_type.is_some(), "mime type");
    note(
        component.group.is_some(),
        "group (SPDX has no group; the name is written alone)",
    );
    note(component.scope.is_some(), "scope");
    note(component.modified.is_some(), "modified flag");
    note(!component.tags.is_empty(), "tags");
}
