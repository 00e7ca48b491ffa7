//! Reading a CycloneDX XML document into the model.
//!
//! The model is filled exactly as from the equivalent JSON document. Text is kept as written,
//! except values the schema whitespace-collapses (enumerations, hashes, URLs, purls, booleans,
//! identifiers), which are trimmed. Parts the model does not interpret are kept verbatim as
//! [`RawFragment::Xml`] under their CycloneDX JSON property name, serialised by
//! [`tree::fragment`]. Elements of other namespaces are ignored, except an XML signature
//! (`http://www.w3.org/2000/09/xmldsig#` `Signature`), kept as `signature`.
//!
//! Two lenient rules keep real SBOMs readable: elements of the CycloneDX namespace that the
//! schema does not know where they stand (such as `BOMFormat` in some generated documents) are
//! ignored; the deprecated `metadata/manufacture` (1.5: the maker of the described component)
//! fills `metadata.component.manufacturer` when that is empty, else `metadata.manufacturer`
//! when that is empty.

use tplc_model::{
    AttachedText, Component, ComponentType, Dependency, ExternalReference, Hash, HashAlgorithm,
    LicenseAcknowledgement, LicenseChoice, LicenseKind, Metadata, OrganizationalContact,
    OrganizationalEntity, Property, RawFragment, RawMap, SbomDocument, Scope, SourceFormat, Swid,
    Tool, ToolKind,
};

use crate::ReadError;
use crate::lexical::parse_boolean;
use crate::namespace::spec_version;
use crate::tree::{self, Element, Parser, Piece};
use crate::validate::Checker;

/// The namespace of XML signatures.
pub(crate) const SIGNATURE_NAMESPACE: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Reads and validates a CycloneDX XML document (versions 1.0 to 1.7 of the namespace
/// `http://cyclonedx.org/schema/bom/1.x`).
///
/// The document is read in one pass and never held whole: each component of the BOM's
/// `components` list and each entry of its `dependencies` list is checked and turned into the
/// model as soon as it has been read. Errors are reported as if the whole document had been
/// read first: an error of well-formedness anywhere comes before a broken rule of the schema,
/// and the first broken rule in document order is the one reported.
///
/// # Errors
///
/// A [`ReadError`] naming the line and column when the bytes are not well-formed UTF-8 XML, hold
/// a document type declaration, have a root other than a CycloneDX `bom`, or break a rule of
/// the CycloneDX schema (see the crate documentation).
pub fn read_xml(bytes: &[u8]) -> Result<SbomDocument, ReadError> {
    let input = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut parser = Parser::new(input, streamed);
    let mut stream = Stream {
        input,
        failure: None,
        conversion_failure: None,
        state: None,
    };
    while let Some(piece) = parser.next()? {
        stream.piece(piece);
    }
    stream.finish()
}

/// The elements read one child at a time: the root, and its `components` and `dependencies`
/// lists.
fn streamed(open: usize, element: &Element<'_>) -> bool {
    open == 0 || (open == 1 && (element.is("components") || element.is("dependencies")))
}

/// A document being read piece by piece.
struct Stream<'a> {
    input: &'a [u8],
    /// The first error other than of well-formedness: once there is one, the rest of the
    /// document is only read to find out whether it is well-formed.
    failure: Option<ReadError>,
    /// The first error met while filling the model, reported if the document breaks no rule.
    conversion_failure: Option<ReadError>,
    /// Set once the root's start tag has been found to be a CycloneDX `bom`.
    state: Option<State<'a>>,
}

/// What is known once the root has been read.
struct State<'a> {
    checker: Checker<'a>,
    document: SbomDocument,
    /// The root, without its children.
    root: Element<'a>,
    /// The open `components` or `dependencies` list, without its children.
    list: Option<Element<'a>>,
    /// How many root-level `dependencies` lists have been opened.
    dependency_lists: usize,
    /// How many entries of the open list have been read.
    entries: usize,
}

