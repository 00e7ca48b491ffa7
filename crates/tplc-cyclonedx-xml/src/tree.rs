//! A small element tree over `quick-xml`'s streaming events, and its serialisation.
//!
//! The reader builds the whole document as a tree first (namespaces resolved, positions kept),
//! so that validation and the model conversion can look around freely. Document type
//! declarations are refused outright, so no entity is ever expanded; only the five predefined
//! entities and character references are understood. Depth is bounded by [`MAX_DEPTH`].

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::ReadError;
use crate::namespace::{BOM_NAMESPACE, is_bom_namespace};

/// The deepest element nesting accepted.
pub(crate) const MAX_DEPTH: usize = 256;

/// The namespace bound to the `xml` prefix, never declared.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// An attribute with its namespace resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute {
    /// The namespace, for prefixed attributes.
    pub(crate) namespace: Option<String>,
    /// The prefix as written.
    pub(crate) prefix: Option<String>,
    /// The local name.
    pub(crate) name: String,
    /// The value, unescaped.
    pub(crate) value: String,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    /// A nested element.
    Element(Element),
    /// Character data (text and CDATA sections, merged).
    Text(String),
}

/// An element with its namespace resolved and its byte offset in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    /// The namespace the element is in.
    pub(crate) namespace: Option<String>,
    /// The prefix as written.
    pub(crate) prefix: Option<String>,
    /// The local name.
    pub(crate) name: String,
    /// Attributes other than namespace declarations.
    pub(crate) attributes: Vec<Attribute>,
    /// Elements and text, in document order.
    pub(crate) children: Vec<Node>,
    /// Where the start tag begins in the input.
    pub(crate) offset: usize,
}

impl Element {
    /// A new element in the CycloneDX 1.6 namespace (used by the writer).
    pub(crate) fn new(name: &str) -> Self {
        Self {
            namespace: Some(BOM_NAMESPACE.to_owned()),
            prefix: None,
            name: name.to_owned(),
            attributes: Vec::new(),
            children: Vec::new(),
            offset: 0,
        }
    }

    /// Adds an attribute without namespace.
    pub(crate) fn set_attribute(&mut self, name: &str, value: &str) {
        self.attributes.push(Attribute {
            namespace: None,
            prefix: None,
            name: name.to_owned(),
            value: value.to_owned(),
        });
    }

    /// Adds a child element.
    pub(crate) fn push(&mut self, child: Self) {
        self.children.push(Node::Element(child));
    }

    /// Adds a child element holding only text.
    pub(crate) fn push_text(&mut self, name: &str, text: &str) {
        let mut child = Self::new(name);
        child.children.push(Node::Text(text.to_owned()));
        self.push(child);
    }

    /// Whether the element is in a CycloneDX namespace and has this local name.
    pub(crate) fn is(&self, name: &str) -> bool {
        self.name == name && self.is_bom()
    }

    /// Whether the element is in a CycloneDX namespace.
    pub(crate) fn is_bom(&self) -> bool {
        self.namespace.as_deref().is_some_and(is_bom_namespace)
    }

