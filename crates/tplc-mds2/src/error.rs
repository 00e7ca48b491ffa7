//! Errors of documents, workbook writing and workbook reading.

use crate::excel_text::TextProblem;
use crate::form::{FormError, QuestionKind};

/// What went wrong with an MDS2 document or workbook. Displayed as one line that names the
/// question, the field, or the sheet and cell: `sheet 'MDS2'!C14: "Maybe" is not an answer to
/// DOC-8 (expected Yes, No, N/A, See Note or an empty cell)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Mds2Error {
    /// A form file is not valid.
    #[error(transparent)]
    Form(#[from] FormError),
    /// The document answers a question the form does not have.
    #[error("unknown question id {id:?} (not in {form})")]
    UnknownQuestion {
        /// The form's standard name.
        form: String,
        /// The id.
        id: String,
    },
    /// An answer does not fit its question.
    #[error("{id}: {problem}")]
    InvalidAnswer {
        /// The question id.
        id: String,
        /// What is wrong.
        problem: AnswerProblem,
    },
    /// A note cannot be stored.
    #[error("{id}: note: {problem}")]
    InvalidNote {
        /// The question id.
        id: String,
        /// What is wrong.
        problem: TextProblem,
    },
    /// A header field (manufacturer, device, …) cannot be stored.
    #[error("{field}: {problem}")]
    InvalidMeta {
        /// The field name (`manufacturer`, `device`, …).
        field: &'static str,
        /// What is wrong.
        problem: TextProblem,
    },
    /// The XLSX library refused to write the workbook.
    #[error("cannot write the XLSX workbook: {0}")]
    Write(String),
    /// The bytes are not an XLSX workbook that can be read.
    #[error("not a readable XLSX workbook: {0}")]
    Workbook(String),
    /// No sheet of the workbook has the MDS2 question table.
    #[error(
        "sheet '{sheet}'{}: no MDS2 question table (expected header 'Question ID' in column A)",
        others(*other_sheets)
    )]
    NoTable {
        /// The sheet looked at first: the one named `MDS2`, else the first sheet.
        sheet: String,
        /// How many other sheets were looked at too.
        other_sheets: usize,
    },
    /// A cell of the question table or header block is wrong.
    #[error("sheet '{sheet}'!{cell}: {problem}")]
    Cell {
        /// The sheet name.
        sheet: String,
        /// The cell in A1 notation (`C14`).
        cell: String,
        /// What is wrong.
        problem: CellProblem,
    },
}

fn others(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => " (and 1 other sheet)".to_owned(),
        n => format!(" (and {n} other sheets)"),
    }
}

/// Why an answer does not fit its question.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AnswerProblem {
    /// A text answer to a choice question.
    #[error("a {kind} question takes Yes, No, N/A or See Note, not the text {value:?}")]
    TextForChoice {
        /// The question kind (choice).
        kind: QuestionKind,
        /// The text given.
        value: String,
    },
    /// A choice answer to a text question.
    #[error("a {kind} question takes free text, not {value}")]
    ChoiceForText {
        /// The question kind (text).
        kind: QuestionKind,
        /// The choice given (`Yes`, …).
        value: String,
    },
    /// An empty (or white-space only) text answer (use `Answer::Unanswered`).
    #[error("empty text answer (leave the question unanswered instead)")]
    EmptyText,
    /// The answer text cannot be stored.
    #[error("{0}")]
    Text(TextProblem),
}

/// What is wrong with a cell of a workbook being read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CellProblem {
    /// A column header of the question table is not the expected one.
    #[error("expected header '{expected}', found {}", found_text(found))]
    Header {
        /// The expected header.
        expected: &'static str,
        /// What the cell holds.
        found: String,
    },
    /// A question id the form does not have.
    #[error("unknown question id {id:?} (not in {form})")]
    UnknownQuestion {
        /// The id.
        id: String,
        /// The form's standard name.
        form: String,
    },
    /// Column A holds something that is neither a question id nor a section code.
    #[error("{value:?} is neither a question id nor a section code")]
    NotAQuestion {
        /// The cell's text.
        value: String,
    },
    /// A row has an answer or note but no question id in column A.
    #[error("answer or note without a question id in column A")]
    MissingId,
    /// The same question has two rows.
    #[error("question {id} appears twice (first at {first})")]
    DuplicateQuestion {
        /// The id.
        id: String,
        /// The cell of the first row.
        first: String,
    },
    /// The answer cell of a choice question holds something else.
    #[error(
        "{value:?} is not an answer to {id} (expected Yes, No, N/A, See Note or an empty cell)"
    )]
    BadAnswer {
        /// The question id.
        id: String,
        /// The cell's text.
        value: String,
    },
    /// A cell holds a spreadsheet error value such as `#N/A`.
    #[error("the cell holds the error value {value}")]
    ErrorValue {
        /// The error value.
        value: String,
    },
    /// The header block names another form.
    #[error("form {found:?} is not {expected}")]
    WrongForm {
        /// The form's standard name.
        expected: String,
        /// What the workbook names.
        found: String,
    },
    /// A header-block label appears twice.
    #[error("{label:?} is given twice (first at {first})")]
    DuplicateField {
        /// The label.
        label: String,
        /// The cell of the first one.
        first: String,
    },
}

fn found_text(found: &str) -> String {
    if found.trim().is_empty() {
        "an empty cell".to_owned()
    } else {
        format!("'{found}'")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_place() {
        let error = Mds2Error::NoTable {
            sheet: "Sheet1".into(),
            other_sheets: 0,
        };
        assert_eq!(
            error.to_string(),
            "sheet 'Sheet1': no MDS2 question table (expected header 'Question ID' in column A)"
        );
        let error = Mds2Error::NoTable {
            sheet: "A".into(),
            other_sheets: 2,
        };
        assert!(
            error
                .to_string()
                .starts_with("sheet 'A' (and 2 other sheets): no MDS2")
        );
        let error = Mds2Error::Cell {
            sheet: "MDS2".into(),
            cell: "C14".into(),
            problem: CellProblem::BadAnswer {
                id: "DOC-8".into(),
                value: "Maybe".into(),
            },
        };
        assert_eq!(
            error.to_string(),
            "sheet 'MDS2'!C14: \"Maybe\" is not an answer to DOC-8 (expected Yes, No, N/A, See Note or an empty cell)"
        );
        let header = CellProblem::Header {
            expected: "Answer",
            found: String::new(),
        };
        assert_eq!(
            header.to_string(),
            "expected header 'Answer', found an empty cell"
        );
    }
}
