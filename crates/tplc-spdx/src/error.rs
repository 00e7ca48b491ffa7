//! The error of the SPDX readers.

use std::fmt;

/// Where in the input a problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Location {
    /// A JSON pointer into an SPDX JSON document (`/packages/3/checksums/0/algorithm`); the
    /// empty pointer is the whole document.
    Pointer(String),
    /// A line of an SPDX tag-value document, counted from 1.
    Line(usize),
    /// A line and column of a JSON text that is not well-formed JSON, counted from 1.
    LineColumn(usize, usize),
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pointer(pointer) if pointer.is_empty() => f.write_str("/"),
            Self::Pointer(pointer) => f.write_str(pointer),
            Self::Line(line) => write!(f, "line {line}"),
            Self::LineColumn(line, column) => write!(f, "line {line}, column {column}"),
        }
    }
}

/// Why an SPDX document could not be read, and where.
///
/// Displays as `<JSON pointer>: <message>` for JSON, `line <L>, column <C>: <message>` for
/// text that is not JSON at all, and `line <L>: <message>` for tag-value, on one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct ReadError {
    location: Location,
    message: String,
}

impl ReadError {
    pub(crate) fn at_pointer(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            location: Location::Pointer(pointer.into()),
            message: message.into(),
        }
    }

    pub(crate) fn at_line(line: usize, message: impl Into<String>) -> Self {
        Self {
            location: Location::Line(line),
            message: message.into(),
        }
    }

    pub(crate) fn at_position(line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            location: Location::LineColumn(line, column),
            message: message.into(),
        }
    }

    /// Where the problem is.
    #[must_use]
    pub const fn location(&self) -> &Location {
        &self.location
    }

    /// What the problem is, without the location.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A JSON pointer with one more reference token, escaped per RFC 6901.
pub(crate) fn child(pointer: &str, token: impl fmt::Display) -> String {
    let token = token.to_string().replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{token}")
}

/// Where a value is in a JSON document, as a chain of reference tokens on the stack: written
/// out as a JSON pointer (with [`child`]'s escaping) only when an error names it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'p> {
    /// The whole document.
    Root,
    /// A member of the object at the parent path.
    Key(&'p Self, &'p str),
    /// An item of the array at the parent path.
    Index(&'p Self, usize),
}

impl Path<'_> {
    /// The path of a member of the object here.
    pub(crate) const fn key<'s>(&'s self, key: &'s str) -> Path<'s> {
        Path::Key(self, key)
    }

    /// The path of an item of the array here.
    pub(crate) const fn index(&self, index: usize) -> Path<'_> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Root => Ok(()),
            Self::Key(parent, key) => {
                write!(f, "{parent}/")?;
                for character in key.chars() {
                    match character {
                        '~' => f.write_str("~0")?,
                        '/' => f.write_str("~1")?,
                        other => write!(f, "{other}")?,
                    }
                }
                Ok(())
            }
            Self::Index(parent, index) => write!(f, "{parent}/{index}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_pointer_or_line_then_message() {
        assert_eq!(
            ReadError::at_pointer("/packages/0/name", "missing").to_string(),
            "/packages/0/name: missing"
        );
        assert_eq!(
            ReadError::at_pointer("", "not an object").to_string(),
            "/: not an object"
        );
        assert_eq!(
            ReadError::at_line(12, "unknown tag \"Foo\"").to_string(),
            "line 12: unknown tag \"Foo\""
        );
    }

    #[test]
    fn child_escapes_slash_and_tilde() {
        assert_eq!(child("/a", "b/c~d"), "/a/b~1c~0d");
        assert_eq!(child("", 3), "/3");
    }

    #[test]
    fn paths_are_written_as_pointers_like_child() {
        let root = Path::Root;
        assert_eq!(root.to_string(), "");
        let packages = root.key("packages");
        let package = packages.index(3);
        let odd = package.key("b/c~d");
        assert_eq!(odd.to_string(), "/packages/3/b~1c~0d");
        assert_eq!(
            odd.to_string(),
            child(&child(&child("", "packages"), 3), "b/c~d")
        );
    }
}
