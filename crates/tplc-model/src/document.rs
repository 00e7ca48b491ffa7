//! An SBOM document: metadata, components, and how they relate.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{
    Component, ComponentType, Dependency, ExternalReference, Hash, LicenseChoice,
    OrganizationalContact, OrganizationalEntity, Property, RawMap, Relationship,
};

/// The format and encoding a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceFormat {
    /// CycloneDX JSON.
    CycloneDxJson,
    /// CycloneDX XML.
    CycloneDxXml,
    /// SPDX 2.x JSON.
    SpdxJson,
    /// SPDX 2.x tag-value.
    SpdxTagValue,
}

impl SourceFormat {
    /// A short name such as `cyclonedx-json`, as used on the command line.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CycloneDxJson => "cyclonedx-json",
            Self::CycloneDxXml => "cyclonedx-xml",
            Self::SpdxJson => "spdx-json",
            Self::SpdxTagValue => "spdx-tag-value",
        }
    }

    /// Whether this is a CycloneDX encoding.
    #[must_use]
    pub const fn is_cyclonedx(self) -> bool {
        matches!(self, Self::CycloneDxJson | Self::CycloneDxXml)
    }
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The lifecycle phases an SBOM can be made in (CycloneDX 1.5 `metadata.lifecycles[].phase`).
pub const LIFECYCLE_PHASES: &[&str] = &[
    "design",
    "pre-build",
    "build",
    "post-build",
    "operations",
    "discovery",
    "decommission",
];

/// What kind of tool produced the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ToolKind {
    /// A tool in the legacy form (CycloneDX before 1.5: vendor, name, version).
    Legacy,
    /// A tool described as a component (CycloneDX 1.5+ `tools.components[]`).
    Component(ComponentType),
    /// A tool described as a service (CycloneDX 1.5+ `tools.services[]`).
    Service,
}

/// A tool that produced or modified the document (SPDX `Tool:` creators).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    /// How the source described the tool.
    pub kind: ToolKind,
    /// The tool's vendor, supplier or group.
    pub vendor: Option<String>,
    /// The tool's name.
    pub name: Option<String>,
    /// The tool's version.
    pub version: Option<String>,
    /// Digests of the tool.
    pub hashes: Vec<Hash>,
    /// Links about the tool.
    pub external_references: Vec<ExternalReference>,
    /// Reference used elsewhere in the document (`bom-ref`).
    pub bom_ref: Option<String>,
}

impl Tool {
    /// A tool known by name and version only.
    #[must_use]
    pub fn named(name: impl Into<String>, version: Option<String>) -> Self {
        Self {
            kind: ToolKind::Legacy,
            vendor: None,
            name: Some(name.into()),
            version,
            hashes: Vec::new(),
            external_references: Vec::new(),
            bom_ref: None,
        }
    }
}

/// Facts about the document itself: when, by whom, with what, about which component.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    /// When the document was made, RFC 3339 as written (QA#6 ⑦).
    pub timestamp: Option<String>,
    /// People who made the SBOM data (QA#6 ⑥; SPDX `Person:` creators).
    pub authors: Vec<OrganizationalContact>,
    /// Organisations that made the SBOM data (SPDX `Organization:` creators).
    pub author_organizations: Vec<OrganizationalEntity>,
    /// Tools that made the SBOM data.
    pub tools: Vec<Tool>,
    /// The organisation that made the document (CycloneDX 1.6 `metadata.manufacturer`).
    pub manufacturer: Option<OrganizationalEntity>,
    /// The supplier of the described component.
    pub supplier: Option<OrganizationalEntity>,
    /// The top-level component the document describes (SPDX: the package it `DESCRIBES`).
    pub component: Option<Box<Component>>,
    /// Lifecycle phases the document was made in (CycloneDX 1.5 `lifecycles[].phase`, or name).
    pub lifecycles: Vec<String>,
    /// Licences of the document's data.
    pub licenses: Vec<LicenseChoice>,
    /// Name-value properties of the document.
    pub properties: Vec<Property>,
    /// Free-text comment about the document's creation (SPDX `creationInfo.comment`).
    pub comment: Option<String>,
}

