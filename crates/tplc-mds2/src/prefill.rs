//! Answers tplc already knows: filled in from product, SBOM, procedure and scope records.

use serde::{Deserialize, Serialize};

use crate::answer::Answer;
use crate::document::{Mds2Document, Mds2Meta};
use crate::form::{Mds2Form, QuestionKind};
use crate::lang::Lang;

/// What tplc knows about a product version, as input to [`prefill`]. Empty strings are
/// unknown and leave their answers open.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KnownFacts {
    /// Manufacturer's name (DOC-1, header block).
    pub manufacturer: String,
    /// Device description (DOC-2, header block).
    pub device: String,
    /// Model name(s) (DOC-3, header block).
    pub model: String,
    /// Software version (header block).
    pub version: String,
    /// Document id (DOC-4, header block).
    pub document_id: String,
    /// Release date of the document, `YYYY-MM-DD` (DOC-7, header block).
    pub date: String,
    /// Contact for security questions (DOC-5).
    pub security_contact: String,
    /// Whether an SBOM is recorded for the version (SBOM-1).
    pub sbom_available: bool,
    /// The SBOM's standard format, e.g. `CycloneDX 1.6` (SBOM-2).
    pub sbom_format: Option<String>,
    /// Number of components in the SBOM (SBOM-2.1).
    pub component_count: usize,
    /// Components that name their supplier (SBOM-2.2).
    pub components_with_supplier: usize,
    /// Components that give their version (SBOM-2.3).
    pub components_with_version: usize,
    /// Whether a vulnerability handling procedure is recorded (DOC-8, CSUP-11).
    pub has_vulnerability_procedure: bool,
    /// Whether a scope decision is recorded, so that the interface flags below are known; when
    /// false the connectivity answers stay open.
    pub scope_recorded: bool,
    /// The scope decision lists a network interface.
    pub has_network: bool,
    /// The scope decision lists a wireless interface.
    pub has_wireless: bool,
    /// The scope decision lists USB or removable media.
    pub has_usb: bool,
    /// Language of the notes prefill writes.
    pub lang: Lang,
}

/// The result of [`prefill_detailed`]: the document and the ids it answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefilled {
    /// The prefilled document.
    pub document: Mds2Document,
    /// The question ids prefill answered, in form order.
    pub prefilled: Vec<String>,
}

/// A document with the header block and the answers tplc knows filled in. See
/// [`prefill_detailed`] for the rules and the list of answered ids.
#[must_use]
pub fn prefill(form: &Mds2Form, facts: &KnownFacts) -> Mds2Document {
    prefill_detailed(form, facts).document
}

/// Fills in the header block from `facts` and answers what they settle:
///
/// - DOC-1 … DOC-5, DOC-7: manufacturer, device, model, document id, security contact, date
///   (when given);
/// - DOC-8 and CSUP-11: Yes when a vulnerability handling procedure is recorded (the note asks
///   to confirm it covers coordinated disclosure);
/// - SBOM-1: Yes or No. With an SBOM: SBOM-2 Yes when its format is known; SBOM-2.1 Yes when
///   it lists components; SBOM-2.2 and SBOM-2.3 Yes when every component names its supplier
///   (version), See Note with the counts when some do, No when none do; SBOM-4 Yes (tplc keeps
///   an SBOM per software version). Without one: SBOM-2 … SBOM-2.4 N/A;
/// - with a recorded scope decision: CONN-1 (any interface), CONN-1.1 (wireless; No makes
///   CONN-1.1.1 … 1.1.4 N/A), CONN-1.2 Yes for network or USB/media, CONN-1.2.2 and CONN-1.2.3
///   (USB/media), CONN-3 Yes for a network interface.
///
/// Questions the form does not have, or whose kind does not fit, are skipped.
#[must_use]
pub fn prefill_detailed(form: &Mds2Form, facts: &KnownFacts) -> Prefilled {
    let mut filler = Filler {
        form,
        lang: facts.lang,
        document: Mds2Document::new(Mds2Meta {
            manufacturer: facts.manufacturer.clone(),
            device: facts.device.clone(),
            model: facts.model.clone(),
            version: facts.version.clone(),
            document_id: facts.document_id.clone(),
            date: facts.date.clone(),
        }),
    };
    for (id, value) in [
        ("DOC-1", &facts.manufacturer),
        ("DOC-2", &facts.device),
        ("DOC-3", &facts.model),
        ("DOC-4", &facts.document_id),
        ("DOC-5", &facts.security_contact),
        ("DOC-7", &facts.date),
    ] {
        if !value.trim().is_empty() {
            filler.set(id, Answer::Text(value.clone()), String::new());
        }
    }
    if facts.has_vulnerability_procedure {
        let note = filler.say(
            "A vulnerability handling procedure is recorded in tplc; confirm it covers coordinated disclosure.",
            "脆弱性対応手順が tplc に記録されている。協調的な脆弱性開示を含むことを確認すること。",
        );
        filler.set("DOC-8", Answer::Yes, note);
        let note = filler.say(
            "Vulnerability handling procedure recorded in tplc.",
            "脆弱性対応手順を tplc に記録済み。",
        );
        filler.set("CSUP-11", Answer::Yes, note);
    }
    prefill_sbom(&mut filler, facts);
    if facts.scope_recorded {
        prefill_connectivity(&mut filler, facts);
    }
    let document = filler.document;
    let prefilled = form
        .questions()
        .iter()
        .filter(|question| document.answers.contains_key(&question.id))
        .map(|question| question.id.clone())
        .collect();
    Prefilled {
        document,
        prefilled,
    }
}

