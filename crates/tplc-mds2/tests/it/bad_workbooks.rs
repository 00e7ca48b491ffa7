//! Workbooks of other layouts and bad cells give one-line errors naming sheet and cell; the
//! reader never panics.

use std::io::Write;

use proptest::prelude::*;
use rust_xlsxwriter::Workbook;
use tplc_mds2::{Answer, Mds2Error, Mds2Form, read_xlsx, write_xlsx};

use crate::support::{full_document, table, workbook};

fn read_error(bytes: &[u8]) -> String {
    read_xlsx(Mds2Form::hn_1_2019(), bytes)
        .unwrap_err()
        .to_string()
}

#[test]
fn another_layout_names_the_sheet() {
    let bytes = workbook(
        "Sheet1",
        &[(0, 0, "Name"), (0, 1, "Value"), (1, 0, "DOC-1")],
    );
    assert_eq!(
        read_error(&bytes),
        "sheet 'Sheet1': no MDS2 question table (expected header 'Question ID' in column A)"
    );

    let mut two = Workbook::new();
    two.add_worksheet()
        .set_name("Cover")
        .unwrap()
        .write_string(0, 0, "MDS2")
        .unwrap();
    two.add_worksheet()
        .set_name("MDS2")
        .unwrap()
        .write_string(3, 1, "Question ID")
        .unwrap();
    let error = read_xlsx(Mds2Form::hn_1_2019(), &two.save_to_buffer().unwrap()).unwrap_err();
    assert_eq!(
        error,
        Mds2Error::NoTable {
            sheet: "MDS2".into(),
            other_sheets: 1
        }
    );
    assert!(
        error
            .to_string()
            .starts_with("sheet 'MDS2' (and 1 other sheet): no MDS2 question table")
    );
}

