//! Streaming XML without DTDs: a reader that knows its line and column, and the small element
//! trees of one record at a time.

use std::io::{self, BufRead, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

use crate::FeedError;

/// The deepest element nesting read; real feeds nest six deep.
const MAX_DEPTH: usize = 64;

/// A buffered reader that counts the lines and characters the XML parser has consumed.
pub(crate) struct Tracked<R> {
    inner: R,
    line: usize,
    column: usize,
}

impl<R: BufRead> Tracked<R> {
    pub(crate) const fn new(inner: R) -> Self {
        Self {
            inner,
            line: 1,
            column: 1,
        }
    }

    fn count(line: &mut usize, column: &mut usize, bytes: &[u8]) {
        for &byte in bytes {
            if byte == b'\n' {
                *line += 1;
                *column = 1;
            } else if byte & 0xC0 != 0x80 {
                // A UTF-8 continuation byte belongs to the character before it.
                *column += 1;
            }
        }
    }
}

impl<R: BufRead> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        Self::count(
            &mut self.line,
            &mut self.column,
            buf.get(..read).unwrap_or_default(),
        );
        Ok(read)
    }
}

impl<R: BufRead> BufRead for Tracked<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        let Self {
            inner,
            line,
            column,
        } = self;
        // The buffer is already filled: fill_buf gives it back without reading.
        if let Ok(buffer) = inner.fill_buf() {
            Self::count(line, column, buffer.get(..amount).unwrap_or(buffer));
        }
        inner.consume(amount);
    }
}

/// An element of a record: its local name, whether it is in the expected namespace (or in
/// none), its attributes, its text and its children.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) in_namespace: bool,
    pub(crate) attributes: Vec<(String, String)>,
    pub(crate) text: String,
    pub(crate) children: Vec<Self>,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl Element {
    /// The children of that name (in the namespace).
    pub(crate) fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Self> + 'a {
        self.children
            .iter()
            .filter(move |child| child.in_namespace && child.name == name)
    }

    /// The first child of that name.
    pub(crate) fn first<'a>(&'a self, name: &str) -> Option<&'a Self> {
        self.children
            .iter()
            .find(|child| child.in_namespace && child.name == name)
    }

    /// The trimmed text of the first child of that name, when not empty.
    pub(crate) fn text_of(&self, name: &str) -> Option<&str> {
        self.first(name)
            .map(Self::trimmed)
            .filter(|text| !text.is_empty())
    }

    /// The element's trimmed text.
    pub(crate) fn trimmed(&self) -> &str {
        self.text.trim()
    }

    /// An attribute by its qualified name as written (`version`, `xml:lang`).
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// What the document reader met next at the top level.
pub(crate) enum Next {
    /// The start of an element at depth `depth` (the root is at 0), read whole when it was
    /// asked for.
    Element { depth: usize, element: Element },
    /// The end of the document.
    End,
}

/// A streaming XML document reader: no DTD (a DOCTYPE is an error), entities never expanded
/// beyond the five predefined ones and character references, UTF-8 only.
pub(crate) struct Document<R: BufRead> {
    reader: NsReader<Tracked<R>>,
    location: String,
    namespaces: &'static [&'static [u8]],
    buffer: Vec<u8>,
    /// The names of the open elements outside a record.
    open: Vec<String>,
    root_seen: bool,
    /// Whether the last event was text: the parser has then consumed the `<` of the next
    /// markup already.
    after_text: bool,
}

