//! Writing the target formats.

use tplc_model::{SbomDocument, Written};

/// The formats tplc writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetFormat {
    /// CycloneDX 1.6 JSON.
    CyclonedxJson,
    /// CycloneDX 1.6 XML.
    CyclonedxXml,
    /// SPDX 2.3 JSON.
    SpdxJson,
}

impl TargetFormat {
    /// Every target format.
    pub const ALL: [Self; 3] = [Self::CyclonedxJson, Self::CyclonedxXml, Self::SpdxJson];

    /// The name on the command line and in URLs: `cyclonedx-json`, `cyclonedx-xml`, `spdx-json`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::CyclonedxJson => "cyclonedx-json",
            Self::CyclonedxXml => "cyclonedx-xml",
            Self::SpdxJson => "spdx-json",
        }
    }

    /// The media type of a document in this format.
    #[must_use]
    pub const fn media_type(self) -> &'static str {
        match self {
            Self::CyclonedxJson => "application/vnd.cyclonedx+json; version=1.6",
            Self::CyclonedxXml => "application/vnd.cyclonedx+xml; version=1.6",
            Self::SpdxJson => "application/spdx+json",
        }
    }

    /// The usual file extension.
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            Self::CyclonedxJson => "cdx.json",
            Self::CyclonedxXml => "cdx.xml",
            Self::SpdxJson => "spdx.json",
        }
    }

    /// The format of this name ([`TargetFormat::as_str`]).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.as_str() == name)
    }
}

impl std::fmt::Display for TargetFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Writes a document in a target format, with what the format could not carry.
#[must_use]
pub fn write(document: &SbomDocument, target: TargetFormat) -> Written {
    match target {
        TargetFormat::CyclonedxJson => tplc_cyclonedx::write_json(document),
        TargetFormat::CyclonedxXml => tplc_cyclonedx_xml::write_xml(document),
        TargetFormat::SpdxJson => tplc_spdx::write_json(document),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for format in TargetFormat::ALL {
            assert_eq!(TargetFormat::from_name(format.as_str()), Some(format));
        }
        assert_eq!(TargetFormat::from_name("spdx-tag-value"), None);
    }
}
