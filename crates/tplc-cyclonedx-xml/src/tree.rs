//! A small element tree over `quick-xml`'s streaming events, and its serialisation.
//!
//! [`Parser`] reads a document as a sequence of [`Piece`]s. Elements a caller chooses to
//! stream (the reader streams the root and the BOM's `components` and `dependencies` lists)
//! are opened and closed around their children, and each of those children comes whole, as a
//! tree with namespaces resolved and positions kept, so that validation and the model
//! conversion can look around it freely while the document as a whole is never held: a
//! reader keeps one component at a time. [`parse`] builds the whole tree. Names, text and
//! attribute values borrow the input unless they had to be unescaped.
//!
//! Document type declarations are refused outright, so no entity is ever expanded; only the
//! five predefined entities and character references are understood. Depth is bounded by
//! [`MAX_DEPTH`].

use std::borrow::Cow;

use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::reader::NsReader;

use crate::ReadError;
use crate::namespace::{BOM_NAMESPACE, interned, is_bom_namespace};

mod emit;

pub(crate) use emit::{document, fragment, parse_fragment};

/// The deepest element nesting accepted.
pub(crate) const MAX_DEPTH: usize = 256;

/// The namespace bound to the `xml` prefix, never declared.
const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// An attribute with its namespace resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute<'a> {
    /// The namespace, for prefixed attributes.
    pub(crate) namespace: Option<Cow<'a, str>>,
    /// The prefix as written.
    pub(crate) prefix: Option<Cow<'a, str>>,
    /// The local name.
    pub(crate) name: Cow<'a, str>,
    /// The value, unescaped.
    pub(crate) value: Cow<'a, str>,
}

impl Attribute<'_> {
    fn into_owned(self) -> Attribute<'static> {
        Attribute {
            namespace: self.namespace.map(owned),
            prefix: self.prefix.map(owned),
            name: owned(self.name),
            value: owned(self.value),
        }
    }
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node<'a> {
    /// A nested element.
    Element(Element<'a>),
    /// Character data (text and CDATA sections, merged).
    Text(Cow<'a, str>),
}

/// An element with its namespace resolved and its byte offset in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element<'a> {
    /// The namespace the element is in.
    pub(crate) namespace: Option<Cow<'a, str>>,
    /// Whether that namespace is a CycloneDX BOM namespace (worked out once).
    bom: bool,
    /// The prefix as written.
    pub(crate) prefix: Option<Cow<'a, str>>,
    /// The local name.
    pub(crate) name: Cow<'a, str>,
    /// Attributes other than namespace declarations.
    pub(crate) attributes: Vec<Attribute<'a>>,
    /// Elements and text, in document order.
    pub(crate) children: Vec<Node<'a>>,
    /// Where the start tag begins in the input.
    pub(crate) offset: usize,
}

fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

impl Element<'static> {
    /// A new element in the CycloneDX 1.6 namespace (used by the writer).
    pub(crate) fn new(name: &str) -> Self {
        Self {
            namespace: Some(Cow::Borrowed(BOM_NAMESPACE)),
            bom: true,
            prefix: None,
            name: Cow::Owned(name.to_owned()),
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
            name: Cow::Owned(name.to_owned()),
            value: Cow::Owned(value.to_owned()),
        });
    }

    /// Adds a child element holding only text.
    pub(crate) fn push_text(&mut self, name: &str, text: &str) {
        let mut child = Self::new(name);
        child.children.push(Node::Text(Cow::Owned(text.to_owned())));
        self.push(child);
    }
}

impl<'a> Element<'a> {
    /// Adds a child element.
    pub(crate) fn push(&mut self, child: Self) {
        self.children.push(Node::Element(child));
    }

