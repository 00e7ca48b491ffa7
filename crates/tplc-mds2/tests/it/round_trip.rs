//! Writing a document and reading it back gives the same document.

use proptest::prelude::*;
use tplc_mds2::{
    Answer, KnownFacts, Lang, Mds2Document, Mds2Form, Mds2Meta, QuestionKind, prefill, read_xlsx,
    write_xlsx, write_xlsx_in,
};

use crate::support::full_document;

#[test]
fn full_document_reads_back_identically_in_both_languages() {
    let form = Mds2Form::hn_1_2019();
    let document = full_document();
    assert_eq!(document.answers.len(), 240);
    for lang in [Lang::En, Lang::Ja] {
        let bytes = write_xlsx_in(form, &document, lang).unwrap();
        assert_eq!(read_xlsx(form, &bytes).unwrap(), document, "{lang}");
    }
}

#[test]
fn empty_and_prefilled_documents_read_back_identically() {
    let form = Mds2Form::hn_1_2019();
    let empty = Mds2Document::default();
    assert_eq!(
        read_xlsx(form, &write_xlsx(form, &empty).unwrap()).unwrap(),
        empty
    );
    let facts = KnownFacts {
        manufacturer: "Example Medical".into(),
        sbom_available: true,
        sbom_format: Some("SPDX 2.3".into()),
        component_count: 3,
        components_with_supplier: 1,
        components_with_version: 3,
        scope_recorded: true,
        has_wireless: true,
        lang: Lang::Ja,
        ..KnownFacts::default()
    };
    let document = prefill(form, &facts);
    assert!(!document.answers.is_empty());
    assert_eq!(
        read_xlsx(form, &write_xlsx(form, &document).unwrap()).unwrap(),
        document
    );
}

#[test]
fn tricky_texts_survive() {
    let form = Mds2Form::hn_1_2019();
    let mut document = Mds2Document::new(Mds2Meta {
        manufacturer: "  leading and trailing  ".into(),
        model: "435".into(),
        date: "2026-03-20".into(),
        ..Mds2Meta::default()
    });
    document.set(
        "DOC-1",
        Answer::Text("literal _x0041_ and _x000D_".into()),
        "",
    );
    document.set(
        "DOC-2",
        Answer::Text("tab\there\r\nCRLF\u{1}ctl".into()),
        "",
    );
    document.set("DOC-8", Answer::SeeNote, "=SUM(A1:A2) looks like a formula");
    document.set("DOC-9", Answer::Unanswered, " ");
    let bytes = write_xlsx(form, &document).unwrap();
    assert_eq!(read_xlsx(form, &bytes).unwrap(), document);
}

fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("(\\PC|[\\n\\t\\r\\x01\\x1f]|_x00[0-9A-F]{2}_|日本語){0,24}")
        .unwrap()
}

fn entry(kind: QuestionKind) -> impl Strategy<Value = (Answer, String)> {
    let answer = match kind {
        QuestionKind::Text => prop_oneof![
            Just(Answer::Unanswered),
            text()
                .prop_filter("non-blank", |t| !t.trim().is_empty())
                .prop_map(Answer::Text),
        ]
        .boxed(),
        QuestionKind::Choice => prop_oneof![
            Just(Answer::Yes),
            Just(Answer::No),
            Just(Answer::NotApplicable),
            Just(Answer::SeeNote),
            Just(Answer::Unanswered),
        ]
        .boxed(),
    };
    (answer, prop_oneof![Just(String::new()), text()])
}

fn document() -> impl Strategy<Value = Mds2Document> {
    let form = Mds2Form::hn_1_2019();
    let picks = proptest::sample::subsequence(form.questions().to_vec(), 0..=40);
    let meta = (text(), text(), text(), text(), text(), text()).prop_map(
        |(manufacturer, device, model, version, document_id, date)| Mds2Meta {
            manufacturer,
            device,
            model,
            version,
            document_id,
            date,
        },
    );
    (meta, picks)
        .prop_flat_map(|(meta, questions)| {
            let entries: Vec<_> = questions.iter().map(|q| entry(q.kind)).collect();
            let ids: Vec<String> = questions.iter().map(|q| q.id.clone()).collect();
            (Just(meta), Just(ids), entries)
        })
        .prop_map(|(meta, ids, entries)| {
            let mut document = Mds2Document::new(meta);
            for (id, (answer, note)) in ids.into_iter().zip(entries) {
                document.set(id, answer, note);
            }
            document
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_documents_read_back_identically(document in document(), ja in any::<bool>()) {
        let form = Mds2Form::hn_1_2019();
        let lang = if ja { Lang::Ja } else { Lang::En };
        let bytes = write_xlsx_in(form, &document, lang).unwrap();
        prop_assert_eq!(read_xlsx(form, &bytes).unwrap(), document);
    }
}
