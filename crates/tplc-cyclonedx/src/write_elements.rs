//! Writing the small shared objects as CycloneDX 1.6 JSON: URLs, hashes, attachments,
//! licences, organisations, contacts, external references and properties.

use serde_json::Value;
use tplc_model::{
    AttachedText, ExternalReference, Hash, LicenseChoice, LicenseKind, OrganizationalContact,
    OrganizationalEntity, Property, RawFragment, external_reference_kind_since,
};

use crate::elements::is_digest_of;
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;
use crate::write::Writer;

impl Writer {
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
                RawFragment::Json(value) => self.conform("license", "licensing", value, location),
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
                let value = self.conform("organizationalEntity", "address", value, location)?;
                let reference = value.get("bom-ref").and_then(Value::as_str);
                if reference.is_some_and(|reference| !self.reference(reference, location)) {
                    return None;
                }
                Some(value)
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
                let defined = external_reference_kind_since(&reference.kind)
                    .is_some_and(|since| since <= SpecVersion::V1_6.minor());
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
