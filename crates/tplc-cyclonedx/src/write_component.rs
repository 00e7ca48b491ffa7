//! Writing components and the small shared objects as CycloneDX 1.6 JSON.

use serde::Serialize;
use serde_json::Value;
use tplc_model::{
    AttachedText, Component, ExternalReference, Hash, LicenseChoice, LicenseKind,
    OrganizationalContact, OrganizationalEntity, Property, RawFragment, RawMap,
};

use crate::elements::is_digest_of;
use crate::location::Location;
use crate::read::{MAX_NESTING, Reader};
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;
use crate::write::Writer;

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
    pedigree: Option<&'a Value>,
    #[serde(rename = "externalReferences", skip_serializing_if = "Vec::is_empty")]
    external_references: Vec<wire::ExternalReference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<Self>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<&'a Value>,
    #[serde(rename = "releaseNotes", skip_serializing_if = "Option::is_none")]
    release_notes: Option<&'a Value>,
    #[serde(rename = "modelCard", skip_serializing_if = "Option::is_none")]
    model_card: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a Value>,
    #[serde(rename = "cryptoProperties", skip_serializing_if = "Option::is_none")]
    crypto_properties: Option<&'a Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<wire::Property>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<&'a Value>,
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
    /// A kept JSON fragment of a known 1.6 part, or `None` with an omission otherwise.
    /// Each JSON fragment is checked by the 1.6 reading rules first, so that what is written
    /// reads back (a fragment kept from a lenient 1.2/1.3 document may break them).
    pub(crate) fn raw_part<'a>(
        &mut self,
        raw: &'a RawMap,
        key: &str,
        location: &str,
    ) -> Option<&'a Value> {
        match raw.get(key)? {
            RawFragment::Json(value) => {
                let mut reader = Reader::new(SpecVersion::V1_6);
                let root = Location::Root;
                let checked = if location == "document" {
                    reader.document_part(key, value, root.key(key))
                } else {
                    reader.component_part(key, value, root.key(key), 0)
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
        components
            .iter()
            .map(|component| self.component(component, depth))
            .collect()
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

    /// A URL as a valid `iri-reference`, percent-encoded (with an omission) where needed.
    pub(crate) fn url(&mut self, url: &str, location: &str) -> String {
        match rules::iri_reference(url) {
            None => url.to_owned(),
            Some(encoded) => {
                self.omit(
                    location,
                    format!(
                        "url {url:?} percent-encoded as {encoded:?} to be a valid IRI reference"
                    ),
                );
                encoded
            }
        }
    }

    pub(crate) fn hashes(&mut self, hashes: &[Hash], location: &str) -> Vec<wire::Hash> {
        let mut out = Vec::with_capacity(hashes.len());
        for hash in hashes {
            match hash.algorithm.cyclonedx_name() {
                None => self.omit(
                    location,
                    format!(
                        "hash algorithm {} is not defined in CycloneDX",
                        hash.algorithm
                    ),
                ),
                Some(_) if !is_digest_of(hash.algorithm, &hash.value) => {
                    self.omit(
                        location,
                        format!(
                            "{} digest {:?} does not fit the hash-content pattern",
                            hash.algorithm, hash.value
                        ),
                    );
                }
                Some(name) => out.push(wire::Hash {
                    alg: name.into(),
                    content: hash.value.clone(),
                }),
            }
        }
        out
    }

    pub(crate) fn attachment(
        &mut self,
        text: &AttachedText,
        location: &str,
    ) -> Option<wire::Attachment> {
        if let Some(encoding) = text
            .encoding
            .as_deref()
            .filter(|encoding| *encoding != "base64")
        {
            self.omit(
                location,
                format!("attached text with encoding {encoding:?} (only base64 is defined)"),
            );
            return None;
        }
        Some(wire::Attachment {
            content_type: text.content_type.clone(),
            encoding: text.encoding.clone(),
            content: text.content.clone(),
        })
    }

    /// `licenseChoice` of 1.6: licences only, or exactly one expression.
    pub(crate) fn licenses(
        &mut self,
        licenses: &[LicenseChoice],
        location: &str,
    ) -> Vec<wire::LicenseItem> {
        let expressions = licenses
            .iter()
            .filter(|choice| matches!(choice.kind, LicenseKind::Expression(_)))
            .count();
        if expressions == 1 && licenses.len() == 1 {
            return licenses
                .iter()
                .map(|choice| self.expression(choice, choice.as_str().to_owned(), location))
                .collect();
        }
        if expressions == 0 {
            return licenses
                .iter()
                .map(|choice| self.license(choice, location))
                .collect();
        }
        if licenses
            .iter()
            .any(|choice| matches!(choice.kind, LicenseKind::Name(_)))
        {
            self.omit(location, format!("{expressions} licence expression(s) dropped: CycloneDX 1.6 cannot list them beside other licences"));
            return licenses
                .iter()
                .filter(|choice| !matches!(choice.kind, LicenseKind::Expression(_)))
                .map(|choice| self.license(choice, location))
                .collect();
        }
        let combined = licenses
            .iter()
            .map(|choice| match &choice.kind {
                LicenseKind::Expression(text) => format!("({text})"),
                LicenseKind::Id(id) | LicenseKind::Name(id) => id.clone(),
            })
            .collect::<Vec<_>>()
            .join(" AND ");
        self.omit(
            location,
            format!(
                "{} licence entries combined into one expression {combined:?}",
                licenses.len()
            ),
        );
        let mut first = licenses[0].clone();
        first.acknowledgement = None;
        vec![self.expression(&first, combined, location)]
    }

    fn expression(
        &mut self,
        choice: &LicenseChoice,
        expression: String,
        location: &str,
    ) -> wire::LicenseItem {
        if choice.text.is_some()
            || choice.url.is_some()
            || choice.licensing.is_some()
            || !choice.properties.is_empty()
        {
            self.omit(
                location,
                format!("text, url, licensing and properties of licence expression {expression:?}"),
            );
        }
        wire::LicenseItem {
            license: None,
            expression: Some(expression),
            acknowledgement: choice
                .acknowledgement
                .map(|acknowledgement| acknowledgement.as_str().to_owned()),
            bom_ref: choice
                .bom_ref
                .clone()
                .filter(|reference| self.reference(reference, location)),
        }
    }

    fn license(&mut self, choice: &LicenseChoice, location: &str) -> wire::LicenseItem {
        let (id, name) = match &choice.kind {
            LicenseKind::Id(id) if rules::is_spdx_license_id(id) => (Some(id.clone()), None),
            LicenseKind::Id(id) => {
                self.omit(
                    location,
                    format!("licence id {id:?} is not on the SPDX list; written as a name"),
                );
                (None, Some(id.clone()))
            }
            LicenseKind::Name(name) | LicenseKind::Expression(name) => (None, Some(name.clone())),
        };
        let licensing = choice
            .licensing
            .as_ref()
            .and_then(|fragment| match fragment {
                RawFragment::Json(value) => Some(value.clone()),
                RawFragment::Xml(_) => {
                    self.omit(
                        location,
                        "licence licensing (read from XML) cannot be written as JSON",
                    );
                    None
                }
            });
        let license = wire::License {
            bom_ref: choice
                .bom_ref
                .clone()
                .filter(|reference| self.reference(reference, location)),
            id,
            name,
            acknowledgement: choice
                .acknowledgement
                .map(|acknowledgement| acknowledgement.as_str().to_owned()),
            text: choice
                .text
                .as_ref()
                .and_then(|text| self.attachment(text, location)),
            url: choice.url.as_deref().map(|url| self.url(url, location)),
            licensing,
            properties: (!choice.properties.is_empty()).then(|| properties(&choice.properties)),
        };
        wire::LicenseItem {
            license: Some(license),
            expression: None,
            acknowledgement: None,
            bom_ref: None,
        }
    }

    pub(crate) fn entity(
        &mut self,
        entity: &OrganizationalEntity,
        location: &str,
    ) -> wire::OrganizationalEntity {
        let address = entity.address.as_ref().and_then(|fragment| match fragment {
            RawFragment::Json(value) => {
                let reference = value.get("bom-ref").and_then(Value::as_str);
                if reference.is_some_and(|reference| !self.reference(reference, location)) {
                    return None;
                }
                Some(value.clone())
            }
            RawFragment::Xml(_) => {
                self.omit(
                    location,
                    "postal address (read from XML) cannot be written as JSON",
                );
                None
            }
        });
        let contacts = self.contacts(&entity.contacts, location);
        wire::OrganizationalEntity {
            bom_ref: entity
                .bom_ref
                .clone()
                .filter(|reference| self.reference(reference, location)),
            name: entity.name.clone(),
            address,
            url: (!entity.urls.is_empty()).then(|| {
                entity
                    .urls
                    .iter()
                    .map(|url| self.url(url, location))
                    .collect()
            }),
            contact: (!contacts.is_empty()).then_some(contacts),
        }
    }

    pub(crate) fn contacts(
        &mut self,
        contacts: &[OrganizationalContact],
        location: &str,
    ) -> Vec<wire::OrganizationalContact> {
        contacts
            .iter()
            .map(|contact| {
                let email = contact.email.clone().filter(|email| {
                    let valid = rules::is_email(email);
                    if !valid {
                        self.omit(location, format!("{email:?} is not an e-mail address"));
                    }
                    valid
                });
                wire::OrganizationalContact {
                    bom_ref: contact
                        .bom_ref
                        .clone()
                        .filter(|reference| self.reference(reference, location)),
                    name: contact.name.clone(),
                    email,
                    phone: contact.phone.clone(),
                }
            })
            .collect()
    }

    pub(crate) fn external_references(
        &mut self,
        references: &[ExternalReference],
        location: &str,
    ) -> Vec<wire::ExternalReference> {
        references
            .iter()
            .map(|reference| {
                let defined = rules::external_reference_type_since(&reference.kind)
                    .is_some_and(|since| since <= SpecVersion::V1_6);
                let kind = if defined {
                    reference.kind.clone()
                } else {
                    self.omit(
                        location,
                        format!(
                            "external reference type {:?} written as \"other\"",
                            reference.kind
                        ),
                    );
                    "other".to_owned()
                };
                let hashes = self.hashes(&reference.hashes, location);
                wire::ExternalReference {
                    url: self.url(&reference.url, location),
                    comment: reference.comment.clone(),
                    kind,
                    hashes: (!hashes.is_empty()).then_some(hashes),
                }
            })
            .collect()
    }
}

pub(crate) fn properties(properties: &[Property]) -> Vec<wire::Property> {
    properties
        .iter()
        .map(|property| wire::Property {
            name: Some(property.name.clone()),
            value: property.value.clone(),
            rest: serde_json::Map::new(),
        })
        .collect()
}
