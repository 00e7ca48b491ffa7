//! A filled-in sample table for a fictional infusion pump, for the example, demos and tests.
//!
//! Row titles are those of the 記載事例 of QA2 (2024-01-31); the Annex F sentence follows it.
//! Product, document numbers and titles are invented.

use crate::model::{
    AttachmentRow, AttachmentTable, DocumentRef, DocumentStatus, Lang, ProductLine,
};
use crate::pack::{Disclosure, EvidencePack, FindingRow, LifecycleSummary, LinkedDocument};

/// Clause number, Japanese title and English title of the six rows (JIS T 81001-5-1 clauses 4–9).
pub const CLAUSE_TITLES: [(&str, &str, &str); 6] = [
    ("4", "一般要求事項", "General requirements"),
    (
        "5",
        "ソフトウェア開発プロセス",
        "Software development process",
    ),
    (
        "6",
        "ソフトウェア保守プロセス",
        "Software maintenance process",
    ),
    (
        "7",
        "セキュリティに関連するリスクマネジメントプロセス",
        "Security risk management process",
    ),
    (
        "8",
        "ソフトウェア構成管理プロセス",
        "Software configuration management process",
    ),
    (
        "9",
        "ソフトウェア問題解決プロセス",
        "Software problem resolution process",
    ),
];

/// The Annex F sentence in Japanese (following the 記載事例 of QA2) and English.
pub const ANNEX_F_SENTENCE: (&str, &str) = (
    "規程の各要求事項に対して、JIS T 81001-5-1の附属書Fトランジションヘルスソフトウェアを適用し、\
     「医療機器の基本要件基準第12条第3項の適合性の確認について」（薬生機審発0523第1号：令和5年5月23日）\
     に示す内容も含めて、別添資料1に示す通り、関連する文書を調査し、適合性を確認した。（別添資料1参照）",
    "Annex F (transitional health software) of JIS T 81001-5-1 was applied to each requirement; \
     the related documents, including those for the items of \"Confirmation of conformity with \
     Article 12(3) of the Essential Principles\" (PSEHB/MDED notice 0523-1, 2023-05-23), were \
     examined and conformity was confirmed as shown in Attachment 1. (See Attachment 1.)",
);

/// One sample document: clause, number, Japanese title, English title, Japanese version,
/// English version, items, status.
type SampleDocument = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    DocumentStatus,
);

const DOCUMENTS: [SampleDocument; 12] = [
    (
        "4",
        "QM-SEC-001",
        "サイバーセキュリティ管理規程",
        "Cybersecurity management procedure",
        "第2版",
        "Rev. 2",
        &["jp0523-1-1-a", "jp0523-2-1-a"],
        DocumentStatus::Approved,
    ),
    (
        "4",
        "QM-SEC-002",
        "脆弱性情報開示手順書",
        "Vulnerability disclosure procedure",
        "第1版",
        "Rev. 1",
        &["jp0523-2-1-a", "jp0523-2-1-b"],
        DocumentStatus::Approved,
    ),
    (
        "4",
        "RM-TP200-001",
        "リスクマネジメントファイル",
        "Risk management file",
        "第4版",
        "Rev. 4",
        &["jp0523-2-1-c"],
        DocumentStatus::Approved,
    ),
    (
        "5",
        "SDP-TP200-001",
        "ソフトウェア開発計画書",
        "Software development plan",
        "第3版",
        "Rev. 3",
        &["jp0523-1-2-a"],
        DocumentStatus::Approved,
    ),
    (
        "5",
        "SRS-TP200-002",
        "セキュリティ要求仕様書",
        "Security requirements specification",
        "第2版",
        "Rev. 2",
        &["jp0523-1-2-b"],
        DocumentStatus::Approved,
    ),
    (
        "5",
        "SAD-TP200-003",
        "ソフトウェアアーキテクチャ設計書",
        "Software architecture design",
        "第2版",
        "Rev. 2",
        &["jp0523-1-2-c", "jp0523-1-2-d", "jp0523-2-2-a"],
        DocumentStatus::Approved,
    ),
    (
        "5",
        "STR-TP200-004",
        "セキュリティ試験報告書",
        "Security test report",
        "第1版",
        "Rev. 1",
        &["jp0523-1-2-e"],
        DocumentStatus::Drafted,
    ),
    (
        "6",
        "SMP-TP200-001",
        "ソフトウェア保守計画書",
        "Software maintenance plan",
        "第2版",
        "Rev. 2",
        &["jp0523-1-3-a", "jp0523-2-3-a"],
        DocumentStatus::Approved,
    ),
    (
        "7",
        "RM-TP200-002",
        "セキュリティリスクマネジメント報告書",
        "Security risk management report",
        "第1版",
        "Rev. 1",
        &["jp0523-1-4-a"],
        DocumentStatus::Approved,
    ),
    (
        "8",
        "CM-TP200-001",
        "構成管理計画書",
        "Configuration management plan",
        "第2版",
        "Rev. 2",
        &["jp0523-2-4-a"],
        DocumentStatus::Approved,
    ),
    (
        "8",
        "SBOM-TP200-2.1.0",
        "ソフトウェア部品表 SBOM",
        "Software bill of materials",
        "2.1.0",
        "2.1.0",
        &["jp0523-1-5-a"],
        DocumentStatus::Approved,
    ),
    (
        "9",
        "QM-SEC-003",
        "脆弱性対応手順書",
        "Vulnerability handling procedure",
        "第1版",
        "Rev. 1",
        &["jp0523-1-6-a"],
        DocumentStatus::Approved,
    ),
];

