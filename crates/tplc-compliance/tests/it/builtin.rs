//! The built-in catalogs load and hold what the notice and the standard say.

use std::collections::BTreeSet;

use tplc_compliance::{
    AnnexF, AutoEvidence, Catalogs, JIS_T_81001_5_1, JP_MHLW_0523, Lang, builtin_sources,
};

const ITEM_IDS: [&str; 16] = [
    "jp0523-1-1-a",
    "jp0523-1-2-a",
    "jp0523-1-2-b",
    "jp0523-1-2-c",
    "jp0523-1-2-d",
    "jp0523-1-2-e",
    "jp0523-1-3-a",
    "jp0523-1-4-a",
    "jp0523-1-5-a",
    "jp0523-1-6-a",
    "jp0523-2-1-a",
    "jp0523-2-1-b",
    "jp0523-2-1-c",
    "jp0523-2-2-a",
    "jp0523-2-3-a",
    "jp0523-2-4-a",
];

fn catalogs() -> Catalogs {
    match Catalogs::builtin() {
        Ok(catalogs) => catalogs,
        Err(error) => panic!("built-in catalogs: {error}"),
    }
}

#[test]
fn every_catalog_file_is_embedded() {
    let names: Vec<&str> = builtin_sources().iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        [
            "catalogs/jis-t-81001-5-1.toml",
            "catalogs/jp-mhlw-0523.toml"
        ]
    );
    let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/catalogs"))
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.path().extension().is_some_and(|e| e == "toml"))
                .count()
        })
        .unwrap_or_default();
    assert_eq!(on_disk, names.len());
    let catalogs = catalogs();
    let ids: Vec<&str> = catalogs.iter().map(|catalog| catalog.id.as_str()).collect();
    assert_eq!(ids, [JIS_T_81001_5_1, JP_MHLW_0523]);
}

#[test]
fn the_notice_has_sixteen_items_three_waived_under_annex_f() {
    let catalogs = catalogs();
    let notice = catalogs.get(JP_MHLW_0523).unwrap();
    let ids: Vec<&str> = notice.items.iter().map(|item| item.id.as_str()).collect();
    assert_eq!(ids, ITEM_IDS);
    let waived: Vec<&str> = notice
        .items
        .iter()
        .filter(|item| item.annex_f == AnnexF::Waived)
        .map(|item| item.id.as_str())
        .collect();
    assert_eq!(waived, ["jp0523-1-2-a", "jp0523-1-2-c", "jp0523-1-2-d"]);
    for id in &waived {
        assert!(
            notice
                .item(id)
                .unwrap()
                .source
                .qa
                .iter()
                .any(|qa| qa == "QA2 Q8"),
            "{id} cites QA2 Q8"
        );
    }
    assert_eq!(notice.clauses_from.as_deref(), Some(JIS_T_81001_5_1));
}

#[test]
fn every_item_has_both_statements_and_its_source() {
    let catalogs = catalogs();
    let notice = catalogs.get(JP_MHLW_0523).unwrap();
    for item in &notice.items {
        assert!(
            !item.statement.ja.is_empty() && !item.statement.en.is_empty(),
            "{}",
            item.id
        );
        assert_eq!(item.source.notice, "薬生機審発0523第1号", "{}", item.id);
        assert_eq!(
            item.source
                .date
                .map(tplc_compliance::format_date)
                .as_deref(),
            Some("2023-05-23")
        );
        assert_eq!(item.source.section, item.section, "{}", item.id);
        assert_eq!(item.source.item, item.number, "{}", item.id);
        assert!(
            item.source.qa.iter().any(|qa| qa == "QA#2"),
            "{}: QA#2 asks for every item",
            item.id
        );
        // The id spells section and number: jp0523-<section>-<number>-<letter>.
        let number = item.number.trim_matches(|c| c == '(' || c == ')');
        assert!(
            item.id
                .starts_with(&format!("jp0523-{}-{number}-", item.section)),
            "{}",
            item.id
        );
    }
    let per_section = |section: &str| {
        notice
            .items
            .iter()
            .filter(|item| item.section == section)
            .count()
    };
    assert_eq!((per_section("1"), per_section("2")), (10, 6));
}

#[test]
fn every_item_clause_exists_in_the_jis_catalog() {
    let catalogs = catalogs();
    let notice = catalogs.get(JP_MHLW_0523).unwrap();
    let jis = catalogs.get(JIS_T_81001_5_1).unwrap();
    for item in &notice.items {
        let clause = jis.item(&item.clause);
        assert!(clause.is_some(), "{}: clause {}", item.id, item.clause);
        assert_eq!(
            clause.and_then(|clause| clause.parent.as_ref()),
            None,
            "{}: a top-level clause",
            item.id
        );
    }
    let clauses: BTreeSet<&str> = notice
        .items
        .iter()
        .map(|item| item.clause.as_str())
        .collect();
    assert_eq!(
        clauses.into_iter().collect::<Vec<_>>(),
        ["4", "5", "6", "7", "8", "9"]
    );
}

