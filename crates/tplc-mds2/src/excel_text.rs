//! Text as an XLSX cell can hold it: the length limit and the characters XML cannot carry.
//! (Control characters and literal `_xHHHH_` sequences are escaped by the XLSX writer and
//! decoded by the reader.)

/// The most characters Excel keeps in one cell.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Why a text cannot be written to a cell unchanged.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TextProblem {
    /// Longer than an XLSX cell can hold.
    #[error("{chars} characters is more than a cell holds ({MAX_CELL_CHARS})")]
    TooLong {
        /// The text's length in characters.
        chars: usize,
    },
    /// A character XML 1.0 cannot carry (U+FFFE, U+FFFF).
    #[error("character U+{code:04X} cannot be stored in an XLSX file")]
    Character {
        /// The character's code point.
        code: u32,
    },
}

/// Checks that `text` fits in a cell and survives the file unchanged.
pub(crate) fn check(text: &str) -> Result<(), TextProblem> {
    if let Some(ch) = text
        .chars()
        .find(|&ch| ch == '\u{FFFE}' || ch == '\u{FFFF}')
    {
        return Err(TextProblem::Character {
            code: u32::from(ch),
        });
    }
    let chars = text.chars().count();
    if chars > MAX_CELL_CHARS {
        return Err(TextProblem::TooLong { chars });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_what_a_cell_cannot_hold() {
        assert_eq!(check("ok\n\t\u{1}"), Ok(()));
        assert_eq!(
            check("a\u{FFFF}"),
            Err(TextProblem::Character { code: 0xFFFF })
        );
        let long = "x".repeat(MAX_CELL_CHARS + 1);
        assert_eq!(
            check(&long),
            Err(TextProblem::TooLong {
                chars: MAX_CELL_CHARS + 1
            })
        );
        assert_eq!(check(&"あ".repeat(MAX_CELL_CHARS)), Ok(()));
    }
}
