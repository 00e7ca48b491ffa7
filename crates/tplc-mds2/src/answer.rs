//! Answers to MDS2 questions: Yes / No / N/A / See Note, free text, or none yet.

use serde::{Deserialize, Serialize};

/// The cell values of the choice answers, in the order the drop-down list offers them.
pub const CHOICES: [&str; 4] = ["Yes", "No", "N/A", "See Note"];

/// The answer to one question.
///
/// In JSON (the store keeps documents as JSON): `"yes"`, `"no"`, `"not_applicable"`,
/// `"see_note"`, `"unanswered"` or `{"text": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// "Yes".
    Yes,
    /// "No".
    No,
    /// "N/A": the question does not apply to the device.
    NotApplicable,
    /// "See Note": the answer needs the qualification given in the note.
    SeeNote,
    /// Free text, for questions of kind text (DOC-1 … DOC-7). Never empty or white space only.
    Text(String),
    /// Not answered yet (an empty answer cell).
    #[default]
    Unanswered,
}

impl Answer {
    /// The choice answer a cell value stands for: `Yes`, `No`, `N/A`, `See Note`, ignoring
    /// case and surrounding white space, and also `NA`, `Not applicable` and `See Notes`
    /// (the variants filled-in forms use). `None` for anything else, including empty text.
    #[must_use]
    pub fn from_choice(value: &str) -> Option<Self> {
        match value.trim().to_lowercase().as_str() {
            "yes" => Some(Self::Yes),
            "no" => Some(Self::No),
            "n/a" | "na" | "not applicable" => Some(Self::NotApplicable),
            "see note" | "see notes" => Some(Self::SeeNote),
            _ => None,
        }
    }

    /// What the answer cell holds: `Yes`, `No`, `N/A`, `See Note`, the text, or `None` when
    /// unanswered.
    #[must_use]
    pub fn cell_value(&self) -> Option<&str> {
        match self {
            Self::Yes => Some(CHOICES[0]),
            Self::No => Some(CHOICES[1]),
            Self::NotApplicable => Some(CHOICES[2]),
            Self::SeeNote => Some(CHOICES[3]),
            Self::Text(text) => Some(text),
            Self::Unanswered => None,
        }
    }

    /// Whether this is one of the four choice answers.
    #[must_use]
    pub fn is_choice(&self) -> bool {
        matches!(
            self,
            Self::Yes | Self::No | Self::NotApplicable | Self::SeeNote
        )
    }
}

/// An answer with its note (the form's notes column).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnswerEntry {
    /// The answer.
    #[serde(default)]
    pub answer: Answer,
    /// The note; empty when there is none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl AnswerEntry {
    /// An entry with this answer and note.
    #[must_use]
    pub fn new(answer: Answer, note: impl Into<String>) -> Self {
        Self {
            answer,
            note: note.into(),
        }
    }

    /// Whether the entry says nothing: unanswered and without note.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.answer == Answer::Unanswered && self.note.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_choice_values_and_their_variants() {
        assert_eq!(Answer::from_choice("Yes"), Some(Answer::Yes));
        assert_eq!(Answer::from_choice(" no "), Some(Answer::No));
        assert_eq!(Answer::from_choice("N/A"), Some(Answer::NotApplicable));
        assert_eq!(Answer::from_choice("NA"), Some(Answer::NotApplicable));
        assert_eq!(Answer::from_choice("See Notes"), Some(Answer::SeeNote));
        assert_eq!(Answer::from_choice("Yes, optional"), None);
        assert_eq!(Answer::from_choice(""), None);
    }

    #[test]
    fn cell_values_read_back_as_the_same_answer() {
        for answer in [
            Answer::Yes,
            Answer::No,
            Answer::NotApplicable,
            Answer::SeeNote,
        ] {
            let cell = answer.cell_value().unwrap();
            assert_eq!(Answer::from_choice(cell), Some(answer));
        }
        assert_eq!(Answer::Unanswered.cell_value(), None);
        assert_eq!(Answer::Text("x".into()).cell_value(), Some("x"));
    }

    #[test]
    fn json_form_is_stable() {
        let entry = AnswerEntry::new(Answer::NotApplicable, "");
        assert_eq!(
            serde_json::to_string(&entry).unwrap(),
            r#"{"answer":"not_applicable"}"#
        );
        let text = AnswerEntry::new(Answer::Text("ACME".into()), "n");
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            r#"{"answer":{"text":"ACME"},"note":"n"}"#
        );
        let back: AnswerEntry =
            serde_json::from_str(r#"{"answer":"see_note","note":"x"}"#).unwrap();
        assert_eq!(back, AnswerEntry::new(Answer::SeeNote, "x"));
    }
}
