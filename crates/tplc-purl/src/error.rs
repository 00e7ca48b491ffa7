//! Why a string or a set of components is not a valid purl.

use std::fmt;

/// The longest input quoted in an error message; longer inputs are shortened.
const QUOTED_INPUT_LIMIT: usize = 200;

/// Why a purl could not be parsed or built.
///
/// The message is one line and names the input and the faulty component, for example
/// `invalid purl "pkg:npm": missing name`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {kind}")]
pub struct PurlError {
    origin: Origin,
    kind: PurlErrorKind,
}

impl PurlError {
    /// An error met while parsing `input`.
    pub(crate) fn parsing(input: &str, kind: PurlErrorKind) -> Self {
        Self {
            origin: Origin::Text(input.to_owned()),
            kind,
        }
    }

    /// An error met while building a purl from components.
    pub(crate) fn building(kind: PurlErrorKind) -> Self {
        Self {
            origin: Origin::Components,
            kind,
        }
    }

    /// What is wrong.
    #[must_use]
    pub fn kind(&self) -> &PurlErrorKind {
        &self.kind
    }

    /// The text that failed to parse, or `None` when building from components failed.
    #[must_use]
    pub fn input(&self) -> Option<&str> {
        match &self.origin {
            Origin::Text(text) => Some(text),
            Origin::Components => None,
        }
    }
}

/// Where the faulty purl came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// A purl string.
    Text(String),
    /// Components given to [`crate::PurlBuilder`].
    Components,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(text) => {
                if text.chars().count() > QUOTED_INPUT_LIMIT {
                    let shortened: String = text.chars().take(QUOTED_INPUT_LIMIT).collect();
                    write!(f, "invalid purl {shortened:?}…")
                } else {
                    write!(f, "invalid purl {text:?}")
                }
            }
            Self::Components => f.write_str("cannot build purl"),
        }
    }
}

/// A percent-encoded purl component, as named in error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Component {
    /// The namespace.
    Namespace,
    /// The name.
    Name,
    /// The version.
    Version,
    /// The qualifiers.
    Qualifiers,
    /// The subpath.
    Subpath,
}

impl fmt::Display for Component {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Namespace => "namespace",
            Self::Name => "name",
            Self::Version => "version",
            Self::Qualifiers => "qualifiers",
            Self::Subpath => "subpath",
        })
    }
}

/// What is wrong with a purl.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PurlErrorKind {
    /// The text starts or ends with whitespace (strict parsing only).
    #[error("leading or trailing whitespace")]
    SurroundingWhitespace,
    /// The text does not start with `pkg:`.
    #[error("missing the \"pkg:\" scheme")]
    MissingScheme,
    /// The scheme is not `pkg`.
    #[error("scheme {scheme:?} is not \"pkg\"")]
    InvalidScheme {
        /// The scheme found.
        scheme: String,
    },
    /// The type is empty.
    #[error("missing type")]
    MissingType,
    /// The type has a character other than ASCII letters, digits, `.` and `-`, or does not start
    /// with a letter.
    #[error(
        "type {package_type:?} must start with an ASCII letter and contain only ASCII letters, digits, '.' and '-'"
    )]
    InvalidType {
        /// The type found.
        package_type: String,
    },
    /// The name is empty.
    #[error("missing name")]
    MissingName,
    /// The type requires a namespace and there is none.
    #[error("type {package_type:?} requires a namespace")]
    NamespaceRequired {
        /// The package type.
        package_type: String,
    },
    /// The type does not allow a namespace and there is one.
    #[error("type {package_type:?} does not allow a namespace")]
    NamespaceProhibited {
        /// The package type.
        package_type: String,
    },
    /// A `%` is not followed by two hexadecimal digits.
    #[error("{component}: '%' must be followed by two hexadecimal digits")]
    InvalidPercentEncoding {
        /// The component holding the bad escape.
        component: Component,
    },
    /// Percent-decoding gives bytes that are not UTF-8.
    #[error("{component}: percent-decoded text is not UTF-8")]
    InvalidUtf8 {
        /// The component holding the bad bytes.
        component: Component,
    },
    /// A namespace or subpath segment holds an encoded `/`.
    #[error("{component}: segment {segment:?} contains '/'")]
    SlashInSegment {
        /// The component holding the segment.
        component: Component,
        /// The decoded segment.
        segment: String,
    },
    /// The namespace breaks a rule of its type.
    #[error("namespace {namespace:?} is invalid for type {package_type:?}: {reason}")]
    InvalidNamespace {
        /// The package type.
        package_type: String,
        /// The normalised namespace.
        namespace: String,
        /// The rule broken.
        reason: &'static str,
    },
    /// The name breaks a rule of its type.
    #[error("name {name:?} is invalid for type {package_type:?}: {reason}")]
    InvalidName {
        /// The package type.
        package_type: String,
        /// The normalised name.
        name: String,
        /// The rule broken.
        reason: &'static str,
    },
    /// The version breaks a rule of its type.
    #[error("version {version:?} is invalid for type {package_type:?}: {reason}")]
    InvalidVersion {
        /// The package type.
        package_type: String,
        /// The normalised version.
        version: String,
        /// The rule broken.
        reason: &'static str,
    },
    /// A qualifier has no `=` between key and value.
    #[error("qualifier {pair:?} has no '=' between key and value")]
    MissingQualifierSeparator {
        /// The `key=value` text found.
        pair: String,
    },
    /// A qualifier key has a character other than lowercase ASCII letters, digits, `.`, `-` and
    /// `_`, or does not start with a letter.
    #[error(
        "qualifier key {key:?} must start with an ASCII letter and contain only ASCII letters, digits, '.', '-' and '_'"
    )]
    InvalidQualifierKey {
        /// The key found.
        key: String,
    },
    /// A qualifier key is not lowercase (strict parsing only).
    #[error("qualifier key {key:?} is not lowercase")]
    UppercaseQualifierKey {
        /// The key found.
        key: String,
    },
    /// The same qualifier key appears twice.
    #[error("qualifier key {key:?} appears more than once")]
    DuplicateQualifier {
        /// The repeated key, lowercase.
        key: String,
    },
    /// The type requires a qualifier that is absent.
    #[error("type {package_type:?} requires the {key:?} qualifier")]
    MissingQualifier {
        /// The package type.
        package_type: String,
        /// The required key.
        key: &'static str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_line_and_name_the_input() {
        let error = PurlError::parsing("pkg:npm", PurlErrorKind::MissingName);
        assert_eq!(error.to_string(), "invalid purl \"pkg:npm\": missing name");
        assert_eq!(error.input(), Some("pkg:npm"));

        let error = PurlError::parsing("pkg:npm/a\nb", PurlErrorKind::MissingName);
        assert!(!error.to_string().contains('\n'));
    }

    #[test]
    fn long_inputs_are_shortened() {
        let long = format!("pkg:npm/{}", "a".repeat(1000));
        let message = PurlError::parsing(&long, PurlErrorKind::MissingName).to_string();
        assert!(message.len() < 300, "{message}");
        assert!(message.contains('…'));
    }

    #[test]
    fn build_errors_say_so() {
        let error = PurlError::building(PurlErrorKind::MissingType);
        assert_eq!(error.to_string(), "cannot build purl: missing type");
        assert_eq!(error.input(), None);
    }
}
