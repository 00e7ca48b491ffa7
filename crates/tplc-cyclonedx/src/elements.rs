//! Reading the small shared objects: hashes, licences, organisations, contacts, external
//! references, properties, attachments and SWID tags.

use tplc_model::{
    AttachedText, ExternalReference, Hash, HashAlgorithm, LicenseAcknowledgement, LicenseChoice,
    LicenseKind, OrganizationalContact, OrganizationalEntity, Property, RawFragment, Swid,
    external_reference_kind_since,
};

use crate::error::ReadError;
use crate::location::Location;
use crate::read::{Reader, convert, from_value};
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;

/// The algorithm CycloneDX names `name` (`hash-alg`; SPDX spellings are not accepted).
pub(crate) fn hash_algorithm(name: &str) -> Option<HashAlgorithm> {
    HashAlgorithm::ALL
        .iter()
        .copied()
        .find(|algorithm| algorithm.cyclonedx_name() == Some(name))
}

/// Whether a digest fits `hash-content` and, where the algorithm fixes it, its length.
pub(crate) fn is_digest_of(algorithm: HashAlgorithm, content: &str) -> bool {
    rules::is_hash_content(content)
        && algorithm
            .hex_length()
            .is_none_or(|length| length == content.len())
}

fn acknowledgement(text: &str, at: Location<'_>) -> Result<LicenseAcknowledgement, ReadError> {
    match text {
        "declared" => Ok(LicenseAcknowledgement::Declared),
        "concluded" => Ok(LicenseAcknowledgement::Concluded),
        other => Err(at.error(format!(
            "unknown licence acknowledgement {other:?} (expected one of {:?})",
            rules::ACKNOWLEDGEMENTS
        ))),
    }
}

impl Reader {
    pub(crate) fn hashes(
        &self,
        hashes: Vec<wire::Hash>,
        at: Location<'_>,
    ) -> Result<Vec<Hash>, ReadError> {
        convert(hashes, |position, hash| {
            let at = at.index(position);
            let Some(algorithm) = hash_algorithm(&hash.alg) else {
                return Err(at
                    .key("alg")
                    .error(format!("unknown hash algorithm {:?}", hash.alg)));
            };
            if !is_digest_of(algorithm, &hash.content) {
                let expected = algorithm.hex_length().map_or_else(
                    || "32, 40, 64, 96 or 128".to_owned(),
                    |length| length.to_string(),
                );
                return Err(at.key("content").error(format!(
                    "a {} digest must be {expected} hexadecimal digits",
                    hash.alg
                )));
            }
            Ok(Hash {
                algorithm,
                value: hash.content,
            })
        })
    }

    /// `licenseChoice`: per item `license` xor `expression`; from 1.5 to 1.6 either licences
    /// only or exactly one expression.
    pub(crate) fn licenses(
        &mut self,
        items: Vec<wire::LicenseItem>,
        at: Location<'_>,
    ) -> Result<Vec<LicenseChoice>, ReadError> {
        let count = items.len();
        convert(items, |position, item| {
            let at = at.index(position);
            let choice = match (item.license, item.expression) {
                (Some(_), Some(_)) => {
                    return Err(at.error(
                        "a licence choice holds either `license` or `expression`, not both",
                    ));
                }
                (None, None) => {
                    return Err(at.error("a licence choice needs `license` or `expression`"));
                }
                (Some(license), None) => {
                    if item.acknowledgement.is_some() || item.bom_ref.is_some() {
                        let key = if item.acknowledgement.is_some() {
                            "acknowledgement"
                        } else {
                            "bom-ref"
                        };
                        return Err(at
                            .key(key)
                            .error("not allowed beside `license` (it belongs inside it)"));
                    }
                    self.license(license, at.key("license"))?
                }
                (None, Some(expression)) => {
                    if (SpecVersion::V1_5..SpecVersion::V1_7).contains(&self.version) && count > 1 {
                        return Err(at.error(format!(
                            "an expression must be the only item of a licence choice in specVersion {}",
                            self.version
                        )));
                    }
                    let mut choice = LicenseChoice::new(LicenseKind::Expression(expression));
                    if let Some(text) = item.acknowledgement {
                        let at = at.key("acknowledgement");
                        self.since(at, SpecVersion::V1_6)?;
                        choice.acknowledgement = Some(acknowledgement(&text, at)?);
                    }
                    if let Some(reference) = item.bom_ref {
                        let at = at.key("bom-ref");
                        self.since(at, SpecVersion::V1_5)?;
                        self.bom_ref(&reference, at)?;
                        choice.bom_ref = Some(reference);
                    }
                    choice
                }
            };
            Ok(choice)
        })
    }

    fn license(
        &mut self,
        license: wire::License,
        at: Location<'_>,
    ) -> Result<LicenseChoice, ReadError> {
        let kind = match (license.id, license.name) {
            (Some(_), Some(_)) => {
                return Err(at.error("a licence has either `id` or `name`, not both"));
            }
            (None, None) => return Err(at.error("a licence needs `id` or `name`")),
            (Some(id), None) => {
                if !rules::is_spdx_license_id(&id) {
                    return Err(at
                        .key("id")
                        .error(format!("unknown SPDX licence id {id:?}")));
                }
                LicenseKind::Id(id)
            }
            (None, Some(name)) => LicenseKind::Name(name),
        };
        let mut choice = LicenseChoice::new(kind);
        if let Some(reference) = license.bom_ref {
            let at = at.key("bom-ref");
            self.since(at, SpecVersion::V1_5)?;
            self.bom_ref(&reference, at)?;
            choice.bom_ref = Some(reference);
        }
        if let Some(text) = license.acknowledgement {
            let at = at.key("acknowledgement");
            self.since(at, SpecVersion::V1_6)?;
            choice.acknowledgement = Some(acknowledgement(&text, at)?);
        }
        if let Some(text) = license.text {
            choice.text = Some(self.attachment(text, at.key("text"))?);
        }
        choice.url = license.url;
        if let Some(licensing) = license.licensing {
            let at = at.key("licensing");
            self.since(at, SpecVersion::V1_5)?;
            if !licensing.is_object() {
                return Err(at.error("expected an object"));
            }
            choice.licensing = Some(RawFragment::Json(licensing));
        }
        if let Some(properties) = license.properties {
            let at = at.key("properties");
            self.since(at, SpecVersion::V1_5)?;
            choice.properties = self.properties(properties, at)?;
        }
        Ok(choice)
    }

