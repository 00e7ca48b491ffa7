//! Writing the model as CycloneDX 1.6 XML.
//!
//! Elements follow the sequence order of `bom-1.6.xsd`; raw XML fragments are put back in
//! their place in the 1.6 namespace. What 1.6 XML cannot carry is listed in
//! [`Written::omissions`](tplc_model::Written) rather than written invalidly.

use std::collections::HashSet;

use tplc_model::{
    AttachedText, Component, Dependency, ExternalReference, Hash, LicenseChoice, LicenseKind,
    Metadata, Omission, OrganizationalContact, OrganizationalEntity, Property, RawFragment, RawMap,
    SbomDocument, Swid, Tool, ToolKind, Written,
};

use crate::read::SIGNATURE_NAMESPACE;
use crate::tree::{self, Node};
use crate::validate::{
    EXTERNAL_REFERENCE_TYPES, HASH_ALGORITHMS, LIFECYCLE_PHASES, is_date_time, is_spdx_id,
    validate_fragment,
};

/// The writer builds its elements from owned text.
type Element = tree::Element<'static>;

/// Raw parts of the document, in the order `bom-1.6.xsd` places them.
const DOCUMENT_RAW_BEFORE_REFERENCES: &[&str] = &["services"];
const DOCUMENT_RAW_AFTER_DEPENDENCIES: &[&str] = &["compositions"];
const DOCUMENT_RAW_AFTER_PROPERTIES: &[&str] = &[
    "vulnerabilities",
    "annotations",
    "formulation",
    "declarations",
    "definitions",
    "signature",
];
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

/// Writes a document as CycloneDX 1.6 XML (namespace `http://cyclonedx.org/schema/bom/1.6`),
/// indented by two spaces, with what 1.6 XML cannot carry listed as omissions.
#[must_use]
pub fn write_xml(document: &SbomDocument) -> Written {
    let mut writer = Writer {
        omissions: Vec::new(),
    };
    let mut root = writer.document(document);
    writer.check_references(&mut root);
    Written {
        bytes: tree::document(&root).into_bytes(),
        omissions: writer.omissions,
    }
}

struct Writer {
    omissions: Vec<Omission>,
}

fn component_location(component: &Component) -> String {
    match component.purl.as_deref().or(component.bom_ref.as_deref()) {
        Some(identifier) => format!("component {:?} ({identifier})", component.name),
        None => format!("component {:?}", component.name),
    }
}

fn text_element(name: &str, text: &str) -> Element {
    let mut element = Element::new(name);
    element.children.push(Node::Text(text.to_owned().into()));
    element
}

fn push_optional(parent: &mut Element, name: &str, text: Option<&str>) {
    if let Some(text) = text {
        parent.push_text(name, text);
    }
}

impl Writer {
    fn omit(&mut self, location: &str, what: impl Into<String>) {
        self.omissions.push(Omission::new(location, what));
    }

    fn document(&mut self, document: &SbomDocument) -> Element {
        let mut bom = Element::new("bom");
        if let Some(serial) = &document.serial_number {
            if crate::validate::is_urn_uuid(serial) {
                bom.set_attribute("serialNumber", serial);
            } else {
                self.omit(
                    "document",
                    format!("serial number {serial:?} is not a lowercase urn:uuid"),
                );
            }
        }
        match document.version {
            Some(0) => self.omit("document", "version 0 is not a positive integer"),
            Some(version) => bom.set_attribute("version", &version.to_string()),
            None => {}
        }
        for (what, value) in [
            ("name", &document.name),
            ("namespace", &document.namespace),
            ("data licence", &document.data_license),
        ] {
            if let Some(value) = value {
                self.omit(
                    "document",
                    format!("SPDX document {what} {value:?} has no place in CycloneDX"),
                );
            }
        }
        let known: Vec<&str> = [
            DOCUMENT_RAW_BEFORE_REFERENCES,
            DOCUMENT_RAW_AFTER_DEPENDENCIES,
            DOCUMENT_RAW_AFTER_PROPERTIES,
        ]
        .concat();
        self.unknown_raw(&document.raw, &known, "document");

        if let Some(metadata) = self.metadata(&document.metadata) {
            bom.push(metadata);
        }
        if !document.components.is_empty() {
            let mut components = Element::new("components");
            for component in &document.components {
                components.push(self.component(component));
            }
            bom.push(components);
        }
        self.raw(
            &mut bom,
            &document.raw,
            DOCUMENT_RAW_BEFORE_REFERENCES,
            "document",
        );
        self.external_references(&mut bom, &document.external_references, "document");
        if !document.dependencies.is_empty() {
            let mut dependencies = Element::new("dependencies");
            for dependency in &document.dependencies {
                if let Some(element) = self.dependency(dependency) {
                    dependencies.push(element);
                }
            }
            bom.push(dependencies);
        }
        self.raw(
            &mut bom,
            &document.raw,
            DOCUMENT_RAW_AFTER_DEPENDENCIES,
            "document",
        );
        properties(&mut bom, &document.properties);
        self.raw(
            &mut bom,
            &document.raw,
            DOCUMENT_RAW_AFTER_PROPERTIES,
            "document",
        );
        for relationship in &document.relationships {
            self.omit(
                "document",
                format!(
                    "relationship {} {} {} has no place in CycloneDX",
                    relationship.from,
                    relationship.kind.spdx_name(),
                    relationship.to
                ),
            );
        }
        bom
    }

