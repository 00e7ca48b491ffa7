//! Behaviour of the DOCX and HTML writers: package structure, determinism, the Annex F merged cell,
//! escaping, and the errors for tables that cannot be written.

mod common;

use proptest::prelude::*;
use tplc_attachment::sample::{ANNEX_F_SENTENCE, sample_table};
use tplc_attachment::{
    AttachmentError, AttachmentTable, DocumentRef, DocumentStatus, Lang, to_docx, to_html,
};

const PARTS: [&str; 7] = [
    "[Content_Types].xml",
    "_rels/.rels",
    "word/document.xml",
    "word/styles.xml",
    "word/fontTable.xml",
    "word/_rels/document.xml.rels",
    "docProps/core.xml",
];

fn docx(table: &AttachmentTable) -> Vec<u8> {
    to_docx(table).expect("the table writes")
}

#[test]
fn package_has_every_part_well_formed_and_declared() {
    let bytes = docx(&sample_table(Lang::Ja, false));
    let entries = common::unzip(&bytes);
    let names: Vec<&str> = entries.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, PARTS);
    for (name, content) in &entries {
        common::assert_well_formed(std::str::from_utf8(content).expect("UTF-8 part"));
        assert!(
            content.starts_with(b"<?xml"),
            "{name} has an XML declaration"
        );
    }
    let types = common::entry(&bytes, "[Content_Types].xml");
    for part in [
        "/word/document.xml",
        "/word/styles.xml",
        "/word/fontTable.xml",
        "/docProps/core.xml",
    ] {
        assert!(
            types.contains(&format!("PartName=\"{part}\"")),
            "{part} declared"
        );
    }
    let root = common::entry(&bytes, "_rels/.rels");
    assert!(root.contains("Target=\"word/document.xml\""));
    assert!(root.contains("Target=\"docProps/core.xml\""));
    let relationships = common::entry(&bytes, "word/_rels/document.xml.rels");
    assert!(relationships.contains("Target=\"styles.xml\""));
    assert!(relationships.contains("Target=\"fontTable.xml\""));
    let core = common::entry(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>(4) JIS T 81001-5-1の実施状況</dc:title>"));
    assert!(core.contains("<dc:language>ja-JP</dc:language>"));
    assert!(core.contains(
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2025-04-01T09:00:00+09:00</dcterms:created>"
    ));
    let styles = common::entry(&bytes, "word/styles.xml");
    assert!(styles.contains("w:eastAsia=\"MS Mincho\""));
}

#[test]
fn output_is_deterministic_with_fixed_timestamps() {
    let table = sample_table(Lang::Ja, true);
    let first = docx(&table);
    assert_eq!(first, docx(&table));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first)).expect("a zip archive");
    for index in 0..archive.len() {
        let entry = archive.by_index(index).expect("an entry");
        let time = entry.last_modified().expect("a timestamp");
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (1980, 1, 1, 0, 0),
            "{}",
            entry.name()
        );
    }
    assert_eq!(to_html(&table), to_html(&table));
}

#[test]
fn table_has_a_header_row_and_one_row_per_clause_with_every_document() {
    let table = sample_table(Lang::Ja, false);
    let bytes = docx(&table);
    let document = common::entry(&bytes, "word/document.xml");
    assert_eq!(document.matches("<w:tbl>").count(), 1);
    assert_eq!(document.matches("<w:tr>").count(), 1 + 6, "header and rows");
    assert_eq!(document.matches("<w:tblHeader/>").count(), 1);
    assert_eq!(document.matches("<w:gridCol ").count(), 2);
    assert!(!document.contains("w:vMerge"));
    let paragraphs = common::paragraphs(&document);
    for expected in [
        "(4) JIS T 81001-5-1の実施状況",
        "JIS T 81001-5-1の確認項目",
        "記載文書",
        "4\t一般要求事項",
        "7\tセキュリティに関連するリスクマネジメントプロセス",
        "9\tソフトウェア問題解決プロセス",
        "QM-SEC-001 サイバーセキュリティ管理規程（第2版）",
        "STR-TP200-004 セキュリティ試験報告書（第1版）［作成中］",
        "対応項目：jp0523-1-2-c、jp0523-1-2-d、jp0523-2-2-a",
        "販売名：輸液ポンプ TP-200",
        "作成日時：2025-04-01T09:00:00+09:00",
    ] {
        assert!(
            paragraphs.iter().any(|paragraph| paragraph == expected),
            "paragraph {expected:?} missing in {paragraphs:#?}"
        );
    }
    let html = to_html(&table);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert_eq!(html.matches("<th scope=\"row\">").count(), 6);
    for row in &table.rows {
        for document in &row.cell {
            assert!(html.contains(&document.number), "{}", document.number);
        }
    }
    assert!(!html.contains("rowspan"));
}

