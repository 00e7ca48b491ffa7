//! Writing components as CycloneDX 1.6 JSON, with their kept parts made to fit 1.6.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash as _, Hasher};
use std::io;

use serde::Serialize;
use serde_json::Value;
use tplc_model::{Component, RawFragment, RawMap};

use crate::conform::Repeats;
use crate::location::Location;
use crate::read::{MAX_NESTING, Reader};
use crate::rules;
use crate::schema;
use crate::version::SpecVersion;
use crate::wire;
use crate::write::Writer;
use crate::write_elements::properties;

/// A component in the field order of the 1.6 schema.
#[derive(Serialize)]
pub(crate) struct ComponentOut<'a> {
    #[serde(rename = "type")]
    component_type: &'static str,
    #[serde(rename = "mime-type", skip_serializing_if = "Option::is_none")]
    mime_type: Option<&'a str>,
    #[serde(rename = "bom-ref", skip_serializing_if = "Option::is_none")]
    bom_ref: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<wire::OrganizationalEntity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<wire::OrganizationalEntity>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<wire::OrganizationalContact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<wire::Hash>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<wire::LicenseItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    copyright: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cpe: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<&'a str>,
    #[serde(rename = "omniborId", skip_serializing_if = "<[String]>::is_empty")]
    omnibor_id: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    swhid: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    swid: Option<wire::Swid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    modified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pedigree: Option<Value>,
    #[serde(rename = "externalReferences", skip_serializing_if = "Vec::is_empty")]
    external_references: Vec<wire::ExternalReference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<Self>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Value>,
    #[serde(rename = "releaseNotes", skip_serializing_if = "Option::is_none")]
    release_notes: Option<Value>,
    #[serde(rename = "modelCard", skip_serializing_if = "Option::is_none")]
    model_card: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<Value>,
    #[serde(rename = "cryptoProperties", skip_serializing_if = "Option::is_none")]
    crypto_properties: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<wire::Property>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<Value>,
}

/// How an omission names a component.
pub(crate) fn describe(component: &Component) -> String {
    match (&component.version, &component.purl) {
        (_, Some(purl)) => format!("component {:?} ({purl})", component.name),
        (Some(version), None) => format!("component {:?} {version}", component.name),
        (None, None) => format!("component {:?}", component.name),
    }
}

/// Kept JSON parts of a component: those the 1.6 schema defines.
const COMPONENT_PARTS: &[&str] = &[
    "pedigree",
    "evidence",
    "releaseNotes",
    "modelCard",
    "data",
    "cryptoProperties",
    "signature",
];

impl Writer {
    /// A kept JSON fragment of a known 1.6 part made to fit 1.6 (see [`conform`]), or `None`
    /// with omissions. The result is then checked by the 1.6 reading rules, so that what is
    /// written reads back (the rules go further than the table for some parts); a fragment
    /// that breaks them is dropped.
    ///
    /// [`conform`]: crate::conform
    pub(crate) fn raw_part(&mut self, raw: &RawMap, key: &str, location: &str) -> Option<Value> {
        match raw.get(key)? {
            RawFragment::Json(value) => {
                let document = location == "document";
                let kind = if document { schema::ROOT } else { "component" };
                let value = self.conform(kind, key, value, location)?;
                let mut reader = Reader::new(SpecVersion::V1_6);
                let root = Location::Root;
                let checked = if document {
                    reader.document_part(key, &value, root.key(key))
                } else {
                    reader.component_part(key, &value, root.key(key), 0)
                };
                match checked {
                    Ok(()) => Some(value),
                    Err(error) => {
                        self.omit(
                            location,
                            format!("kept {key} breaks the 1.6 rules ({error})"),
                        );
                        None
                    }
                }
            }
            RawFragment::Xml(_) => {
                self.omit(
                    location,
                    format!("{key} (read from XML) cannot be written as JSON"),
                );
                None
            }
        }
    }

    /// Omissions for kept parts that are not among `known`.
    pub(crate) fn omit_unknown_parts(&mut self, raw: &RawMap, known: &[&str], location: &str) {
        for key in raw.keys().filter(|key| !known.contains(&key.as_str())) {
            self.omit(location, format!("{key} is not a CycloneDX 1.6 property"));
        }
    }