    fn metadata(&mut self, metadata: &Metadata) -> Option<Element> {
        let mut element = Element::new("metadata");
        if let Some(timestamp) = &metadata.timestamp {
            if is_date_time(timestamp.trim()) {
                element.push_text("timestamp", timestamp);
            } else {
                self.omit(
                    "metadata",
                    format!("timestamp {timestamp:?} is not an xs:dateTime"),
                );
            }
        }
        if !metadata.lifecycles.is_empty() {
            let mut lifecycles = Element::new("lifecycles");
            for lifecycle in &metadata.lifecycles {
                let mut entry = Element::new("lifecycle");
                if LIFECYCLE_PHASES.contains(&lifecycle.as_str()) {
                    entry.push_text("phase", lifecycle);
                } else {
                    entry.push_text("name", lifecycle);
                }
                lifecycles.push(entry);
            }
            element.push(lifecycles);
        }
        if !metadata.tools.is_empty() {
            element.push(self.tools(&metadata.tools));
        }
        if !metadata.authors.is_empty() || !metadata.author_organizations.is_empty() {
            let mut authors = Element::new("authors");
            for author in &metadata.authors {
                authors.push(self.contact("author", author));
            }
            for organization in &metadata.author_organizations {
                self.omit(
                    "metadata",
                    format!(
                        "author organisation {:?} written as an author contact (CycloneDX authors are people)",
                        organization.name.as_deref().unwrap_or_default()
                    ),
                );
                let contact = OrganizationalContact {
                    bom_ref: organization.bom_ref.clone(),
                    name: organization.name.clone(),
                    email: None,
                    phone: None,
                };
                authors.push(self.contact("author", &contact));
            }
            element.push(authors);
        }
        if let Some(component) = &metadata.component {
            element.push(self.component(component));
        }
        if let Some(manufacturer) = &metadata.manufacturer {
            element.push(self.entity("manufacturer", manufacturer, "metadata"));
        }
        if let Some(supplier) = &metadata.supplier {
            element.push(self.entity("supplier", supplier, "metadata"));
        }
        if !metadata.licenses.is_empty() {
            element.push(self.licenses(&metadata.licenses, "metadata"));
        }
        properties(&mut element, &metadata.properties);
        if let Some(comment) = &metadata.comment {
            self.omit(
                "metadata",
                format!("comment {comment:?} has no place in CycloneDX metadata"),
            );
        }
        (!element.children.is_empty()).then_some(element)
    }

