//! Reading `metadata`: timestamp, lifecycles, tools, authors, component, organisations,
//! licences and properties.

use serde_json::{Map, Value};
use tplc_model::{LIFECYCLE_PHASES, Metadata, Tool, ToolKind};

use crate::error::ReadError;
use crate::location::Location;
use crate::read::{Reader, from_value};
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;

/// The properties of a component tool (1.5+) that [`Tool`] holds exactly.
const HELD_COMPONENT_TOOL: &[&str] = &[
    "type",
    "bom-ref",
    "group",
    "name",
    "version",
    "hashes",
    "externalReferences",
];

/// The properties of a service tool (1.5+) that [`Tool`] holds exactly.
const HELD_SERVICE_TOOL: &[&str] = &["bom-ref", "group", "name", "version", "externalReferences"];

/// Whether `metadata.tools` (already read) is held exactly by the model's tools, so that it
/// need not be kept verbatim: the legacy array always is; the 1.5+ object when its tools have
/// only the properties [`Tool`] holds (a supplier, provider, licences, … would be lost).
fn tools_fully_held(tools: &Value) -> bool {
    let Value::Object(choices) = tools else {
        return true;
    };
    let only = |list: Option<&Value>, held: &[&str]| {
        list.and_then(Value::as_array)
            .into_iter()
            .flatten()
            .all(|tool| {
                tool.as_object()
                    .is_some_and(|fields| fields.keys().all(|key| held.contains(&key.as_str())))
            })
    };
    only(choices.get("components"), HELD_COMPONENT_TOOL)
        && only(choices.get("services"), HELD_SERVICE_TOOL)
}

/// Metadata properties kept verbatim, with the version that added each.
const METADATA_PARTS: &[(&str, SpecVersion)] = &[("distributionConstraints", SpecVersion::V1_7)];

impl Reader {
    /// Reads `metadata`; what the model cannot hold goes to `leftovers` (kept in the
    /// document's `raw` under `metadata`).
    pub(crate) fn metadata(
        &mut self,
        wire: wire::Metadata,
        at: Location<'_>,
        leftovers: &mut Map<String, Value>,
    ) -> Result<Metadata, ReadError> {
        let mut metadata = Metadata::default();
        if let Some(timestamp) = wire.timestamp {
            if !rules::is_date_time(&timestamp) {
                return Err(at
                    .key("timestamp")
                    .error(format!("not an RFC 3339 date-time: {timestamp:?}")));
            }
            metadata.timestamp = Some(timestamp);
        }
        if let Some(lifecycles) = wire.lifecycles {
            let at = at.key("lifecycles");
            self.since(at, SpecVersion::V1_5)?;
            let mut lossy = false;
            for (position, lifecycle) in lifecycles.iter().enumerate() {
                let at = at.index(position);
                match (&lifecycle.phase, &lifecycle.name) {
                    (Some(phase), None) if lifecycle.description.is_none() => {
                        if !LIFECYCLE_PHASES.contains(&phase.as_str()) {
                            return Err(at
                                .key("phase")
                                .error(format!("unknown lifecycle phase {phase:?}")));
                        }
                        metadata.lifecycles.push(phase.clone());
                    }
                    (None, Some(name)) => {
                        lossy |= lifecycle.description.is_some()
                            || LIFECYCLE_PHASES.contains(&name.as_str());
                        metadata.lifecycles.push(name.clone());
                    }
                    _ => return Err(at.error(
                        "a lifecycle has either `phase` or `name` (with an optional `description`)",
                    )),
                }
            }
            if lossy {
                let value = serde_json::to_value(&lifecycles)
                    .map_err(|error| at.error(error.to_string()))?;
                leftovers.insert("lifecycles".to_owned(), value);
            }
        }
        if let Some(tools) = wire.tools {
            let at = at.key("tools");
            metadata.tools = self.tools(&tools, at)?;
            if !tools_fully_held(&tools) {
                leftovers.insert("tools".to_owned(), tools);
            }
        }
        if let Some(authors) = wire.authors {
            metadata.authors = self.contacts(authors, at.key("authors"))?;
        }
        if let Some(component) = wire.component {
            metadata.component = Some(Box::new(self.component(
                *component,
                at.key("component"),
                0,
            )?));
        }
        if let Some(manufacturer) = wire.manufacturer {
            let at = at.key("manufacturer");
            self.since(at, SpecVersion::V1_6)?;
            metadata.manufacturer = Some(self.entity(manufacturer, at)?);
        }
        if let Some(manufacture) = wire.manufacture {
            let entity = self.entity(manufacture.clone(), at.key("manufacture"))?;
            if metadata.manufacturer.is_none() {
                metadata.manufacturer = Some(entity);
            } else {
                let value = serde_json::to_value(&manufacture)
                    .map_err(|error| at.error(error.to_string()))?;
                leftovers.insert("manufacture".to_owned(), value);
            }
        }
        if let Some(supplier) = wire.supplier {
            metadata.supplier = Some(self.entity(supplier, at.key("supplier"))?);
        }
        if let Some(licenses) = wire.licenses {
            let at = at.key("licenses");
            self.since(at, SpecVersion::V1_3)?;
            metadata.licenses = self.licenses(licenses, at)?;
        }
        if let Some(properties) = wire.properties {
            let at = at.key("properties");
            self.since(at, SpecVersion::V1_3)?;
            metadata.properties = self.properties(properties, at)?;
        }
        for (key, value) in wire.rest {
            let part_at = at.key(&key);
            match METADATA_PARTS.iter().find(|(name, _)| *name == key) {
                Some((_, since)) => self.since(part_at, *since)?,
                None => self.unknown(part_at)?,
            }
            leftovers.insert(key, value);
        }
        Ok(metadata)
    }