fn prefill_sbom(filler: &mut Filler<'_>, facts: &KnownFacts) {
    if !facts.sbom_available {
        filler.set("SBOM-1", Answer::No, String::new());
        for id in ["SBOM-2", "SBOM-2.1", "SBOM-2.2", "SBOM-2.3", "SBOM-2.4"] {
            filler.set(id, Answer::NotApplicable, String::new());
        }
        return;
    }
    let count = facts.component_count;
    let components = filler.say(
        &format!("{count} components."),
        &format!("コンポーネント {count} 件。"),
    );
    filler.set("SBOM-1", Answer::Yes, components.clone());
    if let Some(format) = facts
        .sbom_format
        .as_deref()
        .filter(|f| !f.trim().is_empty())
    {
        filler.set("SBOM-2", Answer::Yes, format.to_owned());
    }
    if count > 0 {
        filler.set("SBOM-2.1", Answer::Yes, components);
        let share = |with: usize, en: &str, ja: &str| -> (Answer, String) {
            match with {
                0 => (Answer::No, String::new()),
                n if n >= count => (Answer::Yes, String::new()),
                n => (
                    Answer::SeeNote,
                    filler.say(
                        &format!("{n} of {count} components {en}."),
                        &format!("{count} 件中 {n} 件{ja}。"),
                    ),
                ),
            }
        };
        let suppliers = share(
            facts.components_with_supplier,
            "name their supplier",
            "でサプライヤ名を記載",
        );
        let versions = share(
            facts.components_with_version,
            "give their version",
            "でバージョンを記載",
        );
        filler.set("SBOM-2.2", suppliers.0, suppliers.1);
        filler.set("SBOM-2.3", versions.0, versions.1);
    }
    let note = filler.say(
        "tplc keeps an SBOM for each software version.",
        "tplc でソフトウェアバージョンごとに SBOM を管理している。",
    );
    filler.set("SBOM-4", Answer::Yes, note);
}

fn prefill_connectivity(filler: &mut Filler<'_>, facts: &KnownFacts) {
    let any = facts.has_network || facts.has_wireless || facts.has_usb;
    filler.set("CONN-1", yes_no(any), String::new());
    filler.set("CONN-1.1", yes_no(facts.has_wireless), String::new());
    if !facts.has_wireless {
        for id in ["CONN-1.1.1", "CONN-1.1.2", "CONN-1.1.3", "CONN-1.1.4"] {
            filler.set(id, Answer::NotApplicable, String::new());
        }
    }
    if facts.has_network || facts.has_usb {
        filler.set("CONN-1.2", Answer::Yes, String::new());
    }
    if facts.has_usb {
        let note = filler.say(
            "The scope decision lists USB or removable media; confirm which.",
            "適用範囲の判断で USB またはリムーバブルメディアが挙げられている。どちらかを確認すること。",
        );
        filler.set("CONN-1.2.2", Answer::Yes, note);
    } else {
        filler.set("CONN-1.2.2", Answer::No, String::new());
        filler.set("CONN-1.2.3", Answer::No, String::new());
    }
    if facts.has_network {
        filler.set("CONN-3", Answer::Yes, String::new());
    }
}

fn yes_no(value: bool) -> Answer {
    if value { Answer::Yes } else { Answer::No }
}

struct Filler<'a> {
    form: &'a Mds2Form,
    lang: Lang,
    document: Mds2Document,
}