    /// The value of an attribute without namespace.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|attribute| attribute.namespace.is_none() && attribute.name == name)
            .map(|attribute| attribute.value.as_str())
    }

    /// The child elements.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Self> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    /// The child elements in a CycloneDX namespace with this local name.
    pub(crate) fn elements_named<'a, 'n>(
        &'a self,
        name: &'n str,
    ) -> impl Iterator<Item = &'a Self> + use<'a, 'n> {
        self.elements().filter(move |element| element.is(name))
    }

    /// The first child element in a CycloneDX namespace with this local name.
    pub(crate) fn first(&self, name: &str) -> Option<&Self> {
        self.elements_named(name).next()
    }

    /// The element's text content (direct text children only), as written.
    pub(crate) fn text(&self) -> Cow<'_, str> {
        let mut texts = self.children.iter().filter_map(|node| match node {
            Node::Text(text) => Some(text.as_str()),
            Node::Element(_) => None,
        });
        match (texts.next(), texts.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(only), None) => Cow::Borrowed(only),
            (Some(first), Some(second)) => {
                let mut all = format!("{first}{second}");
                all.extend(texts);
                Cow::Owned(all)
            }
        }
    }

    /// Whether the element has child elements and no text other than whitespace.
    fn is_structured(&self) -> bool {
        let mut has_elements = false;
        for node in &self.children {
            match node {
                Node::Element(_) => has_elements = true,
                Node::Text(text) if !text.trim().is_empty() => return false,
                Node::Text(_) => {}
            }
        }
        has_elements
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(input: &[u8]) -> Result<Element, ReadError> {
    let mut reader = NsReader::from_reader(input);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let offset = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let (resolved, event) = match reader.read_resolved_event() {
            Ok((resolved, event)) => (owned_namespace(&resolved), event),
            Err(error) => {
                let position = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                return Err(ReadError::at(
                    input,
                    position,
                    format!("malformed xml: {error}"),
                ));
            }
        };
        match event {
            Event::Start(start) => {
                let element = element(input, &reader, resolved, &start, offset)?;
                if stack.len() >= MAX_DEPTH {
                    return Err(ReadError::at(
                        input,
                        offset,
                        format!("elements nested deeper than {MAX_DEPTH} levels"),
                    ));
                }
                if stack.is_empty() && root.is_some() {
                    return Err(ReadError::at(
                        input,
                        offset,
                        "content after the root element",
                    ));
                }
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = element(input, &reader, resolved, &start, offset)?;
                attach(input, &mut stack, &mut root, element)?;
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| ReadError::at(input, offset, "unexpected end tag"))?;
                attach(input, &mut stack, &mut root, element)?;
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(|error| {
                    ReadError::at(input, offset, format!("malformed text: {error}"))
                })?;
                push_text(input, &mut stack, &text, offset)?;
            }
            Event::CData(data) => {
                let bytes = data.into_inner();
                let text = std::str::from_utf8(&bytes).map_err(|_| {
                    ReadError::at(input, offset, "CDATA section is not valid UTF-8")
                })?;
                push_text(input, &mut stack, text, offset)?;
            }
            Event::Decl(declaration) => {
                if let Some(encoding) = declaration.encoding() {
                    let encoding = encoding.map_err(|error| {
                        ReadError::at(input, offset, format!("malformed xml declaration: {error}"))
                    })?;
                    if !encoding.eq_ignore_ascii_case(b"utf-8") {
                        let name = String::from_utf8_lossy(&encoding);
                        return Err(ReadError::at(
                            input,
                            offset,
                            format!("unsupported encoding {name:?}, only UTF-8 is read"),
                        ));
                    }
                }
            }
            Event::DocType(_) => {
                return Err(ReadError::at(
                    input,
                    offset,
                    "document type declarations are not allowed",
                ));
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(ReadError::at(
            input,
            input.len(),
            format!("unexpected end of document: <{}> is not closed", open.name),
        ));
    }
    root.ok_or_else(|| ReadError::at(input, input.len(), "no root element"))
}

/// The namespace name, unescaped (`quick-xml` resolves prefixes to the raw attribute value);
/// the error is the message to report.
fn owned_namespace(resolved: &ResolveResult<'_>) -> Result<Option<String>, String> {
    match resolved {
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Bound(namespace) => {
            let raw = std::str::from_utf8(namespace.as_ref())
                .map_err(|_| "namespace name is not valid UTF-8".to_owned())?;
            let name = quick_xml::escape::unescape(raw)
                .map_err(|error| format!("malformed namespace name: {error}"))?;
            match name.chars().find(|character| !is_xml_char(*character)) {
                Some(character) => Err(format!(
                    "character U+{:04X} is not allowed in XML",
                    u32::from(character)
                )),
                None => Ok(Some(name.into_owned())),
            }
        }
        ResolveResult::Unknown(prefix) => Err(format!(
            "unknown namespace prefix {:?}",
            String::from_utf8_lossy(prefix)
        )),
    }
}

fn utf8<'a>(input: &[u8], bytes: &'a [u8], offset: usize) -> Result<&'a str, ReadError> {
    std::str::from_utf8(bytes).map_err(|_| ReadError::at(input, offset, "name is not valid UTF-8"))
}

fn element(
    input: &[u8],
    reader: &NsReader<&[u8]>,
    namespace: Result<Option<String>, String>,
    start: &BytesStart<'_>,
    offset: usize,
) -> Result<Element, ReadError> {
    let name = start.name();
    let namespace = namespace.map_err(|message| ReadError::at(input, offset, message))?;
    let prefix = name
        .prefix()
        .map(|prefix| utf8(input, prefix.as_ref(), offset).map(str::to_owned))
        .transpose()?;
    let local = utf8(input, name.local_name().as_ref(), offset)?.to_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|error| {
            ReadError::at(input, offset, format!("malformed attribute: {error}"))
        })?;
        if attribute.key.as_namespace_binding().is_some() {
            continue;
        }
        let (resolved, local_name) = reader.resolve_attribute(attribute.key);
        let attribute_namespace =
            owned_namespace(&resolved).map_err(|message| ReadError::at(input, offset, message))?;
        let value = attribute.unescape_value().map_err(|error| {
            ReadError::at(input, offset, format!("malformed attribute value: {error}"))
        })?;
        check_characters(input, &value, offset)?;
        attributes.push(Attribute {
            namespace: attribute_namespace,
            prefix: attribute
                .key
                .prefix()
                .map(|prefix| utf8(input, prefix.as_ref(), offset).map(str::to_owned))
                .transpose()?,
            name: utf8(input, local_name.as_ref(), offset)?.to_owned(),
            value: value.into_owned(),
        });
    }
    Ok(Element {
        namespace,
        prefix,
        name: local,
        attributes,
        children: Vec::new(),
        offset,
    })
}

