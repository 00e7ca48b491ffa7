//! The rules of the CycloneDX XML schemas (`bom-1.x.xsd`, `spdx.xsd`) that a document must
//! meet, checked element by element in document order over the whole document, raw parts
//! included (the reader hands the checker one component at a time).
//!
//! What is checked, wherever the element occurs in the CycloneDX namespace: `bom-ref` values
//! are non-empty and unique in the document (the schema's `xs:unique`); components have a known
//! `type`, exactly one `name`, a known `scope` and a well-formed `mime-type`, and nest at most
//! [`MAX_COMPONENT_DEPTH`] deep; hashes have a known `alg` and a hexadecimal digest of 32, 40,
//! 64, 96 or 128 digits; a licence has exactly one `id` (a listed SPDX licence or exception
//! identifier) or one `name`; `licenses` holds licences or a single `expression`, not both
//! (1.7 allows any mix; a 1.7 component has a `version` or a `versionRange`, not both); attached text is only ever `base64`-encoded; properties are named;
//! patches, issues, data flows, lifecycle phases, licence acknowledgements and external
//! references use their enumerations; SWID tags have `tagId` and `name`; `timestamp` is an
//! `xs:dateTime`; booleans and integers are well-formed; dependency and `provides` references
//! are non-empty and the document's dependency graph names only `bom-ref`s of the document (or
//! BOM-Links); the legacy `tool` list is not mixed with `components`/`services` tools; the
//! document's `serialNumber` is a lowercase `urn:uuid` and its `version` a positive integer.
//!
//! What is not checked: element order within a sequence and elements of the CycloneDX
//! namespace the schema does not know, which are ignored (some real SBOMs carry them, such as
//! a `BOMFormat` element copied from JSON); the content models of the parts kept raw beyond
//! the rules above.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::HashSet;

use tplc_model::{LIFECYCLE_PHASES, external_reference_kind_since};

use crate::ReadError;
use crate::lexical::{is_date_time, is_mime_type, is_spdx_id, is_urn_uuid, parse_boolean};
use crate::tree::Element;

/// The deepest nesting of components (inside each other, at any level) accepted.
pub(crate) const MAX_COMPONENT_DEPTH: usize = 64;

const COMPONENT_TYPES: &[&str] = &[
    "application",
    "framework",
    "library",
    "container",
    "platform",
    "operating-system",
    "device",
    "device-driver",
    "firmware",
    "file",
    "machine-learning-model",
    "data",
    "cryptographic-asset",
];
const SCOPES: &[&str] = &["required", "optional", "excluded"];
pub(crate) const HASH_ALGORITHMS: &[&str] = &[
    "MD5",
    "SHA-1",
    "SHA-256",
    "SHA-384",
    "SHA-512",
    "SHA3-256",
    "SHA3-384",
    "SHA3-512",
    "BLAKE2b-256",
    "BLAKE2b-384",
    "BLAKE2b-512",
    "BLAKE3",
];
const HASH_ALGORITHMS_1_7: &[&str] = &["Streebog-256", "Streebog-512"];
const PATCH_TYPES: &[&str] = &["unofficial", "monkey", "backport", "cherry-pick"];
const ISSUE_TYPES: &[&str] = &["defect", "enhancement", "security"];
const DATA_FLOWS: &[&str] = &["inbound", "outbound", "bi-directional", "unknown"];
const ACKNOWLEDGEMENTS: &[&str] = &["declared", "concluded"];
/// Checks a raw fragment about to be written as CycloneDX 1.6 by the rules above (those that
/// need the whole document excepted); the error is the rule it breaks.
pub(crate) fn validate_fragment(element: &Element<'_>) -> Result<(), String> {
    let mut checker = Checker::new(&[], "1.6");
    checker
        .element(element, None, 0)
        .map_err(|error| error.message().to_owned())
}

/// A dependency reference not known when it was read, to look up again once the whole
/// document has been read.
struct Pending<'a> {
    /// Where it comes in the order the graph is checked in (see [`Checker::dependency`]).
    rank: (Reverse<usize>, usize, usize, usize),
    reference: Cow<'a, str>,
    offset: usize,
}

/// Checks a document element by element, in document order: [`Checker::root`] first, then
/// each element with [`Checker::element`] (a whole tree) or [`Checker::open`] (the element
/// alone, for lists whose entries come one at a time), then [`Checker::finish`].
pub(crate) struct Checker<'a> {
    input: &'a [u8],
    is_1_7: bool,
    /// Every `bom-ref` so far.
    references: HashSet<Cow<'a, str>>,
    /// Dependency references that named no `bom-ref` yet when they were read.
    pending: Vec<Pending<'a>>,
}

