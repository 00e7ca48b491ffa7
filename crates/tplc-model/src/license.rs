//! Licences of a component or document (CycloneDX `licenses[]`, SPDX licence fields).

use serde::{Deserialize, Serialize};

use crate::{Property, RawFragment};

/// Whether a licence was declared by the supplier or concluded by an analysis (CycloneDX 1.6
/// `acknowledgement`; SPDX `licenseDeclared` / `licenseConcluded`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LicenseAcknowledgement {
    /// Declared by the supplier.
    Declared,
    /// Concluded by analysis.
    Concluded,
}

impl LicenseAcknowledgement {
    /// The value as CycloneDX spells it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Declared => "declared",
            Self::Concluded => "concluded",
        }
    }
}

/// Text attached to a licence or a SWID tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachedText {
    /// The text, possibly base64-encoded.
    pub content: String,
    /// Its media type, `text/plain` when absent.
    pub content_type: Option<String>,
    /// `base64` when the content is encoded.
    pub encoding: Option<String>,
}

/// What identifies a licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LicenseKind {
    /// An SPDX licence identifier such as `Apache-2.0`.
    Id(String),
    /// A licence name that is not an SPDX identifier.
    Name(String),
    /// An SPDX licence expression such as `MIT OR Apache-2.0`.
    Expression(String),
}

/// One licence entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LicenseChoice {
    /// The licence's identifier, name or expression.
    pub kind: LicenseKind,
    /// Declared or concluded.
    pub acknowledgement: Option<LicenseAcknowledgement>,
    /// Reference used elsewhere in the document (`bom-ref`).
    pub bom_ref: Option<String>,
    /// The licence text.
    pub text: Option<AttachedText>,
    /// Where the licence text can be read.
    pub url: Option<String>,
    /// Licensing terms (CycloneDX 1.5 `licensing`), kept verbatim.
    pub licensing: Option<RawFragment>,
    /// Properties of the licence.
    pub properties: Vec<Property>,
}

impl LicenseChoice {
    /// A licence entry with nothing but its kind.
    #[must_use]
    pub const fn new(kind: LicenseKind) -> Self {
        Self {
            kind,
            acknowledgement: None,
            bom_ref: None,
            text: None,
            url: None,
            licensing: None,
            properties: Vec::new(),
        }
    }

    /// The identifier, name or expression as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.kind {
            LicenseKind::Id(text) | LicenseKind::Name(text) | LicenseKind::Expression(text) => text,
        }
    }
}