/// The sample table in `lang`, with the Annex F sentence when `annex_f` is set.
pub fn sample_table(lang: Lang, annex_f: bool) -> AttachmentTable {
    let rows = CLAUSE_TITLES
        .iter()
        .map(|(clause, title_ja, title_en)| AttachmentRow {
            clause: (*clause).to_owned(),
            title: match lang {
                Lang::Ja => *title_ja,
                Lang::En => *title_en,
            }
            .to_owned(),
            cell: DOCUMENTS
                .iter()
                .filter(|document| document.0 == *clause)
                .map(|document| sample_document(lang, document))
                .collect(),
            note: (*clause == "9").then(|| {
                match lang {
                    Lang::Ja => "対応したセキュリティ上の問題の記録は tplc の勧告履歴に保管する。",
                    Lang::En => "Records of the security problems handled are kept in the advisory history of tplc.",
                }
                .to_owned()
            }),
        })
        .collect();
    AttachmentTable {
        lang,
        heading: lang.default_heading().to_owned(),
        product: ProductLine {
            name: match lang {
                Lang::Ja => "輸液ポンプ TP-200",
                Lang::En => "Infusion pump TP-200",
            }
            .to_owned(),
            generic_name: match lang {
                Lang::Ja => "汎用輸液ポンプ",
                Lang::En => "General-purpose infusion pump",
            }
            .to_owned(),
            approval_number: "30600BZX00012000".to_owned(),
            version: "2.1.0".to_owned(),
        },
        column_titles: lang.default_column_titles(),
        rows,
        annex_f: annex_f.then(|| {
            match lang {
                Lang::Ja => ANNEX_F_SENTENCE.0,
                Lang::En => ANNEX_F_SENTENCE.1,
            }
            .to_owned()
        }),
        generated_at: "2025-04-01T09:00:00+09:00".to_owned(),
    }
}

fn sample_document(lang: Lang, document: &SampleDocument) -> DocumentRef {
    let (_, number, title_ja, title_en, version_ja, version_en, items, status) = *document;
    DocumentRef {
        number: number.to_owned(),
        title: match lang {
            Lang::Ja => title_ja,
            Lang::En => title_en,
        }
        .to_owned(),
        version: match lang {
            Lang::Ja => version_ja,
            Lang::En => version_en,
        }
        .to_owned(),
        item_ids: items.iter().map(|item| (*item).to_owned()).collect(),
        status,
    }
}

/// A small CycloneDX 1.6 SBOM of the sample product.
const SAMPLE_CYCLONEDX: &str = r#"{
  "bomFormat": "CycloneDX",
  "specVersion": "1.6",
  "version": 1,
  "metadata": {
    "timestamp": "2025-04-01T00:00:00Z",
    "component": {"type": "device", "name": "TP-200", "version": "2.1.0"}
  },
  "components": [
    {"type": "library", "bom-ref": "pkg:generic/openssl@3.0.13", "name": "openssl", "version": "3.0.13", "purl": "pkg:generic/openssl@3.0.13"},
    {"type": "library", "bom-ref": "pkg:generic/zlib@1.3.1", "name": "zlib", "version": "1.3.1", "purl": "pkg:generic/zlib@1.3.1"}
  ]
}
"#;

/// The same SBOM as SPDX 2.3.
const SAMPLE_SPDX: &str = r#"{
  "spdxVersion": "SPDX-2.3",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "TP-200 2.1.0",
  "documentNamespace": "https://tplc.invalid/spdx/tp-200-2.1.0",
  "creationInfo": {"created": "2025-04-01T00:00:00Z", "creators": ["Tool: tplc"]},
  "packages": [
    {"SPDXID": "SPDXRef-openssl", "name": "openssl", "versionInfo": "3.0.13", "downloadLocation": "NOASSERTION"},
    {"SPDXID": "SPDXRef-zlib", "name": "zlib", "versionInfo": "1.3.1", "downloadLocation": "NOASSERTION"}
  ]
}
"#;

