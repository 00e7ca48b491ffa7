//! Reading an MDS2 workbook laid out as [`crate::write_xlsx`] writes it.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};

use crate::answer::Answer;
use crate::document::Mds2Document;
use crate::error::{CellProblem, Mds2Error};
use crate::form::{Mds2Form, QuestionKind};
use crate::layout::{
    ACCEPTED_HEADERS, COL_ANSWER, COL_ID, COL_NOTE, COL_QUESTION, HEADER_ID, MetaField, SHEET_NAME,
    cell_name,
};
use crate::question_id::looks_like_question_id;

/// Reads an MDS2 workbook into a document.
///
/// The sheet named `MDS2` is read when there is one, else the first sheet with a question
/// table. The table starts at the row whose column A holds `Question ID`; columns B, C, D must
/// be headed `Question`, `Answer`, `Note` (or `質問`, `回答`, `備考`). Each following row is a
/// section row (a section code of the form in column A), a question row (a question id of the
/// form in A, the answer in C, the note in D) or empty. Above the table, lines whose column A
/// holds a header-block label (`Manufacturer`, `製造販売業者`, …) give the header fields from
/// column B; other lines there are ignored. The question texts in column B are not compared
/// with the form. Questions without row, or with empty answer and note, are unanswered.
///
/// Choice answers are read ignoring case and surrounding white space (see
/// [`Answer::from_choice`]); text answers and notes are kept as they are.
///
/// # Errors
///
/// [`Mds2Error::Workbook`] when the bytes are not a readable XLSX workbook,
/// [`Mds2Error::NoTable`] when no sheet has the table, and [`Mds2Error::Cell`] naming the
/// sheet and cell for a wrong column header, an unknown question id, other text in column A,
/// a question given twice, an answer that is not one of the choices, a spreadsheet error
/// value, or a header block naming another form.
pub fn read_xlsx(form: &Mds2Form, bytes: &[u8]) -> Result<Mds2Document, Mds2Error> {
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| Mds2Error::Workbook(e.to_string()))?;
    let mut names = workbook.sheet_names();
    if names.is_empty() {
        return Err(Mds2Error::Workbook("the workbook has no sheets".to_owned()));
    }
    if let Some(at) = names
        .iter()
        .position(|name| name.eq_ignore_ascii_case(SHEET_NAME))
    {
        let preferred = names.remove(at);
        names.insert(0, preferred);
    }
    for name in &names {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| Mds2Error::Workbook(format!("sheet '{name}': {e}")))?;
        let sheet = Sheet {
            name,
            range: &range,
        };
        if let Some(header_row) = sheet.header_row() {
            return sheet.read(form, header_row);
        }
    }
    Err(Mds2Error::NoTable {
        sheet: names[0].clone(),
        other_sheets: names.len() - 1,
    })
}

struct Sheet<'a> {
    name: &'a str,
    range: &'a Range<Data>,
}

