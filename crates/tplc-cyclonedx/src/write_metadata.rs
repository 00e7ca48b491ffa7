//! Writing `metadata`: timestamp, lifecycles, tools, organisations, the described component,
//! licences and properties, with the metadata leftovers kept from CycloneDX JSON.

use serde::Serialize;
use serde_json::Value;
use tplc_model::{
    LIFECYCLE_PHASES, LicenseChoice, LicenseKind, RawFragment, SbomDocument, Tool, ToolKind,
};

use crate::conform::{Repeats, hash_of};
use crate::location::Location;
use crate::read::Reader;
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;
use crate::write::Writer;
use crate::write_component::ComponentOut;
use crate::write_elements::properties;

/// `metadata` in the field order of the 1.6 schema.
#[derive(Serialize)]
pub(crate) struct MetadataOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    lifecycles: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tools: Option<ToolsOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacturer: Option<wire::OrganizationalEntity>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<wire::OrganizationalContact>,
    #[serde(skip_serializing_if = "Option::is_none")]
    component: Option<Box<ComponentOut<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    manufacture: Option<Value>,
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
enum ToolsOut {
    Kept(Value),
    Legacy(Vec<wire::LegacyTool>),
    Choices {
        #[serde(skip_serializing_if = "Vec::is_empty")]
        components: Vec<Value>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        services: Vec<Value>,
    },
}

/// Metadata leftovers that 1.6 defines.
pub(crate) const METADATA_PARTS: &[&str] = &["tools", "lifecycles", "manufacture"];

impl Writer {
    /// A metadata leftover kept from CycloneDX JSON, made to fit 1.6.
    fn kept_metadata(&mut self, document: &SbomDocument, key: &str) -> Option<Value> {
        match document.raw.get("metadata")? {
            RawFragment::Json(leftovers) => {
                let kept = leftovers.get(key)?;
                self.conform("metadata", key, kept, "metadata")
            }
            RawFragment::Xml(_) => None,
        }
    }

    pub(crate) fn metadata<'a>(&mut self, document: &'a SbomDocument) -> Option<MetadataOut<'a>> {
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
            manufacture: self.kept_metadata(document, "manufacture"),
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
        if let Some(kept) = self.kept_metadata(document, "lifecycles") {
            let consistent = serde_json::from_value::<Vec<wire::Lifecycle>>(kept.clone())
                .is_ok_and(|kept| {
                    kept.iter()
                        .map(|lifecycle| lifecycle.phase.as_ref().or(lifecycle.name.as_ref()))
                        .eq(phases.iter().map(Some))
                });
            if consistent {
                return Some(kept);
            }
        }
        let items = phases
            .iter()
            .map(|phase| {
                let key = if LIFECYCLE_PHASES.contains(&phase.as_str()) {
                    "phase"
                } else {
                    "name"
                };
                serde_json::json!({ key: phase })
            })
            .collect();
        Some(Value::Array(items))
    }

    fn tools(&mut self, document: &SbomDocument) -> Option<ToolsOut> {
        let tools = &document.metadata.tools;
        if tools.is_empty() {
            return None;
        }
        if let Some(kept) = self.kept_metadata(document, "tools") {
            let mut reader = Reader::new(SpecVersion::V1_6);
            if reader
                .tools(&kept, Location::Root)
                .is_ok_and(|read| read == *tools)
            {
                let references = reader.into_references();
                if references
                    .iter()
                    .all(|reference| !self.is_written(reference))
                {
                    self.record(references);
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
        let (mut component_repeats, mut service_repeats) = (Repeats::default(), Repeats::default());
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
            let (list, repeats) = if component_type.is_some() {
                (&mut components, &mut component_repeats)
            } else {
                (&mut services, &mut service_repeats)
            };
            let object = Value::Object(object);
            if repeats.seen(hash_of(&object), &object, list) {
                self.omit(
                    &location,
                    "identical to an earlier tool (tools must be unique); dropped",
                );
            } else {
                list.push(object);
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
}
