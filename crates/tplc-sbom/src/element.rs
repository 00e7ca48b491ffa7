//! The elements a profile can require, and how each is read from the model.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use tplc_model::{Component, SbomDocument};

/// Whether an element applies to the document or to each component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementLevel {
    /// Checked once per document.
    Document,
    /// Checked for each component in scope.
    Component,
}

/// One required element of an SBOM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Element {
    /// A person or organisation named as author of the SBOM data (QA#6 ⑥): CycloneDX
    /// `metadata.authors`, `metadata.manufacturer`; SPDX `Person:`/`Organization:` creators.
    Author,
    /// Like [`Author`](Self::Author), but a tool (`metadata.tools`, SPDX `Tool:`) also counts.
    AuthorOrTool,
    /// A valid RFC 3339 creation timestamp (QA#6 ⑦): CycloneDX `metadata.timestamp`, SPDX
    /// `creationInfo.created`.
    Timestamp,
    /// The top-level component the document describes: CycloneDX `metadata.component`, SPDX
    /// the package the document `DESCRIBES`.
    TopLevelComponent,
    /// The top-level component's direct components are listed: it has a dependency node with
    /// edges, nested components, or `CONTAINS` relationships (QA#6 depth rule).
    DirectComponents,
    /// The document records how its components relate to the top-level component: there is a
    /// top-level component, and either the document has no other component or the top-level
    /// component has direct components (NTIA "dependency relationship").
    DependencyRelationships,
    /// Supplier name (QA#6 ①): `supplier`, else `manufacturer`, else `publisher`.
    Supplier,
    /// Component name (QA#6 ②).
    Name,
    /// Version (QA#6 ③).
    Version,
    /// A globally unique identifier (QA#6 ④): purl, CPE, SWID tag id, OmniBOR id or SWHID.
    UniqueIdentifier,
    /// Any identifier, a document-local one (bom-ref, SPDXID) included.
    Identifier,
    /// The component is related to an upstream component (QA#6 ⑤): it is the top-level
    /// component or reachable from it through dependencies, nesting or relationships.
    UpstreamRelationship,
    /// Level of support (FDA): property `cdx:fda:level-of-support`, or a `cdx:fda:justification`
    /// naming it.
    LevelOfSupport,
    /// End-of-support date (FDA): property `cdx:fda:end-of-support-date` (YYYY-MM-DD) or
    /// `cdx:lifecycle:milestone:endOfSupport`, or a `cdx:fda:justification` naming it.
    EndOfSupportDate,
}

impl Element {
    /// Every element.
    pub const ALL: &'static [Self] = &[
        Self::Author,
        Self::AuthorOrTool,
        Self::Timestamp,
        Self::TopLevelComponent,
        Self::DirectComponents,
        Self::DependencyRelationships,
        Self::Supplier,
        Self::Name,
        Self::Version,
        Self::UniqueIdentifier,
        Self::Identifier,
        Self::UpstreamRelationship,
        Self::LevelOfSupport,
        Self::EndOfSupportDate,
    ];

    /// The element's id as profiles and message catalogs spell it.
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            Self::Author => "author",
            Self::AuthorOrTool => "author-or-tool",
            Self::Timestamp => "timestamp",
            Self::TopLevelComponent => "top-level-component",
            Self::DirectComponents => "direct-components",
            Self::DependencyRelationships => "dependency-relationships",
            Self::Supplier => "supplier",
            Self::Name => "name",
            Self::Version => "version",
            Self::UniqueIdentifier => "unique-identifier",
            Self::Identifier => "identifier",
            Self::UpstreamRelationship => "upstream-relationship",
            Self::LevelOfSupport => "level-of-support",
            Self::EndOfSupportDate => "end-of-support-date",
        }
    }

    /// Whether the element is checked on the document or on each component.
    #[must_use]
    pub const fn level(self) -> ElementLevel {
        match self {
            Self::Author
            | Self::AuthorOrTool
            | Self::Timestamp
            | Self::TopLevelComponent
            | Self::DirectComponents
            | Self::DependencyRelationships => ElementLevel::Document,
            _ => ElementLevel::Component,
        }
    }

    /// Whether a document carries this document-level element.
    pub(crate) fn document_has(self, document: &SbomDocument) -> bool {
        let metadata = &document.metadata;
        match self {
            Self::Author => metadata.has_author(),
            Self::AuthorOrTool => {
                metadata.has_author()
                    || metadata
                        .tools
                        .iter()
                        .any(|tool| non_blank(tool.name.as_deref()))
            }
            Self::Timestamp => metadata
                .timestamp
                .as_deref()
                .is_some_and(is_rfc3339_date_time),
            Self::TopLevelComponent => metadata.component.is_some(),
            Self::DirectComponents => crate::graph::has_direct_components(document),
            Self::DependencyRelationships => {
                metadata.component.is_some()
                    && (document.components.is_empty()
                        || crate::graph::has_direct_components(document))
            }
            _ => true,
        }
    }

    /// Whether a component carries this component-level element. `reachable` holds the
    /// `bom-ref`s reachable from the top-level component.
    pub(crate) fn component_has(
        self,
        component: &Component,
        is_top_level: bool,
        reachable: &HashSet<&str>,
    ) -> bool {
        match self {
            Self::Supplier => component.supplier_name().is_some(),
            Self::Name => non_blank(Some(&component.name)),
            Self::Version => non_blank(component.version.as_deref()),
            Self::UniqueIdentifier => has_unique_identifier(component),
            Self::Identifier => {
                has_unique_identifier(component) || non_blank(component.bom_ref.as_deref())
            }
            Self::UpstreamRelationship => {
                is_top_level
                    || component
                        .bom_ref
                        .as_deref()
                        .is_some_and(|reference| reachable.contains(reference))
            }
            Self::LevelOfSupport => {
                non_blank(component.property("cdx:fda:level-of-support"))
                    || justified(component, "cdx:fda:level-of-support")
            }
            Self::EndOfSupportDate => {
                component
                    .property("cdx:fda:end-of-support-date")
                    .is_some_and(is_date)
                    || component
                        .property("cdx:lifecycle:milestone:endOfSupport")
                        .is_some_and(is_date_or_date_time)
                    || justified(component, "cdx:fda:end-of-support-date")
            }
            _ => true,
        }
    }
}

