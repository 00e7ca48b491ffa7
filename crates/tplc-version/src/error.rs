//! Why a version or a range could not be parsed.

use crate::Scheme;

/// The longest input quoted in an error message; longer inputs are shortened.
const QUOTED_INPUT_LIMIT: usize = 120;

/// Why a version or a range could not be parsed.
///
/// The message is one line naming the scheme, the input and the reason, for example
/// `invalid pep440 version "1.0.x": unexpected character 'x' at byte 4`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {} {} {}: {reason}", subject_scheme(*.scheme), .what, quote(.input))]
pub struct VersionError {
    scheme: Option<Scheme>,
    what: &'static str,
    input: String,
    reason: String,
}

fn subject_scheme(scheme: Option<Scheme>) -> &'static str {
    scheme.map_or("vers", Scheme::name)
}

fn quote(input: &str) -> String {
    if input.chars().count() <= QUOTED_INPUT_LIMIT {
        format!("{input:?}")
    } else {
        let short: String = input.chars().take(QUOTED_INPUT_LIMIT).collect();
        format!("{short:?}…")
    }
}

impl VersionError {
    /// An unparsable version under `scheme`.
    pub(crate) fn version(scheme: Scheme, input: &str, reason: impl Into<String>) -> Self {
        Self {
            scheme: Some(scheme),
            what: "version",
            input: input.to_owned(),
            reason: reason.into(),
        }
    }

    /// An unparsable range (a `vers:` string, or an OSV range's events).
    pub(crate) fn range(scheme: Option<Scheme>, input: &str, reason: impl Into<String>) -> Self {
        Self {
            scheme,
            what: "range",
            input: input.to_owned(),
            reason: reason.into(),
        }
    }

    /// The scheme the input was parsed under, when known.
    #[must_use]
    pub fn scheme(&self) -> Option<Scheme> {
        self.scheme
    }

    /// The text that could not be parsed.
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }

    /// Why it could not be parsed.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
}