impl<R: BufRead> Document<R> {
    pub(crate) fn new(input: R, location: &str, namespaces: &'static [&'static [u8]]) -> Self {
        let mut reader = NsReader::from_reader(Tracked::new(input));
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.trim_text(false);
        Self {
            reader,
            location: location.to_owned(),
            namespaces,
            buffer: Vec::new(),
            open: Vec::new(),
            root_seen: false,
            after_text: false,
        }
    }

    /// The line and column where the next event starts.
    fn position(&mut self) -> (usize, usize) {
        let after_text = self.after_text;
        let tracked = self.reader.get_mut();
        let column = if after_text {
            tracked.column.saturating_sub(1).max(1)
        } else {
            tracked.column
        };
        (tracked.line, column)
    }

    /// The line and column of the end of the input.
    fn end_position(&mut self) -> (usize, usize) {
        let tracked = self.reader.get_mut();
        (tracked.line, tracked.column)
    }

    /// A fatal error at a position.
    pub(crate) fn error_at(
        &self,
        (line, column): (usize, usize),
        message: impl Into<String>,
    ) -> FeedError {
        FeedError::Xml {
            location: self.location.clone(),
            line,
            column,
            message: message.into(),
        }
    }

    /// The next element start outside records; `whole(depth, local_name, in_namespace)` says
    /// whether to read it with its content as an [`Element`] (a record) or to step into it.
    pub(crate) fn next(
        &mut self,
        whole: &dyn Fn(usize, &str, bool) -> bool,
    ) -> Result<Next, FeedError> {
        loop {
            let at = self.position();
            self.buffer.clear();
            let namespaces = self.namespaces;
            let event =
                self.reader
                    .read_resolved_event_into(&mut self.buffer)
                    .map(|(resolved, event)| {
                        (namespaces_match(namespaces, &resolved), event.into_owned())
                    });
            let (in_namespace, event) = match event {
                Ok(found) => found,
                Err(error) => return Err(self.error_at(at, error.to_string())),
            };
            self.after_text = matches!(event, Event::Text(_));
            match event {
                Event::Start(start) => {
                    let depth = self.open.len();
                    if depth == 0 && self.root_seen {
                        return Err(self.error_at(at, "a second root element"));
                    }
                    self.root_seen = true;
                    let element = self.element_of(&start, in_namespace, at)?;
                    if whole(depth, &element.name, in_namespace) {
                        let element = self.read_content(element)?;
                        return Ok(Next::Element { depth, element });
                    }
                    if depth >= MAX_DEPTH {
                        return Err(
                            self.error_at(at, format!("elements nested deeper than {MAX_DEPTH}"))
                        );
                    }
                    self.open.push(element.name.clone());
                    return Ok(Next::Element { depth, element });
                }
                Event::Empty(empty) => {
                    // Not produced with `expand_empty_elements`; read as an element without content.
                    let depth = self.open.len();
                    if depth == 0 {
                        return Err(self.error_at(at, "an empty root element"));
                    }
                    let element = self.element_of(&empty, in_namespace, at)?;
                    return Ok(Next::Element { depth, element });
                }
                Event::End(_) => {
                    self.open.pop();
                }
                Event::Text(text) => {
                    if self.open.is_empty() && !text.iter().all(u8::is_ascii_whitespace) {
                        return Err(self.error_at(at, "text outside the root element"));
                    }
                }
                Event::CData(_) | Event::Comment(_) | Event::PI(_) => {}
                Event::Decl(declaration) => self.check_declaration(&declaration, at)?,
                Event::DocType(_) => {
                    return Err(self.error_at(
                        at,
                        "document type declarations are not allowed (no DTD is processed)",
                    ));
                }
                Event::Eof => {
                    let at = self.end_position();
                    if let Some(open) = self.open.last() {
                        let message = format!("unexpected end of document: <{open}> is not closed");
                        return Err(self.error_at(at, message));
                    }
                    if !self.root_seen {
                        return Err(self.error_at(at, "no root element"));
                    }
                    return Ok(Next::End);
                }
            }
        }
    }

    fn check_declaration(
        &self,
        declaration: &quick_xml::events::BytesDecl<'_>,
        at: (usize, usize),
    ) -> Result<(), FeedError> {
        if let Some(encoding) = declaration.encoding() {
            let encoding = encoding.map_err(|error| {
                self.error_at(at, format!("malformed xml declaration: {error}"))
            })?;
            if !encoding.eq_ignore_ascii_case(b"utf-8") {
                let name = String::from_utf8_lossy(&encoding);
                return Err(self.error_at(
                    at,
                    format!("unsupported encoding {name:?}, only UTF-8 is read"),
                ));
            }
        }
        Ok(())
    }

    fn element_of(
        &self,
        start: &BytesStart<'_>,
        in_namespace: bool,
        at: (usize, usize),
    ) -> Result<Element, FeedError> {
        let name = std::str::from_utf8(start.local_name().as_ref())
            .map_err(|_| self.error_at(at, "an element name is not UTF-8"))?
            .to_owned();
        let mut attributes = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|error| self.error_at(at, error.to_string()))?;
            let key = std::str::from_utf8(attribute.key.as_ref())
                .map_err(|_| self.error_at(at, "an attribute name is not UTF-8"))?
                .to_owned();
            let value = attribute
                .unescape_value()
                .map_err(|error| self.error_at(at, format!("attribute {key}: {error}")))?
                .into_owned();
            attributes.push((key, value));
        }
        Ok(Element {
            name,
            in_namespace,
            attributes,
            line: at.0,
            column: at.1,
            ..Element::default()
        })
    }

    /// Reads the content of `element` (whose start was just read) up to its end.
    fn read_content(&mut self, element: Element) -> Result<Element, FeedError> {
        let mut stack = vec![element];
        loop {
            let at = self.position();
            self.buffer.clear();
            let namespaces = self.namespaces;
            let event =
                self.reader
                    .read_resolved_event_into(&mut self.buffer)
                    .map(|(resolved, event)| {
                        (namespaces_match(namespaces, &resolved), event.into_owned())
                    });
            let (in_namespace, event) = match event {
                Ok(found) => found,
                Err(error) => return Err(self.error_at(at, error.to_string())),
            };
            self.after_text = matches!(event, Event::Text(_));
            match event {
                Event::Start(start) => {
                    if stack.len() + self.open.len() >= MAX_DEPTH {
                        return Err(
                            self.error_at(at, format!("elements nested deeper than {MAX_DEPTH}"))
                        );
                    }
                    let child = self.element_of(&start, in_namespace, at)?;
                    stack.push(child);
                }
                Event::Empty(empty) => {
                    let child = self.element_of(&empty, in_namespace, at)?;
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(child);
                    }
                }
                Event::End(_) => {
                    let Some(done) = stack.pop() else {
                        return Err(self.error_at(at, "unbalanced end tag"));
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
                Event::Text(text) => {
                    let text = text
                        .unescape()
                        .map_err(|error| self.error_at(at, error.to_string()))?;
                    if let Some(current) = stack.last_mut() {
                        current.text.push_str(&text);
                    }
                }
                Event::CData(data) => {
                    let text = std::str::from_utf8(&data)
                        .map_err(|_| self.error_at(at, "a CDATA section is not UTF-8"))?;
                    if let Some(current) = stack.last_mut() {
                        current.text.push_str(text);
                    }
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Decl(_) => {
                    return Err(self.error_at(at, "an xml declaration inside an element"));
                }
                Event::DocType(_) => {
                    return Err(self.error_at(
                        at,
                        "document type declarations are not allowed (no DTD is processed)",
                    ));
                }
                Event::Eof => {
                    let at = self.end_position();
                    let open = stack.last().map_or("?", |element| element.name.as_str());
                    let message = format!("unexpected end of document: <{open}> is not closed");
                    return Err(self.error_at(at, message));
                }
            }
        }
    }
}

/// Whether an element is in one of the expected namespaces, or in none.
fn namespaces_match(namespaces: &[&[u8]], resolved: &ResolveResult<'_>) -> bool {
    match resolved {
        ResolveResult::Unbound => true,
        ResolveResult::Bound(namespace) => namespaces.contains(&namespace.as_ref()),
        ResolveResult::Unknown(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &[&[u8]] = &[b"urn:x"];

    fn first_record(input: &str) -> Result<Element, FeedError> {
        let mut document = Document::new(input.as_bytes(), "t.xml", NS);
        loop {
            match document.next(&|depth, name, _| depth == 1 && name == "r")? {
                Next::Element { depth: 1, element } => return Ok(element),
                Next::Element { .. } => {}
                Next::End => return Err(FeedError::format("t.xml", "no record")),
            }
        }
    }

    #[test]
    fn records_are_read_whole_with_positions() {
        let record = first_record(
            "<?xml version=\"1.0\"?>\n<d xmlns=\"urn:x\">\n  <r a=\"1\"><é>x&amp;y</é><n/></r>\n</d>",
        );
        let record = record.ok().unwrap_or_default();
        assert_eq!(
            (record.name.as_str(), record.line, record.column),
            ("r", 3, 3)
        );
        assert_eq!(record.attribute("a"), Some("1"));
        assert_eq!(record.text_of("é"), Some("x&y"));
        assert_eq!(record.first("n").map(|n| n.line), Some(3));
        assert_eq!(record.first("n").map(|n| n.column), Some(26));
    }

    #[test]
    fn a_doctype_and_truncation_are_fatal() {
        let doctype = first_record(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY e \"boom\">]>\n<d><r>&e;</r></d>",
        );
        assert_eq!(
            doctype.err().map(|error| error.to_string()).as_deref(),
            Some(
                "t.xml: line 2, column 1: document type declarations are not allowed (no DTD is processed)"
            )
        );
        let truncated = first_record("<d xmlns=\"urn:x\"><r><x>text");
        assert_eq!(
            truncated.err().map(|error| error.to_string()).as_deref(),
            Some("t.xml: line 1, column 28: unexpected end of document: <x> is not closed")
        );
        assert!(first_record("<d><r>&unknown;</r></d>").is_err());
        assert!(first_record("<d><r></q></d>").is_err());
    }
}
