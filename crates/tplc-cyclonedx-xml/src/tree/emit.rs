//! Serialising trees: raw fragments (compact, without prefixes for CycloneDX elements) and
//! whole documents (indented), namespaces declared where they are first used.

use super::{Element, Node, XML_NAMESPACE, is_xml_char, parse};
use crate::ReadError;
use crate::namespace::{BOM_NAMESPACE, is_bom_namespace};

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
pub(crate) fn parse_fragment(text: &str) -> Result<Vec<Element<'static>>, ReadError> {
    let wrapped = format!("<fragment xmlns=\"{BOM_NAMESPACE}\">{text}</fragment>");
    let wrapper = parse(wrapped.as_bytes())?;
    Ok(wrapper
        .children
        .into_iter()
        .filter_map(|node| match node {
            Node::Element(element) => Some(element.into_owned()),
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
        || element.name.to_string(),
        |prefix| format!("{prefix}:{}", element.name),
    );
    out.push('<');
    out.push_str(&qualified);
    declare(out, scope, prefix, namespace);
    for attribute in &element.attributes {
        if let (Some(namespace), Some(prefix)) =
            (attribute.namespace.as_deref(), attribute.prefix.as_deref())
            && namespace != XML_NAMESPACE
        {
            declare(out, scope, Some(prefix), namespace);
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