    /// The same element owning all its text.
    pub(crate) fn into_owned(self) -> Element<'static> {
        Element {
            namespace: self.namespace.map(owned),
            bom: self.bom,
            prefix: self.prefix.map(owned),
            name: owned(self.name),
            attributes: self
                .attributes
                .into_iter()
                .map(Attribute::into_owned)
                .collect(),
            children: self
                .children
                .into_iter()
                .map(|node| match node {
                    Node::Element(element) => Node::Element(element.into_owned()),
                    Node::Text(text) => Node::Text(owned(text)),
                })
                .collect(),
            offset: self.offset,
        }
    }

    /// Whether the element is in a CycloneDX namespace and has this local name.
    pub(crate) fn is(&self, name: &str) -> bool {
        self.bom && self.name == name
    }

    /// Whether the element is in a CycloneDX namespace.
    pub(crate) const fn is_bom(&self) -> bool {
        self.bom
    }

    /// The value of an attribute without namespace.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attribute_text(name).map(|value| &**value)
    }

    /// The value of an attribute without namespace, as held (borrowing the input when it
    /// could).
    pub(crate) fn attribute_text(&self, name: &str) -> Option<&Cow<'a, str>> {
        self.attributes
            .iter()
            .find(|attribute| attribute.namespace.is_none() && attribute.name == name)
            .map(|attribute| &attribute.value)
    }

    /// The child elements.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Self> {
        self.children.iter().filter_map(|node| match node {
            Node::Element(element) => Some(element),
            Node::Text(_) => None,
        })
    }

    /// The child elements in a CycloneDX namespace with this local name.
    pub(crate) fn elements_named<'s, 'n>(
        &'s self,
        name: &'n str,
    ) -> impl Iterator<Item = &'s Self> + use<'s, 'a, 'n> {
        self.elements().filter(move |element| element.is(name))
    }

    /// The first child element in a CycloneDX namespace with this local name.
    pub(crate) fn first(&self, name: &str) -> Option<&Self> {
        self.elements_named(name).next()
    }

    /// The element's text content (direct text children only), as written.
    pub(crate) fn text(&self) -> Cow<'_, str> {
        let mut texts = self.children.iter().filter_map(|node| match node {
            Node::Text(text) => Some(&**text),
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

/// One step of a document read by a [`Parser`].
#[derive(Debug)]
pub(crate) enum Piece<'a> {
    /// The start of a streamed element: its name, namespace and attributes, without children;
    /// its child elements follow as [`Piece::Whole`] (its text is checked and dropped), then
    /// [`Piece::Close`].
    Open(Element<'a>),
    /// A whole element: a child of the innermost open streamed element, or the root when that
    /// is not streamed.
    Whole(Element<'a>),
    /// The end of the innermost open streamed element.
    Close,
}

/// An element being read.
enum Frame<'a> {
    /// Built as a tree, children attached.
    Built(Element<'a>),
    /// Streamed: only its name is kept, for messages.
    Streamed(Cow<'a, str>),
}

impl Frame<'_> {
    fn name(&self) -> &str {
        match self {
            Self::Built(element) => &element.name,
            Self::Streamed(name) => name,
        }
    }
}

/// Whether an element whose start tag was just read, with this many open ancestors, is to be
/// streamed.
pub(crate) type Streams = fn(usize, &Element<'_>) -> bool;

/// Reads a document as [`Piece`]s; well-formedness is checked to the end of the input.
pub(crate) struct Parser<'a> {
    input: &'a [u8],
    reader: NsReader<&'a [u8]>,
    streams: Streams,
    stack: Vec<Frame<'a>>,
    /// Whether the root element has been read to its end.
    root_done: bool,
    /// The [`Piece::Close`] of an empty streamed element, given after its [`Piece::Open`].
    pending_close: bool,
    finished: bool,
}

impl<'a> Parser<'a> {
    /// A parser over a whole document.
    pub(crate) fn new(input: &'a [u8], streams: Streams) -> Self {
        Self {
            input,
            reader: NsReader::from_reader(input),
            streams,
            stack: Vec::new(),
            root_done: false,
            pending_close: false,
            finished: false,
        }
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> ReadError {
        ReadError::at(self.input, offset, message)
    }

    /// The next piece, or `None` once the whole input has been read and found well-formed.
    pub(crate) fn next(&mut self) -> Result<Option<Piece<'a>>, ReadError> {
        if self.pending_close {
            self.pending_close = false;
            return Ok(Some(Piece::Close));
        }
        if self.finished {
            return Ok(None);
        }
        loop {
            let offset = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let (namespace, event) = match self.reader.read_resolved_event() {
                Ok((resolved, event)) => {
                    let namespace = match event {
                        Event::Start(_) | Event::Empty(_) => resolve(&resolved),
                        _ => Ok(None),
                    };
                    (namespace, event)
                }
                Err(error) => {
                    let position =
                        usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
                    return Err(self.error(position, format!("malformed xml: {error}")));
                }
            };
            match event {
                Event::Start(start) => {
                    let element = element(self.input, &self.reader, namespace, start, offset)?;
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(self.error(
                            offset,
                            format!("elements nested deeper than {MAX_DEPTH} levels"),
                        ));
                    }
                    if self.stack.is_empty() && self.root_done {
                        return Err(self.error(offset, "content after the root element"));
                    }
                    if (self.streams)(self.stack.len(), &element) {
                        self.stack.push(Frame::Streamed(element.name.clone()));
                        return Ok(Some(Piece::Open(element)));
                    }
                    self.stack.push(Frame::Built(element));
                }
                Event::Empty(start) => {
                    let element = element(self.input, &self.reader, namespace, start, offset)?;
                    if self.stack.is_empty() {
                        if self.root_done {
                            return Err(self.error(offset, "content after the root element"));
                        }
                        self.root_done = true;
                    }
                    if (self.streams)(self.stack.len(), &element) {
                        self.pending_close = true;
                        return Ok(Some(Piece::Open(element)));
                    }
                    if let Some(piece) = self.attach(element) {
                        return Ok(Some(piece));
                    }
                }
                Event::End(_) => match self.stack.pop() {
                    None => return Err(self.error(offset, "unexpected end tag")),
                    Some(Frame::Streamed(_)) => {
                        self.root_done |= self.stack.is_empty();
                        return Ok(Some(Piece::Close));
                    }
                    Some(Frame::Built(element)) => {
                        self.root_done |= self.stack.is_empty();
                        if let Some(piece) = self.attach(element) {
                            return Ok(Some(piece));
                        }
                    }
                },
                Event::Text(text) => {
                    let text = text
                        .unescape()
                        .map_err(|error| self.error(offset, format!("malformed text: {error}")))?;
                    self.push_text(text, offset)?;
                }
                Event::CData(data) => {
                    let text = match data.into_inner() {
                        Cow::Borrowed(bytes) => std::str::from_utf8(bytes).map(Cow::Borrowed),
                        Cow::Owned(bytes) => String::from_utf8(bytes)
                            .map(Cow::Owned)
                            .map_err(|error| error.utf8_error()),
                    }
                    .map_err(|_| self.error(offset, "CDATA section is not valid UTF-8"))?;
                    self.push_text(text, offset)?;
                }
                Event::Decl(declaration) => {
                    if let Some(encoding) = declaration.encoding() {
                        let encoding = encoding.map_err(|error| {
                            self.error(offset, format!("malformed xml declaration: {error}"))
                        })?;
                        if !encoding.eq_ignore_ascii_case(b"utf-8") {
                            let name = String::from_utf8_lossy(&encoding);
                            return Err(self.error(
                                offset,
                                format!("unsupported encoding {name:?}, only UTF-8 is read"),
                            ));
                        }
                    }
                }
                Event::DocType(_) => {
                    return Err(self.error(offset, "document type declarations are not allowed"));
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Eof => {
                    if let Some(open) = self.stack.last() {
                        return Err(self.error(
                            self.input.len(),
                            format!(
                                "unexpected end of document: <{}> is not closed",
                                open.name()
                            ),
                        ));
                    }
                    if !self.root_done {
                        return Err(self.error(self.input.len(), "no root element"));
                    }
                    self.finished = true;
                    return Ok(None);
                }
            }
        }
    }

    /// Attaches a finished element to its parent when that is built as a tree; otherwise
    /// (its parent is streamed, or it is the root) gives it whole.
    fn attach(&mut self, element: Element<'a>) -> Option<Piece<'a>> {
        match self.stack.last_mut() {
            Some(Frame::Built(parent)) => {
                parent.children.push(Node::Element(element));
                None
            }
            Some(Frame::Streamed(_)) | None => Some(Piece::Whole(element)),
        }
    }

    fn push_text(&mut self, text: Cow<'a, str>, offset: usize) -> Result<(), ReadError> {
        check_characters(self.input, &text, offset)?;
        match self.stack.last_mut() {
            None if text.trim().is_empty() => Ok(()),
            None => Err(self.error(offset, "text outside the root element")),
            Some(Frame::Streamed(_)) => Ok(()),
            Some(Frame::Built(parent)) => {
                if let Some(Node::Text(previous)) = parent.children.last_mut() {
                    previous.to_mut().push_str(&text);
                } else {
                    parent.children.push(Node::Text(text));
                }
                Ok(())
            }
        }
    }
}

/// Parses a whole document into its root element.
pub(crate) fn parse(input: &[u8]) -> Result<Element<'_>, ReadError> {
    let mut parser = Parser::new(input, |_, _| false);
    let mut root = None;
    while let Some(piece) = parser.next()? {
        if let Piece::Whole(element) = piece {
            root = Some(element);
        }
    }
    root.ok_or_else(|| ReadError::at(input, input.len(), "no root element"))
}

/// The namespace name, unescaped (`quick-xml` resolves prefixes to the raw attribute value);
/// the error is the message to report. The CycloneDX namespaces, as they are normally
/// written, are not copied.
fn resolve(resolved: &ResolveResult<'_>) -> Result<Option<Cow<'static, str>>, String> {
    match resolved {
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Bound(namespace) => {
            if let Some(known) = interned(namespace.as_ref()) {
                return Ok(Some(Cow::Borrowed(known)));
            }
            let raw = std::str::from_utf8(namespace.as_ref())
                .map_err(|_| "namespace name is not valid UTF-8".to_owned())?;
            let name = quick_xml::escape::unescape(raw)
                .map_err(|error| format!("malformed namespace name: {error}"))?;
            match name.chars().find(|character| !is_xml_char(*character)) {
                Some(character) => Err(format!(
                    "character U+{:04X} is not allowed in XML",
                    u32::from(character)
                )),
                None => Ok(Some(Cow::Owned(name.into_owned()))),
            }
        }
        ResolveResult::Unknown(prefix) => Err(format!(
            "unknown namespace prefix {:?}",
            String::from_utf8_lossy(prefix)
        )),
    }
}

fn utf8<'b>(input: &[u8], bytes: &'b [u8], offset: usize) -> Result<&'b str, ReadError> {
    std::str::from_utf8(bytes).map_err(|_| ReadError::at(input, offset, "name is not valid UTF-8"))
}

/// The element of a start tag read at `offset`. A tag that is valid UTF-8 (the usual case)
/// is borrowed from the input; another is read the same way and copied.
fn element<'a>(
    input: &'a [u8],
    reader: &NsReader<&'a [u8]>,
    namespace: Result<Option<Cow<'static, str>>, String>,
    start: BytesStart<'a>,
    offset: usize,
) -> Result<Element<'a>, ReadError> {
    let namespace = namespace.map_err(|message| ReadError::at(input, offset, message))?;
    let name_length = start.name().as_ref().len();
    // The tag's content (between `<` and `>` or `/>`) as it stands in the input, which the
    // event borrows but cannot hand out for the input's lifetime.
    let content = offset.saturating_add(1);
    let borrowed = input
        .get(content..content.saturating_add(start.len()))
        .filter(|bytes| *bytes == &*start)
        .and_then(|bytes| std::str::from_utf8(bytes).ok());
    let tag = Tag {
        input,
        reader,
        namespace,
        name_length,
        offset,
    };
    match borrowed {
        Some(text) => tag.build(text.as_bytes(), Attributes::new(text, name_length)),
        None => tag
            .build(&start, start.attributes())
            .map(Element::into_owned),
    }
}

