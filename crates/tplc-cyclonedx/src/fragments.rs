//! Checking the parts kept verbatim (`pedigree`, `services`, `vulnerabilities`, …).
//!
//! Pedigree and services are checked against their schema definitions in full (the pedigree's
//! ancestors, descendants and variants as components; services recursively, with their data
//! flows). The other kept parts are checked for their JSON type only.

use serde::Deserialize;
use serde_json::Value;
use tplc_model::{Tool, ToolKind};

use crate::error::ReadError;
use crate::location::Location;
use crate::read::{Reader, from_value};
use crate::rules;
use crate::version::SpecVersion;
use crate::wire;
use crate::wire::objects_only;

objects_only!(deserialize: Pedigree, Commit, IdentifiableAction, Patch, Diff, Issue, IssueSource, Service, ServiceData);

/// `component.pedigree`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
struct Pedigree {
    #[serde(default)]
    ancestors: Option<Vec<Value>>,
    #[serde(default)]
    descendants: Option<Vec<Value>>,
    #[serde(default)]
    variants: Option<Vec<Value>>,
    #[serde(default)]
    commits: Option<Vec<Commit>>,
    #[serde(default)]
    patches: Option<Vec<Patch>>,
    #[serde(default)]
    notes: Option<String>,
}

/// `commit`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
struct Commit {
    #[serde(default)]
    uid: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    author: Option<IdentifiableAction>,
    #[serde(default)]
    committer: Option<IdentifiableAction>,
    #[serde(default)]
    message: Option<String>,
}

/// `identifiableAction`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
struct IdentifiableAction {
    #[serde(default)]
    timestamp: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// `patch`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
struct Patch {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    diff: Option<Diff>,
    #[serde(default)]
    resolves: Option<Vec<Issue>>,
}

/// `diff`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
struct Diff {
    #[serde(default)]
    text: Option<wire::Attachment>,
    #[serde(default)]
    url: Option<String>,
}

/// `issue`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
struct Issue {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    source: Option<IssueSource>,
    #[serde(default)]
    references: Option<Vec<String>>,
}

/// `issue.source`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
struct IssueSource {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// `service`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
struct Service {
    #[serde(rename = "bom-ref", default)]
    bom_ref: Option<String>,
    #[serde(default)]
    provider: Option<wire::OrganizationalEntity>,
    #[serde(default)]
    group: Option<String>,
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    endpoints: Option<Vec<String>>,
    #[serde(default)]
    authenticated: Option<bool>,
    #[serde(rename = "x-trust-boundary", default)]
    trust_boundary: Option<bool>,
    #[serde(rename = "trustZone", default)]
    trust_zone: Option<String>,
    #[serde(default)]
    data: Option<Vec<ServiceData>>,
    #[serde(default)]
    licenses: Option<Vec<wire::LicenseItem>>,
    #[serde(rename = "externalReferences", default)]
    external_references: Option<Vec<wire::ExternalReference>>,
    #[serde(default)]
    services: Option<Vec<Self>>,
    #[serde(rename = "releaseNotes", default)]
    release_notes: Option<Value>,
    #[serde(default)]
    properties: Option<Vec<wire::Property>>,
    #[serde(default)]
    tags: Option<Vec<String>>,
    #[serde(default)]
    signature: Option<Value>,
    #[serde(rename = "patentAssertions", default)]
    patent_assertions: Option<Value>,
}

/// `service.data[]` (`dataClassification` before 1.5, `serviceData` since).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(remote = "Self")]
struct ServiceData {
    flow: String,
    classification: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    governance: Option<Value>,
    #[serde(default)]
    source: Option<Vec<String>>,
    #[serde(default)]
    destination: Option<Vec<String>>,
}

const PATCH_TYPES: &[&str] = &["unofficial", "monkey", "backport", "cherry-pick"];
const ISSUE_TYPES: &[&str] = &["defect", "enhancement", "security"];
const DATA_FLOWS: &[&str] = &["inbound", "outbound", "bi-directional", "unknown"];

fn expect_array(value: &Value, at: Location<'_>) -> Result<(), ReadError> {
    if value.is_array() {
        Ok(())
    } else {
        Err(at.error("expected an array"))
    }
}

fn expect_object(value: &Value, at: Location<'_>) -> Result<(), ReadError> {
    if value.is_object() {
        Ok(())
    } else {
        Err(at.error("expected an object"))
    }
}

fn one_of(value: &str, vocabulary: &[&str], what: &str, at: Location<'_>) -> Result<(), ReadError> {
    if vocabulary.contains(&value) {
        Ok(())
    } else {
        Err(at.error(format!(
            "unknown {what} {value:?} (expected one of {vocabulary:?})"
        )))
    }
}

impl Reader {
    /// Checks a kept part of a component.
    pub(crate) fn component_part(
        &mut self,
        key: &str,
        value: &Value,
        at: Location<'_>,
        depth: usize,
    ) -> Result<(), ReadError> {
        match key {
            "pedigree" if self.version.is_strict() => self.pedigree(value, at, depth),
            "pedigree" | "evidence" | "releaseNotes" | "signature" | "modelCard"
            | "cryptoProperties" => expect_object(value, at),
            "data" | "patentAssertions" => expect_array(value, at),
            "versionRange" if !value.is_string() => Err(at.error("expected a string")),
            "isExternal" if !value.is_boolean() => Err(at.error("expected a boolean")),
            _ => Ok(()),
        }
    }