fn attach(
    input: &[u8],
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
) -> Result<(), ReadError> {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(Node::Element(element));
    } else if root.is_some() {
        return Err(ReadError::at(
            input,
            element.offset,
            "content after the root element",
        ));
    } else {
        *root = Some(element);
    }
    Ok(())
}

/// Characters XML 1.0 allows (`Char`), which a character reference may not escape either.
fn is_xml_char(character: char) -> bool {
    matches!(character, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn check_characters(input: &[u8], text: &str, offset: usize) -> Result<(), ReadError> {
    match text.chars().find(|character| !is_xml_char(*character)) {
        Some(character) => Err(ReadError::at(
            input,
            offset,
            format!(
                "character U+{:04X} is not allowed in XML",
                u32::from(character)
            ),
        )),
        None => Ok(()),
    }
}

fn push_text(
    input: &[u8],
    stack: &mut [Element],
    text: &str,
    offset: usize,
) -> Result<(), ReadError> {
    check_characters(input, text, offset)?;
    let Some(parent) = stack.last_mut() else {
        if text.trim().is_empty() {
            return Ok(());
        }
        return Err(ReadError::at(
            input,
            offset,
            "text outside the root element",
        ));
    };
    if let Some(Node::Text(previous)) = parent.children.last_mut() {
        previous.push_str(text);
    } else {
        parent.children.push(Node::Text(text.to_owned()));
    }
    Ok(())
}

/// Serialises an element compactly, for keeping as a raw fragment: CycloneDX elements carry
/// no prefix and rely on the default namespace of the document they are put back into; other
/// namespaces are declared where they are used.
pub(crate) fn fragment(element: &Element) -> String {
    let mut out = String::new();
    let mut scope = vec![(None, BOM_NAMESPACE.to_owned())];
    emit(element, &mut out, None, &mut scope);
    out
}

/// Parses raw fragments written by [`fragment`] (one or more sibling elements) back into
/// elements; unprefixed elements are in the CycloneDX namespace.
pub(crate) fn parse_fragment(text: &str) -> Result<Vec<Element>, ReadError> {
    let wrapped = format!("<fragment xmlns=\"{BOM_NAMESPACE}\">{text}</fragment>");
    let wrapper = parse(wrapped.as_bytes())?;
    Ok(wrapper
        .children
        .into_iter()
        .filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
        .collect())
}

/// Serialises a whole document, indented by two spaces.
pub(crate) fn document(root: &Element) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let mut scope = Vec::new();
    emit(root, &mut out, Some(0), &mut scope);
    out.push('\n');
    out
}

type Scope = Vec<(Option<String>, String)>;

fn bound<'a>(scope: &'a Scope, prefix: Option<&str>) -> Option<&'a str> {
    scope
        .iter()
        .rev()
        .find(|(bound, _)| bound.as_deref() == prefix)
        .map(|(_, namespace)| namespace.as_str())
}

fn declare(out: &mut String, scope: &mut Scope, prefix: Option<&str>, namespace: &str) {
    if prefix == Some("xml") || bound(scope, prefix) == Some(namespace) {
        return;
    }
    match prefix {
        Some(prefix) => out.push_str(&format!(" xmlns:{prefix}=\"")),
        None => out.push_str(" xmlns=\""),
    }
    escape_into(out, namespace, true);
    out.push('"');
    scope.push((prefix.map(str::to_owned), namespace.to_owned()));
}

