//! The HTML pages of the evidence pack: the index, the findings, the lifecycle plan and the documents.

use crate::escape::{html, html_lines};
use crate::html::page;
use crate::labels::{self, pick};
use crate::model::{Lang, ProductLine};
use crate::pack::{EvidencePack, FindingRow, LifecycleSummary, LinkedDocument};

/// A file of the pack as the index lists it.
pub(crate) struct PackFile {
    /// File name inside the zip.
    pub(crate) name: &'static str,
    /// Whether the file is in the pack (empty JSON parts are left out).
    pub(crate) included: bool,
}

/// `index.html`: product, Annex F, counts, and a link to every file with what it holds.
pub(crate) fn index_html(pack: &EvidencePack, files: &[PackFile]) -> String {
    let table = &pack.attachment;
    let lang = table.lang;
    let mut body = format!("<h1>{}</h1>\n", html(pack.index_title.trim()));
    body.push_str(&product_block(lang, &table.product));
    let annex_f = match (lang, table.annex_f.is_some()) {
        (Lang::Ja, true) => "附属書F（トランジションヘルスソフトウェア）：適用",
        (Lang::Ja, false) => "附属書F（トランジションヘルスソフトウェア）：適用なし",
        (Lang::En, true) => "Annex F (transitional health software): applied",
        (Lang::En, false) => "Annex F (transitional health software): not applied",
    };
    body.push_str(&format!("<p>{}</p>\n", html(annex_f)));
    let unanalysed = pack
        .findings
        .iter()
        .filter(|finding| finding.state.is_none())
        .count();
    body.push_str(&format!(
        "<p>{}</p>\n",
        html(&match lang {
            Lang::Ja => format!(
                "記載文書 {} 件、脆弱性 {} 件（未分析 {} 件）",
                pack.documents.len(),
                pack.findings.len(),
                unanalysed
            ),
            Lang::En => format!(
                "{} linked documents, {} findings ({} not analysed)",
                pack.documents.len(),
                pack.findings.len(),
                unanalysed
            ),
        })
    ));
    body.push_str(&format!(
        "<table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        html(pick(lang, "ファイル", "File")),
        html(pick(lang, "内容", "Content"))
    ));
    for file in files {
        let description = describe(lang, file.name, &table.heading);
        if file.included {
            body.push_str(&format!(
                "<tr><td><a href=\"{0}\">{0}</a></td><td>{1}</td></tr>\n",
                html(file.name),
                html(&description)
            ));
        } else {
            body.push_str(&format!(
                "<tr><td>{}</td><td>{} {}</td></tr>\n",
                html(file.name),
                html(&description),
                html(pick(lang, "（含まれていません）", "(not included)"))
            ));
        }
    }
    body.push_str("</tbody>\n</table>\n");
    body.push_str(&generated(lang, &table.generated_at));
    page(lang, &pack.index_title, &body)
}

/// What a file of the pack holds, in `lang`.
fn describe(lang: Lang, name: &str, heading: &str) -> String {
    let heading = heading.trim();
    match (lang, name) {
        (Lang::Ja, "attachment.docx") => format!("申請書添付資料「{heading}」（Word 形式）"),
        (Lang::En, "attachment.docx") => format!("Application attachment “{heading}” (Word)"),
        (Lang::Ja, "attachment.html") => format!("申請書添付資料「{heading}」（HTML）"),
        (Lang::En, "attachment.html") => format!("Application attachment “{heading}” (HTML)"),
        (_, "sbom.cdx.json") => "SBOM (CycloneDX JSON)".to_owned(),
        (_, "sbom.spdx.json") => "SBOM (SPDX JSON)".to_owned(),
        (Lang::Ja, "findings.json") => "脆弱性と分析（JSON）".to_owned(),
        (Lang::En, "findings.json") => "Findings with their analyses (JSON)".to_owned(),
        (Lang::Ja, "findings.html") => "脆弱性と分析".to_owned(),
        (Lang::En, "findings.html") => "Findings with their analyses".to_owned(),
        (Lang::Ja, "lifecycle.html") => {
            "ライフサイクル計画（EOL・EOS・限定的サポート期間）".to_owned()
        }
        (Lang::En, "lifecycle.html") => "Lifecycle plan (EOL, EOS, limited support)".to_owned(),
        (Lang::Ja, "lifecycle.json") => "ライフサイクル計画（JSON）".to_owned(),
        (Lang::En, "lifecycle.json") => "Lifecycle plan (JSON)".to_owned(),
        (Lang::Ja, "documents.csv") => "記載文書の一覧（CSV）".to_owned(),
        (Lang::En, "documents.csv") => "Linked documents (CSV)".to_owned(),
        (Lang::Ja, "documents.html") => "記載文書の一覧".to_owned(),
        (Lang::En, "documents.html") => "Linked documents".to_owned(),
        (Lang::Ja, "pack.json") => "このパックの内容（JSON）".to_owned(),
        (Lang::En, "pack.json") => "Contents of this pack (JSON)".to_owned(),
        (_, other) => other.to_owned(),
    }
}