    /// Checks a kept part of the document root.
    pub(crate) fn document_part(
        &mut self,
        key: &str,
        value: &Value,
        at: Location<'_>,
    ) -> Result<(), ReadError> {
        match key {
            "services" => {
                let Value::Array(services) = value else {
                    return Err(at.error("expected an array"));
                };
                for (position, service) in services.iter().enumerate() {
                    let at = at.index(position);
                    if self.version.is_strict() {
                        self.service(from_value(service, at)?, at)?;
                    } else {
                        self.loose_service(service, at)?;
                    }
                }
                Ok(())
            }
            "signature" | "declarations" | "definitions" => expect_object(value, at),
            _ => expect_array(value, at),
        }
    }

    fn pedigree(&mut self, value: &Value, at: Location<'_>, depth: usize) -> Result<(), ReadError> {
        let pedigree: Pedigree = from_value(value, at)?;
        for (key, list) in [
            ("ancestors", &pedigree.ancestors),
            ("descendants", &pedigree.descendants),
            ("variants", &pedigree.variants),
        ] {
            let list_at = at.key(key);
            for (position, item) in list.iter().flatten().enumerate() {
                let item_at = list_at.index(position);
                let component: wire::Component = from_value(item, item_at)?;
                self.unregistered(|reader| reader.component(component, item_at, depth + 1))?;
            }
        }
        let commits_at = at.key("commits");
        for (position, commit) in pedigree.commits.iter().flatten().enumerate() {
            let at = commits_at.index(position);
            for (key, action) in [("author", &commit.author), ("committer", &commit.committer)] {
                if let Some(action) = action {
                    self.identifiable_action(action, at.key(key))?;
                }
            }
        }
        let patches_at = at.key("patches");
        for (position, patch) in pedigree.patches.iter().flatten().enumerate() {
            let at = patches_at.index(position);
            one_of(&patch.kind, PATCH_TYPES, "patch type", at.key("type"))?;
            if let Some(text) = patch.diff.as_ref().and_then(|diff| diff.text.clone()) {
                self.attachment(text, at.key("diff").key("text"))?;
            }
            let resolves_at = at.key("resolves");
            for (position, issue) in patch.resolves.iter().flatten().enumerate() {
                one_of(
                    &issue.kind,
                    ISSUE_TYPES,
                    "issue type",
                    resolves_at.index(position).key("type"),
                )?;
            }
        }
        Ok(())
    }

    fn identifiable_action(
        &self,
        action: &IdentifiableAction,
        at: Location<'_>,
    ) -> Result<(), ReadError> {
        if let Some(timestamp) = &action.timestamp
            && !rules::is_date_time(timestamp)
        {
            return Err(at
                .key("timestamp")
                .error(format!("not an RFC 3339 date-time: {timestamp:?}")));
        }
        if let Some(email) = &action.email
            && !rules::is_email(email)
        {
            return Err(at
                .key("email")
                .error(format!("not an e-mail address: {email:?}")));
        }
        Ok(())
    }

