//! Helpers: a fully answered document and hand-made workbooks.

use rust_xlsxwriter::Workbook;
use tplc_mds2::{Answer, Mds2Document, Mds2Form, Mds2Meta, QuestionKind};

/// A document answering every question, cycling through the answers, with notes on some.
pub(crate) fn full_document() -> Mds2Document {
    let form = Mds2Form::hn_1_2019();
    let mut document = Mds2Document::new(Mds2Meta {
        manufacturer: "Example Medical 株式会社".into(),
        device: "Infusion pump / 輸液ポンプ".into(),
        model: "IP-200, IP-210".into(),
        version: "2.1.0".into(),
        document_id: "MDS2-IP-200-2.1".into(),
        date: "2026-03-20".into(),
    });
    let choices = [
        Answer::Yes,
        Answer::No,
        Answer::NotApplicable,
        Answer::SeeNote,
    ];
    for (at, question) in form.questions().iter().enumerate() {
        let answer = match question.kind {
            QuestionKind::Text => Answer::Text(format!("{} の回答\nline 2", question.id)),
            QuestionKind::Choice => choices[at % choices.len()].clone(),
        };
        let note = if at % 3 == 0 {
            format!("note {at}: 備考 <&> \"q\"")
        } else {
            String::new()
        };
        document.set(question.id.clone(), answer, note);
    }
    document
}

/// A workbook with one sheet whose cells are given as (row, column, text), 0-based.
pub(crate) fn workbook(sheet: &str, cells: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let worksheet = workbook.add_worksheet();
    worksheet.set_name(sheet).unwrap();
    for &(row, col, text) in cells {
        worksheet.write_string(row, col, text).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

/// The cells of a minimal MDS2 table: the header at row 0, then the given rows of
/// [id, question, answer, note] from row 1 on.
pub(crate) fn table(rows: &[[&'static str; 4]]) -> Vec<(u32, u16, &'static str)> {
    let mut cells = vec![
        (0, 0, "Question ID"),
        (0, 1, "Question"),
        (0, 2, "Answer"),
        (0, 3, "Note"),
    ];
    for (row, values) in (1..).zip(rows) {
        for (col, value) in (0..).zip(values) {
            if !value.is_empty() {
                cells.push((row, col, *value));
            }
        }
    }
    cells
}
