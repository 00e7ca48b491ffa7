//! The attachment table as a DOCX package: hand-written WordprocessingML in a deterministic zip.
//!
//! Parts: `[Content_Types].xml`, `_rels/.rels`, `word/document.xml`, `word/styles.xml`,
//! `word/fontTable.xml`, `word/_rels/document.xml.rels`, `docProps/core.xml`. The text is set in
//! Times New Roman with MS Mincho (ＭＳ 明朝) for East Asian text, which LibreOffice replaces by
//! IPAMincho when MS Mincho is not installed. Page A4 portrait, margins 25.4 mm.

use crate::error::AttachmentError;
use crate::escape::{lines, xml};
use crate::labels;
use crate::model::{AttachmentRow, AttachmentTable, Lang};
use crate::validate::check_table;
use crate::zipper::write_zip;

/// Width of the text area in twentieths of a point (A4 width 11906 minus two margins of 1440).
const TEXT_WIDTH: u32 = 9026;
/// Width of the first column (clause number and title).
const CLAUSE_WIDTH: u32 = 3700;
/// Width of the second column (記載文書).
const DOCUMENTS_WIDTH: u32 = TEXT_WIDTH - CLAUSE_WIDTH;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Writes `table` as a DOCX package (Word 2007+ / LibreOffice). The same table gives the same
/// bytes. Fails with [`AttachmentError::Invalid`] naming the field when the table cannot be
/// written (see [`AttachmentTable::validate`]).
pub fn to_docx(table: &AttachmentTable) -> Result<Vec<u8>, AttachmentError> {
    check_table(table, "")?;
    let document = document_xml(table);
    let styles = styles_xml(table.lang);
    let core = core_xml(table);
    write_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELATIONSHIPS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/fontTable.xml", FONT_TABLE.as_bytes()),
        (
            "word/_rels/document.xml.rels",
            DOCUMENT_RELATIONSHIPS.as_bytes(),
        ),
        ("docProps/core.xml", core.as_bytes()),
    ])
}

/// The main part, `word/document.xml`, of the package [`to_docx`] writes (not validated).
pub(crate) fn document_xml(table: &AttachmentTable) -> String {
    let lang = table.lang;
    let mut out = String::new();
    out.push_str(XML_DECLARATION);
    out.push_str(&format!(
        "<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\">\n<w:body>\n"
    ));
    for (label, value) in labels::product_fields(lang, &table.product) {
        out.push_str(&paragraph(
            "Product",
            &format!("{label}{}{value}", labels::colon(lang)),
        ));
    }
    out.push_str(&paragraph("AttachmentHeading", &table.heading));
    out.push_str(&main_table(table));
    if table.annex_f.is_some() && table.has_row_documents() {
        out.push_str(&paragraph(
            "AppendixHeading",
            labels::annex_f_appendix_heading(lang),
        ));
        out.push_str(&table_start(table));
        for row in &table.rows {
            out.push_str(&row_start(row));
            out.push_str(&documents_cell(lang, row));
            out.push_str("</w:tr>\n");
        }
        out.push_str("</w:tbl>\n");
    }
    if !table.generated_at.trim().is_empty() {
        out.push_str(&paragraph(
            "Generated",
            &format!(
                "{}{}{}",
                labels::generated_label(lang),
                labels::colon(lang),
                table.generated_at.trim()
            ),
        ));
    }
    out.push_str(
        "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" \
         w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/></w:sectPr>\n\
         </w:body>\n</w:document>\n",
    );
    out
}

/// The table of the attachment, with the merged Annex F cell when the sentence is set.
fn main_table(table: &AttachmentTable) -> String {
    let mut out = table_start(table);
    for (index, row) in table.rows.iter().enumerate() {
        out.push_str(&row_start(row));
        match &table.annex_f {
            Some(sentence) if index == 0 => {
                out.push_str(&format!(
                    "<w:tc><w:tcPr><w:tcW w:w=\"{DOCUMENTS_WIDTH}\" w:type=\"dxa\"/>\
                     <w:vMerge w:val=\"restart\"/></w:tcPr>\n"
                ));
                out.push_str(&paragraph("AnnexF", sentence));
                out.push_str("</w:tc>\n");
            }
            Some(_) => out.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{DOCUMENTS_WIDTH}\" w:type=\"dxa\"/>\
                 <w:vMerge/></w:tcPr><w:p/></w:tc>\n"
            )),
            None => out.push_str(&documents_cell(table.lang, row)),
        }
        out.push_str("</w:tr>\n");
    }
    out.push_str("</w:tbl>\n");
    out
}

/// Table properties, grid and the header row (repeated on every page).
fn table_start(table: &AttachmentTable) -> String {
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let borders: String = ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|side| border(side))
        .collect();
    let mut out = format!(
        "<w:tbl>\n<w:tblPr><w:tblW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/>\
         <w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
         <w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" \
         w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr>\n\
         <w:tblGrid><w:gridCol w:w=\"{CLAUSE_WIDTH}\"/><w:gridCol w:w=\"{DOCUMENTS_WIDTH}\"/></w:tblGrid>\n\
         <w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>\n"
    );
    for (width, title) in [
        (CLAUSE_WIDTH, &table.column_titles.0),
        (DOCUMENTS_WIDTH, &table.column_titles.1),
    ] {
        out.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>\
             <w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9D9D9\"/>\
             <w:vAlign w:val=\"center\"/></w:tcPr>\n"
        ));
        out.push_str(&paragraph("TableHeader", title));
        out.push_str("</w:tc>\n");
    }
    out.push_str("</w:tr>\n");
    out
}

