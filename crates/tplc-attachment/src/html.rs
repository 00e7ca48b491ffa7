//! The attachment table as a standalone HTML page (inline CSS, no scripts, every text escaped).

use crate::escape::{html, html_lines};
use crate::labels;
use crate::model::{AttachmentRow, AttachmentTable, Lang};

/// Style sheet shared by the attachment and the pages of the evidence pack.
const STYLE: &str = "body{font-family:\"Times New Roman\",\"IPAexMincho\",\"IPAMincho\",\"MS Mincho\",\
\"Hiragino Mincho ProN\",serif;font-size:10.5pt;line-height:1.5;color:#000;max-width:180mm;\
margin:2em auto;padding:0 1em}\
h1{font-size:12pt;margin:1.5em 0 .6em}h2{font-size:11pt;margin:2em 0 .6em}\
table{border-collapse:collapse;width:100%;margin:.5em 0}\
th,td{border:1px solid #000;padding:.3em .5em;vertical-align:top;text-align:left}\
thead th{background:#d9d9d9;text-align:center;vertical-align:middle}\
table.attachment th[scope=row]{width:41%;font-weight:normal}\
.clause{display:inline-block;min-width:2.2em}\
ul.documents{list-style:none;margin:0;padding:0}ul.documents li{margin:.15em 0}\
.items{font-size:8.5pt;color:#404040;padding-left:1em}\
.status{font-weight:bold;color:#c00000}.none{color:#c00000}\
.note{font-size:9.5pt;margin:.4em 0 0}.annex-f{text-align:justify}\
.product{text-align:right;font-size:9pt;margin:0}.generated{text-align:right;font-size:8pt;color:#595959}\
.numeric{text-align:right}a{color:#0645ad}";

/// Writes `table` as a standalone HTML page in its language. Texts are escaped; control
/// characters that a document cannot hold are shown as U+FFFD (use [`AttachmentTable::validate`]
/// to reject them instead). With Annex F, the 記載文書 column is one cell spanning all rows
/// (`rowspan`), and the documents of the rows follow in a second table.
pub fn to_html(table: &AttachmentTable) -> String {
    let lang = table.lang;
    let mut body = String::new();
    for (label, value) in labels::product_fields(lang, &table.product) {
        body.push_str(&format!(
            "<p class=\"product\">{}{}{}</p>\n",
            html(label),
            html(labels::colon(lang)),
            html(value)
        ));
    }
    body.push_str(&format!("<h1>{}</h1>\n", html_lines(&table.heading)));
    body.push_str(&table_start(table));
    let span = table.rows.len();
    for (index, row) in table.rows.iter().enumerate() {
        body.push_str(&row_start(row));
        match &table.annex_f {
            Some(sentence) if index == 0 => body.push_str(&format!(
                "<td rowspan=\"{span}\" class=\"annex-f\">{}</td>",
                html_lines(sentence)
            )),
            Some(_) => {}
            None => body.push_str(&documents_cell(lang, row)),
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n</table>\n");
    if table.annex_f.is_some() && table.has_row_documents() {
        body.push_str(&format!(
            "<h2>{}</h2>\n",
            html(labels::annex_f_appendix_heading(lang))
        ));
        body.push_str(&table_start(table));
        for row in &table.rows {
            body.push_str(&row_start(row));
            body.push_str(&documents_cell(lang, row));
            body.push_str("</tr>\n");
        }
        body.push_str("</tbody>\n</table>\n");
    }
    if !table.generated_at.trim().is_empty() {
        body.push_str(&format!(
            "<p class=\"generated\">{}{}{}</p>\n",
            html(labels::generated_label(lang)),
            html(labels::colon(lang)),
            html(table.generated_at.trim())
        ));
    }
    page(lang, &table.heading, &body)
}

/// A complete HTML page in `lang` with `title` and `body` (already escaped markup).
pub(crate) fn page(lang: Lang, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        lang.code(),
        html(title.trim())
    )
}

/// Opening of a table of the attachment layout with its header row.
fn table_start(table: &AttachmentTable) -> String {
    format!(
        "<table class=\"attachment\">\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        html(&table.column_titles.0),
        html(&table.column_titles.1)
    )
}

/// Opening of a body row with its clause cell.
fn row_start(row: &AttachmentRow) -> String {
    format!(
        "<tr><th scope=\"row\"><span class=\"clause\">{}</span><span class=\"title\">{}</span></th>",
        html(row.clause.trim()),
        html(row.title.trim())
    )
}

/// The 記載文書 cell of a row.
fn documents_cell(lang: Lang, row: &AttachmentRow) -> String {
    let mut out = String::from("<td>");
    if row.cell.is_empty() && row.note.is_none() {
        out.push_str(&format!(
            "<p class=\"none\">{}</p>",
            html(labels::no_documents(lang))
        ));
    }
    if !row.cell.is_empty() {
        out.push_str("<ul class=\"documents\">");
        for document in &row.cell {
            out.push_str(&format!(
                "<li>{}",
                html_lines(&labels::document_line(lang, document))
            ));
            if let Some(marker) = labels::status_marker(lang, document.status) {
                out.push_str(&format!("<span class=\"status\">{}</span>", html(marker)));
            }
            if let Some(items) = labels::items_line(lang, document) {
                out.push_str(&format!("<div class=\"items\">{}</div>", html(&items)));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    if let Some(note) = &row.note {
        out.push_str(&format!("<p class=\"note\">{}</p>", html_lines(note)));
    }
    out.push_str("</td>");
    out
}
