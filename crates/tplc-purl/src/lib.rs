//! Package URL (purl): parse, validate, normalise and build.
//!
//! Interim surface so dependants compile; the full implementation replaces it.

use std::fmt;
use std::str::FromStr;

/// Why a string is not a valid purl.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid purl: {0}")]
pub struct PurlError(String);

/// A parsed, normalised package URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Purl {
    text: String,
}

impl Purl {
    /// The same purl without version, qualifiers and subpath.
    #[must_use]
    pub fn without_version(&self) -> Self {
        let end = self.text.find(['@', '?', '#']).unwrap_or(self.text.len());
        Self { text: self.text[..end].to_owned() }
    }
}

impl FromStr for Purl {
    type Err = PurlError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.starts_with("pkg:") { Ok(Self { text: text.to_owned() }) } else { Err(PurlError(text.to_owned())) }
    }
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
