use tplc_advisory::{Advisory, AdvisorySource, CpeMatch, LocalizedText, Severity, SeverityKind};
use tplc_feeds::{FeedError, JvnLanguage, ReadSummary, merge_jvn_languages, read_jvn_vuldef};

use crate::{fixture_bytes, gzip, messages};

fn read(
    bytes: &[u8],
    location: &str,
    language: Option<JvnLanguage>,
) -> (Result<ReadSummary, FeedError>, Vec<Advisory>, Vec<String>) {
    let (mut advisories, mut errors) = (Vec::new(), Vec::new());
    let result = read_jvn_vuldef(
        bytes,
        location,
        language,
        |advisory| advisories.push(advisory),
        |error| {
            errors.push(error);
        },
    );
    (result, advisories, messages(&errors))
}

fn japanese() -> Vec<Advisory> {
    let (result, advisories, errors) = read(
        &fixture_bytes("jvndb_detail_sample_ja.rdf"),
        "jvndb_detail_sample_ja.rdf",
        None,
    );
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 3,
            skipped: 1
        })
    );
    assert_eq!(
        errors,
        ["jvndb_detail_sample_ja.rdf:132:3: a Vulinfo without a VulinfoID"]
    );
    advisories
}

#[test]
fn a_japanese_record_reads_into_the_model() {
    let advisories = japanese();
    let planex = &advisories[0];
    assert_eq!(planex.id, "JVNDB-2025-000001");
    assert_eq!(planex.source, Some(AdvisorySource::Jvn));
    assert_eq!(
        (planex.summary.as_deref(), planex.details.as_deref()),
        (None, None)
    );
    assert_eq!(
        planex.ja,
        Some(LocalizedText {
            title: Some("プラネックス製MZK-DP300Nにおけるクロスサイトスクリプティングの脆弱性".to_owned()),
            description: Some("無線LANルーターMZK-DP300Nには、クロスサイトスクリプティング（CWE-79）の脆弱性が存在します。".to_owned()),
        })
    );
    assert_eq!(planex.aliases, ["CVE-2025-21603"]);
    assert_eq!(planex.cwes, ["CWE-79"]);
    let urls: Vec<(&str, &str)> = planex
        .references
        .iter()
        .map(|reference| (reference.kind.as_str(), reference.url.as_str()))
        .collect();
    assert_eq!(
        urls,
        [
            (
                "ADVISORY",
                "https://www.planex.co.jp/support/download/mzk-dp300n/"
            ),
            (
                "ADVISORY",
                "https://www.cve.org/CVERecord?id=CVE-2025-21603"
            ),
            ("ADVISORY", "https://jvn.jp/jp/JVN57428125/index.html"),
        ]
    );
    assert_eq!(
        planex.severity,
        [Severity {
            kind: SeverityKind::CvssV3,
            score: "CVSS:3.0/AV:N/AC:L/PR:H/UI:R/S:C/C:L/I:L/A:N".to_owned(),
            base_score: Some(4.8),
            rated_by: None,
        }]
    );
    assert_eq!(
        planex.cpe_configurations[0].nodes[0].matches,
        [CpeMatch {
            vulnerable: true,
            criteria: "cpe:2.3:o:planex:mzk-dp300n:*:*:*:*:*:*:*:*".to_owned(),
            version_end_including: Some("1.05".to_owned()),
            ..CpeMatch::default()
        }]
    );
    assert_eq!(
        planex.published.as_deref(),
        Some("2025-01-08T12:16:23+09:00")
    );
    assert_eq!(
        planex.modified.as_deref(),
        Some("2025-01-08T12:16:23+09:00")
    );
}

#[test]
fn version_lists_placeholders_and_unreadable_version_texts() {
    let advisories = japanese();
    let veritas = &advisories[1];
    assert_eq!(veritas.id, "JVNDB-2018-009328");
    assert!(veritas.aliases.is_empty());
    assert!(
        veritas.cwes.is_empty(),
        "CWE-noinfo is a placeholder, not a CWE id"
    );
    let criteria: Vec<&str> = veritas.cpe_configurations[0].nodes[0]
        .matches
        .iter()
        .map(|entry| entry.criteria.as_str())
        .collect();
    assert_eq!(
        criteria,
        [
            "cpe:2.3:a:veritas:netbackup:7.7:*:*:*:*:*:*:*",
            "cpe:2.3:a:veritas:netbackup:8.0:*:*:*:*:*:*:*",
            "cpe:2.3:a:veritas:netbackup:8.1:*:*:*:*:*:*:*",
            "cpe:2.3:a:hitachi:jp1_veritas_netbackup:7.7:*:*:*:*:*:*:*",
        ]
    );
    let kinds: Vec<&SeverityKind> = veritas.severity.iter().map(|entry| &entry.kind).collect();
    assert_eq!(kinds, [&SeverityKind::CvssV2, &SeverityKind::CvssV3]);
    assert_eq!(veritas.severity[0].base_score, Some(10.0));

    let trend = &advisories[2];
    assert_eq!(
        trend.aliases,
        ["CVE-2021-36745"],
        "the CVE and NVD items name one CVE"
    );
    // "for Windows 5.8 (Build 1575) 未満" cannot be bounded: every version matches.
    assert_eq!(
        trend.cpe_configurations[0].nodes[0].matches,
        [CpeMatch {
            vulnerable: true,
            criteria: "cpe:2.3:a:trendmicro:serverprotect:*:*:*:*:*:*:*:*".to_owned(),
            ..CpeMatch::default()
        }]
    );
    assert_eq!(
        trend.references[0].url,
        "https://success.trendmicro.com/jp/solution/000289030"
    );
}