impl<'a> Stream<'a> {
    fn piece(&mut self, piece: Piece<'a>) {
        if self.failure.is_some() {
            return;
        }
        let result = match piece {
            Piece::Open(element) => match self.state.as_mut() {
                None => self.root(element),
                Some(state) => state.open_list(element),
            },
            Piece::Whole(element) => match self.state.as_mut() {
                Some(state) => state.whole(self.input, element, &mut self.conversion_failure),
                None => Ok(()),
            },
            Piece::Close => {
                if let Some(state) = self.state.as_mut() {
                    state.list = None;
                }
                Ok(())
            }
        };
        if let Err(error) = result {
            self.failure = Some(error);
        }
    }

    /// Checks the root, then starts the document.
    fn root(&mut self, root: Element<'a>) -> Result<(), ReadError> {
        let input = self.input;
        let Some(namespace) = root.namespace.as_deref() else {
            return Err(ReadError::at(
                input,
                root.offset,
                format!("root element <{}> has no namespace", root.name),
            ));
        };
        let Some(version) = spec_version(namespace) else {
            return Err(ReadError::at(
                input,
                root.offset,
                format!("namespace {namespace:?} is not a CycloneDX BOM namespace"),
            ));
        };
        if root.name != "bom" {
            return Err(ReadError::at(
                input,
                root.offset,
                format!("root element is <{}>, expected <bom>", root.name),
            ));
        }
        let mut checker = Checker::new(input, version);
        checker.root(&root)?;
        let mut document = SbomDocument::new(SourceFormat::CycloneDxXml, version);
        document.serial_number = root.attribute("serialNumber").map(str::to_owned);
        document.version = root
            .attribute("version")
            .and_then(|version| version.trim().parse().ok());
        self.state = Some(State {
            checker,
            document,
            root,
            list: None,
            dependency_lists: 0,
            entries: 0,
        });
        Ok(())
    }

    fn finish(self) -> Result<SbomDocument, ReadError> {
        if let Some(error) = self.failure {
            return Err(error);
        }
        let Some(state) = self.state else {
            return Err(ReadError::at(
                self.input,
                self.input.len(),
                "no root element",
            ));
        };
        state.checker.finish()?;
        match self.conversion_failure {
            Some(error) => Err(error),
            None => Ok(state.document),
        }
    }
}

impl<'a> State<'a> {
    fn open_list(&mut self, list: Element<'a>) -> Result<(), ReadError> {
        self.checker.open(&list, Some(&self.root), 0)?;
        if list.is("dependencies") {
            self.dependency_lists += 1;
        }
        self.entries = 0;
        self.list = Some(list);
        Ok(())
    }

    /// Checks an element read whole (an entry of the open list, or else a child of the root)
    /// and reads it into the document unless reading has failed before.
    fn whole(
        &mut self,
        input: &'a [u8],
        element: Element<'a>,
        conversion_failure: &mut Option<ReadError>,
    ) -> Result<(), ReadError> {
        let reader = Reader { input };
        let parent = self.list.as_ref().unwrap_or(&self.root);
        self.checker.element(&element, Some(parent), 0)?;
        let converted = match &self.list {
            Some(list) if list.is("components") => {
                if conversion_failure.is_none() && element.is("component") {
                    reader
                        .component(&element)
                        .map(|component| self.document.components.push(component))
                } else {
                    Ok(())
                }
            }
            Some(_) => {
                self.checker
                    .dependency(self.dependency_lists, self.entries, &element);
                self.entries += 1;
                if element.is("dependency") {
                    dependencies(&element, &mut self.document.dependencies);
                }
                Ok(())
            }
            None if conversion_failure.is_none() => reader.child(&mut self.document, &element),
            None => Ok(()),
        };
        if let Err(error) = converted {
            conversion_failure.get_or_insert(error);
        }
        Ok(())
    }
}

struct Reader<'a> {
    input: &'a [u8],
}

/// Appends an element to a raw map entry (repeated elements such as `data` are kept together).
fn keep_raw(raw: &mut RawMap, key: &str, element: &Element) {
    let text = tree::fragment(element);
    match raw.get_mut(key) {
        Some(RawFragment::Xml(existing)) => existing.push_str(&text),
        _ => {
            raw.insert(key.to_owned(), RawFragment::Xml(text));
        }
    }
}

fn is_signature(element: &Element) -> bool {
    element.name == "Signature" && element.namespace.as_deref() == Some(SIGNATURE_NAMESPACE)
}