/// `findings.html`: one row per finding with its analysis.
pub(crate) fn findings_html(lang: Lang, findings: &[FindingRow]) -> String {
    let title = pick(lang, "脆弱性と分析", "Findings with their analyses");
    let mut body = back_link(lang);
    body.push_str(&format!("<h1>{}</h1>\n", html(title)));
    if findings.is_empty() {
        body.push_str(&format!(
            "<p>{}</p>\n",
            html(pick(lang, "脆弱性はありません。", "No findings."))
        ));
        return page(lang, title, &body);
    }
    let headers = match lang {
        Lang::Ja => [
            "脆弱性",
            "コンポーネント",
            "バージョン",
            "深刻度",
            "CVSS",
            "KEV",
            "分析状態",
            "根拠",
            "対応",
            "詳細",
        ],
        Lang::En => [
            "Vulnerability",
            "Component",
            "Version",
            "Severity",
            "CVSS",
            "KEV",
            "State",
            "Justification",
            "Response",
            "Detail",
        ],
    };
    body.push_str(&header_row(&headers));
    for finding in findings {
        let responses: Vec<&str> = finding
            .responses
            .iter()
            .map(|response| word(lang, response))
            .collect();
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"numeric\">{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            html(&finding.vulnerability),
            html(&finding.component),
            html(finding.component_version.as_deref().unwrap_or("")),
            html(word(lang, &finding.severity)),
            finding
                .cvss_score
                .filter(|score| score.is_finite())
                .map(|score| format!("{score:.1}"))
                .unwrap_or_default(),
            if finding.kev { "KEV" } else { "" },
            html(match &finding.state {
                Some(state) => word(lang, state),
                None => pick(lang, "未分析", "not analysed"),
            }),
            html(
                finding
                    .justification
                    .as_deref()
                    .map_or("", |j| word(lang, j))
            ),
            html(&responses.join(pick(lang, "、", ", "))),
            html_lines(finding.detail.as_deref().unwrap_or("")),
        ));
    }
    body.push_str("</tbody>\n</table>\n");
    page(lang, title, &body)
}

