//! Where a value sits in the document, as a chain of borrowed steps rendered to a JSON
//! pointer only when an error needs it (no allocation on the happy path).

use crate::error::{ReadError, child, index};

/// A position in the document: the root, or a step (key or index) below another position.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Location<'a> {
    /// The document root.
    Root,
    /// The value of a key of an object.
    Key(&'a Self, &'a str),
    /// An item of an array.
    Index(&'a Self, usize),
}

impl<'a> Location<'a> {
    /// The value of `key` below this position.
    pub(crate) const fn key(&'a self, key: &'a str) -> Self {
        Self::Key(self, key)
    }

    /// Item `position` of the array at this position.
    pub(crate) const fn index(&'a self, position: usize) -> Self {
        Self::Index(self, position)
    }

    /// The JSON pointer of this position.
    pub(crate) fn pointer(&self) -> String {
        match self {
            Self::Root => String::new(),
            Self::Key(parent, key) => child(&parent.pointer(), key),
            Self::Index(parent, position) => index(&parent.pointer(), *position),
        }
    }

    /// An error at this position.
    pub(crate) fn error(&self, message: impl Into<String>) -> ReadError {
        ReadError::at(self.pointer(), message)
    }
}

/// Turns a `serde_path_to_error` path into a JSON pointer below `base`.
pub(crate) fn pointer_of(base: &str, path: &serde_path_to_error::Path) -> String {
    let mut pointer = base.to_owned();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index: position } => {
                pointer = index(&pointer, *position)
            }
            serde_path_to_error::Segment::Map { key } => pointer = child(&pointer, key),
            serde_path_to_error::Segment::Enum { variant } => pointer = child(&pointer, variant),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_render_as_json_pointers() {
        let root = Location::Root;
        let components = root.key("components");
        let third = components.index(3);
        let hashes = third.key("hashes");
        assert_eq!(
            hashes.index(0).key("alg").pointer(),
            "/components/3/hashes/0/alg"
        );
        assert_eq!(root.pointer(), "");
    }
}
