//! The MDS2 form as data: sections and questions in form order, loaded from a TOML file.

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::lang::Text;
use crate::question_id::{QuestionId, is_section_code};

/// The TOML text of ANSI/NEMA HN 1-2019, embedded at build time.
const HN_1_2019_FILE: &str = "forms/hn-1-2019.toml";
const HN_1_2019_TEXT: &str = include_str!("../forms/hn-1-2019.toml");

static HN_1_2019: LazyLock<Mds2Form> = LazyLock::new(|| {
    match Mds2Form::parse(HN_1_2019_FILE, HN_1_2019_TEXT) {
        Ok(form) => form,
        // The embedded file is checked by the unit test `embedded_form_is_valid`.
        Err(error) => panic!("embedded MDS2 form is invalid: {error}"),
    }
});

/// What kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// One of Yes, No, N/A, See Note.
    #[default]
    Choice,
    /// Free text in the answer cell (e.g. DOC-1 manufacturer name).
    Text,
}

impl QuestionKind {
    /// `choice` or `text`, as in the form file.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Choice => "choice",
            Self::Text => "text",
        }
    }
}

impl fmt::Display for QuestionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A section of the form (`DOC`, `MPII`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The section code, e.g. `AUDT`.
    pub code: String,
    /// The section's title in Japanese and English.
    pub title: Text,
}

/// A question of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The question id, e.g. `AUDT-2.8.1`.
    pub id: String,
    /// The code of the section the question belongs to (`AUDT`).
    pub section: String,
    /// The parent question (`AUDT-2.8`), `None` for a top-level question.
    pub parent: Option<String>,
    /// The question text (the team's paraphrase) in Japanese and English.
    pub text: Text,
    /// The kind of answer.
    pub kind: QuestionKind,
}

/// An MDS2 form: its identity and its questions in form order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mds2Form {
    id: String,
    standard: String,
    title: Text,
    sections: Vec<Section>,
    questions: Vec<Question>,
    index: HashMap<String, usize>,
}

/// Why a form file is not valid: `<file>:<line>:<col>: <message>` (the position when known).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", position.map(|(line, col)| format!(":{line}:{col}")).unwrap_or_default())]
pub struct FormError {
    /// The file name given to [`Mds2Form::parse`].
    pub file: String,
    /// Line and column (from 1), when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawForm {
    id: Spanned<String>,
    standard: Spanned<String>,
    title: Spanned<Text>,
    sections: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    code: Spanned<String>,
    title: Spanned<Text>,
    questions: Vec<RawQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    #[serde(default)]
    kind: QuestionKind,
    en: Spanned<String>,
    ja: Spanned<String>,
}