fn text(element: &Element) -> String {
    element.text().into_owned()
}

fn trimmed(element: &Element) -> String {
    element.text().trim().to_owned()
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

impl Reader<'_> {
    fn error(&self, element: &Element, message: impl Into<String>) -> ReadError {
        ReadError::at(self.input, element.offset, message)
    }

    /// Reads a child of the root other than a `components` or `dependencies` list.
    fn child(&self, document: &mut SbomDocument, child: &Element) -> Result<(), ReadError> {
        if is_signature(child) {
            keep_raw(&mut document.raw, "signature", child);
            return Ok(());
        }
        if !child.is_bom() {
            return Ok(());
        }
        match child.name.as_ref() {
            "metadata" => document.metadata = self.metadata(child)?,
            "externalReferences" => document
                .external_references
                .extend(self.external_references(child)),
            "properties" => document.properties.extend(properties(child)),
            name @ ("services" | "compositions" | "vulnerabilities" | "annotations"
            | "formulation" | "declarations" | "definitions") => {
                keep_raw(&mut document.raw, name, child)
            }
            _ => {}
        }
        Ok(())
    }

    fn metadata(&self, element: &Element) -> Result<Metadata, ReadError> {
        let mut metadata = Metadata::default();
        let mut manufacture = None;
        for child in element.elements().filter(|child| child.is_bom()) {
            match child.name.as_ref() {
                "timestamp" => metadata.timestamp = Some(trimmed(child)),
                "lifecycles" => {
                    for lifecycle in child.elements_named("lifecycle") {
                        if let Some(phase) = lifecycle.first("phase") {
                            metadata.lifecycles.push(trimmed(phase));
                        } else if let Some(name) = lifecycle.first("name") {
                            metadata.lifecycles.push(text(name));
                        }
                    }
                }
                "tools" => metadata.tools = self.tools(child)?,
                "authors" => metadata
                    .authors
                    .extend(child.elements_named("author").map(contact)),
                "component" => metadata.component = Some(Box::new(self.component(child)?)),
                "manufacturer" => metadata.manufacturer = Some(entity(child)),
                "manufacture" => manufacture = Some(entity(child)),
                "supplier" => metadata.supplier = Some(entity(child)),
                "licenses" => metadata.licenses = licenses(child),
                "properties" => metadata.properties.extend(properties(child)),
                _ => {}
            }
        }
        if let Some(manufacture) = manufacture {
            match metadata.component.as_deref_mut() {
                Some(component) if component.manufacturer.is_none() => {
                    component.manufacturer = Some(manufacture)
                }
                _ if metadata.manufacturer.is_none() => metadata.manufacturer = Some(manufacture),
                _ => {}
            }
        }
        Ok(metadata)
    }

    fn tools(&self, element: &Element) -> Result<Vec<Tool>, ReadError> {
        let mut tools = Vec::new();
        for child in element.elements().filter(|child| child.is_bom()) {
            match child.name.as_ref() {
                "tool" => tools.push(Tool {
                    kind: ToolKind::Legacy,
                    vendor: child.first("vendor").map(text),
                    name: child.first("name").map(text),
                    version: child.first("version").map(text),
                    hashes: child.first("hashes").map(hashes).unwrap_or_default(),
                    external_references: child
                        .first("externalReferences")
                        .map(|references| self.external_references(references))
                        .unwrap_or_default(),
                    bom_ref: None,
                }),
                "components" => {
                    for component in child.elements_named("component") {
                        let component = self.component(component)?;
                        tools.push(Tool {
                            kind: ToolKind::Component(component.component_type),
                            vendor: component
                                .group
                                .or_else(|| component.supplier.and_then(|supplier| supplier.name)),
                            name: non_empty(component.name),
                            version: component.version,
                            hashes: component.hashes,
                            external_references: component.external_references,
                            bom_ref: component.bom_ref,
                        });
                    }
                }
                "services" => {
                    for service in child.elements_named("service") {
                        tools.push(Tool {
                            kind: ToolKind::Service,
                            vendor: service.first("group").map(text).or_else(|| {
                                service
                                    .first("provider")
                                    .and_then(|provider| provider.first("name"))
                                    .map(text)
                            }),
                            name: service.first("name").map(text).and_then(non_empty),
                            version: service.first("version").map(text),
                            hashes: Vec::new(),
                            external_references: service
                                .first("externalReferences")
                                .map(|references| self.external_references(references))
                                .unwrap_or_default(),
                            bom_ref: service.attribute("bom-ref").map(str::to_owned),
                        });
                    }
                }
                _ => {}
            }
        }
        Ok(tools)
    }

    fn components(&self, element: &Element) -> Result<Vec<Component>, ReadError> {
        element
            .elements_named("component")
            .map(|component| self.component(component))
            .collect()
    }

    fn component(&self, element: &Element) -> Result<Component, ReadError> {
        let type_text = element.attribute("type").unwrap_or_default().trim();
        let component_type: ComponentType = type_text
            .parse()
            .map_err(|_| self.error(element, format!("unknown component type {type_text:?}")))?;
        let mut component = Component::new(
            component_type,
            element.first("name").map(text).unwrap_or_default(),
        );
        component.bom_ref = element.attribute("bom-ref").map(str::to_owned);
        component.mime_type = element
            .attribute("mime-type")
            .map(|mime_type| mime_type.trim().to_owned());
        for child in element.elements() {
            if is_signature(child) {
                keep_raw(&mut component.raw, "signature", child);
                continue;
            }
            if !child.is_bom() {
                continue;
            }
            match child.name.as_ref() {
                "supplier" => component.supplier = Some(entity(child)),
                "manufacturer" => component.manufacturer = Some(entity(child)),
                "authors" => component
                    .authors
                    .extend(child.elements_named("author").map(contact)),
                "author" => component.author = Some(text(child)),
                "publisher" => component.publisher = Some(text(child)),
                "group" => component.group = Some(text(child)),
                "version" => component.version = Some(text(child)),
                "description" => component.description = Some(text(child)),
                "scope" => {
                    let scope = trimmed(child);
                    component.scope = Some(
                        scope
                            .parse::<Scope>()
                            .map_err(|_| self.error(child, format!("unknown scope {scope:?}")))?,
                    );
                }
                "hashes" => component.hashes.extend(hashes(child)),
                "licenses" => component.licenses.extend(licenses(child)),
                "copyright" => component.copyright = Some(text(child)),
                "cpe" => component.cpe = Some(trimmed(child)),
                "purl" => component.purl = Some(trimmed(child)),
                "omniborId" => component.omnibor_ids.push(trimmed(child)),
                "swhid" => component.swhids.push(trimmed(child)),
                "swid" => component.swid = Some(swid(child)),
                "modified" => component.modified = parse_boolean(&child.text()),
                "externalReferences" => component
                    .external_references
                    .extend(self.external_references(child)),
                "properties" => component.properties.extend(properties(child)),
                "components" => component.components.extend(self.components(child)?),
                "tags" => component.tags.extend(child.elements_named("tag").map(text)),
                name @ ("pedigree" | "evidence" | "releaseNotes" | "modelCard" | "data"
                | "cryptoProperties") => {
                    keep_raw(&mut component.raw, name, child);
                }
                _ => {}
            }
        }
        fit(&mut component);
        Ok(component)
    }

    fn external_references(&self, element: &Element) -> Vec<ExternalReference> {
        element
            .elements_named("reference")
            .map(|reference| ExternalReference {
                kind: reference
                    .attribute("type")
                    .unwrap_or_default()
                    .trim()
                    .to_owned(),
                url: reference.first("url").map(trimmed).unwrap_or_default(),
                comment: reference.first("comment").map(text),
                hashes: reference.first("hashes").map(hashes).unwrap_or_default(),
            })
            .collect()
    }
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

/// Flattens one `dependency` element: its direct `dependency` children are what it depends on,
/// its `provides` children what it provides; nested entries that have children of their own
/// become nodes of their own.
fn dependencies(element: &Element, into: &mut Vec<Dependency>) {
    let mut node = Dependency::new(element.attribute("ref").unwrap_or_default());
    let mut nested = Vec::new();
    for child in element.elements() {
        if child.is("dependency") {
            node.depends_on
                .push(child.attribute("ref").unwrap_or_default().to_owned());
            if child.elements().next().is_some() {
                nested.push(child);
            }
        } else if child.is("provides") {
            node.provides
                .push(child.attribute("ref").unwrap_or_default().to_owned());
        }
    }
    node.depends_on.shrink_to_fit();
    node.provides.shrink_to_fit();
    into.push(node);
    for child in nested {
        dependencies(child, into);
    }
}

fn hashes(element: &Element) -> Vec<Hash> {
    element
        .elements_named("hash")
        .filter_map(|hash| {
            let algorithm: HashAlgorithm = hash.attribute("alg")?.trim().parse().ok()?;
            algorithm.cyclonedx_name()?;
            Some(Hash {
                algorithm,
                value: trimmed(hash),
            })
        })
        .collect()
}

fn properties(element: &Element) -> Vec<Property> {
    element
        .elements_named("property")
        .map(|property| Property {
            name: property.attribute("name").unwrap_or_default().to_owned(),
            value: non_empty(text(property)),
        })
        .collect()
}

fn attached_text(element: &Element) -> AttachedText {
    AttachedText {
        content: text(element),
        content_type: element.attribute("content-type").map(str::to_owned),
        encoding: element
            .attribute("encoding")
            .map(|encoding| encoding.trim().to_owned()),
    }
}

fn swid(element: &Element) -> Swid {
    Swid {
        tag_id: element.attribute("tagId").unwrap_or_default().to_owned(),
        name: element.attribute("name").unwrap_or_default().to_owned(),
        version: element.attribute("version").map(str::to_owned),
        tag_version: element
            .attribute("tagVersion")
            .and_then(|version| version.trim().parse().ok()),
        patch: element.attribute("patch").and_then(parse_boolean),
        text: element.first("text").map(attached_text),
        url: element.first("url").map(trimmed),
    }
}

fn acknowledgement(element: &Element) -> Option<LicenseAcknowledgement> {
    match element.attribute("acknowledgement").map(str::trim) {
        Some("declared") => Some(LicenseAcknowledgement::Declared),
        Some("concluded") => Some(LicenseAcknowledgement::Concluded),
        _ => None,
    }
}

fn licenses(element: &Element) -> Vec<LicenseChoice> {
    let mut choices = Vec::new();
    for child in element.elements() {
        if child.is("license") {
            let kind = match (child.first("id"), child.first("name")) {
                (Some(id), _) => LicenseKind::Id(trimmed(id)),
                (None, Some(name)) => LicenseKind::Name(text(name)),
                (None, None) => continue,
            };
            let mut choice = LicenseChoice::new(kind);
            choice.acknowledgement = acknowledgement(child);
            choice.bom_ref = child.attribute("bom-ref").map(str::to_owned);
            choice.text = child.first("text").map(attached_text);
            choice.url = child.first("url").map(trimmed);
            choice.licensing = child
                .first("licensing")
                .map(|licensing| RawFragment::Xml(tree::fragment(licensing)));
            choice.properties = child
                .first("properties")
                .map(properties)
                .unwrap_or_default();
            choices.push(choice);
        } else if child.is("expression") {
            let mut choice = LicenseChoice::new(LicenseKind::Expression(trimmed(child)));
            choice.acknowledgement = acknowledgement(child);
            choice.bom_ref = child.attribute("bom-ref").map(str::to_owned);
            choices.push(choice);
        }
    }
    choices
}

fn entity(element: &Element) -> OrganizationalEntity {
    OrganizationalEntity {
        bom_ref: element.attribute("bom-ref").map(str::to_owned),
        name: element.first("name").map(text),
        address: element
            .first("address")
            .map(|address| RawFragment::Xml(tree::fragment(address))),
        urls: element.elements_named("url").map(trimmed).collect(),
        contacts: element.elements_named("contact").map(contact).collect(),
    }
}

fn contact(element: &Element) -> OrganizationalContact {
    OrganizationalContact {
        bom_ref: element.attribute("bom-ref").map(str::to_owned),
        name: element.first("name").map(text),
        email: element.first("email").map(text),
        phone: element.first("phone").map(text),
    }
}