/// The sample evidence pack: the sample table, a two-component SBOM, two findings, a lifecycle
/// plan shown to one hospital, and one linked-document line per item and document of the table.
pub fn sample_pack(lang: Lang, annex_f: bool) -> EvidencePack {
    let attachment = sample_table(lang, annex_f);
    let documents = attachment
        .rows
        .iter()
        .flat_map(|row| &row.cell)
        .flat_map(|document| {
            document.item_ids.iter().map(move |item| LinkedDocument {
                item_id: item.clone(),
                number: document.number.clone(),
                title: document.title.clone(),
                version: document.version.clone(),
                location: format!("https://dms.example.invalid/documents/{}", document.number),
                owner: match lang {
                    Lang::Ja => "品質保証部",
                    Lang::En => "Quality assurance",
                }
                .to_owned(),
                status: document.status,
            })
        })
        .collect();
    let findings = vec![
        FindingRow {
            vulnerability: "CVE-2024-5535".to_owned(),
            component: "openssl".to_owned(),
            component_version: Some("3.0.13".to_owned()),
            severity: "low".to_owned(),
            cvss_score: Some(3.7),
            kev: false,
            state: Some("not_affected".to_owned()),
            justification: Some("code_not_reachable".to_owned()),
            responses: Vec::new(),
            detail: Some(
                match lang {
                    Lang::Ja => "SSL_select_next_proto は本製品から呼び出されない。",
                    Lang::En => "SSL_select_next_proto is not called by the product.",
                }
                .to_owned(),
            ),
        },
        FindingRow {
            vulnerability: "CVE-2023-45853".to_owned(),
            component: "zlib".to_owned(),
            component_version: Some("1.3.1".to_owned()),
            severity: "critical".to_owned(),
            cvss_score: Some(9.8),
            kev: false,
            state: None,
            justification: None,
            responses: Vec::new(),
            detail: None,
        },
    ];
    let findings_json = serde_json::to_vec_pretty(&findings).unwrap_or_default();
    EvidencePack {
        index_title: match lang {
            Lang::Ja => "エビデンスパック：輸液ポンプ TP-200 2.1.0",
            Lang::En => "Evidence pack: Infusion pump TP-200 2.1.0",
        }
        .to_owned(),
        attachment,
        sbom_cyclonedx: SAMPLE_CYCLONEDX.as_bytes().to_vec(),
        sbom_spdx: SAMPLE_SPDX.as_bytes().to_vec(),
        findings_json,
        findings,
        lifecycle: LifecycleSummary {
            phase: "support".to_owned(),
            release_date: Some("2025-04-01".to_owned()),
            eol: Some("2032-03-31".to_owned()),
            eos: Some("2034-03-31".to_owned()),
            limited_support_plan: match lang {
                Lang::Ja => "EOL 後 2 年間はセキュリティ更新のみを提供し、後継機種への移行を支援する。",
                Lang::En => "For two years after EOL only security updates are provided, and migration to the successor is supported.",
            }
            .to_owned(),
            legacy: false,
            legacy_reason: String::new(),
            disclosures: vec![Disclosure {
                customer: match lang {
                    Lang::Ja => "○○大学病院",
                    Lang::En => "Example University Hospital",
                }
                .to_owned(),
                shown_at: "2025-04-10".to_owned(),
                method: match lang {
                    Lang::Ja => "文書による通知",
                    Lang::En => "letter",
                }
                .to_owned(),
                note: String::new(),
            }],
        },
        documents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_covers_all_sixteen_items_once_per_clause_row() {
        let table = sample_table(Lang::Ja, false);
        assert_eq!(table.rows.len(), 6);
        let mut items: Vec<&str> = table
            .rows
            .iter()
            .flat_map(|row| &row.cell)
            .flat_map(|document| &document.item_ids)
            .map(String::as_str)
            .collect();
        items.sort_unstable();
        items.dedup();
        assert_eq!(items.len(), 16);
        assert!(table.rows.iter().all(|row| !row.cell.is_empty()));
    }

    #[test]
    fn sample_in_english_has_english_titles_and_the_sentence_only_with_annex_f() {
        let table = sample_table(Lang::En, true);
        assert_eq!(table.rows[0].title, "General requirements");
        assert!(
            table
                .annex_f
                .as_deref()
                .is_some_and(|s| s.contains("Annex F"))
        );
        assert_eq!(sample_table(Lang::En, false).annex_f, None);
    }

    #[test]
    fn sample_pack_links_every_item_and_has_parseable_json() {
        let pack = sample_pack(Lang::Ja, false);
        assert_eq!(pack.documents.len(), 17);
        for bytes in [&pack.sbom_cyclonedx, &pack.sbom_spdx, &pack.findings_json] {
            assert!(serde_json::from_slice::<serde_json::Value>(bytes).is_ok());
        }
    }
}
