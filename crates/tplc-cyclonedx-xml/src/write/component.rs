//! Writing components (and the entities, licences, hashes and references they hold) as
//! CycloneDX 1.6 XML, with the values the schema restricts (CPE, `xs:anyURI`) made valid.

use tplc_cpe::{Cpe, Part};
use tplc_model::{
    AttachedText, Component, ExternalReference, Hash, LicenseChoice, LicenseKind,
    OrganizationalContact, OrganizationalEntity, Swid, external_reference_kind_since,
};

use super::{Element, Writer, properties, push_optional, text_element};
use crate::any_uri;
use crate::lexical::is_spdx_id;
use crate::validate::HASH_ALGORITHMS;

/// Raw parts of a component, in schema order.
const COMPONENT_RAW_BEFORE_REFERENCES: &[&str] = &["pedigree"];
const COMPONENT_RAW_AFTER_COMPONENTS: &[&str] = &[
    "evidence",
    "releaseNotes",
    "modelCard",
    "data",
    "cryptoProperties",
];
const COMPONENT_RAW_LAST: &[&str] = &["signature"];

fn component_location(component: &Component) -> String {
    match component.purl.as_deref().or(component.bom_ref.as_deref()) {
        Some(identifier) => format!("component {:?} ({identifier})", component.name),
        None => format!("component {:?}", component.name),
    }
}

impl Writer {
    /// A CPE the `bom:cpe` pattern accepts: as it is, repaired (with an omission), or `None`
    /// (with an omission) when it cannot be repaired.
    pub(super) fn cpe(&mut self, cpe: &str, location: &str) -> Option<String> {
        if cpe.parse::<Cpe>().is_ok() {
            return Some(cpe.to_owned());
        }
        match Cpe::repair(cpe) {
            Ok(repaired) => {
                let is_uri = cpe
                    .trim()
                    .get(..5)
                    .is_some_and(|head| head.eq_ignore_ascii_case("cpe:/"));
                let written = if is_uri && repaired.part() != Part::NotApplicable {
                    repaired.to_uri()
                } else {
                    repaired.to_string()
                };
                self.omit(location, format!("cpe {cpe:?} repaired as {written:?}"));
                Some(written)
            }
            Err(error) => {
                self.omit(location, format!("{error}; the cpe is left out"));
                None
            }
        }
    }

    /// A value of type `xs:anyURI`: as it is, percent-encoded where RFC 3986 requires (with
    /// an omission), or `None` (with an omission) when it cannot be made a URI reference.
    pub(super) fn uri(&mut self, text: &str, what: &str, location: &str) -> Option<String> {
        if any_uri::is_any_uri(text) {
            return Some(text.to_owned());
        }
        match any_uri::repaired(text) {
            Some(repaired) => {
                self.omit(
                    location,
                    format!("{what} {text:?} percent-encoded as {repaired:?} to be an xs:anyURI"),
                );
                Some(repaired)
            }
            None => {
                self.omit(
                    location,
                    format!("{what} {text:?} is not an xs:anyURI and is left out"),
                );
                None
            }
        }
    }

