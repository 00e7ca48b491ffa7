//! Writing the model as CycloneDX 1.6 XML.
//!
//! Elements follow the sequence order of `bom-1.6.xsd`; raw XML fragments are put back in
//! their place in the 1.6 namespace. What 1.6 XML cannot carry is listed in
//! [`Written::omissions`](tplc_model::Written) rather than written invalidly.

use std::collections::HashSet;

use tplc_model::{
    Dependency, LIFECYCLE_PHASES, Metadata, Omission, OrganizationalContact, Property, RawFragment,
    RawMap, SbomDocument, Tool, ToolKind, Written,
};

use crate::downgrade::remove_1_7_additions;
use crate::lexical::is_date_time;
use crate::read::SIGNATURE_NAMESPACE;
use crate::tree::{self, Node};
use crate::validate::validate_fragment;

mod component;

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
            if crate::lexical::is_urn_uuid(serial) {
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
        // In document order, so that the first element with a bom-ref keeps it.
        let mut references = HashSet::new();
        let mut pending = vec![&mut *bom];
        while let Some(element) = pending.pop() {
            if element.is_bom()
                && let Some(reference) = element.attribute("bom-ref").map(str::to_owned)
                && !references.insert(reference.clone())
            {
                element.attributes.retain(|attribute| {
                    attribute.namespace.is_some() || attribute.name != "bom-ref"
                });
                self.omit(
                    "document",
                    format!("bom-ref {reference:?} is used more than once; a later <{}> is written without it (the schema requires unique bom-refs)", element.name),
                );
            }
            pending.extend(
                element
                    .children
                    .iter_mut()
                    .rev()
                    .filter_map(|node| match node {
                        Node::Element(child) => Some(child),
                        Node::Text(_) => None,
                    }),
            );
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
                    for mut element in elements {
                        let removed = remove_1_7_additions(&mut element);
                        if !removed.is_empty() {
                            self.omit(
                                location,
                                format!(
                                    "{key}: CycloneDX 1.7 parts {} removed (1.6 has no place for them)",
                                    removed.join(", ")
                                ),
                            );
                        }
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
