//! Fixed texts of the outputs in Japanese and English, and the wording of one document line.

use crate::model::{DocumentRef, DocumentStatus, Lang, ProductLine};

/// Picks the Japanese or English text.
pub(crate) fn pick(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// Label and value of each non-empty field of the product line.
pub(crate) fn product_fields(lang: Lang, product: &ProductLine) -> Vec<(&'static str, &str)> {
    [
        (pick(lang, "販売名", "Brand name"), product.name.as_str()),
        (
            pick(lang, "一般的名称", "Generic name"),
            product.generic_name.as_str(),
        ),
        (
            pick(lang, "承認・認証番号", "Approval/certification number"),
            product.approval_number.as_str(),
        ),
        (
            pick(lang, "バージョン", "Version"),
            product.version.as_str(),
        ),
    ]
    .into_iter()
    .filter(|(_, value)| !value.trim().is_empty())
    .collect()
}

/// Separator between a label and its value.
pub(crate) fn colon(lang: Lang) -> &'static str {
    pick(lang, "：", ": ")
}

/// Label of the generation time line.
pub(crate) fn generated_label(lang: Lang) -> &'static str {
    pick(lang, "作成日時", "Generated")
}

/// Text of a 記載文書 cell without documents.
pub(crate) fn no_documents(lang: Lang) -> &'static str {
    pick(lang, "（記載文書なし）", "(no document linked)")
}

/// Heading of the appendix that lists the documents when Annex F is applied.
pub(crate) fn annex_f_appendix_heading(lang: Lang) -> &'static str {
    pick(
        lang,
        "別添資料1　JIS T 81001-5-1の確認項目ごとの関連文書",
        "Attachment 1: documents per JIS T 81001-5-1 item",
    )
}

/// Marker shown after a document that is not approved.
pub(crate) fn status_marker(lang: Lang, status: DocumentStatus) -> Option<&'static str> {
    match status {
        DocumentStatus::Approved => None,
        DocumentStatus::Drafted => Some(pick(lang, "［作成中］", " [draft]")),
        DocumentStatus::Planned => Some(pick(lang, "［計画中］", " [planned]")),
    }
}

/// Localized word for a document status (for the document list of the evidence pack).
pub(crate) fn status_word(lang: Lang, status: DocumentStatus) -> &'static str {
    match status {
        DocumentStatus::Approved => pick(lang, "承認済", "approved"),
        DocumentStatus::Drafted => pick(lang, "作成中", "draft"),
        DocumentStatus::Planned => pick(lang, "計画中", "planned"),
    }
}

/// The main line of a document: number, title and version, e.g. `QM-SEC-001 サイバーセキュリティ管理規程（第2版）`.
pub(crate) fn document_line(lang: Lang, document: &DocumentRef) -> String {
    let mut line = format!("{} {}", document.number.trim(), document.title.trim());
    let version = document.version.trim();
    if !version.is_empty() {
        match lang {
            Lang::Ja => line.push_str(&format!("（{version}）")),
            Lang::En => line.push_str(&format!(" ({version})")),
        }
    }
    line
}

/// The item line under a document, e.g. `対応項目：jp0523-1-1-a、jp0523-2-1-a`; `None` without items.
pub(crate) fn items_line(lang: Lang, document: &DocumentRef) -> Option<String> {
    let items: Vec<&str> = document
        .item_ids
        .iter()
        .map(|item| item.trim())
        .filter(|item| !item.is_empty())
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(match lang {
        Lang::Ja => format!("対応項目：{}", items.join("、")),
        Lang::En => format!("Items: {}", items.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(version: &str, items: &[&str]) -> DocumentRef {
        DocumentRef {
            number: " SDP-001 ".to_owned(),
            title: "ソフトウェア開発計画書".to_owned(),
            version: version.to_owned(),
            item_ids: items.iter().map(|item| (*item).to_owned()).collect(),
            status: DocumentStatus::Approved,
        }
    }

    #[test]
    fn document_line_puts_the_version_in_parentheses_per_language() {
        assert_eq!(
            document_line(Lang::Ja, &document("第3版", &[])),
            "SDP-001 ソフトウェア開発計画書（第3版）"
        );
        assert_eq!(
            document_line(Lang::En, &document("Rev. 3", &[])),
            "SDP-001 ソフトウェア開発計画書 (Rev. 3)"
        );
        assert_eq!(
            document_line(Lang::En, &document("  ", &[])),
            "SDP-001 ソフトウェア開発計画書"
        );
    }

    #[test]
    fn items_line_skips_blank_items_and_is_absent_without_items() {
        assert_eq!(
            items_line(
                Lang::Ja,
                &document("", &["jp0523-1-2-a", " ", "jp0523-1-2-b"])
            ),
            Some("対応項目：jp0523-1-2-a、jp0523-1-2-b".to_owned())
        );
        assert_eq!(
            items_line(Lang::En, &document("", &["a", "b"])),
            Some("Items: a, b".to_owned())
        );
        assert_eq!(items_line(Lang::En, &document("", &[" "])), None);
    }

    #[test]
    fn only_unapproved_documents_are_marked() {
        assert_eq!(status_marker(Lang::Ja, DocumentStatus::Approved), None);
        assert_eq!(
            status_marker(Lang::Ja, DocumentStatus::Drafted),
            Some("［作成中］")
        );
        assert_eq!(
            status_marker(Lang::En, DocumentStatus::Planned),
            Some(" [planned]")
        );
    }

    #[test]
    fn product_fields_leave_out_empty_values() {
        let product = ProductLine {
            name: "輸液ポンプ X".to_owned(),
            generic_name: String::new(),
            approval_number: " ".to_owned(),
            version: "2.1".to_owned(),
        };
        assert_eq!(
            product_fields(Lang::Ja, &product),
            vec![("販売名", "輸液ポンプ X"), ("バージョン", "2.1")]
        );
    }
}
