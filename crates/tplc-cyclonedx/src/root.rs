//! The root object, read with a hand-written visitor so that the top-level components are
//! turned into model components as they are parsed (one component's wire struct alive at a
//! time instead of all of them). That needs the version's rules: when `bomFormat` and
//! `specVersion` come before `components`, as they usually do, they are known; when they come
//! after it (as in documents written with sorted keys), the version found by a quick textual
//! scan is assumed, and [`read_json`](crate::read_json) checks the assumption once the root is
//! read (reading again without assuming when it was wrong or when anything failed). Without
//! either, the components are buffered and converted afterwards.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use tplc_model::Component;

use crate::error::ReadError;
use crate::location::Location;
use crate::read::Reader;
use crate::version::SpecVersion;
use crate::wire;

/// The top-level components: converted while parsing, or buffered.
#[derive(Default)]
pub(crate) enum Components {
    /// No `components` property.
    #[default]
    Absent,
    /// Converted while parsing by the reader of the document's version.
    Converted(Vec<Component>),
    /// Parsed before the version was known.
    Buffered(Vec<wire::Component>),
}

/// The root object.
#[derive(Default)]
pub(crate) struct Root {
    pub(crate) bom_format: String,
    pub(crate) spec_version: String,
    pub(crate) serial_number: Option<String>,
    pub(crate) version: Option<i64>,
    pub(crate) metadata: Option<wire::Metadata>,
    pub(crate) components: Components,
    pub(crate) external_references: Option<Vec<wire::ExternalReference>>,
    pub(crate) dependencies: Option<Vec<wire::Dependency>>,
    pub(crate) properties: Option<Vec<wire::Property>>,
    pub(crate) rest: Map<String, Value>,
}

/// Reads the root; `reader` is set once the version is known (or assumed), `failure` holds a
/// rule broken by a component converted during parsing.
pub(crate) struct RootSeed<'s> {
    pub(crate) reader: &'s mut Option<Reader>,
    pub(crate) failure: &'s mut Option<ReadError>,
    /// The version to assume for components that come before `specVersion`, if any.
    pub(crate) assume: Option<SpecVersion>,
    /// Set when components were converted before `bomFormat` or `specVersion` was read.
    pub(crate) assumed: &'s mut bool,
}

impl<'de> DeserializeSeed<'de> for RootSeed<'_> {
    type Value = Root;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Root, D::Error> {
        deserializer.deserialize_map(self)
    }
}

fn once<T, E: de::Error>(slot: &mut Option<T>, value: T, name: &'static str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::duplicate_field(name));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de> Visitor<'de> for RootSeed<'_> {
    type Value = Root;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a CycloneDX BOM object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Root, A::Error> {
        let mut root = Root::default();
        let (mut bom_format, mut spec_version) = (None, None);
        let mut components_seen = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "bomFormat" => once(&mut bom_format, map.next_value::<String>()?, "bomFormat")?,
                "specVersion" => once(
                    &mut spec_version,
                    map.next_value::<String>()?,
                    "specVersion",
                )?,
                "serialNumber" => once(&mut root.serial_number, map.next_value()?, "serialNumber")?,
                "version" => once(&mut root.version, map.next_value()?, "version")?,
                "metadata" => once(&mut root.metadata, map.next_value()?, "metadata")?,
                "externalReferences" => once(
                    &mut root.external_references,
                    map.next_value()?,
                    "externalReferences",
                )?,
                "dependencies" => once(&mut root.dependencies, map.next_value()?, "dependencies")?,
                "properties" => once(&mut root.properties, map.next_value()?, "properties")?,
                "components" => {
                    if std::mem::replace(&mut components_seen, true) {
                        return Err(de::Error::duplicate_field("components"));
                    }
                    let version = match &spec_version {
                        Some(text) => SpecVersion::parse(text),
                        None => self.assume,
                    };
                    let format_fits = match bom_format.as_deref() {
                        Some(format) => format == "CycloneDX",
                        None => self.assume.is_some(),
                    };
                    root.components = match version {
                        Some(version) if format_fits => {
                            *self.assumed = spec_version.is_none() || bom_format.is_none();
                            let reader = self.reader.get_or_insert_with(|| Reader::new(version));
                            Components::Converted(map.next_value_seed(ComponentsSeed {
                                reader,
                                failure: self.failure,
                            })?)
                        }
                        _ => Components::Buffered(map.next_value()?),
                    };
                }
                _ => {
                    let value = map.next_value::<Value>()?;
                    if root.rest.insert(key, value).is_some() {
                        return Err(de::Error::custom("duplicate property"));
                    }
                }
            }
        }
        root.bom_format = bom_format.ok_or_else(|| de::Error::missing_field("bomFormat"))?;
        root.spec_version = spec_version.ok_or_else(|| de::Error::missing_field("specVersion"))?;
        Ok(root)
    }
}

/// The top-level `components` array, converted item by item.
struct ComponentsSeed<'s> {
    reader: &'s mut Reader,
    failure: &'s mut Option<ReadError>,
}

impl<'de> DeserializeSeed<'de> for ComponentsSeed<'_> {
    type Value = Vec<Component>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Vec<Component>, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ComponentsSeed<'_> {
    type Value = Vec<Component>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an array of components")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Vec<Component>, A::Error> {
        let mut out = Vec::with_capacity(sequence.size_hint().unwrap_or(0));
        let root = Location::Root;
        let at = root.key("components");
        while let Some(component) = sequence.next_element::<wire::Component>()? {
            match self.reader.component(component, at.index(out.len()), 0) {
                Ok(component) => out.push(component),
                Err(error) => {
                    *self.failure = Some(error);
                    return Err(de::Error::custom("component breaks a rule"));
                }
            }
        }
        Ok(out)
    }
}