    pub(super) fn component(&mut self, component: &Component) -> Element {
        let location = component_location(component);
        let mut element = Element::new("component");
        element.set_attribute("type", component.component_type.as_str());
        if let Some(mime_type) = &component.mime_type {
            element.set_attribute("mime-type", mime_type);
        }
        if let Some(reference) = &component.bom_ref {
            element.set_attribute("bom-ref", reference);
        }
        let known: Vec<&str> = [
            COMPONENT_RAW_BEFORE_REFERENCES,
            COMPONENT_RAW_AFTER_COMPONENTS,
            COMPONENT_RAW_LAST,
        ]
        .concat();
        self.unknown_raw(&component.raw, &known, &location);
        if let Some(supplier) = &component.supplier {
            element.push(self.entity("supplier", supplier, &location));
        }
        if let Some(manufacturer) = &component.manufacturer {
            element.push(self.entity("manufacturer", manufacturer, &location));
        }
        if !component.authors.is_empty() {
            let mut authors = Element::new("authors");
            for author in &component.authors {
                authors.push(self.contact("author", author));
            }
            element.push(authors);
        }
        push_optional(&mut element, "author", component.author.as_deref());
        push_optional(&mut element, "publisher", component.publisher.as_deref());
        push_optional(&mut element, "group", component.group.as_deref());
        element.push_text("name", &component.name);
        push_optional(&mut element, "version", component.version.as_deref());
        push_optional(
            &mut element,
            "description",
            component.description.as_deref(),
        );
        if let Some(scope) = component.scope {
            element.push_text("scope", scope.as_str());
        }
        self.hashes(&mut element, &component.hashes, &location);
        if !component.licenses.is_empty() {
            element.push(self.licenses(&component.licenses, &location));
        }
        push_optional(&mut element, "copyright", component.copyright.as_deref());
        if let Some(cpe) = component
            .cpe
            .as_deref()
            .and_then(|cpe| self.cpe(cpe, &location))
        {
            element.push_text("cpe", &cpe);
        }
        if let Some(purl) = component
            .purl
            .as_deref()
            .and_then(|purl| self.uri(purl, "purl", &location))
        {
            element.push_text("purl", &purl);
        }
        for identifier in &component.omnibor_ids {
            element.push_text("omniborId", identifier);
        }
        for identifier in &component.swhids {
            element.push_text("swhid", identifier);
        }
        if let Some(swid) = &component.swid {
            let url = swid
                .url
                .as_deref()
                .and_then(|url| self.uri(url, "SWID url", &location));
            element.push(swid_element(swid, url.as_deref()));
        }
        if let Some(modified) = component.modified {
            element.push_text("modified", if modified { "true" } else { "false" });
        }
        self.raw(
            &mut element,
            &component.raw,
            COMPONENT_RAW_BEFORE_REFERENCES,
            &location,
        );
        self.external_references(&mut element, &component.external_references, &location);
        properties(&mut element, &component.properties);
        if !component.components.is_empty() {
            let mut components = Element::new("components");
            for nested in &component.components {
                components.push(self.component(nested));
            }
            element.push(components);
        }
        self.raw(
            &mut element,
            &component.raw,
            COMPONENT_RAW_AFTER_COMPONENTS,
            &location,
        );
        if !component.tags.is_empty() {
            let mut tags = Element::new("tags");
            for tag in &component.tags {
                tags.push_text("tag", tag);
            }
            element.push(tags);
        }
        self.raw(&mut element, &component.raw, COMPONENT_RAW_LAST, &location);
        element
    }

    pub(super) fn entity(
        &mut self,
        name: &str,
        entity: &OrganizationalEntity,
        location: &str,
    ) -> Element {
        let mut element = Element::new(name);
        if let Some(reference) = &entity.bom_ref {
            element.set_attribute("bom-ref", reference);
        }
        push_optional(&mut element, "name", entity.name.as_deref());
        if let Some(address) = &entity.address {
            self.fragment(&mut element, "address", address, location);
        }
        for url in &entity.urls {
            if let Some(url) = self.uri(url, "url", location) {
                element.push_text("url", &url);
            }
        }
        for contact in &entity.contacts {
            element.push(self.contact("contact", contact));
        }
        element
    }

    pub(super) fn contact(&mut self, name: &str, contact: &OrganizationalContact) -> Element {
        let mut element = Element::new(name);
        if let Some(reference) = &contact.bom_ref {
            element.set_attribute("bom-ref", reference);
        }
        push_optional(&mut element, "name", contact.name.as_deref());
        push_optional(&mut element, "email", contact.email.as_deref());
        push_optional(&mut element, "phone", contact.phone.as_deref());
        element
    }

