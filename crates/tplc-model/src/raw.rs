//! Parts of a document the model does not interpret, kept as the source wrote them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A fragment kept verbatim so that writing the same encoding again loses nothing
/// (pedigree, evidence, services, vulnerabilities, …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RawFragment {
    /// A JSON value, from a JSON document.
    Json(serde_json::Value),
    /// An XML element serialised as text, from an XML document; the element's own tag included.
    Xml(String),
}

impl RawFragment {
    /// Whether the fragment came from, and can only be written back to, JSON.
    #[must_use]
    pub const fn is_json(&self) -> bool {
        matches!(self, Self::Json(_))
    }
}

/// Uninterpreted fragments by their CycloneDX JSON property name (`pedigree`, `evidence`, …).
pub type RawMap = BTreeMap<String, RawFragment>;
