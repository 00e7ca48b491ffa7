//! Tests of the tree parser and serialiser.

use super::*;

fn root(text: &str) -> Result<Element<'_>, ReadError> {
    parse(text.as_bytes())
}

#[test]
fn namespaces_are_resolved_and_text_unescaped() {
    let element = root(
        r#"<a xmlns="urn:x" xmlns:p="urn:p"><p:b p:c="1 &amp; 2">x &lt; <![CDATA[<y>]]></p:b></a>"#,
    )
    .unwrap();
    assert_eq!(element.namespace.as_deref(), Some("urn:x"));
    let child = element.elements().next().unwrap();
    assert_eq!(
        (
            child.namespace.as_deref(),
            child.prefix.as_deref(),
            child.name.as_ref()
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

/// The pieces of a document streamed like a BOM: the root and its `list` children.
fn pieces(text: &str) -> Result<Vec<String>, ReadError> {
    let mut parser = Parser::new(text.as_bytes(), |open, element| {
        open == 0 || (open == 1 && element.name == "list")
    });
    let mut pieces = Vec::new();
    while let Some(piece) = parser.next()? {
        pieces.push(match piece {
            Piece::Open(element) => {
                assert!(element.children.is_empty());
                format!("open {}", element.name)
            }
            Piece::Whole(element) => format!("{} {:?}", element.name, element.text()),
            Piece::Close => "close".to_owned(),
        });
    }
    Ok(pieces)
}

#[test]
fn streamed_elements_come_child_by_child() {
    let streamed = pieces(
        "<root> text <list a='1'> <item>one</item><item>t&amp;wo</item> </list><list/><other><list>x</list></other></root>",
    )
    .unwrap();
    assert_eq!(
        streamed,
        [
            "open root",
            "open list",
            "item \"one\"",
            "item \"t&wo\"",
            "close",
            "open list",
            "close",
            "other \"\"",
            "close"
        ]
    );
    assert_eq!(pieces("<root/>").unwrap(), ["open root", "close"]);
}

#[test]
fn streamed_documents_are_checked_to_the_end() {
    assert!(pieces("<root><list><item/></list></root><more/>").is_err());
    assert!(pieces("<root><list><item/></list>").is_err());
    assert!(pieces("<root><list>\u{1}</list></root>").is_err());
    assert!(pieces("<root><list><item></list></root>").is_err());
}

#[test]
fn names_text_and_values_borrow_the_input_unless_unescaped() {
    let text =
        r#"<a xmlns="http://cyclonedx.org/schema/bom/1.6" k="v" e="&lt;">plain<b>x&amp;y</b></a>"#;
    let element = root(text).unwrap();
    assert!(matches!(element.name, Cow::Borrowed("a")));
    assert!(matches!(element.namespace, Some(Cow::Borrowed(_))));
    assert!(element.is_bom());
    assert!(matches!(element.attributes[0].value, Cow::Borrowed("v")));
    assert!(matches!(element.attributes[1].value, Cow::Owned(_)));
    assert!(matches!(
        element.children[0],
        Node::Text(Cow::Borrowed("plain"))
    ));
    let child = element.elements().next().unwrap();
    assert_eq!(child.text(), "x&y");
    let owned = element.clone().into_owned();
    assert_eq!(fragment(&owned), fragment(&element));
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