impl Mds2Form {
    /// The MDS2 form of ANSI/NEMA HN 1-2019 (240 questions in 23 sections), from the data file
    /// `forms/hn-1-2019.toml` embedded in the crate.
    #[must_use]
    pub fn hn_1_2019() -> &'static Self {
        &HN_1_2019
    }

    /// Parses and validates a form file. `file_name` is used in error messages.
    ///
    /// # Errors
    ///
    /// A [`FormError`] naming the place for: TOML syntax, unknown fields, empty texts, a
    /// malformed or duplicate section code or question id, a question listed under another
    /// section than its id says, a parent question that does not come before it, or questions
    /// out of form order.
    pub fn parse(file_name: &str, text: &str) -> Result<Self, FormError> {
        let error = |span: Option<std::ops::Range<usize>>, message: String| FormError {
            file: file_name.to_owned(),
            position: span.map(|span| line_col(text, span.start)),
            message,
        };
        let raw: RawForm =
            toml::from_str(text).map_err(|e| error(e.span(), e.message().to_owned()))?;
        for (field, value) in [("id", &raw.id), ("standard", &raw.standard)] {
            if value.get_ref().trim().is_empty() {
                return Err(error(Some(value.span()), format!("form {field} is empty")));
            }
        }
        check_text(&raw.title, "form title").map_err(|(span, m)| error(Some(span), m))?;
        if raw.sections.is_empty() {
            return Err(error(None, "the form has no sections".to_owned()));
        }

        let mut sections: Vec<Section> = Vec::new();
        let mut questions: Vec<Question> = Vec::new();
        let mut index = HashMap::new();
        for raw_section in &raw.sections {
            let code = raw_section.code.get_ref();
            let code_span = Some(raw_section.code.span());
            if !is_section_code(code) {
                return Err(error(
                    code_span,
                    format!("section code {code:?} is not 2 to 8 upper-case letters"),
                ));
            }
            if sections.iter().any(|section| &section.code == code) {
                return Err(error(code_span, format!("section {code} is listed twice")));
            }
            check_text(&raw_section.title, &format!("title of section {code}"))
                .map_err(|(span, m)| error(Some(span), m))?;
            if raw_section.questions.is_empty() {
                return Err(error(code_span, format!("section {code} has no questions")));
            }
            let mut previous: Option<QuestionId<'_>> = None;
            for raw_question in &raw_section.questions {
                let id_text = raw_question.id.get_ref();
                let id_span = Some(raw_question.id.span());
                let Some(id) = QuestionId::parse(id_text) else {
                    return Err(error(
                        id_span,
                        format!(
                            "question id {id_text:?} is not of the form CODE-n or CODE-n.m (e.g. AUDT-2.8.1)"
                        ),
                    ));
                };
                if id.section != code {
                    return Err(error(
                        id_span,
                        format!("question {id_text} is listed under section {code}"),
                    ));
                }
                if index.contains_key(id_text) {
                    return Err(error(
                        id_span,
                        format!("question {id_text} is listed twice"),
                    ));
                }
                if let Some(previous) = &previous
                    && previous.order(&id).is_ge()
                {
                    return Err(error(
                        id_span,
                        format!(
                            "question {id_text} is out of form order (it comes after {}-{})",
                            previous.section,
                            join(&previous.numbers)
                        ),
                    ));
                }
                let parent = id.parent();
                if let Some(parent) = &parent
                    && !index.contains_key(parent)
                {
                    return Err(error(
                        id_span,
                        format!("question {id_text}: its parent {parent} is not listed before it"),
                    ));
                }
                for (lang, value) in [("en", &raw_question.en), ("ja", &raw_question.ja)] {
                    if value.get_ref().trim().is_empty() {
                        return Err(error(
                            Some(value.span()),
                            format!("question {id_text}: the {lang} text is empty"),
                        ));
                    }
                }
                index.insert(id_text.clone(), questions.len());
                questions.push(Question {
                    id: id_text.clone(),
                    section: code.clone(),
                    parent,
                    text: Text {
                        ja: raw_question.ja.get_ref().clone(),
                        en: raw_question.en.get_ref().clone(),
                    },
                    kind: raw_question.kind,
                });
                previous = Some(id);
            }
            sections.push(Section {
                code: code.clone(),
                title: raw_section.title.get_ref().clone(),
            });
        }
        Ok(Self {
            id: raw.id.into_inner(),
            standard: raw.standard.into_inner(),
            title: raw.title.into_inner(),
            sections,
            questions,
            index,
        })
    }

    /// The form's short id (`hn-1-2019`), as stored next to a document.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The standard's name (`ANSI/NEMA HN 1-2019`), as written in the workbook.
    #[must_use]
    pub fn standard(&self) -> &str {
        &self.standard
    }

    /// The form's title in Japanese and English.
    #[must_use]
    pub fn title(&self) -> &Text {
        &self.title
    }

    /// The sections in form order.
    #[must_use]
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// All questions in form order.
    #[must_use]
    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// The question with this id.
    #[must_use]
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.index.get(id).map(|&at| &self.questions[at])
    }

    /// The section with this code.
    #[must_use]
    pub fn section(&self, code: &str) -> Option<&Section> {
        self.sections.iter().find(|section| section.code == code)
    }

    /// The questions of one section, in form order (none for an unknown code).
    pub fn questions_in<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Question> + 'a {
        self.questions
            .iter()
            .filter(move |question| question.section == code)
    }
}

fn check_text(text: &Spanned<Text>, what: &str) -> Result<(), (std::ops::Range<usize>, String)> {
    for (lang, value) in [("en", &text.get_ref().en), ("ja", &text.get_ref().ja)] {
        if value.trim().is_empty() {
            return Err((text.span(), format!("{what}: the {lang} text is empty")));
        }
    }
    Ok(())
}

fn join(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(".")
}