#[test]
fn files_that_are_no_workbook() {
    assert!(read_error(b"hello").starts_with("not a readable XLSX workbook: "));
    let mut zipped = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zipped
        .start_file("readme.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zipped.write_all(b"not a workbook").unwrap();
    let bytes = zipped.finish().unwrap().into_inner();
    assert!(read_error(&bytes).starts_with("not a readable XLSX workbook: "));
}

#[test]
fn bad_cells_are_named() {
    let cases: [(&[[&str; 4]], &str); 6] = [
        (
            &[["SHAD-15", "q", "Yes", ""]],
            "sheet 'MDS2'!A2: unknown question id \"SHAD-15\" (not in ANSI/NEMA HN 1-2019)",
        ),
        (
            &[["DOC-9", "q", "No", ""], ["DOC-8", "q", "Maybe", ""]],
            "sheet 'MDS2'!C3: \"Maybe\" is not an answer to DOC-8 (expected Yes, No, N/A, See Note or an empty cell)",
        ),
        (
            &[["DOC-8", "q", "Yes", ""], ["DOC-8", "q", "No", ""]],
            "sheet 'MDS2'!A3: question DOC-8 appears twice (first at A2)",
        ),
        (
            &[["remarks", "", "", ""]],
            "sheet 'MDS2'!A2: \"remarks\" is neither a question id nor a section code",
        ),
        (
            &[["", "", "Yes", ""]],
            "sheet 'MDS2'!A2: answer or note without a question id in column A",
        ),
        (
            &[["DOC-11", "q", "Yes, optional", ""]],
            "sheet 'MDS2'!C2: \"Yes, optional\" is not an answer to DOC-11 (expected Yes, No, N/A, See Note or an empty cell)",
        ),
    ];
    for (rows, message) in cases {
        assert_eq!(read_error(&workbook("MDS2", &table(rows))), message);
    }
}

#[test]
fn wrong_headers_and_forms_are_named() {
    let mut cells = table(&[]);
    cells[2] = (0, 2, "See note");
    assert_eq!(
        read_error(&workbook("MDS2", &cells)),
        "sheet 'MDS2'!C1: expected header 'Answer', found 'See note'"
    );
    let cells = vec![(0, 0, "Question ID"), (0, 1, "Question"), (0, 2, "Answer")];
    assert_eq!(
        read_error(&workbook("MDS2", &cells)),
        "sheet 'MDS2'!D1: expected header 'Note', found an empty cell"
    );

    let mut cells = vec![(0, 0, "Form"), (0, 1, "ANSI/NEMA HN 1-2013")];
    cells.extend(
        table(&[])
            .into_iter()
            .map(|(row, col, text)| (row + 2, col, text)),
    );
    assert_eq!(
        read_error(&workbook("MDS2", &cells)),
        "sheet 'MDS2'!B1: form \"ANSI/NEMA HN 1-2013\" is not ANSI/NEMA HN 1-2019"
    );

    let mut cells = vec![
        (0, 0, "Manufacturer"),
        (0, 1, "A"),
        (1, 0, "製造販売業者"),
        (1, 1, "B"),
    ];
    cells.extend(
        table(&[])
            .into_iter()
            .map(|(row, col, text)| (row + 2, col, text)),
    );
    assert_eq!(
        read_error(&workbook("MDS2", &cells)),
        "sheet 'MDS2'!A2: \"製造販売業者\" is given twice (first at A1)"
    );
}

#[test]
fn hand_made_workbooks_in_the_layout_are_read() {
    let mut workbook = Workbook::new();
    workbook
        .add_worksheet()
        .set_name("About")
        .unwrap()
        .write_string(0, 0, "notes")
        .unwrap();
    let sheet = workbook.add_worksheet().set_name("Answers").unwrap();
    sheet.write_string(0, 0, "Device:").unwrap();
    sheet.write_string(0, 1, "Pump").unwrap();
    sheet.write_string(1, 0, "model").unwrap();
    sheet.write_number(1, 1, 435).unwrap();
    for (col, header) in (0..).zip(["question id", "質問", "回答", "Notes"]) {
        sheet.write_string(3, col, header).unwrap();
    }
    let rows = [
        ["DOC", "Document information", "", ""],
        ["DOC-1", "", "ACME", ""],
        ["DOC-8", "", " yes ", ""],
        ["DOC-9", "", "See Notes", "pending"],
        ["DOC-10", "", "n/a", ""],
        ["", "", "", ""],
        ["  DOC-11  ", "", "", "only a note"],
    ];
    for (row, values) in (4..).zip(rows) {
        for (col, value) in (0..).zip(values) {
            if !value.is_empty() {
                sheet.write_string(row, col, value).unwrap();
            }
        }
    }
    let document = read_xlsx(Mds2Form::hn_1_2019(), &workbook.save_to_buffer().unwrap()).unwrap();
    assert_eq!(document.meta.device, "Pump");
    assert_eq!(document.meta.model, "435");
    assert_eq!(document.answer("DOC-1"), &Answer::Text("ACME".into()));
    assert_eq!(document.answer("DOC-8"), &Answer::Yes);
    assert_eq!(document.answer("DOC-9"), &Answer::SeeNote);
    assert_eq!(document.note("DOC-9"), "pending");
    assert_eq!(document.answer("DOC-10"), &Answer::NotApplicable);
    assert_eq!(document.answer("DOC-11"), &Answer::Unanswered);
    assert_eq!(document.note("DOC-11"), "only a note");
    assert_eq!(document.answers.len(), 5);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_give_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        prop_assert!(read_xlsx(Mds2Form::hn_1_2019(), &bytes).is_err());
    }

    #[test]
    fn damaged_workbooks_never_panic(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
        let form = Mds2Form::hn_1_2019();
        let mut bytes = write_xlsx(form, &full_document()).unwrap();
        for (at, value) in flips {
            let at = at.index(bytes.len());
            bytes[at] ^= value | 1;
        }
        // Either an error or a document: the point is that reading returns.
        let _ = read_xlsx(form, &bytes);
    }
}