impl Sheet<'_> {
    fn error(&self, row: u32, col: u16, problem: CellProblem) -> Mds2Error {
        Mds2Error::Cell {
            sheet: self.name.to_owned(),
            cell: cell_name(row, u32::from(col)),
            problem,
        }
    }

    /// The cell's value as text (empty for an empty cell).
    fn text(&self, row: u32, col: u16) -> Result<String, Mds2Error> {
        let Some(data) = self.range.get_value((row, u32::from(col))) else {
            return Ok(String::new());
        };
        cell_text(data).map_err(|problem| self.error(row, col, problem))
    }

    fn rows(&self) -> impl Iterator<Item = u32> + use<> {
        let bounds = self.range.start().zip(self.range.end());
        bounds
            .map(|((first, _), (last, _))| first..=last)
            .into_iter()
            .flatten()
    }

    fn header_row(&self) -> Option<u32> {
        self.rows().find(|&row| {
            // An error value is no header: such cells are reported only inside the table.
            self.range
                .get_value((row, u32::from(COL_ID)))
                .and_then(|data| cell_text(data).ok())
                .is_some_and(|text| text.trim().eq_ignore_ascii_case(HEADER_ID))
        })
    }

    fn read(&self, form: &Mds2Form, header_row: u32) -> Result<Mds2Document, Mds2Error> {
        for (col, (expected, accepted)) in (COL_QUESTION..).zip(ACCEPTED_HEADERS) {
            let found = self.text(header_row, col)?;
            if !accepted.contains(&found.trim().to_lowercase().as_str()) {
                return Err(self.error(header_row, col, CellProblem::Header { expected, found }));
            }
        }
        let mut document = Mds2Document::default();
        self.read_header_block(form, header_row, &mut document)?;

        let mut seen: HashMap<String, String> = HashMap::new();
        for row in self.rows().filter(|&row| row > header_row) {
            let id = self.text(row, COL_ID)?.trim().to_owned();
            if id.is_empty() {
                let answer = self.text(row, COL_ANSWER)?;
                let note = self.text(row, COL_NOTE)?;
                if !answer.trim().is_empty() || !note.trim().is_empty() {
                    return Err(self.error(row, COL_ID, CellProblem::MissingId));
                }
                continue;
            }
            if form.section(&id).is_some() {
                continue;
            }
            let Some(question) = form.question(&id) else {
                let problem = if looks_like_question_id(&id) {
                    CellProblem::UnknownQuestion {
                        id,
                        form: form.standard().to_owned(),
                    }
                } else {
                    CellProblem::NotAQuestion { value: id }
                };
                return Err(self.error(row, COL_ID, problem));
            };
            let here = cell_name(row, u32::from(COL_ID));
            if let Some(first) = seen.insert(id.clone(), here) {
                return Err(self.error(row, COL_ID, CellProblem::DuplicateQuestion { id, first }));
            }
            let value = self.text(row, COL_ANSWER)?;
            let answer = match question.kind {
                _ if value.trim().is_empty() => Answer::Unanswered,
                QuestionKind::Text => Answer::Text(value),
                QuestionKind::Choice => Answer::from_choice(&value).ok_or_else(|| {
                    self.error(
                        row,
                        COL_ANSWER,
                        CellProblem::BadAnswer {
                            id: id.clone(),
                            value,
                        },
                    )
                })?,
            };
            let note = self.text(row, COL_NOTE)?;
            document.set(id, answer, note);
        }
        Ok(document)
    }

    fn read_header_block(
        &self,
        form: &Mds2Form,
        header_row: u32,
        document: &mut Mds2Document,
    ) -> Result<(), Mds2Error> {
        let mut seen: Vec<(MetaField, String)> = Vec::new();
        for row in self.rows().filter(|&row| row < header_row) {
            let Ok(label) = self.text(row, COL_ID) else {
                continue;
            };
            let Some(field) = MetaField::from_label(&label) else {
                continue;
            };
            let here = cell_name(row, u32::from(COL_ID));
            if let Some((_, first)) = seen.iter().find(|(other, _)| *other == field) {
                let problem = CellProblem::DuplicateField {
                    label,
                    first: first.clone(),
                };
                return Err(self.error(row, COL_ID, problem));
            }
            seen.push((field, here));
            let value = self.text(row, COL_QUESTION)?;
            let meta = &mut document.meta;
            match field {
                MetaField::Form => {
                    let named = value.trim();
                    let known = named.is_empty()
                        || named.eq_ignore_ascii_case(form.standard())
                        || named.eq_ignore_ascii_case(form.id());
                    if !known {
                        let problem = CellProblem::WrongForm {
                            expected: form.standard().to_owned(),
                            found: named.to_owned(),
                        };
                        return Err(self.error(row, COL_QUESTION, problem));
                    }
                }
                MetaField::Manufacturer => meta.manufacturer = value,
                MetaField::Device => meta.device = value,
                MetaField::Model => meta.model = value,
                MetaField::Version => meta.version = value,
                MetaField::DocumentId => meta.document_id = value,
                MetaField::Date => meta.date = value,
            }
        }
        Ok(())
    }
}

/// A cell's value as text: strings as they are, whole numbers without decimals, dates as
/// `YYYY-MM-DD` (with `THH:MM:SS` when there is a time), booleans as `TRUE`/`FALSE`.
fn cell_text(data: &Data) -> Result<String, CellProblem> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) => float_text(*number),
        Data::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(date) if date.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = date.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
            }
        }
        Data::DateTime(duration) => float_text(duration.as_f64()),
        Data::Error(error) => {
            return Err(CellProblem::ErrorValue {
                value: error.to_string(),
            });
        }
    })
}

fn float_text(number: f64) -> String {
    // Whole numbers as integers ("435", not "435.0"); others as Rust prints them.
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{number:.0}")
    } else {
        number.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_cell_values() {
        assert_eq!(cell_text(&Data::Float(435.0)), Ok("435".to_owned()));
        assert_eq!(cell_text(&Data::Float(-2.5)), Ok("-2.5".to_owned()));
        assert_eq!(cell_text(&Data::Int(7)), Ok("7".to_owned()));
        assert_eq!(cell_text(&Data::Bool(true)), Ok("TRUE".to_owned()));
        let date =
            calamine::ExcelDateTime::new(46_101.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(
            cell_text(&Data::DateTime(date)),
            Ok("2026-03-20".to_owned())
        );
        let error = cell_text(&Data::Error(calamine::CellErrorType::NA)).unwrap_err();
        assert_eq!(error.to_string(), "the cell holds the error value #N/A");
    }
}
