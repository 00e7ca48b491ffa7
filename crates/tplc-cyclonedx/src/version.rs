//! The CycloneDX specification versions this crate reads.

use std::fmt;

/// A CycloneDX specification version (`specVersion`).
///
/// 1.2 and 1.3 are read by their non-strict JSON schemas (extra properties are allowed and
/// kept verbatim), 1.4 to 1.6 strictly (`additionalProperties: false`), 1.7 strictly as well
/// where the model reaches, its new parts kept verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum SpecVersion {
    V1_2,
    V1_3,
    V1_4,
    V1_5,
    V1_6,
    V1_7,
}

impl SpecVersion {
    /// The version named by a `specVersion` value, when this crate reads it.
    pub(crate) fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "1.2" => Self::V1_2,
            "1.3" => Self::V1_3,
            "1.4" => Self::V1_4,
            "1.5" => Self::V1_5,
            "1.6" => Self::V1_6,
            "1.7" => Self::V1_7,
            _ => return None,
        })
    }

    /// Whether the schema of this version forbids properties it does not define.
    pub(crate) fn is_strict(self) -> bool {
        self >= Self::V1_4
    }

    /// The minor version number (`6` for 1.6), as the shared vocabularies of `tplc-model`
    /// record versions.
    pub(crate) const fn minor(self) -> u8 {
        match self {
            Self::V1_2 => 2,
            Self::V1_3 => 3,
            Self::V1_4 => 4,
            Self::V1_5 => 5,
            Self::V1_6 => 6,
            Self::V1_7 => 7,
        }
    }

    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::V1_2 => "1.2",
            Self::V1_3 => "1.3",
            Self::V1_4 => "1.4",
            Self::V1_5 => "1.5",
            Self::V1_6 => "1.6",
            Self::V1_7 => "1.7",
        }
    }
}

impl fmt::Display for SpecVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
