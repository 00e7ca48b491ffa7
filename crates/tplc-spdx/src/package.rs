//! One SPDX package ↔ one model component (reading side).

use std::collections::HashMap;

use serde_json::{Value, json};
use tplc_model::{
    Component, ComponentType, ExternalReference, Hash, HashAlgorithm, LicenseAcknowledgement,
    Property, RawFragment, Swid, external_reference_kind_since,
};

use crate::actor::Actor;
use crate::date;
use crate::error::{Path, ReadError};
use crate::json::{Json, array, expected, object, required_string, slots, string, strings, to_map};
use crate::license;
use crate::reader::property_of_annotation;

/// The FDA end-of-support property carried by SPDX `validUntilDate`.
pub(crate) const END_OF_SUPPORT: &str = "cdx:fda:end-of-support-date";

/// SPDX `primaryPackagePurpose` → component type, and whether the mapping loses the value
/// (then the purpose is also kept raw).
pub(crate) fn component_type_of_purpose(purpose: &str) -> (ComponentType, bool) {
    match purpose {
        "APPLICATION" => (ComponentType::Application, false),
        "FRAMEWORK" => (ComponentType::Framework, false),
        "LIBRARY" => (ComponentType::Library, false),
        "CONTAINER" => (ComponentType::Container, false),
        // The JSON schema spells it with `_`, the tag-value annex with `-`.
        "OPERATING_SYSTEM" | "OPERATING-SYSTEM" => (ComponentType::OperatingSystem, false),
        "DEVICE" => (ComponentType::Device, false),
        "FIRMWARE" => (ComponentType::Firmware, false),
        "FILE" => (ComponentType::File, false),
        "SOURCE" | "ARCHIVE" => (ComponentType::File, true),
        "INSTALL" => (ComponentType::Application, true),
        _ => (ComponentType::Library, true),
    }
}

/// Component type → SPDX `primaryPackagePurpose`, and whether the type had to be approximated.
pub(crate) const fn purpose_of_component_type(
    component_type: ComponentType,
) -> (&'static str, bool) {
    match component_type {
        ComponentType::Application => ("APPLICATION", false),
        ComponentType::Framework => ("FRAMEWORK", false),
        ComponentType::Library => ("LIBRARY", false),
        ComponentType::Container => ("CONTAINER", false),
        ComponentType::OperatingSystem => ("OPERATING_SYSTEM", false),
        ComponentType::Device => ("DEVICE", false),
        ComponentType::Firmware => ("FIRMWARE", false),
        ComponentType::File => ("FILE", false),
        ComponentType::DeviceDriver => ("LIBRARY", true),
        ComponentType::Platform
        | ComponentType::MachineLearningModel
        | ComponentType::Data
        | ComponentType::CryptographicAsset => ("OTHER", true),
    }
}

slots!(
    /// A package object as read: a slot for every field the model interprets, the other
    /// fields (kept raw as `spdx:<field>`) in `rest`.
    Package {
        /// `SPDXID`.
        "SPDXID" => spdx_id,
        /// `filesAnalyzed`.
        "filesAnalyzed" => files_analyzed,
        /// `name`.
        "name" => name,
        /// `versionInfo`.
        "versionInfo" => version_info,
        /// `supplier`.
        "supplier" => supplier,
        /// `originator`.
        "originator" => originator,
        /// `checksums`.
        "checksums" => checksums,
        /// `externalRefs`.
        "externalRefs" => external_refs,
        /// `homepage`.
        "homepage" => homepage,
        /// `downloadLocation`.
        "downloadLocation" => download_location,
        /// `licenseConcluded`.
        "licenseConcluded" => license_concluded,
        /// `licenseDeclared`.
        "licenseDeclared" => license_declared,
        /// `copyrightText`.
        "copyrightText" => copyright_text,
        /// `description`.
        "description" => description,
        /// `summary`.
        "summary" => summary,
        /// `primaryPackagePurpose`.
        "primaryPackagePurpose" => primary_package_purpose,
        /// `validUntilDate`.
        "validUntilDate" => valid_until_date,
        /// `annotations`.
        "annotations" => annotations,
        /// `hasFiles`.
        "hasFiles" => has_files,
    }
);

fn keep(component: &mut Component, key: &str, value: Value) {
    component
        .raw
        .insert(format!("spdx:{key}"), RawFragment::Json(value));
}

