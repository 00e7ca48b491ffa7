//! A filled-in MDS2 document: header fields and answers by question id.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::answer::{Answer, AnswerEntry};
use crate::error::{AnswerProblem, Mds2Error};
use crate::excel_text;
use crate::form::{Mds2Form, QuestionKind};

/// The header block of the form: who and what the document is about.
///
/// These fields are the workbook's header block; the DOC-1 … DOC-7 answers of the question
/// table are separate answers ([`crate::prefill`] fills both from the same facts).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mds2Meta {
    /// Manufacturer's name.
    pub manufacturer: String,
    /// Device description.
    pub device: String,
    /// Device model(s).
    pub model: String,
    /// Software version the document describes.
    pub version: String,
    /// Document id.
    pub document_id: String,
    /// Release date of the document, preferably `YYYY-MM-DD`.
    pub date: String,
}

impl Mds2Meta {
    /// The fields with their names, in header-block order.
    #[must_use]
    pub fn fields(&self) -> [(&'static str, &str); 6] {
        [
            ("manufacturer", &self.manufacturer),
            ("device", &self.device),
            ("model", &self.model),
            ("version", &self.version),
            ("document_id", &self.document_id),
            ("date", &self.date),
        ]
    }
}

/// An MDS2 document: the header fields and the answers, keyed by question id.
///
/// An id without entry is unanswered; entries that say nothing (unanswered, no note) are
/// equivalent to no entry and are not kept by [`Mds2Document::set`] or [`crate::read_xlsx`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mds2Document {
    /// The header fields.
    pub meta: Mds2Meta,
    /// Answers by question id.
    pub answers: BTreeMap<String, AnswerEntry>,
}

impl Mds2Document {
    /// A document with these header fields and no answers.
    #[must_use]
    pub fn new(meta: Mds2Meta) -> Self {
        Self {
            meta,
            answers: BTreeMap::new(),
        }
    }

    /// Sets the answer and note of a question; an empty entry removes the question's entry.
    /// Does not check the id against a form (see [`Mds2Document::check`]).
    pub fn set(&mut self, id: impl Into<String>, answer: Answer, note: impl Into<String>) {
        let id = id.into();
        let entry = AnswerEntry::new(answer, note);
        if entry.is_empty() {
            self.answers.remove(&id);
        } else {
            self.answers.insert(id, entry);
        }
    }

    /// The answer to a question ([`Answer::Unanswered`] when it has no entry).
    #[must_use]
    pub fn answer(&self, id: &str) -> &Answer {
        self.answers
            .get(id)
            .map_or(&Answer::Unanswered, |entry| &entry.answer)
    }

    /// The note of a question (empty when none).
    #[must_use]
    pub fn note(&self, id: &str) -> &str {
        self.answers.get(id).map_or("", |entry| &entry.note)
    }

    /// The same document without entries that say nothing.
    #[must_use]
    pub fn normalized(&self) -> Self {
        let mut document = self.clone();
        document.answers.retain(|_, entry| !entry.is_empty());
        document
    }

