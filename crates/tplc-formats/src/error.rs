//! The errors of reading an SBOM.

use std::path::PathBuf;

/// Why an SBOM could not be read. The messages are one line and name the place.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// Nothing but whitespace (or nothing at all).
    #[error("the file is empty")]
    Empty,
    /// SPDX 3 JSON-LD.
    #[error("SPDX 3 (JSON-LD) is not supported; give SPDX 2.2/2.3 or CycloneDX")]
    Spdx3,
    /// SPDX RDF/XML.
    #[error("SPDX RDF/XML is not supported; give SPDX JSON or tag-value")]
    SpdxRdf,
    /// JSON of neither format.
    #[error("JSON without \"bomFormat\" or \"spdxVersion\": neither CycloneDX nor SPDX")]
    UnknownJson,
    /// Content of no format tplc reads.
    #[error("not a CycloneDX (JSON, XML) or SPDX (JSON, tag-value) document")]
    Unknown,
    /// UTF-16 text whose length is odd.
    #[error("UTF-16 text with an odd number of bytes")]
    OddUtf16,
    /// UTF-16 text with an unpaired surrogate.
    #[error("invalid UTF-16 at byte {offset}")]
    InvalidUtf16 {
        /// The byte offset of the bad code unit (the byte-order mark is at 0).
        offset: usize,
    },
    /// Input larger than the limit.
    #[error("larger than the limit of {}", Limit(*limit))]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// A file could not be opened.
    #[error("cannot open {}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// Reading failed.
    #[error("cannot read {}", what)]
    Read {
        /// The file or stream.
        what: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The CycloneDX JSON reader's error (with its JSON pointer or line and column).
    #[error(transparent)]
    CycloneDxJson(#[from] tplc_cyclonedx::ReadError),
    /// The CycloneDX XML reader's error (with its line and column; DTDs are refused here).
    #[error(transparent)]
    CycloneDxXml(#[from] tplc_cyclonedx_xml::ReadError),
    /// The SPDX reader's error.
    #[error(transparent)]
    Spdx(#[from] tplc_spdx::ReadError),
    /// An error about a named input: its message is the name (and the format, once known),
    /// its source the error, so a one-line rendering reads `NAME: ERROR` or
    /// `NAME (FORMAT): ERROR`.
    #[error("{name}")]
    In {
        /// The input's name (a path) and, once detected, its format in parentheses.
        name: String,
        /// The error.
        #[source]
        source: Box<Self>,
    },
}

impl FormatError {
    /// Wraps the error with the input's name.
    #[must_use]
    pub fn in_input(self, name: impl Into<String>) -> Self {
        Self::In {
            name: name.into(),
            source: Box::new(self),
        }
    }

    /// The innermost error (what went wrong, without the input's name).
    #[must_use]
    pub fn root(&self) -> &Self {
        match self {
            Self::In { source, .. } => source.root(),
            other => other,
        }
    }

    /// Whether the input was refused for its size.
    #[must_use]
    pub fn is_too_large(&self) -> bool {
        matches!(self.root(), Self::TooLarge { .. })
    }

    /// The whole error on one line: the names and the innermost message joined by `": "`
    /// (the way the command line prints it), newlines replaced by spaces.
    #[must_use]
    pub fn one_line(&self) -> String {
        let mut parts = Vec::new();
        let mut current: Option<&(dyn std::error::Error + 'static)> = Some(self);
        while let Some(error) = current {
            parts.push(error.to_string());
            current = error.source();
        }
        parts.join(": ").replace('\n', " ")
    }
}

/// A byte limit as people read it: `64 MiB`, or bytes when not a whole number of MiB.
struct Limit(u64);

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mib = crate::MIB;
        if self.0 >= mib && self.0.is_multiple_of(mib) {
            write!(f, "{} MiB", self.0 / mib)
        } else {
            write!(f, "{} bytes", self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_print_in_mib_or_bytes() {
        assert_eq!(
            FormatError::TooLarge {
                limit: 64 * crate::MIB
            }
            .to_string(),
            "larger than the limit of 64 MiB"
        );
        assert_eq!(
            FormatError::TooLarge { limit: 1000 }.to_string(),
            "larger than the limit of 1000 bytes"
        );
    }

    #[test]
    fn one_line_joins_names_and_causes() {
        let error = FormatError::Empty.in_input("a.json");
        assert_eq!(error.one_line(), "a.json: the file is empty");
        assert!(matches!(error.root(), FormatError::Empty));
        assert!(!error.is_too_large());
    }
}
