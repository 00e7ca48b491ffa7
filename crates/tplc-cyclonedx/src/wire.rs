//! Serde mirrors of the CycloneDX JSON objects the model interprets.
//!
//! The metadata and component objects keep every property they do not type in
//! `rest`, so that the reader can keep the parts the model does not interpret verbatim (and,
//! for the strict 1.4+ schemas, reject properties the schema does not define). The smaller
//! objects deny unknown properties outright, as `additionalProperties: false` does. The same
//! leaf types are serialised by the writer, in the field order of the 1.6 schema.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tplc_model::{ComponentType, Scope};

use crate::wire_de::{Vocab, hash_algorithm_name};

/// Implements `Deserialize` for structs derived with `#[serde(remote = "Self")]` so that they
/// accept JSON objects only (derived structs would also accept arrays of their field values,
/// which no CycloneDX schema allows), and `Serialize` through the derived code.
macro_rules! objects_only {
    (deserialize: $($name:ident),+ $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ObjectVisitor;
                impl<'de> serde::de::Visitor<'de> for ObjectVisitor {
                    type Value = $name;
                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        formatter.write_str("an object")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<$name, A::Error> {
                        $name::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                deserializer.deserialize_map(ObjectVisitor)
            }
        }
    )+};
    (both: $($name:ident),+ $(,)?) => {
        objects_only!(deserialize: $($name),+);
        $(
            impl serde::Serialize for $name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    $name::serialize(self, serializer)
                }
            }
        )+
    };
}

pub(crate) use objects_only;

objects_only!(both: Lifecycle, LegacyTool, OrganizationalEntity, OrganizationalContact, Hash, Attachment, Swid, LicenseItem, License, ExternalReference, Dependency);
objects_only!(deserialize: ToolChoices, PostalAddress);

/// `metadata`.
#[derive(Debug, Deserialize)]
pub(crate) struct Metadata {
    #[serde(default)]
    pub(crate) timestamp: Option<String>,
    #[serde(default)]
    pub(crate) lifecycles: Option<Vec<Lifecycle>>,
    #[serde(default)]
    pub(crate) tools: Option<Value>,
    #[serde(default)]
    pub(crate) authors: Option<Vec<OrganizationalContact>>,
    #[serde(default)]
    pub(crate) component: Option<Box<Component>>,
    #[serde(default)]
    pub(crate) manufacturer: Option<OrganizationalEntity>,
    #[serde(default)]
    pub(crate) manufacture: Option<OrganizationalEntity>,
    #[serde(default)]
    pub(crate) supplier: Option<OrganizationalEntity>,
    #[serde(default)]
    pub(crate) licenses: Option<Vec<LicenseItem>>,
    #[serde(default)]
    pub(crate) properties: Option<Vec<Property>>,
    #[serde(flatten)]
    pub(crate) rest: Map<String, Value>,
}

/// `metadata.lifecycles[]`: a phase, or a name with a description.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct Lifecycle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) phase: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
}

/// A tool in the legacy form (`metadata.tools[]`, deprecated since 1.5).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct LegacyTool {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) vendor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) hashes: Option<Vec<Hash>>,
    #[serde(
        rename = "externalReferences",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) external_references: Option<Vec<ExternalReference>>,
}

/// `metadata.tools` in the 1.5+ form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct ToolChoices {
    #[serde(default)]
    pub(crate) components: Option<Vec<Value>>,
    #[serde(default)]
    pub(crate) services: Option<Vec<Value>>,
}