    pub(crate) fn attachment(
        &self,
        attachment: wire::Attachment,
        at: Location<'_>,
    ) -> Result<AttachedText, ReadError> {
        if let Some(encoding) = &attachment.encoding
            && encoding != "base64"
        {
            return Err(at.key("encoding").error(format!(
                "unknown encoding {encoding:?} (expected \"base64\")"
            )));
        }
        Ok(AttachedText {
            content: attachment.content,
            content_type: attachment.content_type,
            encoding: attachment.encoding,
        })
    }

    pub(crate) fn entity(
        &mut self,
        entity: wire::OrganizationalEntity,
        at: Location<'_>,
    ) -> Result<OrganizationalEntity, ReadError> {
        let mut out = OrganizationalEntity {
            name: entity.name,
            ..OrganizationalEntity::default()
        };
        if let Some(reference) = entity.bom_ref {
            let at = at.key("bom-ref");
            self.since(at, SpecVersion::V1_5)?;
            self.bom_ref(&reference, at)?;
            out.bom_ref = Some(reference);
        }
        if let Some(address) = entity.address {
            let at = at.key("address");
            self.since(at, SpecVersion::V1_6)?;
            let parsed: wire::PostalAddress = from_value(&address, at)?;
            if let Some(reference) = &parsed.bom_ref {
                self.bom_ref(reference, at.key("bom-ref"))?;
            }
            out.address = Some(RawFragment::Json(address));
        }
        out.urls = entity.url.unwrap_or_default();
        if let Some(contacts) = entity.contact {
            out.contacts = self.contacts(contacts, at.key("contact"))?;
        }
        Ok(out)
    }

    pub(crate) fn contacts(
        &mut self,
        contacts: Vec<wire::OrganizationalContact>,
        at: Location<'_>,
    ) -> Result<Vec<OrganizationalContact>, ReadError> {
        convert(contacts, |position, contact| {
            self.contact(contact, at.index(position))
        })
    }

    fn contact(
        &mut self,
        contact: wire::OrganizationalContact,
        at: Location<'_>,
    ) -> Result<OrganizationalContact, ReadError> {
        if let Some(reference) = &contact.bom_ref {
            let at = at.key("bom-ref");
            self.since(at, SpecVersion::V1_5)?;
            self.bom_ref(reference, at)?;
        }
        if let Some(email) = &contact.email
            && self.version.is_strict()
            && !rules::is_email(email)
        {
            return Err(at
                .key("email")
                .error(format!("not an e-mail address: {email:?}")));
        }
        Ok(OrganizationalContact {
            bom_ref: contact.bom_ref,
            name: contact.name,
            email: contact.email,
            phone: contact.phone,
        })
    }

    pub(crate) fn external_references(
        &self,
        references: Vec<wire::ExternalReference>,
        at: Location<'_>,
    ) -> Result<Vec<ExternalReference>, ReadError> {
        convert(references, |position, reference| {
            let at = at.index(position);
            let type_at = at.key("type");
            match external_reference_kind_since(&reference.kind) {
                None => {
                    return Err(type_at.error(format!(
                        "unknown external reference type {:?}",
                        reference.kind
                    )));
                }
                Some(since) if since > self.version.minor() => {
                    return Err(type_at.error(format!(
                        "external reference type {:?} is not defined in specVersion {} (added in 1.{since})",
                        reference.kind, self.version
                    )));
                }
                Some(_) => {}
            }
            let mut out_reference = ExternalReference::new(reference.kind, reference.url);
            out_reference.comment = reference.comment;
            if let Some(hashes) = reference.hashes {
                let at = at.key("hashes");
                self.since(at, SpecVersion::V1_3)?;
                out_reference.hashes = self.hashes(hashes, at)?;
            }
            Ok(out_reference)
        })
    }

    /// `property`: from 1.6 `name` is required and nothing else is allowed.
    pub(crate) fn properties(
        &self,
        properties: Vec<wire::Property>,
        at: Location<'_>,
    ) -> Result<Vec<Property>, ReadError> {
        let strict = self.version >= SpecVersion::V1_6;
        convert(properties, |position, property| {
            let at = at.index(position);
            if strict {
                if let Some(key) = property.rest.keys().next() {
                    return Err(at
                        .key(key)
                        .error(format!("unknown property in specVersion {}", self.version)));
                }
                if property.name.is_none() {
                    return Err(at.error("missing field `name`"));
                }
            }
            Ok(Property {
                name: property.name.unwrap_or_default(),
                value: property.value,
            })
        })
    }

    pub(crate) fn swid(&self, swid: wire::Swid, at: Location<'_>) -> Result<Swid, ReadError> {
        let text = swid
            .text
            .map(|text| self.attachment(text, at.key("text")))
            .transpose()?;
        Ok(Swid {
            tag_id: swid.tag_id,
            name: swid.name,
            version: swid.version,
            tag_version: swid.tag_version,
            patch: swid.patch,
            text,
            url: swid.url,
        })
    }
}