impl<'a> Checker<'a> {
    /// A checker for a document whose namespace declares `spec_version`.
    pub(crate) fn new(input: &'a [u8], spec_version: &str) -> Self {
        Self {
            input,
            is_1_7: spec_version == "1.7",
            references: HashSet::new(),
            pending: Vec::new(),
        }
    }

    fn error(&self, element: &Element<'_>, message: impl Into<String>) -> ReadError {
        ReadError::at(self.input, element.offset, message)
    }

    /// Checks the root element's attributes and the root as an element (not its children).
    pub(crate) fn root(&mut self, root: &Element<'a>) -> Result<(), ReadError> {
        if let Some(serial) = root.attribute("serialNumber")
            && !is_urn_uuid(serial)
        {
            return Err(self.error(
                root,
                format!("serialNumber {serial:?} is not a lowercase urn:uuid"),
            ));
        }
        if let Some(version) = root.attribute("version")
            && !version
                .trim()
                .parse::<u64>()
                .is_ok_and(|version| version > 0)
        {
            return Err(self.error(
                root,
                format!("version {version:?} is not a positive integer"),
            ));
        }
        self.open(root, None, 0).map(|_| ())
    }

    /// Checks one element, not its children, given the number of components it is nested
    /// in; returns that number for its children.
    pub(crate) fn open(
        &mut self,
        element: &Element<'a>,
        parent: Option<&Element<'a>>,
        component_depth: usize,
    ) -> Result<usize, ReadError> {
        let mut component_depth = component_depth;
        if element.is_bom() {
            if let Some(reference) = element.attribute_text("bom-ref") {
                if reference.is_empty() {
                    return Err(
                        self.error(element, format!("<{}> has an empty bom-ref", element.name))
                    );
                }
                if !self.references.insert(reference.clone()) {
                    return Err(self.error(element, format!("duplicate bom-ref {reference:?}")));
                }
            }
            if element.name == "component" {
                component_depth += 1;
                if component_depth > MAX_COMPONENT_DEPTH {
                    return Err(self.error(
                        element,
                        format!("components nested deeper than {MAX_COMPONENT_DEPTH} levels"),
                    ));
                }
            }
            self.rules(element, parent)?;
        }
        Ok(component_depth)
    }

    /// Checks an element and everything in it.
    pub(crate) fn element(
        &mut self,
        element: &Element<'a>,
        parent: Option<&Element<'a>>,
        component_depth: usize,
    ) -> Result<(), ReadError> {
        let component_depth = self.open(element, parent, component_depth)?;
        for child in element.elements() {
            self.element(child, Some(element), component_depth)?;
        }
        Ok(())
    }

    /// Notes the references of one entry of a root-level `dependencies` list (the `list`-th
    /// such list, the `entry`-th entry in it), to be checked by [`Checker::finish`]. Only
    /// those not known yet are kept, ranked in the order in which a walk of the whole graph
    /// meets them: lists from the last, then each list's entries in order, then what they
    /// nest, entries from the last, each depth first with children in order.
    pub(crate) fn dependency(&mut self, list: usize, entry: usize, element: &Element<'a>) {
        if !(element.is("dependency") || element.is("provides")) {
            return;
        }
        self.note(
            (Reverse(list), 0, entry, 0),
            element.attribute_text("ref"),
            element,
        );
        let mut visited = 0;
        let mut pending = vec![element];
        while let Some(element) = pending.pop() {
            for child in element.elements() {
                if child.is("dependency") || child.is("provides") {
                    visited += 1;
                    self.note(
                        (Reverse(list), 1, usize::MAX - entry, visited),
                        child.attribute_text("ref"),
                        child,
                    );
                    pending.push(child);
                }
            }
        }
    }

    fn note(
        &mut self,
        rank: (Reverse<usize>, usize, usize, usize),
        reference: Option<&Cow<'a, str>>,
        element: &Element<'a>,
    ) {
        let reference = reference.cloned().unwrap_or_default();
        if !reference.starts_with("urn:cdx:") && !self.references.contains(&reference) {
            self.pending.push(Pending {
                rank,
                reference,
                offset: element.offset,
            });
        }
    }