/// `component` (deserialised by hand, see [`wire_de`](crate::wire_de)).
#[derive(Debug)]
pub(crate) struct Component {
    pub(crate) component_type: Vocab<ComponentType>,
    pub(crate) mime_type: Option<String>,
    pub(crate) bom_ref: Option<String>,
    pub(crate) supplier: Option<OrganizationalEntity>,
    pub(crate) manufacturer: Option<OrganizationalEntity>,
    pub(crate) authors: Option<Vec<OrganizationalContact>>,
    pub(crate) author: Option<String>,
    pub(crate) publisher: Option<String>,
    pub(crate) group: Option<String>,
    pub(crate) name: String,
    pub(crate) version: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) scope: Option<Vocab<Scope>>,
    pub(crate) hashes: Option<Vec<Hash>>,
    pub(crate) licenses: Option<Vec<LicenseItem>>,
    pub(crate) copyright: Option<String>,
    pub(crate) cpe: Option<String>,
    pub(crate) purl: Option<String>,
    pub(crate) omnibor_id: Option<Vec<String>>,
    pub(crate) swhid: Option<Vec<String>>,
    pub(crate) swid: Option<Swid>,
    pub(crate) modified: Option<bool>,
    pub(crate) external_references: Option<Vec<ExternalReference>>,
    pub(crate) components: Option<Vec<Self>>,
    pub(crate) properties: Option<Vec<Property>>,
    pub(crate) tags: Option<Vec<String>>,
    pub(crate) rest: Map<String, Value>,
}

/// `organizationalEntity`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct OrganizationalEntity {
    #[serde(rename = "bom-ref", default, skip_serializing_if = "Option::is_none")]
    pub(crate) bom_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) address: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) contact: Option<Vec<OrganizationalContact>>,
}

/// `organizationalContact`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct OrganizationalContact {
    #[serde(rename = "bom-ref", default, skip_serializing_if = "Option::is_none")]
    pub(crate) bom_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) phone: Option<String>,
}

/// `postalAddress` (1.6), checked and then kept verbatim.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct PostalAddress {
    #[serde(rename = "bom-ref", default)]
    pub(crate) bom_ref: Option<String>,
    #[serde(default)]
    pub(crate) country: Option<String>,
    #[serde(default)]
    pub(crate) region: Option<String>,
    #[serde(default)]
    pub(crate) locality: Option<String>,
    #[serde(rename = "postOfficeBoxNumber", default)]
    pub(crate) post_office_box_number: Option<String>,
    #[serde(rename = "postalCode", default)]
    pub(crate) postal_code: Option<String>,
    #[serde(rename = "streetAddress", default)]
    pub(crate) street_address: Option<String>,
}

/// `hash`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct Hash {
    #[serde(deserialize_with = "hash_algorithm_name")]
    pub(crate) alg: Cow<'static, str>,
    pub(crate) content: String,
}

/// `attachment`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct Attachment {
    #[serde(
        rename = "contentType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) content_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) encoding: Option<String>,
    pub(crate) content: String,
}

/// `swid`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct Swid {
    #[serde(rename = "tagId")]
    pub(crate) tag_id: String,
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) version: Option<String>,
    #[serde(
        rename = "tagVersion",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub(crate) tag_version: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) patch: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) text: Option<Attachment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
}

/// One item of `licenseChoice`: `{license}` or `{expression, acknowledgement?, bom-ref?}`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct LicenseItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) license: Option<License>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) expression: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) acknowledgement: Option<String>,
    #[serde(rename = "bom-ref", default, skip_serializing_if = "Option::is_none")]
    pub(crate) bom_ref: Option<String>,
}

/// `license`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct License {
    #[serde(rename = "bom-ref", default, skip_serializing_if = "Option::is_none")]
    pub(crate) bom_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) acknowledgement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) text: Option<Attachment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) licensing: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) properties: Option<Vec<Property>>,
}

/// `externalReference`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct ExternalReference {
    pub(crate) url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) comment: Option<String>,
    #[serde(rename = "type")]
    pub(crate) kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) hashes: Option<Vec<Hash>>,
}

/// `property`; `name` is required from 1.6 on, extra keys allowed before (deserialised by
/// hand, see [`wire_de`](crate::wire_de)).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Property {
    pub(crate) name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<String>,
    #[serde(skip)]
    pub(crate) rest: Map<String, Value>,
}

/// `dependency`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
pub(crate) struct Dependency {
    #[serde(rename = "ref")]
    pub(crate) reference: String,
    #[serde(rename = "dependsOn", default, skip_serializing_if = "Option::is_none")]
    pub(crate) depends_on: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) provides: Option<Vec<String>>,
}