    fn tools(&mut self, tools: &[Tool]) -> Element {
        let mut element = Element::new("tools");
        if tools.iter().all(|tool| tool.kind == ToolKind::Legacy) {
            for tool in tools {
                let mut entry = Element::new("tool");
                push_optional(&mut entry, "vendor", tool.vendor.as_deref());
                push_optional(&mut entry, "name", tool.name.as_deref());
                push_optional(&mut entry, "version", tool.version.as_deref());
                self.hashes(&mut entry, &tool.hashes, "metadata");
                self.external_references(&mut entry, &tool.external_references, "metadata");
                element.push(entry);
            }
            return element;
        }
        let mut components = Element::new("components");
        let mut services = Element::new("services");
        for tool in tools {
            let name = tool.name.as_deref().unwrap_or_default();
            if tool.kind == ToolKind::Service {
                let mut service = Element::new("service");
                if let Some(reference) = &tool.bom_ref {
                    service.set_attribute("bom-ref", reference);
                }
                push_optional(&mut service, "group", tool.vendor.as_deref());
                service.push_text("name", name);
                push_optional(&mut service, "version", tool.version.as_deref());
                if !tool.hashes.is_empty() {
                    self.omit(
                        "metadata",
                        format!("hashes of service tool {name:?} have no place in CycloneDX"),
                    );
                }
                self.external_references(&mut service, &tool.external_references, "metadata");
                services.push(service);
                continue;
            }
            let component_type = match tool.kind {
                ToolKind::Component(component_type) => component_type,
                ToolKind::Legacy | ToolKind::Service => {
                    self.omit(
                        "metadata",
                        format!("legacy tool {name:?} written as an application component"),
                    );
                    tplc_model::ComponentType::Application
                }
            };
            let mut component = Element::new("component");
            component.set_attribute("type", component_type.as_str());
            if let Some(reference) = &tool.bom_ref {
                component.set_attribute("bom-ref", reference);
            }
            push_optional(&mut component, "group", tool.vendor.as_deref());
            component.push_text("name", name);
            push_optional(&mut component, "version", tool.version.as_deref());
            self.hashes(&mut component, &tool.hashes, "metadata");
            self.external_references(&mut component, &tool.external_references, "metadata");
            components.push(component);
        }
        if !components.children.is_empty() {
            element.push(components);
        }
        if !services.children.is_empty() {
            element.push(services);
        }
        element
    }