    pub(super) fn licenses(&mut self, licenses: &[LicenseChoice], location: &str) -> Element {
        let mut element = Element::new("licenses");
        let has_entries = licenses
            .iter()
            .any(|license| !matches!(license.kind, LicenseKind::Expression(_)));
        let mut expression_written = false;
        for license in licenses {
            if let LicenseKind::Expression(expression) = &license.kind {
                if has_entries || expression_written {
                    self.omit(
                        location,
                        format!("licence expression {expression:?} cannot be mixed with other licences in CycloneDX 1.6"),
                    );
                    continue;
                }
                expression_written = true;
                let mut written = text_element("expression", expression);
                if let Some(reference) = &license.bom_ref {
                    written.set_attribute("bom-ref", reference);
                }
                if let Some(acknowledgement) = license.acknowledgement {
                    written.set_attribute("acknowledgement", acknowledgement.as_str());
                }
                element.push(written);
                continue;
            }
            let mut written = Element::new("license");
            if let Some(reference) = &license.bom_ref {
                written.set_attribute("bom-ref", reference);
            }
            if let Some(acknowledgement) = license.acknowledgement {
                written.set_attribute("acknowledgement", acknowledgement.as_str());
            }
            match &license.kind {
                LicenseKind::Id(id) if is_spdx_id(id) => written.push_text("id", id),
                LicenseKind::Id(id) => {
                    self.omit(
                        location,
                        format!("licence id {id:?} is not a listed SPDX id, written as a name"),
                    );
                    written.push_text("name", id);
                }
                LicenseKind::Name(name) | LicenseKind::Expression(name) => {
                    written.push_text("name", name)
                }
            }
            if let Some(text) = &license.text {
                written.push(attached_text(text));
            }
            if let Some(url) = license.url.as_deref()
                && let Some(url) = self.uri(url, "licence url", location)
            {
                written.push_text("url", &url);
            }
            if let Some(licensing) = &license.licensing {
                self.fragment(&mut written, "licensing", licensing, location);
            }
            properties(&mut written, &license.properties);
            element.push(written);
        }
        element
    }

    pub(super) fn hashes(&mut self, parent: &mut Element, hashes: &[Hash], location: &str) {
        let mut element = Element::new("hashes");
        for hash in hashes {
            let Some(algorithm) = hash
                .algorithm
                .cyclonedx_name()
                .filter(|name| HASH_ALGORITHMS.contains(name))
            else {
                self.omit(
                    location,
                    format!("{} hash has no CycloneDX algorithm", hash.algorithm),
                );
                continue;
            };
            let value = hash.value.trim();
            if !value.bytes().all(|byte| byte.is_ascii_hexdigit())
                || ![32, 40, 64, 96, 128].contains(&value.len())
            {
                self.omit(
                    location,
                    format!("{algorithm} hash {value:?} is not a digest CycloneDX accepts"),
                );
                continue;
            }
            let mut written = text_element("hash", value);
            written.set_attribute("alg", algorithm);
            element.push(written);
        }
        if !element.children.is_empty() {
            parent.push(element);
        }
    }

    pub(super) fn external_references(
        &mut self,
        parent: &mut Element,
        references: &[ExternalReference],
        location: &str,
    ) {
        if references.is_empty() {
            return;
        }
        let mut element = Element::new("externalReferences");
        for reference in references {
            let Some(url) = self.uri(&reference.url, "external reference url", location) else {
                continue;
            };
            let known =
                external_reference_kind_since(&reference.kind).is_some_and(|since| since <= 6);
            let kind = if known {
                reference.kind.as_str()
            } else {
                self.omit(
                    location,
                    format!(
                        "external reference type {:?} written as \"other\"",
                        reference.kind
                    ),
                );
                "other"
            };
            let mut written = Element::new("reference");
            written.set_attribute("type", kind);
            written.push_text("url", &url);
            push_optional(&mut written, "comment", reference.comment.as_deref());
            self.hashes(&mut written, &reference.hashes, location);
            element.push(written);
        }
        if !element.children.is_empty() {
            parent.push(element);
        }
    }
}

fn attached_text(text: &AttachedText) -> Element {
    let mut element = text_element("text", &text.content);
    if let Some(content_type) = &text.content_type {
        element.set_attribute("content-type", content_type);
    }
    if let Some(encoding) = &text.encoding {
        element.set_attribute("encoding", encoding);
    }
    element
}

fn swid_element(swid: &Swid, url: Option<&str>) -> Element {
    let mut element = Element::new("swid");
    element.set_attribute("tagId", &swid.tag_id);
    element.set_attribute("name", &swid.name);
    if let Some(version) = &swid.version {
        element.set_attribute("version", version);
    }
    if let Some(tag_version) = swid.tag_version {
        element.set_attribute("tagVersion", &tag_version.to_string());
    }
    if let Some(patch) = swid.patch {
        element.set_attribute("patch", if patch { "true" } else { "false" });
    }
    if let Some(text) = &swid.text {
        element.push(attached_text(text));
    }
    push_optional(&mut element, "url", url);
    element
}