#[test]
fn annex_f_merges_the_documents_column_and_lists_the_documents_after() {
    let table = sample_table(Lang::Ja, true);
    let document = common::entry(&docx(&table), "word/document.xml");
    assert_eq!(document.matches("<w:vMerge w:val=\"restart\"/>").count(), 1);
    assert_eq!(document.matches("<w:vMerge/>").count(), 5);
    assert_eq!(document.matches("<w:tbl>").count(), 2, "table and appendix");
    let paragraphs = common::paragraphs(&document);
    assert_eq!(
        paragraphs
            .iter()
            .filter(|paragraph| paragraph.as_str() == ANNEX_F_SENTENCE.0)
            .count(),
        1
    );
    let sentence = paragraphs
        .iter()
        .position(|paragraph| paragraph == ANNEX_F_SENTENCE.0)
        .expect("the sentence");
    let general = paragraphs
        .iter()
        .position(|paragraph| paragraph == "4\t一般要求事項")
        .expect("row 4");
    let development = paragraphs
        .iter()
        .position(|paragraph| paragraph == "5\tソフトウェア開発プロセス")
        .expect("row 5");
    assert!(
        general < sentence && sentence < development,
        "the merged cell starts in the first row"
    );
    assert!(
        paragraphs
            .iter()
            .any(|paragraph| paragraph == "別添資料1　JIS T 81001-5-1の確認項目ごとの関連文書")
    );
    assert!(
        paragraphs
            .iter()
            .skip(sentence)
            .any(|paragraph| paragraph.starts_with("QM-SEC-001 ")),
        "documents listed in the appendix"
    );

    let html = to_html(&table);
    assert_eq!(
        html.matches("<td rowspan=\"6\" class=\"annex-f\">").count(),
        1
    );
    assert_eq!(html.matches("<table class=\"attachment\">").count(), 2);
}

#[test]
fn annex_f_without_documents_has_no_appendix_and_empty_rows_are_marked() {
    let mut table = sample_table(Lang::En, true);
    for row in &mut table.rows {
        row.cell.clear();
        row.note = None;
    }
    let document = common::entry(&docx(&table), "word/document.xml");
    assert_eq!(document.matches("<w:tbl>").count(), 1);
    assert!(!to_html(&table).contains("Attachment 1: documents"));

    table.annex_f = None;
    let paragraphs = common::paragraphs(&common::entry(&docx(&table), "word/document.xml"));
    assert_eq!(
        paragraphs
            .iter()
            .filter(|paragraph| paragraph.as_str() == "(no document linked)")
            .count(),
        6
    );
}