/// Opens a body row and writes its first cell: clause number, tab, clause title.
fn row_start(row: &AttachmentRow) -> String {
    format!(
        "<w:tr>\n<w:tc><w:tcPr><w:tcW w:w=\"{CLAUSE_WIDTH}\" w:type=\"dxa\"/></w:tcPr>\n\
         <w:p><w:pPr><w:pStyle w:val=\"Clause\"/></w:pPr>{}<w:r><w:tab/></w:r>{}</w:p>\n</w:tc>\n",
        runs(row.clause.trim()),
        runs(row.title.trim())
    )
}

/// The 記載文書 cell of a row: one paragraph per document (with its items under it), then the note.
fn documents_cell(lang: Lang, row: &AttachmentRow) -> String {
    let mut out =
        format!("<w:tc><w:tcPr><w:tcW w:w=\"{DOCUMENTS_WIDTH}\" w:type=\"dxa\"/></w:tcPr>\n");
    if row.cell.is_empty() && row.note.is_none() {
        out.push_str(&paragraph("NoDocument", labels::no_documents(lang)));
    }
    for document in &row.cell {
        let mut content = runs(&labels::document_line(lang, document));
        if let Some(marker) = labels::status_marker(lang, document.status) {
            content.push_str(&format!(
                "<w:r><w:rPr><w:rStyle w:val=\"StatusMarker\"/></w:rPr>{}</w:r>",
                text_elements(marker)
            ));
        }
        out.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Document\"/></w:pPr>{content}</w:p>\n"
        ));
        if let Some(items) = labels::items_line(lang, document) {
            out.push_str(&paragraph("Items", &items));
        }
    }
    if let Some(note) = &row.note {
        out.push_str(&paragraph("Note", note));
    }
    out.push_str("</w:tc>\n");
    out
}

/// A paragraph of style `style` holding `text` (line breaks kept).
fn paragraph(style: &str, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>\n",
        runs(text)
    )
}

/// One run holding `text`; nothing for empty text.
fn runs(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    format!("<w:r>{}</w:r>", text_elements(text))
}

/// The content of a run: `w:t` pieces with `w:tab` for tabs and `w:br` for line breaks.
fn text_elements(text: &str) -> String {
    let mut out = String::new();
    for (number, line) in lines(text).into_iter().enumerate() {
        if number > 0 {
            out.push_str("<w:br/>");
        }
        for (piece_number, piece) in line.split('\t').enumerate() {
            if piece_number > 0 {
                out.push_str("<w:tab/>");
            }
            if !piece.is_empty() {
                out.push_str(&format!("<w:t xml:space=\"preserve\">{}</w:t>", xml(piece)));
            }
        }
    }
    out
}

/// `word/styles.xml`: document defaults and the paragraph styles the document uses.
fn styles_xml(lang: Lang) -> String {
    let tag = lang.tag();
    let paragraph_style = |id: &str, name: &str, paragraph: &str, run: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"{id}\">\
             <w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/>\
             <w:pPr>{paragraph}</w:pPr><w:rPr>{run}</w:rPr></w:style>\n"
        )
    };
    let mut out = String::new();
    out.push_str(XML_DECLARATION);
    out.push_str(&format!(
        "<w:styles xmlns:w=\"{W_NS}\">\n\
         <w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" \
         w:eastAsia=\"MS Mincho\" w:cs=\"Times New Roman\"/>\
         <w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>\
         <w:lang w:val=\"{tag}\" w:eastAsia=\"ja-JP\" w:bidi=\"ar-SA\"/>\
         </w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"260\" w:lineRule=\"auto\"/>\
         </w:pPr></w:pPrDefault></w:docDefaults>\n\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">\
         <w:name w:val=\"Normal\"/><w:qFormat/></w:style>\n\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
         <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\n\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">\
         <w:name w:val=\"Normal Table\"/><w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
         <w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>\
         </w:tblPr></w:style>\n"
    ));
    out.push_str(&paragraph_style(
        "Product",
        "Attachment Product",
        "<w:jc w:val=\"right\"/>",
        "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>",
    ));
    out.push_str(&paragraph_style(
        "AttachmentHeading",
        "Attachment Heading",
        "<w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/>",
        "<w:b/><w:bCs/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>",
    ));
    out.push_str(&paragraph_style(
        "AppendixHeading",
        "Attachment Appendix Heading",
        "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/>",
        "<w:b/><w:bCs/><w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>",
    ));
    out.push_str(&paragraph_style(
        "TableHeader",
        "Attachment Table Header",
        "<w:jc w:val=\"center\"/>",
        "<w:b/><w:bCs/>",
    ));
    out.push_str(&paragraph_style(
        "Clause",
        "Attachment Clause",
        "<w:tabs><w:tab w:val=\"left\" w:pos=\"425\"/></w:tabs><w:ind w:left=\"425\" w:hanging=\"425\"/>",
        "",
    ));
    out.push_str(&paragraph_style(
        "Document",
        "Attachment Document",
        "<w:spacing w:before=\"40\"/>",
        "",
    ));
    out.push_str(&paragraph_style(
        "Items",
        "Attachment Items",
        "<w:ind w:left=\"210\"/>",
        "<w:color w:val=\"404040\"/><w:sz w:val=\"17\"/><w:szCs w:val=\"17\"/>",
    ));
    out.push_str(&paragraph_style(
        "Note",
        "Attachment Note",
        "<w:spacing w:before=\"80\"/>",
        "<w:sz w:val=\"19\"/><w:szCs w:val=\"19\"/>",
    ));
    out.push_str(&paragraph_style(
        "NoDocument",
        "Attachment No Document",
        "",
        "<w:color w:val=\"C00000\"/>",
    ));
    out.push_str(&paragraph_style(
        "AnnexF",
        "Attachment Annex F",
        "<w:jc w:val=\"both\"/>",
        "",
    ));
    out.push_str(&paragraph_style(
        "Generated",
        "Attachment Generated",
        "<w:jc w:val=\"right\"/><w:spacing w:before=\"240\"/>",
        "<w:color w:val=\"595959\"/><w:sz w:val=\"16\"/><w:szCs w:val=\"16\"/>",
    ));
    out.push_str(
        "<w:style w:type=\"character\" w:customStyle=\"1\" w:styleId=\"StatusMarker\">\
         <w:name w:val=\"Attachment Status Marker\"/><w:rPr><w:b/><w:bCs/>\
         <w:color w:val=\"C00000\"/></w:rPr></w:style>\n</w:styles>\n",
    );
    out
}

