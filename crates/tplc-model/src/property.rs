//! Name-value properties (CycloneDX `properties[]`).

use serde::{Deserialize, Serialize};

/// A name-value pair. Names in the `cdx:` namespace follow the CycloneDX property taxonomy,
/// for instance `cdx:fda:level-of-support` and `cdx:fda:end-of-support-date`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Property {
    /// The property's name.
    pub name: String,
    /// The property's value, absent when the source gave none.
    pub value: Option<String>,
}

impl Property {
    /// A property with a value.
    #[must_use]
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: Some(value.into()),
        }
    }
}