impl Filler<'_> {
    fn say(&self, en: &str, ja: &str) -> String {
        match self.lang {
            Lang::En => en.to_owned(),
            Lang::Ja => ja.to_owned(),
        }
    }

    /// Sets an answer when the form has the question and the answer fits its kind.
    fn set(&mut self, id: &str, answer: Answer, note: String) {
        let fits = match self.form.question(id) {
            Some(question) => match question.kind {
                QuestionKind::Text => matches!(answer, Answer::Text(_)),
                QuestionKind::Choice => answer.is_choice(),
            },
            None => false,
        };
        if fits {
            self.document.set(id, answer, note);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> KnownFacts {
        KnownFacts {
            manufacturer: "Example Medical".into(),
            device: "Infusion pump".into(),
            model: "IP-200".into(),
            version: "2.1.0".into(),
            security_contact: "psirt@example.com".into(),
            sbom_available: true,
            sbom_format: Some("CycloneDX 1.6".into()),
            component_count: 10,
            components_with_supplier: 10,
            components_with_version: 7,
            has_vulnerability_procedure: true,
            scope_recorded: true,
            has_network: true,
            has_wireless: false,
            has_usb: true,
            ..KnownFacts::default()
        }
    }

    #[test]
    fn fills_what_the_facts_settle() {
        let form = Mds2Form::hn_1_2019();
        let Prefilled {
            document,
            prefilled,
        } = prefill_detailed(form, &facts());
        assert_eq!(document.meta.manufacturer, "Example Medical");
        assert_eq!(document.meta.version, "2.1.0");
        assert_eq!(
            document.answer("DOC-1"),
            &Answer::Text("Example Medical".into())
        );
        assert_eq!(
            document.answer("DOC-5"),
            &Answer::Text("psirt@example.com".into())
        );
        assert_eq!(document.answer("DOC-4"), &Answer::Unanswered);
        assert_eq!(document.answer("DOC-8"), &Answer::Yes);
        assert_eq!(document.answer("CSUP-11"), &Answer::Yes);
        assert_eq!(document.answer("SBOM-1"), &Answer::Yes);
        assert_eq!(document.note("SBOM-2"), "CycloneDX 1.6");
        assert_eq!(document.answer("SBOM-2.2"), &Answer::Yes);
        assert_eq!(document.answer("SBOM-2.3"), &Answer::SeeNote);
        assert_eq!(
            document.note("SBOM-2.3"),
            "7 of 10 components give their version."
        );
        assert_eq!(document.answer("SBOM-3"), &Answer::Unanswered);
        assert_eq!(document.answer("CONN-1"), &Answer::Yes);
        assert_eq!(document.answer("CONN-1.1"), &Answer::No);
        assert_eq!(document.answer("CONN-1.1.2"), &Answer::NotApplicable);
        assert_eq!(document.answer("CONN-1.2.2"), &Answer::Yes);
        assert_eq!(document.answer("CONN-3"), &Answer::Yes);
        assert_eq!(document.check(form), Ok(()));
        let expected: Vec<String> = form
            .questions()
            .iter()
            .map(|q| q.id.clone())
            .filter(|id| document.answers.contains_key(id))
            .collect();
        assert_eq!(prefilled, expected);
        assert_eq!(prefilled.first().map(String::as_str), Some("DOC-1"));
        assert!(prefilled.contains(&"SBOM-4".to_owned()));
    }

    #[test]
    fn without_sbom_or_scope_leaves_those_open() {
        let form = Mds2Form::hn_1_2019();
        let facts = KnownFacts {
            lang: Lang::Ja,
            ..KnownFacts::default()
        };
        let Prefilled {
            document,
            prefilled,
        } = prefill_detailed(form, &facts);
        assert_eq!(document.answer("SBOM-1"), &Answer::No);
        assert_eq!(document.answer("SBOM-2.4"), &Answer::NotApplicable);
        assert_eq!(document.answer("SBOM-4"), &Answer::Unanswered);
        assert_eq!(document.answer("CONN-1"), &Answer::Unanswered);
        assert_eq!(document.answer("DOC-1"), &Answer::Unanswered);
        assert_eq!(document.answer("DOC-8"), &Answer::Unanswered);
        assert_eq!(
            prefilled,
            [
                "SBOM-1", "SBOM-2", "SBOM-2.1", "SBOM-2.2", "SBOM-2.3", "SBOM-2.4"
            ]
        );
    }

    #[test]
    fn notes_follow_the_language_and_partial_suppliers() {
        let form = Mds2Form::hn_1_2019();
        let facts = KnownFacts {
            lang: Lang::Ja,
            components_with_supplier: 3,
            ..facts()
        };
        let document = prefill(form, &facts);
        assert_eq!(document.answer("SBOM-2.2"), &Answer::SeeNote);
        assert_eq!(
            document.note("SBOM-2.2"),
            "10 件中 3 件でサプライヤ名を記載。"
        );
        assert_eq!(document.note("SBOM-1"), "コンポーネント 10 件。");
        let none = KnownFacts {
            components_with_version: 0,
            ..facts
        };
        assert_eq!(prefill(form, &none).answer("SBOM-2.3"), &Answer::No);
    }
}
