//! Reading: JSON bytes → typed wire structs → validated model.
//!
//! The bytes are deserialised once into the [`wire`] structs (no
//! `serde_json::Value` on the hot path), the top-level components converted into the model one
//! by one as they are parsed (see [`root`](crate::root)); only when that fails is the input
//! parsed again: with path tracking, to name the place of the error, or without the version
//! assumed for components that came before `specVersion`. The conversion into the model
//! applies the rules serde cannot: version gates, patterns, formats, vocabularies, licence
//! choice, unique `bom-ref`s and dependency targets.
//!
//! Reading is allocation-bound: the model's strings and lists are most of the work, so the
//! wire structs avoid allocations the model does not keep (keys borrowed from the input,
//! vocabulary words not copied, lists grown from one item and converted in place).

use std::collections::HashSet;

use serde::Deserialize;
use serde::de::DeserializeSeed;
use serde_json::Value;
use tplc_model::{Dependency, RawFragment, SbomDocument, SourceFormat};

use crate::error::ReadError;
use crate::location::{Location, pointer_of};
use crate::references::References;
use crate::root::{Components, Root, RootSeed};
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;

/// How deeply components may nest (`components[].components[]…`), well inside serde_json's
/// recursion limit so that everything this crate writes it can read back.
pub(crate) const MAX_NESTING: usize = 40;

/// Reads a CycloneDX JSON document (`specVersion` 1.2 to 1.7) into the model, validating it
/// against the rules of the JSON schema of its `specVersion`.
///
/// Parts the model does not interpret are kept verbatim in the `raw` maps of the document and
/// its components (see the crate documentation).
///
/// # Errors
///
/// A [`ReadError`] naming the place (JSON pointer, or line and column for syntax errors) of
/// the first rule the document breaks.
pub fn read_json(bytes: &[u8]) -> Result<SbomDocument, ReadError> {
    let assume = version_named_in(bytes);
    let parse = Parse::new(bytes, assume);
    if parse.assumed {
        // Components came before `bomFormat` or `specVersion` and were read by the rules of
        // the version found by the scan: keep the result only when that was the document's
        // format and version and everything passed; otherwise read again without assuming, so
        // that neither results nor errors depend on the assumption.
        let confirmed = parse
            .parsed
            .ok()
            .zip(parse.reader)
            .filter(|(root, reader)| {
                root.bom_format == "CycloneDX"
                    && SpecVersion::parse(&root.spec_version) == Some(reader.version)
            });
        if let Some(Ok(document)) = confirmed.map(|(root, reader)| document(root, Some(reader))) {
            return Ok(document);
        }
        return Parse::new(bytes, None).finish(bytes);
    }
    parse.finish(bytes)
}

/// The outcome of deserialising the root.
struct Parse {
    parsed: Result<Root, serde_json::Error>,
    /// The reader, if the version became known (or was assumed) while parsing.
    reader: Option<Reader>,
    /// The rule a component converted while parsing broke, if one did.
    failure: Option<ReadError>,
    /// Whether components were converted by the rules of the assumed version.
    assumed: bool,
}

impl Parse {
    /// Deserialises the root, converting components that come before `specVersion` by the
    /// rules of `assume`, if given.
    fn new(bytes: &[u8], assume: Option<SpecVersion>) -> Self {
        let (mut reader, mut failure, mut assumed) = (None, None, false);
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let parsed = RootSeed {
            reader: &mut reader,
            failure: &mut failure,
            assume,
            assumed: &mut assumed,
        }
        .deserialize(&mut deserializer)
        .and_then(|root| deserializer.end().map(|()| root));
        Self {
            parsed,
            reader,
            failure,
            assumed,
        }
    }

    /// The document, or the first rule it breaks.
    fn finish(self, bytes: &[u8]) -> Result<SbomDocument, ReadError> {
        match self.parsed {
            Ok(root) => document(root, self.reader),
            Err(error) => Err(self.failure.unwrap_or_else(|| locate(bytes, &error))),
        }
    }
}

/// How much of the text is searched from the start for `specVersion` before searching from the
/// end.
const HEAD: usize = 64 * 1024;

/// The version named by a `"specVersion": "…"` in the text, the first in its head or else the
/// last: a guess at the root's `specVersion` (checked after reading), found without parsing.
fn version_named_in(bytes: &[u8]) -> Option<SpecVersion> {
    let key = b"\"specVersion\"";
    // Written first in practice, or last (sorted keys): look at the head, then from the end.
    let head = bytes.get(..HEAD).unwrap_or(bytes);
    let at =
        memchr::memmem::find(head, key).or_else(|| memchr::memmem::rfind(bytes, key))? + key.len();
    let rest = bytes.get(at..)?.trim_ascii_start().strip_prefix(b":")?;
    let rest = rest.trim_ascii_start().strip_prefix(b"\"")?;
    let end = memchr::memchr(b'"', rest)?;
    SpecVersion::parse(std::str::from_utf8(rest.get(..end)?).ok()?)
}

