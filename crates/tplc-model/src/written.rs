//! The result of writing a document in some format: the bytes and what could not be carried.

use std::fmt;

/// Something of the model a writer could not carry into its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omission {
    /// Where in the document, such as `component "openssl" (pkg:deb/debian/openssl@3.0.11)`
    /// or `document`.
    pub location: String,
    /// What was dropped or changed, such as `pedigree (read from XML) cannot be written as JSON`.
    pub what: String,
}

impl Omission {
    /// An omission at a location.
    #[must_use]
    pub fn new(location: impl Into<String>, what: impl Into<String>) -> Self {
        Self {
            location: location.into(),
            what: what.into(),
        }
    }
}

impl fmt::Display for Omission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.what)
    }
}

/// A serialised document and the omissions made while writing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// The document's bytes (UTF-8 text for every format tplc writes).
    pub bytes: Vec<u8>,
    /// What the target format could not carry.
    pub omissions: Vec<Omission>,
}
