//! How components relate: the dependency graph and other typed relationships.

use serde::{Deserialize, Serialize};

/// One node of the dependency graph (CycloneDX `dependencies[]`; SPDX `DEPENDS_ON` and its
/// inverses). An entry with no `depends_on` states that the component has no dependencies,
/// which is different from having no entry at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    /// The `bom-ref` (or SPDX id) of the depending component.
    pub reference: String,
    /// The references it depends on, in document order.
    pub depends_on: Vec<String>,
    /// The references it provides an implementation of (CycloneDX 1.6 `provides`).
    pub provides: Vec<String>,
}

impl Dependency {
    /// A node with no edges yet.
    #[must_use]
    pub fn new(reference: impl Into<String>) -> Self {
        Self {
            reference: reference.into(),
            depends_on: Vec::new(),
            provides: Vec::new(),
        }
    }
}

/// The kind of a relationship other than a plain dependency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RelationshipKind {
    /// `from` contains `to` (SPDX `CONTAINS`, `CONTAINED_BY` reversed).
    Contains,
    /// `from` describes `to` (SPDX `DESCRIBES`, `DESCRIBED_BY` reversed).
    Describes,
    /// Any other SPDX relationship type, by its SPDX name (`STATIC_LINK`, `GENERATED_FROM`, …).
    Other(String),
}

impl RelationshipKind {
    /// The SPDX relationship type name.
    #[must_use]
    pub fn spdx_name(&self) -> &str {
        match self {
            Self::Contains => "CONTAINS",
            Self::Describes => "DESCRIBES",
            Self::Other(name) => name,
        }
    }
}

/// A typed relationship between two elements of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    /// The element the relationship starts from.
    pub from: String,
    /// The kind.
    pub kind: RelationshipKind,
    /// The element it points at (`NOASSERTION` and `NONE` are kept as written).
    pub to: String,
    /// Free text about the relationship.
    pub comment: Option<String>,
}