impl Metadata {
    /// Whether some author of the data is named: a person, an organisation or the manufacturer
    /// (tools alone do not count as authors, NTIA 2021).
    #[must_use]
    pub fn has_author(&self) -> bool {
        self.authors
            .iter()
            .any(|author| author.display_name().is_some())
            || self
                .author_organizations
                .iter()
                .any(|organization| organization.display_name().is_some())
            || self
                .manufacturer
                .as_ref()
                .and_then(OrganizationalEntity::display_name)
                .is_some()
    }
}

/// One SBOM document, normalised from CycloneDX or SPDX.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SbomDocument {
    /// The format it was read from.
    pub source_format: SourceFormat,
    /// The specification version it declared (`1.6`, `SPDX-2.3`).
    pub spec_version: String,
    /// CycloneDX `serialNumber` (`urn:uuid:…`).
    pub serial_number: Option<String>,
    /// CycloneDX document `version`.
    pub version: Option<u64>,
    /// SPDX document name.
    pub name: Option<String>,
    /// SPDX `documentNamespace`.
    pub namespace: Option<String>,
    /// SPDX `dataLicense`.
    pub data_license: Option<String>,
    /// Facts about the document.
    pub metadata: Metadata,
    /// The components, not counting `metadata.component`; nested ones inside their parent.
    pub components: Vec<Component>,
    /// The dependency graph.
    pub dependencies: Vec<Dependency>,
    /// Relationships other than dependencies.
    pub relationships: Vec<Relationship>,
    /// Links from the document to outside resources.
    pub external_references: Vec<ExternalReference>,
    /// Name-value properties of the document (CycloneDX root `properties`).
    pub properties: Vec<Property>,
    /// Top-level parts kept verbatim (`services`, `vulnerabilities`, `compositions`, …).
    pub raw: RawMap,
}

impl SbomDocument {
    /// An empty document of a given format and specification version.
    #[must_use]
    pub fn new(source_format: SourceFormat, spec_version: impl Into<String>) -> Self {
        Self {
            source_format,
            spec_version: spec_version.into(),
            serial_number: None,
            version: None,
            name: None,
            namespace: None,
            data_license: None,
            metadata: Metadata::default(),
            components: Vec::new(),
            dependencies: Vec::new(),
            relationships: Vec::new(),
            external_references: Vec::new(),
            properties: Vec::new(),
            raw: RawMap::new(),
        }
    }

    /// Every component of the document, nested ones included, `metadata.component` excluded,
    /// depth first in document order.
    pub fn all_components(&self) -> impl Iterator<Item = &Component> {
        self.components.iter().flat_map(Component::walk)
    }

    /// The number of components, nested ones included, `metadata.component` excluded.
    #[must_use]
    pub fn component_count(&self) -> usize {
        self.all_components().count()
    }

    /// The components by `bom-ref`, `metadata.component` and nested ones included.
    #[must_use]
    pub fn components_by_ref(&self) -> HashMap<&str, &Component> {
        self.metadata
            .component
            .iter()
            .flat_map(|component| component.walk())
            .chain(self.all_components())
            .filter_map(|component| {
                component
                    .bom_ref
                    .as_deref()
                    .map(|reference| (reference, component))
            })
            .collect()
    }

    /// The dependency node of a reference, if the graph has one.
    #[must_use]
    pub fn dependency(&self, reference: &str) -> Option<&Dependency> {
        self.dependencies
            .iter()
            .find(|dependency| dependency.reference == reference)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_by_ref_includes_metadata_component_and_nested_ones() {
        let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, "1.6");
        let mut root = Component::new(ComponentType::Device, "Device X");
        root.bom_ref = Some("root".into());
        document.metadata.component = Some(Box::new(root));
        let mut parent = Component::new(ComponentType::Firmware, "fw");
        parent.bom_ref = Some("fw".into());
        let mut child = Component::new(ComponentType::Library, "lib");
        child.bom_ref = Some("lib".into());
        parent.components.push(child);
        document.components.push(parent);
        let by_ref = document.components_by_ref();
        assert_eq!(by_ref.len(), 3);
        assert_eq!(by_ref["lib"].name, "lib");
        assert_eq!(document.component_count(), 2);
    }

    #[test]
    fn tools_alone_are_not_authors() {
        let mut metadata = Metadata::default();
        metadata.tools.push(Tool::named("syft", Some("1.0".into())));
        assert!(!metadata.has_author());
        metadata
            .author_organizations
            .push(OrganizationalEntity::named("ACME"));
        assert!(metadata.has_author());
    }
}