#[test]
fn auto_evidence_is_on_the_three_items_tplc_fills() {
    let catalogs = catalogs();
    let notice = catalogs.get(JP_MHLW_0523).unwrap();
    let auto: Vec<(&str, AutoEvidence)> = notice
        .items
        .iter()
        .filter_map(|item| item.auto.map(|auto| (item.id.as_str(), auto)))
        .collect();
    assert_eq!(
        auto,
        [
            ("jp0523-1-5-a", AutoEvidence::Sbom),
            ("jp0523-1-6-a", AutoEvidence::VulnerabilityProcedure),
            ("jp0523-2-1-b", AutoEvidence::AdvisoryHistory),
        ]
    );
}

#[test]
fn attachment_layout_follows_the_example() {
    let catalogs = catalogs();
    let notice = catalogs.get(JP_MHLW_0523).unwrap();
    let layout = notice.attachment.as_ref().unwrap();
    assert_eq!(layout.heading.ja, "(4) JIS T 81001-5-1の実施状況");
    assert_eq!(layout.item_column.ja, "JIS T 81001-5-1の確認項目");
    assert_eq!(layout.document_column.ja, "記載文書");
    let rows: Vec<(&str, &str)> = layout
        .rows
        .iter()
        .map(|row| (row.clause.as_str(), row.title.ja.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("4", "一般要求事項"),
            ("5", "ソフトウェア開発プロセス"),
            ("6", "ソフトウェア保守プロセス"),
            ("7", "セキュリティに関連するリスクマネジメントプロセス"),
            ("8", "ソフトウェア構成管理プロセス"),
            ("9", "ソフトウェア問題解決プロセス"),
        ]
    );
    assert_eq!(
        layout.rows[3].title.get(Lang::En),
        "Security risk management process"
    );
    // The row titles are the JIS clause titles.
    let jis = catalogs.get(JIS_T_81001_5_1).unwrap();
    for row in &layout.rows {
        assert_eq!(
            jis.item(&row.clause)
                .and_then(|clause| clause.title.as_ref()),
            Some(&row.title)
        );
    }
    let sentence = notice.annex_f_sentence.as_ref().unwrap();
    assert!(
        sentence
            .ja
            .contains("附属書Fトランジションヘルスソフトウェアを適用し")
    );
    assert!(sentence.ja.contains("薬生機審発0523第1号"));
    assert!(sentence.en.contains("Annex F"));
    assert_eq!(notice.items_for_clause("5").count(), 6);
}

#[test]
fn the_jis_catalog_holds_clauses_four_to_nine_and_sub_clauses() {
    let catalogs = catalogs();
    let jis = catalogs.get(JIS_T_81001_5_1).unwrap();
    assert_eq!(jis.items.len(), 74);
    let top: Vec<&str> = jis
        .items
        .iter()
        .filter(|item| item.parent.is_none())
        .map(|item| item.id.as_str())
        .collect();
    assert_eq!(top, ["4", "5", "6", "7", "8", "9"]);
    for item in &jis.items {
        let title = item.title.as_ref().unwrap();
        assert!(!title.en.is_empty(), "{}", item.id);
        // Japanese only at clause level; the sub-clause falls back to English.
        assert_eq!(title.ja.is_empty(), item.parent.is_some(), "{}", item.id);
        if let Some(parent) = &item.parent {
            assert_eq!(
                item.id.rsplit_once('.').map(|(head, _)| head),
                Some(parent.as_str())
            );
            assert_eq!(title.get(Lang::Ja), title.en);
        }
        assert_eq!(item.source.notice, "JIS T 81001-5-1:2023");
        assert_eq!(item.source.item, item.id);
    }
    for id in ["5.2", "5.7", "7.1", "7.2", "7.3", "5.6", "8"] {
        assert!(jis.item(id).is_some(), "{id}");
    }
    assert!(
        jis.items
            .iter()
            .all(|item| item.parent.as_deref() != Some("8")),
        "clause 8 has no sub-clauses"
    );
    assert!(jis.item("5.6.1").is_none());
}

#[test]
fn annex_f_data_is_loaded_with_the_catalogs() {
    let catalogs = catalogs();
    let guide = catalogs.annex_f();
    assert_eq!(guide.activities.len(), 6);
    assert_eq!(
        guide.activity('e').map(|a| a.title.ja.as_str()),
        Some("セキュアな運用指針、アカウント管理の指針を作成又は更新")
    );
    let jis = catalogs.get(JIS_T_81001_5_1).unwrap();
    assert!(
        guide
            .gap_analysis_clauses
            .iter()
            .all(|clause| jis.item(clause).is_some())
    );
}

#[test]
fn a_directory_adds_catalogs_that_refer_to_the_builtin_clauses() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fda-524b.toml"), super::bad_catalogs::VALID).unwrap();
    std::fs::write(dir.path().join("README.md"), "not a catalog").unwrap();
    std::fs::create_dir(dir.path().join("nested.toml")).unwrap();
    let catalogs = Catalogs::load_dir(dir.path()).unwrap();
    let ids: Vec<&str> = catalogs.iter().map(|catalog| catalog.id.as_str()).collect();
    assert_eq!(ids, [JIS_T_81001_5_1, JP_MHLW_0523, "fda-524b"]);
    let fda = catalogs.get("fda-524b").unwrap();
    assert!(fda.file().ends_with("fda-524b.toml"));
    assert_eq!(
        fda.item("524b-b-3").and_then(|item| item.auto),
        Some(AutoEvidence::Sbom)
    );
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(Catalogs::load_dir(empty.path()).unwrap().iter().count(), 2);
}
