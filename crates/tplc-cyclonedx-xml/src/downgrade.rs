//! Raw XML parts read from CycloneDX 1.7 documents, made fit for CycloneDX 1.6: what 1.7 added
//! (algorithm families, certificate serial numbers, patents, citations, …) is removed.

use crate::tree::{Element, Node};

/// The element names `bom-1.7.xsd` declares and `bom-1.6.xsd` declares nowhere: in a 1.6
/// document no element of the CycloneDX namespace can have one of them.
const ELEMENTS_ADDED_IN_1_7: &[&str] = &[
    "abstract",
    "algorithmFamily",
    "applicationNumber",
    "asserter",
    "assertionType",
    "attributedTo",
    "bom-ref",
    "certificateExtensions",
    "certificateFileExtension",
    "certificateState",
    "citation",
    "citations",
    "commonExtensionName",
    "commonExtensionValue",
    "customExtensionName",
    "customExtensionValue",
    "deactivationDate",
    "destructionDate",
    "details",
    "distributionConstraints",
    "ellipticCurve",
    "expression-detailed",
    "expressions",
    "familyId",
    "filingDate",
    "fingerprint",
    "grantDate",
    "jurisdiction",
    "keyLength",
    "members",
    "patent",
    "patentAssertion",
    "patentAssertions",
    "patentAssignee",
    "patentExpirationDate",
    "patentFamily",
    "patentLegalStatus",
    "patentNumber",
    "patentRefs",
    "patents",
    "pointer",
    "pointers",
    "priorityApplication",
    "process",
    "publicationNumber",
    "reason",
    "relatedCryptographicAsset",
    "relatedCryptographicAssets",
    "revocationDate",
    "serialNumber",
    "signatureScheme",
    "tlp",
    "tlsGroups",
    "tlsSignatureSchemes",
    "versionRange",
];

/// The attribute names `bom-1.7.xsd` declares and `bom-1.6.xsd` does not.
const ATTRIBUTES_ADDED_IN_1_7: &[&str] = &["expression", "isExternal", "license-identifier"];

/// Elements whose 1.7 content holds elements of names 1.6 knows elsewhere, with the children
/// 1.6 allows them.
const CHILDREN_IN_1_6: &[(&str, &[&str])] = &[(
    "certificateProperties",
    &[
        "subjectName",
        "issuerName",
        "notValidBefore",
        "notValidAfter",
        "signatureAlgorithmRef",
        "subjectPublicKeyRef",
        "certificateFormat",
        "certificateExtension",
    ],
)];

/// Removes, at any depth, the CycloneDX elements and the attributes that CycloneDX 1.7 added;
/// elements of other namespaces (extensions) are left as they are. Returns the names removed,
/// sorted, each once.
pub(crate) fn remove_1_7_additions(element: &mut Element<'_>) -> Vec<String> {
    let mut removed = Vec::new();
    let mut pending = vec![element];
    while let Some(element) = pending.pop() {
        if !element.is_bom() {
            continue;
        }
        element.attributes.retain(|attribute| {
            let added = attribute.namespace.is_none()
                && ATTRIBUTES_ADDED_IN_1_7.contains(&attribute.name.as_ref());
            if added {
                removed.push(format!("@{}", attribute.name));
            }
            !added
        });
        if element.name == "ikev2TransformTypes" {
            simplify_transform_types(element, &mut removed);
        }
        let allowed = CHILDREN_IN_1_6
            .iter()
            .find(|(parent, _)| element.name == *parent)
            .map(|(_, children)| *children);
        element.children.retain(|node| match node {
            Node::Element(child)
                if child.is_bom()
                    && (ELEMENTS_ADDED_IN_1_7.contains(&child.name.as_ref())
                        || allowed
                            .is_some_and(|allowed| !allowed.contains(&child.name.as_ref()))) =>
            {
                removed.push(child.name.to_string());
                false
            }
            _ => true,
        });
        pending.extend(element.children.iter_mut().filter_map(|node| match node {
            Node::Element(child) => Some(child),
            Node::Text(_) => None,
        }));
    }
    removed.sort();
    removed.dedup();
    removed
}

/// IKEv2 transform types that 1.7 may describe in detail (`name`, `algorithm`, …) and 1.6
/// only names by the `bom-ref` of their algorithm.
const TRANSFORM_TYPES: &[&str] = &["encr", "prf", "integ", "ke", "auth"];

/// Replaces each detailed transform type by the reference to its algorithm, and removes
/// those without one.
fn simplify_transform_types(element: &mut Element<'_>, removed: &mut Vec<String>) {
    element.children.retain_mut(|node| {
        let Node::Element(child) = node else {
            return true;
        };
        let detailed = child.is_bom()
            && TRANSFORM_TYPES.contains(&child.name.as_ref())
            && child.elements().next().is_some();
        if !detailed {
            return true;
        }
        removed.push(format!("{} details", child.name));
        let Some(algorithm) = child
            .first("algorithm")
            .map(|algorithm| algorithm.text().trim().to_owned())
            .filter(|algorithm| !algorithm.is_empty())
        else {
            return false;
        };
        child.children = vec![Node::Text(algorithm.into())];
        true
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree;

    #[test]
    fn elements_and_attributes_added_in_1_7_are_removed() {
        let mut elements = tree::parse_fragment(
            "<cryptoProperties><assetType>algorithm</assetType><algorithmProperties>\
             <algorithmFamily>AES</algorithmFamily><primitive>ae</primitive>\
             <x:algorithmFamily xmlns:x=\"urn:example\">kept</x:algorithmFamily>\
             </algorithmProperties><oid isExternal=\"true\">1.2</oid></cryptoProperties>",
        )
        .unwrap();
        let element = &mut elements[0];
        assert_eq!(
            remove_1_7_additions(element),
            ["@isExternal", "algorithmFamily"]
        );
        let text = tree::fragment(element);
        assert!(
            !text.contains("AES") && !text.contains("isExternal"),
            "{text}"
        );
        assert!(
            text.contains("kept") && text.contains("<primitive>ae</primitive>"),
            "{text}"
        );
    }

    #[test]
    fn detailed_transform_types_become_references() {
        let mut elements = tree::parse_fragment(
            "<ikev2TransformTypes><encr><name>AES</name><keyLength>128</keyLength>\
             <algorithm>aes-ref</algorithm></encr><prf>sha-ref</prf><auth><name>x</name></auth>\
             <esn>true</esn></ikev2TransformTypes>",
        )
        .unwrap();
        let element = &mut elements[0];
        assert_eq!(
            remove_1_7_additions(element),
            ["auth details", "encr details"]
        );
        assert_eq!(
            tree::fragment(element),
            "<ikev2TransformTypes><encr>aes-ref</encr><prf>sha-ref</prf><esn>true</esn></ikev2TransformTypes>"
        );
    }

    #[test]
    fn the_list_holds_no_1_6_element() {
        for name in [
            "component",
            "serialNumber",
            "algorithmProperties",
            "definitions",
        ] {
            let added = ELEMENTS_ADDED_IN_1_7.contains(&name);
            assert_eq!(added, name == "serialNumber", "{name}");
        }
    }
}