#[test]
fn markup_characters_are_escaped_in_docx_and_html() {
    let mut table = sample_table(Lang::En, false);
    table.heading = "Heading <b>&\"quoted\"</b>".to_owned();
    table.product.name = "Pump <X> & \"Y\"".to_owned();
    table.rows[0].title = "Title <&\">".to_owned();
    table.rows[0].cell.push(DocumentRef {
        number: "DOC-<1>&\"2\"".to_owned(),
        title: "<script>alert('x')</script>".to_owned(),
        version: "v1 & v2".to_owned(),
        item_ids: vec!["item<&\">".to_owned()],
        status: DocumentStatus::Planned,
    });
    table.rows[1].note = Some("line one <&\">\nline two\tafter tab".to_owned());

    let bytes = docx(&table);
    let core = common::entry(&bytes, "docProps/core.xml");
    common::assert_well_formed(&core);
    assert!(
        core.contains("<dc:title>Heading &lt;b&gt;&amp;&quot;quoted&quot;&lt;/b&gt;</dc:title>")
    );
    let document = common::entry(&bytes, "word/document.xml");
    let paragraphs = common::paragraphs(&document);
    for expected in [
        "Heading <b>&\"quoted\"</b>",
        "Brand name: Pump <X> & \"Y\"",
        "4\tTitle <&\">",
        "DOC-<1>&\"2\" <script>alert('x')</script> (v1 & v2) [planned]",
        "Items: item<&\">",
        "line one <&\">\nline two\tafter tab",
    ] {
        assert!(
            paragraphs.iter().any(|paragraph| paragraph == expected),
            "{expected:?} not in {paragraphs:#?}"
        );
    }
    assert!(!document.contains("<script>"));

    let html = to_html(&table);
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>"));
    assert!(html.contains("<title>Heading &lt;b&gt;&amp;&quot;quoted&quot;&lt;/b&gt;</title>"));
    assert!(html.contains("Title &lt;&amp;&quot;&gt;"));
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("line one &lt;&amp;&quot;&gt;<br>line two\tafter tab"));
}

fn invalid(table: &AttachmentTable) -> String {
    match to_docx(table) {
        Err(error @ AttachmentError::Invalid { .. }) => {
            assert_eq!(
                table.validate().err().map(|e| e.to_string()),
                Some(error.to_string())
            );
            error.to_string()
        }
        other => panic!("expected an invalid-table error, got {other:?}"),
    }
}

#[test]
fn tables_that_cannot_be_written_are_rejected_with_a_pointer() {
    let mut table = sample_table(Lang::Ja, false);
    table.rows.clear();
    assert_eq!(invalid(&table), "/rows: the table has no rows");

    let mut table = sample_table(Lang::Ja, false);
    table.rows[3].clause = "5".to_owned();
    assert_eq!(
        invalid(&table),
        "/rows/3/clause: clause \"5\" is already in /rows/1"
    );

    let mut table = sample_table(Lang::Ja, false);
    table.rows[2].cell[0].number = "  ".to_owned();
    assert_eq!(invalid(&table), "/rows/2/cell/0/number: must not be empty");

    let mut table = sample_table(Lang::Ja, false);
    table.rows[1].cell[2].title = "bell\u{7}".to_owned();
    assert_eq!(
        invalid(&table),
        "/rows/1/cell/2/title: control character U+0007 cannot be written into a document"
    );

    let mut table = sample_table(Lang::Ja, true);
    table.annex_f = Some(" ".to_owned());
    assert_eq!(invalid(&table), "/annex_f: must not be empty");

    let mut table = sample_table(Lang::Ja, false);
    table.heading.clear();
    assert_eq!(invalid(&table), "/heading: must not be empty");

    let mut table = sample_table(Lang::Ja, false);
    table.rows[0].cell[0].item_ids.push("x\u{0}".to_owned());
    assert_eq!(
        invalid(&table),
        "/rows/0/cell/0/item_ids/2: control character U+0000 cannot be written into a document"
    );

    // HTML cannot fail: the character is shown as U+FFFD.
    assert!(to_html(&table).contains("x\u{fffd}"));
    assert!(sample_table(Lang::En, true).validate().is_ok());
}

proptest! {
    #[test]
    fn any_writable_note_round_trips_through_document_xml(
        note in "[ -~\u{3000}-\u{30ff}\u{4e00}-\u{4e80}\t\n]{1,60}"
    ) {
        let mut table = sample_table(Lang::Ja, false);
        table.rows[5].note = Some(note.clone());
        let document = common::entry(&docx(&table), "word/document.xml");
        let paragraphs = common::paragraphs(&document);
        prop_assert!(paragraphs.contains(&note), "{:?} not found", note);
        let html = to_html(&table);
        prop_assert!(!html.contains("<script"));
    }
}