/// Locates a parse error: syntax errors by line and column; data errors by parsing again with
/// path tracking.
fn locate(bytes: &[u8], error: &serde_json::Error) -> ReadError {
    if !error.is_data() {
        return ReadError::syntax(error.line(), error.column(), message_of(error));
    }
    let mut track = serde_path_to_error::Track::new();
    let mut inner = serde_json::Deserializer::from_slice(bytes);
    let (mut reader, mut failure, mut assumed) = (None, None, false);
    let traced = RootSeed {
        reader: &mut reader,
        failure: &mut failure,
        assume: None,
        assumed: &mut assumed,
    }
    .deserialize(serde_path_to_error::Deserializer::new(
        &mut inner, &mut track,
    ));
    match (traced, failure) {
        (_, Some(failure)) => failure,
        (Err(traced), None) => ReadError::at(pointer_of("", &track.path()), message_of(&traced)),
        (Ok(_), None) => ReadError::at("", message_of(error)),
    }
}

/// A serde_json message without its ` at line L column C` suffix.
pub(crate) fn message_of(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(cut) if error.line() != 0 => text[..cut].to_owned(),
        _ => text,
    }
}

/// Deserialises a kept fragment into a typed struct, locating errors below `at`.
pub(crate) fn from_value<'v, T: Deserialize<'v>>(
    value: &'v Value,
    at: Location<'_>,
) -> Result<T, ReadError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        ReadError::at(
            pointer_of(&at.pointer(), error.path()),
            message_of(error.inner()),
        )
    })
}

/// Converts each item of a list, stopping at the first error. The items are collected in
/// place: where the converted item is no larger than the wire item, the list's allocation is
/// reused rather than a second one made (and the first freed).
pub(crate) fn convert<T, U>(
    items: Vec<T>,
    each: impl FnMut(usize, T) -> Result<U, ReadError>,
) -> Result<Vec<U>, ReadError> {
    let mut each = each;
    items
        .into_iter()
        .enumerate()
        .map(|(position, item)| each(position, item))
        .collect()
}

/// Lists up to this long are checked for repeated items without a hash set.
const SHORT_LIST: usize = 16;

/// The state of one read: the version's rules and the `bom-ref`s seen so far.
pub(crate) struct Reader {
    pub(crate) version: SpecVersion,
    references: References,
    /// Whether `bom-ref`s are registered (off inside pedigree, which describes other BOMs'
    /// components).
    registering: bool,
}

impl Reader {
    pub(crate) fn new(version: SpecVersion) -> Self {
        Self {
            version,
            references: References::default(),
            registering: true,
        }
    }

    /// Rejects a property the strict schema of this version does not define yet.
    pub(crate) fn since(&self, at: Location<'_>, since: SpecVersion) -> Result<(), ReadError> {
        if self.version.is_strict() && self.version < since {
            return Err(at.error(format!(
                "not allowed in specVersion {} (added in {since})",
                self.version
            )));
        }
        Ok(())
    }

    /// Rejects a property the strict schema of this version does not define at all.
    pub(crate) fn unknown(&self, at: Location<'_>) -> Result<(), ReadError> {
        if self.version.is_strict() {
            return Err(at.error(format!("unknown property in specVersion {}", self.version)));
        }
        Ok(())
    }

    /// Checks a `bom-ref` (non-empty from 1.5, unique in every version) and records it.
    pub(crate) fn bom_ref(&mut self, reference: &str, at: Location<'_>) -> Result<(), ReadError> {
        if reference.is_empty() && self.version >= SpecVersion::V1_5 {
            return Err(at.error("bom-ref must not be empty"));
        }
        if self.registering && !self.references.insert(reference) {
            return Err(at.error(format!("duplicate bom-ref {reference:?}")));
        }
        Ok(())
    }

    /// Runs `work` without registering `bom-ref`s.
    pub(crate) fn unregistered<T>(&mut self, work: impl FnOnce(&mut Self) -> T) -> T {
        let before = std::mem::replace(&mut self.registering, false);
        let result = work(self);
        self.registering = before;
        result
    }

    /// The `bom-ref`s recorded so far.
    pub(crate) fn into_references(self) -> HashSet<String> {
        self.references.iter().map(str::to_owned).collect()
    }

    /// Whether a dependency target names something in the document (or another BOM by BOM-Link).
    fn resolves(&self, reference: &str) -> bool {
        self.references.contains(reference) || reference.starts_with("urn:cdx:")
    }
}

/// The parts of the root kept verbatim, with the version that added each.
const DOCUMENT_PARTS: &[(&str, SpecVersion)] = &[
    ("services", SpecVersion::V1_2),
    ("compositions", SpecVersion::V1_3),
    ("vulnerabilities", SpecVersion::V1_4),
    ("signature", SpecVersion::V1_4),
    ("annotations", SpecVersion::V1_5),
    ("formulation", SpecVersion::V1_5),
    ("declarations", SpecVersion::V1_6),
    ("definitions", SpecVersion::V1_6),
    ("citations", SpecVersion::V1_7),
];

