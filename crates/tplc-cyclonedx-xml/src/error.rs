//! The error a CycloneDX XML document is rejected with.

/// Why a document was rejected, and where: the line and column (both counted from 1, columns in
/// characters) of the construct at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ReadError {
    line: usize,
    column: usize,
    message: String,
}

impl ReadError {
    /// An error at a byte offset of the input.
    pub(crate) fn at(input: &[u8], offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_and_column(input, offset);
        Self {
            line,
            column,
            message: message.into(),
        }
    }

    /// The line of the construct at fault, counted from 1.
    #[must_use]
    pub const fn line(&self) -> usize {
        self.line
    }

    /// The column (in characters) of the construct at fault, counted from 1.
    #[must_use]
    pub const fn column(&self) -> usize {
        self.column
    }

    /// What is wrong, without the location.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// The 1-based line and character column of a byte offset.
fn line_and_column(input: &[u8], offset: usize) -> (usize, usize) {
    let before = input.get(..offset.min(input.len())).unwrap_or_default();
    let line_start = before
        .iter()
        .rposition(|&byte| byte == b'\n')
        .map_or(0, |position| position + 1);
    let line = before.iter().filter(|&&byte| byte == b'\n').count() + 1;
    let column = before
        .get(line_start..)
        .unwrap_or_default()
        .iter()
        .filter(|&&byte| byte & 0xC0 != 0x80)
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters_from_one() {
        let input = "ab\ncé<x>".as_bytes();
        let error = ReadError::at(input, input.len() - 3, "boom");
        assert_eq!((error.line(), error.column()), (2, 3));
        assert_eq!(error.to_string(), "line 2, column 3: boom");
        assert_eq!(ReadError::at(input, 10_000, "end").line(), 2);
    }
}