    /// Checks a service (strict schemas) and records its `bom-ref`, recursively.
    fn service(&mut self, service: Service, at: Location<'_>) -> Result<(), ReadError> {
        if let Some(reference) = &service.bom_ref {
            self.bom_ref(reference, at.key("bom-ref"))?;
        }
        if let Some(provider) = service.provider {
            self.entity(provider, at.key("provider"))?;
        }
        if service.trust_zone.is_some() {
            self.since(at.key("trustZone"), SpecVersion::V1_5)?;
        }
        let data_at = at.key("data");
        for (position, data) in service.data.iter().flatten().enumerate() {
            let at = data_at.index(position);
            one_of(&data.flow, DATA_FLOWS, "data flow", at.key("flow"))?;
            let later = [
                ("name", data.name.is_some()),
                ("description", data.description.is_some()),
                ("governance", data.governance.is_some()),
                ("source", data.source.is_some()),
                ("destination", data.destination.is_some()),
            ];
            for (key, present) in later {
                if present {
                    self.since(at.key(key), SpecVersion::V1_5)?;
                }
            }
        }
        if let Some(licenses) = service.licenses {
            self.licenses(licenses, at.key("licenses"))?;
        }
        if let Some(references) = service.external_references {
            self.external_references(references, at.key("externalReferences"))?;
        }
        let services_at = at.key("services");
        for (position, nested) in service.services.into_iter().flatten().enumerate() {
            self.service(nested, services_at.index(position))?;
        }
        if let Some(notes) = &service.release_notes {
            let at = at.key("releaseNotes");
            self.since(at, SpecVersion::V1_4)?;
            expect_object(notes, at)?;
        }
        if let Some(properties) = service.properties {
            let at = at.key("properties");
            self.since(at, SpecVersion::V1_3)?;
            self.properties(properties, at)?;
        }
        if service.tags.is_some() {
            self.since(at.key("tags"), SpecVersion::V1_6)?;
        }
        if let Some(signature) = &service.signature {
            expect_object(signature, at.key("signature"))?;
        }
        if let Some(assertions) = &service.patent_assertions {
            let at = at.key("patentAssertions");
            self.since(at, SpecVersion::V1_7)?;
            expect_array(assertions, at)?;
        }
        Ok(())
    }

    /// Records the `bom-ref`s of a service of a non-strict (1.2, 1.3) document, recursively.
    fn loose_service(&mut self, service: &Value, at: Location<'_>) -> Result<(), ReadError> {
        let Value::Object(fields) = service else {
            return Err(at.error("expected an object"));
        };
        if let Some(reference) = fields.get("bom-ref") {
            let Value::String(reference) = reference else {
                return Err(at.key("bom-ref").error("expected a string"));
            };
            self.bom_ref(reference, at.key("bom-ref"))?;
        }
        if let Some(nested) = fields.get("services") {
            let services_at = at.key("services");
            let Value::Array(nested) = nested else {
                return Err(services_at.error("expected an array"));
            };
            for (position, service) in nested.iter().enumerate() {
                self.loose_service(service, services_at.index(position))?;
            }
        }
        Ok(())
    }

    /// A service of `metadata.tools.services` (1.5+), checked, as a tool.
    pub(crate) fn service_tool(
        &mut self,
        value: &Value,
        at: Location<'_>,
    ) -> Result<Tool, ReadError> {
        let service: Service = from_value(value, at)?;
        let vendor = service
            .provider
            .as_ref()
            .and_then(|provider| provider.name.clone())
            .or_else(|| service.group.clone());
        let name = Some(service.name.clone());
        let version = service.version.clone();
        let bom_ref = service.bom_ref.clone();
        let external_references = match &service.external_references {
            Some(references) => {
                self.external_references(references.clone(), at.key("externalReferences"))?
            }
            None => Vec::new(),
        };
        self.service(service, at)?;
        Ok(Tool {
            kind: ToolKind::Service,
            vendor,
            name,
            version,
            hashes: Vec::new(),
            external_references,
            bom_ref,
        })
    }
}
