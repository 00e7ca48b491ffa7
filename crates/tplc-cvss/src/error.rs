//! The error of a vector string that is not a valid CVSS vector.

use std::fmt;

/// The most characters of the input an error message repeats.
const SHOWN: usize = 120;

/// Why a text is not a valid CVSS vector: the input (shortened when long) and what is wrong.
///
/// Displayed as one line that names the column (1-based, in characters) or the metric:
/// `invalid CVSS vector "CVSS:3.1/AV:Q/…": column 13: AV has no value "Q" (expected N, A, L, P)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid CVSS vector {}: {kind}", Shown(input))]
pub struct CvssError {
    input: String,
    kind: ErrorKind,
}

impl CvssError {
    pub(crate) fn new(input: &str, kind: ErrorKind) -> Self {
        Self {
            input: input.to_owned(),
            kind,
        }
    }

    /// The text that was parsed.
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What is wrong.
    #[must_use]
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

/// What is wrong with a vector string. Columns count characters from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The text is empty (or only white space).
    #[error("empty vector")]
    Empty,
    /// The text starts with `CVSS:` but not with a supported version prefix.
    #[error(
        "unsupported prefix {found:?}: expected \"CVSS:3.0/\", \"CVSS:3.1/\", \"CVSS:4.0/\" or a CVSS v2.0 vector without prefix"
    )]
    Prefix {
        /// What stands where the prefix should be (up to the first `/`).
        found: String,
    },
    /// A vector without prefix carries a metric of CVSS v3 or v4.
    #[error(
        "column {column}: metric {metric} is not CVSS v2.0; CVSS v3.x and v4.0 vectors start with \"CVSS:3.1/\" (or 3.0, 4.0)"
    )]
    MissingPrefix {
        /// Where the metric starts.
        column: usize,
        /// The metric's name.
        metric: String,
    },
    /// Two `/` in a row, or a `/` at the start or end.
    #[error("column {column}: empty metric (\"//\" or a \"/\" at either end)")]
    EmptyMetric {
        /// Where the empty metric is.
        column: usize,
    },
    /// A part between `/` that is not `METRIC:VALUE`.
    #[error("column {column}: {text:?} is not METRIC:VALUE")]
    NotMetric {
        /// Where the part starts.
        column: usize,
        /// The part.
        text: String,
    },
    /// A metric the version does not define (names are case-sensitive).
    #[error("column {column}: unknown metric {metric:?} in CVSS {version}")]
    UnknownMetric {
        /// Where the metric starts.
        column: usize,
        /// The metric's name as written.
        metric: String,
        /// The version, as `3.1`.
        version: &'static str,
    },
    /// A value the metric does not have (values are case-sensitive).
    #[error("column {column}: {metric} has no value {value:?} (expected {expected})")]
    UnknownValue {
        /// Where the value starts.
        column: usize,
        /// The metric.
        metric: &'static str,
        /// The value as written.
        value: String,
        /// The values the metric has, comma-separated.
        expected: String,
    },
    /// A metric given twice.
    #[error("column {column}: metric {metric} given twice")]
    DuplicateMetric {
        /// Where the second occurrence starts.
        column: usize,
        /// The metric.
        metric: &'static str,
    },
    /// A mandatory base metric is missing.
    #[error("missing base metric {metric}")]
    MissingMetric {
        /// The first missing metric, in the specification's order.
        metric: &'static str,
    },
}

/// The input as a quoted, escaped string, shortened to [`SHOWN`] characters.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(SHOWN) {
            Some((end, _)) => write!(f, "{:?}…", &self.0[..end]),
            None => write!(f, "{:?}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_is_one_line_and_shortened() {
        let error = CvssError::new("AV:N\n", ErrorKind::Empty);
        assert_eq!(
            error.to_string(),
            r#"invalid CVSS vector "AV:N\n": empty vector"#
        );
        let long = "x".repeat(500);
        let message = CvssError::new(&long, ErrorKind::Empty).to_string();
        assert!(message.len() < 200 && message.ends_with("…: empty vector"));
    }
}