/// Line and column (from 1, columns in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "id = \"t\"\nstandard = \"T\"\ntitle = { en = \"T\", ja = \"T\" }\n";

    fn parse(body: &str) -> Result<Mds2Form, FormError> {
        Mds2Form::parse("t.toml", &format!("{HEAD}{body}"))
    }

    #[test]
    fn embedded_form_is_valid() {
        let form = Mds2Form::parse(HN_1_2019_FILE, HN_1_2019_TEXT).unwrap();
        assert_eq!(form.id(), "hn-1-2019");
        assert_eq!(form.standard(), "ANSI/NEMA HN 1-2019");
        assert_eq!(form.questions().len(), 240);
        assert_eq!(form.sections().len(), 23);
        assert_eq!(Mds2Form::hn_1_2019(), &form);
    }

    #[test]
    fn derives_section_parent_and_kind() {
        let form = Mds2Form::hn_1_2019();
        let question = form.question("AUDT-2.8.1").unwrap();
        assert_eq!(question.section, "AUDT");
        assert_eq!(question.parent.as_deref(), Some("AUDT-2.8"));
        assert_eq!(question.kind, QuestionKind::Choice);
        assert_eq!(form.question("DOC-1").unwrap().kind, QuestionKind::Text);
        assert_eq!(form.question("DOC-8").unwrap().kind, QuestionKind::Choice);
        assert_eq!(form.questions_in("SBOM").count(), 8);
        assert_eq!(
            form.section("SAHD").unwrap().title.en,
            "System and application hardening"
        );
        assert!(form.question("SHAD-15").is_none());
    }

    #[test]
    fn reports_unknown_fields_with_position() {
        let error = parse(
            "[[sections]]\ncode = \"AB\"\ntitle = { en = \"A\", ja = \"A\" }\nquestions = [ { id = \"AB-1\", en = \"q\", ja = \"q\", colour = \"red\" } ]\n",
        )
        .unwrap_err();
        assert!(error.to_string().starts_with("t.toml:7:"), "{error}");
        assert!(error.message.contains("unknown field `colour`"), "{error}");
    }

    #[test]
    fn rejects_bad_forms() {
        let section = |code: &str, questions: &str| {
            format!(
                "[[sections]]\ncode = \"{code}\"\ntitle = {{ en = \"A\", ja = \"A\" }}\nquestions = [ {questions} ]\n"
            )
        };
        let q = |id: &str| format!("{{ id = \"{id}\", en = \"q\", ja = \"q\" }},");
        let cases = [
            (
                section("AB", &format!("{}{}", q("AB-1"), q("AB-1"))),
                "t.toml:7:",
                "question AB-1 is listed twice",
            ),
            (
                section("AB", &q("XY-1")),
                "t.toml:7:",
                "question XY-1 is listed under section AB",
            ),
            (
                section("AB", &q("AB-2.1")),
                "t.toml:7:",
                "its parent AB-2 is not listed before it",
            ),
            (
                section("AB", &format!("{}{}", q("AB-2"), q("AB-1"))),
                "t.toml:7:",
                "out of form order",
            ),
            (
                section("AB", &q("AB-01")),
                "t.toml:7:",
                "is not of the form",
            ),
            (
                section("ab", &q("ab-1")),
                "t.toml:5:",
                "is not 2 to 8 upper-case letters",
            ),
            (
                format!("{}{}", section("AB", &q("AB-1")), section("AB", &q("AB-2"))),
                "t.toml:9:",
                "section AB is listed twice",
            ),
            (
                section("AB", "{ id = \"AB-1\", en = \" \", ja = \"q\" }"),
                "t.toml:7:",
                "the en text is empty",
            ),
            (
                section(
                    "AB",
                    "{ id = \"AB-1\", kind = \"scale\", en = \"q\", ja = \"q\" }",
                ),
                "t.toml:7:",
                "unknown variant `scale`",
            ),
            (
                section("AB", ""),
                "t.toml:5:",
                "section AB has no questions",
            ),
        ];
        for (body, place, message) in cases {
            let error = parse(&body).unwrap_err().to_string();
            assert!(
                error.starts_with(place) && error.contains(message),
                "{error}\n--- for ---\n{body}"
            );
        }
    }

    #[test]
    fn reports_syntax_errors_with_line() {
        let error = Mds2Form::parse("f.toml", "id = \"x\"\nstandard = \n").unwrap_err();
        assert!(error.to_string().starts_with("f.toml:2:"), "{error}");
    }
}
