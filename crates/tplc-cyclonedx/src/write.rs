//! Writing: model → CycloneDX 1.6 JSON, pretty-printed, in the field order of the schema.
//!
//! The rules are documented on [`write_json`].

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::Value;
use tplc_model::{
    Dependency, LicenseChoice, LicenseKind, Omission, RawFragment, RelationshipKind, SbomDocument,
    Tool, ToolKind, Written,
};

use crate::location::Location;
use crate::read::Reader;
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;
use crate::write_component::{ComponentOut, properties};

/// The root in the field order of the 1.6 schema.
#[derive(Serialize)]
struct BomOut<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    #[serde(rename = "bomFormat")]
    bom_format: &'static str,
    #[serde(rename = "specVersion")]
    spec_version: &'static str,
    #[serde(rename = "serialNumber", skip_serializing_if = "Option::is_none")]
    serial_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<MetadataOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    components: Vec<ComponentOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    services: Option<&'a Value>,
    #[serde(rename = "externalReferences", skip_serializing_if = "Vec::is_empty")]
    external_references: Vec<wire::ExternalReference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    dependencies: Vec<wire::Dependency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    compositions: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vulnerabilities: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotations: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    formulation: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    declarations: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    definitions: Option<&'a Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<wire::Property>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<&'a Value>,
}

/// `metadata` in the field order of the 1.6 schema.
#[derive(Serialize)]
struct MetadataOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lifecycles: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tools: Option<ToolsOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<wire::OrganizationalEntity>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<wire::OrganizationalContact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<Box<ComponentOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacture: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<wire::OrganizationalEntity>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<wire::LicenseItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<wire::Property>,
}

/// `metadata.tools`: kept verbatim, legacy array, or components and services.
#[derive(Serialize)]
#[serde(untagged)]
enum ToolsOut<'a> {
    Kept(&'a Value),
    Legacy(Vec<wire::LegacyTool>),
    Choices {
        #[serde(skip_serializing_if = "Vec::is_empty")]
        components: Vec<Value>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        services: Vec<Value>,
    },
}

/// Kept JSON parts of the root that 1.6 defines (`metadata` holds the metadata leftovers).
const DOCUMENT_PARTS: &[&str] = &[
    "services",
    "compositions",
    "vulnerabilities",
    "annotations",
    "formulation",
    "declarations",
    "definitions",
    "signature",
    "metadata",
];

/// Metadata leftovers that 1.6 defines.
const METADATA_PARTS: &[&str] = &["tools", "lifecycles", "manufacture"];

/// Writes a document as CycloneDX 1.6 JSON, pretty-printed, in the field order of the schema.
///
/// The output validates against the official `bom-1.6.schema.json`; the `serialNumber` is the
/// source's (none is generated); fragments kept verbatim by [`read_json`](crate::read_json)
/// go back in place. URLs that are not valid IRI references are percent-encoded.
///
/// Reported in [`Written::omissions`]:
/// - fragments read from XML ([`RawFragment::Xml`]) and kept parts that 1.6 does not define
///   (1.7 additions, extension properties of 1.2/1.3 documents);
/// - hash algorithms only SPDX knows, digests that do not fit `hash-content`;
/// - licence lists mixing expressions with other licences (combined into one expression when
///   every entry is an id or expression, else the expressions are dropped);
/// - relationships: `Contains` relationships are *not* turned into nesting (the model's nesting
///   is written as it is; inferring more could break the tree), `Describes` of
///   `metadata.component` is implied, every other relationship is reported, counted per kind;
/// - SPDX-only document facts (name, namespace, creation comment); the SPDX data licence becomes
///   `metadata.licenses` when the document has none, an organisation author becomes
///   `metadata.manufacturer` when there is none;
/// - duplicate or empty `bom-ref`s (the later one is dropped) and dependency edges whose
///   target is not written (no `bom-ref` is ever invented).
#[must_use]
pub fn write_json(document: &SbomDocument) -> Written {
    let mut writer = Writer {
        omissions: Vec::new(),
        references: HashSet::new(),
    };
    let bom = writer.bom(document);
    let mut bytes = serde_json::to_vec_pretty(&bom)
        .expect("a tree of strings, numbers, arrays and string-keyed maps always serialises");
    bytes.push(b'\n');
    Written {
        bytes,
        omissions: writer.omissions,
    }
}

/// The state of one write: omissions so far and the `bom-ref`s written.
pub(crate) struct Writer {
    omissions: Vec<Omission>,
    references: HashSet<String>,
}