    fn component(&mut self, component: &Component) -> Element {
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
        push_optional(&mut element, "cpe", component.cpe.as_deref());
        push_optional(&mut element, "purl", component.purl.as_deref());
        for identifier in &component.omnibor_ids {
            element.push_text("omniborId", identifier);
        }
        for identifier in &component.swhids {
            element.push_text("swhid", identifier);
        }
        if let Some(swid) = &component.swid {
            element.push(swid_element(swid));
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

    fn entity(&mut self, name: &str, entity: &OrganizationalEntity, location: &str) -> Element {
        let mut element = Element::new(name);
        if let Some(reference) = &entity.bom_ref {
            element.set_attribute("bom-ref", reference);
        }
        push_optional(&mut element, "name", entity.name.as_deref());
        if let Some(address) = &entity.address {
            self.fragment(&mut element, "address", address, location);
        }
        for url in &entity.urls {
            element.push_text("url", url);
        }
        for contact in &entity.contacts {
            element.push(self.contact("contact", contact));
        }
        element
    }

    fn contact(&mut self, name: &str, contact: &OrganizationalContact) -> Element {
        let mut element = Element::new(name);
        if let Some(reference) = &contact.bom_ref {
            element.set_attribute("bom-ref", reference);
        }
        push_optional(&mut element, "name", contact.name.as_deref());
        push_optional(&mut element, "email", contact.email.as_deref());
        push_optional(&mut element, "phone", contact.phone.as_deref());
        element
    }

    fn licenses(&mut self, licenses: &[LicenseChoice], location: &str) -> Element {
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
            push_optional(&mut written, "url", license.url.as_deref());
            if let Some(licensing) = &license.licensing {
                self.fragment(&mut written, "licensing", licensing, location);
            }
            properties(&mut written, &license.properties);
            element.push(written);
        }
        element
    }

    fn hashes(&mut self, parent: &mut Element, hashes: &[Hash], location: &str) {
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

    fn external_references(
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
            let kind = if EXTERNAL_REFERENCE_TYPES.contains(&reference.kind.as_str()) {
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
            written.push_text("url", &reference.url);
            push_optional(&mut written, "comment", reference.comment.as_deref());
            self.hashes(&mut written, &reference.hashes, location);
            element.push(written);
        }
        parent.push(element);
    }

    fn dependency(&mut self, dependency: &Dependency) -> Option<Element> {
        if dependency.reference.is_empty() {
            self.omit("document", "dependency without a reference");
            return None;
        }
        let mut element = Element::new("dependency");
        element.set_attribute("ref", &dependency.reference);
        for (name, references) in [
            ("dependency", &dependency.depends_on),
            ("provides", &dependency.provides),
        ] {
            for reference in references {
                if reference.is_empty() {
                    self.omit(
                        "document",
                        format!(
                            "empty reference in the dependencies of {:?}",
                            dependency.reference
                        ),
                    );
                    continue;
                }
                let mut child = Element::new(name);
                child.set_attribute("ref", reference);
                element.push(child);
            }
        }
        Some(element)
    }

    /// Reports `bom-ref`s used twice, and drops (reporting them) the references of the
    /// dependency graph that name no `bom-ref` of the written document.
    fn check_references(&mut self, bom: &mut Element) {
        let mut references = HashSet::new();
        let mut pending = vec![&*bom];
        while let Some(element) = pending.pop() {
            if element.is_bom() {
                if let Some(reference) = element.attribute("bom-ref") {
                    if !references.insert(reference.to_owned()) {
                        self.omit(
                            "document",
                            format!("bom-ref {reference:?} is used more than once"),
                        );
                    }
                }
            }
            pending.extend(element.elements());
        }
        let mut dangling = Vec::new();
        for node in &mut bom.children {
            let Node::Element(dependencies) = node else {
                continue;
            };
            if !dependencies.is("dependencies") {
                continue;
            }
            dependencies.children.retain_mut(|node| {
                let Node::Element(dependency) = node else {
                    return true;
                };
                dependency.children.retain(|node| match node {
                    Node::Element(child) => {
                        let known = known_reference(&references, child);
                        if !known {
                            dangling.push(child.attribute("ref").unwrap_or_default().to_owned());
                        }
                        known
                    }
                    Node::Text(_) => true,
                });
                let known = known_reference(&references, dependency);
                if !known {
                    dangling.push(dependency.attribute("ref").unwrap_or_default().to_owned());
                }
                known
            });
        }
        for reference in dangling {
            self.omit(
                "document",
                format!("dependency on {reference:?} dropped: no component has that bom-ref"),
            );
        }
        bom.children.retain(|node| !matches!(node, Node::Element(element) if element.is("dependencies") && element.children.is_empty()));
    }

    /// Writes the raw parts named in `keys`, in that order.
    fn raw(&mut self, parent: &mut Element, raw: &RawMap, keys: &[&str], location: &str) {
        for key in keys {
            if let Some(fragment) = raw.get(*key) {
                self.fragment(parent, key, fragment, location);
            }
        }
    }

    fn unknown_raw(&mut self, raw: &RawMap, known: &[&str], location: &str) {
        for key in raw.keys().filter(|key| !known.contains(&key.as_str())) {
            self.omit(location, format!("{key} has no place in CycloneDX 1.6 XML"));
        }
    }

    /// Puts a raw fragment back: XML fragments are parsed and re-emitted in the 1.6 namespace,
    /// JSON ones cannot be written.
    fn fragment(
        &mut self,
        parent: &mut Element,
        key: &str,
        fragment: &RawFragment,
        location: &str,
    ) {
        match fragment {
            RawFragment::Json(_) => self.omit(
                location,
                format!("{key} (read from JSON) cannot be written as XML"),
            ),
            RawFragment::Xml(text) => match tree::parse_fragment(text) {
                Ok(elements) => {
                    for element in elements {
                        let expected = if key == "signature" {
                            element.name == "Signature"
                                && element.namespace.as_deref() == Some(SIGNATURE_NAMESPACE)
                        } else {
                            element.is(key)
                        };
                        if !expected {
                            self.omit(
                                location,
                                format!("{key} holds an unexpected <{}> element", element.name),
                            );
                        } else if let Err(rule) = validate_fragment(&element) {
                            self.omit(
                                location,
                                format!("{key} dropped: it breaks CycloneDX 1.6 ({rule})"),
                            );
                        } else {
                            parent.push(element);
                        }
                    }
                }
                Err(error) => {
                    self.omit(location, format!("{key} is not well-formed XML ({error})"))
                }
            },
        }
    }
}

fn known_reference(references: &HashSet<String>, element: &Element) -> bool {
    let reference = element.attribute("ref").unwrap_or_default();
    reference.starts_with("urn:cdx:") || references.contains(reference)
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

fn swid_element(swid: &Swid) -> Element {
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
    push_optional(&mut element, "url", swid.url.as_deref());
    element
}

fn properties(parent: &mut Element, properties: &[Property]) {
    if properties.is_empty() {
        return;
    }
    let mut element = Element::new("properties");
    for property in properties {
        let mut written = Element::new("property");
        written.set_attribute("name", &property.name);
        if let Some(value) = &property.value {
            written.children.push(Node::Text(value.clone().into()));
        }
        element.push(written);
    }
    parent.push(element);
}