#[test]
fn the_english_feed_and_the_merge() {
    let (result, english, errors) = read(
        &fixture_bytes("jvndb_detail_sample_en.rdf"),
        "jvndb_detail_sample_en.rdf",
        None,
    );
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 1,
            skipped: 0
        })
    );
    assert!(errors.is_empty());
    let english = english.into_iter().next().expect("one record");
    assert_eq!(
        english.summary.as_deref(),
        Some("PLANEX COMMUNICATIONS MZK-DP300N vulnerable to cross-site scripting")
    );
    assert!(
        english
            .details
            .as_deref()
            .is_some_and(|details| details.starts_with("MZK-DP300N provided by"))
    );
    assert_eq!(english.ja, None);
    assert_eq!(
        english.cpe_configurations[0].nodes[0].matches[0]
            .version_end_including
            .as_deref(),
        Some("1.05")
    );

    let japanese = japanese().into_iter().next().expect("one record");
    let merged = merge_jvn_languages(japanese.clone(), english.clone());
    assert_eq!(merged.id, "JVNDB-2025-000001");
    assert_eq!(merged.summary, english.summary);
    assert_eq!(merged.details, english.details);
    assert_eq!(merged.ja, japanese.ja);
    assert_eq!(merged.aliases, ["CVE-2025-21603"]);
    let urls: Vec<&str> = merged
        .references
        .iter()
        .map(|reference| reference.url.as_str())
        .collect();
    assert_eq!(
        urls,
        [
            "https://www.planex.co.jp/support/download/mzk-dp300n/",
            "https://www.cve.org/CVERecord?id=CVE-2025-21603",
            "https://jvn.jp/jp/JVN57428125/index.html",
            "https://jvn.jp/en/jp/JVN57428125/index.html",
        ]
    );
    assert_eq!(merged.severity.len(), 1, "the same vector is kept once");
    assert_eq!(merged.cpe_configurations, japanese.cpe_configurations);
}

#[test]
fn the_language_can_be_forced_and_gzip_is_read() {
    let bytes = gzip(&fixture_bytes("jvndb_detail_sample_ja.rdf"));
    let (result, advisories, _) = read(
        &bytes,
        "jvndb_detail_2025.rdf.gz",
        Some(JvnLanguage::English),
    );
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 3,
            skipped: 1
        })
    );
    assert_eq!(advisories[0].ja, None);
    assert_eq!(
        advisories[0].summary.as_deref(),
        Some("プラネックス製MZK-DP300Nにおけるクロスサイトスクリプティングの脆弱性")
    );
}

#[test]
fn a_doctype_is_rejected_and_no_entity_is_expanded() {
    let billion_laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE VULDEF-Document [\n <!ENTITY lol \"lol\">\n <!ENTITY lol2 \"&lol;&lol;&lol;\">\n]>\n<VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\"><Vulinfo><VulinfoID>&lol2;</VulinfoID></Vulinfo></VULDEF-Document>";
    let (result, advisories, _) = read(billion_laughs.as_bytes(), "evil.rdf", None);
    assert_eq!(
        result.err().map(|error| error.to_string()).as_deref(),
        Some(
            "evil.rdf: line 2, column 1: document type declarations are not allowed (no DTD is processed)"
        )
    );
    assert!(advisories.is_empty());
    let undeclared = "<VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\"><Vulinfo><VulinfoID>&lol;</VulinfoID></Vulinfo></VULDEF-Document>";
    assert!(matches!(
        read(undeclared.as_bytes(), "x.rdf", None).0,
        Err(FeedError::Xml { .. })
    ));
}

#[test]
fn truncated_xml_is_fatal_after_the_complete_records() {
    let bytes = fixture_bytes("jvndb_detail_sample_ja.rdf");
    let text = String::from_utf8(bytes).expect("UTF-8 fixture");
    let cut = text
        .find("<VulinfoID>JVNDB-2018-009328")
        .expect("second record");
    let (result, advisories, _) = read(&text.as_bytes()[..cut + 20], "cut.rdf", None);
    let error = result
        .err()
        .map(|error| error.to_string())
        .unwrap_or_default();
    assert_eq!(
        error,
        "cut.rdf: line 80, column 25: unexpected end of document: <VulinfoID> is not closed"
    );
    assert_eq!(
        advisories.len(),
        1,
        "the complete record before the cut is delivered"
    );
}

#[test]
fn other_documents_and_error_responses_are_fatal() {
    let rss = "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>";
    assert_eq!(
        read(rss.as_bytes(), "jvndb_2025.rdf", None)
            .0
            .err()
            .map(|error| error.to_string())
            .as_deref(),
        Some("jvndb_2025.rdf:1:22: not a VULDEF document: the root element is <RDF>")
    );
    let failed = "<VULDEF-Document xmlns=\"http://jvn.jp/vuldef/\" xmlns:status=\"http://jvndb.jvn.jp/myjvn/Status\">\n<status:Status retCd=\"1\" errCd=\"1001\" errMsg=\"vulnId is invalid\"/></VULDEF-Document>";
    assert_eq!(
        read(failed.as_bytes(), "api.xml", None)
            .0
            .err()
            .map(|error| error.to_string())
            .as_deref(),
        Some("api.xml:2:1: MyJVN error response 1001: vulnId is invalid")
    );
    assert!(read(b"", "empty.rdf", None).0.is_err());
    assert!(read(b"\xff\xfe<", "utf16.rdf", None).0.is_err());
}
