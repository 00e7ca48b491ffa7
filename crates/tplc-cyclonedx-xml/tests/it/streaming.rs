//! The reader takes the BOM's components and dependencies one at a time; what it reports must
//! not depend on that: errors come as if the whole document had been read first.

use tplc_cyclonedx_xml::read_xml;

const NS: &str = "http://cyclonedx.org/schema/bom/1.6";

fn bom(body: &str) -> String {
    format!("<bom xmlns=\"{NS}\" version=\"1\">{body}</bom>")
}

fn component(reference: &str) -> String {
    format!(
        r#"<component type="library" bom-ref="{reference}"><name>{reference}</name></component>"#
    )
}

fn rejection(text: &str) -> String {
    read_xml(text.as_bytes()).unwrap_err().to_string()
}

#[test]
fn a_well_formedness_error_anywhere_comes_before_a_broken_rule() {
    let text = format!(
        "<bom xmlns=\"{NS}\"><components><component type=\"gadget\"><name>a</name></component>{}</components><metadata></bom>",
        component("b")
    );
    let error = rejection(&text);
    assert!(error.starts_with("line 1, column "), "{error}");
    assert!(error.contains("malformed xml"), "{error}");
    let unclosed = format!(
        "<bom xmlns=\"{NS}\"><components><component type=\"gadget\"><name>a</name></component>"
    );
    assert!(rejection(&unclosed).contains("is not closed"));
}

#[test]
fn the_first_broken_rule_in_document_order_is_reported() {
    let text = bom(&format!(
        "<components>{}<component type=\"library\"><name>x</name><scope>sometimes</scope></component></components><metadata><timestamp>yesterday</timestamp></metadata><dependencies><dependency ref=\"nowhere\"/></dependencies>",
        component("a")
    ));
    assert!(rejection(&text).ends_with("unknown scope \"sometimes\""));
    let text = bom(&format!(
        "<metadata><timestamp>yesterday</timestamp></metadata><components>{}</components>",
        component("a")
    ));
    assert!(rejection(&text).contains("timestamp \"yesterday\""));
}

#[test]
fn dependencies_may_name_components_that_come_later() {
    let text = bom(&format!(
        r#"<dependencies><dependency ref="a"><dependency ref="b"/></dependency></dependencies><components>{}{}</components>"#,
        component("a"),
        component("b")
    ));
    let document = read_xml(text.as_bytes()).unwrap();
    assert_eq!(document.dependencies.len(), 1);
    assert_eq!(document.dependencies[0].depends_on, ["b"]);
    assert_eq!(document.component_count(), 2);
}

#[test]
fn unknown_dependency_references_are_reported_in_graph_order() {
    // The graph is walked from the last `dependencies` list: its entries first, then what
    // they nest.
    let text = bom(&format!(
        r#"<components>{}</components><dependencies><dependency ref="first"/></dependencies><dependencies><dependency ref="a"><dependency ref="nested"/></dependency><dependency ref="second"/></dependencies>"#,
        component("a")
    ));
    assert!(rejection(&text).ends_with("dependency names unknown bom-ref \"second\""));
    let text = bom(&format!(
        r#"<components>{}</components><dependencies><dependency ref="first"/></dependencies><dependencies><dependency ref="a"><dependency ref="nested"/></dependency></dependencies>"#,
        component("a")
    ));
    assert!(rejection(&text).ends_with("dependency names unknown bom-ref \"nested\""));
}

#[test]
fn duplicate_references_are_found_across_lists_and_metadata() {
    let text = bom(&format!(
        "<components>{}</components><metadata>{}</metadata><components>{}</components>",
        component("a"),
        component("m"),
        component("a")
    ));
    assert!(rejection(&text).ends_with("duplicate bom-ref \"a\""));
}

#[test]
fn every_list_is_read_in_document_order() {
    let text = bom(&format!(
        "<components>{}</components><components/><components>{}<other xmlns=\"urn:x\"/></components>",
        component("a"),
        component("b")
    ));
    let document = read_xml(text.as_bytes()).unwrap();
    let names: Vec<&str> = document
        .components
        .iter()
        .map(|component| component.name.as_str())
        .collect();
    assert_eq!(names, ["a", "b"]);
}