    /// Checks the document against a form: every id is a question of the form, choice
    /// questions have choice answers, text questions non-empty text, and every text fits an
    /// XLSX cell.
    ///
    /// # Errors
    ///
    /// The first problem found, as [`Mds2Error::UnknownQuestion`],
    /// [`Mds2Error::InvalidAnswer`], [`Mds2Error::InvalidNote`] or [`Mds2Error::InvalidMeta`].
    pub fn check(&self, form: &Mds2Form) -> Result<(), Mds2Error> {
        for (field, value) in self.meta.fields() {
            excel_text::check(value)
                .map_err(|problem| Mds2Error::InvalidMeta { field, problem })?;
        }
        for (id, entry) in &self.answers {
            let Some(question) = form.question(id) else {
                return Err(Mds2Error::UnknownQuestion {
                    form: form.standard().to_owned(),
                    id: id.clone(),
                });
            };
            let invalid = |problem| Mds2Error::InvalidAnswer {
                id: id.clone(),
                problem,
            };
            match (&entry.answer, question.kind) {
                (Answer::Unanswered, _) => {}
                (Answer::Text(text), QuestionKind::Text) => {
                    if text.trim().is_empty() {
                        return Err(invalid(AnswerProblem::EmptyText));
                    }
                    excel_text::check(text).map_err(|p| invalid(AnswerProblem::Text(p)))?;
                }
                (Answer::Text(text), kind @ QuestionKind::Choice) => {
                    return Err(invalid(AnswerProblem::TextForChoice {
                        kind,
                        value: text.clone(),
                    }));
                }
                (choice, kind @ QuestionKind::Text) => {
                    let value = choice.cell_value().unwrap_or_default().to_owned();
                    return Err(invalid(AnswerProblem::ChoiceForText { kind, value }));
                }
                (_, QuestionKind::Choice) => {}
            }
            excel_text::check(&entry.note).map_err(|problem| Mds2Error::InvalidNote {
                id: id.clone(),
                problem,
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::excel_text::TextProblem;

    fn form() -> &'static Mds2Form {
        Mds2Form::hn_1_2019()
    }

    #[test]
    fn set_drops_empty_entries() {
        let mut document = Mds2Document::default();
        document.set("SBOM-1", Answer::Yes, "CycloneDX");
        assert_eq!(document.answer("SBOM-1"), &Answer::Yes);
        assert_eq!(document.note("SBOM-1"), "CycloneDX");
        document.set("SBOM-1", Answer::Unanswered, "");
        assert!(document.answers.is_empty());
        document.set("SBOM-2", Answer::Unanswered, "to be decided");
        assert_eq!(document.answers.len(), 1);
        assert_eq!(document.answer("MPII-1"), &Answer::Unanswered);
    }

    #[test]
    fn check_accepts_a_fitting_document() {
        let mut document = Mds2Document::default();
        document.set("DOC-1", Answer::Text("ACME".into()), "");
        document.set("DOC-8", Answer::SeeNote, "via PSIRT");
        document.set("DOC-9", Answer::Unanswered, "unknown");
        assert_eq!(document.check(form()), Ok(()));
    }

    #[test]
    fn check_rejects_what_does_not_fit() {
        let cases: [(&str, Answer, &str, &str); 5] = [
            (
                "SHAD-15",
                Answer::Yes,
                "",
                "unknown question id \"SHAD-15\" (not in ANSI/NEMA HN 1-2019)",
            ),
            (
                "DOC-8",
                Answer::Text("Yes, optional".into()),
                "",
                "DOC-8: a choice question takes Yes, No, N/A or See Note, not the text \"Yes, optional\"",
            ),
            (
                "DOC-1",
                Answer::Yes,
                "",
                "DOC-1: a text question takes free text, not Yes",
            ),
            (
                "DOC-2",
                Answer::Text(String::new()),
                "",
                "DOC-2: empty text answer (leave the question unanswered instead)",
            ),
            (
                "DOC-9",
                Answer::No,
                "bad \u{FFFE}",
                "DOC-9: note: character U+FFFE cannot be stored in an XLSX file",
            ),
        ];
        for (id, answer, note, message) in cases {
            let mut document = Mds2Document::default();
            document
                .answers
                .insert(id.into(), AnswerEntry::new(answer, note));
            assert_eq!(document.check(form()).unwrap_err().to_string(), message);
        }
        let mut document = Mds2Document::default();
        document.meta.device = "x".repeat(40_000);
        assert_eq!(
            document.check(form()),
            Err(Mds2Error::InvalidMeta {
                field: "device",
                problem: TextProblem::TooLong { chars: 40_000 }
            })
        );
    }

    #[test]
    fn json_round_trip() {
        let mut document = Mds2Document::new(Mds2Meta {
            manufacturer: "ACME".into(),
            ..Mds2Meta::default()
        });
        document.set("DOC-1", Answer::Text("ACME".into()), "");
        document.set("SBOM-1", Answer::Yes, "CycloneDX 1.6");
        let json = serde_json::to_value(&document).unwrap();
        assert_eq!(json["answers"]["SBOM-1"]["answer"], "yes");
        let back: Mds2Document = serde_json::from_value(json).unwrap();
        assert_eq!(back, document);
    }
}