/// `docProps/core.xml`: title, subject, creator, language and, when it is a W3C date, the creation time.
fn core_xml(table: &AttachmentTable) -> String {
    let subject = [table.product.name.trim(), table.product.version.trim()]
        .iter()
        .filter(|part| !part.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let created = if is_w3c_date_time(table.generated_at.trim()) {
        format!(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{}</dcterms:created>\n",
            xml(table.generated_at.trim())
        )
    } else {
        String::new()
    };
    format!(
        "{XML_DECLARATION}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n\
         <dc:title>{}</dc:title>\n<dc:subject>{}</dc:subject>\n<dc:creator>tplc</dc:creator>\n\
         <dc:language>{}</dc:language>\n{created}</cp:coreProperties>\n",
        xml(table.heading.trim()),
        xml(&subject),
        table.lang.tag()
    )
}

/// Whether `text` is a W3CDTF date-time as Office wants it: `YYYY-MM-DDThh:mm:ss` with optional
/// fraction and a `Z` or `±hh:mm` zone.
fn is_w3c_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let at = |index: usize, expected: u8| bytes.get(index) == Some(&expected);
    if !(digits(0..4)
        && at(4, b'-')
        && digits(5..7)
        && at(7, b'-')
        && digits(8..10)
        && at(10, b'T')
        && digits(11..13)
        && at(13, b':')
        && digits(14..16)
        && at(16, b':')
        && digits(17..19))
    {
        return false;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let length = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if length == 0 {
            return false;
        }
        rest = &fraction[length..];
    }
    match rest.as_bytes() {
        [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\n\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\n\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\n\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\n\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\n\
<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\n\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\n\
</Types>\n";

const ROOT_RELATIONSHIPS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\n\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\n\
</Relationships>\n";

const DOCUMENT_RELATIONSHIPS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\n\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\n\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>\n\
</Relationships>\n";

const FONT_TABLE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\n\
<w:font w:name=\"Times New Roman\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/>\
<w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>\n\
<w:font w:name=\"MS Mincho\"><w:altName w:val=\"ＭＳ 明朝\"/><w:panose1 w:val=\"02020609040205080304\"/>\
<w:charset w:val=\"80\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>\n\
</w:fonts>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn w3c_date_times_are_recognised() {
        for good in [
            "2025-04-01T09:00:00+09:00",
            "2025-04-01T00:00:00Z",
            "2025-04-01T00:00:00.123Z",
        ] {
            assert!(is_w3c_date_time(good), "{good}");
        }
        for bad in [
            "",
            "2025-04-01",
            "2025-04-01 09:00:00Z",
            "2025-04-01T09:00:00",
            "2025-04-01T09:00:00.Z",
            "2025-04-01T09:00:00+0900",
            "令和7年4月1日",
        ] {
            assert!(!is_w3c_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn text_elements_keep_tabs_line_breaks_and_escape() {
        assert_eq!(
            text_elements("a<b\tc\nd&"),
            "<w:t xml:space=\"preserve\">a&lt;b</w:t><w:tab/><w:t xml:space=\"preserve\">c</w:t>\
             <w:br/><w:t xml:space=\"preserve\">d&amp;</w:t>"
        );
        assert_eq!(runs(""), "");
    }
}