fn document(bom: Root, reader: Option<Reader>) -> Result<SbomDocument, ReadError> {
    let root = Location::Root;
    if bom.bom_format != "CycloneDX" {
        return Err(root.key("bomFormat").error(format!(
            "expected \"CycloneDX\", found {:?}",
            bom.bom_format
        )));
    }
    let Some(version) = SpecVersion::parse(&bom.spec_version) else {
        return Err(root.key("specVersion").error(format!(
            "unsupported specVersion {:?} (supported: 1.2 to 1.7)",
            bom.spec_version
        )));
    };
    let mut reader = reader.unwrap_or_else(|| Reader::new(version));
    let mut document = SbomDocument::new(SourceFormat::CycloneDxJson, version.as_str());
    if let Some(serial) = bom.serial_number {
        if !rules::is_serial_number(&serial) {
            return Err(root
                .key("serialNumber")
                .error(format!("not a urn:uuid serial number: {serial:?}")));
        }
        document.serial_number = Some(serial);
    }
    if let Some(number) = bom.version {
        let at = root.key("version");
        if number < 1 && version >= SpecVersion::V1_5 {
            return Err(at.error("must be at least 1"));
        }
        let number = u64::try_from(number).map_err(|_| at.error("must not be negative"))?;
        document.version = Some(number);
    }
    let mut leftovers = serde_json::Map::new();
    if let Some(metadata) = bom.metadata {
        document.metadata = reader.metadata(metadata, root.key("metadata"), &mut leftovers)?;
    }
    document.components = match bom.components {
        Components::Absent => Vec::new(),
        Components::Converted(components) => components,
        Components::Buffered(components) => {
            reader.components(components, root.key("components"), 0)?
        }
    };
    for (key, value) in bom.rest {
        let at = root.key(&key);
        if key == "$schema" {
            reader.since(at, SpecVersion::V1_4)?;
            if !value.is_string() {
                return Err(at.error("expected a string"));
            }
            continue;
        }
        match DOCUMENT_PARTS.iter().find(|(name, _)| *name == key) {
            Some((_, since)) => {
                reader.since(at, *since)?;
                reader.document_part(&key, &value, at)?;
            }
            None => reader.unknown(at)?,
        }
        document.raw.insert(key, RawFragment::Json(value));
    }
    if !leftovers.is_empty() {
        document.raw.insert(
            "metadata".to_owned(),
            RawFragment::Json(Value::Object(leftovers)),
        );
    }
    if let Some(references) = bom.external_references {
        document.external_references =
            reader.external_references(references, root.key("externalReferences"))?;
    }
    if let Some(properties) = bom.properties {
        let at = root.key("properties");
        reader.since(at, SpecVersion::V1_5)?;
        document.properties = reader.properties(properties, at)?;
    }
    if let Some(dependencies) = bom.dependencies {
        document.dependencies = reader.dependencies(dependencies, root.key("dependencies"))?;
    }
    Ok(document)
}

impl Reader {
    fn dependencies(
        &self,
        dependencies: Vec<wire::Dependency>,
        at: Location<'_>,
    ) -> Result<Vec<Dependency>, ReadError> {
        convert(dependencies, |position, dependency| {
            let at = at.index(position);
            let reference_at = at.key("ref");
            if dependency.reference.is_empty() {
                return Err(reference_at.error("ref must not be empty"));
            }
            if !self.resolves(&dependency.reference) {
                return Err(reference_at.error(format!(
                    "dependency ref {:?} names no component or service of the document",
                    dependency.reference
                )));
            }
            let mut node = Dependency::new(dependency.reference);
            if let Some(targets) = dependency.depends_on {
                node.depends_on = self.targets(targets, at.key("dependsOn"))?;
            }
            if let Some(targets) = dependency.provides {
                let provides_at = at.key("provides");
                self.since(provides_at, SpecVersion::V1_6)?;
                node.provides = self.targets(targets, provides_at)?;
            }
            Ok(node)
        })
    }

    fn targets(&self, targets: Vec<String>, at: Location<'_>) -> Result<Vec<String>, ReadError> {
        // Short lists (the usual case) are checked for repeats by comparing with the earlier
        // items, long ones with a set.
        let mut seen = if targets.len() > SHORT_LIST {
            HashSet::with_capacity(targets.len())
        } else {
            HashSet::new()
        };
        for (position, target) in targets.iter().enumerate() {
            let at = at.index(position);
            if target.is_empty() && self.version >= SpecVersion::V1_5 {
                return Err(at.error("reference must not be empty"));
            }
            let repeated = if targets.len() > SHORT_LIST {
                !seen.insert(target.as_str())
            } else {
                targets[..position].contains(target)
            };
            if repeated {
                return Err(at.error(format!(
                    "duplicate reference {target:?} (items must be unique)"
                )));
            }
            if !self.resolves(target) {
                return Err(at.error(format!(
                    "dependency reference {target:?} names no component or service of the document"
                )));
            }
        }
        Ok(targets)
    }
}