/// `lifecycle.html`: phase, dates, limited-support plan, legacy flag, and who was shown the plan.
pub(crate) fn lifecycle_html(lang: Lang, lifecycle: &LifecycleSummary) -> String {
    let title = pick(lang, "ライフサイクル計画", "Lifecycle plan");
    let not_set = pick(lang, "未設定", "not set");
    let date = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .unwrap_or(not_set)
            .to_owned()
    };
    let plan = if lifecycle.limited_support_plan.trim().is_empty() {
        not_set.to_owned()
    } else {
        lifecycle.limited_support_plan.clone()
    };
    let phase = if lifecycle.phase.trim().is_empty() {
        not_set
    } else {
        word(lang, lifecycle.phase.trim())
    };
    let fields: [(&str, String); 7] = [
        (
            pick(lang, "ライフサイクル段階", "Lifecycle phase"),
            phase.to_owned(),
        ),
        (
            pick(lang, "リリース日", "Release date"),
            date(&lifecycle.release_date),
        ),
        (
            pick(lang, "EOL(製品寿命終了)", "EOL (end of life)"),
            date(&lifecycle.eol),
        ),
        (
            pick(lang, "EOS(サポート終了)", "EOS (end of support)"),
            date(&lifecycle.eos),
        ),
        (
            pick(
                lang,
                "限定的サポート期間の計画",
                "Plan for the limited-support period",
            ),
            plan,
        ),
        (
            pick(lang, "レガシー医療機器", "Legacy device"),
            pick(
                lang,
                if lifecycle.legacy {
                    "はい"
                } else {
                    "いいえ"
                },
                if lifecycle.legacy { "yes" } else { "no" },
            )
            .to_owned(),
        ),
        (
            pick(lang, "レガシーの判断理由", "Reason"),
            lifecycle.legacy_reason.clone(),
        ),
    ];
    let mut body = back_link(lang);
    body.push_str(&format!("<h1>{}</h1>\n<table>\n<tbody>\n", html(title)));
    for (label, value) in fields {
        body.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>\n",
            html(label),
            html_lines(&value)
        ));
    }
    body.push_str("</tbody>\n</table>\n");
    body.push_str(&format!(
        "<h2>{}</h2>\n",
        html(pick(
            lang,
            "限定的サポート期間の計画の提示記録",
            "Customers shown the limited-support plan"
        ))
    ));
    if lifecycle.disclosures.is_empty() {
        body.push_str(&format!(
            "<p class=\"none\">{}</p>\n",
            html(pick(
                lang,
                "計画を医療機関に提示した記録はありません。",
                "The plan has not been shown to any customer yet."
            ))
        ));
    } else {
        let headers = match lang {
            Lang::Ja => ["医療機関", "提示日", "方法", "備考"],
            Lang::En => ["Customer", "Shown on", "Method", "Note"],
        };
        body.push_str(&header_row(&headers));
        for disclosure in &lifecycle.disclosures {
            body.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                html(&disclosure.customer),
                html(&disclosure.shown_at),
                html(&disclosure.method),
                html_lines(&disclosure.note)
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }
    page(lang, title, &body)
}

/// `documents.html`: the linked documents, one row per item and document.
pub(crate) fn documents_html(lang: Lang, documents: &[LinkedDocument]) -> String {
    let title = pick(lang, "記載文書の一覧", "Linked documents");
    let mut body = back_link(lang);
    body.push_str(&format!("<h1>{}</h1>\n", html(title)));
    if documents.is_empty() {
        body.push_str(&format!(
            "<p class=\"none\">{}</p>\n",
            html(pick(
                lang,
                "リンクされた文書はありません。",
                "No document is linked."
            ))
        ));
        return page(lang, title, &body);
    }
    let headers = match lang {
        Lang::Ja => [
            "確認項目",
            "文書番号",
            "表題",
            "版",
            "保管場所",
            "管理者",
            "状態",
        ],
        Lang::En => [
            "Item", "Number", "Title", "Version", "Location", "Owner", "Status",
        ],
    };
    body.push_str(&header_row(&headers));
    for document in documents {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            html(&document.item_id),
            html(&document.number),
            html(&document.title),
            html(&document.version),
            location(&document.location),
            html(&document.owner),
            html(labels::status_word(lang, document.status)),
        ));
    }
    body.push_str("</tbody>\n</table>\n");
    page(lang, title, &body)
}

/// A location: a link for `http://` and `https://` URIs, text otherwise (no `javascript:` links).
fn location(value: &str) -> String {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://"))
        && !value.contains(char::is_whitespace)
    {
        format!("<a href=\"{0}\">{0}</a>", html(value))
    } else {
        html(value)
    }
}

/// Opening of a table with a header row of `headers`, ready for body rows.
fn header_row(headers: &[&str]) -> String {
    let cells: String = headers
        .iter()
        .map(|header| format!("<th scope=\"col\">{}</th>", html(header)))
        .collect();
    format!("<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n")
}

/// Product fields as right-aligned lines.
fn product_block(lang: Lang, product: &ProductLine) -> String {
    labels::product_fields(lang, product)
        .into_iter()
        .map(|(label, value)| {
            format!(
                "<p class=\"product\">{}{}{}</p>\n",
                html(label),
                html(labels::colon(lang)),
                html(value)
            )
        })
        .collect()
}

