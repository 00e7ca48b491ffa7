//! Links to outside resources (CycloneDX `externalReferences[]`, SPDX `externalRefs[]`).

use serde::{Deserialize, Serialize};

use crate::Hash;

/// A link from a component or document to a resource outside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalReference {
    /// The kind of resource, in CycloneDX's vocabulary (`vcs`, `website`, `advisories`, …).
    pub kind: String,
    /// Where the resource is.
    pub url: String,
    /// Free text about the reference.
    pub comment: Option<String>,
    /// Digests of the referenced resource.
    pub hashes: Vec<Hash>,
}

impl ExternalReference {
    /// A reference with a kind and a URL.
    #[must_use]
    pub fn new(kind: impl Into<String>, url: impl Into<String>) -> Self {
        Self { kind: kind.into(), url: url.into(), comment: None, hashes: Vec::new() }
    }
}