impl Writer {
    pub(crate) fn omit(&mut self, location: &str, what: impl Into<String>) {
        self.omissions.push(Omission::new(location, what));
    }

    /// Whether a `bom-ref` may be written (non-empty, not written before); records it.
    pub(crate) fn reference(&mut self, reference: &str, location: &str) -> bool {
        if reference.is_empty() {
            self.omit(location, "empty bom-ref dropped");
            return false;
        }
        if !self.references.insert(reference.to_owned()) {
            self.omit(location, format!("duplicate bom-ref {reference:?} dropped"));
            return false;
        }
        true
    }

    fn bom<'a>(&mut self, document: &'a SbomDocument) -> BomOut<'a> {
        let raw = &document.raw;
        self.omit_unknown_document_parts(document);
        let services = self.raw_part(raw, "services", "document");
        if let Some(services) = services {
            self.kept_references("services", services);
        }
        let serial_number = document.serial_number.as_deref().filter(|serial| {
            let valid = rules::is_serial_number(serial);
            if !valid {
                self.omit(
                    "document",
                    format!("serialNumber {serial:?} is not a lower-case urn:uuid"),
                );
            }
            valid
        });
        let version = document.version.filter(|version| {
            let fits = (1..=i64::MAX.unsigned_abs()).contains(version);
            if !fits {
                self.omit(
                    "document",
                    format!("version {version} (1.6 allows 1 to {})", i64::MAX),
                );
            }
            fits
        });
        for (what, present) in [
            ("document name (SPDX)", document.name.is_some()),
            ("document namespace (SPDX)", document.namespace.is_some()),
        ] {
            if present {
                self.omit("document", format!("{what} has no place in CycloneDX"));
            }
        }
        let metadata = self.metadata(document);
        let components = self.components(&document.components, 0);
        let external_references =
            self.external_references(&document.external_references, "document");
        let dependencies = self.dependencies(&document.dependencies);
        self.relationships(document);
        BomOut {
            schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
            bom_format: "CycloneDX",
            spec_version: "1.6",
            serial_number,
            version,
            metadata,
            components,
            services,
            external_references,
            dependencies,
            compositions: self.raw_part(raw, "compositions", "document"),
            vulnerabilities: self.raw_part(raw, "vulnerabilities", "document"),
            annotations: self.raw_part(raw, "annotations", "document"),
            formulation: self.raw_part(raw, "formulation", "document"),
            declarations: self.raw_part(raw, "declarations", "document"),
            definitions: self.raw_part(raw, "definitions", "document"),
            properties: properties(&document.properties),
            signature: self.raw_part(raw, "signature", "document"),
        }
    }

    fn omit_unknown_document_parts(&mut self, document: &SbomDocument) {
        self.omit_unknown_parts(&document.raw, DOCUMENT_PARTS, "document");
        if let Some(RawFragment::Json(Value::Object(leftovers))) = document.raw.get("metadata") {
            for key in leftovers
                .keys()
                .filter(|key| !METADATA_PARTS.contains(&key.as_str()))
            {
                self.omit("metadata", format!("{key} is not a CycloneDX 1.6 property"));
            }
        }
    }

    /// Records the `bom-ref`s inside a part written verbatim, so that nothing written later
    /// repeats them.
    fn kept_references(&mut self, key: &str, value: &Value) {
        let mut reader = Reader::new(SpecVersion::V1_6);
        if reader.document_part(key, value, Location::Root).is_err() {
            reader = Reader::new(SpecVersion::V1_3);
            if reader.document_part(key, value, Location::Root).is_err() {
                return;
            }
        }
        self.references.extend(reader.into_references());
    }

    fn metadata_leftover<'a>(
        &mut self,
        document: &'a SbomDocument,
        key: &str,
    ) -> Option<&'a Value> {
        match document.raw.get("metadata")? {
            RawFragment::Json(leftovers) => leftovers.get(key),
            RawFragment::Xml(_) => None,
        }
    }

    fn metadata<'a>(&mut self, document: &'a SbomDocument) -> Option<MetadataOut<'a>> {
        let metadata = &document.metadata;
        let timestamp = metadata.timestamp.as_deref().filter(|timestamp| {
            let valid = rules::is_date_time(timestamp);
            if !valid {
                self.omit(
                    "metadata",
                    format!("timestamp {timestamp:?} is not an RFC 3339 date-time"),
                );
            }
            valid
        });
        let lifecycles = self.lifecycles(document);
        let tools = self.tools(document);
        let component = metadata
            .component
            .as_deref()
            .map(|component| Box::new(self.component(component, 0)));
        let mut manufacturer = metadata
            .manufacturer
            .as_ref()
            .map(|entity| self.entity(entity, "metadata"));
        for organization in &metadata.author_organizations {
            if manufacturer.is_none() {
                manufacturer = Some(self.entity(organization, "metadata"));
            } else {
                self.omit(
                    "metadata",
                    format!(
                        "author organisation {:?} has no place in CycloneDX 1.6",
                        organization.name
                    ),
                );
            }
        }
        if metadata.comment.is_some() {
            self.omit(
                "metadata",
                "creation comment (SPDX) has no place in CycloneDX",
            );
        }
        let mut licenses = self.licenses(&metadata.licenses, "metadata");
        if let Some(data_license) = &document.data_license {
            if licenses.is_empty() {
                let kind = if rules::is_spdx_license_id(data_license) {
                    LicenseKind::Id(data_license.clone())
                } else {
                    LicenseKind::Expression(data_license.clone())
                };
                licenses = self.licenses(&[LicenseChoice::new(kind)], "metadata");
            } else {
                self.omit(
                    "metadata",
                    format!("data licence {data_license:?} (SPDX) beside other document licences"),
                );
            }
        }
        let out = MetadataOut {
            timestamp,
            lifecycles,
            tools,
            manufacturer,
            authors: self.contacts(&metadata.authors, "metadata"),
            component,
            manufacture: self.metadata_leftover(document, "manufacture"),
            supplier: metadata
                .supplier
                .as_ref()
                .map(|entity| self.entity(entity, "metadata")),
            licenses,
            properties: properties(&metadata.properties),
        };
        let empty = out.timestamp.is_none()
            && out.lifecycles.is_none()
            && out.tools.is_none()
            && out.manufacturer.is_none()
            && out.authors.is_empty()
            && out.component.is_none()
            && out.manufacture.is_none()
            && out.supplier.is_none()
            && out.licenses.is_empty()
            && out.properties.is_empty();
        (!empty).then_some(out)
    }

    fn lifecycles(&mut self, document: &SbomDocument) -> Option<Value> {
        let phases = &document.metadata.lifecycles;
        if phases.is_empty() {
            return None;
        }
        if let Some(kept) = self.metadata_leftover(document, "lifecycles") {
            let consistent = serde_json::from_value::<Vec<wire::Lifecycle>>(kept.clone())
                .is_ok_and(|kept| {
                    kept.iter()
                        .map(|lifecycle| lifecycle.phase.as_ref().or(lifecycle.name.as_ref()))
                        .eq(phases.iter().map(Some))
                });
            if consistent {
                return Some(kept.clone());
            }
        }
        let items = phases
            .iter()
            .map(|phase| {
                let key = if rules::LIFECYCLE_PHASES.contains(&phase.as_str()) {
                    "phase"
                } else {
                    "name"
                };
                serde_json::json!({ key: phase })
            })
            .collect();
        Some(Value::Array(items))
    }

    fn tools<'a>(&mut self, document: &'a SbomDocument) -> Option<ToolsOut<'a>> {
        let tools = &document.metadata.tools;
        if tools.is_empty() {
            return None;
        }
        if let Some(kept) = self.metadata_leftover(document, "tools") {
            let mut reader = Reader::new(SpecVersion::V1_6);
            if reader
                .tools(kept, Location::Root)
                .is_ok_and(|read| read == *tools)
            {
                let references = reader.into_references();
                if references
                    .iter()
                    .all(|reference| !self.references.contains(reference))
                {
                    self.references.extend(references);
                    return Some(ToolsOut::Kept(kept));
                }
            }
        }
        if tools.iter().all(|tool| tool.kind == ToolKind::Legacy) {
            return Some(ToolsOut::Legacy(
                tools.iter().map(|tool| self.legacy_tool(tool)).collect(),
            ));
        }
        let mut components = Vec::new();
        let mut services = Vec::new();
        for tool in tools {
            let location = format!("tool {:?}", tool.name.as_deref().unwrap_or_default());
            let mut object = serde_json::Map::new();
            let component_type = match tool.kind {
                ToolKind::Service => None,
                ToolKind::Component(component_type) => Some(component_type),
                ToolKind::Legacy => {
                    self.omit(
                        &location,
                        "legacy tool written as an application component beside component tools",
                    );
                    Some(tplc_model::ComponentType::Application)
                }
            };
            if let Some(component_type) = component_type {
                object.insert("type".into(), Value::from(component_type.as_str()));
            }
            if let Some(reference) = tool
                .bom_ref
                .as_deref()
                .filter(|reference| self.reference(reference, &location))
            {
                object.insert("bom-ref".into(), Value::from(reference));
            }
            if let Some(vendor) = &tool.vendor {
                object.insert("group".into(), Value::from(vendor.as_str()));
            }
            if tool.name.is_none() {
                self.omit(&location, "tool without a name written with an empty name");
            }
            object.insert(
                "name".into(),
                Value::from(tool.name.as_deref().unwrap_or_default()),
            );
            if let Some(version) = &tool.version {
                object.insert("version".into(), Value::from(version.as_str()));
            }
            let hashes = self.hashes(&tool.hashes, &location);
            let references = self.external_references(&tool.external_references, &location);
            if component_type.is_some() {
                if !hashes.is_empty() {
                    object.insert(
                        "hashes".into(),
                        serde_json::to_value(hashes).unwrap_or_default(),
                    );
                }
            } else if !hashes.is_empty() {
                self.omit(
                    &location,
                    "hashes of a service tool have no place in CycloneDX 1.6",
                );
            }
            if !references.is_empty() {
                object.insert(
                    "externalReferences".into(),
                    serde_json::to_value(references).unwrap_or_default(),
                );
            }
            if component_type.is_some() {
                components.push(Value::Object(object));
            } else {
                services.push(Value::Object(object));
            }
        }
        Some(ToolsOut::Choices {
            components,
            services,
        })
    }

    fn legacy_tool(&mut self, tool: &Tool) -> wire::LegacyTool {
        let location = format!("tool {:?}", tool.name.as_deref().unwrap_or_default());
        if tool.bom_ref.is_some() {
            self.omit(
                &location,
                "bom-ref of a legacy tool has no place in CycloneDX 1.6",
            );
        }
        let hashes = self.hashes(&tool.hashes, &location);
        let references = self.external_references(&tool.external_references, &location);
        wire::LegacyTool {
            vendor: tool.vendor.clone(),
            name: tool.name.clone(),
            version: tool.version.clone(),
            hashes: (!hashes.is_empty()).then_some(hashes),
            external_references: (!references.is_empty()).then_some(references),
        }
    }

    fn dependencies(&mut self, dependencies: &[Dependency]) -> Vec<wire::Dependency> {
        let mut out: Vec<wire::Dependency> = Vec::with_capacity(dependencies.len());
        let mut written = HashSet::new();
        for dependency in dependencies {
            let location = format!("dependency {:?}", dependency.reference);
            if !self.resolves(&dependency.reference) {
                self.omit(&location, "dropped: its ref names nothing written");
                continue;
            }
            let depends_on = self.targets(&dependency.depends_on, &location);
            let provides = self.targets(&dependency.provides, &location);
            let node = wire::Dependency {
                reference: dependency.reference.clone(),
                depends_on: (!depends_on.is_empty()).then_some(depends_on),
                provides: (!provides.is_empty()).then_some(provides),
            };
            let key = serde_json::to_string(&node).unwrap_or_default();
            if written.insert(key) {
                out.push(node);
            }
        }
        out
    }

    fn targets(&mut self, targets: &[String], location: &str) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(targets.len());
        for target in targets {
            if !self.resolves(target) {
                self.omit(
                    location,
                    format!("edge to {target:?} dropped: it names nothing written"),
                );
            } else if seen.insert(target.as_str()) {
                out.push(target.clone());
            }
        }
        out
    }

    fn resolves(&self, reference: &str) -> bool {
        self.references.contains(reference) || reference.starts_with("urn:cdx:")
    }

    fn relationships(&mut self, document: &SbomDocument) {
        let described = document
            .metadata
            .component
            .as_ref()
            .and_then(|component| component.bom_ref.as_deref());
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for relationship in &document.relationships {
            if relationship.kind == RelationshipKind::Describes
                && Some(relationship.to.as_str()) == described
            {
                continue;
            }
            *counts.entry(relationship.kind.spdx_name()).or_default() += 1;
        }
        for (kind, count) in counts {
            self.omit("document", format!("{count} {kind} relationship(s) have no CycloneDX form (nesting is not inferred)"));
        }
    }
}