/// The generation time line.
fn generated(lang: Lang, generated_at: &str) -> String {
    if generated_at.trim().is_empty() {
        return String::new();
    }
    format!(
        "<p class=\"generated\">{}{}{}</p>\n",
        html(labels::generated_label(lang)),
        html(labels::colon(lang)),
        html(generated_at.trim())
    )
}

/// Link back to the index.
fn back_link(lang: Lang) -> String {
    format!(
        "<p><a href=\"index.html\">{}</a></p>\n",
        html(pick(lang, "← 目次", "← Index"))
    )
}

/// The localized word for a severity, analysis state, justification, response or phase word
/// (the words of the web UI); an unknown word is shown as it is.
fn word(lang: Lang, word: &str) -> &str {
    let (ja, en) = match word {
        "critical" => ("緊急", "Critical"),
        "high" => ("重要", "High"),
        "medium" => ("警告", "Medium"),
        "low" => ("注意", "Low"),
        "none" => ("なし", "None"),
        "unknown" => ("不明", "Unknown"),
        "in_triage" => ("調査中", "In triage"),
        "exploitable" => ("悪用可能", "Exploitable"),
        "resolved" => ("解決済み", "Resolved"),
        "resolved_with_pedigree" => ("解決済み(修正の来歴あり)", "Resolved (with pedigree)"),
        "false_positive" => ("誤検出", "False positive"),
        "not_affected" => ("影響なし", "Not affected"),
        "code_not_present" => ("脆弱なコードが含まれない", "Code not present"),
        "code_not_reachable" => ("脆弱なコードに到達しない", "Code not reachable"),
        "requires_configuration" => ("特定の設定が必要", "Requires configuration"),
        "requires_dependency" => ("特定の依存関係が必要", "Requires dependency"),
        "requires_environment" => ("特定の環境が必要", "Requires environment"),
        "protected_by_compiler" => ("コンパイラにより保護", "Protected by compiler"),
        "protected_at_runtime" => ("実行時に保護", "Protected at runtime"),
        "protected_at_perimeter" => ("境界で保護", "Protected at perimeter"),
        "protected_by_mitigating_control" => {
            ("緩和策により保護", "Protected by mitigating control")
        }
        "can_not_fix" => ("修正できない", "Cannot fix"),
        "will_not_fix" => ("修正しない", "Will not fix"),
        "update" => ("アップデート", "Update"),
        "rollback" => ("ロールバック", "Rollback"),
        "workaround_available" => ("回避策あり", "Workaround available"),
        "development" => ("開発中", "Development"),
        "support" => ("サポート中", "Support"),
        "limited_support" => ("限定的サポート期間", "Limited support"),
        "end_of_support" => ("サポート終了", "End of support"),
        _ => return word,
    };
    pick(lang, ja, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_locations_become_links() {
        assert_eq!(
            location("https://dms.example/a?b=1&c=2"),
            "<a href=\"https://dms.example/a?b=1&amp;c=2\">https://dms.example/a?b=1&amp;c=2</a>"
        );
        assert_eq!(location("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(
            location("\\\\fileserver\\qms\\QM-SEC-001.docx"),
            "\\\\fileserver\\qms\\QM-SEC-001.docx"
        );
        assert_eq!(
            location("https://x.example/\" onclick=\"x"),
            "https://x.example/&quot; onclick=&quot;x"
        );
    }

    #[test]
    fn words_are_localized_and_unknown_words_kept() {
        assert_eq!(word(Lang::Ja, "not_affected"), "影響なし");
        assert_eq!(word(Lang::En, "limited_support"), "Limited support");
        assert_eq!(word(Lang::Ja, "something_new"), "something_new");
    }

    #[test]
    fn lifecycle_page_marks_missing_dates_and_disclosures() {
        let page = lifecycle_html(
            Lang::Ja,
            &LifecycleSummary {
                phase: "support".to_owned(),
                eol: Some("2030-03-31".to_owned()),
                ..LifecycleSummary::default()
            },
        );
        assert!(page.contains("<td>サポート中</td>"));
        assert!(page.contains("<td>2030-03-31</td>"));
        assert!(page.contains("<th scope=\"row\">EOS(サポート終了)</th><td>未設定</td>"));
        assert!(page.contains("計画を医療機関に提示した記録はありません。"));
    }
}