    /// Writes a list of components at nesting level `depth`, dropping a component identical
    /// to an earlier one of the list (the schema's `uniqueItems`): first one identical in the
    /// model (the same `bom-ref` listed twice, as SPDX documents with repeated packages give),
    /// then, should two still come out alike, one identical as written.
    pub(crate) fn components<'a>(
        &mut self,
        components: &'a [Component],
        depth: usize,
    ) -> Vec<ComponentOut<'a>> {
        if depth >= MAX_NESTING {
            for component in components {
                self.omit(
                    &describe(component),
                    format!("nested deeper than {MAX_NESTING} levels"),
                );
            }
            return Vec::new();
        }
        let mut out = Vec::with_capacity(components.len());
        let mut kept: Vec<&Component> = Vec::with_capacity(components.len());
        let mut model_repeats = Repeats::default();
        let mut written: HashMap<u64, Vec<usize>> = HashMap::new();
        for component in components {
            if model_repeats.seen(model_key(component), &component, &kept) {
                self.omit(
                    &describe(component),
                    "identical to an earlier component of the same list; dropped",
                );
                continue;
            }
            kept.push(component);
            let item = self.component(component, depth);
            let positions = written.entry(written_hash(&item)).or_default();
            if positions.iter().any(|&position| {
                out.get(position)
                    .is_some_and(|earlier| same(earlier, &item))
            }) {
                self.omit(
                    &describe(component),
                    "written identical to an earlier component of the same list; dropped",
                );
                continue;
            }
            positions.push(out.len());
            out.push(item);
        }
        out
    }

    pub(crate) fn component<'a>(
        &mut self,
        component: &'a Component,
        depth: usize,
    ) -> ComponentOut<'a> {
        let location = describe(component);
        let mime_type = component.mime_type.as_deref().filter(|mime_type| {
            let valid = rules::is_mime_type(mime_type);
            if !valid {
                self.omit(
                    &location,
                    format!("mime-type {mime_type:?} is not a valid media type"),
                );
            }
            valid
        });
        let bom_ref = component
            .bom_ref
            .as_deref()
            .filter(|reference| self.reference(reference, &location));
        let raw = &component.raw;
        self.omit_unknown_parts(raw, COMPONENT_PARTS, &location);
        ComponentOut {
            component_type: component.component_type.as_str(),
            mime_type,
            bom_ref,
            supplier: component
                .supplier
                .as_ref()
                .map(|entity| self.entity(entity, &location)),
            manufacturer: component
                .manufacturer
                .as_ref()
                .map(|entity| self.entity(entity, &location)),
            authors: self.contacts(&component.authors, &location),
            author: component.author.as_deref(),
            publisher: component.publisher.as_deref(),
            group: component.group.as_deref(),
            name: &component.name,
            version: component.version.as_deref().filter(|version| {
                let fits = version.chars().count() <= 1024;
                if !fits {
                    self.omit(&location, "version longer than 1024 characters");
                }
                fits
            }),
            description: component.description.as_deref(),
            scope: component.scope.map(|scope| scope.as_str()),
            hashes: self.hashes(&component.hashes, &location),
            licenses: self.licenses(&component.licenses, &location),
            copyright: component.copyright.as_deref(),
            cpe: component.cpe.as_deref(),
            purl: component.purl.as_deref(),
            omnibor_id: &component.omnibor_ids,
            swhid: &component.swhids,
            swid: component.swid.as_ref().map(|swid| wire::Swid {
                tag_id: swid.tag_id.clone(),
                name: swid.name.clone(),
                version: swid.version.clone(),
                tag_version: swid.tag_version,
                patch: swid.patch,
                text: swid
                    .text
                    .as_ref()
                    .and_then(|text| self.attachment(text, &location)),
                url: swid.url.as_deref().map(|url| self.url(url, &location)),
            }),
            modified: component.modified,
            pedigree: self.raw_part(raw, "pedigree", &location),
            external_references: self
                .external_references(&component.external_references, &location),
            components: self.components(&component.components, depth + 1),
            evidence: self.raw_part(raw, "evidence", &location),
            release_notes: self.raw_part(raw, "releaseNotes", &location),
            model_card: self.raw_part(raw, "modelCard", &location),
            data: self.raw_part(raw, "data", &location),
            crypto_properties: self.raw_part(raw, "cryptoProperties", &location),
            properties: properties(&component.properties),
            tags: &component.tags,
            signature: self.raw_part(raw, "signature", &location),
        }
    }
}

/// A hash of what identifies a component, for finding repeated ones cheaply.
fn model_key(component: &Component) -> u64 {
    let mut hasher = DefaultHasher::new();
    (
        &component.bom_ref,
        &component.name,
        &component.version,
        &component.purl,
    )
        .hash(&mut hasher);
    hasher.finish()
}

/// Feeds serialised JSON into a hasher, without buffering it.
struct HashingWriter(DefaultHasher);

impl io::Write for HashingWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A hash of a component as written.
fn written_hash(component: &ComponentOut<'_>) -> u64 {
    let mut writer = HashingWriter(DefaultHasher::new());
    // Serialising a tree of strings, numbers, arrays and string-keyed maps cannot fail, and
    // the hashing sink never does.
    let _ = serde_json::to_writer(&mut writer, component);
    writer.0.finish()
}

/// Whether two components are written alike (compared only when their hashes agree).
fn same(a: &ComponentOut<'_>, b: &ComponentOut<'_>) -> bool {
    matches!(
        (serde_json::to_vec(a), serde_json::to_vec(b)),
        (Ok(a), Ok(b)) if a == b
    )
}