    /// `metadata.tools`: the legacy array, or (1.5+) `{components, services}`.
    pub(crate) fn tools(
        &mut self,
        tools: &Value,
        at: Location<'_>,
    ) -> Result<Vec<Tool>, ReadError> {
        match tools {
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (position, item) in items.iter().enumerate() {
                    let at = at.index(position);
                    let tool: wire::LegacyTool = from_value(item, at)?;
                    let hashes = match tool.hashes {
                        Some(hashes) => self.hashes(hashes, at.key("hashes"))?,
                        None => Vec::new(),
                    };
                    let external_references = match tool.external_references {
                        Some(references) => {
                            let at = at.key("externalReferences");
                            self.since(at, SpecVersion::V1_4)?;
                            self.external_references(references, at)?
                        }
                        None => Vec::new(),
                    };
                    out.push(Tool {
                        kind: ToolKind::Legacy,
                        vendor: tool.vendor,
                        name: tool.name,
                        version: tool.version,
                        hashes,
                        external_references,
                        bom_ref: None,
                    });
                }
                Ok(out)
            }
            Value::Object(_) => {
                if self.version < SpecVersion::V1_5 {
                    return Err(
                        at.error(format!("must be an array in specVersion {}", self.version))
                    );
                }
                let choices: wire::ToolChoices = from_value(tools, at)?;
                let mut out = Vec::new();
                let components_at = at.key("components");
                for (position, value) in choices.components.iter().flatten().enumerate() {
                    let at = components_at.index(position);
                    let component = self.component(from_value(value, at)?, at, 0)?;
                    let vendor = component
                        .supplier_name()
                        .map(str::to_owned)
                        .or_else(|| component.group.clone());
                    out.push(Tool {
                        kind: ToolKind::Component(component.component_type),
                        vendor,
                        name: Some(component.name),
                        version: component.version,
                        hashes: component.hashes,
                        external_references: component.external_references,
                        bom_ref: component.bom_ref,
                    });
                }
                let services_at = at.key("services");
                for (position, value) in choices.services.iter().flatten().enumerate() {
                    out.push(self.service_tool(value, services_at.index(position))?);
                }
                Ok(out)
            }
            _ => Err(at.error("expected an array or an object")),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn tools_the_model_holds_are_not_kept() {
        assert!(tools_fully_held(&json!([{"vendor": "a", "name": "b"}])));
        assert!(tools_fully_held(&json!({
            "components": [{"type": "application", "group": "acme", "name": "x", "version": "1"}],
            "services": [{"name": "scanner", "externalReferences": []}],
        })));
        assert!(tools_fully_held(&json!({})));
        assert!(!tools_fully_held(&json!({
            "components": [{"type": "application", "name": "x", "supplier": {"name": "acme"}}],
        })));
        assert!(!tools_fully_held(
            &json!({"services": [{"name": "x", "provider": {"name": "p"}}]})
        ));
    }
}