/// Reads one package; returns the component and the files it lists in `hasFiles`.
pub(crate) fn read_package(
    package: &Package<'_>,
    path: &Path<'_>,
    namespace: Option<&str>,
    license_names: &HashMap<String, String>,
) -> Result<(Component, Vec<String>), ReadError> {
    let name = required_string(package, "name", path)?;
    let mut component = Component::new(ComponentType::Library, name);
    component.bom_ref = Some(required_string(package, "SPDXID", path)?.trim().to_owned());
    component.version = string(package, "versionInfo", path)?.map(str::to_owned);

    if let Some(text) = string(package, "supplier", path)? {
        match Actor::parse(text) {
            Some(Actor::NoAssertion) => {}
            Some(actor @ (Actor::Person { .. } | Actor::Organization { .. })) => {
                component.supplier = actor.entity()
            }
            _ => keep(&mut component, "supplier", json!(text)),
        }
    }
    if let Some(text) = string(package, "originator", path)? {
        match Actor::parse(text) {
            Some(Actor::NoAssertion) => {}
            Some(Actor::Person { name, email }) => component
                .authors
                .push(Actor::contact(&name, email.as_deref())),
            Some(organization @ Actor::Organization { .. }) => {
                component.manufacturer = organization.entity()
            }
            _ => keep(&mut component, "originator", json!(text)),
        }
    }
    component.hashes = read_checksums(package, path)?;

    if let Some(homepage) = string(package, "homepage", path)? {
        if matches!(homepage.trim(), "NOASSERTION" | "NONE") {
            keep(&mut component, "homepage", json!(homepage));
        } else {
            component
                .external_references
                .push(ExternalReference::new("website", homepage.trim()));
        }
    }
    if let Some(location) = string(package, "downloadLocation", path)? {
        match location.trim() {
            "NOASSERTION" => {}
            "NONE" => keep(&mut component, "downloadLocation", json!(location)),
            url => component
                .external_references
                .push(ExternalReference::new("distribution", url)),
        }
    }
    read_external_refs(package, path, namespace, &mut component)?;

    for (key, acknowledgement) in [
        ("licenseConcluded", LicenseAcknowledgement::Concluded),
        ("licenseDeclared", LicenseAcknowledgement::Declared),
    ] {
        if let Some(text) = string(package, key, path)? {
            match license::read(text, acknowledgement, license_names) {
                Some(choice) => component.licenses.push(choice),
                None if text.trim() == "NONE" => keep(&mut component, key, json!(text)),
                None => {}
            }
        }
    }
    if let Some(copyright) = string(package, "copyrightText", path)? {
        if matches!(copyright.trim(), "NOASSERTION" | "NONE") {
            keep(&mut component, "copyrightText", json!(copyright));
        } else {
            component.copyright = Some(copyright.to_owned());
        }
    }
    let description = string(package, "description", path)?;
    let summary = string(package, "summary", path)?;
    component.description = description.or(summary).map(str::to_owned);
    if let (Some(_), Some(summary)) = (description, summary) {
        keep(&mut component, "summary", json!(summary));
    }
    if let Some(purpose) = string(package, "primaryPackagePurpose", path)? {
        let (component_type, lossy) = component_type_of_purpose(purpose.trim());
        component.component_type = component_type;
        if lossy {
            keep(&mut component, "primaryPackagePurpose", json!(purpose));
        }
    }
    if let Some(valid_until) = string(package, "validUntilDate", path)? {
        match date::date_part(valid_until) {
            Some(day) => {
                component
                    .properties
                    .push(Property::new(END_OF_SUPPORT, day));
                if date::normalise(day).as_deref() != Some(valid_until.trim()) {
                    keep(&mut component, "validUntilDate", json!(valid_until));
                }
            }
            None => keep(&mut component, "validUntilDate", json!(valid_until)),
        }
    }
    let mut annotations = Vec::new();
    let annotations_path = path.key("annotations");
    for (index, annotation) in array(package, "annotations", path)?.iter().enumerate() {
        match property_of_annotation(annotation, &annotations_path.index(index))? {
            Some(property) => component.properties.push(property),
            None => annotations.push(annotation.to_value()),
        }
    }
    if !annotations.is_empty() {
        keep(&mut component, "annotations", Value::Array(annotations));
    }
    let has_files = strings(package, "hasFiles", path)?;

    // Only the last of repeated fields counts, and a null field is absent.
    for (key, value) in &package.rest {
        match value {
            Json::Null => {
                component.raw.remove(&format!("spdx:{key}"));
            }
            value => keep(&mut component, key, value.to_value()),
        }
    }

    // An absent filesAnalyzed means true (SPDX 2.3 clause 7.8); record it so that both
    // encodings of the same package give the same model. `false` carries nothing: it is what
    // the writer writes when the model says nothing (and it turns it to `true` itself for a
    // package that contains files), so it is not kept, and other formats do not report it
    // as lost.
    let analysed = match &package.files_analyzed {
        None | Some(Json::Null) => true,
        Some(Json::Bool(analysed)) => *analysed,
        Some(Json::String(text)) if text.eq_ignore_ascii_case("true") => true,
        Some(Json::String(text)) if text.eq_ignore_ascii_case("false") => false,
        Some(other) => return Err(expected(&path.key("filesAnalyzed"), "a boolean", other)),
    };
    if analysed {
        keep(&mut component, "filesAnalyzed", Value::Bool(true));
    }
    fit(&mut component);
    Ok((component, has_files))
}