fn emit(element: &Element, out: &mut String, depth: Option<usize>, scope: &mut Scope) {
    let scope_size = scope.len();
    let (prefix, namespace) = match element.namespace.as_deref() {
        Some(namespace) if !is_bom_namespace(namespace) => (element.prefix.as_deref(), namespace),
        _ => (None, BOM_NAMESPACE),
    };
    let qualified = prefix.map_or_else(
        || element.name.clone(),
        |prefix| format!("{prefix}:{}", element.name),
    );
    out.push('<');
    out.push_str(&qualified);
    declare(out, scope, prefix, namespace);
    for attribute in &element.attributes {
        if let (Some(namespace), Some(prefix)) =
            (attribute.namespace.as_deref(), attribute.prefix.as_deref())
        {
            if namespace != XML_NAMESPACE {
                declare(out, scope, Some(prefix), namespace);
            }
        }
    }
    for attribute in &element.attributes {
        out.push(' ');
        if let (Some(_), Some(prefix)) = (&attribute.namespace, &attribute.prefix) {
            out.push_str(prefix);
            out.push(':');
        }
        out.push_str(&attribute.name);
        out.push_str("=\"");
        escape_into(out, &attribute.value, true);
        out.push('"');
    }
    if element.children.is_empty() {
        out.push_str("/>");
    } else if element.is_structured() {
        out.push('>');
        for child in element.elements() {
            if let Some(depth) = depth {
                newline(out, depth + 1);
            }
            emit(child, out, depth.map(|depth| depth + 1), scope);
        }
        if let Some(depth) = depth {
            newline(out, depth);
        }
        close(out, &qualified);
    } else {
        out.push('>');
        for child in &element.children {
            match child {
                Node::Text(text) => escape_into(out, text, false),
                Node::Element(child) => emit(child, out, None, scope),
            }
        }
        close(out, &qualified);
    }
    scope.truncate(scope_size);
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn close(out: &mut String, qualified: &str) {
    out.push_str("</");
    out.push_str(qualified);
    out.push('>');
}

fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            other if !is_xml_char(other) => out.push('\u{FFFD}'),
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(text: &str) -> Result<Element, ReadError> {
        parse(text.as_bytes())
    }

    #[test]
    fn namespaces_are_resolved_and_text_unescaped() {
        let element = root(r#"<a xmlns="urn:x" xmlns:p="urn:p"><p:b p:c="1 &amp; 2">x &lt; <![CDATA[<y>]]></p:b></a>"#).unwrap();
        assert_eq!(element.namespace.as_deref(), Some("urn:x"));
        let child = element.elements().next().unwrap();
        assert_eq!(
            (
                child.namespace.as_deref(),
                child.prefix.as_deref(),
                child.name.as_str()
            ),
            (Some("urn:p"), Some("p"), "b")
        );
        assert_eq!(child.attributes[0].value, "1 & 2");
        assert_eq!(child.attributes[0].namespace.as_deref(), Some("urn:p"));
        assert_eq!(child.text(), "x < <y>");
    }

    #[test]
    fn doctype_and_entities_are_refused() {
        let error = root("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>").unwrap_err();
        assert_eq!(
            error.message(),
            "document type declarations are not allowed"
        );
        assert!(root("<a>&e;</a>").is_err());
    }

    #[test]
    fn malformed_documents_are_errors_with_positions() {
        for text in [
            "",
            "<a>",
            "<a></b>",
            "<a/><b/>",
            "text<a/>",
            "<a x='1' x='2'/>",
            "<p:a/>",
            "<a>\u{0}</a",
        ] {
            assert!(root(text).is_err(), "{text:?} should be rejected");
        }
        let error = root("<a>\n  <b></c>\n</a>").unwrap_err();
        assert_eq!(error.line(), 2, "{error}");
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = format!(
            "{}{}",
            "<a>".repeat(MAX_DEPTH + 1),
            "</a>".repeat(MAX_DEPTH + 1)
        );
        assert!(root(&deep).unwrap_err().message().contains("nested deeper"));
        let fine = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(root(&fine).is_ok());
    }

    #[test]
    fn only_utf8_is_read() {
        assert!(
            root("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>")
                .unwrap_err()
                .message()
                .contains("encoding")
        );
        assert!(root("<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>").is_ok());
    }

    #[test]
    fn fragments_drop_the_bom_namespace_and_declare_others() {
        let text = format!(
            r#"<bom:bom xmlns:bom="{BOM_NAMESPACE}"><bom:pedigree a="&quot;"><f:x xmlns:f="urn:f" f:y="1"><bom:notes> n </bom:notes></f:x></bom:pedigree></bom:bom>"#
        );
        let element = root(&text).unwrap();
        let pedigree = element.elements().next().unwrap();
        let serialised = fragment(pedigree);
        assert_eq!(
            serialised,
            format!(
                r#"<pedigree a="&quot;"><f:x xmlns:f="urn:f" f:y="1"><notes> n </notes></f:x></pedigree>"#
            )
        );
        let back = parse_fragment(&serialised).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(fragment(&back[0]), serialised);
    }

    #[test]
    fn documents_are_indented_but_text_is_kept() {
        let mut bom = Element::new("bom");
        let mut components = Element::new("components");
        components.push_text("name", " a & b ");
        bom.push(components);
        assert_eq!(
            document(&bom),
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bom xmlns=\"{BOM_NAMESPACE}\">\n  <components>\n    <name> a &amp; b </name>\n  </components>\n</bom>\n"
            )
        );
    }
}
