//! A parsed version of one scheme.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

use crate::schemes::Key;
use crate::{Scheme, VersionError};

/// A parsed version: totally ordered among versions of the same scheme ([`Ord`]; versions of
/// different schemes order by scheme first). [`Display`](fmt::Display) prints the text it was
/// parsed from.
///
/// Equality follows the ordering, not the text: under Maven `1.0` equals `1`, under PEP 440
/// `1.0a1` equals `1.0.0a1`, under SemVer `1.0.0+a` equals `1.0.0+b`. [`Hash`] agrees with
/// equality.
#[derive(Debug, Clone)]
pub struct Version {
    scheme: Scheme,
    text: Box<str>,
    key: Key,
}

impl Version {
    /// Parses `text` under `scheme`.
    pub(crate) fn parse(scheme: Scheme, text: &str) -> Result<Self, VersionError> {
        let key = Key::parse(scheme, text)
            .map_err(|reason| VersionError::version(scheme, text, reason))?;
        Ok(Self {
            scheme,
            text: text.into(),
            key,
        })
    }

    /// The scheme the version was parsed under.
    #[must_use]
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The text the version was parsed from.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.scheme == other.scheme && self.key == other.key
    }
}

impl Eq for Version {}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.scheme.hash(state);
        self.key.hash(state);
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.scheme
            .cmp(&other.scheme)
            .then_with(|| self.key.cmp(&other.key))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