    /// Checks that every reference of the document's dependency graph names a `bom-ref` of
    /// the document (or is a BOM-Link to another document), once the whole document is read.
    pub(crate) fn finish(&self) -> Result<(), ReadError> {
        let first = self
            .pending
            .iter()
            .filter(|pending| !self.references.contains(&pending.reference))
            .min_by_key(|pending| pending.rank);
        match first {
            Some(pending) => Err(ReadError::at(
                self.input,
                pending.offset,
                format!("dependency names unknown bom-ref {:?}", pending.reference),
            )),
            None => Ok(()),
        }
    }

    fn rules(&self, element: &Element, parent: Option<&Element>) -> Result<(), ReadError> {
        let parent_name = parent
            .filter(|parent| parent.is_bom())
            .map(|parent| parent.name.as_ref());
        match element.name.as_ref() {
            "component" => self.component(element),
            "hash" => self.hash(element),
            "licenses" => self.licenses(element),
            "license" if parent_name == Some("licenses") => self.license(element),
            "expression" if parent_name == Some("licenses") => {
                self.optional_enumeration(element, "acknowledgement", ACKNOWLEDGEMENTS)
            }
            "text" => match element.attribute("encoding") {
                Some(encoding) if encoding.trim() != "base64" => Err(self.error(
                    element,
                    format!("text encoding {encoding:?} is not \"base64\""),
                )),
                _ => Ok(()),
            },
            "property" if element.attribute("name").is_none() => {
                Err(self.error(element, "property has no name attribute"))
            }
            "patch" => self.required_enumeration(element, "type", PATCH_TYPES),
            "issue" => self.required_enumeration(element, "type", ISSUE_TYPES),
            "classification" => self.optional_enumeration(element, "flow", DATA_FLOWS),
            "swid" => self.swid(element),
            "dependency" | "provides" => match element.attribute("ref") {
                None => {
                    Err(self.error(element, format!("<{}> has no ref attribute", element.name)))
                }
                Some("") => {
                    Err(self.error(element, format!("<{}> has an empty ref", element.name)))
                }
                Some(_) => Ok(()),
            },
            "timestamp" => {
                let text = element.text();
                if is_date_time(text.trim()) {
                    Ok(())
                } else {
                    Err(self.error(
                        element,
                        format!("timestamp {:?} is not an xs:dateTime", text.trim()),
                    ))
                }
            }
            "reference" if parent_name == Some("externalReferences") => {
                self.external_reference(element)
            }
            "phase" if parent_name == Some("lifecycle") => {
                self.text_enumeration(element, "lifecycle phase", LIFECYCLE_PHASES)
            }
            "modified" if parent_name == Some("component") => {
                self.boolean(element, &element.text(), "modified")
            }
            "tools" if parent_name == Some("metadata") => {
                let legacy = element.elements_named("tool").next().is_some();
                let modern =
                    element.first("components").is_some() || element.first("services").is_some();
                if legacy && modern {
                    Err(self.error(
                        element,
                        "tools mixes legacy <tool> entries with <components>/<services>",
                    ))
                } else {
                    Ok(())
                }
            }
            _ => Ok(()),
        }
    }

    fn component(&self, element: &Element) -> Result<(), ReadError> {
        let Some(component_type) = element.attribute("type") else {
            return Err(self.error(element, "component has no type attribute"));
        };
        if !COMPONENT_TYPES.contains(&component_type.trim()) {
            return Err(self.error(
                element,
                format!("unknown component type {component_type:?}"),
            ));
        }
        if let Some(mime_type) = element.attribute("mime-type")
            && !is_mime_type(mime_type.trim())
        {
            return Err(self.error(
                element,
                format!("mime-type {mime_type:?} is not a media type"),
            ));
        }
        match element.elements_named("name").count() {
            0 => return Err(self.error(element, "component has no name")),
            1 => {}
            _ => return Err(self.error(element, "component has more than one name")),
        }
        if self.is_1_7
            && element.first("version").is_some()
            && element.first("versionRange").is_some()
        {
            return Err(self.error(element, "component has both a version and a versionRange"));
        }
        for scope in element.elements_named("scope") {
            self.text_enumeration(scope, "scope", SCOPES)?;
        }
        Ok(())
    }

    fn hash(&self, element: &Element) -> Result<(), ReadError> {
        let Some(algorithm) = element.attribute("alg") else {
            return Err(self.error(element, "hash has no alg attribute"));
        };
        let algorithm = algorithm.trim();
        if !self.allows(HASH_ALGORITHMS, HASH_ALGORITHMS_1_7, algorithm) {
            return Err(self.error(element, format!("unknown hash algorithm {algorithm:?}")));
        }
        let value = element.text();
        let value = value.trim();
        let hexadecimal = value.bytes().all(|byte| byte.is_ascii_hexdigit());
        if !hexadecimal || ![32, 40, 64, 96, 128].contains(&value.len()) {
            return Err(self.error(
                element,
                format!(
                    "{algorithm} hash {value:?} is not 32, 40, 64, 96 or 128 hexadecimal digits"
                ),
            ));
        }
        Ok(())
    }