/// What [`element`] builds an element from, besides the tag's bytes.
struct Tag<'r, 'a> {
    input: &'a [u8],
    reader: &'r NsReader<&'a [u8]>,
    namespace: Option<Cow<'static, str>>,
    name_length: usize,
    offset: usize,
}

impl Tag<'_, '_> {
    fn error(&self, message: impl Into<String>) -> ReadError {
        ReadError::at(self.input, self.offset, message)
    }

    fn build<'b>(
        self,
        tag: &'b [u8],
        attributes: Attributes<'b>,
    ) -> Result<Element<'b>, ReadError> {
        let name = QName(tag.get(..self.name_length).unwrap_or(tag));
        let prefix = name
            .prefix()
            .map(|prefix| utf8(self.input, prefix.into_inner(), self.offset).map(Cow::Borrowed))
            .transpose()?;
        let local = utf8(self.input, name.local_name().into_inner(), self.offset)?;
        let mut list = Vec::new();
        for attribute in attributes {
            let attribute =
                attribute.map_err(|error| self.error(format!("malformed attribute: {error}")))?;
            if attribute.key.as_namespace_binding().is_some() {
                continue;
            }
            let (namespace, local_name) = if attribute.key.prefix().is_some() {
                let (resolved, local_name) = self.reader.resolve_attribute(attribute.key);
                (
                    resolve(&resolved).map_err(|message| self.error(message))?,
                    local_name,
                )
            } else {
                (None, attribute.key.local_name())
            };
            let value = attribute
                .unescape_value()
                .map_err(|error| self.error(format!("malformed attribute value: {error}")))?;
            check_characters(self.input, &value, self.offset)?;
            list.push(Attribute {
                namespace,
                prefix: attribute
                    .key
                    .prefix()
                    .map(|prefix| {
                        utf8(self.input, prefix.into_inner(), self.offset).map(Cow::Borrowed)
                    })
                    .transpose()?,
                name: Cow::Borrowed(utf8(self.input, local_name.into_inner(), self.offset)?),
                value,
            });
        }
        Ok(Element {
            bom: self.namespace.as_deref().is_some_and(is_bom_namespace),
            namespace: self.namespace,
            prefix,
            name: Cow::Borrowed(local),
            attributes: list,
            children: Vec::new(),
            offset: self.offset,
        })
    }
}

/// Characters XML 1.0 allows (`Char`), which a character reference may not escape either.
fn is_xml_char(character: char) -> bool {
    matches!(character, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

fn check_characters(input: &[u8], text: &str, offset: usize) -> Result<(), ReadError> {
    // Only C0 controls and U+FFFE/U+FFFF (encoded EF BF BE/BF) can be outside `Char` in a
    // Rust string; text without such bytes needs no closer look.
    let suspect = text
        .bytes()
        .any(|byte| (byte < 0x20 && !matches!(byte, b'\t' | b'\n' | b'\r')) || byte == 0xEF);
    if !suspect {
        return Ok(());
    }
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

#[cfg(test)]
mod tests;