/// Gives back the room the component's lists grew into beyond what they hold: a document holds
/// many components, each with a few short lists, and a list that grew by pushing keeps room
/// for four entries or more.
fn fit(component: &mut Component) {
    component.authors.shrink_to_fit();
    component.hashes.shrink_to_fit();
    component.licenses.shrink_to_fit();
    component.omnibor_ids.shrink_to_fit();
    component.swhids.shrink_to_fit();
    component.external_references.shrink_to_fit();
    component.properties.shrink_to_fit();
    component.tags.shrink_to_fit();
    component.components.shrink_to_fit();
    for entity in [&mut component.supplier, &mut component.manufacturer]
        .into_iter()
        .flatten()
    {
        entity.urls.shrink_to_fit();
        entity.contacts.shrink_to_fit();
    }
}

fn read_checksums(package: &Package<'_>, path: &Path<'_>) -> Result<Vec<Hash>, ReadError> {
    let checksums_path = path.key("checksums");
    let mut hashes = Vec::new();
    for (index, value) in array(package, "checksums", path)?.iter().enumerate() {
        let path = checksums_path.index(index);
        let checksum = object(value, &path)?;
        let algorithm = required_string(checksum, "algorithm", &path)?;
        let algorithm: HashAlgorithm =
            algorithm
                .trim()
                .parse()
                .map_err(|error: tplc_model::UnknownValue| {
                    ReadError::at_pointer(path.key("algorithm").to_string(), error.to_string())
                })?;
        let value = required_string(checksum, "checksumValue", &path)?
            .trim()
            .to_owned();
        hashes.push(Hash { algorithm, value });
    }
    Ok(hashes)
}

fn read_external_refs(
    package: &Package<'_>,
    path: &Path<'_>,
    namespace: Option<&str>,
    component: &mut Component,
) -> Result<(), ReadError> {
    let refs_path = path.key("externalRefs");
    let mut kept = Vec::new();
    for (index, value) in array(package, "externalRefs", path)?.iter().enumerate() {
        let path = refs_path.index(index);
        let reference = object(value, &path)?;
        let category = required_string(reference, "referenceCategory", &path)?.trim();
        let mut reference_type = required_string(reference, "referenceType", &path)?.trim();
        let locator = required_string(reference, "referenceLocator", &path)?.trim();
        let comment = string(reference, "comment", &path)?.map(str::to_owned);
        // A type written as `<document namespace>#LocationRef-x` is the local `LocationRef-x`.
        if let Some(local) = namespace
            .and_then(|namespace| reference_type.strip_prefix(namespace))
            .and_then(|rest| rest.strip_prefix('#'))
        {
            reference_type = local;
        }
        let category = category.replace('_', "-");
        let mut mapped = true;
        match (category.as_str(), reference_type) {
            ("PACKAGE-MANAGER", "purl") if component.purl.is_none() => {
                component.purl = Some(locator.to_owned())
            }
            ("SECURITY", "cpe23Type" | "cpe22Type") if component.cpe.is_none() => {
                component.cpe = Some(locator.to_owned());
            }
            ("SECURITY", "swid") if component.swid.is_none() => {
                component.swid = Some(Swid {
                    tag_id: locator.strip_prefix("swid:").unwrap_or(locator).to_owned(),
                    name: component.name.clone(),
                    version: None,
                    tag_version: None,
                    patch: None,
                    text: None,
                    url: None,
                });
            }
            ("PERSISTENT-ID", "gitoid") => component.omnibor_ids.push(locator.to_owned()),
            ("PERSISTENT-ID", "swh") => component.swhids.push(locator.to_owned()),
            ("SECURITY", "advisory") | ("OTHER", _) => {
                let kind = if category == "SECURITY" {
                    "advisories"
                } else {
                    reference_type
                };
                if external_reference_kind_since(kind).is_some() {
                    component.external_references.push(ExternalReference {
                        kind: kind.to_owned(),
                        url: locator.to_owned(),
                        comment: comment.clone(),
                        hashes: Vec::new(),
                    });
                    continue;
                }
                mapped = false;
            }
            _ => mapped = false,
        }
        // Mapped identifiers keep their comment through a raw copy, which the writer merges.
        if !mapped || comment.is_some() {
            let mut kept_reference = to_map(reference);
            kept_reference.insert("referenceCategory".into(), json!(category));
            kept_reference.insert("referenceType".into(), json!(reference_type));
            kept.push(Value::Object(kept_reference));
        }
    }
    if !kept.is_empty() {
        keep(component, "externalRefs", Value::Array(kept));
    }
    Ok(())
}
