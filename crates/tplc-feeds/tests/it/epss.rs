use tplc_advisory::EpssScore;
use tplc_feeds::{FeedError, ReadSummary, read_epss_csv};

use crate::{fixture_bytes, gzip, messages};

fn read(bytes: &[u8]) -> (Result<ReadSummary, FeedError>, Vec<EpssScore>, Vec<String>) {
    let (mut scores, mut errors) = (Vec::new(), Vec::new());
    let result = read_epss_csv(
        bytes,
        "epss_scores-2026-11-30.csv",
        |score| scores.push(score),
        |error| errors.push(error),
    );
    (result, scores, messages(&errors))
}

#[test]
fn scores_carry_the_date_of_the_header_comment_and_bad_rows_their_line() {
    for bytes in [
        fixture_bytes("epss_scores-2026-11-30.csv"),
        gzip(&fixture_bytes("epss_scores-2026-11-30.csv")),
    ] {
        let (result, scores, errors) = read(&bytes);
        assert_eq!(
            result.ok(),
            Some(ReadSummary {
                read: 4,
                skipped: 2
            })
        );
        assert_eq!(
            errors,
            [
                "epss_scores-2026-11-30.csv:6: expected 3 fields (cve,epss,percentile), found 1",
                "epss_scores-2026-11-30.csv:8: epss \"1.7\" is outside 0–1",
            ]
        );
        assert_eq!(
            scores[0],
            EpssScore {
                cve: "CVE-2021-44228".to_owned(),
                epss: 0.94358,
                percentile: 0.99957,
                score_date: Some("2026-11-30".to_owned()),
            }
        );
        let ids: Vec<&str> = scores.iter().map(|score| score.cve.as_str()).collect();
        assert_eq!(
            ids,
            [
                "CVE-2021-44228",
                "CVE-2014-0160",
                "CVE-2023-4863",
                "CVE-2024-55593"
            ]
        );
    }
}

#[test]
fn files_without_the_comment_or_the_header() {
    let (result, scores, _) = read(b"cve,epss,percentile\r\nCVE-2014-0160,0.94474,0.99986\r\n");
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 1,
            skipped: 0
        })
    );
    assert_eq!(scores[0].score_date, None);
    let no_header = read(b"#model_version:v2025.03.14\nCVE-2014-0160,0.9,0.9\n").0;
    assert_eq!(
        no_header.err().map(|error| error.to_string()).as_deref(),
        Some(
            "epss_scores-2026-11-30.csv:2: expected the header \"cve,epss,percentile\", found \"CVE-2014-0160,0.9,0.9\""
        )
    );
    assert!(read(b"").0.is_err());
    let (result, _, errors) = read(b"cve,epss,percentile\nCVE-2014-0160,0.9,\xff\n");
    assert_eq!(
        result.ok(),
        Some(ReadSummary {
            read: 0,
            skipped: 1
        })
    );
    assert_eq!(
        errors,
        ["epss_scores-2026-11-30.csv:2: the row is not UTF-8"]
    );
}
