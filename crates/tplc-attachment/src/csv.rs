//! `documents.csv` of the evidence pack (RFC 4180, UTF-8 with a byte order mark so that
//! spreadsheet programs read Japanese correctly).

use crate::pack::LinkedDocument;

/// The header line of `documents.csv`.
const HEADER: [&str; 7] = [
    "item_id", "number", "title", "version", "location", "owner", "status",
];

/// The linked documents as CSV: a header, then one line per document, lines ending in CRLF.
pub(crate) fn documents_csv(documents: &[LinkedDocument]) -> String {
    let mut out = String::from("\u{feff}");
    push_line(&mut out, &HEADER);
    for document in documents {
        push_line(
            &mut out,
            &[
                &document.item_id,
                &document.number,
                &document.title,
                &document.version,
                &document.location,
                &document.owner,
                document.status.as_str(),
            ],
        );
    }
    out
}

fn push_line(out: &mut String, fields: &[&str]) {
    let line: Vec<String> = fields.iter().map(|field| field_text(field)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// One field: quoted when it holds a comma, quote or line break; a field a spreadsheet would
/// take for a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`.
fn field_text(field: &str) -> String {
    let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_owned()
    };
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DocumentStatus;

    #[test]
    fn fields_are_quoted_and_formulas_defused() {
        assert_eq!(field_text("plain"), "plain");
        assert_eq!(field_text("a,b"), "\"a,b\"");
        assert_eq!(field_text("say \"hi\"\nbye"), "\"say \"\"hi\"\"\nbye\"");
        assert_eq!(
            field_text("=HYPERLINK(\"x\")"),
            "\"'=HYPERLINK(\"\"x\"\")\""
        );
        assert_eq!(field_text("@SUM(A1)"), "'@SUM(A1)");
    }

    #[test]
    fn csv_has_bom_header_and_one_line_per_document() {
        let csv = documents_csv(&[LinkedDocument {
            item_id: "jp0523-1-1-a".to_owned(),
            number: "QM-SEC-001".to_owned(),
            title: "サイバーセキュリティ管理規程".to_owned(),
            version: "第2版".to_owned(),
            location: "https://dms.example/QM-SEC-001".to_owned(),
            owner: "品質保証部".to_owned(),
            status: DocumentStatus::Approved,
        }]);
        assert_eq!(
            csv,
            "\u{feff}item_id,number,title,version,location,owner,status\r\n\
             jp0523-1-1-a,QM-SEC-001,サイバーセキュリティ管理規程,第2版,https://dms.example/QM-SEC-001,品質保証部,approved\r\n"
        );
    }
}
