//! The question ids of the embedded form, against an independent transcription of the filled
//! HN 1-2019 instance (medicapture-europe/smartai-content, cybersecurity.md, with its typo
//! SHAD-15 read as SAHD-15) and against the section table of ../shared/docs/standards.md §2.

use std::path::PathBuf;

use tplc_mds2::{Mds2Form, QuestionKind};

/// Section code and the numbers of its questions, in form order.
const EXPECTED: [(&str, &str); 23] = [
    ("DOC", "1 2 3 4 5 6 7 8 9 10 11 11.1 11.2 11.3 11.4"),
    (
        "MPII",
        "1 2 2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.9 3 3.1 3.2 3.3 3.4 3.5 3.6 3.7 3.8 3.9 3.10",
    ),
    ("ALOF", "1 2"),
    (
        "AUDT",
        "1 1.1 1.2 2 2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 2.8.1 2.8.2 2.9 2.10 2.11 3 4 4.1 4.1.1 5 5.1 5.2 5.3 5.4 6 7 7.1 8",
    ),
    ("AUTH", "1 1.1 1.2 1.3 2 3 4 5"),
    (
        "CSUP",
        "1 2 2.1 2.2 2.3 2.4 3 3.1 3.2 3.3 3.4 4 4.1 4.2 4.3 4.4 5 5.1 5.2 5.3 5.4 6 6.1 6.2 6.3 6.4 7 8 9 10 10.1 11 11.1 11.2",
    ),
    ("DIDT", "1 1.1"),
    ("DTBK", "1 2 3 4 5 6"),
    ("EMRG", "1"),
    ("IGAU", "1 2"),
    ("MLDP", "1 2 2.1 2.2 2.3 2.4 2.5 2.6 2.7 2.8 3 4 5 5.1 5.2"),
    ("NAUT", "1 2 2.1 3"),
    (
        "CONN",
        "1 1.1 1.1.1 1.1.2 1.1.3 1.1.4 1.2 1.2.1 1.2.2 1.2.3 1.2.4 2 3 4 5 6 7 7.1 8",
    ),
    ("PAUT", "1 1.1 2 3 4 5 6 7 8 9 10 11 12 13 14 14.1"),
    ("PLOK", "1 2 3 4"),
    ("RDMP", "1 2 3 4"),
    ("SBOM", "1 2 2.1 2.2 2.3 2.4 3 4"),
    (
        "SAHD",
        "1 2 3 3.1 3.2 4 5 5.1 6 6.1 6.2 7 8 9 10 11 12 13 14 14.1 15 16",
    ),
    ("SGUD", "1 2 3 3.1 4"),
    ("STCF", "1 1.1 1.2 1.3 2 3 4"),
    ("TXCF", "1 2 2.1 3 4 5"),
    ("TXIG", "1 2"),
    ("RMOT", "1 1.1 1.2 1.3 2 3"),
];

#[test]
fn every_id_in_form_order() {
    let expected: Vec<String> = EXPECTED
        .iter()
        .flat_map(|(code, numbers)| numbers.split(' ').map(move |n| format!("{code}-{n}")))
        .collect();
    let form = Mds2Form::hn_1_2019();
    let actual: Vec<&str> = form.questions().iter().map(|q| q.id.as_str()).collect();
    assert_eq!(actual, expected);
    assert_eq!(actual.len(), 240);
    let sections: Vec<&str> = form.sections().iter().map(|s| s.code.as_str()).collect();
    let expected_sections: Vec<&str> = EXPECTED.iter().map(|(code, _)| *code).collect();
    assert_eq!(sections, expected_sections);
}

#[test]
fn text_questions_are_doc_1_to_7() {
    let form = Mds2Form::hn_1_2019();
    let text: Vec<&str> = form
        .questions()
        .iter()
        .filter(|q| q.kind == QuestionKind::Text)
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(
        text,
        [
            "DOC-1", "DOC-2", "DOC-3", "DOC-4", "DOC-5", "DOC-6", "DOC-7"
        ]
    );
}

#[test]
fn every_question_has_both_texts_and_a_known_parent() {
    let form = Mds2Form::hn_1_2019();
    for question in form.questions() {
        assert!(
            !question.text.en.trim().is_empty() && !question.text.ja.trim().is_empty(),
            "{}",
            question.id
        );
        assert!(
            question.text.ja.chars().any(|c| c > '\u{3000}'),
            "{} has no Japanese text",
            question.id
        );
        if let Some(parent) = &question.parent {
            assert_eq!(
                form.question(parent).map(|p| p.section.as_str()),
                Some(question.section.as_str())
            );
        }
    }
    assert_eq!(
        form.question("CONN-1.1.1").unwrap().parent.as_deref(),
        Some("CONN-1.1")
    );
    assert_eq!(form.question("SAHD-15").unwrap().parent, None);
}

/// standards.md §2's table lists for each section the first and last id seen ("DOC-1 …
/// DOC-11.4", or "ALOF-1, ALOF-2"); sections marked unverified there (CNFS) are not in the
/// 2019 form as filled in and are skipped.
#[test]
fn matches_the_section_table_of_standards_md() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/docs/standards.md");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: ../shared not present");
        return;
    };
    let form = Mds2Form::hn_1_2019();
    let mut codes = Vec::new();
    let section_2 = text
        .split("\n## ")
        .find(|part| part.starts_with("2. MDS2"))
        .expect("standards.md has section 2 on MDS2");
    for line in section_2.lines().filter(|line| line.starts_with("| ")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (code, ids) = (cells[1], cells[4]);
        if code == "section" || code.starts_with("---") || ids.contains("unverified") {
            continue;
        }
        let bounds: Vec<&str> = ids.split(['…', ',']).map(str::trim).collect();
        let (first, last) = (bounds[0], bounds[bounds.len() - 1]);
        let in_section: Vec<&str> = form.questions_in(code).map(|q| q.id.as_str()).collect();
        assert_eq!(in_section.first(), Some(&first), "first id of {code}");
        assert_eq!(in_section.last(), Some(&last), "last id of {code}");
        codes.push(code.to_owned());
    }
    let form_codes: Vec<String> = form.sections().iter().map(|s| s.code.clone()).collect();
    assert_eq!(codes, form_codes);
}
