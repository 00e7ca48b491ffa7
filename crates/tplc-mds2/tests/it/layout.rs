//! The workbook is laid out like the published form.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use tplc_mds2::{Lang, Mds2Form, write_xlsx, write_xlsx_in};

use crate::support::full_document;

fn cells(bytes: &[u8]) -> (Vec<String>, calamine::Range<Data>) {
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let names = workbook.sheet_names();
    let range = workbook.worksheet_range("MDS2").unwrap();
    (names, range)
}

fn at(range: &calamine::Range<Data>, cell: &str) -> String {
    let col = u32::from(cell.as_bytes()[0] - b'A');
    let row: u32 = cell[1..].parse::<u32>().unwrap() - 1;
    range
        .get_value((row, col))
        .map(ToString::to_string)
        .unwrap_or_default()
}

#[test]
fn english_layout() {
    let form = Mds2Form::hn_1_2019();
    let bytes = write_xlsx(form, &full_document()).unwrap();
    let (names, range) = cells(&bytes);
    assert_eq!(names, ["MDS2"]);
    let expected = [
        (
            "A1",
            "Manufacturer Disclosure Statement for Medical Device Security (MDS2)",
        ),
        ("A2", "Form"),
        ("B2", "ANSI/NEMA HN 1-2019"),
        ("A3", "Manufacturer"),
        ("B3", "Example Medical 株式会社"),
        ("A5", "Model"),
        ("B5", "IP-200, IP-210"),
        ("A8", "Date"),
        ("B8", "2026-03-20"),
        ("A10", "Question ID"),
        ("B10", "Question"),
        ("C10", "Answer"),
        ("D10", "Note"),
        ("A11", "DOC"),
        ("B11", "Document information"),
        ("A12", "DOC-1"),
        ("B12", "Manufacturer's name"),
        ("C12", "DOC-1 の回答\nline 2"),
        ("D12", "note 0: 備考 <&> \"q\""),
        ("A19", "DOC-8"),
        ("C19", "See Note"),
        ("C20", "Yes"),
        ("A27", "MPII"),
        ("A28", "MPII-1"),
    ];
    for (cell, value) in expected {
        assert_eq!(at(&range, cell), value, "{cell}");
    }
    // 240 questions and 23 section rows after the header row 10.
    assert_eq!(range.end().map(|(row, _)| row + 1), Some(10 + 240 + 23));
    assert_eq!(at(&range, &format!("A{}", 10 + 240 + 23)), "RMOT-3");
}

#[test]
fn japanese_layout() {
    let form = Mds2Form::hn_1_2019();
    let bytes = write_xlsx_in(form, &full_document(), Lang::Ja).unwrap();
    let (_, range) = cells(&bytes);
    assert_eq!(
        at(&range, "A1"),
        "製造販売業者による医療機器セキュリティ開示書（MDS2）"
    );
    assert_eq!(at(&range, "A3"), "製造販売業者");
    assert_eq!(at(&range, "A10"), "Question ID");
    assert_eq!(at(&range, "B10"), "質問");
    assert_eq!(at(&range, "D10"), "備考");
    assert_eq!(at(&range, "B11"), "文書情報");
    assert_eq!(at(&range, "B12"), "製造販売業者名");
}

#[test]
fn choice_answers_have_a_drop_down_list() {
    let form = Mds2Form::hn_1_2019();
    let bytes = write_xlsx(form, &full_document()).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    // One list per section; DOC's starts after the text questions DOC-1 … DOC-7.
    assert_eq!(xml.matches("<dataValidation ").count(), 23, "{xml}");
    assert!(xml.contains(r#"sqref="C19:C26""#));
    assert!(xml.contains(r#"<formula1>"Yes,No,N/A,See Note"</formula1>"#));
    assert!(
        !xml.contains(r#"sqref="C12:"#) && !xml.contains(r#"sqref="C12""#),
        "no list on text answers"
    );
}
