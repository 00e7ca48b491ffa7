//! The error of a CPE that does not parse or cannot be repaired.

use std::fmt;

/// The most characters of the input an error message repeats.
const SHOWN: usize = 120;

/// Why a text is not a CPE name: the input (shortened when long) and the reason, which names
/// the attribute and the column where the text goes wrong.
///
/// Displayed as one line: `invalid cpe "cpe:2.3:a:x": 3 components, expected 11`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid cpe {}: {reason}", Shown(input))]
pub struct CpeError {
    input: String,
    reason: String,
}

impl CpeError {
    pub(crate) fn new(input: &str, reason: impl Into<String>) -> Self {
        Self {
            input: input.to_owned(),
            reason: reason.into(),
        }
    }

    /// The text that was parsed.
    #[must_use]
    pub fn input(&self) -> &str {
        &self.input
    }

    /// What is wrong, without the input: `vendor, column 12: "+" must be quoted as "\+"`.
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }
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
        let error = CpeError::new("cpe:\n2.3", "no");
        assert_eq!(error.to_string(), r#"invalid cpe "cpe:\n2.3": no"#);
        let long = "x".repeat(500);
        let message = CpeError::new(&long, "too long").to_string();
        assert!(message.len() < 200 && message.ends_with("…: too long"));
    }
}
