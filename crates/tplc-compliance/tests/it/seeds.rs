//! The catalog's Japanese wording against the seeds in `../shared/seeds` (skipped when absent).

use std::path::PathBuf;

use tplc_compliance::{Catalogs, JP_MHLW_0523};

/// The text of the seed whose file name starts with `prefix`, if the shared folder is present.
fn seed(prefix: &str) -> Option<String> {
    let dir: PathBuf = tplc_test::shared_dir()?.join("seeds");
    let entries = std::fs::read_dir(&dir).ok()?;
    let path = entries.flatten().map(|entry| entry.path()).find(|path| {
        path.file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with(prefix))
    })?;
    std::fs::read_to_string(path).ok()
}

/// The seed with the dash and digit variants of the slides folded to ASCII and white space removed.
fn normalised(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '―' | '－' | '‐' => '-',
            '０'..='９' => {
                char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')).unwrap_or(c)
            }
            other => other,
        })
        .collect()
}

#[test]
fn attachment_rows_and_annex_f_sentence_follow_the_example_of_qa2() {
    let Some(qa2) = seed("001_") else {
        tplc_test::skipped("seeds/001_*.txt");
        return;
    };
    let qa2 = normalised(&qa2);
    let catalogs = Catalogs::builtin().unwrap();
    let notice = catalogs.get(JP_MHLW_0523).unwrap();
    let layout = notice.attachment.as_ref().unwrap();
    for text in [
        &layout.heading.ja,
        &layout.item_column.ja,
        &layout.document_column.ja,
    ] {
        assert!(qa2.contains(&normalised(text)), "{text}");
    }
    for row in &layout.rows {
        assert!(qa2.contains(&normalised(&row.title.ja)), "{}", row.title.ja);
    }
    let sentence = normalised(&notice.annex_f_sentence.as_ref().unwrap().ja);
    assert!(qa2.contains(&sentence), "{sentence}");
    // The three items QA2 Q8 lets an Annex F application leave out.
    for phrase in [
        "意図する使用環境、信頼境界、多層防御等を考慮してアーキテクチャー設計を行う",
        "セキュリティ設計のベストプラクティスを考慮した設計及び実装を行う",
    ] {
        assert!(qa2.contains(phrase), "{phrase}");
    }
}

#[test]
fn statements_use_the_terms_of_the_notice() {
    let Some(slides) = seed("002_") else {
        tplc_test::skipped("seeds/002_*.txt");
        return;
    };
    let slides = normalised(&slides);
    let catalogs = Catalogs::builtin().unwrap();
    let notice = catalogs.get(JP_MHLW_0523).unwrap();
    // Key terms each statement must carry, as the notice words them.
    let terms: [(&str, &[&str]); 16] = [
        (
            "jp0523-1-1-a",
            &[
                "サイバーセキュリティの確保に係る活動",
                "品質マネジメントシステム",
            ],
        ),
        (
            "jp0523-1-2-a",
            &["開発計画", "セキュリティ更新や開発環境等のセキュリティ"],
        ),
        (
            "jp0523-1-2-b",
            &["製品のセキュリティ機能を含むセキュリティ要求事項"],
        ),
        ("jp0523-1-2-c", &["意図する使用環境、信頼境界、多層防御等"]),
        ("jp0523-1-2-d", &["セキュリティ設計のベストプラクティス"]),
        (
            "jp0523-1-2-e",
            &["ソフトウェアシステム試験", "セキュリティ要求事項が満たされ"],
        ),
        (
            "jp0523-1-3-a",
            &[
                "ソフトウェア保守計画",
                "脆弱性の監視",
                "顧客に対するセキュリティ更新の通知方法",
            ],
        ),
        (
            "jp0523-1-4-a",
            &["関連する脆弱性を特定し", "リスクコントロール手段"],
        ),
        ("jp0523-1-5-a", &["ソフトウェア部品表（SBOM）を適切に作成"]),
        (
            "jp0523-1-6-a",
            &[
                "セキュリティの脆弱性に関する情報伝達及び処理の手順",
                "情報開示",
            ],
        ),
        (
            "jp0523-2-1-a",
            &[
                "セキュリティに対する対応方針",
                "セキュリティに対する問い合わせ窓口",
                "顧客に対する脆弱性等の開示手順",
            ],
        ),
        (
            "jp0523-2-1-b",
            &["規制当局及び顧客に対して脆弱性を適時に通知する活動"],
        ),
        ("jp0523-2-1-c", &["セキュリティの脆弱性、脅威等を考慮"]),
        ("jp0523-2-2-a", &["システム構成図やネットワーク構成図等"]),
        ("jp0523-2-3-a", &["顧客に対するセキュリティ更新の通知方針"]),
        (
            "jp0523-2-4-a",
            &["変更管理及び変更履歴を伴う構成管理プロセス"],
        ),
    ];
    for (id, words) in terms {
        let statement = normalised(&notice.item(id).unwrap().statement.ja);
        for word in words {
            let word = normalised(word);
            assert!(statement.contains(&word), "{id}: statement lacks {word}");
            assert!(
                slides.contains(&word),
                "{id}: {word} is not the notice's wording"
            );
        }
    }
    // The F.2 activity titles are the slides' wording.
    for activity in &catalogs.annex_f().activities {
        assert!(
            slides.contains(&normalised(&activity.title.ja)),
            "{}",
            activity.title.ja
        );
    }
}
