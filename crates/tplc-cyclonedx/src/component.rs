//! Reading components (`components[]`, `metadata.component`, tool components, pedigree).

use tplc_model::{Component, ComponentType, RawFragment, Scope};

use crate::error::ReadError;
use crate::location::Location;
use crate::read::{MAX_NESTING, Reader, convert};
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;
use crate::wire_de::Vocab;

/// The parts of a component kept verbatim, with the version that added each.
const COMPONENT_PARTS: &[(&str, SpecVersion)] = &[
    ("pedigree", SpecVersion::V1_2),
    ("evidence", SpecVersion::V1_3),
    ("releaseNotes", SpecVersion::V1_4),
    ("signature", SpecVersion::V1_4),
    ("modelCard", SpecVersion::V1_5),
    ("data", SpecVersion::V1_5),
    ("cryptoProperties", SpecVersion::V1_6),
    ("versionRange", SpecVersion::V1_7),
    ("isExternal", SpecVersion::V1_7),
    ("patentAssertions", SpecVersion::V1_7),
];

impl Reader {
    /// Reads a list of components at nesting level `depth`.
    pub(crate) fn components(
        &mut self,
        components: Vec<wire::Component>,
        at: Location<'_>,
        depth: usize,
    ) -> Result<Vec<Component>, ReadError> {
        convert(components, |position, component| {
            self.component(component, at.index(position), depth)
        })
    }

    /// Reads one component and, recursively, its sub-components.
    pub(crate) fn component(
        &mut self,
        wire: wire::Component,
        at: Location<'_>,
        depth: usize,
    ) -> Result<Component, ReadError> {
        if depth >= MAX_NESTING {
            return Err(at.error(format!("components nest deeper than {MAX_NESTING} levels")));
        }
        let component_type = self.component_type(&wire.component_type, at.key("type"))?;
        let mut component = Component::new(component_type, wire.name);
        if self.version < SpecVersion::V1_4 && wire.version.is_none() {
            return Err(at.error(format!(
                "missing field `version` (required in specVersion {})",
                self.version
            )));
        }
        if let Some(mime_type) = wire.mime_type {
            if !rules::is_mime_type(&mime_type) {
                return Err(at
                    .key("mime-type")
                    .error(format!("not a media type: {mime_type:?}")));
            }
            component.mime_type = Some(mime_type);
        }
        if let Some(reference) = wire.bom_ref {
            self.bom_ref(&reference, at.key("bom-ref"))?;
            component.bom_ref = Some(reference);
        }
        if let Some(supplier) = wire.supplier {
            component.supplier = Some(self.entity(supplier, at.key("supplier"))?);
        }
        if let Some(manufacturer) = wire.manufacturer {
            let at = at.key("manufacturer");
            self.since(at, SpecVersion::V1_6)?;
            component.manufacturer = Some(self.entity(manufacturer, at)?);
        }
        if let Some(authors) = wire.authors {
            let at = at.key("authors");
            self.since(at, SpecVersion::V1_6)?;
            component.authors = self.contacts(authors, at)?;
        }
        component.author = wire.author;
        component.publisher = wire.publisher;
        component.group = wire.group;
        if let Some(version) = &wire.version
            && self.version >= SpecVersion::V1_6
            && version.chars().count() > 1024
        {
            return Err(at.key("version").error("longer than 1024 characters"));
        }
        component.version = wire.version;
        component.description = wire.description;
        if let Some(scope) = wire.scope {
            let parsed = match scope {
                Vocab::Known(scope) => scope,
                Vocab::Unknown(text) => text
                    .parse::<Scope>()
                    .map_err(|error| at.key("scope").error(error.to_string()))?,
            };
            component.scope = Some(parsed);
        }
        if let Some(hashes) = wire.hashes {
            component.hashes = self.hashes(hashes, at.key("hashes"))?;
        }
        if let Some(licenses) = wire.licenses {
            component.licenses = self.licenses(licenses, at.key("licenses"))?;
        }
        component.copyright = wire.copyright;
        component.cpe = wire.cpe;
        component.purl = wire.purl;
        if let Some(identifiers) = wire.omnibor_id {
            self.since(at.key("omniborId"), SpecVersion::V1_6)?;
            component.omnibor_ids = identifiers;
        }
        if let Some(identifiers) = wire.swhid {
            self.since(at.key("swhid"), SpecVersion::V1_6)?;
            component.swhids = identifiers;
        }
        if let Some(swid) = wire.swid {
            component.swid = Some(self.swid(swid, at.key("swid"))?);
        }
        component.modified = wire.modified;
        if let Some(references) = wire.external_references {
            component.external_references =
                self.external_references(references, at.key("externalReferences"))?;
        }
        if let Some(components) = wire.components {
            component.components = self.components(components, at.key("components"), depth + 1)?;
        }
        if let Some(properties) = wire.properties {
            let at = at.key("properties");
            self.since(at, SpecVersion::V1_3)?;
            component.properties = self.properties(properties, at)?;
        }
        if let Some(tags) = wire.tags {
            self.since(at.key("tags"), SpecVersion::V1_6)?;
            component.tags = tags;
        }
        for (key, value) in wire.rest {
            let part_at = at.key(&key);
            match COMPONENT_PARTS.iter().find(|(name, _)| *name == key) {
                Some((_, since)) => {
                    self.since(part_at, *since)?;
                    self.component_part(&key, &value, part_at, depth)?;
                }
                None => self.unknown(part_at)?,
            }
            component.raw.insert(key, RawFragment::Json(value));
        }
        if component.raw.contains_key("versionRange") {
            if component.version.is_some() {
                return Err(at
                    .key("versionRange")
                    .error("`version` and `versionRange` exclude each other"));
            }
            if !matches!(
                component.raw.get("isExternal"),
                Some(RawFragment::Json(serde_json::Value::Bool(true)))
            ) {
                return Err(at
                    .key("versionRange")
                    .error("only allowed on an external component (`isExternal`: true)"));
            }
        }
        Ok(component)
    }

    /// `component.type`: a value of the vocabulary of this version.
    fn component_type(
        &self,
        text: &Vocab<ComponentType>,
        at: Location<'_>,
    ) -> Result<ComponentType, ReadError> {
        let component_type = match text {
            Vocab::Known(component_type) => *component_type,
            Vocab::Unknown(text) => text
                .parse::<ComponentType>()
                .map_err(|error| at.error(error.to_string()))?,
        };
        let since = rules::component_type_since(component_type);
        if self.version < since {
            return Err(at.error(format!(
                "component type {:?} is not defined in specVersion {} (added in {since})",
                component_type.as_str(),
                self.version
            )));
        }
        Ok(component_type)
    }
}