fn has_unique_identifier(component: &Component) -> bool {
    non_blank(component.purl.as_deref())
        || non_blank(component.cpe.as_deref())
        || component
            .swid
            .as_ref()
            .is_some_and(|swid| non_blank(Some(&swid.tag_id)))
        || component.omnibor_ids.iter().any(|id| non_blank(Some(id)))
        || component.swhids.iter().any(|id| non_blank(Some(id)))
}

/// `cdx:fda:justification` = `"<property>: <reason>"` (CycloneDX property taxonomy).
fn justified(component: &Component, property: &str) -> bool {
    component
        .properties
        .iter()
        .filter(|candidate| candidate.name == "cdx:fda:justification")
        .any(|candidate| {
            candidate
                .value
                .as_deref()
                .and_then(|value| value.strip_prefix(property))
                .and_then(|rest| rest.trim_start().strip_prefix(':'))
                .is_some_and(|reason| !reason.trim().is_empty())
        })
}

fn non_blank(text: Option<&str>) -> bool {
    text.is_some_and(|text| {
        let text = text.trim();
        !text.is_empty() && !text.eq_ignore_ascii_case("NOASSERTION")
    })
}

/// `YYYY-MM-DD` with a plausible month and day.
pub(crate) fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0_u32, |value, &byte| {
            byte.is_ascii_digit()
                .then(|| value * 10 + u32::from(byte - b'0'))
        })
    };
    matches!((digits(0..4), digits(5..7), digits(8..10)), (Some(_), Some(month), Some(day)) if (1..=12).contains(&month) && (1..=31).contains(&day))
}

fn is_date_or_date_time(text: &str) -> bool {
    is_date(text) || is_rfc3339_date_time(text)
}

/// An RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
pub(crate) fn is_rfc3339_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't', ' ']) else {
        return false;
    };
    if !is_date(date) {
        return false;
    }
    let bytes = time.as_bytes();
    let two = |at: usize, max: u32| {
        bytes.get(at..at + 2).is_some_and(|pair| {
            pair.iter().all(u8::is_ascii_digit)
                && u32::from(pair[0] - b'0') * 10 + u32::from(pair[1] - b'0') <= max
        })
    };
    if !(two(0, 23)
        && bytes.get(2) == Some(&b':')
        && two(3, 59)
        && bytes.get(5) == Some(&b':')
        && two(6, 60))
    {
        return false;
    }
    let mut rest = &time[8..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &fraction[digits..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', ..] => {
            let offset = &rest.as_bytes()[1..];
            offset.len() == 5
                && offset[2] == b':'
                && offset[..2]
                    .iter()
                    .chain(&offset[3..])
                    .all(u8::is_ascii_digit)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use tplc_model::{ComponentType, Property};

    use super::*;

    #[test]
    fn timestamps_follow_rfc3339() {
        for good in [
            "2024-01-31T10:00:00Z",
            "2024-01-31T10:00:00.123+09:00",
            "2020-02-29T23:59:60z",
        ] {
            assert!(is_rfc3339_date_time(good), "{good}");
        }
        for bad in [
            "2024-01-31",
            "2024-13-01T00:00:00Z",
            "2024-01-31T10:00:00",
            "yesterday",
            "2024-01-31T25:00:00Z",
            "",
        ] {
            assert!(!is_rfc3339_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn end_of_support_accepts_a_date_or_a_justification() {
        let mut component = Component::new(ComponentType::Library, "zlib");
        let none = HashSet::new();
        assert!(!Element::EndOfSupportDate.component_has(&component, false, &none));
        component
            .properties
            .push(Property::new("cdx:fda:end-of-support-date", "soon"));
        assert!(!Element::EndOfSupportDate.component_has(&component, false, &none));
        component.properties.push(Property::new(
            "cdx:fda:justification",
            "cdx:fda:end-of-support-date: supplier gives none",
        ));
        assert!(Element::EndOfSupportDate.component_has(&component, false, &none));
        component.properties.clear();
        component
            .properties
            .push(Property::new("cdx:fda:end-of-support-date", "2030-12-31"));
        assert!(Element::EndOfSupportDate.component_has(&component, false, &none));
    }

    #[test]
    fn noassertion_is_not_a_value() {
        let mut component = Component::new(ComponentType::Library, "zlib");
        component.version = Some("NOASSERTION".into());
        assert!(!Element::Version.component_has(&component, false, &HashSet::new()));
    }

    #[test]
    fn element_ids_round_trip_through_serde() {
        for element in Element::ALL {
            let text = serde_json::to_string(element).unwrap();
            assert_eq!(text, format!("\"{}\"", element.id()));
            assert_eq!(serde_json::from_str::<Element>(&text).unwrap(), *element);
        }
    }
}
