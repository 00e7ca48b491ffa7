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
        Self {
            kind: kind.into(),
            url: url.into(),
            comment: None,
            hashes: Vec::new(),
        }
    }
}

/// The kinds of external reference (CycloneDX `externalReferences[].type`), each with the
/// CycloneDX 1.x minor version that introduced it (`("poam", 5)`: CycloneDX 1.5).
pub const EXTERNAL_REFERENCE_KINDS: &[(&str, u8)] = &[
    ("vcs", 2),
    ("issue-tracker", 2),
    ("website", 2),
    ("advisories", 2),
    ("bom", 2),
    ("mailing-list", 2),
    ("social", 2),
    ("chat", 2),
    ("documentation", 2),
    ("support", 2),
    ("distribution", 2),
    ("license", 2),
    ("build-meta", 2),
    ("build-system", 2),
    ("other", 2),
    ("release-notes", 4),
    ("distribution-intake", 5),
    ("security-contact", 5),
    ("model-card", 5),
    ("log", 5),
    ("configuration", 5),
    ("evidence", 5),
    ("formulation", 5),
    ("attestation", 5),
    ("threat-model", 5),
    ("adversary-model", 5),
    ("risk-assessment", 5),
    ("vulnerability-assertion", 5),
    ("exploitability-statement", 5),
    ("pentest-report", 5),
    ("static-analysis-report", 5),
    ("dynamic-analysis-report", 5),
    ("runtime-analysis-report", 5),
    ("component-analysis-report", 5),
    ("maturity-report", 5),
    ("certification-report", 5),
    ("codified-infrastructure", 5),
    ("quality-metrics", 5),
    ("poam", 5),
    ("source-distribution", 6),
    ("electronic-signature", 6),
    ("digital-signature", 6),
    ("rfc-9116", 6),
    ("patent", 7),
    ("patent-family", 7),
    ("patent-assertion", 7),
    ("citation", 7),
];

/// The CycloneDX 1.x minor version that introduced an external reference kind, if it is one.
#[must_use]
pub fn external_reference_kind_since(kind: &str) -> Option<u8> {
    EXTERNAL_REFERENCE_KINDS
        .iter()
        .find(|(name, _)| *name == kind)
        .map(|(_, since)| *since)
}
