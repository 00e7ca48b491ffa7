//! Writing a document as an XLSX workbook laid out like the published form.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use crate::answer::CHOICES;
use crate::document::{Mds2Document, Mds2Meta};
use crate::error::Mds2Error;
use crate::form::{Mds2Form, QuestionKind};
use crate::lang::Lang;
use crate::layout::{
    COL_ANSWER, COL_ID, COL_NOTE, COL_QUESTION, HEADER_ID, MetaField, SHEET_NAME, column_headers,
    legend,
};

/// Row (0-based) of the question table's header.
const HEADER_ROW: u32 = 1 + MetaField::ALL.len() as u32 + 1;

/// Writes `document` as an XLSX workbook with English question texts and labels, the
/// language of the published form. See [`write_xlsx_in`].
///
/// # Errors
///
/// As [`write_xlsx_in`].
pub fn write_xlsx(form: &Mds2Form, document: &Mds2Document) -> Result<Vec<u8>, Mds2Error> {
    write_xlsx_in(form, document, Lang::En)
}

/// Writes `document` as an XLSX workbook laid out like the published form, with question
/// texts, section titles and header-block labels in `lang`.
///
/// One sheet named `MDS2`: the form title; the header block (form, manufacturer, device,
/// model, software version, document id, date: label in column A, value in B); a legend of
/// the answer values; then the question table with the columns `Question ID`, `Question`,
/// `Answer`, `Note` (headers of B–D in `lang`), a row per section (code in A, title in B) and
/// a row per question in form order. Answer cells of choice questions carry a drop-down list
/// (data validation) of Yes, No, N/A, See Note. Unanswered questions have empty cells.
///
/// # Errors
///
/// [`Mds2Document::check`]'s errors when the document does not fit the form, and
/// [`Mds2Error::Write`] when the XLSX library refuses.
pub fn write_xlsx_in(
    form: &Mds2Form,
    document: &Mds2Document,
    lang: Lang,
) -> Result<Vec<u8>, Mds2Error> {
    document.check(form)?;
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    fill_sheet(sheet, form, document, lang).map_err(write_error)?;
    workbook.save_to_buffer().map_err(write_error)
}

fn write_error(error: XlsxError) -> Mds2Error {
    Mds2Error::Write(error.to_string())
}

struct Formats {
    title: Format,
    label: Format,
    value: Format,
    legend: Format,
    header: Format,
    section: Format,
    id: Format,
    text: Format,
    answer: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
            .set_text_wrap();
        Self {
            title: Format::new().set_bold().set_font_size(14),
            label: Format::new().set_bold(),
            value: Format::new().set_align(FormatAlign::Left),
            legend: Format::new().set_italic(),
            header: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color("D9D9D9"),
            section: Format::new()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color("DDEBF7"),
            id: cell.clone().set_bold(),
            text: cell.clone(),
            answer: cell.set_align(FormatAlign::Center),
        }
    }
}

fn fill_sheet(
    sheet: &mut Worksheet,
    form: &Mds2Form,
    document: &Mds2Document,
    lang: Lang,
) -> Result<(), XlsxError> {
    let formats = Formats::new();
    sheet.set_name(SHEET_NAME)?;
    sheet.set_column_width(COL_ID, 14)?;
    sheet.set_column_width(COL_QUESTION, 80)?;
    sheet.set_column_width(COL_ANSWER, 12)?;
    sheet.set_column_width(COL_NOTE, 50)?;

    sheet.merge_range(
        0,
        COL_ID,
        0,
        COL_NOTE,
        form.title().get(lang),
        &formats.title,
    )?;
    for (row, field) in (1..).zip(MetaField::ALL) {
        sheet.write_string_with_format(row, COL_ID, field.label(lang), &formats.label)?;
        let value = meta_value(form, &document.meta, field);
        sheet.merge_range(row, COL_QUESTION, row, COL_NOTE, value, &formats.value)?;
    }
    sheet.merge_range(
        HEADER_ROW - 1,
        COL_ID,
        HEADER_ROW - 1,
        COL_NOTE,
        legend(lang),
        &formats.legend,
    )?;
    sheet.write_string_with_format(HEADER_ROW, COL_ID, HEADER_ID, &formats.header)?;
    for (col, header) in (COL_QUESTION..).zip(column_headers(lang)) {
        sheet.write_string_with_format(HEADER_ROW, col, header, &formats.header)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;

    let validation = DataValidation::new()
        .allow_list_strings(&CHOICES)?
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title("MDS2")?
        .set_error_message("Yes / No / N/A / See Note")?;
    let mut row = HEADER_ROW + 1;
    for section in form.sections() {
        sheet.write_string_with_format(row, COL_ID, &section.code, &formats.section)?;
        let title = section.title.get(lang);
        sheet.merge_range(row, COL_QUESTION, row, COL_NOTE, title, &formats.section)?;
        row += 1;
        let mut choice_run: Option<u32> = None;
        for question in form.questions_in(&section.code) {
            sheet.write_string_with_format(row, COL_ID, &question.id, &formats.id)?;
            let text = question.text.get(lang);
            sheet.write_string_with_format(row, COL_QUESTION, text, &formats.text)?;
            let answer = document.answer(&question.id).cell_value();
            write_optional(sheet, row, COL_ANSWER, answer, &formats.answer)?;
            let note = Some(document.note(&question.id)).filter(|note| !note.is_empty());
            write_optional(sheet, row, COL_NOTE, note, &formats.text)?;
            match (question.kind, choice_run) {
                (QuestionKind::Choice, None) => choice_run = Some(row),
                (QuestionKind::Text, Some(first)) => {
                    sheet.add_data_validation(
                        first,
                        COL_ANSWER,
                        row - 1,
                        COL_ANSWER,
                        &validation,
                    )?;
                    choice_run = None;
                }
                _ => {}
            }
            row += 1;
        }
        if let Some(first) = choice_run {
            sheet.add_data_validation(first, COL_ANSWER, row - 1, COL_ANSWER, &validation)?;
        }
    }
    Ok(())
}

fn meta_value<'a>(form: &'a Mds2Form, meta: &'a Mds2Meta, field: MetaField) -> &'a str {
    match field {
        MetaField::Form => form.standard(),
        MetaField::Manufacturer => &meta.manufacturer,
        MetaField::Device => &meta.device,
        MetaField::Model => &meta.model,
        MetaField::Version => &meta.version,
        MetaField::DocumentId => &meta.document_id,
        MetaField::Date => &meta.date,
    }
}

fn write_optional(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<&str>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(value) => sheet.write_string_with_format(row, col, value, format)?,
        None => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}
