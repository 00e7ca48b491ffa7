//! The error of reading a CycloneDX JSON document.

use std::fmt;

/// Why a CycloneDX JSON document was rejected, and where.
///
/// Syntax errors carry the line and column of the offending byte; every other error carries
/// the JSON pointer (RFC 6901) of the offending value, `""` for the document root.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", Rendered(self))]
pub struct ReadError {
    pointer: String,
    message: String,
    position: Option<(usize, usize)>,
}

impl ReadError {
    /// An error at a JSON pointer.
    pub(crate) fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
            position: None,
        }
    }

    /// A syntax error at a line and column (both starting at 1).
    pub(crate) fn syntax(line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            pointer: String::new(),
            message: message.into(),
            position: Some((line, column)),
        }
    }

    /// The JSON pointer of the offending value (`""` for the root or for syntax errors).
    #[must_use]
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// What is wrong, without the location.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Line and column (both starting at 1) of a syntax error.
    #[must_use]
    pub const fn line_column(&self) -> Option<(usize, usize)> {
        self.position
    }
}

struct Rendered<'a>(&'a ReadError);

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let error = self.0;
        match error.position {
            Some((line, column)) => write!(f, "line {line}, column {column}: {}", error.message),
            None if error.pointer.is_empty() => write!(f, "document root: {}", error.message),
            None => write!(f, "{}: {}", error.pointer, error.message),
        }
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901 §3).
pub(crate) fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    for character in token.chars() {
        match character {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            other => out.push(other),
        }
    }
    out
}

/// Appends an array index to a JSON pointer.
pub(crate) fn index(pointer: &str, position: usize) -> String {
    format!("{pointer}/{position}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_pointer_or_the_position() {
        assert_eq!(
            ReadError::at("/components/3/hashes/0/alg", "bad").to_string(),
            "/components/3/hashes/0/alg: bad"
        );
        assert_eq!(ReadError::at("", "bad").to_string(), "document root: bad");
        assert_eq!(
            ReadError::syntax(12, 5, "expected value").to_string(),
            "line 12, column 5: expected value"
        );
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(child("/a", "b/c~d"), "/a/b~1c~0d");
        assert_eq!(index("/components", 2), "/components/2");
    }
}
