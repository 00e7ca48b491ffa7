//! Writing: model → CycloneDX 1.6 JSON, pretty-printed, in the field order of the schema.
//!
//! The rules are documented on [`write_json`].

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;
use serde_json::Value;
use tplc_model::{Dependency, Omission, RawFragment, RelationshipKind, SbomDocument, Written};

use crate::location::Location;
use crate::read::Reader;
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;
use crate::write_component::ComponentOut;
use crate::write_elements::properties;
use crate::write_metadata::{METADATA_PARTS, MetadataOut};

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
    services: Option<Value>,
    #[serde(rename = "externalReferences", skip_serializing_if = "Vec::is_empty")]
    external_references: Vec<wire::ExternalReference>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    dependencies: Vec<wire::Dependency>,
    #[serde(skip_serializing_if = "Option::is_none")]
    compositions: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    vulnerabilities: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annotations: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    formulation: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    declarations: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    definitions: Option<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<wire::Property>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signature: Option<Value>,
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

/// Writes a document as CycloneDX 1.6 JSON, pretty-printed, in the field order of the schema.
///
/// The output validates against the official `bom-1.6.schema.json`; the `serialNumber` is the
/// source's (none is generated); fragments kept verbatim by [`read_json`](crate::read_json)
/// go back in place. URLs that are not valid IRI references are percent-encoded.
///
/// Reported in [`Written::omissions`]:
/// - fragments read from XML ([`RawFragment::Xml`]) and kept parts that 1.6 does not define
///   (1.7 additions, extension properties of 1.2/1.3 documents);
/// - inside kept parts, each property, value of another type or vocabulary word that 1.6 does
///   not allow there (1.7's `algorithmFamily`, certificate `fingerprint`, `definitions.patents`,
///   IKEv2 transform objects, …), each object left without a property 1.6 requires, and each
///   repeated item of an array whose items must be unique, named by its JSON pointer;
/// - components identical to an earlier one of the same list (SPDX documents repeat packages
///   under one SPDXID), identical tools and identical dependency entries (the schema's
///   `uniqueItems`);
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
    let mut writer = Writer::new();
    let bom = writer.bom(document);
    let mut bytes = serde_json::to_vec_pretty(&bom)
        .expect("a tree of strings, numbers, arrays and string-keyed maps always serialises");
    bytes.push(b'\n');
    Written {
        bytes,
        omissions: writer.into_omissions(),
    }
}

/// The state of one write: omissions so far and the `bom-ref`s written.
pub(crate) struct Writer {
    omissions: Vec<Omission>,
    references: HashSet<String>,
}

impl Writer {
    pub(crate) fn new() -> Self {
        Self {
            omissions: Vec::new(),
            references: HashSet::new(),
        }
    }

    /// The omissions made, in order.
    pub(crate) fn into_omissions(self) -> Vec<Omission> {
        self.omissions
    }

    pub(crate) fn omit(&mut self, location: &str, what: impl Into<String>) {
        self.omissions.push(Omission::new(location, what));
    }

    /// Whether a `bom-ref` was written (or recorded from a kept part) so far.
    pub(crate) fn is_written(&self, reference: &str) -> bool {
        self.references.contains(reference)
    }

    /// Records `bom-ref`s written inside a kept part.
    pub(crate) fn record(&mut self, references: impl IntoIterator<Item = String>) {
        self.references.extend(references);
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
        if let Some(services) = &services {
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
            } else {
                self.omit(
                    &location,
                    "identical to an earlier dependency entry; dropped",
                );
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
