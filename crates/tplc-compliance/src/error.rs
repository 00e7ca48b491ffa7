//! [`CatalogError`]: a catalog file that cannot be used, with its location.

use std::fmt;

/// A position in a catalog file: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl LineCol {
    /// The line and column of byte `offset` in `text` (clamped to the text).
    #[must_use]
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let column = before[line_start..].chars().count() + 1;
        Self { line, column }
    }
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Why a catalog file (or a set of them) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogErrorKind {
    /// The file could not be read.
    #[error("cannot read catalog: {0}")]
    Io(String),
    /// TOML syntax, a field of the wrong type, an unknown field or an unknown enum value.
    #[error("{0}")]
    Toml(String),
    /// Two items of one catalog have the same id.
    #[error("duplicate item id `{id}`")]
    DuplicateItem {
        /// The id.
        id: String,
    },
    /// Two catalog files declare the same catalog id.
    #[error("duplicate catalog id `{id}` (also defined in {first})")]
    DuplicateCatalog {
        /// The catalog id.
        id: String,
        /// The file that declared it first.
        first: String,
    },
    /// An id is empty or contains white space or control characters.
    #[error("invalid {what} `{id}`: ids are non-empty and contain no white space")]
    InvalidId {
        /// `catalog id`, `item id`, …
        what: &'static str,
        /// The id.
        id: String,
    },
    /// A text that must say something is empty.
    #[error("{what} is empty")]
    EmptyText {
        /// What the text is (`item \`x\`: statement (en)`, …).
        what: String,
    },
    /// An item has neither a statement nor a title.
    #[error("item `{item}`: needs a `statement` or a `title`")]
    NothingToSay {
        /// The item id.
        item: String,
    },
    /// An item has no source citation and the catalog gives none either.
    #[error("item `{item}`: no source citation (give `source` on the item or on the catalog)")]
    MissingSource {
        /// The item id.
        item: String,
    },
    /// An item's parent is not an item of the same catalog.
    #[error("item `{item}`: parent `{parent}` is not an item of this catalog")]
    UnknownParent {
        /// The item id.
        item: String,
        /// The parent id given.
        parent: String,
    },
    /// Following the parents of an item leads back to it.
    #[error("item `{item}`: its parents form a cycle")]
    ParentCycle {
        /// The item id.
        item: String,
    },
    /// The catalog names no `clauses_from` catalog but an item names a clause.
    #[error("item `{item}`: `clause` needs `clauses_from` on the catalog")]
    ClauseWithoutSource {
        /// The item id.
        item: String,
    },
    /// The catalog takes its clauses from another catalog but an item names none.
    #[error("item `{item}`: `clause` is required (the catalog takes its clauses from `{catalog}`)")]
    MissingClause {
        /// The item id.
        item: String,
        /// The `clauses_from` catalog.
        catalog: String,
    },
    /// `clauses_from` names a catalog that is not loaded.
    #[error("`clauses_from`: no catalog `{catalog}` is loaded")]
    UnknownClausesFrom {
        /// The catalog id given.
        catalog: String,
    },
    /// An item names a clause that the `clauses_from` catalog does not have.
    #[error("item `{item}`: clause `{clause}` does not exist in catalog `{catalog}`")]
    UnknownClause {
        /// The item id.
        item: String,
        /// The clause given.
        clause: String,
        /// The `clauses_from` catalog.
        catalog: String,
    },
    /// An attachment row names a clause that the `clauses_from` catalog does not have.
    #[error("attachment row: clause `{clause}` does not exist in catalog `{catalog}`")]
    UnknownRowClause {
        /// The clause given.
        clause: String,
        /// The `clauses_from` catalog.
        catalog: String,
    },
    /// Two attachment rows are for the same clause.
    #[error("duplicate attachment row for clause `{clause}`")]
    DuplicateRow {
        /// The clause.
        clause: String,
    },
    /// An item's clause has no row in the attachment layout.
    #[error("item `{item}`: clause `{clause}` has no row in the attachment layout")]
    ItemWithoutRow {
        /// The item id.
        item: String,
        /// Its clause.
        clause: String,
    },
    /// An attachment layout without rows.
    #[error("the attachment layout has no rows")]
    NoRows,
    /// A catalog without items.
    #[error("the catalog has no items")]
    NoItems,
    /// The Annex F activity data does not list F.2 a) to f) in order.
    #[error("Annex F activity {position} has letter `{letter}`, expected `{expected}`")]
    AnnexFActivity {
        /// Position in the list, from 1.
        position: usize,
        /// The letter given.
        letter: String,
        /// The letter expected there.
        expected: char,
    },
    /// The Annex F gap-analysis clauses name a clause the JIS catalog does not have.
    #[error("Annex F gap-analysis clause `{clause}` does not exist in catalog `{catalog}`")]
    AnnexFClause {
        /// The clause given.
        clause: String,
        /// The catalog looked in.
        catalog: String,
    },
}

/// A catalog file that cannot be used.
///
/// Displays on one line as `<file>:<line>:<col>: <message>`, or `<file>: <message>` when no
/// position applies (for example an unreadable file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {kind}", at.map(|at| format!(":{at}")).unwrap_or_default())]
pub struct CatalogError {
    file: String,
    at: Option<LineCol>,
    kind: CatalogErrorKind,
}

impl CatalogError {
    /// An error in `file` at `at`.
    #[must_use]
    pub fn new(file: impl Into<String>, at: Option<LineCol>, kind: CatalogErrorKind) -> Self {
        Self {
            file: file.into(),
            at,
            kind,
        }
    }

    /// The file (a path, or `catalogs/<name>` for a built-in catalog).
    #[must_use]
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The line and column, when known.
    #[must_use]
    pub fn at(&self) -> Option<LineCol> {
        self.at
    }

    /// What is wrong.
    #[must_use]
    pub fn kind(&self) -> &CatalogErrorKind {
        &self.kind
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let text = "a = 1\nタイトル = \"x\"\n";
        assert_eq!(LineCol::of_offset(text, 0), LineCol { line: 1, column: 1 });
        let quote = text.find('"').unwrap_or_default();
        assert_eq!(
            LineCol::of_offset(text, quote),
            LineCol { line: 2, column: 8 }
        );
        assert_eq!(
            LineCol::of_offset(text, 10_000),
            LineCol { line: 3, column: 1 }
        );
        // Inside a multi-byte character: the start of that character.
        assert_eq!(LineCol::of_offset(text, 7), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn display_is_one_line_with_location() {
        let located = CatalogError::new(
            "catalogs/x.toml",
            Some(LineCol { line: 3, column: 6 }),
            CatalogErrorKind::DuplicateItem { id: "a".into() },
        );
        assert_eq!(
            located.to_string(),
            "catalogs/x.toml:3:6: duplicate item id `a`"
        );
        let unlocated = CatalogError::new("x.toml", None, CatalogErrorKind::NoItems);
        assert_eq!(unlocated.to_string(), "x.toml: the catalog has no items");
    }
}