    fn licenses(&self, element: &Element) -> Result<(), ReadError> {
        if self.is_1_7 {
            return Ok(());
        }
        let licenses = element.elements_named("license").count();
        let expressions = element.elements_named("expression").count();
        if expressions > 1 {
            return Err(self.error(element, "licenses holds more than one expression"));
        }
        if expressions == 1 && licenses > 0 {
            return Err(self.error(element, "licenses mixes license entries with an expression"));
        }
        Ok(())
    }

    fn license(&self, element: &Element) -> Result<(), ReadError> {
        self.optional_enumeration(element, "acknowledgement", ACKNOWLEDGEMENTS)?;
        let ids: Vec<&Element> = element.elements_named("id").collect();
        let names = element.elements_named("name").count();
        match (ids.len(), names) {
            (0, 0) => Err(self.error(element, "license has neither an id nor a name")),
            (1, 0) => {
                let id = ids[0].text();
                if is_spdx_id(id.trim()) {
                    Ok(())
                } else {
                    Err(self.error(ids[0], format!("unknown SPDX license id {:?}", id.trim())))
                }
            }
            (0, 1) => Ok(()),
            (0, _) => Err(self.error(element, "license has more than one name")),
            (_, 0) => Err(self.error(element, "license has more than one id")),
            _ => Err(self.error(element, "license has both an id and a name")),
        }
    }

    fn swid(&self, element: &Element) -> Result<(), ReadError> {
        for required in ["tagId", "name"] {
            if element.attribute(required).is_none() {
                return Err(self.error(element, format!("swid has no {required} attribute")));
            }
        }
        if let Some(tag_version) = element.attribute("tagVersion")
            && tag_version.trim().parse::<i64>().is_err()
        {
            return Err(self.error(
                element,
                format!("swid tagVersion {tag_version:?} is not an integer"),
            ));
        }
        if let Some(patch) = element.attribute("patch") {
            self.boolean(element, patch, "swid patch")?;
        }
        Ok(())
    }

    fn external_reference(&self, element: &Element) -> Result<(), ReadError> {
        let Some(kind) = element.attribute("type") else {
            return Err(self.error(element, "external reference has no type attribute"));
        };
        let kind = kind.trim();
        let known = external_reference_kind_since(kind)
            .is_some_and(|since| since <= 6 || (self.is_1_7 && since == 7));
        if !known {
            return Err(self.error(element, format!("unknown external reference type {kind:?}")));
        }
        if element.first("url").is_none() {
            return Err(self.error(element, "external reference has no url"));
        }
        Ok(())
    }

    /// Whether a value is in an enumeration, or in its 1.7 additions for a 1.7 document.
    fn allows(&self, values: &[&str], added_in_1_7: &[&str], value: &str) -> bool {
        values.contains(&value) || (self.is_1_7 && added_in_1_7.contains(&value))
    }

    fn boolean(&self, element: &Element, value: &str, what: &str) -> Result<(), ReadError> {
        if parse_boolean(value).is_some() {
            Ok(())
        } else {
            Err(self.error(element, format!("{what} {value:?} is not a boolean")))
        }
    }

    fn text_enumeration(
        &self,
        element: &Element,
        what: &str,
        allowed: &[&str],
    ) -> Result<(), ReadError> {
        let text = element.text();
        if allowed.contains(&text.trim()) {
            Ok(())
        } else {
            Err(self.error(element, format!("unknown {what} {:?}", text.trim())))
        }
    }

    fn required_enumeration(
        &self,
        element: &Element,
        attribute: &str,
        allowed: &[&str],
    ) -> Result<(), ReadError> {
        if element.attribute(attribute).is_none() {
            return Err(self.error(
                element,
                format!("<{}> has no {attribute} attribute", element.name),
            ));
        }
        self.optional_enumeration(element, attribute, allowed)
    }

    fn optional_enumeration(
        &self,
        element: &Element,
        attribute: &str,
        allowed: &[&str],
    ) -> Result<(), ReadError> {
        match element.attribute(attribute) {
            Some(value) if !allowed.contains(&value.trim()) => Err(self.error(
                element,
                format!("unknown {} {attribute} {value:?}", element.name),
            )),
            _ => Ok(()),
        }
    }
}
